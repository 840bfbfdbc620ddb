// The one door to the desk's JSON API: every call carries the token of the
// desk's page, and none throws.

import { isObj, query } from './dom.js';
import { t } from './messages.js';

const TOKEN = (document.querySelector('meta[name="bp-token"]') || {}).content || '';

const API = '/__branchpress/desk/api/';

// One call to the desk's API: {status, ok, data}; never throws.
export async function api(method, name, opts = {}) {
  const url = API + name + (opts.query ? '?' + query(opts.query) : '');
  const headers = { 'X-Branchpress-Token': TOKEN };
  let body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers['Content-Type'] = 'application/octet-stream';
    body = opts.raw;
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body, cache: 'no-store', credentials: 'same-origin' });
  } catch {
    return { status: 0, ok: false, data: { error: t('network') } };
  }
  let data;
  try { data = await res.json(); } catch { data = {}; }
  if (!isObj(data)) data = {};
  if (!res.ok && typeof data.error !== 'string') data.error = t('httpError', res.status);
  return { status: res.status, ok: res.ok, data };
}

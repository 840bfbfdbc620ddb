// The one door to the desk's JSON API: every call carries the token of the
// desk's page, and none throws.

import { isObj, query } from './dom.js';
import { t } from './messages.js';
import { AUTHOR_KEY, readJSON } from './store.js';

const TOKEN = (document.querySelector('meta[name="bp-token"]') || {}).content || '';

const API = '/__branchpress/desk/api/';

// One call to the desk's API: {status, ok, data}; never throws.
export async function api(method, name, opts = {}) {
  // Every write names who makes it, for serve's log: the name the writer
  // gave when publishing (nothing vouches for it).
  const by = method === 'POST' ? writerName() : '';
  const params = by ? { ...(opts.query || {}), by } : opts.query;
  const url = API + name + (params ? '?' + query(params) : '');
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

// The name this browser remembers for publishing, or ''.
function writerName() {
  const a = readJSON(AUTHOR_KEY);
  return a && typeof a.name === 'string' ? a.name.trim().slice(0, 100) : '';
}

// A GET of the desk's API that answers with bytes (a photo's thumbnail):
// the Blob, or null.
export async function apiBlob(name, params) {
  try {
    const res = await fetch(API + name + '?' + query(params), { headers: { 'X-Branchpress-Token': TOKEN }, cache: 'no-store', credentials: 'same-origin' });
    return res.ok ? await res.blob() : null;
  } catch {
    return null;
  }
}

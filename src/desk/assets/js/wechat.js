// 复制到公众号: the story in the form, as it is now, made into the fragment
// the official account's editor takes; shown in a panel as the editor will
// show it (a frame holding only the fragment), then put on the clipboard
// as text/html with a plain-text version.

import { api } from './api.js';
import { dialogs, openDialog } from './dialog.js';
import { el } from './dom.js';
import { buildFront } from './front.js';
import { t } from './messages.js';
import { S } from './state.js';

// What the last answer made, for 复制.
let made = null;

export function buildWechatDialog() {
  const d = el('dialog', { id: 'bp-wechat-panel', class: 'bp-dialog bp-dialog-wide', 'aria-labelledby': 'bp-wechat-h' },
    el('h2', { id: 'bp-wechat-h', text: t('wechatTitle') }),
    el('p', { id: 'bp-wechat-note', class: 'bp-desc', text: t('wechatNote') }),
    el('ul', { id: 'bp-wechat-warnings', class: 'bp-wechat-warnings', hidden: true }),
    el('iframe', { id: 'bp-wechat-preview', class: 'bp-wechat-preview', sandbox: 'allow-same-origin', title: t('wechatPreview') }),
    el('p', { id: 'bp-wechat-status', class: 'bp-wechat-status', role: 'status' }),
    el('div', { class: 'bp-dialog-actions' },
      el('button', { type: 'button', id: 'bp-wechat-copy', class: 'bp-btn bp-btn-primary', onclick: copy }, t('wechatCopy')),
      el('button', { type: 'button', id: 'bp-wechat-close', class: 'bp-btn', onclick: () => dialogs.wechat.close() }, t('close'))));
  d.addEventListener('close', () => { made = null; });
  return d;
}

// The button beside the preview.
export function wechatButton() {
  return el('button', { type: 'button', id: 'bp-wechat', class: 'bp-btn', onclick: openWechat }, t('wechatButton'));
}

function part(id) {
  return document.getElementById(id);
}

function say(text, bad) {
  const s = part('bp-wechat-status');
  s.textContent = text;
  s.classList.toggle('bp-wechat-bad', !!bad);
}

function show(ok, data) {
  made = ok ? data : null;
  part('bp-wechat-copy').hidden = !ok;
  part('bp-wechat-preview').hidden = !ok;
  part('bp-wechat-note').hidden = !ok;
  const list = part('bp-wechat-warnings');
  const warnings = ok && Array.isArray(data.warnings) ? data.warnings : [];
  list.replaceChildren(...warnings.map((w) => el('li', {}, String(w.message || '') + (w.hint ? t('wechatHint', String(w.hint)) : ''))));
  list.hidden = warnings.length === 0;
  if (ok) {
    part('bp-wechat-preview').srcdoc = '<!doctype html><meta charset="utf-8"><body>' + data.html + '</body>';
    say('');
  } else {
    say(String(data.error || t('wechatFailed')) + (data.hint ? '\n' + String(data.hint) : ''), true);
  }
}

export async function openWechat(ev) {
  const E = S.ed;
  if (!E) return;
  const d = dialogs.wechat;
  show(false, { error: t('wechatLoading') });
  part('bp-wechat-status').classList.remove('bp-wechat-bad');
  openDialog(d, part('bp-wechat-close'), ev && ev.currentTarget);
  const r = await api('POST', 'wechat', {
    json: { path: E.path, branch: E.branch, kind: E.kind, front: buildFront(), body: E.els.body.value },
  });
  if (!d.open) return;
  show(r.ok, r.data);
  if (r.ok) part('bp-wechat-copy').focus();
}

async function copy() {
  if (!made) return;
  try {
    await navigator.clipboard.write([new ClipboardItem({
      'text/html': new Blob([made.html], { type: 'text/html' }),
      'text/plain': new Blob([made.text], { type: 'text/plain' }),
    })]);
    say(t('wechatCopied'));
  } catch {
    // Selected, the fragment copies with Ctrl+C (⌘C).
    try {
      const frame = part('bp-wechat-preview');
      const doc = frame.contentDocument;
      const range = doc.createRange();
      range.selectNodeContents(doc.body);
      const sel = doc.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      frame.focus();
    } catch { /* nothing to select */ }
    say(t('wechatBlocked'), true);
  }
}

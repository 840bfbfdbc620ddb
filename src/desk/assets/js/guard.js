// Leaving a story with unsaved changes (its 返回, the header's link, the
// browser's back button) asks first: keep editing, keep the changes in this
// browser for later (the list marks the story), or discard them.

import { dialogs, openDialog } from './dialog.js';
import { el } from './dom.js';
import { isDirty, localKey } from './front.js';
import { t } from './messages.js';
import { S } from './state.js';
import { removeKey } from './store.js';

const hashOf = (url) => { const i = String(url || '').indexOf('#'); return i < 0 ? '' : url.slice(i); };

// Where the writer asked to go while the dialog is open.
let pending = null;

export function buildLeaveDialog() {
  const go = (discard) => {
    const target = pending;
    dialogs.leave.close();
    if (target == null) return;
    if (discard && S.ed) removeKey(localKey());
    S.leaving = true;
    location.hash = target || '#/';
  };
  return el('dialog', { id: 'bp-leave', class: 'bp-dialog', 'aria-labelledby': 'bp-leave-h', 'aria-describedby': 'bp-leave-text' },
    el('h2', { id: 'bp-leave-h', text: t('leaveTitle') }),
    el('p', { id: 'bp-leave-text', text: t('leaveText') }),
    el('div', { class: 'bp-dialog-actions' },
      el('button', { type: 'button', id: 'bp-leave-stay', class: 'bp-btn bp-btn-primary', onclick: () => dialogs.leave.close() }, t('leaveStay')),
      el('button', { type: 'button', id: 'bp-leave-keep', class: 'bp-btn', onclick: () => go(false) }, t('leaveKeep')),
      el('button', { type: 'button', id: 'bp-leave-discard', class: 'bp-btn', onclick: () => go(true) }, t('leaveDiscard'))));
}

// Called on every hash change: true when it held the writer on the story
// (the address is put back and the dialog asks). A redraw of the same
// route (no old address) or a route the desk itself chose passes.
export function holdLeave(ev) {
  if (S.leaving) { S.leaving = false; return false; }
  if (!S.ed || !ev || !ev.oldURL || !isDirty()) return false;
  const from = hashOf(ev.oldURL);
  const to = hashOf(ev.newURL);
  if (from === to) return false;
  // Pushed, not replaced: the browser's back button must find the list
  // again next time (a replaced entry would repeat the story's address).
  history.pushState(null, '', from || '#/');
  pending = to || '#/';
  openDialog(dialogs.leave, dialogs.leave.querySelector('#bp-leave-stay'), document.getElementById('bp-back'));
  return true;
}

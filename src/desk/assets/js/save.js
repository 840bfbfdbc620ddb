// Saving the story form, never over a file changed meanwhile: a conflict
// shows both versions for the writer to choose.

import { api } from './api.js';
import { checkBeforeSave } from './check.js';
import { findTarget, focusFirstInvalid, showDiagnostics } from './diagnostic.js';
import { dialogs, openDialog } from './dialog.js';
import { el, isObj } from './dom.js';
import { buildFront, fillForm, localKey, snapshot, storeLocal } from './front.js';
import { t } from './messages.js';
import { runPreview } from './preview.js';
import { S, setStatus } from './state.js';
import { LOCAL_PREFIX, removeKey } from './store.js';

export async function save(version) {
  const E = S.ed;
  if (!E || E.saving) return;
  E.saveAttempted = true;
  E.saving = true;
  const go = await checkBeforeSave(version === undefined);
  E.saving = false;
  if (!go || S.ed !== E) return;
  E.saving = true;
  E.els.save.setAttribute('aria-disabled', 'true');
  setStatus(t('saving'), 'busy');
  const front = buildFront();
  const body = E.els.body.value;
  const r = await api('POST', 'save', {
    json: { path: E.path, branch: E.branch, kind: E.kind, front, body, version: version !== undefined ? version : E.version },
  });
  E.saving = false;
  E.els.save.removeAttribute('aria-disabled');
  if (S.ed !== E) {
    if (r.ok && r.data.ok) removeKey(LOCAL_PREFIX + (E.isNew ? 'new' : E.path));
    return;
  }
  if (r.ok && r.data.ok) onSaved(r.data, front, body);
  else if (r.status === 409 && isObj(r.data.conflict)) showConflict(r.data.conflict, front, body);
  else if (Array.isArray(r.data.diagnostics)) {
    showDiagnostics(r.data.diagnostics, true);
    focusFirstInvalid();
    setStatus(t('notSavedFix'), 'error');
  } else {
    if (r.data.field && findTarget(r.data.field)) {
      E.localErrors.set(r.data.field, r.data.error);
      showDiagnostics(E.lastDiagnostics, true);
      focusFirstInvalid();
    }
    setStatus(t('notSaved', r.data.error), 'error');
  }
}

export function onSaved(data, front, body) {
  const E = S.ed;
  const wasNew = E.isNew;
  removeKey(localKey());
  if (E.path) removeKey(LOCAL_PREFIX + E.path);
  E.path = data.path || E.path;
  removeKey(LOCAL_PREFIX + E.path);
  E.version = data.version || null;
  E.isNew = false;
  E.url = data.url || null;
  E.baseFront = front;
  S.stories = null;
  if (wasNew) {
    history.replaceState(null, '', '#/edit?path=' + encodeURIComponent(E.path));
    E.els.branch.disabled = true;
    E.els.kind.disabled = true;
    document.getElementById('bp-editor-h').textContent = t('editStoryHeading');
  }
  // What was sent is what is on disk; edits made while saving stay unsaved.
  E.savedSnapshot = JSON.stringify([front, body, E.branch, E.kind]);
  storeLocal();
  updateViewLink();
  document.getElementById('bp-restore').hidden = true;
  const warnings = Array.isArray(data.diagnostics) ? data.diagnostics : [];
  showDiagnostics(warnings, true);
  setStatus(warnings.length ? t('savedWarnings', warnings.length) : t('saved'), 'ok', 'saved');
}

export function updateViewLink() {
  const E = S.ed;
  const ok = typeof E.url === 'string' && E.url.startsWith('/') && !E.url.startsWith('//');
  E.els.viewLink.replaceChildren(ok
    ? el('a', { href: E.url, id: 'bp-view-site', class: 'bp-btn bp-btn-link', target: '_blank', rel: 'noopener' }, t('viewOnSite'))
    : '');
}

export function buildConflictDialog() {
  const area = (id) => el('textarea', { id, readonly: true, rows: 14, class: 'bp-conflict-text' });
  const d = el('dialog', { id: 'bp-conflict', class: 'bp-dialog bp-dialog-wide', 'aria-labelledby': 'bp-conflict-h' },
    el('h2', { id: 'bp-conflict-h', text: t('conflictTitle') }),
    el('p', { text: t('conflictText') }),
    el('div', { class: 'bp-conflict-cols' },
      el('div', { class: 'bp-field' },
        el('label', { for: 'bp-conflict-mine-text', class: 'bp-label', text: t('conflictMine') }),
        area('bp-conflict-mine-text')),
      el('div', { class: 'bp-field' },
        el('label', { for: 'bp-conflict-disk-text', class: 'bp-label', text: t('conflictDisk') }),
        area('bp-conflict-disk-text'))),
    el('div', { class: 'bp-dialog-actions' },
      el('button', { type: 'button', id: 'bp-conflict-keep', class: 'bp-btn bp-btn-primary', onclick: () => resolveConflict('mine') }, t('keepMine')),
      el('button', { type: 'button', id: 'bp-conflict-use-disk', class: 'bp-btn', onclick: () => resolveConflict('disk') }, t('useDisk'))));
  return d;
}

export function conflictText(front, body) {
  if (!isObj(front)) return t('conflictGone');
  return t('conflictSummary', String(front.title ?? ''), String(front.date ?? ''), String(body ?? ''));
}

export function showConflict(conflict, front, body) {
  const d = dialogs.conflict;
  for (const [id, text] of [['#bp-conflict-mine-text', conflictText(front, body)], ['#bp-conflict-disk-text', conflictText(conflict.front, conflict.body)]]) {
    const area = d.querySelector(id);
    area.textContent = text; // also its text, for whoever reads the dialog's text
    area.value = text;
  }
  d.querySelector('#bp-conflict-use-disk').disabled = !isObj(conflict.front);
  dialogs.conflictData = conflict;
  setStatus(t('conflictStatus'), 'error');
  openDialog(d, d.querySelector('#bp-conflict-keep'), S.ed.els.save);
}

export function resolveConflict(choice) {
  const conflict = dialogs.conflictData;
  dialogs.conflict.close();
  const E = S.ed;
  if (!E || !conflict) return;
  if (choice === 'mine') { save(conflict.version ?? null); return; }
  E.baseFront = isObj(conflict.front) ? conflict.front : {};
  E.version = conflict.version ?? null;
  fillForm(E.baseFront, String(conflict.body ?? ''));
  E.savedSnapshot = snapshot();
  removeKey(localKey());
  setStatus(t('loadedDisk'), 'ok');
  runPreview();
}

// Saving the story form, never over a file changed meanwhile: the server
// merges the writer's changes onto it three ways and says what merged; where
// both changed the same field, the conflict dialog lets the writer pick.

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

// Saves the form. `resolve` ({ version, choices }) carries the writer's
// choices in a conflict, made on that version of the file on disk.
export async function save(resolve) {
  const E = S.ed;
  if (!E || E.saving) return;
  E.saveAttempted = true;
  E.saving = true;
  const go = await checkBeforeSave(resolve === undefined);
  E.saving = false;
  if (!go || S.ed !== E) return;
  E.saving = true;
  E.els.save.setAttribute('aria-disabled', 'true');
  setStatus(t('saving'), 'busy');
  const front = buildFront();
  const body = E.els.body.value;
  const sent = snapshot();
  // The file as opened goes with the save: if the file changed on disk
  // meanwhile, the server merges the writer's changes onto the new one.
  const r = await api('POST', 'save', {
    json: { path: E.path, branch: E.branch, kind: E.kind, front, body, version: E.version, base: E.baseText ?? null, resolve: resolve || undefined },
  });
  E.saving = false;
  E.els.save.removeAttribute('aria-disabled');
  if (S.ed !== E) {
    if (r.ok && r.data.ok) removeKey(LOCAL_PREFIX + (E.isNew ? 'new' : E.path));
    return;
  }
  if (r.ok && r.data.ok) onSaved(r.data, front, body, sent);
  else if (r.status === 409 && isObj(r.data.conflict)) showConflict(r.data.conflict);
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

export function onSaved(data, front, body, sent) {
  const E = S.ed;
  const merged = Array.isArray(data.merged) ? data.merged : null;
  // Merged with a change on disk: the form is filled again from the file
  // as written, unless the writer typed meanwhile (then the next save
  // merges again, from the version this form was opened on).
  if (merged && isObj(data.front) && snapshot() !== sent) {
    showMerged(merged);
    setStatus(t('mergeTypedMeanwhile'), 'warning');
    return;
  }
  const wasNew = E.isNew;
  removeKey(localKey());
  if (E.path) removeKey(LOCAL_PREFIX + E.path);
  E.path = data.path || E.path;
  removeKey(LOCAL_PREFIX + E.path);
  E.version = data.version || null;
  if (typeof data.text === 'string') E.baseText = data.text;
  E.isNew = false;
  E.url = data.url || null;
  E.baseFront = front;
  if (merged && isObj(data.front)) {
    E.baseFront = data.front;
    fillForm(data.front, String(data.body ?? ''));
    [front, body] = [buildFront(), E.els.body.value];
    runPreview();
  }
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
  showMerged(merged || []);
  const said = merged && merged.length ? t('savedMerged') : '';
  setStatus(said + (warnings.length ? t('savedWarnings', warnings.length) : t('saved')), 'ok', 'saved');
}

// What merged by itself, in plain words, in a notice above the form.
export function showMerged(merged) {
  let box = document.getElementById('bp-merged');
  if (!merged.length) { if (box) box.remove(); return; }
  if (!box) {
    box = el('div', { id: 'bp-merged', class: 'bp-notice bp-merged', role: 'status' });
    document.getElementById('bp-restore').after(box);
  }
  const names = (by) => [...new Set(merged.filter((m) => m.by === by).map((m) => '“' + m.label + '”'))].join(t('listSep'));
  const parts = [['theirs', 'mergedTheirs'], ['mine', 'mergedMine'], ['both', 'mergedBoth']]
    .filter(([by]) => names(by)).map(([by, key]) => t(key, names(by)));
  box.replaceChildren(el('strong', { text: t('mergedTitle') }), ' ', t('mergedText', parts.join(t('mergedSep'))));
}

export function updateViewLink() {
  const E = S.ed;
  const ok = typeof E.url === 'string' && E.url.startsWith('/') && !E.url.startsWith('//');
  E.els.viewLink.replaceChildren(ok
    ? el('a', { href: E.url, id: 'bp-view-site', class: 'bp-btn bp-btn-link', target: '_blank', rel: 'noopener' }, t('viewOnSite'))
    : '');
}

// The conflict dialog: each field both sides changed differently, by its
// label, the colleague's value beside the writer's; the writer picks one
// of each (for a passage of the body, also both), then saves.
export function buildConflictDialog() {
  const d = el('dialog', { id: 'bp-conflict', class: 'bp-dialog bp-dialog-wide', 'aria-labelledby': 'bp-conflict-h', 'aria-describedby': 'bp-conflict-text' },
    el('h2', { id: 'bp-conflict-h', text: t('conflictTitle') }),
    el('p', { id: 'bp-conflict-text' }),
    el('p', { id: 'bp-conflict-merged', class: 'bp-desc', hidden: true }),
    el('div', { id: 'bp-conflict-fields' }),
    el('p', { id: 'bp-conflict-error', class: 'bp-field-error', role: 'alert', hidden: true }),
    el('div', { class: 'bp-dialog-actions' },
      el('button', { type: 'button', id: 'bp-conflict-save', class: 'bp-btn bp-btn-primary', onclick: () => resolveConflict('choices') }, t('conflictSave')),
      el('button', { type: 'button', id: 'bp-conflict-use-disk', class: 'bp-btn', onclick: () => resolveConflict('disk') }, t('useDisk')),
      el('button', { type: 'button', id: 'bp-conflict-cancel', class: 'bp-btn', onclick: () => resolveConflict('cancel') }, t('conflictLater'))));
  return d;
}

// A value of the front matter as the writer reads it.
export function conflictValue(v) {
  if (v === null || v === undefined || v === '') return t('conflictEmpty');
  if (Array.isArray(v)) return v.length ? v.map(conflictValue).join(t('listSep')) : t('conflictEmpty');
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (isObj(v)) return Object.entries(v).map(([k, x]) => k + t('colon') + conflictValue(x)).join(t('listSep'));
  return String(v);
}

function choiceRow(c, i) {
  const name = 'bp-conflict-' + i;
  const passage = String(c.field).startsWith('body.');
  const option = (value, title, text) => el('label', { class: 'bp-conflict-choice bp-conflict-' + value },
    el('span', { class: 'bp-conflict-pick' }, el('input', { type: 'radio', name, value }), ' ', el('strong', { text: title })),
    text !== undefined ? el('span', { class: 'bp-conflict-value', text }) : null);
  return el('fieldset', { class: 'bp-conflict-field', 'data-field': c.field },
    el('legend', { class: 'bp-label', text: passage ? t('conflictPassage', c.label, Number(c.field.slice(5)) + 1) : c.label }),
    el('div', { class: 'bp-conflict-pair' },
      option('theirs', t('conflictTheirs'), conflictValue(c.theirs)),
      option('mine', t('conflictMine'), conflictValue(c.mine)),
      passage ? option('both', t('conflictBoth')) : null));
}

export function showConflict(conflict) {
  const d = dialogs.conflict;
  const gone = !!conflict.gone || !isObj(conflict.front);
  const fields = Array.isArray(conflict.fields) ? conflict.fields : [];
  d.querySelector('#bp-conflict-text').textContent = gone ? t('conflictGoneText')
    : t('conflictText') + (fields.length ? t('conflictPick') : t('conflictNoBase'));
  const merged = Array.isArray(conflict.merged) ? conflict.merged : [];
  const mergedP = d.querySelector('#bp-conflict-merged');
  mergedP.textContent = merged.length ? t('conflictWillMerge', [...new Set(merged.map((m) => '“' + m.label + '”'))].join(t('listSep'))) : '';
  mergedP.hidden = !merged.length;
  d.querySelector('#bp-conflict-fields').replaceChildren(...fields.map(choiceRow));
  d.querySelector('#bp-conflict-error').hidden = true;
  d.querySelector('#bp-conflict-use-disk').hidden = gone;
  d.querySelector('#bp-conflict-save').textContent = gone ? t('conflictSaveAgain') : t('conflictSave');
  dialogs.conflictData = conflict;
  setStatus(t('conflictStatus'), 'error');
  openDialog(d, d.querySelector('#bp-conflict-fields input') || d.querySelector('#bp-conflict-save'), S.ed.els.save);
}

export function resolveConflict(choice) {
  const d = dialogs.conflict;
  const conflict = dialogs.conflictData;
  const E = S.ed;
  if (!E || !conflict) { d.close(); return; }
  if (choice === 'cancel') { d.close(); setStatus(t('conflictStatus'), 'error'); return; }
  if (choice === 'choices') {
    const choices = {};
    let missing = null;
    for (const row of d.querySelectorAll('.bp-conflict-field')) {
      const picked = row.querySelector('input:checked');
      if (picked) choices[row.dataset.field] = picked.value;
      else missing = missing || row.querySelector('input');
    }
    if (missing) {
      const err = d.querySelector('#bp-conflict-error');
      err.textContent = t('conflictChooseEach');
      err.hidden = false;
      missing.focus();
      return;
    }
    d.close();
    save({ version: conflict.version ?? null, choices });
    return;
  }
  d.close();
  E.baseFront = isObj(conflict.front) ? conflict.front : {};
  E.version = conflict.version ?? null;
  E.baseText = typeof conflict.text === 'string' ? conflict.text : null;
  fillForm(E.baseFront, String(conflict.body ?? ''));
  E.savedSnapshot = snapshot();
  removeKey(localKey());
  setStatus(t('loadedDisk'), 'ok');
  runPreview();
}

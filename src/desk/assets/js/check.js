// The story form checked before it is sent, in the writer's words: every
// required field left empty, every number that is not one (or not whole
// where site.yaml says so) shown at once at its field; and a figure whose
// box was emptied is removed only when the writer says so.

import { focusFirstInvalid, showDiagnostics } from './diagnostic.js';
import { openDialog } from './dialog.js';
import { el, hasOwn, isObj } from './dom.js';
import { t } from './messages.js';
import { kindOf, S, setStatus } from './state.js';

// The problems this module finds, by the field they are at; each check
// clears its own before looking again.
function requiredProblems(E) {
  const found = [];
  if (E.b.title.isEmpty()) found.push([E.b.title.errKey, t('fillIn', t('title'))]);
  if (E.b.date.isEmpty()) found.push([E.b.date.errKey, t('fillIn', t('date'))]);
  if (!E.branch) found.push(['branch', t('chooseBranch')]);
  if (!E.kind) found.push(['kind', t('chooseKind')]);
  const fields = (kindOf(E.kind) || {}).fields || [];
  for (const b of E.kindBindings) {
    const f = fields.find((x) => x.key === b.key);
    if (f && f.required && b.isEmpty() && !(b.badInput && b.badInput())) found.push([b.errKey, t('fillIn', f.label || f.key)]);
  }
  return found;
}

function numberProblems(E) {
  const found = [];
  const labelOf = (b) => {
    const m = S.schema.metrics.find((x) => 'metrics.' + x.key === b.errKey);
    const f = ((kindOf(E.kind) || {}).fields || []).find((x) => x.key === b.errKey);
    return (m && m.label) || (f && f.label) || b.key;
  };
  for (const b of E.kindBindings.concat(E.metricBindings)) {
    if (!b.badInput) continue;
    if (b.badInput()) { found.push([b.errKey, t('numberBad', labelOf(b))]); continue; }
    const v = b.read({});
    if (v === undefined) continue;
    if (!E.metricBindings.includes(b)) {
      const f = ((kindOf(E.kind) || {}).fields || []).find((x) => x.key === b.key);
      if (f && f.type === 'integer' && !Number.isInteger(v)) found.push([b.errKey, t('fieldWhole', labelOf(b))]);
      continue;
    }
    const whole = !!(S.schema.metrics.find((m) => m.key === b.key) || {}).integer;
    if (v < 0 || (whole && !Number.isInteger(v))) found.push([b.errKey, t(whole ? 'metricWhole' : 'metricNumber', labelOf(b))]);
  }
  return found;
}

// The metric boxes the writer emptied that held a figure in the file.
function emptiedMetrics(E) {
  const base = isObj(E.baseFront.metrics) ? E.baseFront.metrics : {};
  return E.metricBindings.filter((b) => b.touched && hasOwn(base, b.key) && base[b.key] != null && base[b.key] !== ''
    && b.read({}) === undefined);
}

function removeDialog() {
  let d = document.getElementById('bp-remove-metric');
  if (d) return d;
  d = el('dialog', { id: 'bp-remove-metric', class: 'bp-dialog', 'aria-labelledby': 'bp-remove-metric-h', 'aria-describedby': 'bp-remove-metric-text' },
    el('h2', { id: 'bp-remove-metric-h' }),
    el('p', { id: 'bp-remove-metric-text' }),
    el('div', { class: 'bp-dialog-actions' },
      el('button', { type: 'button', id: 'bp-remove-metric-keep', class: 'bp-btn bp-btn-primary', onclick: () => d.close('keep') }, t('metricKeep')),
      el('button', { type: 'button', id: 'bp-remove-metric-yes', class: 'bp-btn', onclick: () => d.close('remove') }, t('metricRemove'))));
  (document.getElementById('bp-main') || document.body).append(d);
  return d;
}

// Asks whether to remove the emptied figures; true when the writer says yes.
function askRemove(E, emptied) {
  const base = E.baseFront.metrics;
  const label = (b) => (S.schema.metrics.find((m) => m.key === b.key) || {}).label || b.key;
  const labels = emptied.map((b) => t('quoted', label(b))).join(t('listSep'));
  const was = emptied.map((b) => {
    const m = S.schema.metrics.find((x) => x.key === b.key) || {};
    return t('metricWas', label(b), String(base[b.key]), m.unit || '');
  }).join(t('listSep'));
  const d = removeDialog();
  d.querySelector('h2').textContent = t(emptied.length > 1 ? 'metricRemoveManyQ' : 'metricRemoveQ', labels);
  d.querySelector('p').textContent = t('metricRemoveText', was);
  return new Promise((resolve) => {
    d.addEventListener('close', () => resolve(d.returnValue === 'remove'), { once: true });
    openDialog(d, d.querySelector('#bp-remove-metric-keep'), null);
  });
}

// Whether the form may be sent: false when a problem is shown (the first
// focused and in view) or the writer kept an emptied figure. `ask` is
// false when the writer already answered for this save (a conflict's
// "keep mine").
export async function checkBeforeSave(ask = true) {
  const E = S.ed;
  for (const key of E.checkedKeys || []) E.localErrors.delete(key);
  const found = requiredProblems(E).concat(numberProblems(E));
  E.checkedKeys = found.map(([key]) => key);
  for (const [key, message] of found) if (!E.localErrors.has(key)) E.localErrors.set(key, message);
  if (found.length) {
    showDiagnostics(E.lastDiagnostics, true);
    focusFirstInvalid();
    setStatus(t('notSavedFixAll', found.length), 'error');
    return false;
  }
  const emptied = ask ? emptiedMetrics(E) : [];
  if (!emptied.length) return true;
  const remove = await askRemove(E, emptied);
  if (S.ed !== E) return false;
  if (remove) return true;
  const box = emptied[0].controls[0];
  box.scrollIntoView({ block: 'center' });
  box.focus();
  setStatus(t('metricKept'), 'error');
  return false;
}

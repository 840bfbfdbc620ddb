// Problems of a story shown where they are: at their field, at their line of
// the body, or in the list above the form.

import { el, isObj } from './dom.js';
import { setBaseDescribedBy } from './field.js';
import { t } from './messages.js';
import { S } from './state.js';

export function diagLine(d, prefix) {
  const sev = d.severity === 'warning' ? 'warning' : 'error';
  return el('span', { class: 'bp-diag bp-diag-' + sev },
    el('span', { class: 'bp-diag-sev', text: t(sev) + t('colon') }),
    el('span', { class: 'bp-diag-msg', text: (prefix || '') + String(d.message || '') }),
    d.hint ? el('span', { class: 'bp-diag-hint', text: String(d.hint) }) : null);
}

export function findTarget(field) {
  const targets = S.ed.targets;
  if (targets.has(field)) return targets.get(field);
  const head = String(field).split(/[.[]/)[0];
  return targets.get(head) || null;
}

export function clearFieldErrors() {
  const E = S.ed;
  for (const target of E.targets.values()) {
    target.errEl.hidden = true;
    target.errEl.textContent = '';
    target.controls.forEach((c) => c.removeAttribute('aria-invalid'));
    target.describe.forEach((n) => setBaseDescribedBy(n, (n.dataset.describedby || '').split(' ').filter(Boolean)));
  }
  E.els.bodyDiags.hidden = true;
  E.els.bodyDiags.textContent = '';
  E.els.general.hidden = true;
  E.els.general.querySelector('ul').textContent = '';
}

// Shows problems at their fields, at their body lines, or in the list
// above the form. Before the first save of a new story, problems of
// fields not yet filled in are left out.
export function showDiagnostics(diags, fromSave) {
  const E = S.ed;
  E.lastDiagnostics = diags;
  clearFieldErrors();
  const local = [...E.localErrors].map(([field, message]) => ({ severity: 'error', field, message }));
  const general = [];
  const lines = [];
  for (const d of local.concat(diags)) {
    if (!isObj(d)) continue;
    // The form's own word on a field replaces an older answer's.
    if (!local.includes(d) && d.field && E.localErrors.has(d.field)) continue;
    const target = d.field ? findTarget(d.field) : null;
    if (target) {
      if (!fromSave && E.isNew && !E.saveAttempted && !E.localErrors.has(d.field) && target.pristine()) continue;
      showAtTarget(target, d);
    } else if (d.body_line) lines.push(d);
    else general.push(d);
  }
  if (lines.length) {
    E.els.bodyDiags.replaceChildren(...lines.map((d) => el('li', {},
      el('button', { type: 'button', class: 'bp-diag-line', onclick: () => selectBodyLine(d.body_line) },
        diagLine(d, t('lineMsg', d.body_line))))));
    E.els.bodyDiags.hidden = false;
    const body = E.els.body;
    body.setAttribute('aria-describedby', (body.getAttribute('aria-describedby') || '') + ' bp-body-diagnostics');
    if (lines.some((d) => d.severity !== 'warning')) body.setAttribute('aria-invalid', 'true');
  }
  if (general.length) {
    E.els.general.querySelector('ul').replaceChildren(...general.map((d) => el('li', {}, diagLine(d))));
    E.els.general.hidden = false;
  }
}

export function showAtTarget(target, d) {
  target.errEl.append(diagLine(d));
  if (!target.errEl.hidden) return;
  target.errEl.hidden = false;
  if (d.severity !== 'warning') target.controls.forEach((c) => c.setAttribute('aria-invalid', 'true'));
  target.describe.forEach((n) => {
    const ids = (n.dataset.describedby || '').split(' ').filter(Boolean);
    n.setAttribute('aria-describedby', ids.concat(target.errEl.id).join(' '));
  });
}

export function focusFirstInvalid() {
  const E = S.ed;
  const candidates = [];
  for (const target of E.targets.values()) {
    if (target.errEl.hidden || !target.errEl.querySelector('.bp-diag-error')) continue;
    const c = target.controls.find((x) => !x.disabled) || target.describe[0];
    if (c) candidates.push(c);
  }
  const bodyError = E.els.bodyDiags.querySelector('.bp-diag-error');
  if (bodyError) candidates.push(bodyError.closest('button'));
  candidates.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const first = candidates[0] || (E.els.general.hidden ? null : E.els.general);
  if (!first) return;
  if (first.tabIndex < 0 && !first.hasAttribute('tabindex')) first.setAttribute('tabindex', '-1');
  // In view below the sticky header, not under it (a phone's screen is short).
  first.focus({ preventScroll: true });
  (first.closest('.bp-field, .bp-fieldset') || first).scrollIntoView({ block: 'center' });
}

export function selectBodyLine(n) {
  const ta = S.ed.els.body;
  const lines = ta.value.split('\n');
  const i = Math.max(0, Math.min(lines.length - 1, n - 1));
  let start = 0;
  for (let k = 0; k < i; k++) start += lines[k].length + 1;
  ta.focus();
  ta.setSelectionRange(start, start + lines[i].length);
  const lh = parseFloat(getComputedStyle(ta).lineHeight) || 28;
  ta.scrollTop = Math.max(0, (i - 2) * lh);
}

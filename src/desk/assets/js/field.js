// The story form's fields: a binding ties a front-matter key to its
// control(s), its label, help and error box.

import { el, errId, hasOwn, option, toList } from './dom.js';
import { t } from './messages.js';

export const BINDING_OF = new WeakMap();

export function reqMark() {
  return el('span', { class: 'bp-req', 'aria-hidden': 'true', text: ' *' });
}

export function setBaseDescribedBy(node, ids) {
  node.dataset.describedby = ids.join(' ');
  if (ids.length) node.setAttribute('aria-describedby', ids.join(' '));
  else node.removeAttribute('aria-describedby');
}

// The label, control, help and error box of one field.
export function fieldShell(o, control) {
  const described = [];
  let unitEl = null;
  let helpEl = null;
  if (o.unit) { unitEl = el('span', { class: 'bp-unit', id: o.id + '-unit', text: o.unit }); described.push(unitEl.id); }
  if (o.help) { helpEl = el('p', { class: 'bp-desc', id: o.id + '-help', text: o.help }); described.push(helpEl.id); }
  if (o.required) { control.required = true; control.setAttribute('aria-required', 'true'); }
  setBaseDescribedBy(control, described);
  const errEl = el('div', { class: 'bp-field-error', id: errId(o.errKey), hidden: true });
  const label = el('label', { for: o.id, class: 'bp-label' }, o.label, o.required && reqMark());
  const row = unitEl ? el('div', { class: 'bp-unit-row' }, control, unitEl) : control;
  const wrap = o.switch
    ? el('div', { class: 'bp-field bp-switch-field' }, el('div', { class: 'bp-switch-row' }, control, label), helpEl, errEl)
    : el('div', { class: 'bp-field' }, label, row, helpEl, errEl);
  return { wrap, errEl };
}

// A binding: how one front-matter key maps to its control(s).
export function binding(key, errKey, wrap, controls, errEl, fns, describe) {
  const b = { key, errKey, wrap, controls, errEl, describe: describe || controls, touched: false, ...fns };
  for (const c of controls) BINDING_OF.set(c, b);
  return b;
}

export function textBinding(key, id, label, o = {}) {
  const control = o.multiline
    ? el('textarea', { id, rows: o.rows || 3 })
    : el('input', { id, type: 'text', autocomplete: 'off' });
  const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help }, control);
  return binding(key, o.errKey || key, wrap, [control], errEl, {
    read: () => (control.value.trim() === '' ? undefined : control.value.trim()),
    write: (v) => { control.value = v == null ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v)); },
    isEmpty: () => control.value.trim() === '',
  });
}

export function numberBinding(key, id, label, o = {}) {
  const control = el('input', { id, type: 'number', step: o.integer ? '1' : 'any', inputmode: o.integer ? 'numeric' : 'decimal' });
  const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help, unit: o.unit }, control);
  return binding(key, o.errKey || key, wrap, [control], errEl, {
    read: () => {
      const s = control.value.trim();
      const n = Number(s);
      return s === '' || !Number.isFinite(n) ? undefined : n;
    },
    write: (v) => {
      const ok = typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
      control.value = ok ? String(v).trim() : '';
    },
    isEmpty: () => control.value.trim() === '' && !control.validity.badInput,
    badInput: () => control.validity.badInput,
  });
}

export function dateBinding(key, id, label, o = {}) {
  const control = el('input', { id, type: 'date' });
  const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help }, control);
  return binding(key, o.errKey || key, wrap, [control], errEl, {
    read: () => control.value || undefined,
    write: (v) => { control.value = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : ''; },
    isEmpty: () => !control.value,
  });
}

export function selectBinding(key, id, label, values, o = {}) {
  const control = el('select', { id },
    option('', o.required ? t('choose') : t('none')),
    values.map((v) => option(String(v), String(v))));
  const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help }, control);
  return binding(key, o.errKey || key, wrap, [control], errEl, {
    read: () => {
      if (control.value === '') return undefined;
      return o.numeric && Number.isFinite(Number(control.value)) ? Number(control.value) : control.value;
    },
    write: (v) => {
      const s = v == null ? '' : String(v);
      if (s && ![...control.options].some((opt) => opt.value === s)) control.append(option(s, s));
      control.value = s;
    },
    isEmpty: () => control.value === '',
  });
}

export function switchBinding(key, id, label, o = {}) {
  const control = el('input', { id, type: 'checkbox', role: 'switch' });
  const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, help: o.help, switch: true }, control);
  return binding(key, o.errKey || key, wrap, [control], errEl, {
    // Unchecked: false if the key was written (or is required), else absent.
    read: (base) => (control.checked ? true : (hasOwn(base, key) || o.required ? false : undefined)),
    write: (v) => { control.checked = v === true || v === 'true'; },
    isEmpty: () => !control.checked,
  });
}

// A text input of items separated by 、 , or ，; with `suggest`, a
// datalist that completes the item being typed.
export function listBinding(key, id, label, o = {}) {
  const control = el('input', { id, type: 'text', autocomplete: 'off' });
  let datalist = null;
  if (o.suggest && o.suggest.length) {
    datalist = el('datalist', { id: id + '-list' });
    control.setAttribute('list', datalist.id);
    const refresh = () => {
      const v = control.value;
      const cut = Math.max(v.lastIndexOf('、'), v.lastIndexOf(','), v.lastIndexOf('，'));
      const prefix = cut < 0 ? '' : v.slice(0, cut + 1);
      const have = new Set(toList(prefix));
      datalist.replaceChildren(...o.suggest.filter((s) => !have.has(s)).slice(0, 50).map((s) => el('option', { value: prefix + s })));
    };
    control.addEventListener('input', refresh);
    control.addEventListener('focus', refresh);
    refresh();
  }
  const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help || t('listHelp') }, control);
  if (datalist) wrap.append(datalist);
  return binding(key, o.errKey || key, wrap, [control], errEl, {
    read: () => { const l = toList(control.value); return l.length ? l : undefined; },
    write: (v) => { control.value = toList(v).join(t('listSep')); },
    isEmpty: () => toList(control.value).length === 0,
  });
}

// A fieldset of checkboxes whose checked values form a list.
export function checkGroupBinding(key, legend, options, o = {}) {
  const boxes = options.map(([value, label]) => el('input', { type: 'checkbox', name: o.name || key, value, id: o.idPrefix + value }));
  const errEl = el('div', { class: 'bp-field-error', id: errId(o.errKey || key), hidden: true });
  const helpEl = o.help ? el('p', { class: 'bp-desc', id: o.idPrefix + 'help', text: o.help }) : null;
  const fieldset = el('fieldset', { class: 'bp-fieldset', id: o.id },
    el('legend', { class: 'bp-label' }, legend, o.required && reqMark()),
    helpEl,
    boxes.length
      ? el('div', { class: 'bp-checks' }, boxes.map((box, i) => el('div', { class: 'bp-check' }, box, el('label', { for: box.id, text: options[i][1] }))))
      : el('p', { class: 'bp-desc', text: o.empty || '' }),
    errEl);
  setBaseDescribedBy(fieldset, helpEl ? [helpEl.id] : []);
  return binding(key, o.errKey || key, fieldset, boxes, errEl, {
    read: (base) => {
      const checked = boxes.filter((b) => b.checked).map((b) => b.value);
      const before = toList(base[key]).filter((v) => checked.includes(v));
      const list = before.concat(checked.filter((v) => !before.includes(v)));
      return list.length ? list : undefined;
    },
    write: (v) => { const l = toList(v); boxes.forEach((b) => { b.checked = l.includes(b.value); }); },
    isEmpty: () => !boxes.some((b) => b.checked),
  }, [fieldset]);
}

// The binding for one field of a kind, from the schema.
export function kindFieldBinding(f) {
  const id = 'bp-f-' + f.key;
  const label = f.label || f.key;
  const o = { required: !!f.required, help: f.help || null };
  const values = Array.isArray(f.values) ? f.values : [];
  const numeric = f.type === 'integer' || f.type === 'number';
  if (f.type === 'bool') return switchBinding(f.key, id, label, o);
  if (f.type === 'list' && values.length) {
    return checkGroupBinding(f.key, label, values.map((v) => [String(v), String(v)]), { ...o, id, idPrefix: id + '-', name: f.key });
  }
  if (values.length) return selectBinding(f.key, id, label, values, { ...o, numeric });
  if (numeric) return numberBinding(f.key, id, label, { ...o, integer: f.type === 'integer' });
  if (f.type === 'date') return dateBinding(f.key, id, label, o);
  if (f.type === 'list') return listBinding(f.key, id, label, o);
  return textBinding(f.key, id, label, { ...o, multiline: f.type === 'text' });
}

// The story form drawn: title and body first, the rest grouped (数据, 照片,
// 更多), the body with its toolbar, the preview pane (a tab of its own on a
// phone), the sticky bar; and its change handlers.

import { continueList, insertBlock, prefixLines, replaceRange, toggleList, toggleWrap } from './body.js';
import { el, errId, option, toList } from './dom.js';
import {
  BINDING_OF, checkGroupBinding, dateBinding, fieldShell, kindFieldBinding,
  listBinding, numberBinding, selectBinding, setBaseDescribedBy, switchBinding,
  textBinding,
} from './field.js';
import { formatDate, t } from './messages.js';
import { htmlToMarkdown, isFormatted } from './paste.js';
import { onPaste, photoBlocked, queuePhotos, touchScreen, wireDrop } from './photo.js';
import { onChange } from './preview.js';
import { reviewBox } from './review.js';
import { save, updateViewLink } from './save.js';
import { kindOf, mount, S, statusSlot } from './state.js';
import { openTableDialog } from './table.js';
import { LAST_BRANCH_KEY, writeJSON } from './store.js';
import { wechatButton } from './wechat.js';

export function renderEditor() {
  const E = S.ed;
  E.targets = new Map();
  E.groups = [];
  const sch = S.schema;
  const title = textBinding('title', 'bp-title', t('title'), { required: true });
  const date = dateBinding('date', 'bp-date', t('date'), { required: true });
  E.b = { title, date };
  E.els.title = title.controls[0];
  E.els.date = date.controls[0];

  const branchSel = el('select', { id: 'bp-branch', disabled: !E.isNew },
    !sch.branches.some((b) => b.slug === E.branch) && option('', E.branch || t('chooseBranch')),
    sch.branches.map((b) => option(b.slug, b.name || b.slug, b.slug === E.branch)));
  const kindSel = el('select', { id: 'bp-kind', disabled: !E.isNew },
    !kindOf(E.kind) && option('', E.kind || t('choose')),
    sch.kinds.map((k) => option(k.key, k.name || k.key, k.key === E.kind)));
  E.els.branch = branchSel;
  E.els.kind = kindSel;
  const lockHelp = !E.isNew ? t('locked') : (!sch.branches.length ? t('noBranchYet') : null);
  const branchField = fieldShell({ id: 'bp-branch', errKey: 'branch', label: t('branch'), required: true, help: lockHelp }, branchSel);
  const kindField = fieldShell({ id: 'bp-kind', errKey: 'kind', label: t('kind'), required: true }, kindSel);
  addTarget('branch', { controls: [branchSel], describe: [branchSel], errEl: branchField.errEl, pristine: () => !E.branch });
  addTarget('kind', { controls: [kindSel], describe: [kindSel], errEl: kindField.errEl, pristine: () => !E.kind });
  branchSel.addEventListener('change', onBranchChange);
  kindSel.addEventListener('change', onKindChange);

  E.kindBox = el('div', { class: 'bp-kind-fields' });
  E.withBox = el('div', { class: 'bp-with-box' });
  renderKindFields();

  const metricsBox = el('fieldset', { class: 'bp-fieldset', id: 'bp-metrics', 'aria-describedby': 'bp-metrics-help' },
    el('legend', { class: 'bp-label', text: t('metrics') }),
    el('p', { class: 'bp-desc', id: 'bp-metrics-help', text: t('metricsHelp') }));
  E.metricBindings = sch.metrics.map((m) =>
    numberBinding(m.key, 'bp-m-' + m.key, m.label || m.key, { errKey: 'metrics.' + m.key, unit: m.unit, integer: !!m.integer }));
  const metricsErr = el('div', { class: 'bp-field-error', id: errId('metrics'), hidden: true });
  metricsBox.append(el('div', { class: 'bp-metric-grid' }, E.metricBindings.map((b) => b.wrap)), metricsErr);
  E.metricBindings.forEach(addBindingTarget);
  addTarget('metrics', { controls: [], describe: [metricsBox], errEl: metricsErr, pristine: () => true });

  E.b.tags = listBinding('tags', 'bp-tags', t('tags'), { help: t('tagsHelp'), suggest: sch.tags });
  E.b.summary = textBinding('summary', 'bp-summary', t('summary'), { multiline: true, rows: 3, help: t('summaryHelp') });
  E.b.cover = coverBinding();
  E.b.draft = switchBinding('draft', 'bp-draft', t('draft'), { help: t('draftHelp') });
  renderWith();
  [title, date, E.b.tags, E.b.summary, E.b.cover, E.b.draft].forEach(addBindingTarget);

  const bodySection = renderBodySection();
  addDateReading(date);
  // Title and body first; what every story needs next; the rest in groups
  // a writer opens when needed (open already when they hold something).
  const form = el('form', { id: 'bp-story-form', class: 'bp-form', novalidate: true },
    el('div', { class: 'bp-section bp-section-first' },
      el('p', { class: 'bp-desc', text: t('requiredNote') }),
      title.wrap),
    bodySection,
    el('div', { class: 'bp-section' },
      el('h2', { text: t('sectionBasic') }),
      el('div', { class: 'bp-row' }, date.wrap, branchField.wrap, kindField.wrap),
      E.kindBox),
    sch.metrics.length ? group('bp-group-data', t('groupData'), E.metricBindings, metricsBox) : null,
    group('bp-group-photos', t('groupPhotos'), [E.b.cover],
      el('p', { class: 'bp-desc', id: 'bp-photos-help', text: t('photosHelpTap') }),
      el('button', { type: 'button', id: 'bp-add-photo', class: 'bp-btn', 'aria-describedby': 'bp-photos-help', onclick: () => toolAction('photo') }, t('addPhoto')),
      E.b.cover.wrap),
    group('bp-group-more', t('groupMore'), [E.b.tags, E.b.with, E.b.summary, E.b.draft],
      E.b.tags.wrap, E.withBox, E.b.summary.wrap, E.b.draft.wrap));
  form.addEventListener('input', onFormInput);
  form.addEventListener('change', onFormInput);
  form.addEventListener('submit', (e) => { e.preventDefault(); save(); });
  revealProblems(form);

  const general = el('section', { id: 'bp-diagnostics', class: 'bp-diagnostics', hidden: true, tabindex: '-1', 'aria-labelledby': 'bp-diagnostics-h' },
    el('h2', { id: 'bp-diagnostics-h', text: t('diagTitle') }), el('ul', { class: 'bp-diag-list' }));
  E.els.general = general;
  const editor = el('div', { class: 'bp-editor', 'data-tab': 'edit' },
    el('div', { class: 'bp-editor-main', id: 'bp-edit-panel', role: 'tabpanel', 'aria-labelledby': 'bp-tab-edit' }, form),
    renderPreviewPane());
  E.els.viewLink = el('span', { class: 'bp-view-slot' });
  mount(el('div', { class: 'bp-page bp-page-wide' },
    el('div', { class: 'bp-editor-head' },
      el('h1', { tabindex: '-1', id: 'bp-editor-h', text: E.isNew ? t('newStoryHeading') : t('editStoryHeading') }),
      E.els.viewLink),
    reviewBox(),
    el('div', { id: 'bp-restore', class: 'bp-notice', hidden: true }),
    general,
    renderTabs(editor),
    editor,
    renderActions()));
  updateViewLink();
}

// A group of the form's less used fields: a disclosure, open when one of
// its fields holds a value (or, see revealProblems, has a problem).
export function group(id, label, bindings, ...content) {
  const d = el('details', { id, class: 'bp-group' },
    el('summary', { class: 'bp-group-summary' }, el('span', { class: 'bp-group-title', text: label })),
    el('div', { class: 'bp-group-body' }, content));
  d.dataset.bindings = String(bindings.length);
  S.ed.groups = (S.ed.groups || []).concat([{ details: d, bindings }]);
  return d;
}

// After the form is filled: groups holding a value are opened.
export function openFilledGroups() {
  const E = S.ed;
  if (!E || !E.groups) return;
  for (const g of E.groups) {
    const filled = g.bindings.filter((b) => b && !b.isEmpty()).length;
    if (filled) g.details.open = true;
    const title = g.details.querySelector('.bp-group-title');
    title.nextSibling?.remove();
    if (filled) title.after(el('span', { class: 'bp-group-count', text: t('groupFilled', filled) }));
  }
}

// A problem shown inside a closed group opens the group, whoever shows it.
export function revealProblems(form) {
  const open = (node) => {
    const d = node.closest && node.closest('details.bp-group');
    if (d && !d.open) d.open = true;
  };
  new MutationObserver((records) => {
    for (const r of records) {
      const n = r.target;
      if (r.attributeName === 'aria-invalid' && n.getAttribute('aria-invalid') === 'true') open(n);
      else if (r.attributeName === 'hidden' && !n.hidden && n.classList.contains('bp-field-error')) open(n);
      else if (r.type === 'childList' && n.classList && n.classList.contains('bp-field-error') && n.textContent.trim()) open(n);
    }
  }).observe(form, { attributes: true, attributeFilter: ['aria-invalid', 'hidden'], childList: true, subtree: true });
}

// The date as words (2024年5月18日), whatever the browser's language: the
// date box itself writes it as the browser's locale does.
export function addDateReading(date) {
  const control = date.controls[0];
  const reading = el('p', { class: 'bp-desc bp-date-read', id: 'bp-date-read', 'aria-hidden': 'true' });
  const update = () => { reading.textContent = control.value ? formatDate(control.value) : ''; };
  control.addEventListener('input', update);
  control.addEventListener('change', update);
  const write = date.write;
  date.write = (v) => { write(v); update(); };
  S.ed.updateDateReading = update;
  control.after(reading);
}

// 编辑 / 预览 as two tabs on a phone; on a wide screen both are in view and
// the tabs are not shown.
export function renderTabs(editor) {
  const tab = (id, panel, label, name) => el('button', {
    type: 'button', role: 'tab', id, class: 'bp-tab', 'aria-controls': panel, 'aria-selected': name === 'edit' ? 'true' : 'false',
    tabindex: name === 'edit' ? '0' : '-1', onclick: () => choose(name),
  }, label);
  const tabs = [tab('bp-tab-edit', 'bp-edit-panel', t('tabEdit'), 'edit'), tab('bp-tab-preview', 'bp-preview-panel', t('tabPreview'), 'preview')];
  function choose(name) {
    editor.dataset.tab = name;
    tabs.forEach((b, i) => {
      const on = (i === 0) === (name === 'edit');
      b.setAttribute('aria-selected', String(on));
      b.setAttribute('tabindex', on ? '0' : '-1');
    });
    window.scrollTo(0, 0);
  }
  const list = el('div', { class: 'bp-tabs', role: 'tablist', 'aria-label': t('tabsLabel') }, tabs);
  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    ev.preventDefault();
    const next = editor.dataset.tab === 'edit' ? 'preview' : 'edit';
    choose(next);
    tabs[next === 'edit' ? 0 : 1].focus();
  });
  return list;
}

export function addTarget(field, target) { S.ed.targets.set(field, target); }

export function addBindingTarget(b) {
  addTarget(b.errKey, { controls: b.controls, describe: b.describe, errEl: b.errEl, binding: b, pristine: () => !b.touched && b.isEmpty() });
}

export function renderKindFields() {
  const E = S.ed;
  for (const b of E.kindBindings) E.targets.delete(b.errKey);
  const kind = kindOf(E.kind);
  E.kindBindings = (kind && Array.isArray(kind.fields) ? kind.fields : [])
    .filter((f) => !['title', 'date', 'tags', 'with', 'summary', 'cover', 'draft', 'metrics', 'kind'].includes(f.key))
    .map(kindFieldBinding);
  E.kindBindings.forEach(addBindingTarget);
  E.kindBox.replaceChildren(...E.kindBindings.map((b) => b.wrap));
}

// The joint-branch checkboxes: every branch but the story's own (and any
// unknown folder name already written).
export function renderWith() {
  const E = S.ed;
  const known = S.schema.branches.filter((b) => b.slug !== E.branch).map((b) => [b.slug, b.name || b.slug]);
  const extra = toList(E.baseFront.with).filter((s) => s !== E.branch && !known.some(([k]) => k === s)).map((s) => [s, s]);
  const old = E.b.with;
  if (old) E.targets.delete(old.errKey);
  E.b.with = checkGroupBinding('with', t('with'), known.concat(extra),
    { id: 'bp-with', idPrefix: 'bp-with-', name: 'with', help: t('withHelp'), empty: t('noOtherBranches') });
  if (old) {
    const v = old.read(E.baseFront) || [];
    E.b.with.write(v);
    E.b.with.touched = old.touched;
  }
  addBindingTarget(E.b.with);
  E.withBox.replaceChildren(E.b.with.wrap);
}

export function coverBinding() {
  const E = S.ed;
  const b = selectBinding('cover', 'bp-cover', t('cover'), [], { help: t('coverHelp') });
  const control = b.controls[0];
  control.options[0].textContent = t('coverNone');
  b.refresh = () => {
    const current = control.value;
    const names = [...new Set(E.photos.concat(current ? [current] : []))];
    control.replaceChildren(option('', t('coverNone')), ...names.map((n) => option(n, n)));
    control.value = current;
  };
  b.refresh();
  const write = b.write;
  b.write = (v) => { write(v); b.refresh(); };
  return b;
}

const TOOLS = [
  ['heading', 'H', 'tbHeading', 'tbHeadingTip'], ['bold', 'B', 'tbBold', 'tbBoldTip'],
  ['list', '•', 'tbList', 'tbListTip'], ['olist', '1.', 'tbOList', 'tbOListTip'], ['quote', '❝', 'tbQuote', 'tbQuoteTip'],
  ['link', '', 'tbLink', 'tbLinkTip'], ['photo', '', 'tbPhoto', 'tbPhotoTip'],
  ['table', '', 'tbTable', 'tbTableTip'], ['stat', '', 'tbStat', 'tbStatTip'],
];

export function renderBodySection() {
  const E = S.ed;
  const body = el('textarea', {
    id: 'bp-body', rows: 18, class: 'bp-body', placeholder: t('bodyPlaceholder'), spellcheck: 'false',
  });
  E.els.body = body;
  setBaseDescribedBy(body, ['bp-body-help']);
  const toolbar = el('div', { id: 'bp-toolbar', class: 'bp-toolbar', role: 'toolbar', 'aria-label': t('toolbar'), 'aria-controls': 'bp-body' },
    TOOLS.map(([action, glyph, label, tip], i) => el('button', {
      type: 'button', class: 'bp-tool', 'data-action': action, 'aria-label': t(label), title: t(tip), tabindex: i === 0 ? '0' : '-1',
      onclick: () => toolAction(action),
    }, glyph && el('span', { class: 'bp-tool-glyph', 'aria-hidden': 'true', 'data-glyph': glyph }), el('span', { class: 'bp-tool-text', text: t(label) }))));
  toolbar.addEventListener('keydown', toolbarKeys);
  const fileInput = el('input', {
    type: 'file', id: 'bp-photo-input', accept: 'image/jpeg,image/png,image/webp', multiple: true,
    class: 'bp-visually-hidden', tabindex: '-1', 'aria-label': t('tbPhotoTip'),
  });
  fileInput.addEventListener('change', () => { const files = [...fileInput.files]; fileInput.value = ''; queuePhotos(files); });
  E.els.fileInput = fileInput;
  const bodyErr = el('div', { class: 'bp-field-error', id: errId('body'), hidden: true });
  const bodyDiags = el('ul', { id: 'bp-body-diagnostics', class: 'bp-diag-list', hidden: true });
  E.els.bodyDiags = bodyDiags;
  addTarget('body', { controls: [body], describe: [body], errEl: bodyErr, pristine: () => !body.value });
  const wrap = el('div', { class: 'bp-body-wrap', 'data-drop': t('dropHere') }, body);
  wireDrop(wrap);
  body.addEventListener('paste', onPaste);
  body.addEventListener('paste', onFormattedPaste);
  body.addEventListener('keydown', bodyKeys);
  return el('div', { class: 'bp-section' },
    el('h2', { id: 'bp-body-h', text: t('sectionBody') }),
    el('label', { for: 'bp-body', class: 'bp-visually-hidden', text: t('body') }),
    toolbar, fileInput, wrap,
    el('p', { class: 'bp-desc', id: 'bp-body-help', text: t(touchScreen() ? 'bodyHelpTouch' : 'bodyHelp') }),
    bodyErr, bodyDiags);
}

// The sticky bar: one row (保存, 返回, the status) at most 56 px tall,
// under both tabs.
export function renderActions() {
  const E = S.ed;
  E.els.save = el('button', { type: 'submit', form: 'bp-story-form', id: 'bp-save', class: 'bp-btn bp-btn-primary' }, t('save'));
  return el('div', { class: 'bp-form-actions' },
    E.els.save, el('a', { href: '#/', class: 'bp-btn bp-btn-link', id: 'bp-back' }, t('back')),
    el('p', { class: 'bp-status-row' }, statusSlot()));
}

export function renderPreviewPane() {
  const E = S.ed;
  E.frame = el('iframe', { id: 'bp-preview', sandbox: 'allow-same-origin', title: t('preview') });
  E.els.previewNote = el('p', { class: 'bp-desc bp-preview-note', id: 'bp-preview-note' });
  return el('section', { class: 'bp-preview-pane', id: 'bp-preview-panel', role: 'tabpanel', 'aria-labelledby': 'bp-tab-preview bp-preview-h' },
    el('h2', { id: 'bp-preview-h', text: t('preview') }), E.els.previewNote, E.frame,
    el('div', { class: 'bp-preview-foot' }, wechatButton()));
}

export function onFormInput(ev) {
  const E = S.ed;
  if (!E) return;
  const b = BINDING_OF.get(ev.target);
  if (b) {
    b.touched = true;
    E.localErrors.delete(b.errKey);
  }
  onChange();
}

export function onBranchChange() {
  const E = S.ed;
  E.branch = E.els.branch.value;
  E.localErrors.delete('branch');
  if (E.branch) writeJSON(LAST_BRANCH_KEY, E.branch);
  renderWith();
}

export function onKindChange() {
  const E = S.ed;
  const carry = {};
  for (const b of E.kindBindings) if (!b.isEmpty()) carry[b.key] = b.read({});
  E.kind = E.els.kind.value;
  E.localErrors.delete('kind');
  renderKindFields();
  for (const b of E.kindBindings) {
    if (carry[b.key] !== undefined) { b.write(carry[b.key]); b.touched = true; }
  }
}

export function toolAction(action) {
  const ta = S.ed.els.body;
  switch (action) {
    case 'heading': prefixLines(ta, '## ', t('sampleHeading'), /^#+\s*/); break;
    case 'bold': toggleWrap(ta, '**', t('sampleBold')); break;
    case 'list': toggleList(ta, false, t('sampleList')); break;
    case 'olist': toggleList(ta, true, t('sampleList')); break;
    case 'quote': prefixLines(ta, '> ', t('sampleQuote')); break;
    case 'link': {
      const { selectionStart: s, selectionEnd: e, value } = ta;
      const text = value.slice(s, e) || t('sampleLink');
      const md = '[' + text + '](https://)';
      replaceRange(ta, s, e, md, text.length + 3, md.length - 1);
      break;
    }
    case 'photo': if (!photoBlocked()) S.ed.els.fileInput.click(); break;
    case 'table': openTableDialog(); break;
    case 'stat': {
      const stat = t('sampleStat');
      const at = stat.indexOf('"') + 1;
      insertBlock(ta, stat, at, stat.indexOf('"', at));
      break;
    }
    default: break;
  }
}

// Arrow keys move between the toolbar's buttons (one tab stop).
export function toolbarKeys(ev) {
  const buttons = [...ev.currentTarget.querySelectorAll('button')];
  const i = buttons.indexOf(document.activeElement);
  if (i < 0) return;
  let j = -1;
  if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') j = (i + 1) % buttons.length;
  else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') j = (i - 1 + buttons.length) % buttons.length;
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = buttons.length - 1;
  if (j < 0) return;
  ev.preventDefault();
  buttons.forEach((b, k) => b.setAttribute('tabindex', k === j ? '0' : '-1'));
  buttons[j].focus();
}

export function bodyKeys(ev) {
  if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 'b') {
    ev.preventDefault();
    toolAction('bold');
    return;
  }
  // Enter continues a list or quote (not while an input method composes).
  if (ev.key === 'Enter' && !ev.shiftKey && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !ev.isComposing && ev.keyCode !== 229) {
    if (continueList(ev.currentTarget)) ev.preventDefault();
  }
}

// Formatted text pasted (WPS, Word, a WeChat article) becomes Markdown;
// plain text and pictures are left to the browser and to photo.js.
export function onFormattedPaste(ev) {
  const data = ev.clipboardData;
  if (ev.defaultPrevented || !data) return;
  const html = data.getData('text/html');
  if (!html || !isFormatted(html)) return;
  const md = htmlToMarkdown(html);
  if (!md) return;
  ev.preventDefault();
  const ta = ev.currentTarget;
  replaceRange(ta, ta.selectionStart, ta.selectionEnd, md, md.length, md.length);
}

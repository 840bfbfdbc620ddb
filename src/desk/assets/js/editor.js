// Opening a story (or a new one) in the form, with what this browser kept of
// unsaved changes.

import { api } from './api.js';
import { el, isObj } from './dom.js';
import { openFilledGroups, renderEditor } from './form.js';
import { buildFront, fillForm, localKey, snapshot } from './front.js';
import { formatDate, LANG, t } from './messages.js';
import { runPreview } from './preview.js';
import { errorLine, kindOf, loadStories, mount, rerender, S, setStatus } from './state.js';
import { LAST_BRANCH_KEY, readJSON, removeKey } from './store.js';

export async function showEditor(seq, path, params) {
  mount(el('div', { class: 'bp-page' }, el('h1', { tabindex: '-1', text: path ? t('editStoryHeading') : t('newStoryHeading') }),
    el('p', { class: 'bp-loading', text: t('loading') })));
  let story = null;
  if (path) {
    const [r] = await Promise.all([api('GET', 'story', { query: { path } }), S.stories ? null : loadStories()]);
    if (seq !== S.routeSeq) return;
    if (!r.ok) {
      mount(el('div', { class: 'bp-page' }, el('h1', { tabindex: '-1', text: t('editStoryHeading') }),
        errorLine(r.data.error), el('p', {}, el('a', { href: '#/', class: 'bp-btn' }, t('back')))));
      return;
    }
    story = r.data;
  }
  S.ed = newEditorState(story, params);
  S.ed.reviewing = !!story && params.get('review') === '1';
  renderEditor();
  fillForm(S.ed.baseFront, story ? story.body : '');
  filled();
  S.ed.savedSnapshot = snapshot();
  restoreLocal();
  runPreview();
}

// What follows the form's filling: the date in words, the groups that hold
// something opened.
export function filled() {
  S.ed.updateDateReading();
  openFilledGroups();
}

export function newEditorState(story, params) {
  const sch = S.schema;
  if (story) {
    const listed = (S.stories || []).find((s) => s.path === story.path);
    return {
      isNew: false, path: story.path, branch: story.branch, kind: story.kind,
      baseFront: isObj(story.front) ? story.front : {}, version: story.version || null,
      baseText: typeof story.text === 'string' ? story.text : null,
      photos: Array.isArray(story.photos) ? story.photos : [], url: listed ? listed.url : null,
      ...editorRuntime(),
    };
  }
  const wantBranch = params.get('branch') || readJSON(LAST_BRANCH_KEY);
  const branch = sch.branches.some((b) => b.slug === wantBranch) ? wantBranch
    : sch.branches.length === 1 ? sch.branches[0].slug : '';
  const wantKind = params.get('kind');
  const kind = sch.kinds.some((k) => k.key === wantKind) ? wantKind : (sch.kinds[0] || {}).key || '';
  return { isNew: true, path: null, branch, kind, baseFront: {}, version: null, baseText: null, photos: [], url: null, ...editorRuntime() };
}

export function editorRuntime() {
  return {
    b: {}, kindBindings: [], metricBindings: [], els: {}, targets: new Map(), localErrors: new Map(),
    savedSnapshot: '', previewTimer: 0, previewSeq: 0, saving: false, saveAttempted: false,
    uploads: Promise.resolve(), lastDiagnostics: [],
  };
}

// Restores what this browser kept of unsaved changes, if it differs.
export function restoreLocal() {
  const E = S.ed;
  const stored = readJSON(localKey());
  if (!stored || !isObj(stored.front)) return;
  const loaded = JSON.stringify([buildFront(), E.els.body.value]);
  if (JSON.stringify([stored.front, String(stored.body || '')]) === loaded) { removeKey(localKey()); return; }
  const saved = E.savedSnapshot;
  E.baseFront = stored.front;
  if (typeof stored.version === 'string' || stored.version === null) {
    E.version = stored.version;
    E.baseText = typeof stored.base === 'string' ? stored.base : null;
  }
  if (E.isNew) {
    if (S.schema.branches.some((b) => b.slug === stored.branch)) E.branch = stored.branch;
    if (kindOf(stored.kind)) E.kind = stored.kind;
    E.path = typeof stored.path === 'string' ? stored.path : null;
    E.photos = Array.isArray(stored.photos) ? stored.photos : [];
  }
  renderEditor();
  fillForm(stored.front, String(stored.body || ''));
  filled();
  E.savedSnapshot = saved;
  const when = localTime(stored.savedAt);
  const box = document.getElementById('bp-restore');
  box.replaceChildren(
    el('span', { text: t('restored') + (LANG === 'en' ? '. ' : '。') + (when ? t('restoredAt', when) : '') }), ' ',
    el('button', { type: 'button', id: 'bp-discard-local', class: 'bp-btn', onclick: discardLocal }, t('discardLocal')));
  box.hidden = false;
  setStatus(t('restored'), 'warning', 'restored');
}

// A moment as the desk writes dates (2024年5月18日 14:05), in this
// computer's time zone, whatever the browser's locale.
export function localTime(iso) {
  const d = new Date(iso || '');
  if (!iso || Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${formatDate(day)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function discardLocal() {
  removeKey(localKey());
  rerender();
}

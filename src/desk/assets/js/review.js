// Review before publishing, when site.yaml names review stages: the 审核
// view (what waits for each stage), the reviewer's panel on a story's form
// (通过 or 退回 with a note, on the version the reviewer read) and the
// reviewer's note a writer sees at the top of the form.

import { api } from './api.js';
import { el } from './dom.js';
import { isDirty } from './front.js';
import { t } from './messages.js';
import { errorLine, loadStories, mount, S, setStatus, statusSlot } from './state.js';
import { AUTHOR_KEY, readJSON, writeJSON } from './store.js';

// The reviewer's name: the one this browser remembers for publishing.
function rememberedName() {
  const a = readJSON(AUTHOR_KEY);
  return a && typeof a.name === 'string' ? a.name : '';
}

function rememberName(name) {
  const a = readJSON(AUTHOR_KEY);
  writeJSON(AUTHOR_KEY, { ...(a && typeof a === 'object' ? a : {}), name });
}

// A story's review badge for the list, or null without review.
export function reviewBadge(s) {
  const r = s.review;
  if (!r || typeof r.label !== 'string') return null;
  return el('span', { class: 'bp-badge bp-badge-review', 'data-state': String(r.state || ''), text: r.label });
}

// `#/review`: for each stage, the stories waiting for it.
export async function showReview(seq) {
  const stages = (S.schema.review && S.schema.review.stages) || [];
  const box = el('div', {}, el('p', { class: 'bp-loading', text: t('loading') }));
  mount(el('div', { class: 'bp-page' },
    el('h1', { tabindex: '-1', text: t('reviewHeading') }),
    el('p', { class: 'bp-desc', text: stages.length ? t('reviewIntro') : t('reviewNone') }),
    el('p', { class: 'bp-status-row' }, statusSlot()),
    box,
    el('p', {}, el('a', { href: '#/', class: 'bp-btn' }, t('back')))));
  if (!stages.length) { box.replaceChildren(); return; }
  const r = await loadStories();
  if (seq !== S.routeSeq) return;
  if (!r.ok) { box.replaceChildren(errorLine(t('loadFailed', r.data.error))); return; }
  if (S.reviewDone) { setStatus(S.reviewDone, 'ok'); S.reviewDone = ''; }
  box.replaceChildren(...stages.map((stage, i) => {
    const waiting = (S.stories || []).filter((s) => s.review && s.review.stage === stage);
    const id = 'bp-review-h-' + i;
    return el('section', { class: 'bp-section', 'aria-labelledby': id },
      el('h2', { id, text: t('reviewWaiting', stage) }),
      waiting.length
        ? el('ul', { class: 'bp-story-list' }, waiting.map((s) => el('li', { class: 'bp-story' },
          el('div', { class: 'bp-story-head' },
            el('a', { class: 'bp-story-title', href: '#/edit?review=1&path=' + encodeURIComponent(s.path) }, String(s.title || '') || t('untitled')),
            s.review.state === 'changed' && reviewBadge(s)),
          s.review.note && el('p', { class: 'bp-story-meta', text: t('reviewNoteShort', s.review.note) }))))
        : el('p', { class: 'bp-empty', text: t('reviewNothing') }));
  }));
}

// What the form shows above its fields: the reviewer's note (read-only)
// when the story has one, and the reviewer's panel when opened from 审核.
export function reviewBox() {
  const E = S.ed;
  if (!E || E.isNew || !S.schema.review) return null;
  const note = typeof E.baseFront.review_note === 'string' ? E.baseFront.review_note : '';
  const listed = (S.stories || []).find((s) => s.path === E.path);
  const stage = listed && listed.review ? listed.review.stage : null;
  return el('div', { class: 'bp-review-box' },
    note && el('div', { id: 'bp-review-note', class: 'bp-notice', role: 'note' },
      el('strong', { text: t('reviewNoteLabel') }), ' ', el('span', { text: note })),
    E.reviewing && stage && reviewPanel(stage));
}

function reviewPanel(stage) {
  const E = S.ed;
  const name = el('input', { id: 'bp-review-by', type: 'text', autocomplete: 'name', maxlength: 100, value: rememberedName(), 'aria-describedby': 'bp-review-by-help' });
  const comment = el('textarea', { id: 'bp-review-comment', rows: 3, maxlength: 2000 });
  const err = el('p', { id: 'bp-review-error', class: 'bp-field-error', role: 'alert', hidden: true });
  const fail = (text) => { err.textContent = text; err.hidden = false; };
  const send = async (call) => {
    err.hidden = true;
    const by = name.value.trim();
    if (!by) { fail(t('reviewNeedName')); name.focus(); return; }
    if (isDirty()) { fail(t('reviewDirty')); return; }
    const note = comment.value.trim();
    if (call === 'return' && !note) { fail(t('reviewNeedNote')); comment.focus(); return; }
    rememberName(by);
    const json = { path: E.path, version: E.version, by };
    if (call === 'approve') { json.stage = stage; if (note) json.note = note; } else json.note = note;
    const r = await api('POST', call, { json });
    if (!r.ok) { fail(r.data.error); return; }
    S.stories = null;
    S.reviewDone = call === 'approve' ? t('reviewApproved', stage, r.data.label || '') : t('reviewReturned');
    location.hash = '#/review';
  };
  return el('section', { id: 'bp-review-panel', class: 'bp-section bp-review-panel', 'aria-labelledby': 'bp-review-panel-h' },
    el('h2', { id: 'bp-review-panel-h', text: t('reviewPanel', stage) }),
    el('p', { class: 'bp-desc', text: t('reviewPanelHelp') }),
    el('div', { class: 'bp-field' },
      el('label', { for: 'bp-review-by', class: 'bp-label', text: t('reviewBy') }),
      el('p', { class: 'bp-desc', id: 'bp-review-by-help', text: t('reviewByHelp') }), name),
    el('div', { class: 'bp-field' },
      el('label', { for: 'bp-review-comment', class: 'bp-label', text: t('reviewComment') }), comment),
    err,
    el('div', { class: 'bp-actions' },
      el('button', { type: 'button', id: 'bp-review-approve', class: 'bp-btn bp-btn-primary', onclick: () => send('approve') }, t('reviewApprove')),
      el('button', { type: 'button', id: 'bp-review-return', class: 'bp-btn', onclick: () => send('return') }, t('reviewReturn'))));
}

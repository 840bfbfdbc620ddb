// What every view shares: the portal's schema, the story list, the open
// story form (`S.ed`), the view's element and the one status line.

import { api } from './api.js';
import { el } from './dom.js';

export const S = {
  schema: null,
  stories: null,
  filters: { branch: '', kind: '', year: '', draft: '', q: '' },
  pendingStatus: null,
  routeSeq: 0,
  ed: null, // the open story form
  leaving: false, // the writer chose to leave a story with unsaved changes
  filtersLoaded: false, // the remembered filters were read
};

// The view's element and the status line, set at the start.
export const ui = { view: null, statusEl: null };

export const branchName = (slug) => (S.schema.branches.find((b) => b.slug === slug) || {}).name || slug || '';

export const kindOf = (key) => S.schema.kinds.find((k) => k.key === key) || null;

export const kindName = (key) => (kindOf(key) || {}).name || key || '';

// The one status line (#bp-status): moved into each view's slot.
export function statusSlot() {
  ui.statusEl.textContent = '';
  delete ui.statusEl.dataset.kind;
  delete ui.statusEl.dataset.key;
  return ui.statusEl;
}

export function setStatus(text, kind = 'info', key = '') {
  ui.statusEl.textContent = '';
  ui.statusEl.dataset.kind = kind;
  ui.statusEl.dataset.key = key;
  ui.statusEl.textContent = text || '';
}

export function mount(...nodes) {
  ui.view.replaceChildren(...nodes);
  if (S.pendingStatus) {
    setStatus(S.pendingStatus.text, S.pendingStatus.kind);
    S.pendingStatus = null;
  }
}

export function focusHeading() {
  const h = ui.view.querySelector('h1');
  if (h) h.focus({ preventScroll: false });
}

export async function loadStories() {
  const r = await api('GET', 'stories');
  if (r.ok && Array.isArray(r.data.stories)) S.stories = r.data.stories;
  return r;
}

export async function reloadSchema() {
  const r = await api('GET', 'schema');
  if (r.ok) S.schema = normaliseSchema(r.data);
  return r;
}

export function normaliseSchema(s) {
  return {
    title: s.title || '',
    today: s.today || new Date().toISOString().slice(0, 10),
    kinds: Array.isArray(s.kinds) ? s.kinds : [],
    metrics: Array.isArray(s.metrics) ? s.metrics : [],
    branches: Array.isArray(s.branches) ? s.branches : [],
    tags: Array.isArray(s.tags) ? s.tags : [],
    git: !!s.git,
    review: s.review && Array.isArray(s.review.stages) ? { stages: s.review.stages } : null,
  };
}

export function errorLine(text) {
  return el('p', { class: 'bp-error-line' }, el('span', { class: 'bp-icon', 'aria-hidden': 'true', text: '✖' }), text);
}

// Draws the current route again (the start listens for hash changes).
export function rerender() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

// The desk's home: its actions, the stories with their filters (behind
// one 筛选 button on a phone, remembered by the browser), and the branches.

import { el, isObj, option } from './dom.js';
import { formatDate, LANG, t } from './messages.js';
import { openPublish } from './publish.js';
import { reviewBadge } from './review.js';
import { branchName, errorLine, kindName, loadStories, mount, S, statusSlot } from './state.js';
import { LOCAL_PREFIX, readJSON, writeJSON } from './store.js';

export async function showHome(seq) {
  const sch = S.schema;
  const listBox = el('div', { class: 'bp-story-box' }, el('p', { class: 'bp-loading', text: t('loading') }));
  mount(el('div', { class: 'bp-page' },
    el('h1', { tabindex: '-1', text: t('deskTitle') }),
    el('div', { class: 'bp-actions' },
      el('button', { type: 'button', id: 'bp-new-story', class: 'bp-btn bp-btn-primary', onclick: () => { location.hash = '#/new'; } }, t('newStory')),
      el('button', { type: 'button', id: 'bp-new-branch', class: 'bp-btn', onclick: () => { location.hash = '#/branch'; } }, t('newBranch')),
      sch.review && el('button', { type: 'button', id: 'bp-review', class: 'bp-btn', onclick: () => { location.hash = '#/review'; } }, t('reviewButton')),
      el('button', { type: 'button', id: 'bp-publish', class: 'bp-btn', onclick: openPublish }, t('publish'))),
    el('p', { class: 'bp-status-row' }, statusSlot()),
    localNewNotice(),
    el('section', { class: 'bp-section', 'aria-labelledby': 'bp-stories-h' },
      el('h2', { id: 'bp-stories-h', text: t('stories') }),
      listBox),
    el('section', { class: 'bp-section', 'aria-labelledby': 'bp-branches-h' },
      el('h2', { id: 'bp-branches-h', text: t('branches') }),
      sch.branches.length
        ? el('ul', { class: 'bp-branch-list' }, sch.branches.map((b) =>
          el('li', {}, el('span', { class: 'bp-branch-name', text: b.name || b.slug }), ' ', el('code', { text: b.slug }))))
        : el('p', { text: t('noBranches') }))));
  const r = await loadStories();
  if (seq !== S.routeSeq) return;
  if (!r.ok) {
    listBox.replaceChildren(errorLine(t('loadFailed', r.data.error)));
    return;
  }
  renderStoryBrowser(listBox);
}

export function localNewNotice() {
  const stored = readJSON(LOCAL_PREFIX + 'new');
  if (!stored || !isObj(stored.front)) return null;
  const title = String(stored.front.title || '') || t('untitled');
  return el('p', { class: 'bp-notice' }, t('localNew', title), ' ', el('a', { href: '#/new' }, t('localNewOpen')));
}

// The list's filters are remembered by this browser.
export const FILTERS_KEY = 'bp-desk-filters';

export function loadFilters() {
  if (S.filtersLoaded) return;
  S.filtersLoaded = true;
  const kept = readJSON(FILTERS_KEY);
  if (!isObj(kept)) return;
  for (const k of Object.keys(S.filters)) if (typeof kept[k] === 'string') S.filters[k] = kept[k];
}

export function filterSelect(id, label, key, options) {
  const sel = el('select', { id }, options.map(([v, l]) => option(v, l, S.filters[key] === v)));
  return el('div', { class: 'bp-field' }, el('label', { for: id, class: 'bp-label', text: label }), sel);
}

// The chosen filters in a few words ("外科党支部 · 2024年 · 草稿").
export function filterWords(f) {
  return [
    f.branch && branchName(f.branch),
    f.kind && kindName(f.kind),
    f.year && (LANG === 'en' ? f.year : f.year + '年'),
    f.draft === 'draft' && t('draftOnlyShort'),
    f.draft === 'published' && t('publishedOnlyShort'),
  ].filter(Boolean).join(' · ');
}

// On a phone the filters sit behind one 筛选 button (a disclosure); on a
// wide screen they stay in view and the button is not shown.
export function renderStoryBrowser(box) {
  loadFilters();
  const sch = S.schema;
  const stories = S.stories || [];
  const years = [...new Set(stories.map((s) => (s.date || '').slice(0, 4)).filter((y) => /^\d{4}$/.test(y)))].sort().reverse();
  const list = el('ul', { class: 'bp-story-list' });
  const count = el('p', { class: 'bp-count' });
  const q = el('input', { id: 'bp-filter-q', type: 'search', value: S.filters.q, autocomplete: 'off' });
  const panel = el('div', { id: 'bp-filter-panel', class: 'bp-filter-panel' },
    filterSelect('bp-filter-branch', t('filterBranch'), 'branch', [['', t('allBranches')], ...sch.branches.map((b) => [b.slug, b.name || b.slug])]),
    filterSelect('bp-filter-kind', t('filterKind'), 'kind', [['', t('allKinds')], ...sch.kinds.map((k) => [k.key, k.name || k.key])]),
    filterSelect('bp-filter-year', t('filterYear'), 'year', [['', t('allYears')], ...years.map((y) => [y, LANG === 'en' ? y : y + '年'])]),
    filterSelect('bp-filter-draft', t('filterDraft'), 'draft', [['', t('draftAll')], ['draft', t('draftOnly')], ['published', t('publishedOnly')]]));
  const toggle = el('button', {
    type: 'button', id: 'bp-filter-toggle', class: 'bp-btn bp-filter-toggle', 'aria-expanded': 'false', 'aria-controls': 'bp-filter-panel',
  }, t('filterToggle'));
  const summaryText = el('span', { id: 'bp-filter-summary-text' });
  const clear = el('button', { type: 'button', id: 'bp-filter-clear', class: 'bp-btn bp-btn-link' }, t('filterClear'));
  const summary = el('p', { id: 'bp-filter-summary', class: 'bp-filter-summary' }, summaryText, ' ', clear);
  const form = el('form', { class: 'bp-filters', role: 'search', 'aria-label': t('filters'), onsubmit: (e) => e.preventDefault() },
    el('div', { class: 'bp-filter-bar' },
      el('div', { class: 'bp-field bp-field-grow' }, el('label', { for: 'bp-filter-q', class: 'bp-label', text: t('filterQ') }), q),
      toggle),
    summary, panel);
  const showSummary = () => {
    const words = filterWords(S.filters);
    summaryText.textContent = words ? t('filterSummary', words) : '';
    summary.hidden = !words;
    toggle.dataset.active = words ? 'true' : 'false';
  };
  const update = () => {
    S.filters = {
      branch: form.querySelector('#bp-filter-branch').value,
      kind: form.querySelector('#bp-filter-kind').value,
      year: form.querySelector('#bp-filter-year').value,
      draft: form.querySelector('#bp-filter-draft').value,
      q: q.value,
    };
    writeJSON(FILTERS_KEY, S.filters);
    showSummary();
    renderStoryList(list, count, stories);
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    panel.classList.toggle('bp-open', open);
  });
  clear.addEventListener('click', () => {
    for (const id of ['#bp-filter-branch', '#bp-filter-kind', '#bp-filter-year', '#bp-filter-draft']) form.querySelector(id).value = '';
    update();
    toggle.focus();
  });
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  box.replaceChildren(form, count, list);
  // A remembered value no longer offered (a year with no story left) is dropped.
  for (const [id, key] of [['#bp-filter-branch', 'branch'], ['#bp-filter-kind', 'kind'], ['#bp-filter-year', 'year'], ['#bp-filter-draft', 'draft']]) {
    if (form.querySelector(id).value !== S.filters[key]) S.filters[key] = form.querySelector(id).value;
  }
  showSummary();
  renderStoryList(list, count, stories);
}

export function storyMatches(s, f) {
  if (f.branch && s.branch !== f.branch) return false;
  if (f.kind && s.kind !== f.kind) return false;
  if (f.year && !(s.date || '').startsWith(f.year)) return false;
  if (f.draft === 'draft' && !s.draft) return false;
  if (f.draft === 'published' && s.draft) return false;
  const q = f.q.trim().toLowerCase();
  return !q || String(s.title || '').toLowerCase().includes(q);
}

export function renderStoryList(list, count, stories) {
  const shown = stories.filter((s) => storyMatches(s, S.filters));
  count.textContent = shown.length === stories.length
    ? t('storyCount', stories.length)
    : t('storyCountFiltered', shown.length, stories.length);
  if (!stories.length) { list.replaceChildren(el('li', { class: 'bp-empty', text: t('noStories') })); return; }
  if (!shown.length) { list.replaceChildren(el('li', { class: 'bp-empty', text: t('noMatch') })); return; }
  list.replaceChildren(...shown.map(storyItem));
}

export function storyItem(s) {
  const local = readJSON(LOCAL_PREFIX + s.path);
  const meta = [branchName(s.branch), kindName(s.kind), formatDate(s.date)].filter(Boolean).join(' · ');
  return el('li', { class: 'bp-story' },
    el('div', { class: 'bp-story-head' },
      el('a', { class: 'bp-story-title', href: '#/edit?path=' + encodeURIComponent(s.path) }, String(s.title || '') || t('untitled')),
      s.draft && !s.review && el('span', { class: 'bp-badge bp-badge-draft', text: t('draftBadge') }),
      reviewBadge(s),
      s.error && el('span', { class: 'bp-badge bp-badge-error' }, el('span', { 'aria-hidden': 'true', text: '✖ ' }), t('errorBadge')),
      local && el('span', { class: 'bp-badge bp-badge-local', text: t('localBadge') })),
    el('p', { class: 'bp-story-meta', text: meta }),
    s.error && el('p', { class: 'bp-story-error', text: s.error }));
}

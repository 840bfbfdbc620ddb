// The search page of the default theme: branchpress's index (search/data/,
// read by search-engine.js) with the theme's own results list. Loaded only
// by /search/; every other page works without JavaScript.
import { IndexError, SearchEngine } from './search-engine.js';

const root = document.querySelector('[data-search]');
const form = root.querySelector('form');
const status = root.querySelector('[role=status]');
const list = root.querySelector('.search-results');
const more = root.querySelector('.search-more');
// Results shown at a time, each needing its fragment (about 1.4 KB): five,
// as Pagefind shows, fill a phone's screen and keep a second query light.
const PAGE = 5;
const FILTERS = ['branch', 'kind', 'year'];
// The index's folder: data-search names its manifest.
const base = new URL('.', new URL(root.dataset.search, location.href));

const engine = new SearchEngine(async (path) => {
  const res = await fetch(new URL(path, base), path === 'manifest.json' ? { cache: 'no-cache' } : {});
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
});

let current = null; // { page, total, terms, shown }
let generation = 0;

function query() {
  const data = new FormData(form);
  const filters = {};
  for (const name of FILTERS) {
    const value = data.get(name);
    if (value) filters[name] = value;
  }
  return { term: (data.get('q') || '').trim().slice(0, 1000), filters };
}

/** Keeps the address bar in step with the form, so a search can be shared. */
function remember({ term, filters }) {
  const params = new URLSearchParams();
  if (term) params.set('q', term);
  for (const [k, v] of Object.entries(filters)) params.set(k, v);
  const search = params.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

function item(f, terms) {
  const li = document.createElement('li');
  const article = document.createElement('article');
  const h2 = document.createElement('h2');
  const a = document.createElement('a');
  a.href = new URL(f.url, new URL('../../', base)).href;
  a.textContent = f.title;
  h2.append(a);
  const meta = document.createElement('p');
  meta.className = 'meta';
  for (const name of ['kind', 'branch', 'date']) {
    if (!f[name]) continue;
    const span = document.createElement('span');
    span.className = name;
    span.textContent = f[name];
    meta.append(span);
  }
  const excerpt = document.createElement('p');
  excerpt.className = 'excerpt';
  for (const [text, marked] of engine.excerpt(f, terms)) {
    if (!marked) excerpt.append(text);
    else {
      const mark = document.createElement('mark');
      mark.textContent = text;
      excerpt.append(mark);
    }
  }
  article.append(h2, meta, excerpt);
  li.append(article);
  return li;
}

/** Appends the next page of results; false when a newer search took over. */
async function showMore() {
  const mine = generation;
  const batch = current.page(current.shown, current.shown + PAGE);
  const fragments = await Promise.all(batch.map((id) => engine.fragment(id)));
  if (mine !== generation) return false;
  list.append(...fragments.map((f) => item(f, current.terms)));
  current.shown += batch.length;
  more.hidden = current.shown >= current.total;
  return true;
}

/** Shows each filter value's count for the current query: 医学影像党支部（12）. */
function showCounts(counts, names = FILTERS) {
  const zh = document.documentElement.lang.startsWith('zh');
  const [open, close] = zh ? ['（', '）'] : [' (', ')'];
  for (const name of names) {
    for (const option of form.elements[name].options) {
      if (!option.value) continue;
      option.textContent = counts ? `${option.value}${open}${counts[name].get(option.value) ?? 0}${close}` : option.value;
    }
  }
}

async function run() {
  const q = query();
  remember(q);
  const mine = ++generation;
  root.setAttribute('aria-busy', 'true');
  try {
    const r = await engine.search(q.term, q.filters);
    if (mine !== generation) return;
    current = { page: r.page, total: r.total, terms: r.terms, shown: 0 };
    list.replaceChildren();
    more.hidden = true;
    if (!r.terms.length && !Object.keys(q.filters).length) {
      showCounts(null);
      status.textContent = status.dataset.hint;
      return;
    }
    showCounts(r.counts, ['kind', 'year']);
    // The list first, then the count: a screen reader announces the count
    // once the results are there to read.
    if (!(await showMore())) return;
    status.textContent = r.total ? root.dataset.results.replace('{n}', r.total) : root.dataset.none;
    // The branches' counts come after the results: they need one more file.
    const branch = await r.branchCounts();
    if (mine === generation) showCounts({ branch }, ['branch']);
  } catch (err) {
    if (err instanceof IndexError) console.error(`search: index file ${new URL(err.file, base).pathname}: ${err.message}`);
    else console.error('search failed', err);
    if (mine === generation) status.textContent = root.dataset.error;
  } finally {
    if (mine === generation) root.removeAttribute('aria-busy');
  }
}

let timer = 0;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

status.dataset.hint = status.textContent;
const params = new URLSearchParams(location.search);
for (const name of ['q', ...FILTERS]) {
  const field = form.elements[name];
  const value = params.get(name);
  if (field && value !== null) field.value = value;
}
form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(timer);
  run();
});
form.elements.q.addEventListener('input', soon);
for (const name of FILTERS) form.elements[name].addEventListener('change', run);
more.querySelector('button').addEventListener('click', showMore);
form.elements.q.addEventListener('focus', () => engine.init().catch(() => {}), { once: true });
if (params.toString()) run();

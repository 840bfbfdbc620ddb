// The search page of the default theme: Pagefind's search API (the index
// branchpress writes under pagefind/) with the theme's own results list.
// Loaded only by /search/; every other page works without JavaScript.
const root = document.querySelector("[data-search]");
const form = root.querySelector("form");
const status = root.querySelector("[role=status]");
const list = root.querySelector(".search-results");
const more = root.querySelector(".search-more");
const PAGE = 10;
const FILTERS = ["branch", "kind", "year"];

let pagefind = null;
let current = null; // { results, shown }
let generation = 0;

function load() {
  pagefind ??= import(root.dataset.search).then(async (pf) => {
    // No web worker: the index is small enough to search on the page, and
    // the worker would be a second download of Pagefind's code.
    await pf.options({ excerptLength: 36, noWorker: true });
    pf.init();
    return pf;
  });
  return pagefind;
}

function query() {
  const data = new FormData(form);
  const filters = {};
  for (const name of FILTERS) {
    const value = data.get(name);
    if (value) filters[name] = value;
  }
  return { term: (data.get("q") || "").trim(), filters };
}

/** Keeps the address bar in step with the form, so a search can be shared. */
function remember({ term, filters }) {
  const params = new URLSearchParams();
  if (term) params.set("q", term);
  for (const [k, v] of Object.entries(filters)) params.set(k, v);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

function item(data) {
  const li = document.createElement("li");
  const article = document.createElement("article");
  const h2 = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h2.append(a);
  const meta = document.createElement("p");
  meta.className = "meta";
  const parts = [data.meta.kind, data.meta.branch, data.meta.date].filter(Boolean);
  for (const [i, text] of parts.entries()) {
    const span = document.createElement("span");
    span.className = ["kind", "branch", "date"][i];
    span.textContent = text;
    meta.append(span);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  // Pagefind's excerpt is HTML: the indexed text, escaped by branchpress,
  // with <mark> around the words that matched. Chinese words come marked
  // segment by segment (<mark>义</mark><mark>诊</mark>): join them.
  excerpt.innerHTML = data.excerpt.replace(/<\/mark>(\s*)<mark>/g, "$1");
  article.append(h2, meta, excerpt);
  li.append(article);
  return li;
}

/** Appends the next page of results; false when a newer search took over. */
async function showMore() {
  const mine = generation;
  const batch = current.results.slice(current.shown, current.shown + PAGE);
  const data = await Promise.all(batch.map((r) => r.data()));
  if (mine !== generation) return false;
  list.append(...data.map(item));
  current.shown += batch.length;
  more.hidden = current.shown >= current.results.length;
  return true;
}

async function run() {
  const q = query();
  remember(q);
  const mine = ++generation;
  if (!q.term && Object.keys(q.filters).length === 0) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = status.dataset.hint ?? status.textContent;
    root.removeAttribute("aria-busy");
    return;
  }
  root.setAttribute("aria-busy", "true");
  try {
    const pf = await load();
    const search = await pf.search(q.term || null, {
      filters: q.filters,
      sort: q.term ? undefined : { date: "desc" },
    });
    if (mine !== generation || !search) return;
    current = { results: search.results, shown: 0 };
    list.replaceChildren();
    // The list first, then the count: a screen reader announces the count
    // once the results are there to read.
    if (!(await showMore())) return;
    const n = search.results.length;
    status.textContent = n
      ? root.dataset.results.replace("{n}", n)
      : root.dataset.none;
  } catch (err) {
    // A portal with nothing published yet has an empty index: no results.
    const empty = /No language indexes/.test(String(err?.message ?? err));
    if (!empty) console.warn("search failed", err);
    if (mine === generation) status.textContent = empty ? root.dataset.none : root.dataset.error;
  } finally {
    if (mine === generation) root.removeAttribute("aria-busy");
  }
}

let timer = 0;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 250);
}

status.dataset.hint = status.textContent;
const params = new URLSearchParams(location.search);
for (const name of ["q", ...FILTERS]) {
  const field = form.elements[name];
  const value = params.get(name);
  if (field && value !== null) field.value = value;
}
form.addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(timer);
  run();
});
form.elements.q.addEventListener("input", soon);
for (const name of FILTERS) form.elements[name].addEventListener("change", run);
more.querySelector("button").addEventListener("click", showMore);
form.elements.q.addEventListener("focus", load, { once: true });
if (params.toString()) run();

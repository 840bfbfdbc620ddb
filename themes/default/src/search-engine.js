// The query side of branchpress's search index (written by `build` under
// search/data/; its format is in docs/search-index.md). Plain JavaScript
// with no dependencies, so it runs in the search page and under Node (the
// oracle test feeds it files from disk). The files but the manifest are
// stored gzipped: the engine inflates them itself (DecompressionStream, or
// inflate.js beside this file where a browser lacks it), and takes them as
// they are when a host has already undone the gzip.
//
//   const engine = new SearchEngine(loadBytes);  // loadBytes(path) → Promise<Uint8Array>
//   const r = await engine.search('义诊 2023', { year: '2023' });
//   r.total; r.page(0, 10); r.counts.kind; await r.branchCounts(); r.terms
//   const fragment = await engine.fragment(ids[0]);
//   engine.excerpt(fragment, terms);              // [[text, marked], …]

const CLASSES = 4;
// Rank weights of title; tags, fields and branch names; summary; body.
const WEIGHTS = [1e6, 1e4, 1e2, 1];
// A query whose Han runs need more shards than this checks a spread of
// their pairs and then the candidates' text.
const MAX_PAIRS = 24;
const BATCH = 8;
// The format this script reads (the manifest's `version`).
const VERSION = 3;

/** `bytes` inflated when they are gzip (1f 8b), else as they are: a host
 * may have sent a stored gzip file with Content-Encoding itself. */
export async function gunzip(bytes) {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  if (typeof DecompressionStream === 'function') {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  const { inflateGzip } = await import('./inflate.js');
  return inflateGzip(bytes);
}

/** An index file that is missing, damaged or from another build. */
export class IndexError extends Error {
  constructor(file, reason) {
    super(`${file}: ${reason}`);
    this.file = file;
  }
}

export function isHan(c) {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x3134f)
    || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x2e80 && c <= 0x2fdf) || c === 0x3005 || c === 0x3007
    || (c >= 0x3021 && c <= 0x3029) || (c >= 0x3038 && c <= 0x303b);
}

const LETTER = /[\p{Alphabetic}\p{N}]/u;

export function isWord(c) {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20)) return false;
  return !isHan(c) && LETTER.test(String.fromCodePoint(c));
}

/** Folds one code point as the index does: full-width ASCII, case. */
export function fold(c) {
  if (c < 0x80) return c >= 65 && c <= 90 ? c + 32 : c;
  if (isHan(c)) return c;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c === 0x3000) c = 32;
  if (c < 0x80) return c >= 65 && c <= 90 ? c + 32 : c;
  const lower = [...String.fromCodePoint(c).toLowerCase()];
  return lower.length === 1 ? lower[0].codePointAt(0) : c;
}

/** A string folded code point by code point (same length in UTF-16). */
export function foldText(s) {
  let out = '';
  for (const ch of s) {
    const f = String.fromCodePoint(fold(ch.codePointAt(0)));
    out += f.length === ch.length ? f : ch;
  }
  return out;
}

/** The terms of a query: Han runs and Latin words, folded, deduplicated;
 * the last word, when nothing follows it, is also a prefix. */
export function parseQuery(query) {
  const terms = [];
  let run = '';
  let kind = null;
  const flush = () => {
    if (run) terms.push({ han: kind === 'han', text: run, prefix: false });
    run = '';
    kind = null;
  };
  for (const ch of query) {
    const c = fold(ch.codePointAt(0));
    const k = isHan(c) ? 'han' : isWord(c) ? 'word' : null;
    if (k !== kind) flush();
    if (k) {
      kind = k;
      run += String.fromCodePoint(c);
    }
  }
  const open = kind === 'word';
  flush();
  const last = terms[terms.length - 1];
  if (open && last && !last.han && [...last.text].length >= 2) last.prefix = true;
  const seen = new Set();
  return terms.filter((t) => {
    const key = `${t.han}${t.prefix}${t.text}`;
    return !seen.has(key) && seen.add(key);
  });
}

function fnv(text) {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h;
}

function wordShard(word) {
  const head = [...word].slice(0, 2).join('');
  return [...new TextEncoder().encode(head)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads LEB128 numbers from a Uint8Array. */
class Reader {
  constructor(bytes, pos = 0, file = '') {
    this.b = bytes;
    this.p = pos;
    this.file = file;
  }

  n() {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (this.p >= this.b.length) throw new IndexError(this.file, 'truncated');
      const byte = this.b[this.p++];
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return v;
      shift += 7;
      if (shift > 49) throw new IndexError(this.file, 'damaged number');
    }
  }

  str() {
    const len = this.n();
    if (this.p + len > this.b.length) throw new IndexError(this.file, 'truncated');
    const s = new TextDecoder().decode(this.b.subarray(this.p, this.p + len));
    this.p += len;
    return s;
  }
}

export class SearchEngine {
  constructor(load) {
    this.load = load;
    this.files = new Map();
    this.ready = null;
  }

  /** The manifest and the records' table, loaded once. */
  init() {
    this.ready ??= (async () => {
      let manifest;
      try {
        const bytes = await this.load('manifest.json');
        if (!bytes) throw new IndexError('manifest.json', 'missing');
        manifest = JSON.parse(new TextDecoder().decode(bytes));
      } catch (e) {
        throw e instanceof IndexError ? e : new IndexError('manifest.json', e.message);
      }
      if (manifest.format !== 'branchpress-search' || manifest.version !== VERSION) {
        throw new IndexError('manifest.json', `not an index this script reads (${manifest.format} ${manifest.version})`);
      }
      this.m = manifest;
      this.words = new Set(manifest.words);
      this.build = parseInt(manifest.build, 16);
      const r = await this.binary('meta.bin');
      const n = r.n();
      if (n !== manifest.records) throw new IndexError('meta.bin', 'record count differs from the manifest');
      const kind = new Uint16Array(n);
      const year = new Uint16Array(n);
      const length = new Float64Array(n);
      for (let i = 0; i < n; i++) kind[i] = r.n();
      for (let i = 0; i < n; i++) year[i] = r.n();
      if (r.p + Math.ceil(n / 2) > r.b.length) throw new IndexError('meta.bin', 'truncated');
      let total = 0;
      for (let i = 0; i < n; i++) {
        length[i] = 2 ** ((r.b[r.p + (i >> 1)] >> ((i & 1) * 4)) & 15) - 1;
        total += length[i];
      }
      this.meta = { n, kind, year, length, branches: null, avg: n ? total / n || 1 : 1 };
      return manifest;
    })();
    return this.ready;
  }

  /** The branches of every record (branches.bin), loaded once: only the
   * branch filter and its counts need them. */
  branchLists() {
    this.branchesReady ??= this.binary('branches.bin').then((r) => {
      const n = r.n();
      if (n !== this.meta.n) throw new IndexError('branches.bin', 'record count differs from the manifest');
      const lists = new Array(n);
      for (let i = 0; i < n; i++) {
        const list = [];
        for (let k = r.n(); k > 0; k--) list.push(r.n());
        lists[i] = list;
      }
      this.meta.branches = lists;
      return lists;
    });
    this.branchesReady.catch(() => { this.branchesReady = null; });
    return this.branchesReady;
  }

  /** A stored file inflated; null when it is missing. */
  async file(path) {
    let bytes;
    try {
      bytes = await this.load(`${path}?v=${this.m.build}`);
    } catch (e) {
      throw new IndexError(path, e.message);
    }
    if (!bytes) return null;
    try {
      return await gunzip(bytes);
    } catch (e) {
      throw new IndexError(path, `damaged or truncated (${e.message})`);
    }
  }

  /** A binary index file, checked: its header, build and length. */
  async binary(path) {
    const bytes = await this.file(path);
    if (!bytes) throw new IndexError(path, 'missing');
    const magic = String.fromCharCode(...bytes.subarray(0, 4));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 12 || magic !== 'BPS1') throw new IndexError(path, 'not a branchpress index file');
    if (view.getUint32(4, true) !== this.build) throw new IndexError(path, 'from another build than manifest.json');
    if (view.getUint32(8, true) !== bytes.length) throw new IndexError(path, `truncated (${bytes.length} of ${view.getUint32(8, true)} bytes)`);
    return new Reader(bytes, 12, path);
  }

  /** A shard's directory: term → where its postings are. */
  shard(path, words) {
    if (!this.files.has(path)) {
      const p = this.binary(path).then((r) => {
        const dir = new Map();
        const count = r.n();
        let off = 0;
        let poff = 0;
        for (let i = 0; i < count; i++) {
          const term = r.str();
          const e = { entries: r.n(), off, len: r.n(), poff, plen: 0, surfaces: [] };
          if (words) for (let k = r.n(); k > 0; k--) e.surfaces.push(r.str());
          else e.plen = r.n();
          off += e.len;
          poff += e.plen;
          dir.set(term, e);
        }
        if (r.p + off > r.b.length) throw new IndexError(path, 'truncated');
        return { dir, bytes: r.b, base: r.p, path };
      });
      this.files.set(path, p);
      p.catch(() => this.files.delete(path));
    }
    return this.files.get(path);
  }

  /** A term's postings: keys (record·4 + class) ascending, their counts,
   * and with `withPositions` their positions (pos[start[i]] … pos[start[i+1]]). */
  async postings(term, withPositions) {
    // Pairs are in t/ (positions in p/), single characters in c/.
    const single = [...term].length === 1;
    const s = fnv(term) & ((single ? this.m.chars : this.m.shards) - 1);
    const shard = await this.shard(`${single ? 'c' : 't'}/${s}.bin`, false);
    const e = shard.dir.get(term);
    if (!e) return EMPTY;
    const raw = new Int32Array(2 * e.entries);
    varints(shard.bytes, shard.base + e.off, raw.length, raw, shard.path);
    const keys = new Int32Array(e.entries);
    const counts = new Int32Array(e.entries);
    let last = 0;
    for (let i = 0; i < e.entries; i++) {
      keys[i] = last + raw[2 * i] - 1;
      last = keys[i] + 1;
      counts[i] = raw[2 * i + 1];
    }
    if (!withPositions) return { keys, counts };
    const pr = await this.binary(`p/${s}.bin`);
    const start = new Int32Array(e.entries + 1);
    let total = 0;
    for (let i = 0; i < e.entries; i++) {
      start[i] = total;
      total += counts[i];
    }
    start[e.entries] = total;
    const pos = new Int32Array(total);
    varints(pr.b, pr.p + e.poff, total, pos, pr.file);
    // Positions are deltas within each entry.
    for (let i = 0; i < e.entries; i++) {
      for (let k = start[i] + 1; k < start[i + 1]; k++) pos[k] += pos[k - 1];
    }
    return { keys, counts, start, pos };
  }

  /** One term's postings as { keys, counts } (keys ascending). */
  async term(t) {
    if (!t.han) return this.word(t);
    const chars = [...t.text];
    if (chars.length <= 2) return this.postings(t.text, false);
    // Pairs at offsets 0, 2, 4 … and the last, so every character is covered;
    // a record matches where all of them line up.
    let offsets = [];
    for (let i = 0; i + 1 < chars.length; i += 2) offsets.push(i);
    if (offsets[offsets.length - 1] !== chars.length - 2) offsets.push(chars.length - 2);
    const exact = offsets.length <= MAX_PAIRS;
    if (!exact) {
      const step = (offsets.length - 1) / (MAX_PAIRS - 1);
      offsets = [...new Set(Array.from({ length: MAX_PAIRS }, (_, i) => offsets[Math.round(i * step)]))];
    }
    const lists = await Promise.all(offsets.map((o) => this.postings(chars[o] + chars[o + 1], true)));
    const keys = [];
    const counts = [];
    const at = new Int32Array(lists.length);
    // A merge join over the lists' keys; where a key is in all, the starts
    // p with pair i at p + offsets[i] for every i.
    outer: while (at[0] < lists[0].keys.length) {
      let key = lists[0].keys[at[0]];
      for (let i = 1; i < lists.length; i++) {
        const l = lists[i];
        while (at[i] < l.keys.length && l.keys[at[i]] < key) at[i]++;
        if (at[i] >= l.keys.length) break outer;
        if (l.keys[at[i]] > key) {
          key = l.keys[at[i]];
          while (at[0] < lists[0].keys.length && lists[0].keys[at[0]] < key) at[0]++;
          continue outer;
        }
      }
      let n = 0;
      const first = lists[0];
      for (let k = first.start[at[0]]; k < first.start[at[0] + 1]; k++) {
        const p = first.pos[k];
        let all = true;
        for (let i = 1; i < lists.length && all; i++) {
          const l = lists[i];
          all = has(l.pos, l.start[at[i]], l.start[at[i] + 1], p + offsets[i]);
        }
        if (all) n++;
      }
      if (n) {
        keys.push(key);
        counts.push(n);
      }
      at[0]++;
    }
    if (!exact) {
      // Too long to line up every pair: count in the text itself.
      for (let i = 0; i < keys.length; i++) {
        const f = await this.fragment(Math.floor(keys[i] / CLASSES));
        counts[i] = countOf(foldText(f.text[keys[i] % CLASSES]), t.text);
      }
      const kept = keys.map((k, i) => [k, counts[i]]).filter(([, c]) => c > 0);
      return { keys: kept.map((x) => x[0]), counts: kept.map((x) => x[1]) };
    }
    return { keys, counts };
  }

  /** A Latin word's postings: every stem of the shard it is, or (for the
   * last word of a query) every form it begins, merged. */
  async word(t) {
    // No word of the index starts with these letters: no shard to fetch.
    const name = wordShard(t.text);
    const shard = this.words.has(name) ? await this.shard(`w/${name}.bin`, true) : { dir: new Map() };
    t.surfaces = new Set();
    const sum = new Map();
    for (const [stem, e] of shard.dir) {
      const forms = [stem, ...e.surfaces];
      const hit = t.prefix ? forms.some((f) => f.startsWith(t.text)) : forms.includes(t.text);
      if (!hit) continue;
      for (const f of forms) t.surfaces.add(f);
      const r = new Reader(shard.bytes, shard.base + e.off, shard.path);
      let last = 0;
      for (let i = 0; i < e.entries; i++) {
        const key = last + r.n() - 1;
        last = key + 1;
        sum.set(key, (sum.get(key) ?? 0) + r.n());
      }
    }
    const keys = [...sum.keys()].sort((a, b) => a - b);
    return { keys, counts: keys.map((k) => sum.get(k)) };
  }

  /** Runs a query with filters ({branch, kind, year}: names as the page shows
   * them). Returns the ids in rank order (`page(from, to)`, `ids`), the
   * count of each kind and year for the query, `branchCounts()` for the
   * branches (loaded on demand), and the terms (for excerpts). */
  async search(query, filters = {}) {
    await this.init();
    const terms = parseQuery(query);
    const { n } = this.meta;
    const counts = { kind: new Map(), year: new Map() };
    if (!terms.length && !Object.values(filters).some(Boolean)) {
      return { ids: [], page: () => [], counts, branchCounts: async () => new Map(), terms, total: 0 };
    }
    let pool;
    let score = null;
    if (terms.length) {
      // Per record: how many terms it has, and its score so far.
      score = new Float64Array(n);
      const hits = new Uint16Array(n);
      let done = 0;
      for (let b = 0; b < terms.length; b += BATCH) {
        const lists = await Promise.all(terms.slice(b, b + BATCH).map((t) => this.term(t)));
        let alive = 0;
        for (const { keys, counts: tf } of lists) {
          for (let i = 0; i < keys.length; i++) {
            const rec = Math.floor(keys[i] / CLASSES);
            if (hits[rec] < done) continue;
            // A term's classes come in a row: count the record once per term.
            if (hits[rec] === done) hits[rec]++;
            score[rec] += this.score(rec, keys[i] % CLASSES, tf[i]);
          }
          done++;
          alive = 0;
          for (let r = 0; r < n; r++) if (hits[r] === done) alive++;
          if (!alive) break;
        }
        if (!alive) break;
      }
      pool = [];
      for (let r = 0; r < n; r++) if (hits[r] === terms.length) pool.push(r);
    } else pool = Array.from({ length: n }, (_, i) => i);
    const want = this.wanted(filters);
    if (want.branch >= 0) await this.branchLists();
    const m = this.meta;
    const byKind = new Int32Array(this.m.kinds.length);
    const byYear = new Int32Array(this.m.years.length + 1);
    const ids = [];
    for (const rec of pool) {
      const okKind = want.kind < 0 || m.kind[rec] === want.kind;
      const okYear = want.year < 0 || m.year[rec] === want.year;
      const okBranch = want.branch < 0 || m.branches[rec].includes(want.branch);
      if (okKind && okYear && okBranch) ids.push(rec);
      if (okYear && okBranch) byKind[m.kind[rec]]++;
      if (okKind && okBranch) byYear[m.year[rec]]++;
    }
    this.m.kinds.forEach((k, i) => byKind[i] && counts.kind.set(k, byKind[i]));
    this.m.years.forEach((y, i) => byYear[i + 1] && counts.year.set(String(y), byYear[i + 1]));
    // The branch counts, when asked for: they need branches.bin.
    const branchCounts = async () => {
      const lists = await this.branchLists();
      const byBranch = new Int32Array(this.m.branches.length);
      for (const rec of pool) {
        if ((want.kind < 0 || m.kind[rec] === want.kind) && (want.year < 0 || m.year[rec] === want.year)) {
          for (const b of lists[rec]) byBranch[b]++;
        }
      }
      const out = new Map();
      this.m.branches.forEach((b, i) => byBranch[i] && out.set(b, byBranch[i]));
      return out;
    };
    return { ...ranked(ids, score), counts, branchCounts, terms, total: ids.length };
  }

  /** The filters as numbers of the records' table: -1 for none, and a
   * number no record has for a value the index does not know. */
  wanted(filters) {
    const pick = (list, v, shift = 0) => {
      if (!v) return -1;
      const i = list.indexOf(v);
      return i < 0 ? 1e9 : i + shift;
    };
    return {
      branch: pick(this.m.branches, filters.branch),
      kind: pick(this.m.kinds, filters.kind),
      year: pick(this.m.years.map(String), filters.year && String(filters.year), 1),
    };
  }

  /** A record's score for `tf` occurrences of a term in class `c`:
   * saturating, the body's normalised by its length; title dominates. */
  score(rec, c, tf) {
    const k = c === CLASSES - 1 ? 1.2 * (0.25 + 0.75 * (this.meta.length[rec] / this.meta.avg)) : 1.2;
    return WEIGHTS[c] * (tf / (tf + k));
  }

  /** What a result shows: url, title, kind, branch, date, text by class. */
  async fragment(id) {
    const path = `r/${id}.bin`;
    if (!this.files.has(path)) {
      const p = this.file(path).then((bytes) => {
        if (!bytes) throw new IndexError(path, 'missing');
        let f;
        try {
          f = JSON.parse(new TextDecoder().decode(bytes));
        } catch (e) {
          throw new IndexError(path, `damaged (${e.message})`);
        }
        if (f.build !== this.m.build) throw new IndexError(path, 'from another build than manifest.json');
        return f;
      }, (e) => { throw e instanceof IndexError ? e : new IndexError(path, e.message); });
      this.files.set(path, p);
      p.catch(() => this.files.delete(path));
    }
    return this.files.get(path);
  }

  /** The excerpt of a fragment: about `size` characters around the first
   * match (in the summary and body, else the fields, else the title), as
   * [text, marked] pieces. */
  excerpt(f, terms, size = 80) {
    const body = [f.text[2], f.text[3]].filter(Boolean).join('\n');
    let text = body;
    let marks = [];
    for (const t of [body, f.text[1], f.text[0]]) {
      marks = matches(t, terms);
      if (marks.length) {
        text = t;
        break;
      }
    }
    if (!marks.length) text = body || f.text[1] || '';
    const first = marks.length ? marks[0][0] : 0;
    let start = Math.max(0, first - Math.floor(size / 4));
    let end = Math.min(text.length, start + size);
    start = Math.max(0, Math.min(start, end - size));
    // Never cut a surrogate pair.
    if (/[\udc00-\udfff]/.test(text[start] ?? '')) start++;
    if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--;
    const pieces = [];
    let at = start;
    for (const [a, b] of marks) {
      if (b <= at || a >= end) continue;
      if (a > at) pieces.push([text.slice(at, a), false]);
      pieces.push([text.slice(Math.max(a, at), Math.min(b, end)), true]);
      at = Math.min(b, end);
    }
    if (at < end) pieces.push([text.slice(at, end), false]);
    if (start > 0) pieces.unshift(['…', false]);
    if (end < text.length) pieces.push(['…', false]);
    return pieces.map(([s, m]) => [s.replace(/\s+/g, ' '), m]);
  }
}

const EMPTY = { keys: [], counts: [] };

/** Decodes `count` LEB128 numbers of `bytes` from `at` into `out`; returns
 * the position after them. One tight loop: the hot path of every query. */
function varints(bytes, at, count, out, file) {
  let p = at;
  for (let i = 0; i < count; i++) {
    let v = 0;
    let shift = 0;
    let byte;
    do {
      if (p >= bytes.length || shift > 28) throw new IndexError(file, 'truncated or damaged postings');
      byte = bytes[p++];
      v |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    out[i] = v >>> 0;
  }
  return p;
}

/** Whether sorted pos[from … to) holds `p`. */
function has(pos, from, to, p) {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pos[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && pos[lo] === p;
}

/** Ids (ascending) in rank order: best score first, ties by id. Sorted
 * natively, without a comparator: each score's double keeps its top 32
 * bits (sign, exponent and 20 bits of mantissa: one part in a million)
 * and carries the id in its low 32, so the doubles' order is the rank. */
function ranked(ids, score) {
  if (score) {
    const keys = new Float64Array(ids.length);
    const words = new Uint32Array(keys.buffer);
    const low = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
    for (let i = 0; i < ids.length; i++) {
      keys[i] = score[ids[i]];
      words[2 * i + low] = 0xffffffff - ids[i];
    }
    keys.sort();
    for (let i = 0; i < ids.length; i++) ids[i] = 0xffffffff - words[2 * (ids.length - 1 - i) + low];
  }
  return { page: (from, to) => ids.slice(from, to), ids };
}

function countOf(haystack, needle) {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Where the terms occur in `text`: sorted, non-overlapping [start, end)
 * ranges in UTF-16 units. */
export function matches(text, terms) {
  if (!text) return [];
  const folded = foldText(text);
  const ranges = [];
  for (const t of terms) {
    if (!t.han) continue;
    for (let i = folded.indexOf(t.text); i >= 0; i = folded.indexOf(t.text, i + t.text.length)) {
      ranges.push([i, i + t.text.length]);
    }
  }
  const words = terms.filter((t) => !t.han);
  if (words.length) {
    let i = 0;
    while (i < folded.length) {
      const c = folded.codePointAt(i);
      const w = c > 0xffff ? 2 : 1;
      if (!isWord(c)) {
        i += w;
        continue;
      }
      let j = i;
      while (j < folded.length && isWord(folded.codePointAt(j))) j += folded.codePointAt(j) > 0xffff ? 2 : 1;
      const word = folded.slice(i, j);
      if (words.some((t) => (t.surfaces ? t.surfaces.has(word) : false) || word === t.text
        || (t.prefix && word.startsWith(t.text)))) ranges.push([i, j]);
      i = j;
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([...r]);
  }
  return out;
}

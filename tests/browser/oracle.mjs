#!/usr/bin/env node
// The search oracle: on a built portal, hundreds of queries are run through
// the theme's own search-engine.js (the code the browser runs), and each
// result set must equal a brute-force scan of the records' text: Han runs
// as substrings, Latin words as whole words (the last also as a prefix),
// every term required, filters and their counts applied.
//
//   node tests/browser/oracle.mjs SITE_DIR [QUERIES] [SEED]
//
// Exit status: 0 when every query agreed, 1 when any did not, 2 on set-up errors.

import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const [siteArg, queriesArg = '400', seedArg = '1'] = process.argv.slice(2);
if (!siteArg || !existsSync(path.join(siteArg, 'search/data/manifest.json'))) {
  console.error('usage: node tests/browser/oracle.mjs SITE_DIR [QUERIES] [SEED] (a built portal with search on)');
  process.exit(2);
}
const site = path.resolve(siteArg);
const data = path.join(site, 'search/data');
const { SearchEngine, foldText, isHan, isWord, parseQuery } = await import(pathToFileURL(path.join(site, 'search-engine.js')).href);
const { inflateGzip } = await import(pathToFileURL(path.join(site, 'inflate.js')).href);

const engine = new SearchEngine(async (p) => {
  try {
    return new Uint8Array(await readFile(path.join(data, p.split('?')[0])));
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw e;
  }
});
const manifest = JSON.parse(readFileSync(path.join(data, 'manifest.json'), 'utf8'));
const records = [];
for (let id = 0; id < manifest.records; id++) {
  // Fragments are stored gzipped; the theme's own inflate.js (what a
  // browser without DecompressionStream runs) must read them as zlib does.
  const stored = readFileSync(path.join(data, `r/${id}.bin`));
  const json = gunzipSync(stored);
  if (id < 50 && Buffer.compare(Buffer.from(inflateGzip(new Uint8Array(stored))), json) !== 0) {
    console.error(`oracle: inflate.js reads r/${id}.bin differently from zlib`);
    process.exit(1);
  }
  const f = JSON.parse(json.toString('utf8'));
  const folded = f.text.map(foldText);
  records.push({ id, f, folded, words: folded.map(wordsOf) });
}

function wordsOf(text) {
  const out = [];
  let w = '';
  for (const ch of text) {
    if (isWord(ch.codePointAt(0))) w += ch;
    else if (w) {
      out.push(w);
      w = '';
    }
  }
  if (w) out.push(w);
  return out;
}

// A small deterministic generator (mulberry32).
let seed = Number(seedArg) >>> 0;
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const pick = (list) => list[Math.floor(random() * list.length)];

/** A random run of 1-6 Han characters that occurs in some record. */
function hanSubstring() {
  for (;;) {
    const r = pick(records);
    const text = [...pick(r.f.text)];
    if (!text.length) continue;
    const at = Math.floor(random() * text.length);
    const len = 1 + Math.floor(random() * 6);
    let s = '';
    for (const ch of text.slice(at, at + len)) {
      if (!isHan(ch.codePointAt(0))) break;
      s += ch;
    }
    if (s) return s;
  }
}

function someWord() {
  for (;;) {
    const ws = pick(pick(records).words);
    if (ws?.length) return pick(ws);
  }
}

/** Han characters of the portal put together in an order that (almost
 * always) occurs nowhere. */
function nowhere() {
  return Array.from({ length: 2 + Math.floor(random() * 4) }, () => [...hanSubstring()][0]).join('');
}

function brute(query, filters) {
  const terms = parseQuery(query);
  const hits = [];
  const kinds = new Map();
  for (const r of records) {
    const ok = terms.every((t) => (t.han
      ? r.folded.some((c) => c.includes(t.text))
      : r.words.some((ws) => ws.some((w) => w === t.text || (t.prefix && w.startsWith(t.text))))));
    if (!ok || (!terms.length && !filters.kind)) continue;
    kinds.set(r.f.kind, (kinds.get(r.f.kind) ?? 0) + 1);
    if (!filters.kind || filters.kind === r.f.kind) hits.push(r.id);
  }
  return { terms, hits, kinds };
}

let failures = 0;
let checks = 0;
let slowest = 0;
async function check(query, filters = {}) {
  checks++;
  const t0 = performance.now();
  const got = await engine.search(query, filters);
  slowest = Math.max(slowest, performance.now() - t0);
  const want = brute(query, filters);
  const a = [...got.ids].sort((x, y) => x - y).join();
  const b = want.hits.join();
  if (a !== b || got.total !== want.hits.length) {
    failures++;
    const extra = got.ids.filter((i) => !want.hits.includes(i));
    const missing = want.hits.filter((i) => !got.ids.includes(i));
    console.log(`  FAIL ${JSON.stringify(query)} ${JSON.stringify(filters)}: ${got.total} found, ${want.hits.length} expected;`
      + ` extra ${extra.slice(0, 5).map((i) => records[i].f.url)} missing ${missing.slice(0, 5).map((i) => records[i].f.url)}`);
    return;
  }
  for (const kind of manifest.kinds) {
    if ((got.counts.kind.get(kind) ?? 0) !== (want.kinds.get(kind) ?? 0)) {
      failures++;
      console.log(`  FAIL ${JSON.stringify(query)}: count of ${kind} is ${got.counts.kind.get(kind)}, expected ${want.kinds.get(kind)}`);
      return;
    }
  }
  // Ranking: a record with every Han term in its title comes before one
  // without any in its title.
  const inTitle = (id) => want.terms.every((t) => t.han && records[id].folded[0].includes(t.text));
  const firstWithout = got.ids.findIndex((id) => !inTitle(id));
  if (firstWithout >= 0 && got.ids.slice(firstWithout).some(inTitle)) {
    failures++;
    console.log(`  FAIL ${JSON.stringify(query)}: a title match ranks below a record without one`);
  }
}

const n = Number(queriesArg);
const started = Date.now();
for (let i = 0; i < n; i++) await check(hanSubstring());
for (let i = 0; i < n / 4; i++) await check(nowhere());
for (let i = 0; i < n / 4; i++) await check(someWord());
for (let i = 0; i < n / 4; i++) {
  const w = someWord();
  if ([...w].length >= 3) await check(w.slice(0, 2 + Math.floor(random() * (w.length - 2))));
}
for (let i = 0; i < n / 4; i++) await check(`${hanSubstring()} ${someWord()}`);
for (let i = 0; i < n / 4; i++) await check(`${hanSubstring()} ${hanSubstring()}`);
for (const kind of manifest.kinds) {
  await check(hanSubstring(), { kind });
  await check('', { kind });
}
// Edge cases: they answer, and sanely.
for (const q of ['！！？', '😀😀', 'a'.repeat(1000), '义'.repeat(1000), Array.from({ length: 100 }, () => someWord()).join(' ')]) {
  await check(q);
}
// A long run that does occur: a whole sentence of a record.
for (let i = 0; i < 5; i++) {
  const text = pick(records).f.text[3] ?? '';
  const run = text.match(/[\u4e00-\u9fff]{30,}/u)?.[0];
  if (run) await check(run);
}

const secs = ((Date.now() - started) / 1000).toFixed(1);
if (failures) {
  console.log(`search oracle: ${failures} of ${checks} queries disagreed with the brute-force scan (${secs} s)`);
  process.exit(1);
}
console.log(`search oracle: ${checks} queries over ${records.length} records agreed with the brute-force scan`
  + ` (${secs} s; slowest query ${slowest.toFixed(1)} ms)`);

#!/usr/bin/env node
// Search tests in real headless Chromium: types real queries into the search
// page of a built portal and asserts on the stories that come back.
//
//   node tests/browser/search.mjs SITE_DIR [zh|en]
//   node tests/browser/search.mjs ROOT_DIR subpath /PREFIX/   (a portal built with a
//        sub-path base URL into ROOT_DIR/PREFIX: results link inside the prefix)
//   node tests/browser/search.mjs SITE_DIR weight TERM...   (measure only: prints
//        the bytes of a first search for each TERM, and of a second query after
//        it, as JSON; used by scripts/bench.py)
//   node tests/browser/search.mjs SITE_DIR timing TERM...   (measure only: prints
//        the milliseconds each query takes in the page with 4× CPU throttling,
//        once its files are loaded, as JSON; used by scripts/bench.py)
//
// The query set depends on the portal: `zh` (default) is the demo portal,
// `en` the English fixture tests/fixtures/english. Also checks the filters,
// the header search box of other pages, the address bar, and how much the
// first search downloads.
//
// Exit status: 0 when every check passed, 1 when any failed, 2 on set-up errors.

import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { findChromium, serve } from './run.mjs';

const TIMEOUT = 20_000;
// The demo portal's budget for a first search (what /search/ downloads after
// the page and its CSS until five results show), from a host that gzips.
const FIRST_SEARCH_LIMIT = 30 * 1024;
// Issue 30's budgets, from a host that compresses nothing (object storage,
// nginx's defaults): a first search, and what a second query adds.
const RAW_FIRST_LIMIT = 50 * 1024;
const SECOND_LIMIT = 15 * 1024;

let checks = 0;
const failures = [];

function check(ok, what, detail = '') {
  checks++;
  if (!ok) {
    failures.push(`${what}${detail ? `: ${detail}` : ''}`);
    console.log(`  FAIL ${what}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}

/** What the results list shows, read from the page as a reader sees it. */
async function results(page) {
  return page.evaluate(() => ({
    status: document.querySelector('.search-status').textContent.trim(),
    items: [...document.querySelectorAll('.search-results li')].map((li) => ({
      title: li.querySelector('h2').textContent.trim(),
      url: new URL(li.querySelector('h2 a').href).pathname,
      kind: li.querySelector('.meta .kind')?.textContent ?? '',
      branch: li.querySelector('.meta .branch')?.textContent ?? '',
      date: li.querySelector('.meta .date')?.textContent ?? '',
      excerpt: li.querySelector('.excerpt').textContent,
      marks: [...li.querySelectorAll('.excerpt mark')].map((m) => m.textContent.trim()),
    })),
  }));
}

/** Waits until the search for the current form has answered (results or none):
 * the page marks itself aria-busy while a search runs. */
async function settled(page) {
  await page.waitForFunction(() => {
    const root = document.querySelector('[data-search]');
    const status = root.querySelector('.search-status');
    return !root.hasAttribute('aria-busy') && status.textContent !== status.dataset.hint;
  }, null, { timeout: TIMEOUT });
}

/** Types `term` into the search page's box as a reader would. */
async function type(page, term) {
  const box = page.locator('#bp-search-q');
  await box.fill('');
  await box.pressSequentially(term, { delay: 20 });
  await box.press('Enter');
  // Enter runs the search at once; the address bar follows the form.
  await page.waitForFunction(
    (t) => new URLSearchParams(location.search).get('q') === t,
    term,
    { timeout: TIMEOUT },
  );
  await settled(page);
  return results(page);
}

const joined = (marks) => marks.join('');

// Queries for the demo portal (content/ of this repository), and what each must find.
const ZH = [
  {
    q: '义诊',
    test(r) {
      check(r.items.length >= 5, '义诊: at least 5 stories', `${r.items.length}`);
      check(r.items.some((i) => i.title === '三个党支部联合走进白石县柳湾村义诊'), '义诊: finds the joint free clinic in 白石县');
      check(r.items.every((i) => (i.title + i.excerpt).includes('义诊')), '义诊: every result mentions 义诊',
        r.items.filter((i) => !(i.title + i.excerpt).includes('义诊')).map((i) => i.title).join(', '));
      check(r.items.some((i) => joined(i.marks).includes('义诊')), '义诊: the excerpt highlights 义诊');
    },
  },
  {
    q: '心脏起搏器',
    test(r) {
      check(r.items[0]?.url.endsWith('/leadless-pacemaker/'), '心脏起搏器: first result is the leadless pacemaker', r.items[0]?.url);
      check(r.items[0]?.kind === '新技术新项目' && r.items[0]?.date === '2024年6月18日', '心脏起搏器: kind and date shown',
        `${r.items[0]?.kind} ${r.items[0]?.date}`);
    },
  },
  {
    q: '马骁', // the emergency branch's secretary
    test(r) {
      check(r.items.some((i) => i.url === '/branches/emergency/' && i.kind === '党支部简介'), '马骁: finds the branch whose secretary he is',
        r.items.map((i) => i.url).join(', '));
      check(r.items.length >= 3 && r.items.every((i) => i.excerpt.includes('马骁')), '马骁: every result mentions him');
    },
  },
  {
    q: '白石县', // a county
    test(r) {
      for (const t of ['三个党支部联合走进白石县柳湾村义诊', '低剂量 CT 肺癌筛查走进白石县，党员医生现场读片']) {
        check(r.items.some((i) => i.title === t), `白石县: finds ${t}`);
      }
    },
  },
  {
    q: '诊', // one character of many words: still something sensible
    test(r) {
      check(r.items.length === 5 && Number(r.status.match(/\d+/)?.[0]) >= 10, '诊: finds many stories, shows five', `${r.items.length}: ${r.status}`);
      check(r.items.slice(0, 10).every((i) => i.marks.some((m) => m.includes('诊'))), '诊: every excerpt highlights a word with 诊');
    },
  },
  {
    q: 'IVUS', // Latin letters inside Chinese text
    test(r) {
      check(r.items[0]?.url.endsWith('/ct-ffr-ivus/'), 'IVUS: first result is the CT-FFR story', r.items[0]?.url);
      check(r.items[0]?.marks.some((m) => m === 'IVUS'), 'IVUS: highlighted');
    },
  },
  {
    q: '2023',
    test(r) {
      check(r.items.length >= 5, '2023: finds stories', `${r.items.length}`);
      check(r.items.every((i) => i.date.startsWith('2023年') || i.excerpt.includes('2023')), '2023: every result is of or mentions 2023');
    },
  },
  {
    q: 'CT 筛查', // mixed: English and Chinese words
    test(r) {
      check(r.items.some((i) => i.title === '低剂量 CT 肺癌筛查走进白石县，党员医生现场读片'), 'CT 筛查: finds the CT screening story',
        r.items.map((i) => i.title).join(' | '));
    },
  },
  {
    q: '火星', // nothing like it on the portal
    test(r) {
      check(r.items.length === 0, 'no-result query: no results', `${r.items.length}`);
      check(r.status.includes('没有找到'), 'no-result query: says so', r.status);
    },
  },
];

// Queries for the English fixture portal.
const EN = [
  {
    q: 'volunteer',
    test(r) {
      // Stemming: "volunteer" finds "volunteers" and "volunteering".
      check(r.items.some((i) => i.title === 'Volunteers run a Saturday free clinic'), 'volunteer: finds the free clinic story',
        r.items.map((i) => i.title).join(' | '));
      check(r.items.some((i) => i.marks.some((m) => /^volunteer/i.test(m))), 'volunteer: highlighted');
    },
  },
  {
    q: 'pacemaker',
    test(r) {
      check(r.items[0]?.title === 'First leadless pacemaker in the city', 'pacemaker: first result', r.items[0]?.title);
      check(r.items[0]?.date === 'June 18, 2024', 'pacemaker: English date', r.items[0]?.date);
    },
  },
  {
    q: 'zebra',
    test(r) {
      check(r.items.length === 0, 'zebra: no results', `${r.items.length}`);
    },
  },
];

async function testQueries(browser, origin, queries) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${origin}/search/`, { waitUntil: 'load' });
  for (const { q, test } of queries) {
    const r = await type(page, q);
    console.log(`  ${q}: ${r.status}; ${r.items.slice(0, 3).map((i) => i.title).join(' | ')}`);
    test(r);
  }
  check(errors.length === 0, 'no console or page errors while searching', errors.join('; '));
  await context.close();
}

/** Bytes a first search for `term` downloads once /search/ and its CSS have
 * loaded: the search scripts, the manifest and records' table, the shards the
 * query needs and the fragments of the first five results; then, for
 * `second`, what a second, different query adds. Counted three ways:
 * `raw` (also `bytes`), as stored, which is what a host that compresses
 * nothing sends (object storage; nginx's defaults, whose gzip_types is
 * text/html only); `gzip`, as a host that compresses text sends them (the
 * .js and .json files gzipped; the index's .bin files are stored gzipped
 * and gain nothing from a second gzip); `dataRaw`, the index files alone
 * as stored (a host that compresses the scripts but no .bin or .json). */
async function firstSearchBytes(browser, origin, term, second) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on('response', (res) => bodies.push(res.body().then((b) => [res.url(), b], () => [res.url(), Buffer.alloc(0)])));
  await page.goto(`${origin}/search/`, { waitUntil: 'load' });
  const r = await type(page, term);
  const sent = ([u, b]) => (/\.bin(\?|$)/.test(u) ? b.length : gzipSync(b, { level: 6 }).length);
  const measure = async (label) => {
    const got = await Promise.all(bodies.splice(0));
    // Not the page, its stylesheet or its icon: the scripts and the index;
    // not branches.bin, which the page loads after the results show (for
    // the branch filter's counts), and which is reported on its own.
    const after = got.filter(([u]) => /\/branches\.bin(\?|$)/.test(u));
    const mine = got.filter(([u]) => /\.js(\?|$)|\/search\/data\//.test(u) && !after.some(([a]) => a === u));
    const later = after.reduce((a, f) => a + sent(f), 0);
    const raw = mine.reduce((a, [, b]) => a + b.length, 0);
    const dataRaw = mine.filter(([u]) => !/\.js(\?|$)/.test(u)).reduce((a, [, b]) => a + b.length, 0);
    const gz = mine.reduce((a, f) => a + sent(f), 0);
    console.log(`  ${label}: ${mine.length} requests, ${(gz / 1024).toFixed(1)} KB from a host that compresses text, `
      + `${(raw / 1024).toFixed(1)} KB from one that compresses nothing (index files ${(dataRaw / 1024).toFixed(1)} KB)`
      + `${later ? `; then branches.bin ${(later / 1024).toFixed(1)} KB` : ''}`);
    return { bytes: raw, raw, dataRaw, gzip: gz, requests: mine.length, after: later };
  };
  const first = await measure(`first search for ${term} (${r.status})`);
  let then = null;
  if (second) {
    const r2 = await type(page, second);
    then = await measure(`then ${second} (${r2.status})`);
  }
  await context.close();
  return { ...first, second: then };
}

/** Milliseconds a query takes in the page, its files loaded, with Chromium
 * throttling the CPU 4× (DevTools' "low-end mobile"): the median of 9 runs
 * of the search and its first page of ids, after 3 to warm up. */
async function timedInPage(page, term) {
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(async (t) => {
    const root = document.querySelector('[data-search]');
    const base = new URL('.', new URL(root.dataset.search, location.href));
    const { SearchEngine } = await import(new URL('../../search-engine.js', base).href);
    const engine = new SearchEngine(async (p) => {
      const res = await fetch(new URL(p, base));
      return res.status === 404 ? null : new Uint8Array(await res.arrayBuffer());
    });
    await engine.search(t);
    const cache = new Map();
    const load = engine.load;
    engine.load = async (p) => (cache.has(p) ? cache.get(p) : cache.set(p, await load(p)).get(p));
    await engine.search(t);
    window.__bpEngine = engine;
  }, term);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const ms = await page.evaluate(async (t) => {
    const engine = window.__bpEngine;
    const times = [];
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      const r = await engine.search(t);
      r.page(0, 10);
      if (i >= 3) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  }, term);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return ms;
}

async function testFirstSearchWeight(browser, origin, term) {
  const { gzip, raw, second } = await firstSearchBytes(browser, origin, term, '心脏起搏器');
  check(gzip < FIRST_SEARCH_LIMIT, `first search downloads under ${FIRST_SEARCH_LIMIT / 1024} KB gzipped`, `${gzip} bytes`);
  check(raw <= RAW_FIRST_LIMIT, `first search downloads at most ${RAW_FIRST_LIMIT / 1024} KB from a host that compresses nothing`, `${raw} bytes`);
  check(second.gzip <= SECOND_LIMIT, `a second query adds at most ${SECOND_LIMIT / 1024} KB gzipped`, `${second.gzip} bytes`);
  check(second.raw <= SECOND_LIMIT, `a second query adds at most ${SECOND_LIMIT / 1024} KB from a host that compresses nothing`, `${second.raw} bytes`);
  // The index's files but the manifest are stored gzipped, so that no host sends them uncompressed.
  const stored = await (await fetch(`${origin}/search/data/meta.bin`)).arrayBuffer();
  check(new Uint8Array(stored)[0] === 0x1f && new Uint8Array(stored)[1] === 0x8b, 'meta.bin is stored gzipped');
}

async function testFiltersAndAddress(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();

  // A filter alone browses: every honor, newest first.
  await page.goto(`${origin}/search/?kind=${encodeURIComponent('荣誉')}`, { waitUntil: 'load' });
  await settled(page);
  let r = await results(page);
  check(r.items.length > 0 && r.items.every((i) => i.kind === '荣誉'), 'kind filter alone: only honors',
    r.items.map((i) => i.kind).join(','));
  const dates = r.items.map((i) => i.date.replace(/(\d+)年(\d+)月(\d+)日/, (_, y, m, d) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`));
  check(dates.join() === [...dates].sort().reverse().join(), 'kind filter alone: newest first', dates.join(' '));

  // A query with a year chosen in the form.
  await page.goto(`${origin}/search/?q=${encodeURIComponent('义诊')}`, { waitUntil: 'load' });
  await settled(page);
  const all = (await results(page)).items.length;
  await page.selectOption('select[name=year]', '2023');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('year') === '2023', null, { timeout: TIMEOUT });
  await settled(page);
  r = await results(page);
  check(r.items.length > 0 && r.items.length < all && r.items.every((i) => i.date.startsWith('2023年')),
    'year filter: only 2023 stories', `${r.items.length} of ${all}: ${r.items.map((i) => i.date).join(',')}`);

  // And a branch.
  await page.selectOption('select[name=year]', '');
  await page.selectOption('select[name=branch]', '医学影像党支部');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('branch') === '医学影像党支部', null, { timeout: TIMEOUT });
  await settled(page);
  r = await results(page);
  // Its own stories, and joint ones whose page names it among the branches.
  const joint = await Promise.all(r.items.filter((i) => !i.url.startsWith('/branches/imaging/'))
    .map(async (i) => [i.url, (await (await fetch(origin + i.url)).text()).includes('医学影像党支部')]));
  check(r.items.length > 0 && joint.every(([, ok]) => ok),
    'branch filter: the imaging branch\'s stories (its own or joint)', joint.map(([u, ok]) => `${u} ${ok}`).join(', '));

  // The header box of any page leads to /search/?q=… with the results.
  await page.goto(`${origin}/branches/`, { waitUntil: 'load' });
  await page.locator('#bp-q').fill('心脏起搏器');
  await Promise.all([page.waitForURL(/\/search\/\?q=/), page.locator('#bp-q').press('Enter')]);
  check(new URL(page.url()).searchParams.get('q') === '心脏起搏器', 'header box: goes to /search/?q=…', page.url());
  await settled(page);
  r = await results(page);
  check(r.items[0]?.url.endsWith('/leadless-pacemaker/'), 'header box: results shown', r.items[0]?.url);
  check(await page.inputValue('#bp-search-q') === '心脏起搏器', 'header box: the query is in the search page\'s box');

  // "Show more" loads the next results.
  await page.goto(`${origin}/search/?q=${encodeURIComponent('诊')}`, { waitUntil: 'load' });
  await settled(page);
  const before = (await results(page)).items.length;
  await page.click('.search-more button');
  await page.waitForFunction((n) => document.querySelectorAll('.search-results li').length > n, before, { timeout: TIMEOUT });
  const after = (await results(page)).items.length;
  check(after > before, 'show more: more results', `${before} → ${after}`);
  await context.close();
}

/** What the issue asks of the results page beyond single queries: results
 * while typing, exact counts, counts by filter value, a damaged index file,
 * and a query of 1,000 characters. */
async function testTypingCountsAndDamage(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto(`${origin}/search/`, { waitUntil: 'load' });

  // Typing alone (no Enter) shows results once the reader pauses.
  await page.locator('#bp-search-q').pressSequentially('义诊', { delay: 30 });
  await page.waitForFunction(() => document.querySelectorAll('.search-results li').length > 0, null, { timeout: TIMEOUT });
  await settled(page);
  let r = await results(page);
  check(r.items.length > 0 && new URLSearchParams(new URL(page.url()).search).get('q') === '义诊',
    'typing: results show without pressing Enter', `${r.items.length} ${page.url()}`);

  // The count is exact: show more until there is no more, and count the list.
  const stated = Number(r.status.match(/\d+/)?.[0]);
  while (await page.isVisible('.search-more button')) {
    const n = r.items.length;
    await page.click('.search-more button');
    await page.waitForFunction((k) => document.querySelectorAll('.search-results li').length > k, n, { timeout: TIMEOUT });
    r = await results(page);
  }
  check(stated === r.items.length, 'the count is exact', `says ${stated}, lists ${r.items.length}`);
  check(r.items.every((i) => (i.title + i.excerpt).includes('义诊') || i.marks.length), '义诊: every result shows where it matched');

  // Each filter value shows its count for the query, and choosing it gives that many.
  const options = await page.$$eval('select[name=kind] option', (os) => os.map((o) => [o.value, o.textContent]));
  const counted = options.filter(([v, t]) => v && /（\d+）$/.test(t));
  check(counted.length === options.length - 1, 'kind filter: every value shows a count', options.map((o) => o[1]).join(','));
  const [value, label] = counted.find(([, t]) => !/（0）$/.test(t)) ?? [];
  if (value) {
    await page.selectOption('select[name=kind]', value);
    await page.waitForFunction((v) => new URLSearchParams(location.search).get('kind') === v, value, { timeout: TIMEOUT });
    await settled(page);
    const status = (await results(page)).status;
    check(status.includes(label.match(/（(\d+)）$/)[1]), 'kind filter: its count is the number of results', `${label}: ${status}`);
  }

  // 1,000 characters: answers, quickly, without errors.
  await page.selectOption('select[name=kind]', '');
  const long = '党支部组织党员开展主题党日活动'.repeat(67).slice(0, 1000);
  const t0 = Date.now();
  await page.fill('#bp-search-q', long);
  await page.press('#bp-search-q', 'Enter');
  await settled(page);
  check(Date.now() - t0 < 10_000, 'a 1,000-character query answers', `${Date.now() - t0} ms`);
  r = await results(page);
  check(r.items.length === 0 && r.status.includes('没有找到'), 'a 1,000-character query: nothing found, said so', r.status);
  check(consoleErrors.length === 0, 'no console errors while typing and filtering', consoleErrors.join('; '));
  await context.close();

  // A damaged index file: a message for the reader, the file named in the console.
  // The files are stored gzipped: another build's file is this one with
  // its build id changed, gzipped again.
  for (const [what, damage] of [['missing', null], ['truncated', (b) => b.subarray(0, b.length >> 1)], ['from another version', (b) => {
    const c = gunzipSync(b);
    c[4] ^= 0xff;
    return gzipSync(c);
  }], ['served inflated by the host, from another version', (b) => {
    const c = gunzipSync(b);
    c[4] ^= 0xff;
    return c;
  }]]) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    const logged = [];
    p.on('console', (m) => logged.push(m.text()));
    await p.route(/\/search\/data\/t\/\d+\.bin/, async (route) => {
      if (!damage) return route.fulfill({ status: 404, body: 'not found' });
      const res = await route.fetch();
      await route.fulfill({ response: res, body: damage(await res.body()) });
    });
    await p.goto(`${origin}/search/?q=${encodeURIComponent('义诊')}`, { waitUntil: 'load' });
    await settled(p);
    const status = (await results(p)).status;
    check(status.includes('搜索暂时无法使用'), `a ${what} index file: the reader is told`, status);
    check(logged.some((l) => /search\/data\/t\/\d+\.bin/.test(l)), `a ${what} index file: the console names it`, logged.join(' | '));
    await ctx.close();
  }
}

/** A browser without DecompressionStream (Safari before 16.4, older
 * WeChat browsers) reads the gzipped index with the theme's inflate.js. */
async function testWithoutDecompressionStream(browser, origin) {
  const context = await browser.newContext();
  await context.addInitScript(() => { delete globalThis.DecompressionStream; });
  const page = await context.newPage();
  const errors = [];
  const urls = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (req) => urls.push(req.url()));
  await page.goto(`${origin}/search/?q=${encodeURIComponent('义诊')}`, { waitUntil: 'load' });
  await settled(page);
  const r = await results(page);
  check(r.items.length >= 5 && r.items.some((i) => joined(i.marks).includes('义诊')),
    'without DecompressionStream: results and excerpts', `${r.items.length} ${r.status}`);
  check(urls.some((u) => /\/inflate\.js(\?|$)/.test(u)), 'without DecompressionStream: inflate.js is loaded');
  check(errors.length === 0, 'without DecompressionStream: no errors', errors.join('; '));
  await context.close();
}

async function testSubPath(browser, origin, prefix) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (res) => { if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${res.url()}`); });
  await page.goto(`${origin}${prefix}search/?q=${encodeURIComponent('义诊')}`, { waitUntil: 'load' });
  await settled(page);
  const r = await results(page);
  check(r.items.length >= 5, `${prefix}: results under a sub-path`, `${r.items.length}`);
  check(r.items.every((i) => i.url.startsWith(`${prefix}branches/`)), `${prefix}: every result links inside the prefix`,
    r.items.map((i) => i.url).join(', '));
  if (r.items[0]) {
    const res = await page.goto(origin + r.items[0].url);
    check(res?.status() === 200, `${prefix}: the first result opens`, `${res?.status()} ${r.items[0].url}`);
  }
  check(errors.length === 0, `${prefix}: no errors`, errors.join('; '));
  await context.close();
}

async function main() {
  const [siteArg, lang = 'zh', ...terms] = process.argv.slice(2);
  if (!siteArg) {
    console.error('usage: node tests/browser/search.mjs SITE_DIR [zh|en]');
    return 2;
  }
  const root = path.resolve(siteArg);
  const prefix = lang === 'subpath' ? terms[0] : '/';
  if (!existsSync(path.join(root, prefix, 'search', 'index.html'))) {
    console.error(`search.mjs: ${root} has no search/index.html; build the site first`);
    return 2;
  }
  const executablePath = findChromium();
  if (!executablePath) {
    console.error('search.mjs: no Chromium found; set CHROMIUM or run scripts/install-browser.sh');
    return 2;
  }
  const { server, origin } = await serve(root);
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const started = Date.now();
  if (lang === 'timing') {
    try {
      const times = {};
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${origin}/search/`, { waitUntil: 'load' });
      for (const term of terms) times[term] = await timedInPage(page, term);
      console.log(JSON.stringify(times));
      return 0;
    } finally {
      await browser.close().catch(() => {});
      server.close();
    }
  }
  if (lang === 'weight') {
    try {
      const bytes = {};
      for (const term of terms) bytes[term] = await firstSearchBytes(browser, origin, term, term === terms[0] ? terms[1] : terms[0]);
      console.log(JSON.stringify(bytes));
      return 0;
    } finally {
      await browser.close().catch(() => {});
      server.close();
    }
  }
  try {
    console.log(`search (${lang}) on ${root}`);
    if (lang === 'subpath') await testSubPath(browser, origin, prefix);
    else await testQueries(browser, origin, lang === 'en' ? EN : ZH);
    if (lang === 'zh') {
      await testFirstSearchWeight(browser, origin, '义诊');
      await testWithoutDecompressionStream(browser, origin);
      await testFiltersAndAddress(browser, origin);
      await testTypingCountsAndDamage(browser, origin);
    }
  } catch (err) {
    check(false, 'search tests crashed', err?.stack ?? String(err));
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    console.log(`\nsearch tests (${lang}): ${failures.length} of ${checks} checks failed (${secs} s)`);
    return 1;
  }
  console.log(`\nsearch tests (${lang}): ${checks} checks passed (${secs} s)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().then((code) => { process.exitCode = code; }, (err) => {
    console.error(err?.stack ?? String(err));
    process.exitCode = 2;
  });
}

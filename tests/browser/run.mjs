#!/usr/bin/env node
// Browser tests of a site built by branchpress, in real headless Chromium.
//
//   node tests/browser/run.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 (a free port), discovers a set of pages from
// the built site itself (stats.json, sitemap.xml, index pages), and checks each
// at a phone (360x740) and a desktop (1280x800) viewport: no console errors,
// no page errors, no failed or >= 400 requests, no horizontal scrolling on the
// phone, one <h1>, one <main>, <html lang>, alt on every <img>; runs axe-core
// on the main page types (light and dark); checks page weight, reading without
// JavaScript, print styles and the skip link.  Full-page screenshots go to
// $SCREENSHOTS (default target/screenshots).
//
// Environment:
//   CHROMIUM      Chromium/Chrome binary (default: first of /usr/bin/chromium,
//                 /usr/bin/chromium-browser, /usr/bin/google-chrome)
//   SCREENSHOTS   output folder for screenshots and the PDF
//   BROWSER_JOBS  pages tested at once (default 2)
//
// Exit status: 0 when every check passed, 1 when any failed, 2 on a usage or
// set-up error (no site, no browser, discovery failed).

import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- settings

const NAV_TIMEOUT = 30_000;
const PHONE = {
  name: 'phone',
  width: 360,
  options: {
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
};
const DESKTOP = {
  name: 'desktop',
  width: 1280,
  options: { viewport: { width: 1280, height: 800 } },
};
const VIEWPORTS = [PHONE, DESKTOP];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const AXE_PAGES = new Set(['home', 'branch', 'story', 'honors', 'stats', 'search']);
const AXE_DARK_PAGES = new Set(['home', 'stats']);
const WEIGHT_LIMIT = 100 * 1024; // home page, everything but images
const CSS_LIMIT = 30 * 1024;
const PRINT_HIDDEN = '.site-header nav, .skip, form[role=search]';
const SKIP_LINK = 'a[href="#bp-main"]';
const MISSING_PATH = '/no-such-page/';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
};

// ---------------------------------------------------------------- results

let checks = 0;
const failures = [];
const warnings = [];

/** One check: counts it, and records a failure when `ok` is false. */
function check(ok, page, width, what, log) {
  checks++;
  if (!ok) {
    const line = `${page}${width ? ` @${width}` : ''}: ${what}`;
    failures.push(line);
    (log ?? console.log)(`  FAIL ${line}`);
  }
  return ok;
}

function warn(line, log) {
  warnings.push(line);
  (log ?? console.log)(`  warn ${line}`);
}

function clip(text, n = 160) {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// ---------------------------------------------------------------- server

/** A static file server over `root`; resolves to {server, origin, requests}. */
export function serve(root) {
  const requests = [];
  const notFoundPage = path.join(root, '404.html');

  function send(req, res, status, file, extraHeaders = {}) {
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const size = statSync(file).size;
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...extraHeaders,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  }

  function plain(req, res, status, text, headers = {}) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
  }

  const server = createServer((req, res) => {
    const entry = { method: req.method, url: req.url, status: 0 };
    requests.push(entry);
    res.on('finish', () => { entry.status = res.statusCode; });
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return plain(req, res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        return plain(req, res, 400, 'bad request');
      }
      if (rel.includes('\0')) return plain(req, res, 400, 'bad request');
      const file = path.resolve(root, `.${rel.startsWith('/') ? rel : `/${rel}`}`);
      if (file !== root && !file.startsWith(root + path.sep)) {
        return plain(req, res, 403, 'forbidden');
      }
      let stat = existsSync(file) ? statSync(file) : null;
      if (stat?.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          return plain(req, res, 301, 'moved', { Location: `${url.pathname}/${url.search}` });
        }
        const index = path.join(file, 'index.html');
        if (existsSync(index)) return send(req, res, 200, index);
        stat = null;
      }
      if (stat?.isFile()) return send(req, res, 200, file);
      if (existsSync(notFoundPage)) return send(req, res, 404, notFoundPage);
      return plain(req, res, 404, 'not found');
    } catch (err) {
      if (!res.headersSent) plain(req, res, 500, String(err));
      else res.destroy(err);
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, requests });
    });
  });
}

// ---------------------------------------------------------------- discovery

async function fetchText(origin, p) {
  const res = await fetch(origin + p);
  if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
  return res.text();
}

/** Root-relative hrefs inside <main> (or the whole page) matching `re`. */
function links(html, re) {
  const main = html.match(/<main\b[\s\S]*?<\/main>/i)?.[0] ?? html;
  const out = [];
  for (const m of main.matchAll(/\bhref\s*=\s*["']([^"'#?]+)/gi)) {
    let href = m[1];
    try {
      href = new URL(href, 'http://x/').pathname;
    } catch {
      continue;
    }
    if (re.test(href) && !out.includes(href)) out.push(href);
  }
  return out;
}

/** The pages to test, found from the built site: [{name, path, status}]. */
async function discover(origin, root) {
  const pages = [
    { name: 'home', path: '/' },
    { name: 'branches', path: '/branches/' },
  ];

  const stats = JSON.parse(await fetchText(origin, '/stats.json'));
  const slug = stats?.branches?.[0]?.slug;
  if (!slug) throw new Error('stats.json has no branches[0].slug');
  pages.push({ name: 'branch', path: `/branches/${encodeURIComponent(slug)}/` });

  const sitemap = await fetchText(origin, '/sitemap.xml');
  const locs = [...sitemap.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => {
    try {
      return new URL(m[1].replace(/&amp;/g, '&')).pathname;
    } catch {
      return null;
    }
  }).filter(Boolean);
  const stories = locs.filter((p) => {
    const seg = p.match(/^\/branches\/([^/]+)\/([^/]+)\/([^/]+)\/$/);
    return seg && seg[2] !== 'page' && seg[3] !== 'page';
  });
  if (!stories.length) throw new Error('sitemap.xml lists no story page /branches/<slug>/<kind>/<story>/');
  let story = stories[0];
  for (const p of stories) {
    const html = await fetchText(origin, p).catch(() => '');
    const main = html.match(/<main\b[\s\S]*?<\/main>/i)?.[0] ?? '';
    if (/<img\b/i.test(main)) {
      story = p;
      break;
    }
  }
  pages.push({ name: 'story', path: story });

  for (const name of ['honors', 'techniques', 'activities']) pages.push({ name, path: `/${name}/` });

  for (const [name, one] of [['tags', 'tag'], ['years', 'year']]) {
    const index = `/${name}/`;
    pages.push({ name, path: index });
    const html = await fetchText(origin, index).catch(() => '');
    const re = new RegExp(`^/${name}/[^/]+/$`);
    const first = links(html, re)[0] ?? locs.find((p) => re.test(p));
    if (!first) throw new Error(`no ${one} page linked from ${index} or listed in sitemap.xml`);
    pages.push({ name: one, path: first });
  }

  pages.push({ name: 'stats', path: '/stats/' });
  if (existsSync(path.join(root, 'search', 'index.html'))) {
    pages.push({ name: 'search', path: `/search/?q=${encodeURIComponent('义诊')}`, ready: '.search-results li' });
  }
  if (existsSync(path.join(root, 'about', 'index.html')) || locs.includes('/about/')) {
    pages.push({ name: 'about', path: '/about/' });
  }
  pages.push({ name: '404', path: MISSING_PATH, status: 404 });
  for (const p of pages) p.status ??= 200;
  return pages;
}

// ---------------------------------------------------------------- in-page helpers (run in the browser)

/** The elements sticking out to the right of the viewport that cause it. */
function overflowCulprits(viewportWidth) {
  const limit = viewportWidth + 1;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    for (const c of el.classList) s += `.${c}`;
    return s;
  };
  const pathOf = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement && parts.length < 4; e = e.parentElement) {
      parts.unshift(describe(e));
    }
    return parts.join(' > ');
  };
  // Inside a box that scrolls or clips horizontally, an element does not make the page scroll.
  const contained = (el) => {
    for (let e = el.parentElement; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox !== 'visible') return true;
    }
    return false;
  };
  const over = (el) => el.getBoundingClientRect().right > limit;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= limit || contained(el)) continue;
    // Report the element where the overflow starts: its parent fits.
    const parent = el.parentElement;
    if (parent && parent !== document.body && over(parent)) continue;
    found.push({
      el: pathOf(el),
      right: Math.round(r.right),
      width: Math.round(r.width),
      text: (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60),
    });
  }
  found.sort((a, b) => b.right - a.right);
  return found.slice(0, 3);
}

/** Whether an element would be seen: rendered, not transparent, not clipped away, on the page. */
function seen(el) {
  if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
  const r = el.getBoundingClientRect();
  if (r.width <= 1 || r.height <= 1) return false;
  const sx = window.scrollX;
  const sy = window.scrollY;
  const docW = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  if (r.right + sx <= 0 || r.bottom + sy <= 0 || r.left + sx >= docW) return false;
  const cs = getComputedStyle(el);
  if (cs.clipPath && cs.clipPath !== 'none' && /inset\(\s*50%|circle\(\s*0/.test(cs.clipPath)) return false;
  if (cs.clip && /rect\(\s*0(px)?,?\s+0(px)?,?\s+0(px)?,?\s+0(px)?\s*\)/.test(cs.clip)) return false;
  return true;
}

// ---------------------------------------------------------------- page tests

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function runAxe(page, label, width, log) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      count: v.nodes.length,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target.join(' '), html: n.html })),
    }));
  }, AXE_TAGS);
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result) {
    const bad = v.impact === 'serious' || v.impact === 'critical';
    log(`  axe ${bad ? 'VIOLATION' : 'warning'} [${v.impact}] ${v.id}: ${v.help} (${v.count} node${v.count === 1 ? '' : 's'})`);
    for (const n of v.nodes) log(`      ${n.target}   ${clip(n.html, 200)}`);
    if (!bad) warnings.push(`${label} @${width}: axe [${v.impact}] ${v.id}: ${v.help} (${v.count})`);
  }
  checks++; // the axe run itself
  for (const v of serious) {
    check(false, label, width,
      `axe [${v.impact}] ${v.id}: ${v.help} (${v.count} node${v.count === 1 ? '' : 's'}; first: ${v.nodes[0]?.target ?? '?'})`,
      log);
  }
  if (!result.length) log('  axe: no violations');
}

/** Load `p` in a new page of `context`, with the event checks wired; returns helpers. */
async function openPage(context, origin, p, width, log, { weigh = false } = {}) {
  const page = await context.newPage();
  const url = origin + p.path;
  const problems = [];
  let watching = true;
  const bodies = [];

  page.on('console', (msg) => {
    if (!watching || msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    // The browser's own request for /favicon.ico lands on whichever page loads first;
    // it is checked once for the whole site instead (see testFavicon).
    if (where === `${origin}/favicon.ico`) return;
    // Chromium logs the intentional 404 of the main document as a console error.
    if (p.status === 404 && where === url && /status of 404/.test(msg.text())) return;
    problems.push(`console error: ${clip(msg.text())}${where ? ` (${where.replace(origin, '')})` : ''}`);
  });
  page.on('pageerror', (err) => {
    if (watching) problems.push(`page error: ${clip(err.message)}`);
  });
  page.on('requestfailed', (req) => {
    if (watching && req.url() !== `${origin}/favicon.ico`) problems.push(`request failed: ${req.url().replace(origin, '')} (${req.failure()?.errorText ?? '?'})`);
  });
  page.on('response', (res) => {
    if (!watching) return;
    const req = res.request();
    const isMainDoc = req.isNavigationRequest() && req.frame() === page.mainFrame();
    if (res.url() === `${origin}/favicon.ico`) return;
    if (res.status() >= 400 && !(isMainDoc && p.status === 404 && res.status() === 404)) {
      problems.push(`HTTP ${res.status()} for ${res.url().replace(origin, '')}`);
    }
    if (weigh) {
      bodies.push(res.body().then(
        (b) => ({ type: req.resourceType(), url: res.url(), size: b.length }),
        () => ({ type: req.resourceType(), url: res.url(), size: 0 }),
      ));
    }
  });

  const response = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
  // Load lazy images too (to catch broken ones and to screenshot them), then wait for them and the fonts.
  await page.evaluate(async () => {
    for (const img of document.images) if (img.loading === 'lazy') img.loading = 'eager';
    await Promise.all([...document.images].map((img) => (img.complete
      ? null
      : new Promise((r) => { img.addEventListener('load', r); img.addEventListener('error', r); }))));
    await document.fonts?.ready;
  });
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  // Pages that fill themselves in (search results) are checked once they have.
  if (p.ready) await page.waitForSelector(p.ready, { timeout: NAV_TIMEOUT }).catch(() => {});

  return {
    page,
    response,
    problems,
    bodies,
    stop() { watching = false; },
  };
}

async function testPage(context, vp, origin, root, p, shots) {
  const lines = [];
  const log = (s) => lines.push(s);
  const { width } = vp;
  log(`${p.name} ${p.path} @${width}`);
  const weigh = p.name === 'home' && width === DESKTOP.width;
  let opened;
  try {
    opened = await openPage(context, origin, p, width, log, { weigh });
    const { page, response, problems } = opened;

    // The right document with the right status.
    check(response?.status() === p.status, p.name, width,
      `expected HTTP ${p.status}, got ${response?.status() ?? 'no response'}`, log);
    if (p.status === 404) {
      const body = await response.text();
      const expected = readFileSync(path.join(root, '404.html'), 'utf8');
      check(body === expected, p.name, width, 'the missing page does not show 404.html', log);
    }

    // Page structure.
    const facts = await page.evaluate(() => ({
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main, [role="main"]').length,
      lang: document.documentElement.getAttribute('lang'),
      noAlt: [...document.images].filter((i) => !i.hasAttribute('alt')).map((i) => i.getAttribute('src')),
      broken: [...document.images].filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.getAttribute('src')),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      title: document.title,
    }));
    check(facts.h1 === 1, p.name, width, `expected exactly one <h1>, found ${facts.h1}`, log);
    check(facts.main === 1, p.name, width, `expected one <main> landmark, found ${facts.main}`, log);
    check(Boolean(facts.lang?.trim()), p.name, width, '<html lang> is missing or empty', log);
    check(facts.noAlt.length === 0, p.name, width, `<img> without alt: ${facts.noAlt.slice(0, 3).join(', ')}`, log);
    check(facts.broken.length === 0, p.name, width, `broken image: ${facts.broken.slice(0, 3).join(', ')}`, log);
    check(Boolean(facts.title.trim()), p.name, width, '<title> is empty', log);

    // No horizontal scrolling on the phone.  With isMobile, Chromium may widen
    // window.innerWidth to fit overflowing content, so compare against the
    // configured viewport width too.
    if (vp === PHONE) {
      const limit = Math.min(facts.innerWidth, width) + 1;
      if (!check(facts.scrollWidth <= limit, p.name, width,
        `horizontal scroll: page is ${facts.scrollWidth}px wide in a ${width}px viewport${
          await page.evaluate(overflowCulprits, width).then((c) => (c.length
            ? `; widest: ${c.map((o) => `${o.el} (right edge ${o.right}px, width ${o.width}px${o.text ? `, "${o.text}"` : ''})`).join('; ')}`
            : ''))}`, log)) {
        // details are in the failure line
      }
    }

    const file = path.join(shots, `${p.name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });

    if (AXE_PAGES.has(p.name)) await runAxe(page, p.name, width, log);
    if (AXE_DARK_PAGES.has(p.name)) {
      await page.emulateMedia({ colorScheme: 'dark' });
      log('  (dark colour scheme)');
      await runAxe(page, `${p.name} (dark)`, width, log);
      await page.screenshot({ path: path.join(shots, `${p.name}-${width}-dark.png`), fullPage: true });
      await page.emulateMedia({ colorScheme: null });
    }

    if (weigh) {
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
      const all = await Promise.all(opened.bodies);
      const notImages = all.filter((b) => b.type !== 'image');
      const total = notImages.reduce((s, b) => s + b.size, 0);
      const css = all.filter((b) => b.type === 'stylesheet').reduce((s, b) => s + b.size, 0);
      log(`  weight: ${total} bytes without images (limit ${WEIGHT_LIMIT}), CSS ${css} bytes (limit ${CSS_LIMIT})`);
      for (const b of notImages) log(`      ${b.type.padEnd(10)} ${String(b.size).padStart(7)}  ${b.url.replace(origin, '')}`);
      check(total < WEIGHT_LIMIT, p.name, width, `page weight without images ${total} bytes >= ${WEIGHT_LIMIT}`, log);
      check(css < CSS_LIMIT, p.name, width, `CSS weight ${css} bytes >= ${CSS_LIMIT}`, log);
    }

    // Events gathered during everything above.
    opened.stop();
    checks++;
    for (const what of [...new Set(problems)]) check(false, p.name, width, what, log);
  } catch (err) {
    check(false, p.name, width, `test crashed: ${clip(err.message, 300)}`, log);
  } finally {
    opened?.stop();
    await opened?.page.close().catch(() => {});
  }
  return lines;
}

// ---------------------------------------------------------------- other tests

async function testNoJavaScript(browser, origin, pages) {
  console.log('no JavaScript');
  const context = await browser.newContext({ ...DESKTOP.options, javaScriptEnabled: false });
  context.setDefaultTimeout(NAV_TIMEOUT);
  try {
    for (const name of ['home', 'story', 'stats']) {
      const p = pages.find((x) => x.name === name);
      if (!p) continue;
      const label = `${name} (no JS)`;
      const page = await context.newPage();
      try {
        const res = await page.goto(origin + p.path, { waitUntil: 'load', timeout: NAV_TIMEOUT });
        check(res?.status() === 200, label, DESKTOP.width, `expected HTTP 200, got ${res?.status()}`);
        const h1 = page.locator('h1').first();
        check(await h1.isVisible(), label, DESKTOP.width, 'the <h1> is not visible without JavaScript');
        const text = ((await page.locator('main').first().innerText().catch(() => '')) || '').trim();
        check(text.length > 0, label, DESKTOP.width, 'the <main> text is empty without JavaScript');
        console.log(`  ${p.path}: h1 "${clip(await h1.innerText().catch(() => ''), 60)}", main ${text.length} characters`);
      } catch (err) {
        check(false, label, DESKTOP.width, `test crashed: ${clip(err.message, 300)}`);
      } finally {
        await page.close().catch(() => {});
      }
    }
  } finally {
    await context.close();
  }
}

async function testPrint(browser, origin, pages, shots) {
  console.log('print');
  const context = await browser.newContext(DESKTOP.options);
  context.setDefaultTimeout(NAV_TIMEOUT);
  try {
    for (const name of ['branch', 'year']) {
      const p = pages.find((x) => x.name === name);
      if (!p) continue;
      const label = `${name} (print)`;
      const page = await context.newPage();
      try {
        await page.goto(origin + p.path, { waitUntil: 'load', timeout: NAV_TIMEOUT });
        await page.emulateMedia({ media: 'print' });
        // seen() is serialised into the page as source: page.evaluate cannot share functions.
        const shown = await page.evaluate(`(() => {
          const seen = ${seen.toString()};
          const name = (el) => el.tagName.toLowerCase()
            + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '');
          return [...document.querySelectorAll(${JSON.stringify(PRINT_HIDDEN)})].filter(seen)
            .map((el) => (el.parentElement && el.parentElement !== document.body
              ? name(el.parentElement) + ' > ' : '') + name(el));
        })()`);
        check(shown.length === 0, label, DESKTOP.width,
          `visible in print (should be hidden): ${shown.join(', ')}`);
        await page.screenshot({ path: path.join(shots, `print-${name}.png`), fullPage: true });
        if (name === 'branch') {
          const pdfFile = path.join(shots, 'branch.pdf');
          const pdf = await page.pdf({ path: pdfFile, format: 'A4', printBackground: false });
          check(pdf.length > 1000 && pdf.subarray(0, 5).toString() === '%PDF-', label, DESKTOP.width,
            `page.pdf() wrote no valid PDF (${pdf.length} bytes)`);
          console.log(`  ${p.path}: ${pdfFile} (${pdf.length} bytes)`);
        }
        console.log(`  ${p.path}: print-${name}.png${shown.length ? '' : `; ${PRINT_HIDDEN} hidden`}`);
      } catch (err) {
        check(false, label, DESKTOP.width, `test crashed: ${clip(err.message, 300)}`);
      } finally {
        await page.close().catch(() => {});
      }
    }
  } finally {
    await context.close();
  }
}

/** Browsers ask every site for an icon: the one the pages declare, else /favicon.ico. */
async function testFavicon(origin, pages) {
  console.log('favicon');
  const label = 'site';
  const p = pages.find((x) => x.status === 200);
  const html = await fetchText(origin, p.path);
  const link = [...html.matchAll(/<link\b[^>]*>/gi)].map((m) => m[0])
    .find((tag) => /\brel\s*=\s*["'][^"']*\bicon\b/i.test(tag));
  const href = link?.match(/\bhref\s*=\s*["']([^"']*)["']/i)?.[1];
  if (href === undefined) {
    const res = await fetch(`${origin}/favicon.ico`);
    check(res.ok, label, 0,
      `no favicon: pages declare no <link rel="icon"> and /favicon.ico answers HTTP ${res.status}, `
      + 'so browsers log a console error (declare an icon, e.g. href="data:,", or ship favicon.ico)');
    console.log(`  ${p.path}: no <link rel="icon">; /favicon.ico: HTTP ${res.status}`);
  } else if (href.startsWith('data:')) {
    checks++;
    console.log(`  ${p.path}: inline icon`);
  } else {
    const res = await fetch(new URL(href, origin + p.path));
    check(res.ok, label, 0, `the icon declared by ${p.path} (<link rel="icon" href="${href}">) answers HTTP ${res.status}`);
    console.log(`  ${p.path}: icon ${href}: HTTP ${res.status}`);
  }
}

async function testKeyboard(browser, origin) {
  console.log('keyboard');
  const label = 'home (keyboard)';
  const context = await browser.newContext(DESKTOP.options);
  context.setDefaultTimeout(NAV_TIMEOUT);
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: NAV_TIMEOUT });
    await page.keyboard.press('Tab');
    const f = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el || el === document.body) return { none: true };
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const href = el.getAttribute('href');
      return {
        none: false,
        isSkip: el.matches(sel),
        what: `${el.tagName.toLowerCase()}${href ? `[href="${href}"]` : ''}`,
        inView: el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
          && r.width > 1 && r.height > 1
          && r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight,
        rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`,
        outlineStyle: cs.outlineStyle,
        outlineWidth: parseFloat(cs.outlineWidth) || 0,
        boxShadow: cs.boxShadow,
        target: Boolean(document.getElementById((href ?? '').replace(/^#/, '') || '\u0000')),
      };
    }, SKIP_LINK);
    if (check(!f.none && f.isSkip, label, DESKTOP.width,
      `first Tab focuses ${f.none ? 'nothing' : f.what}, not the skip link ${SKIP_LINK}`)) {
      check(f.inView, label, DESKTOP.width, `the focused skip link is not visible in the viewport (box ${f.rect})`);
      const outline = f.outlineStyle !== 'none' && f.outlineWidth > 0;
      const shadow = Boolean(f.boxShadow) && f.boxShadow !== 'none';
      check(outline || shadow, label, DESKTOP.width,
        `the focused skip link has no focus indicator (outline ${f.outlineStyle} ${f.outlineWidth}px, box-shadow ${f.boxShadow})`);
      check(f.target, label, DESKTOP.width, 'the skip link target #bp-main does not exist');
      console.log(`  Tab → ${f.what} at ${f.rect}, outline ${f.outlineStyle} ${f.outlineWidth}px, box-shadow ${f.boxShadow}`);
    }
  } catch (err) {
    check(false, label, DESKTOP.width, `test crashed: ${clip(err.message, 300)}`);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- main

export function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
}

async function pool(items, jobs, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

async function main() {
  const started = Date.now();
  const siteArg = process.argv[2];
  if (!siteArg) {
    console.error('usage: node tests/browser/run.mjs SITE_DIR');
    return 2;
  }
  const root = path.resolve(siteArg);
  if (!existsSync(path.join(root, 'index.html'))) {
    console.error(`run.mjs: ${root} has no index.html; build the site first`);
    return 2;
  }
  const shots = path.resolve(process.env.SCREENSHOTS || 'target/screenshots');
  mkdirSync(shots, { recursive: true });
  const executablePath = findChromium();
  if (!executablePath || !existsSync(executablePath)) {
    console.error('run.mjs: no Chromium found; set CHROMIUM or run scripts/install-browser.sh');
    return 2;
  }
  const jobs = Math.max(1, Number.parseInt(process.env.BROWSER_JOBS ?? '2', 10) || 2);

  const { server, origin, requests } = await serve(root);
  let browser;
  try {
    let pages;
    try {
      pages = await discover(origin, root);
    } catch (err) {
      console.error(`run.mjs: could not discover the pages to test: ${err.message}`);
      return 2;
    }
    console.log(`site ${root} served at ${origin}`);
    console.log(`pages: ${pages.map((p) => `${p.name} ${p.path}`).join(', ')}`);

    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    console.log(`browser: ${executablePath} ${browser.version()}; screenshots in ${shots}`);

    for (const vp of VIEWPORTS) {
      console.log(`\n== ${vp.name} ${vp.width}px`);
      const context = await browser.newContext(vp.options);
      context.setDefaultTimeout(NAV_TIMEOUT);
      context.setDefaultNavigationTimeout(NAV_TIMEOUT);
      try {
        // Pages run `jobs` at a time; their reports print in page order.
        const done = new Array(pages.length);
        let printed = 0;
        await pool(pages, jobs, async (p, i) => {
          done[i] = await testPage(context, vp, origin, root, p, shots);
          while (printed < pages.length && done[printed]) console.log(done[printed++].join('\n'));
        });
      } finally {
        await context.close();
      }
    }

    console.log('');
    await testNoJavaScript(browser, origin, pages);
    await testPrint(browser, origin, pages, shots);
    await testKeyboard(browser, origin);
    await testFavicon(origin, pages);
  } finally {
    await browser?.close().catch(() => {});
    server.close();
  }

  // Requests the server answered with an error that no page check attributed
  // (e.g. ones the browser makes on its own, like /favicon.ico).
  const served = requests.filter((r) => r.status >= 400 && !r.url.startsWith(MISSING_PATH) && r.url !== '/favicon.ico');
  const byUrl = new Map();
  for (const r of served) byUrl.set(`${r.status} ${r.url}`, (byUrl.get(`${r.status} ${r.url}`) ?? 0) + 1);
  console.log(`\nserver: ${requests.length} requests, ${served.length} answered >= 400 besides ${MISSING_PATH} and /favicon.ico`);
  for (const [k, n] of byUrl) console.log(`  server: HTTP ${k} (${n}x)`);

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (warnings.length) console.log(`\n${warnings.length} warning(s) (not failures); see above`);
  if (failures.length) {
    console.log(`\nbrowser tests: ${failures.length} of ${checks} checks failed (${secs} s):`);
    for (const f of failures) console.log(`FAIL ${f}`);
    console.log(`${checks - failures.length} passed, ${failures.length} failed`);
    return 1;
  }
  console.log(`\nbrowser tests: ${checks} checks passed (${secs} s)`);
  return 0;
}

// Run when executed, not when imported (e.g. to reuse serve()).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().then(
    (code) => { process.exitCode = code; },
    (err) => {
      console.error(err?.stack ?? String(err));
      process.exitCode = 2;
    },
  );
}

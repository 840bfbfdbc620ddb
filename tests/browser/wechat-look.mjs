#!/usr/bin/env node
// The WeChat fragment as the official account's editor holds it: alone in
// a blank page with no stylesheet, at 375 px, screenshotted beside the
// theme's page of the same story, and checked for what a reader on a phone
// needs (nothing wider than the screen, readable text, the look carried by
// inline styles alone).
//
//   node tests/browser/wechat-look.mjs BIN PORTAL
//
// BIN is the branchpress binary; PORTAL a portal folder (the demo: `.`).
// The stories: one demo story with a stat, a photo and a quote, and the
// `wechat` fixture's story (lists four deep, code in three languages, a
// table, links, a video, an iframe). Screenshots go to $SCREENSHOTS
// (default target/screenshots): wechat-<name>-fragment.png and
// wechat-<name>-portal.png.

import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { Checks } from './desk-harness.mjs';

const [bin, portal = '.'] = process.argv.slice(2);
if (!bin) {
  console.error('usage: node tests/browser/wechat-look.mjs BIN PORTAL');
  process.exit(2);
}
const shots = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });
const chromiumPath = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
const t = new Checks('wechat-look');
const WIDTH = 375;

const stories = [
  { name: 'demo', root: portal, story: 'content/branches/admin/activities/2024-08-16-parking-spaces-for-patients/index.md', page: 'branches/admin/activities/parking-spaces-for-patients/index.html' },
  { name: 'fixture', root: 'tests/fixtures/wechat', story: 'content/branches/neike/activities/2024-06-01-everything/index.md', page: 'branches/neike/activities/everything/index.html' },
];

/** Serves `dir` on 127.0.0.1: { url, close }. */
function serveDir(dir) {
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    let file = path.join(dir, rel);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.png': 'image/png', '.json': 'application/json' };
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

const browser = await chromium.launch({ executablePath: chromiumPath });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'branchpress-wechat-'));
try {
  for (const s of stories) {
    // A copy, so that the image cache is not written into the repository.
    const root = path.join(tmp, s.name);
    execFileSync('cp', ['-r', path.resolve(s.root), root]);
    const out = path.join(tmp, `${s.name}-public`);
    execFileSync(path.resolve(bin), ['build', '--quiet', '--base-url', 'http://127.0.0.1/', '--output', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const fragment = execFileSync(path.resolve(bin), ['wechat', s.story, '--images', 'inline'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

    const context = await browser.newContext({ viewport: { width: WIDTH, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN' });
    const page = await context.newPage();
    // As the editor holds it: no stylesheet, the fragment alone.
    await page.setContent(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>wechat</title></head><body>${fragment}</body></html>`);
    await page.waitForLoadState('load');
    const look = await page.evaluate(() => {
      const px = (el, p) => parseFloat(getComputedStyle(el)[p]);
      // The body: of the fragment's sections (facts, body, links, address), the one with most paragraphs.
      const main = [...document.querySelector('h1').parentElement.querySelectorAll(':scope > section')]
        .sort((a, b) => b.querySelectorAll(':scope > p').length - a.querySelectorAll(':scope > p').length)[0];
      const body = [...main.querySelectorAll(':scope > p')].filter((p) => p.textContent.length > 20);
      return {
        sheets: document.styleSheets.length,
        scrollWidth: document.documentElement.scrollWidth,
        widest: Math.max(0, ...[...document.querySelectorAll('img, table, pre')].map((e) => e.getBoundingClientRect().right)),
        // The text's size: what most paragraphs have (a video's note is smaller on purpose).
        bodyFont: body.map((p) => px(p, 'fontSize')).sort((a, b) => a - b)[Math.floor(body.length / 2)],
        lineHeight: Math.min(...body.map((p) => px(p, 'lineHeight') / px(p, 'fontSize'))),
        titleFont: px(document.querySelector('h1'), 'fontSize'),
        h2Border: document.querySelector('h2') ? getComputedStyle(document.querySelector('h2')).borderLeftStyle : 'solid',
        codeLines: [...document.querySelectorAll('pre')].map((p) => Math.round(p.getBoundingClientRect().height / px(p.querySelector('code') || p, 'lineHeight'))),
        images: [...document.querySelectorAll('img')].every((i) => i.complete && i.naturalWidth > 0),
      };
    });
    t.check(look.sheets === 0, `${s.name}: the page has no stylesheet (${look.sheets})`);
    t.check(look.scrollWidth <= WIDTH, `${s.name}: nothing wider than ${WIDTH} px (${look.scrollWidth})`);
    t.check(look.widest <= WIDTH, `${s.name}: photos, tables and code fit the screen (${look.widest})`);
    t.check(look.bodyFont >= 15, `${s.name}: body text at least 15 px from inline styles (${look.bodyFont})`);
    t.check(look.lineHeight >= 1.6, `${s.name}: line height at least 1.6 (${look.lineHeight.toFixed(2)})`);
    t.check(look.titleFont > look.bodyFont, `${s.name}: the title is larger than the text (${look.titleFont})`);
    t.check(look.h2Border === 'solid', `${s.name}: headings keep their mark`);
    t.check(look.codeLines.every((n) => n >= 2), `${s.name}: code keeps its lines (${look.codeLines})`);
    t.check(look.images, `${s.name}: every photo shows`);
    await page.screenshot({ path: path.join(shots, `wechat-${s.name}-fragment.png`), fullPage: true });

    const site = await serveDir(out);
    const themed = await context.newPage();
    await themed.goto(site.url + s.page);
    await themed.screenshot({ path: path.join(shots, `wechat-${s.name}-portal.png`), fullPage: true });
    site.close();
    await context.close();
  }
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
t.exit();

#!/usr/bin/env node
// `branchpress serve` in real headless Chromium: live reload and the error
// overlay, as a writer sees them.
//
//   node tests/browser/serve.mjs BIN PORTAL
//
// Copies PORTAL (site.yaml, content/, themes/ and static/ when present) into
// a temporary folder, starts `BIN serve --port 0` there and opens a story in
// Chromium. Then, in the open page, without touching the browser:
//   1. a paragraph is appended to the story: the page reloads by itself and
//      shows it (the time from the write to the reloaded page is printed);
//   2. its date is broken: the page reloads and shows the error box with the
//      file, line, field and what is allowed; the box is a labelled dialog;
//   3. the date is fixed: the page reloads without the box.
// No console errors are allowed.
//
// Exit status: 0 when every check passed, 1 when any failed, 2 on set-up error.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { findChromium } from './run.mjs';

const STORY = 'content/branches/surgery/activities/2023-09-16-baishi-village-free-clinic/index.md';
const URL_PATH = '/branches/surgery/activities/baishi-village-free-clinic/';

const [bin, portal] = process.argv.slice(2);
if (!bin || !portal || !existsSync(path.join(portal, STORY))) {
  console.error(`usage: serve.mjs BIN PORTAL (with ${STORY})`);
  process.exit(2);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'branchpress-serve-'));
for (const part of ['site.yaml', 'content', 'themes', 'static']) {
  if (existsSync(path.join(portal, part))) {
    cpSync(path.join(portal, part), path.join(tmp, part), { recursive: true, dereference: true });
  }
}

const server = spawn(path.resolve(bin), ['serve', '--port', '0'], { cwd: tmp, stdio: ['ignore', 'pipe', 'inherit'] });
const address = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) resolve(m[0]);
  });
  server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(new URL(URL_PATH, address).href);
  // The page subscribes to reload events once loaded.
  await page.waitForTimeout(300);
  const file = path.join(tmp, STORY);
  const original = readFileSync(file, 'utf8');

  // 1. An edit reloads the open page.
  const reloaded = page.waitForEvent('load', { timeout: 10_000 });
  const t0 = performance.now();
  writeFileSync(file, `${original}\n\n实时预览测试：这一段是刚刚保存的。\n`);
  await reloaded;
  const ms = performance.now() - t0;
  check(await page.getByText('实时预览测试：这一段是刚刚保存的。').isVisible(), 'a saved paragraph appears without touching the browser');
  console.log(`     write → reloaded page: ${ms.toFixed(0)} ms`);

  // 1b. The served /search/ finds the words just saved, and only where they are.
  const searchFor = async (q) => {
    const s = await browser.newPage();
    await s.goto(new URL(`/search/?q=${encodeURIComponent(q)}`, address).href);
    await s.waitForFunction(() => {
      const root = document.querySelector('[data-search]');
      const status = root.querySelector('.search-status');
      return !root.hasAttribute('aria-busy') && status.textContent !== status.dataset.hint;
    }, null, { timeout: 10_000 });
    const found = await s.$$eval('.search-results h2 a', (as) => as.map((a) => new URL(a.href).pathname));
    await s.close();
    return found;
  };
  let found = await searchFor('实时预览测试');
  check(found.length === 1 && found[0] === URL_PATH, `the served search finds a word saved a moment ago (${found.join(', ')})`);

  // 2. A broken field shows over the page.
  await page.waitForTimeout(300);
  const broken = page.waitForEvent('load', { timeout: 10_000 });
  writeFileSync(file, original.replace(/^date: .*$/m, 'date: 2023-13-45'));
  await broken;
  const box = page.getByRole('alertdialog');
  check(await box.isVisible(), 'the error box covers the page');
  const text = (await box.textContent()) ?? '';
  check(text.includes(`${STORY}:3`), `it names the file and line (${STORY}:3)`);
  check(text.includes('字段 `date`'), 'it names the field');
  check(text.includes('2024-03-26'), 'it says what is allowed');
  check((await box.getAttribute('aria-labelledby')) !== null, 'the box is a labelled dialog');
  await page.screenshot({ path: path.join(process.env.SCREENSHOTS ?? 'target/screenshots', 'serve-error-phone.png'), fullPage: false }).catch(() => {});

  // 3. Fixing it takes the box away.
  await page.waitForTimeout(300);
  const fixed = page.waitForEvent('load', { timeout: 10_000 });
  writeFileSync(file, original);
  await fixed;
  check(!(await page.getByRole('alertdialog').isVisible().catch(() => false)), 'the box goes once the file is fixed');
  check(!(await page.getByText('实时预览测试').isVisible().catch(() => false)), 'the page shows the file as saved');
  found = await searchFor('实时预览测试');
  check(found.length === 0, `and once the words are gone, search no longer finds them (${found.join(', ')})`);
  // 4. A finding (personal data, typography) shows as a warning box that
  //    blocks nothing, names the place, masks the number, and can be closed.
  await page.waitForTimeout(300);
  const warned = page.waitForEvent('load', { timeout: 10_000 });
  writeFileSync(file, `${original}\n\n报名请联系 13812345678。\n`);
  await warned;
  const warnings = page.locator('#bp-warnings');
  check(await warnings.isVisible(), 'a finding shows in a warning box');
  check((await warnings.getAttribute('role')) === 'status', 'the box is a status, not a dialog');
  check(!(await page.getByRole('alertdialog').isVisible().catch(() => false)), 'no error box: a warning blocks nothing');
  const said = (await warnings.textContent()) ?? '';
  check(said.includes('[BP0702]') && said.includes('138****5678') && !said.includes('13812345678'), 'it names the code and masks the number');
  check(await page.getByText('报名请联系 13812345678').isVisible(), 'the page shows the text as saved');
  const heading = await page.locator('h1').first().boundingBox();
  const boxAt = await warnings.boundingBox();
  check(heading && boxAt && boxAt.y > heading.y + heading.height, 'the box leaves the story\'s heading in view');
  await warnings.getByRole('button').click();
  check(!(await warnings.isVisible().catch(() => false)), 'the writer can close it');
  await page.waitForTimeout(300);
  const clean = page.waitForEvent('load', { timeout: 10_000 });
  writeFileSync(file, original);
  await clean;
  check(!(await page.locator('#bp-warnings').isVisible().catch(() => false)), 'fixed, the box is gone');

  check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? `: ${consoleErrors.join('; ')}` : ''}`);
} catch (e) {
  console.log(`FAIL ${e.message}`);
  failures++;
} finally {
  await browser.close();
  server.kill();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(failures ? `${failures} check(s) failed` : 'serve: all checks passed');
process.exit(failures ? 1 : 0);

#!/usr/bin/env node
// 复制到公众号 (issue 27) in headless Chromium at 360 px and 1280 px, on a
// copy of the demo under `serve`, with the clipboard allowed:
//   on a previewed story page, the button beside 编辑本文 opens the panel
//   (the fragment in a frame), 复制 puts on the clipboard text/html equal to
//   what `branchpress wechat` prints and text/plain with the title, and says
//   已复制; a draft's panel gives the reason and no 复制; in the desk, the
//   same for the story in the form, its unsaved title included; axe-core on
//   the open panels; a page of `branchpress build` has no button.
//
//   node tests/browser/desk-wechat.mjs BIN PORTAL
//
// Screenshots of the open panels go to $SCREENSHOTS (default target/screenshots).
//
// Exit status: 0 when every check passed, 1 when any failed.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { axe, Checks, contextOptions, LAPTOP, openStory, PHONE, startDesk } from './desk-harness.mjs';
import { findChromium } from './run.mjs';

const [bin, portal] = process.argv.slice(2);
const t = new Checks('desk-wechat');
const check = (ok, what) => t.check(ok, what);

const STORY = 'content/branches/admin/activities/2022-02-18-clinical-one-plus-one-launch.md';
const PAGE = 'branches/admin/activities/clinical-one-plus-one-launch/';
const DRAFT_PAGE = 'branches/admin/activities/patient-feedback-party-day/';
const TITLE = '院党委启动“临床1+1”联系点工程';

const shots = path.resolve(process.env.SCREENSHOTS || 'target/screenshots');
mkdirSync(shots, { recursive: true });

const d = await startDesk(bin, portal || '.');
const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });

// The fragment as the browser reads HTML: the wrapper the clipboard may add
// (<meta charset>, <html><body>) dropped, serialised by the same parser.
function normalised(page, html) {
  return page.evaluate((h) => {
    const doc = new DOMParser().parseFromString(h, 'text/html');
    doc.querySelectorAll('meta').forEach((m) => m.remove());
    return doc.body.innerHTML.trim();
  }, html);
}

// What the clipboard holds: type → text.
function readClipboard(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const item of await navigator.clipboard.read()) {
      for (const type of item.types) out[type] = await (await item.getType(type)).text();
    }
    return out;
  });
}

// Empties the clipboard, so that what is read back is what 复制 wrote.
function clearClipboard(page) {
  return page.evaluate(() => navigator.clipboard.writeText('-'));
}

// Opens the panel with `button`, copies, and checks the clipboard against
// `expected` (the command's output); `where` names the place.
async function copyAndCheck(page, where, expected, title) {
  await clearClipboard(page);
  await page.click('#bp-wechat');
  await page.waitForSelector('#bp-wechat-panel[open] #bp-wechat-copy:not([hidden])', { timeout: 15_000 });
  const srcdoc = await page.getAttribute('#bp-wechat-preview', 'srcdoc');
  check(srcdoc && srcdoc.includes(title), `${where}: the panel shows the fragment in a frame`);
  const frameSheets = await page.frameLocator('#bp-wechat-preview').locator('link[rel=stylesheet], style').count();
  check(frameSheets === 0, `${where}: the frame holds no stylesheet, only the fragment`);
  await page.screenshot({ path: path.join(shots, `desk-wechat-${where.replace(/[^a-z0-9]+/gi, '-')}.png`) });
  await axe(t, page, `${where}: the open panel`);
  await page.click('#bp-wechat-copy');
  await page.waitForFunction(() => /已复制/.test(document.querySelector('#bp-wechat-status')?.textContent || ''), null, { timeout: 10_000 });
  const status = await page.textContent('#bp-wechat-status');
  check(status.includes('已复制，可直接粘贴到公众号编辑器'), `${where}: it says 已复制，可直接粘贴到公众号编辑器`);
  const clip = await readClipboard(page);
  check(typeof clip['text/html'] === 'string', `${where}: the clipboard holds text/html`);
  if (typeof clip['text/html'] === 'string' && expected !== null) {
    const [got, want] = [await normalised(page, clip['text/html']), await normalised(page, expected)];
    check(got === want, `${where}: the clipboard's HTML is what \`branchpress wechat\` prints`);
    if (got !== want) console.log(`     got  ${got.slice(0, 300)}\n     want ${want.slice(0, 300)}`);
  }
  if (expected === null) check((clip['text/html'] || '').includes(title), `${where}: the clipboard's HTML has the title`);
  const text = clip['text/plain'] || '';
  check(text.trim() !== '' && text.includes(title), `${where}: the clipboard's text/plain has the title`);
  await page.click('#bp-wechat-panel button:has-text("关闭")');
  check(!(await page.isVisible('#bp-wechat-panel')), `${where}: 关闭 closes the panel`);
}

try {
  const made = d.run('wechat', STORY);
  check(made.ok, '`branchpress wechat` makes the story');
  const expected = made.out.replace(/\n$/, '');
  const preview = new URL(d.address).origin;
  const deskOrigin = new URL(d.desk).origin;

  for (const vp of [PHONE, LAPTOP]) {
    const at = `${vp.width} px`;
    const context = await browser.newContext(contextOptions(vp, { bypassCSP: true }));
    for (const origin of [preview, deskOrigin]) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    }
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // The previewed story page.
    const res = await page.goto(d.address + PAGE);
    check(res.status() === 200, `${at}: the story's page is previewed`);
    const entry = page.locator('#bp-desk-entry');
    check((await entry.locator('#bp-wechat').textContent()).trim() === '复制到公众号', `${at}: 复制到公众号 is on the story's page`);
    check(await entry.locator('a', { hasText: '编辑本文' }).count() === 1, `${at}: beside 编辑本文`);
    await copyAndCheck(page, `${at} preview`, expected, TITLE);

    // The clipboard refused: it says so and selects the fragment.
    await page.evaluate(() => { navigator.clipboard.write = () => Promise.reject(new DOMException('denied', 'NotAllowedError')); });
    await page.click('#bp-wechat');
    await page.waitForSelector('#bp-wechat-panel[open] #bp-wechat-copy:not([hidden])', { timeout: 15_000 });
    await page.click('#bp-wechat-copy');
    await page.waitForFunction(() => /Ctrl\+C/.test(document.querySelector('#bp-wechat-status')?.textContent || ''), null, { timeout: 10_000 });
    const selected = await page.evaluate(() => document.querySelector('#bp-wechat-preview').contentDocument.getSelection().toString());
    check(selected.includes(TITLE), `${at}: the clipboard refused, it says so and selects the fragment`);
    await page.keyboard.press('Escape');

    // A draft: the reason, and nothing to copy.
    const draft = await page.goto(d.address + DRAFT_PAGE);
    check(draft.status() === 200, `${at}: the draft's page is previewed`);
    await page.click('#bp-wechat');
    await page.waitForFunction(() => /草稿/.test(document.querySelector('#bp-wechat-status')?.textContent || ''), null, { timeout: 15_000 });
    check(await page.isHidden('#bp-wechat-copy'), `${at}: a draft's panel has no 复制`);
    check(await page.isHidden('#bp-wechat-preview'), `${at}: a draft's panel shows no fragment`);
    await page.keyboard.press('Escape');

    // The desk.
    await page.goto(d.desk);
    // The list is drawn: the desk has its schema before the hash changes.
    await page.waitForSelector('#bp-new-story');
    await page.evaluate(() => localStorage.clear());
    await openStory(page, d.desk, STORY);
    if (vp.mobile) await page.click('#bp-tab-preview');
    // Under the preview: scrolled to, it is not under the sticky bar.
    await page.locator('#bp-wechat').scrollIntoViewIfNeeded();
    const onTop = await page.evaluate(() => {
      const r = document.querySelector('#bp-wechat').getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.id === 'bp-wechat';
    });
    check(onTop, `${at}: the desk's 复制到公众号 is under the preview, not covered by the sticky bar`);
    await copyAndCheck(page, `${at} desk`, expected, TITLE);

    // The form as it is now: an unsaved title.
    const NEW = `尚未保存的标题 ${vp.width}`;
    if (vp.mobile) await page.click('#bp-tab-edit');
    await page.fill('#bp-title', NEW);
    if (vp.mobile) await page.click('#bp-tab-preview');
    await copyAndCheck(page, `${at} desk, unsaved`, null, NEW);
    check(!readFileSync(path.join(d.root, STORY), 'utf8').includes(NEW), `${at}: nothing was saved`);

    check(errors.length === 0, `${at}: no script errors${errors.length ? ': ' + errors.join('; ') : ''}`);
    await context.close();
  }

  // A built site never has the button.
  const out = mkdtempSync(path.join(os.tmpdir(), 'branchpress-built-'));
  const built = d.run('build', '--quiet', '--output', out);
  check(built.ok, '`branchpress build` succeeds');
  const html = readFileSync(path.join(out, PAGE, 'index.html'), 'utf8');
  check(html.includes('临床1+1') && !html.includes('bp-wechat') && !html.includes('复制到公众号'), 'a built story page has no 复制到公众号');
  rmSync(out, { recursive: true, force: true });
} catch (e) {
  check(false, `no exception: ${e.stack || e}`);
} finally {
  await browser.close();
  d.stop();
}
t.exit();

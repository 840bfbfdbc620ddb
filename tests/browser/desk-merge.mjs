#!/usr/bin/env node
// Issue 25, problem 2 (nothing lost in a conflict), in headless Chromium at
// 360 × 740 and 1280 × 800. Each check fails on the desk before the issue,
// whose conflict dialog compared only title, date and body and whose
// "keep mine" silently reverted a colleague's change to another field:
//   1. a colleague changes 地点 (`location`) on disk while the writer edits
//      the body: the save merges (no dialog), the file has both changes and
//      every other line byte for byte, the writer is told what merged, and
//      the form shows the colleague's 地点;
//   2. both change 标题: the dialog says so in plain words and shows that
//      field by its label, the colleague's value beside the writer's; the
//      writer picks the colleague's, and the file keeps that line exactly;
//   3. axe-core on the open dialog;
//   4. both add a paragraph at the end of the body: the dialog shows that
//      passage of 正文, both texts; "两段都保留" keeps the colleague's, then
//      the writer's.
//
//   node tests/browser/desk-merge.mjs BIN PORTAL
//
// Screenshots of the dialog go to $SCREENSHOTS (default target/screenshots).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { axe, Checks, contextOptions, LAPTOP, openStory, PHONE, save, startDesk } from './desk-harness.mjs';
import { findChromium } from './run.mjs';

const MERGE_STORY = 'content/branches/surgery/activities/2022-03-05-lei-feng-day-community.md';
const CLASH_STORY = 'content/branches/admin/activities/2022-02-18-clinical-one-plus-one-launch.md';
const BODY_STORY = 'content/branches/admin/activities/2023-01-12-liaison-annual-review.md';
const PLAIN = '在你打开之后，这篇稿件被别人（或另一个窗口）改过';

const [bin, portal] = process.argv.slice(2);
if (!bin || !portal || !existsSync(path.join(portal, MERGE_STORY)) || !existsSync(path.join(portal, CLASH_STORY))) {
  console.error(`usage: desk-merge.mjs BIN PORTAL (a portal with ${MERGE_STORY})`);
  process.exit(2);
}

const shots = path.resolve(process.env.SCREENSHOTS || 'target/screenshots');
mkdirSync(shots, { recursive: true });
const t = new Checks('desk-merge');
const d = await startDesk(bin, portal);
const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const file = (rel) => path.join(d.root, rel);
/** Waits for `fn` in the page; false (not a throw) when it never holds. */
const waitFor = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 10_000 }).then(() => true, () => false);
/** Closes a dialog a failed flow left open, so the next flow still runs. */
const closeDialogs = (page) => page.evaluate(() => {
  document.querySelectorAll('dialog[open]').forEach((dlg) => dlg.close());
  localStorage.clear();
});

try {
  for (const vp of [PHONE, LAPTOP]) {
    const w = vp.width;
    // CSP bypassed so that axe can be injected on the open dialog.
    const context = await browser.newContext(contextOptions(vp, { bypassCSP: true }));
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // 1. 地点 changed on disk while the writer edits the body: merged.
    await openStory(page, d.desk, MERGE_STORY);
    const place = `湖滨社区卫生服务站（${w}）`;
    const disk = readFileSync(file(MERGE_STORY), 'utf8').replace(/^location: .*$/m, `location: ${place}   # 同事补的`);
    writeFileSync(file(MERGE_STORY), disk);
    const added = `补充：活动结束后，社区为党员们送来了感谢信（${w}）。`;
    const body = await page.inputValue('#bp-body');
    await page.fill('#bp-body', `${body.replace(/\n+$/, '')}\n\n${added}\n`);
    await page.click('#bp-save');
    const saved = await waitFor(page, () => /已保存/.test(document.querySelector('#bp-status').textContent));
    t.check(saved, `${w}: a save after a colleague changed 地点 goes through without a dialog`);
    const after = readFileSync(file(MERGE_STORY), 'utf8');
    t.check(after === `${disk.replace(/\n+$/, '')}\n\n${added}\n`,
      `${w}: the file has the colleague's 地点 line exactly and the writer's paragraph, every other line byte for byte`);
    const notice = saved ? await page.textContent('#bp-merged').catch(() => '') : '';
    t.check(notice.includes(PLAIN) && notice.includes('“地点”') && notice.includes('“正文”'),
      `${w}: the writer is told, in plain words, that 地点 and 正文 merged (${notice.trim()})`);
    t.check(saved && await page.inputValue('#bp-f-location') === place, `${w}: the form now shows the colleague's 地点`);
    await closeDialogs(page);

    // 2. 标题 changed on both sides: the dialog shows it; the colleague's value is kept.
    await openStory(page, d.desk, CLASH_STORY);
    const theirs = `临床1+1联系点工程启动（同事改的标题${w}）`;
    const mine = `临床1+1联系点工程启动（我改的标题${w}）`;
    const clash = readFileSync(file(CLASH_STORY), 'utf8').replace(/^title: .*$/m, `title: "${theirs}"`);
    writeFileSync(file(CLASH_STORY), clash);
    await page.fill('#bp-title', mine);
    await page.click('#bp-save');
    const open = await page.waitForSelector('#bp-conflict[open]', { timeout: 10_000 }).then(() => true, () => false);
    t.check(open, `${w}: the conflict dialog opens`);
    t.check(readFileSync(file(CLASH_STORY), 'utf8') === clash, `${w}: nothing is written before the writer chooses`);
    const dialogText = open ? await page.textContent('#bp-conflict') : '';
    t.check(dialogText.includes(PLAIN), `${w}: the dialog says “${PLAIN}”`);
    const row = page.locator('#bp-conflict .bp-conflict-field');
    const rows = await row.count();
    const title = page.locator('#bp-conflict .bp-conflict-field[data-field="title"]');
    const rowText = rows ? await title.textContent().catch(() => '') : '';
    t.check(rows === 1 && (await title.locator('legend').textContent().catch(() => '')) === '标题',
      `${w}: the one conflicting field is shown by its label 标题 (${rows} shown)`);
    t.check(rowText.includes(theirs) && rowText.includes(mine), `${w}: with the colleague's title and the writer's`);
    if (rows) {
      const [a, b] = await Promise.all(['theirs', 'mine'].map((v) => title.locator(`.bp-conflict-${v}`).boundingBox()));
      t.check(a && b && Math.abs(a.y - b.y) < 2 && a.x + a.width <= b.x + 1, `${w}: side by side, the colleague's first`);
      const fits = await page.evaluate(() => {
        const dlg = document.querySelector('#bp-conflict');
        return dlg.scrollWidth <= dlg.clientWidth && dlg.getBoundingClientRect().right <= window.innerWidth;
      });
      t.check(fits, `${w}: the dialog fits the screen's width`);
    } else {
      t.check(false, `${w}: side by side, the colleague's first`);
    }
    if (open) await page.screenshot({ path: path.join(shots, `desk-merge-dialog-${w}.png`) });
    // 3. axe on the open dialog.
    if (open) await axe(t, page, `${w}: the conflict dialog`);
    else t.check(false, `${w}: the conflict dialog: axe`);
    if (rows) {
      await title.locator('.bp-conflict-theirs').click();
      await page.click('#bp-conflict-save');
    }
    const settled = await waitFor(page, () => /已保存/.test(document.querySelector('#bp-status').textContent));
    t.check(settled && readFileSync(file(CLASH_STORY), 'utf8') === clash,
      `${w}: choosing the colleague's title saves and keeps the file exactly as the colleague left it`);
    t.check(settled && await page.inputValue('#bp-title') === theirs, `${w}: the form shows the colleague's title`);
    await closeDialogs(page);

    // 4. Both add a paragraph at the end of the body: a passage to settle, both kept.
    await openStory(page, d.desk, BODY_STORY);
    const start = readFileSync(file(BODY_STORY), 'utf8').replace(/\n+$/, '');
    const theirsPara = `同事补充的一段（${w}）。`;
    const minePara = `我补充的一段（${w}）。`;
    writeFileSync(file(BODY_STORY), `${start}\n\n${theirsPara}\n`);
    const text = await page.inputValue('#bp-body');
    await page.fill('#bp-body', `${text.replace(/\n+$/, '')}\n\n${minePara}\n`);
    await page.click('#bp-save');
    const opened = await page.waitForSelector('#bp-conflict[open]', { timeout: 10_000 }).then(() => true, () => false);
    const passage = page.locator('#bp-conflict .bp-conflict-field[data-field="body.0"]');
    const shown = opened && await passage.count() === 1;
    const passageText = shown ? await passage.textContent() : '';
    t.check(shown && (await passage.locator('legend').textContent()).startsWith('正文') && passageText.includes(theirsPara) && passageText.includes(minePara),
      `${w}: the same place of the body changed on both sides is shown as a passage of 正文 with both texts`);
    if (shown) {
      await passage.locator('.bp-conflict-both').click();
      await page.click('#bp-conflict-save');
    }
    const both = await waitFor(page, () => /已保存/.test(document.querySelector('#bp-status').textContent));
    t.check(both && readFileSync(file(BODY_STORY), 'utf8') === `${start}\n\n${theirsPara}\n\n${minePara}\n`,
      `${w}: "两段都保留" keeps the colleague's paragraph, then the writer's`);
    t.check(errors.length === 0, `${w}: no script error (${errors.join('; ')})`);
    await closeDialogs(page);
    await context.close();
  }
} finally {
  await browser.close();
  d.stop();
}
t.exit();

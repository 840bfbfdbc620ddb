// The story form's numbers and errors in the writer's words (issue 25,
// problems 3 and 4), in real headless Chromium at 360 × 740 and 1280 × 800,
// on a copy of the demo portal:
//   - a save with three fields missing shows three messages at once, each
//     at its field by its label, the first focused and on the screen;
//   - a story without a branch chosen says 请选择支部;
//   - 3.5 参与人数 is refused by the metric's label (its box is whole:
//     step 1, a numeric keyboard), while 2.5 志愿服务时长 is kept;
//   - a metric box emptied (or typed 很多 into, which the box refuses)
//     asks before the figure is removed: "保留" keeps the file and focuses
//     the box, "删除" removes the figure;
//   - axe-core on the form with its errors and on the question.
//
//   node tests/browser/desk-form.mjs BIN PORTAL

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { axe, Checks, contextOptions, LAPTOP, openStory, PHONE, save, startDesk } from './desk-harness.mjs';
import { findChromium } from './run.mjs';

const [bin, portal] = process.argv.slice(2);
// One story a viewport for each flow that writes: each starts from the demo's file.
const FIGURES = {
  360: 'content/branches/internal-medicine/activities/2025-04-15-stroke-center-party-lecture.md',
  1280: 'content/branches/admin/activities/2023-01-12-liaison-annual-review.md',
};
if (!bin || !portal || !Object.values(FIGURES).every((s) => existsSync(path.join(portal, s)))) {
  console.error('usage: desk-form.mjs BIN PORTAL (run from the repository, with the demo portal)');
  process.exit(2);
}

const t = new Checks('desk-form');
const d = await startDesk(bin, portal);
const browser = await chromium.launch({ executablePath: findChromium() });

const storyFiles = () => {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk(path.join(d.root, 'content'));
  return out.sort();
};

// The error box of a field: its text once it is shown.
const errorAt = (page, id) => page.evaluate((id) => {
  const box = document.getElementById(id);
  return box && !box.hidden ? box.textContent : '';
}, id);

// Whether the element with the focus is on the screen, below the sticky header.
const focusInView = (page, id) => page.evaluate((id) => {
  const a = document.activeElement;
  if (!a || a.id !== id) return false;
  const r = a.getBoundingClientRect();
  const header = document.querySelector('header');
  const top = header && getComputedStyle(header).position === 'sticky' ? header.getBoundingClientRect().bottom : 0;
  return r.top >= top - 1 && r.bottom <= innerHeight + 1 && r.height > 0;
}, id);

try {
  for (const vp of [PHONE, LAPTOP]) {
    const w = vp.width;
    const context = await browser.newContext(contextOptions(vp, { bypassCSP: true }));
    const page = await context.newPage();

    // Problem 4: three fields missing — branch, title and 活动类型 — come
    // back at once, by their labels, the first in view. (Today: one
    // message, "没有支部“”或类别“activities”", and a save for each.)
    const before = storyFiles();
    await page.goto(`${d.desk}#/new?kind=activities`);
    await page.waitForSelector('#bp-f-type');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.click('#bp-save');
    await page.waitForFunction(() => !document.getElementById('bp-err-title').hidden, null, { timeout: 10_000 }).catch(() => {});
    const three = [await errorAt(page, 'bp-err-branch'), await errorAt(page, 'bp-err-title'), await errorAt(page, 'bp-err-type')];
    t.check(three[0].includes('请选择支部'), `${w}: no branch says 请选择支部 (${three[0]})`);
    t.check(three[1].includes('请填写“标题”'), `${w}: no title says 请填写“标题” (${three[1]})`);
    t.check(three[2].includes('请填写“活动类型”'), `${w}: no 活动类型 says 请填写“活动类型” (${three[2]})`);
    const shown = await page.locator('.bp-field-error:not([hidden]) .bp-diag-error').count();
    t.check(shown === 3, `${w}: exactly the three problems are shown, each at its field (${shown})`);
    const words = await page.locator('.bp-field-error:not([hidden])').allTextContents();
    t.check(!words.join('').match(/[`]|activities|type\b/), `${w}: no YAML key or backtick in what the writer reads`);
    t.check(await focusInView(page, 'bp-title'), `${w}: the first problem (the title) is focused and on the screen`);
    t.check(await page.getAttribute('#bp-branch', 'aria-invalid') === 'true', `${w}: the branch is marked invalid`);
    t.check(JSON.stringify(storyFiles()) === JSON.stringify(before), `${w}: nothing was written`);
    if (w === 360) await page.screenshot({ path: path.join('target', 'screenshots', 'desk-form-three-errors-360.png') }).catch(() => {});
    await axe(t, page, `${w}: the form with its three errors`);

    // Problem 4: with the rest filled in, only 请选择支部 remains, and the
    // branch is focused.
    await page.fill('#bp-title', `义诊进社区${w}`);
    await page.selectOption('#bp-f-type', '义诊');
    await page.click('#bp-save');
    await page.waitForFunction(() => document.getElementById('bp-err-title').hidden, null, { timeout: 10_000 }).catch(() => {});
    const only = await page.locator('.bp-field-error:not([hidden])').allTextContents();
    t.check(only.length === 1 && only[0].includes('请选择支部'), `${w}: a story without a branch chosen says 请选择支部 (${only.join(' | ')})`);
    t.check(await focusInView(page, 'bp-branch'), `${w}: the branch is focused and on the screen`);
    await page.evaluate(() => localStorage.clear());

    // Problem 3: 3.5 people refused by the metric's label; the box is whole.
    const story = FIGURES[w];
    const file = path.join(d.root, story);
    const original = readFileSync(file, 'utf8');
    await openStory(page, d.desk, story);
    const box = page.locator('#bp-m-participants');
    t.check(await box.getAttribute('step') === '1' && await box.getAttribute('inputmode') === 'numeric', `${w}: 参与人数 is a whole-number box (step 1, numeric keyboard)`);
    t.check(await page.getAttribute('#bp-m-volunteer_hours', 'step') === 'any', `${w}: 志愿服务时长 takes fractions`);
    await box.fill('3.5');
    await page.click('#bp-save');
    await page.waitForFunction(() => !document.getElementById('bp-err-metrics-participants').hidden, null, { timeout: 10_000 }).catch(() => {});
    const frac = await errorAt(page, 'bp-err-metrics-participants');
    t.check(frac.includes('“参与人数”应为不小于 0 的整数'), `${w}: 3.5 参与人数 is refused by its label (${frac})`);
    t.check(await focusInView(page, 'bp-m-participants'), `${w}: the metric is focused and on the screen`);
    t.check(readFileSync(file, 'utf8') === original, `${w}: the file is untouched`);

    // Problem 3: a box typed 很多 into stays empty; saving asks, and "保留"
    // keeps the figure in the file and focuses the box. (Today the figure
    // is removed without a word.)
    await box.fill('');
    await box.pressSequentially('很多');
    await page.click('#bp-save');
    const asked = await page.waitForSelector('#bp-remove-metric[open]', { timeout: 10_000 }).then(() => true, () => false);
    t.check(asked, `${w}: emptying 参与人数 asks before saving`);
    if (asked) {
      const q = await page.textContent('#bp-remove-metric h2');
      t.check(q === '删除“参与人数”这一数据？', `${w}: the question names the figure (${q})`);
      t.check((await page.textContent('#bp-remove-metric p')).includes('原来是'), `${w}: the question says what the figure was`);
      if (w === 360) await axe(t, page, `${w}: the question`);
      await page.click('#bp-remove-metric-keep');
      await page.waitForSelector('#bp-remove-metric:not([open])', { state: 'attached' });
    }
    t.check(readFileSync(file, 'utf8') === original, `${w}: "保留" keeps the figure: the file is untouched`);
    t.check(await page.evaluate(() => document.activeElement?.id) === 'bp-m-participants', `${w}: the emptied box is focused`);
    t.check(!/已保存/.test(await page.textContent('#bp-status')), `${w}: nothing says it was saved`);

    // …and "删除" removes that figure alone.
    await box.fill('');
    await page.click('#bp-save');
    await page.waitForSelector('#bp-remove-metric[open]', { timeout: 10_000 }).catch(() => {});
    if (await page.locator('#bp-remove-metric[open]').count()) await page.click('#bp-remove-metric-yes');
    await page.waitForFunction(() => /已保存/.test(document.querySelector('#bp-status').textContent), null, { timeout: 15_000 }).catch(() => {});
    const after = readFileSync(file, 'utf8');
    // The figure's line goes (and `metrics:` with it when it was the only one).
    const without = [original.replace(/^ {2}participants:.*\n/m, ''), original.replace(/^metrics:\n {2}participants:.*\n/m, '')];
    t.check(!/participants:/.test(after) && without.includes(after),
      `${w}: "删除" removes 参与人数 and changes nothing else`);

    // A whole number and a fractional 志愿服务时长 save as written.
    await box.fill('35');
    await page.fill('#bp-m-volunteer_hours', '2.5');
    await save(page);
    const saved = readFileSync(file, 'utf8');
    t.check(/participants: 35\b/.test(saved) && /volunteer_hours: 2\.5\b/.test(saved), `${w}: 35 people and 2.5 hours are saved`);
    t.check(d.run('check').ok, `${w}: the portal still passes check`);
    await page.evaluate(() => localStorage.clear());
    await context.close();
  }
} catch (e) {
  t.check(false, `the run finished (${e.stack || e})`);
} finally {
  await browser.close();
  d.stop();
}
t.exit();

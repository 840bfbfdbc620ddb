#!/usr/bin/env node
// Review before publishing in the writing desk (issue 26), in headless
// Chromium at 360 px, on a copy of the demo with two review stages:
//   write a story → the list shows 待支部审核; approve it as 刘强 from 审核 →
//   the file gains exactly the approval lines; approve the second stage →
//   `build` publishes it; edit its body → the list shows 已修改需重审 (and the
//   build drops it); return it with a comment → the writer's form shows the
//   comment; axe-core on the review view.
//
//   node tests/browser/desk-review.mjs BIN PORTAL
//
// Exit status: 0 when every check passed, 1 when any failed.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { axe, Checks, contextOptions, openStory, PHONE, save, startDesk } from './desk-harness.mjs';
import { findChromium } from './run.mjs';

const [bin, portal] = process.argv.slice(2);
const t = new Checks('desk-review');
const check = (ok, what) => t.check(ok, what);

const d = await startDesk(bin, portal || '.', {
  setup(root) {
    const yaml = path.join(root, 'site.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8') + '\nreview:\n  stages: [支部审核, 宣传科审核]\n');
  },
});
const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const TITLE = '审核流程测试稿件';
const BODY = '支部组织党员到社区开展义诊，共服务群众六十余人。';
const PAGE = (root) => path.join(root, 'public');

// The list entry's review badge of the story titled TITLE.
async function listedState(page) {
  await page.goto(d.desk);
  await page.waitForSelector('#bp-new-story');
  await page.fill('#bp-filter-q', TITLE);
  const item = page.locator('li.bp-story', { hasText: TITLE });
  await item.first().waitFor();
  return (await item.first().locator('.bp-badge-review').textContent()).trim();
}

// Opens the story from 审核, then approves (or returns with `note`).
async function review(page, story, { approve, note }) {
  await page.goto(`${d.desk}#/review`);
  await page.waitForSelector('#bp-review-h-0');
  await page.click(`a[href*="${encodeURIComponent(story)}"]`);
  await page.waitForSelector('#bp-review-panel');
  await page.waitForFunction(() => document.querySelector('#bp-title')?.value);
  if (note) await page.fill('#bp-review-comment', note);
  await page.click(approve ? '#bp-review-approve' : '#bp-review-return');
  await page.waitForFunction(() => location.hash === '#/review' && /已记录|已退回/.test(document.querySelector('#bp-status')?.textContent || ''), null, { timeout: 15_000 });
}

try {
  const context = await browser.newContext(contextOptions(PHONE, { bypassCSP: true }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(d.desk);
  await page.evaluate(() => localStorage.clear());

  // Write a new story.
  const schema = await page.evaluate(async () => {
    const token = document.querySelector('meta[name="bp-token"]').content;
    return (await fetch('/__branchpress/desk/api/schema', { headers: { 'X-Branchpress-Token': token } })).json();
  });
  check(JSON.stringify(schema.review?.stages) === '["支部审核","宣传科审核"]', 'the schema names the two stages');
  const kind = schema.kinds.find((k) => k.key === 'activities');
  await page.goto(`${d.desk}#/new`);
  await page.waitForSelector('#bp-title');
  await page.selectOption('#bp-branch', 'surgery');
  await page.selectOption('#bp-kind', 'activities');
  await page.fill('#bp-title', TITLE);
  await page.fill('#bp-date', '2024-10-12');
  for (const f of kind.fields.filter((f) => f.required)) {
    const sel = `#bp-f-${f.key}`;
    if (f.values.length) await page.selectOption(sel, f.values[0]);
    else await page.fill(sel, '党员活动室');
  }
  await page.fill('#bp-body', BODY);
  await save(page);
  await page.waitForFunction(() => location.hash.includes('path='));
  const story = decodeURIComponent(new URL(page.url()).hash.split('path=')[1]);
  const file = path.join(d.root, story);
  check(existsSync(file), `the new story is written (${story})`);
  check(await listedState(page) === '待支部审核', 'the list shows 待支部审核');
  await page.click('#bp-review');
  await page.waitForSelector('#bp-review-h-0');
  await axe(t, page, 'the review view');
  check(await page.locator('section', { has: page.locator('#bp-review-h-0') }).locator('a', { hasText: TITLE }).count() === 1, 'the review view lists it under 待支部审核');

  // Approve as 刘强: exactly the approval lines are added.
  const before = readFileSync(file, 'utf8');
  await page.evaluate(() => localStorage.setItem('bp-desk-author', JSON.stringify({ name: '刘强', email: '' })));
  await review(page, story, { approve: true });
  const after = readFileSync(file, 'utf8');
  // The lines inserted: where the two files part, as many lines as the file grew.
  const [b, a] = [before.split('\n'), after.split('\n')];
  let at = 0;
  while (at < b.length && a[at] === b[at]) at++;
  const added = a.slice(at, at + a.length - b.length);
  const same = [...a.slice(0, at), ...a.slice(at + added.length)].join('\n') === before;
  const expected = [/^reviewed:$/, /^ {2}- stage: 支部审核$/, /^ {4}by: 刘强$/, /^ {4}date: \d{4}-\d{2}-\d{2}$/, /^ {4}digest: [0-9a-f"']+$/];
  check(added.length === 5 && expected.every((re, i) => re.test(added[i])), `approve adds exactly the approval lines (${JSON.stringify(added)})`);
  check(same, 'every other line is byte-identical');
  check(/刘强/.test(d.log()) && /记录审核通过/.test(d.log()), "serve's log records the approval and who made it");
  check(await listedState(page) === '待宣传科审核', 'the list then shows 待宣传科审核');

  // The second stage: build publishes it.
  await page.evaluate(() => localStorage.setItem('bp-desk-author', JSON.stringify({ name: '王芳', email: '' })));
  await review(page, story, { approve: true });
  check(await listedState(page) === '已通过', 'after both stages the list shows 已通过');
  const built = d.run('build');
  check(built.ok, `build succeeds${built.ok ? '' : ': ' + built.out}`);
  check(pageWithTitle(PAGE(d.root)), 'build publishes the approved story');

  // Edit the body and save: 已修改需重审, and the build drops it.
  await openStory(page, d.desk, story);
  await page.fill('#bp-body', BODY + '\n\n补充：活动照片见附件。');
  await save(page);
  check(await listedState(page) === '已修改需重审', 'an edited body shows 已修改需重审');
  d.run('build');
  check(!pageWithTitle(PAGE(d.root)), 'the build drops the story changed after approval');

  // Return it with a comment: the writer sees it at the top of the form.
  const comment = '请补充参加人数和活动地点。';
  await review(page, story, { approve: false, note: comment });
  check(readFileSync(file, 'utf8').includes(`review_note: ${comment}`), 'return writes review_note');
  await openStory(page, d.desk, story);
  const shown = await page.locator('#bp-review-note').textContent().catch(() => '');
  check(shown.includes(comment), "the writer's form shows the reviewer's comment");
  check(await page.locator('#bp-review-panel').count() === 0, 'a writer opening the story sees no review buttons');
  check(errors.length === 0, `no script error (${errors.join('; ')})`);
  await context.close();
} catch (e) {
  console.error(e);
  t.failures++;
} finally {
  await browser.close();
  d.stop();
}
t.exit();

// Whether any built HTML page under `dir` carries TITLE.
function pageWithTitle(dir) {
  return readdirRec(dir).some((f) => f.endsWith('.html') && !f.includes('search') && readFileSync(f, 'utf8').includes(TITLE) && /branches/.test(f));
}

function readdirRec(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f));
}

#!/usr/bin/env node
// The writing desk of `branchpress serve` in real headless Chromium, as a
// publicity committee member uses it, at 360 px (a phone) and 1280 px:
//   1. a story of every kind (the three defaults and the demo's own) is
//      written through the form, from "新建稿件" to "保存"; the activity gets
//      a real JPEG with GPS dropped in through the photo button, with a
//      caption; the live preview shows the story in the theme;
//   2. a negative metric: the error appears at the field, nothing is written;
//   3. a story opened and saved without a change stays byte-identical;
//   4. the file changed on disk meanwhile, the title on both sides: the
//      conflict shows the colleague's title beside the writer's, nothing is
//      overwritten (what does not overlap merges: tests/browser/desk-merge.mjs);
//   5. publishing commits into the portal's git repository and pushes into
//      a local bare repository;
//   6. axe-core on the desk's list and form: no serious or critical violation;
// then `check --strict` passes and `build` publishes every new story, its
// photo without GPS, and nothing of the desk.
//
//   node tests/browser/desk.mjs BIN PORTAL
//
// Screenshots go to $SCREENSHOTS (default target/screenshots).
// Exit status: 0 when every check passed, 1 when any failed, 2 on set-up error.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { axe as axeWith, Checks, git, startDesk } from './desk-harness.mjs';
import { findChromium } from './run.mjs';

const GPS_JPEG = 'tests/fixtures/photos/content/branches/clinic/activities/2024-05-10-village-clinic/wide.jpg';
const OLD_STORY = 'content/branches/surgery/activities/2022-03-05-lei-feng-day-community.md';
const CONFLICT_STORY = 'content/branches/surgery/honors/2022-06-30-five-good-branch.md';
const PASTE_STORY = 'content/branches/surgery/activities/2023-07-21-laparoscopic-suture-contest.md';
const PNG = 'tests/fixtures/photos/content/branches/clinic/logo.png';

const [bin, portal] = process.argv.slice(2);
if (!bin || !portal || !existsSync(path.join(portal, OLD_STORY)) || !existsSync(GPS_JPEG)) {
  console.error(`usage: desk.mjs BIN PORTAL (run from the repository, with ${OLD_STORY})`);
  process.exit(2);
}
const shots = path.resolve(process.env.SCREENSHOTS || 'target/screenshots');
mkdirSync(shots, { recursive: true });

const t = new Checks('desk');
const check = (ok, what) => t.check(ok, what);
const axe = (page, label) => axeWith(t, page, label);

// The portal, in a git repository with a bare remote, as `init` sets it up,
// with a story as an old Windows editor leaves it: BOM, CRLF, comments, an
// empty map.
const CRLF_STORY = 'content/branches/surgery/techniques/2023-02-21-first-cardiac-surgery.md';
const d = await startDesk(bin, portal, {
  setup(root) {
    const text = readFileSync(path.join(root, CRLF_STORY), 'utf8').replace(/^---\n/, '---\n# 宣传科审核：张某\nmetrics: {}\n');
    writeFileSync(path.join(root, CRLF_STORY), '\ufeff' + text.replace(/\n/g, '\r\n'));
  },
});
// The preview's address, then the desk's, on its own port (its own origin).
const { tmp, root, remote, address, desk, server, run } = d;

/** Fills the kind's own fields from the schema the desk uses. */
async function fillKindFields(page, kind) {
  for (const f of kind.fields) {
    const sel = `#bp-f-${f.key}`;
    if (f.values.length) await page.selectOption(sel, f.values[1] ?? f.values[0]);
    else if (f.type === 'integer' || f.type === 'number') await page.fill(sel, '6');
    else if (f.type === 'bool') await page.check(sel);
    else if (f.type === 'date') await page.fill(sel, '2024-10-01');
    else if (f.type === 'list') await page.fill(sel, '明湖市红十字会、湖滨街道社区');
    else await page.fill(sel, f.key === 'person' ? '陈某某' : '党员活动室');
  }
}

const written = []; // { path, title, width, kind }
const consoleErrors = [];
const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const vp of [{ width: 360, height: 740, mobile: true, branch: 'surgery' }, { width: 1280, height: 900, mobile: false, branch: 'imaging' }]) {
    const w = vp.width;
    const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, isMobile: vp.mobile, hasTouch: vp.mobile, locale: 'zh-CN' });
    const page = await context.newPage();
    // The refusals the test provokes (422 at the wrong metric, 409 at the
    // conflict) are logged by Chromium as failed loads: those are expected.
    const expected = /Failed to load resource: the server responded with a status of (409|422)/;
    page.on('console', (m) => m.type() === 'error' && !expected.test(m.text()) && consoleErrors.push(`${w}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${w}: ${e}`));

    // Entry: the preview's "写稿" button opens the desk; a story's "编辑本文" opens its form.
    await page.goto(new URL('/branches/surgery/activities/lei-feng-day-community/', address).href);
    check(await page.locator('#bp-desk-entry a', { hasText: '编辑本文' }).isVisible(), `${w}: a story page shows 编辑本文`);
    await page.click('#bp-desk-entry a:has-text("编辑本文")');
    await page.waitForFunction(() => document.querySelector('#bp-title')?.value);
    check(page.url().startsWith(desk) && await page.inputValue('#bp-title') !== '', `${w}: 编辑本文 opens the story in the desk, on the desk's own origin`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(desk);
    await page.waitForSelector('#bp-new-story');
    await page.waitForFunction(() => document.querySelectorAll('a[href^="#/edit"]').length > 10);
    check(await page.locator('a[href^="#/edit"]').count() >= 40, `${w}: the desk lists the demo's stories`);
    await page.fill('#bp-filter-q', '雷锋');
    await page.waitForTimeout(200);
    check(await page.locator('a[href^="#/edit"]').count() >= 1 && await page.locator('a[href^="#/edit"]').count() < 5, `${w}: finding by title narrows the list`);
    await page.fill('#bp-filter-q', '');
    await page.screenshot({ path: path.join(shots, `desk-list-${w}.png`), fullPage: false });

    const schema = await page.evaluate(async () => {
      const token = document.querySelector('meta[name="bp-token"]').content;
      const r = await fetch('/__branchpress/desk/api/schema', { headers: { 'X-Branchpress-Token': token } });
      return r.json();
    });
    check(schema.kinds.length === 4, `${w}: the form knows 4 kinds (3 defaults and the demo's models)`);

    // 1. A story of every kind.
    for (const kind of schema.kinds) {
      const title = `${kind.name}测试稿件${w}`;
      await page.goto(`${desk}#/new`);
      await page.waitForSelector('#bp-title');
      await page.selectOption('#bp-branch', vp.branch);
      await page.selectOption('#bp-kind', kind.key);
      await page.waitForSelector(`#bp-f-${kind.fields[0].key}`);
      check(await page.inputValue('#bp-date') === schema.today, `${w} ${kind.key}: the date is today by default`);
      await page.fill('#bp-title', title);
      await page.fill('#bp-date', '2024-10-12');
      await fillKindFields(page, kind);
      // The figures, photos and tags are in groups a writer opens.
      await page.evaluate(() => document.querySelectorAll('details.bp-group').forEach((g) => { g.open = true; }));
      if (await page.locator('#bp-m-participants').count()) await page.fill('#bp-m-participants', '32');
      await page.fill('#bp-tags', '志愿服务、测试');
      await page.click('#bp-body');
      await page.keyboard.type(`支部党员${w}走进湖滨社区，为老人测量血压、讲解慢病用药。`);
      if (kind.key === 'activities') {
        await page.setInputFiles('#bp-photo-input', GPS_JPEG);
        await page.waitForSelector('#bp-caption[open]', { timeout: 30_000 });
        await page.fill('#bp-caption-text', '党员为老人测量血压');
        await page.click('#bp-caption-ok');
        await page.waitForFunction(() => /!\[党员为老人测量血压\]\([^)]+\.jpg\)/.test(document.querySelector('#bp-body').value));
        check(true, `${w} ${kind.key}: the photo is uploaded and inserted with its caption`);
        const cover = await page.locator('#bp-cover option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
        check(cover.length === 1, `${w} ${kind.key}: the cover can be picked from the story's photo`);
        if (cover.length) await page.selectOption('#bp-cover', cover[0]);
      }
      // On the phone the preview is a tab of its own.
      if (vp.mobile) await page.click('#bp-tab-preview');
      const preview = page.frameLocator('#bp-preview');
      await preview.locator('h1', { hasText: title }).waitFor({ timeout: 15_000 });
      // The preview is debounced while the body is typed: one may show part of it before the last comes.
      const body = await preview.getByText(`支部党员${w}走进湖滨社区`).first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
      check(body, `${w} ${kind.key}: the live preview shows the story in the theme`);
      if (kind.key === 'activities') {
        // The preview follows the form (debounced): the one with the photo may come a moment after the title's.
        const shown = await preview.locator('img[alt="党员为老人测量血压"]').first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
        check(shown, `${w} ${kind.key}: the preview shows the photo`);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(shots, `desk-form-${w}.png`), fullPage: false });
      }
      await page.click('#bp-save');
      await page.waitForFunction(() => /已保存/.test(document.querySelector('#bp-status').textContent), null, { timeout: 15_000 });
      const saved = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/edit\?path=/, ''));
      check(saved.startsWith(`content/branches/${vp.branch}/${kind.key}/2024-10-12-`) && existsSync(path.join(root, saved)), `${w} ${kind.key}: saved as ${saved}`);
      written.push({ path: saved, title, width: w, kind: kind.key });
    }

    // Paste (a WeChat screenshot) and drag-and-drop, into a one-file story,
    // which becomes a bundle.
    if (w === 1280) {
      await page.goto(`${desk}#/edit?path=${encodeURIComponent(PASTE_STORY)}`);
      await page.waitForFunction(() => document.querySelector('#bp-title')?.value);
      const give = async (how, bytes, name, type, caption) => {
        await page.click('#bp-body');
        await page.keyboard.press('Control+End');
        await page.evaluate(([how, bytes, name, type]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(bytes)], name, { type }));
          const body = document.querySelector('#bp-body');
          if (how === 'paste') {
            body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
          } else {
            for (const t of ['dragenter', 'dragover', 'drop']) body.dispatchEvent(new DragEvent(t, { dataTransfer: dt, bubbles: true, cancelable: true }));
          }
        }, [how, [...bytes], name, type]);
        await page.waitForSelector('#bp-caption[open]', { timeout: 30_000 });
        await page.fill('#bp-caption-text', caption);
        await page.click('#bp-caption-ok');
        await page.waitForFunction((c) => document.querySelector('#bp-body').value.includes(`![${c}](`), caption);
      };
      await give('paste', readFileSync(PNG), 'image.png', 'image/png', '微信截图：活动通知');
      check(/!\[微信截图：活动通知\]\(screenshot-\d{8}-\d{6}\.png\)/.test(await page.inputValue('#bp-body')), `${w}: a pasted screenshot is uploaded and inserted`);
      await give('drop', readFileSync(GPS_JPEG), '比赛现场.jpg', 'image/jpeg', '腔镜缝合比赛现场');
      check((await page.inputValue('#bp-body')).trimEnd().endsWith(')'), `${w}: a dropped photo is inserted at the cursor (the end)`);
      await page.click('#bp-save');
      await page.waitForFunction(() => /已保存/.test(document.querySelector('#bp-status').textContent), null, { timeout: 15_000 });
      const bundle = PASTE_STORY.replace(/\.md$/, '/index.md');
      check(!existsSync(path.join(root, PASTE_STORY)) && existsSync(path.join(root, bundle)), `${w}: the one-file story became a bundle`);
      check(readdirSync(path.dirname(path.join(root, bundle))).filter((n) => /\.(png|jpg)$/.test(n)).length === 2, `${w}: both photos are in its folder`);
      written.push({ path: bundle, title: await page.inputValue('#bp-title'), width: 0, kind: 'pasted' });
    }

    // 2. A negative metric: shown at the field, nothing written.
    const last = written[written.length - 1];
    const before = readFileSync(path.join(root, written[0].path));
    await page.goto(`${desk}#/edit?path=${encodeURIComponent(written[0].path)}`);
    await page.waitForSelector('#bp-m-participants');
    await page.fill('#bp-m-participants', '-5');
    await page.click('#bp-save');
    await page.waitForSelector('#bp-err-metrics-participants:not(:empty)', { timeout: 10_000 });
    check(/0|数字/.test(await page.textContent('#bp-err-metrics-participants')), `${w}: a negative metric is shown at its field`);
    check(await page.getAttribute('#bp-m-participants', 'aria-invalid') === 'true', `${w}: the metric is marked invalid`);
    check(Buffer.compare(before, readFileSync(path.join(root, written[0].path))) === 0, `${w}: nothing was written`);
    await page.evaluate(() => localStorage.clear());

    // 3. Open and save unchanged: byte-identical. (Leaving the wrong
    // figure unsaved asks first: it is discarded.)
    const old = readFileSync(path.join(root, OLD_STORY));
    await page.goto(`${desk}#/edit?path=${encodeURIComponent(OLD_STORY)}`);
    await page.click('#bp-leave-discard');
    await page.waitForFunction((p) => location.hash.includes(p) && document.querySelector('#bp-title')?.value && !document.querySelector('#bp-m-participants').value.startsWith('-'), encodeURIComponent(OLD_STORY));
    await page.waitForFunction(() => document.querySelector('#bp-title')?.value);
    await page.click('#bp-save');
    await page.waitForFunction(() => /已保存/.test(document.querySelector('#bp-status').textContent), null, { timeout: 15_000 });
    check(Buffer.compare(old, readFileSync(path.join(root, OLD_STORY))) === 0, `${w}: a story opened and saved unchanged is byte-identical`);

    const crlf = readFileSync(path.join(root, CRLF_STORY));
    await page.goto(`${desk}#/edit?path=${encodeURIComponent(CRLF_STORY)}`);
    await page.waitForFunction(() => document.querySelector('#bp-title')?.value);
    await page.click('#bp-save');
    await page.waitForFunction(() => /已保存/.test(document.querySelector('#bp-status').textContent), null, { timeout: 15_000 });
    check(Buffer.compare(crlf, readFileSync(path.join(root, CRLF_STORY))) === 0, `${w}: so is one with a BOM, CRLF, a comment and an empty metrics map`);

    // 4. Changed on disk meanwhile, the title on both sides: the conflict, both titles, nothing overwritten.
    await page.goto(`${desk}#/edit?path=${encodeURIComponent(CONFLICT_STORY)}`);
    await page.waitForFunction(() => document.querySelector('#bp-title')?.value);
    const disk = readFileSync(path.join(root, CONFLICT_STORY), 'utf8').replace(/\n---\n/, `\n---\n另一位同事在电脑上补充的一段${w}。\n\n`)
      .replace(/^title: .*$/m, `title: 五好党支部（同事在电脑上修改${w}）`);
    writeFileSync(path.join(root, CONFLICT_STORY), disk);
    await page.fill('#bp-title', `五好党支部（网页中修改${w}）`);
    await page.click('#bp-save');
    await page.waitForSelector('#bp-conflict[open]', { timeout: 10_000 });
    const conflictText = await page.textContent('#bp-conflict');
    check(conflictText.includes(`同事在电脑上修改${w}`) && conflictText.includes(`网页中修改${w}`), `${w}: the conflict shows both titles`);
    check(readFileSync(path.join(root, CONFLICT_STORY), 'utf8') === disk, `${w}: nothing was overwritten`);
    await page.evaluate(() => localStorage.clear());
    void last;
    await context.close();
  }

  // 6. axe-core, which is injected as an inline script: in a context that
  // lets it past the desk's Content-Security-Policy (the flows above ran
  // under that policy, and a violation there is a console error).
  for (const vp of [{ width: 360, height: 740, mobile: true }, { width: 1280, height: 900, mobile: false }]) {
    const w = vp.width;
    const context = await browser.newContext({ viewport: { width: w, height: vp.height }, isMobile: vp.mobile, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(desk);
    await page.waitForFunction(() => document.querySelectorAll('a[href^="#/edit"]').length > 10);
    await axe(page, `${w}: desk list`);
    const activity = written.find((s) => s.width === w && s.kind === 'activities');
    await page.goto(`${desk}#/edit?path=${encodeURIComponent(activity.path)}`);
    await page.waitForFunction(() => document.querySelector('#bp-title')?.value);
    await page.frameLocator('#bp-preview').locator('h1').waitFor({ state: 'attached', timeout: 15_000 });
    await axe(page, `${w}: desk form (with a photo and the preview)`);
    await page.goto(`${desk}#/branch`);
    await page.waitForSelector('#bp-branch-name');
    await axe(page, `${w}: new branch`);
    await context.close();
  }

  // 5. Publishing into the bare remote.
  // (CSP bypassed for axe, run on the open dialog.)
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(desk);
  await page.click('#bp-publish');
  await page.waitForSelector('#bp-publish-dialog[open] #bp-publish-go');
  await axe(page, 'publish dialog');
  const listed = await page.textContent('#bp-publish-dialog');
  check(written.every((s) => listed.includes(s.path.split('/').slice(0, 5).join('/'))), 'publish lists the changed files');
  await page.fill('#bp-publish-message', '发布测试稿件');
  await page.fill('#bp-publish-name', '宣传委员');
  await page.fill('#bp-publish-email', 'xc@example.org');
  await page.click('#bp-publish-go');
  await page.waitForFunction(() => /已发布/.test(document.querySelector('#bp-publish-dialog').textContent), null, { timeout: 30_000 });
  const log = git(remote, 'log', '-1', '--format=%an|%s', 'main').trim();
  check(log === '宣传委员|发布测试稿件', `the remote has the commit (${log})`);
  const files = git(remote, 'show', '--name-only', '--format=', 'main');
  check(written.every((s) => files.includes(s.path)) && /\.jpg/.test(files), 'the commit holds every new story and the photo');
  await context.close();

  // 7. An English portal's desk speaks English (and passes axe).
  await english(browser);
} catch (err) {
  check(false, `desk test crashed: ${err.stack ?? err}`);
} finally {
  await browser.close();
  server.kill();
}

async function english(browser) {
  const en = path.join(tmp, 'english');
  cpSync('tests/fixtures/english', en, { recursive: true });
  const serveEn = spawn(path.resolve(bin), ['serve', '--port', '0'], { cwd: en, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const enDesk = await new Promise((resolve, reject) => {
      let out = '';
      serveEn.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/writing desk: (http:\/\/127\.0\.0\.1:\d+\/__branchpress\/desk\/)/);
        if (m) resolve(m[1]);
      });
      serveEn.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${enDesk}#/new`);
    await page.waitForSelector('#bp-title');
    check(await page.getAttribute('html', 'lang') === 'en', 'English: the desk page is lang="en"');
    check(await page.locator('label[for="bp-title"]').textContent().then((t) => t.includes('Title')), 'English: the form is labelled in English');
    await page.selectOption('#bp-kind', 'honors');
    await page.waitForSelector('#bp-f-level');
    const options = await page.locator('#bp-f-level option').allTextContents();
    check(options.some((o) => o.includes('省级')) || options.length >= 5, `English: the honors form offers the levels (${options.length} choices)`);
    await axe(page, 'English desk form at 360');
    await context.close();
  } finally {
    serveEn.kill();
  }
}
check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? `: ${consoleErrors.slice(0, 3).join(' | ')}` : ''}`);

// What the writer made passes check --strict and builds.
const checked = run('check', '--strict');
check(checked.ok, `check --strict passes${checked.ok ? '' : `:\n${checked.out}`}`);
const built = run('build', '--quiet');
check(built.ok, 'build publishes it');
const pub = path.join(root, 'public');
const allFiles = (dir) => readdirSync(dir).flatMap((n) => {
  const p = path.join(dir, n);
  return statSync(p).isDirectory() ? allFiles(p) : [p];
});
if (built.ok) {
  const html = allFiles(pub).filter((f) => f.endsWith('.html')).map((f) => readFileSync(f, 'utf8'));
  for (const s of written) check(html.some((h) => h.includes(`<h1`) && h.includes(s.title)), `the built site has “${s.title}”`);
  const jpgs = allFiles(pub).filter((f) => f.includes('/activities/') && f.endsWith('.jpg') && /zhi-yuan|dang-jian|ce-shi/.test(f));
  check(jpgs.length > 0 && jpgs.every((f) => !readFileSync(f).includes('GPS')), `the published photo has no GPS (${jpgs.length} files)`);
  // (The writers' guide names the desk's address; its page and buttons are never built.)
  check(allFiles(pub).every((f) => { const b = readFileSync(f); return !b.includes('bp-desk-entry') && !b.includes('bp-token') && !b.includes('desk.js') && !b.includes('__branchpress/desk/js/'); }), 'nothing of the desk reaches the build');
}
rmSync(tmp, { recursive: true, force: true });
t.exit();

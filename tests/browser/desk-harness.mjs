// What every browser test of the writing desk starts from: a copy of a
// portal in a git repository with a local bare remote, `branchpress serve`
// on it, checks that count their failures, and axe-core.
//
//   import { Checks, startDesk, axe } from './desk-harness.mjs';
//   const t = new Checks('desk-publish');
//   const d = await startDesk(bin, '.', { gitignore: false });
//   ... t.check(ok, 'what');
//   d.stop(); t.exit();

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The phone and the laptop every desk test is run at. */
export const PHONE = { width: 360, height: 740, mobile: true };
export const LAPTOP = { width: 1280, height: 800, mobile: false };

/** Options of a browser context at a viewport, in Chinese. */
export function contextOptions(vp, extra = {}) {
  return { viewport: { width: vp.width, height: vp.height }, isMobile: vp.mobile, hasTouch: vp.mobile, locale: 'zh-CN', ...extra };
}

/** Counted checks: `ok`/`FAIL` a line, and the exit status at the end. */
export class Checks {
  constructor(name) {
    this.name = name;
    this.failures = 0;
  }

  check(ok, what) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) this.failures++;
    return ok;
  }

  exit() {
    console.log(this.failures ? `${this.name}: ${this.failures} check(s) failed` : `${this.name}: all checks passed`);
    process.exit(this.failures ? 1 : 0);
  }
}

/** Environment for git with a fixed identity (CI has none). */
export const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'CI', GIT_AUTHOR_EMAIL: 'ci@example.org', GIT_COMMITTER_NAME: 'CI', GIT_COMMITTER_EMAIL: 'ci@example.org' };

/** Runs git in `dir` and returns its output. */
export function git(dir, ...args) {
  return execFileSync('git', ['-C', dir, ...args], { env: gitEnv, encoding: 'utf8' });
}

/**
 * Copies `portal` (site.yaml, content, themes) into a fresh repository with
 * a bare remote `origin`, commits it, and starts `bin serve` there.
 * Options: `gitignore` (default true) writes the `.gitignore` that `init`
 * writes; `setup(root)` runs before the first commit; `env` adds to serve's
 * environment.
 * Returns { tmp, root, remote, address, desk, server, run, stop }.
 */
export async function startDesk(bin, portal, { gitignore = true, setup, env = {}, lang = 'zh' } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'branchpress-desk-'));
  const root = path.join(tmp, 'portal');
  const remote = path.join(tmp, 'remote.git');
  for (const part of ['site.yaml', 'content', 'themes', 'static']) {
    if (existsSync(path.join(portal, part))) cpSync(path.join(portal, part), path.join(root, part), { recursive: true });
  }
  if (gitignore) writeFileSync(path.join(root, '.gitignore'), 'public/\n.branchpress-cache/\n');
  if (setup) await setup(root);
  git(tmp, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'start');
  git(root, 'remote', 'add', 'origin', remote);

  const server = spawn(path.resolve(bin), ['serve', '--port', '0'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  const [address, desk] = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      log += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      const d2 = out.match(lang === 'en' ? /writing desk: (http:\/\/127\.0\.0\.1:\d+\/__branchpress\/desk\/)/ : /写作台：(http:\/\/127\.0\.0\.1:\d+\/__branchpress\/desk\/)/);
      if (m && d2) resolve([m[0], d2[1]]);
    });
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  /** Runs `bin ARGS…` in the portal: { ok, out }. */
  const run = (...args) => {
    try {
      return { ok: true, out: execFileSync(path.resolve(bin), args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
    } catch (e) {
      return { ok: false, out: `${e.stdout}${e.stderr}` };
    }
  };
  return {
    tmp,
    root,
    remote,
    address,
    desk,
    server,
    run,
    /** Everything serve printed so far (its log). */
    log: () => log,
    stop() {
      server.kill();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Runs axe-core on the page (whose context must bypass the desk's CSP). */
export async function axe(t, page, label) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, target: v.nodes[0]?.target.join(' ') }));
  }, AXE_TAGS);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations) console.log(`     axe [${v.impact}] ${v.id}: ${v.help} (${v.target})`);
  t.check(bad.length === 0, `${label}: axe finds no serious or critical violation`);
}

/**
 * Opens the desk's form for a story and waits until it is filled. Leaving
 * a form with unsaved edits asks first (放弃修改？): the edits are discarded.
 */
export async function openStory(page, desk, story) {
  await page.goto(`${desk}#/edit?path=${encodeURIComponent(story)}`);
  const leave = page.locator('#bp-leave-discard');
  if (await leave.isVisible()) await leave.click();
  await page.waitForFunction((p) => decodeURIComponent(location.hash).endsWith(`path=${p}`) && document.querySelector('#bp-title')?.value, story);
}

/** Clicks 保存 and waits for 已保存 (or for `until`, a selector). */
export async function save(page, until) {
  await page.click('#bp-save');
  if (until) await page.waitForSelector(until, { timeout: 15_000 });
  else await page.waitForFunction(() => /已保存/.test(document.querySelector('#bp-status').textContent), null, { timeout: 15_000 });
}

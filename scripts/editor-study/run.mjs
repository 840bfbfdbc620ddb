// Usage: node run.mjs [vditor|milkdown|toast ...]   -> data/results-<lib>.json
// Serves this folder at http://study.local/ through Playwright routing; every other request is aborted and logged.
import fs from 'fs'; import path from 'path';
import { chromium } from 'playwright-core';
import { bodies, editSample, planEdit } from './common.mjs';
const ROOT = process.cwd();
const types = {'.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.json': 'application/json'};
const libs = process.argv.slice(2).length ? process.argv.slice(2) : ['vditor', 'milkdown', 'toast'];
const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox']});
for (const lib of libs) {
  const page = await browser.newPage();
  const foreign = [], served = new Set(), pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  await page.route('**/*', route => {
    const u = new URL(route.request().url());
    if (u.host !== 'study.local') { foreign.push(u.href); return route.abort(); }
    const f = path.join(ROOT, decodeURIComponent(u.pathname));
    if (!f.startsWith(ROOT) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) return route.fulfill({status: 404, body: ''});
    served.add(u.pathname);
    return route.fulfill({status: 200, body: fs.readFileSync(f), contentType: types[path.extname(f)] || 'application/octet-stream'});
  });
  await page.goto(`http://study.local/pages/${lib}.html`);
  await page.waitForFunction(() => typeof window.makeEditor === 'function');
  const open = md => page.evaluate(async md => {
    const host = document.getElementById('host'); host.innerHTML = ''; const el = document.createElement('div'); host.appendChild(el);
    window.cur = await window.makeEditor(el, md);
    await new Promise(r => setTimeout(r, 50));
    return window.cur.get();
  }, md);
  const close = () => page.evaluate(async () => { try { await window.cur.destroy(); } catch (e) {} window.cur = null; document.getElementById('host').innerHTML = ''; });
  const roundtrips = [];
  for (const {file, body} of bodies()) {
    let out = null, error = null;
    try { out = await open(body); } catch (e) { error = String(e).slice(0, 300); }
    await close();
    roundtrips.push({file, input: body, output: out, error});
  }
  // Edit locality. A: edit the Markdown, then open+save the edited text. B: open the original, type one
  // character with the keyboard into the middle paragraph inside the editor, then save.
  const edits = [];
  for (const {file, body} of editSample()) {
    const plan = planEdit(body);
    const rec = {file, lineNo: plan.lineNo, anchor: plan.before + '|' + plan.after, expected: plan.edited};
    try { rec.viaMarkdown = await open(plan.edited); } catch (e) { rec.viaMarkdownError = String(e); }
    await close();
    try {
      await open(body);
      const ok = await page.evaluate(({before, after}) => {
        const eds = [...document.querySelectorAll('[contenteditable="true"]')].filter(e => e.offsetParent !== null);
        for (const ed of eds) {
          const w = document.createTreeWalker(ed, NodeFilter.SHOW_TEXT); let n;
          while ((n = w.nextNode())) {
            const i = n.data.indexOf(before + after);
            if (i >= 0) { ed.focus(); const r = document.createRange(); r.setStart(n, i + before.length); r.collapse(true);
              const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; }
          }
        }
        return false;
      }, {before: plan.before, after: plan.after});
      if (!ok) throw new Error('anchor text not found in editor DOM');
      await page.waitForTimeout(100);
      await page.keyboard.type(plan.insert);
      await page.waitForTimeout(600); // let IR/WYSIWYG input handlers settle
      rec.viaKeyboard = await page.evaluate(() => window.cur.get());
    } catch (e) { rec.viaKeyboardError = String(e); }
    await close();
    edits.push(rec);
  }
  fs.writeFileSync(`${ROOT}/data/results-${lib}.json`, JSON.stringify({lib, roundtrips, edits, foreign, served: [...served].sort(), pageErrors}, null, 1));
  console.log(lib, 'done; errors', roundtrips.filter(r => r.error).length, 'foreign requests', foreign.length, 'pageErrors', pageErrors.length);
  await page.close();
}
await browser.close();

// Usage: node synthetic.mjs  -- round-trips data/synthetic.md (constructs absent from the corpus) in all three editors
import { chromium } from 'playwright-core'; import fs from 'fs'; import path from 'path'; import { lineDiff } from './common.mjs';
const md = fs.readFileSync('synthetic.md', 'utf8');
const b = await chromium.launch({executablePath: '/usr/bin/chromium'});
for (const lib of ['vditor', 'milkdown', 'toast']) {
  const p = await b.newPage();
  await p.route('**/*', r => { const u = new URL(r.request().url()); const f = path.join(process.cwd(), u.pathname);
    if (u.host !== 'study.local' || !fs.existsSync(f)) return r.fulfill({status: 404, body: ''}); return r.fulfill({body: fs.readFileSync(f), contentType: f.endsWith('.js') ? 'text/javascript' : f.endsWith('.css') ? 'text/css' : 'text/html'}); });
  await p.goto(`http://study.local/pages/${lib}.html`); await p.waitForFunction(() => window.makeEditor);
  const out = await p.evaluate(async md => (await makeEditor(document.getElementById('host'), md)).get(), md);
  console.log(`== ${lib}: ${out === md ? 'identical' : 'changed'}`);
  for (const [op, t] of lineDiff(md, out).ops) if (op !== ' ') console.log(op + JSON.stringify(t));
  await p.close();
}
await b.close();

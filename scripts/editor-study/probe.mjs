// Usage: node probe.mjs <lib> '<markdown>'  -- prints one round trip (debug helper)
import { chromium } from 'playwright-core'; import fs from 'fs'; import path from 'path';
const [lib, md] = process.argv.slice(2);
const b = await chromium.launch({executablePath: '/usr/bin/chromium'}); const p = await b.newPage();
await p.route('**/*', r => { const u = new URL(r.request().url()); const f = path.join(process.cwd(), u.pathname);
  if (u.host !== 'study.local' || !fs.existsSync(f)) return r.fulfill({status: 404, body: ''}); return r.fulfill({body: fs.readFileSync(f), contentType: f.endsWith('.js') ? 'text/javascript' : f.endsWith('.css') ? 'text/css' : 'text/html'}); });
p.on("console", m => m.type() === "error" && console.error("console.error:", m.text().slice(0, 200)));
await p.goto(`http://study.local/pages/${lib}.html`); await p.waitForFunction(() => window.makeEditor);
console.log(JSON.stringify(await p.evaluate(async md => { const e = await makeEditor(document.getElementById('host'), md); return [e.get(), document.getElementById('host').querySelector('[contenteditable=true]')?.innerHTML.slice(0, 400)]; }, md.replace(/\\n/g, '\n')), null, 1));
await b.close();

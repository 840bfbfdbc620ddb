// Not a test: a measurement (docs/desk.md, Photos in the desk).
//   node tests/browser/measure-upload.mjs BIN
// Uploads the GPS fixture JPEG through the desk's API and prints its size before and after.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startDesk } from './desk-harness.mjs';
const bin = process.argv[2];
const PHOTO = 'tests/fixtures/photos/content/branches/clinic/activities/2024-05-10-village-clinic/wide.jpg';
const STORY = 'content/branches/surgery/activities/2023-09-16-baishi-village-free-clinic/index.md';
const d = await startDesk(bin, '.', {});
const page = await (await fetch(d.desk)).text();
const token = page.match(/name="bp-token" content="([^"]+)"/)[1];
const origin = new URL(d.desk).origin;
const bytes = readFileSync(PHOTO);
for (const n of [1, 2]) {
  const r = await fetch(`${origin}/__branchpress/desk/api/upload?path=${encodeURIComponent(STORY)}&name=wide.jpg`, { method: 'POST', body: bytes, headers: { 'X-Branchpress-Token': token, Origin: origin, 'Content-Type': 'application/octet-stream' } });
  const a = await r.json();
  const stored = path.join(d.root, path.dirname(STORY), a.name);
  const buf = readFileSync(stored);
  console.log(`upload ${n}: sent ${bytes.length} B, stored ${a.name} ${statSync(stored).size} B, reused=${!!a.reused}, Exif=${buf.includes('Exif')}, GPS=${buf.includes('GPS')}`);
}
d.stop();

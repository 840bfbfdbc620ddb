// Extracts the Markdown body of every .md under the repository's content/ and tests/fixtures/.
// Split rule mirrors src/front_matter.rs: if line 1 is `---`, body starts after the next line whose
// trim_end is `---`; if line 1 is not `---`, the whole file is the body (plain page). Unclosed
// front matter and invalid UTF-8 are excluded (the desk could not open them as a story).
import fs from 'fs'; import path from 'path';
const roots = ['../../content', '../../tests/fixtures'];
const files = [];
const walk = d => { for (const e of fs.readdirSync(d, {withFileTypes: true})) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.md')) files.push(p); } };
roots.forEach(walk); files.sort();
const out = [], excluded = [];
for (const f of files) {
  const buf = fs.readFileSync(f);
  let text; try { text = new TextDecoder('utf-8', {fatal: true}).decode(buf); } catch { excluded.push([f, 'invalid utf-8']); continue; }
  if (text.startsWith('\ufeff')) text = text.slice(1);
  const lines = text.split(/(?<=\n)/);
  let body;
  if ((lines[0] ?? '').trimEnd() !== '---') body = text;
  else {
    let off = lines[0].length, i = 1, found = false;
    for (; i < lines.length; i++) { if (lines[i].trimEnd() === '---') { off += lines[i].length; found = true; break; } off += lines[i].length; }
    if (!found) { excluded.push([f, 'unclosed front matter']); continue; }
    body = text.slice(off);
  }
  out.push({file: path.relative('../..', f), body});
}
fs.writeFileSync('data/bodies.json', JSON.stringify(out));
console.log('bodies', out.length, 'excluded', JSON.stringify(excluded));
console.log('empty bodies', out.filter(b => b.body.trim() === '').map(b => b.file));

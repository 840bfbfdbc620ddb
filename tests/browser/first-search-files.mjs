#!/usr/bin/env node
// What a first search reads, from the files on disk: for each query, a fresh
// engine runs it and builds its ten excerpts; the files it read (and the two
// scripts) are summed as a host that compresses text sends them (the .bin
// files are stored gzipped), and as stored (a host that compresses nothing).
//
//   node tests/browser/first-search-files.mjs SITE_DIR QUERY...
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
const site = process.argv[2];
const { SearchEngine } = await import(path.resolve(site, 'search-engine.js'));
const dir = path.join(site, 'search/data');
const seen = new Set();
const make = () => new SearchEngine(async (p) => { const f = p.split('?')[0]; seen.add(f); try { return new Uint8Array(await readFile(path.join(dir, f))); } catch (err) { if (err.code === 'ENOENT') return null; throw err; } });
for (const q of process.argv.slice(3)) {
  seen.clear();
  const e = make();
  const r = await e.search(q); const ids = r.page(0, 10);
  for (const id of ids) { const f = await e.fragment(id); e.excerpt(f, r.terms); }
  const files = [...seen].map((f) => path.join(dir, f)).concat([path.join(site, 'search.js'), path.join(site, 'search-engine.js')]);
  let text = 0, raw = 0;
  for (const f of files) { const b = await readFile(f); raw += b.length; text += f.endsWith('.bin') ? b.length : gzipSync(b, { level: 6 }).length; }
  console.log(q, `text gzipped ${(text/1024).toFixed(1)} KB, as stored ${(raw/1024).toFixed(1)} KB, ${files.length} files`);
}

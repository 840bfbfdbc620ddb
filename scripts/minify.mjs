#!/usr/bin/env node
// The default theme's search scripts are written in themes/default/src/ and
// shipped minified in themes/default/static/ (what a first search downloads
// halves: 30 KB → 15 KB as stored, which is what a host that compresses
// nothing sends). Minified with esbuild, pinned in tests/browser, so the
// output is the same bytes on every machine.
//
//   node scripts/minify.mjs          writes themes/default/static/*.js
//   node scripts/minify.mjs --check  fails if any is not what its source gives
//
// scripts/browser-test.sh runs --check, and the browser tests run the
// minified files, so what is tested is what ships.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'tests/browser/package.json'));
let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  console.error('minify: esbuild is missing; run `npm ci` in tests/browser (scripts/install-browser.sh does)');
  process.exit(1);
}
const check = process.argv.includes('--check');
const src = path.join(root, 'themes/default/src');
const dest = path.join(root, 'themes/default/static');
let stale = 0;
for (const name of (await readdir(src)).filter((n) => n.endsWith('.js')).sort()) {
  const code = await readFile(path.join(src, name), 'utf8');
  const { code: min } = await esbuild.transform(code, {
    minify: true,
    format: 'esm',
    charset: 'utf8',
    legalComments: 'none',
    banner: `/* branchpress: minified from themes/default/src/${name} by scripts/minify.mjs; edit that file */`,
  });
  const out = path.join(dest, name);
  const now = await readFile(out, 'utf8').catch(() => null);
  if (now === min) continue;
  if (check) {
    console.error(`minify: themes/default/static/${name} is not what themes/default/src/${name} gives; run node scripts/minify.mjs`);
    stale++;
  } else {
    await writeFile(out, min);
    console.log(`minify: themes/default/static/${name} ${code.length} → ${Buffer.byteLength(min)} bytes`);
  }
}
process.exit(stale ? 1 : 0);

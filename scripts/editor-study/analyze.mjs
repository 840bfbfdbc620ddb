// Usage: node analyze.mjs [--residual]  -> summary per library from data/results-*.json (+ data/summary.json)
import fs from 'fs'; import { lineDiff, shortcodes } from './common.mjs';
const showResidual = process.argv.includes('--residual');
const stripEnd = s => s.replace(/\n+$/, '');
const imgs = s => (s.match(/!\[[^\]]*\]\([^)]*\)/g) || []);
// Normalisations, each removing one known kind of change. Applied cumulatively in this order.
const norms = [
  ['trailing newline', s => stripEnd(s)],
  ['bullet marker -→*', s => s.replace(/^(\s*)[*+-] /gm, '$1- ')],
  ['table re-padding/delimiter row', s => s.split('\n').map(l => /^\s*\|/.test(l) ? l.replace(/\s*\|\s*/g, '|').replace(/\|:?-+:?(?=\|)/g, '|-') : l).join('\n')],
  ['blank lines added/removed', s => s.replace(/\n{2,}/g, '\n')],
  ['empty table cell → <br />', s => s.replace(/\|<br \/>(?=\|)/g, '|')],
  ['backslash escapes added', s => s.replace(/\\([!-/:-@[-`{-~])/g, '$1')],
];
const summary = {};
for (const lib of ['vditor', 'milkdown', 'toast']) {
  const f = `data/results-${lib}.json`; if (!fs.existsSync(f)) continue;
  const r = JSON.parse(fs.readFileSync(f, 'utf8'));
  const N = r.roundtrips.length, nonEmpty = r.roundtrips.filter(x => x.input.trim() !== '');
  const s = {N, nonEmpty: nonEmpty.length, identical: 0, identicalNonEmpty: 0, trailingNewlineOnly: 0, errors: 0,
    shortcodesTotal: 0, shortcodesBroken: 0, filesWithBrokenShortcode: [], imagesTotal: 0, imagesLost: 0, filesLosingImages: [],
    kinds: {}, residualFiles: [], foreignRequests: r.foreign.length};
  for (const x of r.roundtrips) {
    if (x.error || x.output == null) { s.errors++; continue; }
    const scs = shortcodes(x.input); s.shortcodesTotal += scs.length;
    let broken = 0, rest = x.output; for (const sc of scs) { const i = rest.indexOf(sc); if (i < 0) broken++; else rest = rest.slice(0, i) + rest.slice(i + sc.length); }
    if (broken) { s.shortcodesBroken += broken; s.filesWithBrokenShortcode.push(x.file); }
    const ii = imgs(x.input), io = imgs(x.output); s.imagesTotal += ii.length;
    const lost = ii.filter(m => !x.output.includes(m)).length; if (lost) { s.imagesLost += lost; s.filesLosingImages.push(x.file); }
    if (x.output === x.input) { s.identical++; if (x.input.trim() !== '') s.identicalNonEmpty++; continue; }
    if (stripEnd(x.output) === stripEnd(x.input)) { s.trailingNewlineOnly++; (s.kinds['trailing newline'] ??= []).push(x.file); continue; }
    let a = x.input, b = x.output;
    for (const [name, fn] of norms) {
      const a2 = fn(a), b2 = fn(b);
      if (name !== 'trailing newline' && lineDiff(a, b).added.length + lineDiff(a, b).removed.length > lineDiff(a2, b2).added.length + lineDiff(a2, b2).removed.length) (s.kinds[name] ??= []).push(x.file);
      a = a2; b = b2;
    }
    if (a !== b) { const d = lineDiff(a, b); s.residualFiles.push(x.file);
      if (showResidual) { console.log(`--- ${lib} residual ${x.file}`); for (const [op, t] of d.ops) if (op !== ' ') console.log(op + t.slice(0, 150)); } }
  }
  // Edit locality.
  s.edits = r.edits.map(e => {
    const base = r.roundtrips.find(x => x.file === e.file);
    const cnt = out => { if (out == null) return null; const d = lineDiff(base.input, out); return {removed: d.removed.length, added: d.added.length, onlyEditedLine: d.removed.length === 1 && d.added.length === 1 && d.removed[0] === e.lineNo, equalsExpected: out === e.expected}; };
    const bd = lineDiff(base.input, base.output);
    // Footprint of the edit relative to the editor's own unchanged save (isolates the edit from normalisation).
    const rel = out => { if (out == null) return null; const d = lineDiff(base.output, out); return `-${d.removed.length}/+${d.added.length}`; };
    return {file: e.file.replace(/^content\/branches\//, ''), editedLine: e.lineNo, unchangedRoundTrip: {removed: bd.removed.length, added: bd.added.length}, viaMarkdown: cnt(e.viaMarkdown), viaKeyboard: cnt(e.viaKeyboard), vsUnchangedSave: {viaMarkdown: rel(e.viaMarkdown), viaKeyboard: rel(e.viaKeyboard)}, kbError: e.viaKeyboardError};
  });
  summary[lib] = s;
  console.log(`\n== ${lib}: N=${N} (non-empty ${s.nonEmpty}) identical=${s.identical} (non-empty ${s.identicalNonEmpty}) trailing-newline-only=${s.trailingNewlineOnly} errors=${s.errors} foreignRequests=${s.foreignRequests}`);
  console.log(`   shortcodes broken ${s.shortcodesBroken}/${s.shortcodesTotal}; images lost ${s.imagesLost}/${s.imagesTotal} in ${s.filesLosingImages.length} files`);
  for (const [k, v] of Object.entries(s.kinds)) console.log(`   ${k}: ${v.length} files`);
  console.log(`   residual (other) changes in ${s.residualFiles.length} files: ${s.residualFiles.join(', ')}`);
  for (const e of s.edits) console.log(`   edit ${e.file} L${e.editedLine}: unchanged-rt -${e.unchangedRoundTrip.removed}/+${e.unchangedRoundTrip.added}; md-edit ${JSON.stringify(e.viaMarkdown)}; keyboard ${JSON.stringify(e.viaKeyboard)}; vs unchanged save ${JSON.stringify(e.vsUnchangedSave)} ${e.kbError || ''}`);
}
fs.writeFileSync('data/summary.json', JSON.stringify(summary, null, 1));

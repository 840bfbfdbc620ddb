import fs from 'fs';
export const bodies = () => JSON.parse(fs.readFileSync('data/bodies.json', 'utf8'));
// Shortcodes as the site writes them: {{ name(...) }} (may not span lines in our corpus, but allow it).
export const shortcodes = s => s.match(/\{\{[\s\S]*?\}\}/g) || [];
// LCS line diff; returns {removed:[lineNo..], added:[lineNo..], ops:[[' '|'-'|'+', text]]}
export function lineDiff(a, b) {
  const A = a.split('\n'), B = b.split('\n'); const n = A.length, m = B.length;
  const dp = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    dp[i][j] = A[i] === B[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const ops = [], removed = [], added = []; let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) { ops.push([' ', A[i]]); i++; j++; }
    else if (j < m && (i === n || dp[i][j + 1] >= dp[i + 1][j])) { ops.push(['+', B[j]]); added.push(j + 1); j++; }
    else { ops.push(['-', A[i]]); removed.push(i + 1); i++; }
  }
  return {removed, added, ops};
}
// Edit-locality sample: the 5 longest story bodies under content/branches (not _branch.md).
export function editSample() {
  return bodies().filter(b => b.file.startsWith('content/branches/') && !b.file.endsWith('_branch.md'))
    .sort((x, y) => y.body.length - x.body.length || (x.file < y.file ? -1 : 1)).slice(0, 5);
}
const han = c => /\p{Script=Han}/u.test(c);
// Middle plain paragraph (blank-line separated block, outside code fences, not a heading/list/quote/table/shortcode/image/html).
export function planEdit(body) {
  const lines = body.split('\n'); const blocks = []; let cur = null, fence = false;
  lines.forEach((l, i) => {
    if (/^\s*(```|~~~)/.test(l)) fence = !fence;
    if (!fence && l.trim() === '') { cur = null; return; }
    if (!cur) { cur = {start: i, lines: [], fenced: fence || /^\s*(```|~~~)/.test(l)}; blocks.push(cur); }
    cur.lines.push(l);
  });
  const paras = blocks.filter(b => !b.fenced && !/^\s*([#>|!<-]|\*|\+|\d+\.|\{\{)/.test(b.lines[0]));
  const p = paras[Math.floor((paras.length - 1) / 2)];
  const line = lines[p.start]; const mid = Math.floor([...line].length / 2); const chars = [...line];
  for (let d = 0; d < chars.length; d++) for (const k of [mid + d, mid - d]) {
    if (k > 0 && k < chars.length && han(chars[k - 1]) && han(chars[k])) {
      let s = k; while (s > 0 && han(chars[s - 1]) && k - s < 8) s--;
      let e = k; while (e < chars.length && han(chars[e]) && e - k < 8) e++;
      const before = chars.slice(s, k).join(''), after = chars.slice(k, e).join('');
      const newLine = chars.slice(0, k).join('') + '测' + chars.slice(k).join('');
      const edited = [...lines.slice(0, p.start), newLine, ...lines.slice(p.start + 1)].join('\n');
      return {lineNo: p.start + 1, paraLines: p.lines.length, before, after, insert: '测', edited, paraCount: paras.length};
    }
  }
  throw new Error('no insertion point');
}

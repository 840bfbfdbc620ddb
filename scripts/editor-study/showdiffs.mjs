// Usage: node showdiffs.mjs <lib> [maxFiles]  -- prints the line diff of every non-identical round trip
import fs from 'fs'; import { lineDiff } from './common.mjs';
const [lib, max = 999] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(`data/results-${lib}.json`, 'utf8'));
let k = 0;
for (const x of r.roundtrips) {
  if (x.output === x.input) continue; if (k++ >= max) break;
  const d = lineDiff(x.input, x.output);
  console.log(`### ${x.file}  (-${d.removed.length} +${d.added.length})`);
  for (const [op, t] of d.ops) if (op !== ' ') console.log(op + JSON.stringify(t).slice(1, -1).slice(0, 160));
}

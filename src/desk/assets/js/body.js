// Editing the body's Markdown: replace a range (undoable), wrap the
// selection, prefix lines, insert a block.

// Replaces start..end with text (undoable where the browser allows), then
// selects selFrom..selTo within the inserted text.
export function replaceRange(ta, start, end, text, selFrom, selTo) {
  ta.focus();
  ta.setSelectionRange(start, end);
  let done = false;
  try { done = document.execCommand('insertText', false, text); } catch { done = false; }
  if (!done || ta.value.slice(start, start + text.length) !== text) {
    ta.setRangeText(text, start, end, 'end');
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }
  ta.setSelectionRange(start + selFrom, start + selTo);
}

export function wrapSelection(ta, before, after, sample) {
  const { selectionStart: s, selectionEnd: e, value } = ta;
  const inner = value.slice(s, e) || sample;
  replaceRange(ta, s, e, before + inner + after, before.length, before.length + inner.length);
}

// Adds (or, when every line has it, removes) a prefix on the selected lines.
export function prefixLines(ta, prefix, sample, strip) {
  const { value } = ta;
  let s = ta.selectionStart;
  let e = ta.selectionEnd;
  if (e > s && value[e - 1] === '\n') e -= 1;
  const ls = value.lastIndexOf('\n', s - 1) + 1;
  let le = value.indexOf('\n', e);
  if (le < 0) le = value.length;
  const block = value.slice(ls, le);
  if (!block.trim()) {
    replaceRange(ta, ls, le, prefix + sample, prefix.length, prefix.length + sample.length);
    return;
  }
  const lines = block.split('\n');
  const all = lines.every((l) => !l.trim() || l.startsWith(prefix));
  const out = lines.map((l) => {
    if (!l.trim()) return l;
    if (all) return l.slice(prefix.length);
    return prefix + (strip ? l.replace(strip, '') : l);
  }).join('\n');
  replaceRange(ta, ls, le, out, 0, out.length);
}

// Inserts a block (photo, table, figure) as its own paragraph at the cursor.
export function insertBlock(ta, block, selFrom = block.length, selTo = selFrom) {
  const pos = ta.selectionEnd;
  const before = ta.value.slice(0, pos);
  const after = ta.value.slice(pos);
  const pre = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const post = after === '' ? '\n' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  replaceRange(ta, pos, pos, pre + block + post, pre.length + selFrom, pre.length + selTo);
}

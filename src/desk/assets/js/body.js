// Editing the body's Markdown: replace a range (undoable), wrap the
// selection, prefix lines, insert a block; lists that continue on Enter,
// buttons that toggle, tables made from rows and columns.

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

// The whole lines the selection touches (a selection ending just after a
// line break does not take the next line): their start, end and text.
function selectedLines(ta) {
  const { value } = ta;
  const s = ta.selectionStart;
  let e = ta.selectionEnd;
  if (e > s && value[e - 1] === '\n') e -= 1;
  const ls = value.lastIndexOf('\n', s - 1) + 1;
  let le = value.indexOf('\n', e);
  if (le < 0) le = value.length;
  return { value, ls, le, block: value.slice(ls, le) };
}

// Adds (or, when every line has it, removes) a prefix on the selected lines.
export function prefixLines(ta, prefix, sample, strip) {
  const { ls, le, block } = selectedLines(ta);
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

// ---------------------------------------------------------------- writing
// without Markdown: lists and quotes continue on Enter, the toolbar's
// buttons toggle, a table is made from a small form.

// A list item or quote at the start of a line: indent, marker, the rest.
const ITEM = /^(\s*)(?:([-*+])|(\d{1,9})([.)])|(>)) ?/;

// The marker the line after `line` continues with, or null when `line` is
// no list item or quote. `empty` says the item has no text of its own.
export function continuation(line) {
  const m = ITEM.exec(line);
  if (!m || (!m[5] && line.charAt(m[0].length - 1) !== ' ')) return null;
  const empty = !line.slice(m[0].length).trim();
  let next;
  if (m[2]) next = m[1] + m[2] + ' ';
  else if (m[3]) next = m[1] + (Number(m[3]) + 1) + m[4] + ' ';
  else next = m[1] + '> ';
  return { next, empty, markerEnd: m[0].length };
}

// Enter in a list item or quote: the next line starts the same way (the
// next number in a numbered list); Enter on an empty item ends the list.
// Returns true when it handled the key.
export function continueList(ta) {
  const { selectionStart: s, selectionEnd: e, value } = ta;
  if (s !== e) return false;
  const ls = value.lastIndexOf('\n', s - 1) + 1;
  const before = value.slice(ls, s);
  const c = continuation(before);
  if (!c || before.length < c.markerEnd) return false;
  let le = value.indexOf('\n', s);
  if (le < 0) le = value.length;
  if (c.empty && !value.slice(s, le).trim()) {
    replaceRange(ta, ls, le, '', 0, 0);
    return true;
  }
  const text = '\n' + c.next;
  replaceRange(ta, s, e, text, text.length, text.length);
  return true;
}

// Bold: wraps the selection in ** … **, or removes them when the selection
// (or the text around it) is already bold.
export function toggleWrap(ta, mark, sample) {
  const { selectionStart: s, selectionEnd: e, value } = ta;
  const inner = value.slice(s, e);
  const n = mark.length;
  if (inner.length >= 2 * n && inner.startsWith(mark) && inner.endsWith(mark)) {
    const out = inner.slice(n, -n);
    replaceRange(ta, s, e, out, 0, out.length);
    return;
  }
  if (value.slice(s - n, s) === mark && value.slice(e, e + n) === mark) {
    replaceRange(ta, s - n, e + n, inner, 0, inner.length);
    return;
  }
  wrapSelection(ta, mark, mark, sample);
}

// The selected lines as a list: "- " before each, or numbers with
// `ordered`; when they already are that list, the markers go.
export function toggleList(ta, ordered, sample) {
  const { ls, le, block } = selectedLines(ta);
  const prefix = ordered ? '1. ' : '- ';
  if (!block.trim()) {
    replaceRange(ta, ls, le, prefix + sample, prefix.length, prefix.length + sample.length);
    return;
  }
  const lines = block.split('\n');
  const marked = ordered ? /^\s*\d{1,9}[.)] / : /^\s*[-*+] /;
  const all = lines.every((l) => !l.trim() || marked.test(l));
  let k = 0;
  const out = lines.map((l) => {
    if (!l.trim()) return l;
    if (all) return l.replace(marked, '');
    k += 1;
    return (ordered ? k + '. ' : '- ') + l.replace(/^\s*(?:[-*+]|\d{1,9}[.)]) /, '');
  }).join('\n');
  replaceRange(ta, ls, le, out, 0, out.length);
}

// A Markdown table of `rows` rows (the header row counted when `header`)
// and `cols` columns, with `headerWords` as the header's cells.
export function tableMarkdown(rows, cols, header, headerWords) {
  const r = Math.max(1, Math.min(50, Math.floor(rows) || 1));
  const c = Math.max(1, Math.min(12, Math.floor(cols) || 1));
  const line = (cells) => '| ' + cells.join(' | ') + ' |';
  const empty = () => Array.from({ length: c }, () => '');
  const head = header ? Array.from({ length: c }, (_, i) => headerWords(i)) : empty();
  const out = [line(head), line(Array.from({ length: c }, () => '---'))];
  // Without a header row of its own, Markdown's is left empty.
  for (let i = header ? 1 : 0; i < r; i++) out.push(line(empty()));
  return out.join('\n');
}

// Pasting formatted text (WPS, Word, a WeChat article, a web page) into the
// body as clean Markdown: headings, bold, lists, quotes, tables, links and
// web images kept; fonts, colours, empty spans, comments, styles and
// Office's `mso-` markup dropped. The conversion is turndown's (vendored in
// vendor/, MIT), with its GFM plugin for tables; this module only tidies
// what office programs put on the clipboard so that turndown sees plain
// HTML. Plain text stays plain, and a pasted picture is photo.js's.

import TurndownService from './vendor/turndown.js';
import { tables, strikethrough } from './vendor/turndown-plugin-gfm.js';

// What makes a paste "formatted": without one of these, the plain text the
// clipboard also carries is pasted as it is.
const FORMATTED = 'h1,h2,h3,h4,h5,h6,b,strong,ul,ol,table,blockquote,a[href],img,[style*="mso-list"],[style*="font-weight"]';

const DROP = 'style,script,meta,link,title,xml,template,noscript,iframe,object,embed,svg,canvas,input,button,select,textarea';

let service = null;

function turndown() {
  if (service) return service;
  service = new TurndownService({
    headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced', emDelimiter: '*', strongDelimiter: '**',
  });
  service.use([tables, strikethrough]);
  // One space after the marker, as the desk's own list button writes.
  service.addRule('listItem', {
    filter: 'li',
    replacement(content, node) {
      const parent = node.parentNode;
      let prefix = '- ';
      if (parent.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start')) || 1;
        prefix = (start + Array.prototype.indexOf.call(parent.children, node)) + '. ';
      }
      const text = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n(?!$)/g, '\n' + ' '.repeat(prefix.length));
      return prefix + text.replace(/\n$/, '') + (node.nextSibling ? '\n' : '');
    },
  });
  // Only photos on the web survive a paste; a picture of the clipboard
  // (file:, data:, blob:) is not the portal's and would not be published.
  service.addRule('webImage', {
    filter: 'img',
    replacement(_content, node) {
      // A WeChat article lazy-loads: the photo is data-src, src a placeholder.
      const src = [node.getAttribute('data-src'), node.getAttribute('src')].find((u) => /^https?:\/\//i.test(u || ''));
      if (!src) return '';
      const alt = (node.getAttribute('alt') || '').replace(/[[\]\n]/g, ' ').trim();
      return '![' + alt + '](' + src.replace(/[()\s]/g, encodeURIComponent) + ')';
    },
  });
  return service;
}

// True when the clipboard's HTML carries formatting worth converting.
export function isFormatted(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return !!doc.body && !!doc.body.querySelector(FORMATTED);
}

// The Markdown of a pasted HTML document.
export function htmlToMarkdown(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const body = doc.body;
  if (!body) return '';
  tidy(doc, body);
  return turndown().turndown(body)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Office HTML made plain: what is not content removed, Word's paragraph
// lists made lists, bold spans made bold, tables given a header row.
export function tidy(doc, root) {
  for (const n of root.querySelectorAll(DROP)) n.remove();
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.remove());
  // <o:p> and other namespaced Office tags: their text stays.
  for (const n of [...root.querySelectorAll('*')].filter((e) => e.tagName.includes(':'))) n.replaceWith(...n.childNodes);
  // Google Docs wraps everything in <b style="font-weight:normal">.
  for (const b of [...root.querySelectorAll('b[style], strong[style]')]) {
    if (/font-weight\s*:\s*(normal|[1-4]00)/i.test(b.getAttribute('style'))) b.replaceWith(...b.childNodes);
  }
  wordLists(doc, root);
  for (const span of root.querySelectorAll('span[style], font[style]')) {
    const style = span.getAttribute('style') || '';
    const m = /font-weight\s*:\s*(bold|[6-9]00)/i.exec(style);
    if (m && !span.closest('b,strong,h1,h2,h3,h4,h5,h6,th')) {
      const strong = doc.createElement('strong');
      strong.append(...span.childNodes);
      span.replaceWith(strong);
    }
  }
  tidyTables(doc, root);
  // The story's title is its only first-level heading.
  for (const h of [...root.querySelectorAll('h1')]) {
    const h2 = doc.createElement('h2');
    h2.append(...h.childNodes);
    h.replaceWith(h2);
  }
  const texts = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) texts.currentNode.data = texts.currentNode.data.replace(/\u00a0/g, ' ');
  // WeChat wraps paragraphs in <section>s: make them paragraphs' blocks.
  for (const s of root.querySelectorAll('section')) {
    const div = doc.createElement('div');
    div.append(...s.childNodes);
    s.replaceWith(div);
  }
}

// Word and WPS write a list as paragraphs styled `mso-list`, each with its
// bullet or number as text in a span styled `mso-list:Ignore`.
export function wordLists(doc, root) {
  const items = [...root.querySelectorAll('p')].filter((p) => /mso-list\s*:\s*l\d/i.test(p.getAttribute('style') || ''));
  let list = null;
  let last = null;
  for (const p of items) {
    let marker = '';
    for (const ign of p.querySelectorAll('[style*="mso-list"]')) {
      if (/mso-list\s*:\s*ignore/i.test(ign.getAttribute('style') || '')) {
        marker += ign.textContent;
        ign.remove();
      }
    }
    // WPS sometimes leaves the marker as leading text with no span.
    const first = p.firstChild;
    if (!marker && first && first.nodeType === Node.TEXT_NODE) {
      const m = /^\s*([·•▪◦o§\-]|\d+[.)、．]|[(（]?\d+[)）])\s+/.exec(first.data);
      if (m) { marker = m[1]; first.data = first.data.slice(m[0].length); }
    }
    const ordered = /\d/.test(marker);
    const tag = ordered ? 'OL' : 'UL';
    if (!list || last !== p.previousElementSibling || list.nodeName !== tag) {
      list = doc.createElement(tag);
      p.before(list);
    }
    const li = doc.createElement('li');
    li.append(...p.childNodes);
    list.append(li);
    p.remove();
    last = list;
  }
}

// A Markdown table needs a header row and one line a row: the first row
// becomes the header, block elements in cells are flattened and the
// whitespace between the cells goes.
export function tidyTables(doc, root) {
  for (const table of root.querySelectorAll('table')) {
    for (const n of [...table.querySelectorAll('colgroup, col, caption')]) n.remove();
    const walker = doc.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    const blank = [];
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (!n.data.trim() && !n.parentNode.closest('td,th')) blank.push(n);
    }
    blank.forEach((n) => n.remove());
    for (const cell of table.querySelectorAll('td, th')) {
      for (const br of cell.querySelectorAll('br')) br.replaceWith(' ');
      for (const block of [...cell.querySelectorAll('p, div, h1, h2, h3, h4, h5, h6, ul, ol, li')]) {
        block.replaceWith(...block.childNodes, ' ');
      }
      cell.normalize();
    }
    const rows = table.rows;
    if (!rows.length || rows[0].parentNode.nodeName === 'THEAD') continue;
    for (const td of [...rows[0].cells]) {
      if (td.nodeName === 'TH') continue;
      const th = doc.createElement('th');
      th.append(...td.childNodes);
      td.replaceWith(th);
    }
  }
}

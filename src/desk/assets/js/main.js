// The writing desk of `branchpress serve`: a story from its first line to
// publication in the browser. Plain JavaScript modules, no build step, no
// external requests; the desk's page loads this one
// (/__branchpress/desk/js/main.js), which imports the rest.
//
// This module starts the desk: the header, the dialogs, the routes (`#/`,
// `#/new`, `#/edit?path=…`, `#/branch`, `#/review`, held by guard.js while a story has
// unsaved changes) and the keys.

import { showBranchForm } from './branch.js';
import { dialogs } from './dialog.js';
import { el } from './dom.js';
import { showEditor } from './editor.js';
import { isDirty } from './front.js';
import { buildLeaveDialog, holdLeave } from './guard.js';
import { showHome } from './home.js';
import { showReview } from './review.js';
import { t } from './messages.js';
import { buildCaptionDialog } from './photo.js';
import { buildPublishDialog } from './publish.js';
import { buildConflictDialog, save } from './save.js';
import { buildTableDialog } from './table.js';
import { buildWechatDialog } from './wechat.js';
import { errorLine, focusHeading, mount, reloadSchema, S, ui } from './state.js';

export function buildDialogs(main) {
  dialogs.caption = buildCaptionDialog();
  dialogs.conflict = buildConflictDialog();
  dialogs.publish = buildPublishDialog();
  dialogs.leave = buildLeaveDialog();
  dialogs.table = buildTableDialog();
  dialogs.wechat = buildWechatDialog();
  main.append(dialogs.caption, dialogs.conflict, dialogs.publish, dialogs.leave, dialogs.table, dialogs.wechat);
}

export function parseHash() {
  const h = location.hash.replace(/^#/, '') || '/';
  const i = h.indexOf('?');
  const path = (i < 0 ? h : h.slice(0, i)) || '/';
  return { path, params: new URLSearchParams(i < 0 ? '' : h.slice(i + 1)) };
}

export function leaveEditor() {
  const E = S.ed;
  if (!E) return;
  clearTimeout(E.previewTimer);
  S.ed = null;
}

export async function route(initial) {
  leaveEditor();
  const seq = ++S.routeSeq;
  const r = parseHash();
  if (r.path === '/new') await showEditor(seq, null, r.params);
  else if (r.path === '/edit' && r.params.get('path')) await showEditor(seq, r.params.get('path'), r.params);
  else if (r.path === '/branch') showBranchForm();
  else if (r.path === '/review') await showReview(seq);
  else await showHome(seq);
  if (initial !== true && seq === S.routeSeq) focusHeading();
}

export function onBeforeUnload(ev) {
  if (isDirty()) {
    ev.preventDefault();
    ev.returnValue = '';
  }
}

export function onKey(ev) {
  if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 's' && S.ed && !document.querySelector('dialog[open]')) {
    ev.preventDefault();
    save();
  }
}

// A photo dropped beside the drop zone must not replace the desk.
export function guardDrops() {
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (ev) => {
      if (ev.dataTransfer && [...ev.dataTransfer.types].includes('Files')) ev.preventDefault();
    });
  }
}

export function buildHeader() {
  document.getElementById('bp-brand-desk').textContent = t('deskTitle');
  const nav = document.getElementById('bp-nav');
  nav.setAttribute('aria-label', t('navLabel'));
  nav.replaceChildren(el('a', { href: '#/' }, t('navHome')), el('a', { href: '/' }, t('backToPreview')));
}

export async function init() {
  ui.view = document.getElementById('bp-view');
  const main = document.getElementById('bp-main');
  ui.statusEl = el('span', { id: 'bp-status', class: 'bp-status', role: 'status', 'aria-live': 'polite' });
  buildHeader();
  buildDialogs(main);
  guardDrops();
  window.addEventListener('hashchange', (ev) => { if (!holdLeave(ev)) route(); });
  window.addEventListener('beforeunload', onBeforeUnload);
  window.addEventListener('keydown', onKey);
  mount(el('div', { class: 'bp-page' }, el('p', { class: 'bp-loading', text: t('loading') })));
  const r = await reloadSchema();
  if (!r.ok) {
    mount(el('div', { class: 'bp-page' }, el('h1', { tabindex: '-1', text: t('deskTitle') }), errorLine(t('loadFailed', r.data.error))));
    return;
  }
  const brand = document.querySelector('.bp-brand-site');
  if (brand && brand.textContent.includes('{{')) brand.textContent = S.schema.title;
  const site = S.schema.title || (document.title.includes('{{') ? '' : document.title);
  document.title = site ? `${t('deskTitle')} · ${site}` : t('deskTitle');
  await route(true);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();

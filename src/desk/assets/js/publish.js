// The publish dialog: what changed, a message, who publishes; then git
// commits and pushes on the server.

import { api } from './api.js';
import { dialogs, openDialog } from './dialog.js';
import { el, isObj } from './dom.js';
import { changeName, t } from './messages.js';
import { errorLine, loadStories, S, ui } from './state.js';
import { AUTHOR_KEY, readJSON, writeJSON } from './store.js';

export function buildPublishDialog() {
  return el('dialog', { id: 'bp-publish-dialog', class: 'bp-dialog', 'aria-labelledby': 'bp-publish-h' },
    el('h2', { id: 'bp-publish-h', text: t('publishTitle') }),
    el('div', { id: 'bp-publish-body' }),
    el('div', { class: 'bp-dialog-actions' },
      el('button', { type: 'button', id: 'bp-publish-close', class: 'bp-btn', onclick: () => dialogs.publish.close() }, t('close'))));
}

export function changedTitles(changes) {
  const stories = S.stories || [];
  const titles = [];
  for (const c of changes) {
    const p = String(c.path || '');
    const s = stories.find((x) => {
      const dir = x.path.endsWith('/index.md') ? x.path.slice(0, -'index.md'.length) : null;
      return x.path === p || (dir && p.startsWith(dir)) || (p.endsWith('/') && x.path.startsWith(p));
    });
    if (s && s.title && !titles.includes(s.title)) titles.push(String(s.title));
  }
  return titles;
}

export function defaultMessage(changes) {
  const titles = changedTitles(changes);
  if (!titles.length) return t('publishGeneric');
  const shown = titles.slice(0, 3).join(t('listSep'));
  const more = titles.length > 3 ? t('publishMore', titles.length, titles.length - 3) : '';
  return t('publishDefault', shown + more);
}

export async function openPublish(ev) {
  const d = dialogs.publish;
  const box = d.querySelector('#bp-publish-body');
  box.replaceChildren(el('p', { class: 'bp-loading', text: t('publishLoading') }));
  openDialog(d, d.querySelector('#bp-publish-close'), ev && ev.currentTarget);
  const [r] = await Promise.all([api('GET', 'publish'), S.stories ? null : loadStories()]);
  if (!d.open) return;
  if (!r.ok) { box.replaceChildren(errorLine(r.data.error)); return; }
  const p = r.data;
  if (!p.repo || !p.remote) {
    const help = typeof p.help === 'string' && /^(https?:\/\/|\/[^/])/.test(p.help) ? p.help : null;
    box.replaceChildren(el('p', { text: t('publishNoRepo') }),
      help && el('p', {}, el('a', { href: help, target: '_blank', rel: 'noopener' }, t('publishHelpLink'))));
    return;
  }
  renderPublishForm(box, p);
}

export function renderPublishForm(box, p) {
  const changes = Array.isArray(p.changes) ? p.changes : [];
  const stored = readJSON(AUTHOR_KEY) || {};
  const author = isObj(p.author) ? p.author : {};
  const message = el('textarea', { id: 'bp-publish-message', rows: 2 });
  message.value = defaultMessage(changes);
  const nameIn = el('input', { id: 'bp-publish-name', type: 'text', autocomplete: 'name', value: author.name || stored.name || '', 'aria-describedby': 'bp-publish-author-help' });
  const emailIn = el('input', { id: 'bp-publish-email', type: 'email', autocomplete: 'email', value: author.email || stored.email || '', 'aria-describedby': 'bp-publish-author-help' });
  const result = el('p', { id: 'bp-publish-result', class: 'bp-status', role: 'status', 'aria-live': 'polite' });
  const outputH = el('h3', { id: 'bp-publish-output-h', class: 'bp-label', hidden: true, text: t('publishOutput') });
  const output = el('pre', { id: 'bp-publish-output', class: 'bp-output', tabindex: '0', hidden: true });
  const go = el('button', { type: 'button', id: 'bp-publish-go', class: 'bp-btn bp-btn-primary', disabled: !changes.length }, t('publishGo'));
  go.addEventListener('click', () => doPublish({ go, message, nameIn, emailIn, result, output, outputH }, changes));
  box.replaceChildren(
    p.remote && el('p', { class: 'bp-desc', text: t('publishRemote', String(p.remote) + (p.branch ? ` (${p.branch})` : '')) }),
    changes.length
      ? el('div', {}, el('h3', { class: 'bp-label', text: t('publishChanges', changes.length) }),
        el('ul', { class: 'bp-changes' }, changes.map((c) => el('li', {},
          el('span', { class: 'bp-change-status', text: changeName(c.status) }),
          el('span', { class: 'bp-change-path', text: String(c.path) })))))
      : el('p', { text: t('publishNoChanges') }),
    el('div', { class: 'bp-field' }, el('label', { for: 'bp-publish-message', class: 'bp-label', text: t('publishMessage') }), message),
    el('div', { class: 'bp-row' },
      el('div', { class: 'bp-field' }, el('label', { for: 'bp-publish-name', class: 'bp-label', text: t('publishName') }), nameIn),
      el('div', { class: 'bp-field' }, el('label', { for: 'bp-publish-email', class: 'bp-label', text: t('publishEmail') }), emailIn)),
    el('p', { class: 'bp-desc', id: 'bp-publish-author-help', text: t('publishAuthorHelp') }),
    el('div', { class: 'bp-actions' }, go),
    result, outputH, output);
  if (changes.length) message.focus();
}

export async function doPublish(ui, changes) {
  if (ui.go.disabled) return;
  ui.go.disabled = true;
  ui.result.dataset.kind = 'busy';
  ui.result.textContent = t('publishing');
  const name = ui.nameIn.value.trim();
  const email = ui.emailIn.value.trim();
  const r = await api('POST', 'publish', {
    json: { message: ui.message.value.trim() || defaultMessage(changes), name: name || null, email: email || null },
  });
  const out = typeof r.data.output === 'string' ? r.data.output : '';
  ui.output.textContent = out;
  ui.output.hidden = ui.outputH.hidden = !out;
  if (r.ok && r.data.ok) {
    if (name || email) writeJSON(AUTHOR_KEY, { name, email });
    ui.result.dataset.kind = 'ok';
    ui.result.textContent = t('published', String(r.data.commit || ''));
  } else {
    ui.go.disabled = false;
    ui.result.dataset.kind = 'error';
    ui.result.textContent = t('publishFailed', r.data.error || '');
  }
}

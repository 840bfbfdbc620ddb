// The publish dialog: the changed stories, photos and other files in plain
// words, each with a box to untick; a message; who publishes (the name the
// writer typed, remembered in this browser, never the machine's git
// identity). The server commits only the ticked files that are in its own
// list of changed sources. git's words stay behind 详细信息.

import { api, apiBlob } from './api.js';
import { dialogs, openDialog } from './dialog.js';
import { el, isObj } from './dom.js';
import { changeName, t } from './messages.js';
import { errorLine } from './state.js';
import { AUTHOR_KEY, readJSON, writeJSON } from './store.js';

// Object URLs of the thumbnails shown, freed when the dialog closes.
let thumbs = [];

function freeThumbs() {
  for (const u of thumbs) URL.revokeObjectURL(u);
  thumbs = [];
}

export function buildPublishDialog() {
  const d = el('dialog', { id: 'bp-publish-dialog', class: 'bp-dialog', 'aria-labelledby': 'bp-publish-h' },
    el('h2', { id: 'bp-publish-h', text: t('publishTitle') }),
    el('div', { id: 'bp-publish-body' }),
    el('div', { class: 'bp-dialog-actions' },
      el('button', { type: 'button', id: 'bp-publish-close', class: 'bp-btn', onclick: () => dialogs.publish.close() }, t('close'))));
  d.addEventListener('close', freeThumbs);
  return d;
}

// The remembered author: {name, email}, or null.
export function rememberedAuthor() {
  const a = readJSON(AUTHOR_KEY);
  return isObj(a) && typeof a.name === 'string' && a.name.trim() ? { name: a.name.trim(), email: String(a.email || '').trim() } : null;
}

// The line that names a change: a story by its title, a photo by its
// story, other files by what they are.
export function changeLabel(c) {
  const title = String(c.title || '');
  switch (c.what) {
    case 'story': return t('pubStory', title);
    case 'photo': return t('pubPhoto', String(c.story || ''));
    case 'page': return t('pubPage', title);
    case 'branch': return t('pubBranch', String(c.branch || ''));
    case 'home': case 'site': case 'theme': case 'static': case 'ignore': case 'recipe':
      return t('pub_' + c.what);
    default: return c.story ? t('pubAttachment', String(c.story)) : t('pub_file');
  }
}

// What the writer reads under a change's name: branch and kind of a story,
// then new/changed/deleted.
function changeMeta(c) {
  const parts = [];
  if ((c.what === 'story' || c.what === 'photo') && c.branch) parts.push(String(c.branch));
  if ((c.what === 'story' || c.what === 'photo') && c.kind) parts.push(String(c.kind));
  parts.push(changeName(c.status));
  return parts.join(' · ');
}

// The commit message for the ticked changes.
export function defaultMessage(changes) {
  const titles = [...new Set(changes.filter((c) => c.what === 'story').map((c) => String(c.title)))];
  if (!titles.length) return t('publishGeneric');
  const shown = titles.slice(0, 3).join(t('listSep'));
  const more = titles.length > 3 ? t('publishMore', titles.length, titles.length - 3) : '';
  return t('publishDefault', shown + more);
}

// In plain words, what was published: the stories by title, then counts.
export function publishedSummary(published) {
  const stories = published.filter((c) => c.what === 'story').map((c) => t('pubStoryQuoted', String(c.title)));
  const photos = published.filter((c) => c.what === 'photo').length;
  const others = published.length - stories.length - photos;
  const parts = [];
  if (stories.length) parts.push(stories.slice(0, 5).join(t('listSep')) + (stories.length > 5 ? t('pubMoreStories', stories.length - 5) : ''));
  if (photos) parts.push(t('pubPhotos', photos));
  if (others) parts.push(t('pubOthers', others));
  return t('pubDone', parts.join(t('pubAnd')));
}

export async function openPublish(ev) {
  const d = dialogs.publish;
  const box = d.querySelector('#bp-publish-body');
  freeThumbs();
  box.replaceChildren(el('p', { class: 'bp-loading', text: t('publishLoading') }));
  openDialog(d, d.querySelector('#bp-publish-close'), ev && ev.currentTarget);
  const r = await api('GET', 'publish');
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

// The offer to write the lines `init` writes into .gitignore.
function ignoreOffer() {
  const result = el('p', { id: 'bp-publish-ignore-result', class: 'bp-status', role: 'status' });
  const go = el('button', { type: 'button', id: 'bp-publish-ignore', class: 'bp-btn' }, t('pubIgnoreGo'));
  go.addEventListener('click', async () => {
    go.disabled = true;
    const r = await api('POST', 'gitignore', { json: {} });
    if (!r.ok) {
      go.disabled = false;
      result.dataset.kind = 'error';
      result.textContent = String(r.data.error || '');
      return;
    }
    openPublish();
  });
  return el('div', { class: 'bp-publish-ignore', role: 'note' },
    el('p', { text: t('pubIgnoreWhy') }), go, result);
}

function changeItem(c, i, onToggle) {
  const id = 'bp-publish-file-' + i;
  const box = el('input', { type: 'checkbox', id, checked: true, 'data-path': String(c.path) });
  box.addEventListener('change', onToggle);
  let thumb = null;
  if (c.what === 'photo' && !String(c.status).includes('D')) {
    thumb = el('img', { class: 'bp-publish-thumb', alt: '', width: 56, height: 56 });
    apiBlob('publish-photo', { path: String(c.path) }).then((blob) => {
      if (!blob) { thumb.classList.add('bp-publish-thumb-none'); return; }
      const url = URL.createObjectURL(blob);
      thumbs.push(url);
      thumb.src = url;
    });
  }
  return el('li', { class: 'bp-publish-item', 'data-what': String(c.what || 'file') },
    box,
    el('label', { for: id },
      thumb,
      el('span', { class: 'bp-publish-text' },
        el('span', { class: 'bp-publish-name', text: changeLabel(c) }),
        el('span', { class: 'bp-publish-meta', text: changeMeta(c) }))));
}

// git's words: where it goes, the branch, the files by path, what git said.
function detailsBox(p, changes) {
  const output = el('pre', { id: 'bp-publish-output', class: 'bp-output', tabindex: '0', hidden: true });
  const commit = el('dd', { id: 'bp-publish-commit' });
  const details = el('details', { id: 'bp-publish-details', class: 'bp-publish-details' },
    el('summary', { text: t('pubDetails') }),
    el('dl', {},
      el('dt', { text: t('pubRemote') }), el('dd', { text: String(p.remote || '') }),
      el('dt', { text: t('pubGitBranch') }), el('dd', { text: String(p.branch || '') }),
      el('dt', { text: t('pubCommit') }), commit,
      el('dt', { text: t('pubPaths') }),
      el('dd', {}, el('ul', { class: 'bp-changes' }, changes.map((c) => el('li', {},
        el('span', { class: 'bp-change-status', text: changeName(c.status) }),
        el('span', { class: 'bp-change-path', text: String(c.path) })))))),
    el('h3', { class: 'bp-label', text: t('publishOutput') }),
    output);
  return { details, output, commit };
}

export function renderPublishForm(box, p) {
  const changes = Array.isArray(p.changes) ? p.changes.filter(isObj) : [];
  const unpushed = Number(p.unpushed) || 0;
  const author = rememberedAuthor();
  const message = el('textarea', { id: 'bp-publish-message', rows: 2 });
  let lastDefault = defaultMessage(changes);
  message.value = lastDefault;
  const list = el('ul', { class: 'bp-publish-list' });
  const count = el('span', { id: 'bp-publish-count' });
  const ticked = () => changes.filter((c, i) => list.querySelector('#bp-publish-file-' + i)?.checked);
  const onToggle = () => {
    const now = ticked();
    count.textContent = t('pubCount', now.length, changes.length);
    if (message.value === lastDefault) message.value = lastDefault = defaultMessage(now);
    go.disabled = !now.length && !unpushed;
  };
  list.append(...changes.map((c, i) => changeItem(c, i, onToggle)));
  const nameErr = el('p', { id: 'bp-publish-name-error', class: 'bp-field-error', role: 'alert' });
  const nameIn = el('input', { id: 'bp-publish-name', type: 'text', autocomplete: 'name', required: true, maxlength: 100, value: author ? author.name : '', 'aria-describedby': 'bp-publish-author-help bp-publish-name-error' });
  const emailIn = el('input', { id: 'bp-publish-email', type: 'email', autocomplete: 'email', maxlength: 200, value: author ? author.email : '', 'aria-describedby': 'bp-publish-author-help' });
  const result = el('p', { id: 'bp-publish-result', class: 'bp-status', role: 'status', 'aria-live': 'polite' });
  const go = el('button', { type: 'button', id: 'bp-publish-go', class: 'bp-btn bp-btn-primary', disabled: !changes.length && !unpushed }, t('publishGo'));
  const git = detailsBox(p, changes);
  const ui = { go, message, nameIn, emailIn, nameErr, result, git, ticked, unpushed };
  go.addEventListener('click', () => doPublish(ui));
  box.replaceChildren(
    p.gitignore ? ignoreOffer() : null,
    changes.length
      ? el('fieldset', { class: 'bp-publish-files' },
        el('legend', { class: 'bp-label' }, t('pubListHeading'), ' ', count),
        el('p', { class: 'bp-desc', text: t('pubListHelp') }),
        list)
      : el('p', { text: unpushed ? t('pubUnpushed', unpushed) : t('publishNoChanges') }),
    el('div', { class: 'bp-field' }, el('label', { for: 'bp-publish-message', class: 'bp-label', text: t('publishMessage') }), message),
    el('div', { class: 'bp-row' },
      el('div', { class: 'bp-field' },
        el('label', { for: 'bp-publish-name', class: 'bp-label', text: t('pubName') }), nameIn, nameErr),
      el('div', { class: 'bp-field' }, el('label', { for: 'bp-publish-email', class: 'bp-label', text: t('pubEmail') }), emailIn)),
    el('p', { class: 'bp-desc', id: 'bp-publish-author-help', text: author ? t('pubAuthorKnown') : t('pubAuthorFirst') }),
    el('div', { class: 'bp-actions' }, go),
    result,
    git.details);
  onToggle();
  // The focus goes where the writer acts first, but the dialog stays at its
  // top, so a phone shows what will be published before the form.
  if (!author) nameIn.focus({ preventScroll: true });
  else if (changes.length) message.focus({ preventScroll: true });
}

function askName(ui) {
  ui.nameErr.textContent = t('pubNameRequired');
  ui.nameIn.setAttribute('aria-invalid', 'true');
  ui.nameIn.focus();
}

export async function doPublish(ui) {
  if (ui.go.disabled) return;
  const name = ui.nameIn.value.trim();
  const email = ui.emailIn.value.trim();
  if (!name) { askName(ui); return; }
  ui.nameErr.textContent = '';
  ui.nameIn.removeAttribute('aria-invalid');
  const chosen = ui.ticked();
  ui.go.disabled = true;
  ui.result.dataset.kind = 'busy';
  ui.result.textContent = t('publishing');
  writeJSON(AUTHOR_KEY, { name, email });
  const r = await api('POST', 'publish', {
    json: { message: ui.message.value.trim() || defaultMessage(chosen), name, email: email || null, files: chosen.map((c) => String(c.path)) },
  });
  const out = typeof r.data.output === 'string' ? r.data.output : '';
  ui.git.output.textContent = out;
  ui.git.output.hidden = !out;
  ui.git.commit.textContent = String(r.data.commit || '');
  if (r.ok && r.data.ok) {
    const published = Array.isArray(r.data.published) ? r.data.published.filter(isObj) : chosen;
    ui.result.dataset.kind = 'ok';
    ui.result.textContent = publishedSummary(published);
    for (const c of chosen) {
      const i = document.querySelector(`#bp-publish-dialog input[data-path="${CSS.escape(String(c.path))}"]`);
      if (i) { i.checked = false; i.disabled = true; i.closest('li').dataset.done = 'true'; }
    }
  } else {
    ui.go.disabled = false;
    if (r.data.field === 'name') askName(ui);
    ui.result.dataset.kind = 'error';
    ui.result.textContent = t('publishFailed', r.data.error || '');
  }
}

// Photos: dropped, pasted or picked, checked, uploaded one after the other
// into the story's folder, each with its caption.

import { api } from './api.js';
import { insertBlock } from './body.js';
import { findTarget, showDiagnostics } from './diagnostic.js';
import { dialogs, openDialog } from './dialog.js';
import { el } from './dom.js';
import { localKey } from './front.js';
import { t } from './messages.js';
import { onChange } from './preview.js';
import { S, setStatus } from './state.js';
import { removeKey } from './store.js';

const MAX_UPLOAD = 30 * 1024 * 1024;

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

// A phone or tablet, where photos are tapped in, not dragged.
export function touchScreen() {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
}

export function buildCaptionDialog() {
  return el('dialog', { id: 'bp-caption', class: 'bp-dialog', 'aria-labelledby': 'bp-caption-h' },
    el('form', { method: 'dialog' },
      el('h2', { id: 'bp-caption-h', text: t('captionTitle') }),
      el('p', { id: 'bp-caption-file', class: 'bp-desc' }),
      el('div', { class: 'bp-field' },
        el('label', { for: 'bp-caption-text', class: 'bp-label', text: t('captionLabel') }),
        el('input', { id: 'bp-caption-text', type: 'text', autocomplete: 'off', 'aria-describedby': 'bp-caption-help' }),
        el('p', { id: 'bp-caption-help', class: 'bp-desc', text: t('captionHelp') })),
      el('div', { class: 'bp-dialog-actions' },
        el('button', { type: 'submit', id: 'bp-caption-ok', class: 'bp-btn bp-btn-primary', value: 'ok' }, t('ok')),
        el('button', { type: 'submit', id: 'bp-caption-cancel', class: 'bp-btn', value: 'cancel', formnovalidate: true }, t('cancel')))));
}

// Asks for a photo's caption: the text, or null when cancelled.
export function askCaption(name) {
  const d = dialogs.caption;
  const input = d.querySelector('#bp-caption-text');
  d.querySelector('#bp-caption-file').textContent = t('captionFile', name);
  input.value = '';
  return new Promise((resolve) => {
    d.addEventListener('close', () => resolve(d.returnValue === 'ok' ? input.value.trim() : null), { once: true });
    openDialog(d, input, S.ed ? S.ed.els.body : undefined);
  });
}

export function wireDrop(zone) {
  let depth = 0;
  const hasFiles = (ev) => ev.dataTransfer && [...ev.dataTransfer.types].includes('Files');
  zone.addEventListener('dragenter', (ev) => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    depth += 1;
    zone.classList.add('bp-drop-active');
  });
  zone.addEventListener('dragover', (ev) => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove('bp-drop-active');
  });
  zone.addEventListener('drop', (ev) => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    ev.stopPropagation();
    depth = 0;
    zone.classList.remove('bp-drop-active');
    queuePhotos([...ev.dataTransfer.files]);
  });
}

export function onPaste(ev) {
  const data = ev.clipboardData;
  if (!data) return;
  // Text wins: office programs put a picture of copied text beside it.
  if ((data.getData('text/plain') || '').trim()) return;
  const files = [...data.files].filter((f) => f.type.startsWith('image/'));
  if (!files.length) return;
  ev.preventDefault();
  queuePhotos(files.map((f) => (f.name && f.name !== 'image.png' ? f : renamed(f))));
}

export function renamed(file) {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  const ext = { 'image/jpeg': 'jpg', 'image/webp': 'webp' }[file.type] || 'png';
  try { return new File([file], `screenshot-${stamp}.${ext}`, { type: file.type }); } catch { return file; }
}

// Uploads photos one after the other (each asks for its caption).
export function queuePhotos(files) {
  const E = S.ed;
  if (!E || !files.length) return;
  E.uploads = E.uploads.then(async () => {
    for (const file of files) {
      if (S.ed !== E || !(await uploadPhoto(file))) break;
    }
  });
}

// What a new story lacks before its first photo: the fields to fill in.
export function missingForPhoto() {
  const E = S.ed;
  const missing = [];
  if (!E.els.title.value.trim()) missing.push(['title', E.els.title]);
  if (!E.els.date.value) missing.push(['date', E.els.date]);
  if (!E.branch) missing.push(['branch', E.els.branch]);
  if (!E.kind) missing.push(['kind', E.els.kind]);
  return missing;
}

// A new story needs its title, date, branch and kind before its first
// photo (they name its folder): says so at the fields.
export function photoBlocked() {
  const E = S.ed;
  if (E.path) return false;
  const missing = missingForPhoto();
  if (!missing.length) return false;
  missing.forEach(([field]) => E.localErrors.set(field, t('photoNeeds')));
  showDiagnostics(E.lastDiagnostics, true);
  missing[0][1].focus();
  setStatus(t('photoNeedsStatus'), 'error');
  return true;
}

export async function uploadPhoto(file) {
  const E = S.ed;
  const name = file.name || 'photo.jpg';
  if (file.type && !PHOTO_TYPES.includes(file.type)) { setStatus(t('photoBadType', name), 'error'); return false; }
  if (file.size > MAX_UPLOAD) {
    setStatus(t('photoTooBig', name, (file.size / 1048576).toFixed(1)), 'error');
    return false;
  }
  if (photoBlocked()) return false;
  const params = E.path ? { path: E.path, name }
    : { branch: E.branch, kind: E.kind, title: E.els.title.value.trim(), date: E.els.date.value, name };
  setStatus(t('uploading', name), 'busy');
  const r = await api('POST', 'upload', { query: params, raw: file });
  if (S.ed !== E) return false;
  if (!r.ok) {
    if (r.data.field && findTarget(r.data.field)) {
      E.localErrors.set(r.data.field, r.data.error);
      showDiagnostics(E.lastDiagnostics, true);
    }
    setStatus(t('uploadFailed', name, r.data.error), 'error');
    return false;
  }
  return photoUploaded(E, r.data, name);
}

export async function photoUploaded(E, data, given) {
  const hadPhotos = E.photos.length > 0;
  const saved = String(data.name || given);
  if (data.path && data.path !== E.path) movePath(E, data.path);
  if (typeof data.version === 'string') E.version = data.version;
  E.photos = Array.isArray(data.photos) ? data.photos : E.photos.concat(saved);
  E.b.cover.refresh();
  let coverSet = false;
  const cover = E.b.cover.controls[0];
  if (!hadPhotos && !cover.value) {
    cover.value = saved;
    E.b.cover.touched = true;
    coverSet = true;
  }
  // The dialog takes the focus; Chromium may reset the text area's
  // selection when it gets it back, so the cursor is kept here.
  const ta = E.els.body;
  const [selStart, selEnd] = [ta.selectionStart, ta.selectionEnd];
  const caption = await askCaption(saved);
  if (S.ed !== E) return false;
  if (caption !== null) {
    ta.setSelectionRange(selStart, selEnd);
    const alt = caption.replace(/([\\[\]])/g, '\\$1');
    const dest = /[\s()<>]/.test(saved) ? '<' + saved + '>' : saved;
    insertBlock(E.els.body, `![${alt}](${dest})`);
  }
  onChange();
  const said = data.reused ? ['reusedInserted', 'reusedOnly'] : ['uploaded', 'uploadedOnly'];
  setStatus(t(said[caption !== null ? 0 : 1], saved) + (coverSet ? t('coverAutoSet') : ''), 'ok');
  return true;
}

// The story now lives at another path (a one-file story became a bundle,
// or a new story got its folder).
export function movePath(E, path) {
  const oldKey = E.isNew ? null : localKey();
  E.path = path;
  if (!E.isNew) {
    if (oldKey) removeKey(oldKey);
    history.replaceState(null, '', '#/edit?path=' + encodeURIComponent(path));
  }
}

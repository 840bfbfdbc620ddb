// The live preview: every change is kept locally, then the story is
// previewed in the theme after a pause.

import { api } from './api.js';
import { showDiagnostics } from './diagnostic.js';
import { buildFront, isDirty, storeLocal } from './front.js';
import { t } from './messages.js';
import { S, setStatus, ui } from './state.js';

const PREVIEW_DELAY = 400;

export function onChange() {
  const E = S.ed;
  if (!E) return;
  storeLocal();
  if (isDirty()) {
    if (ui.statusEl.dataset.key !== 'changed') setStatus(t('changedLocal'), 'info', 'changed');
  } else if (ui.statusEl.dataset.key === 'changed') {
    setStatus('');
  }
  schedulePreview();
}

export function schedulePreview() {
  const E = S.ed;
  clearTimeout(E.previewTimer);
  E.previewTimer = setTimeout(runPreview, PREVIEW_DELAY);
}

export async function runPreview() {
  const E = S.ed;
  if (!E) return;
  clearTimeout(E.previewTimer);
  if (!E.branch || !E.kind) { E.els.previewNote.textContent = t('previewNeedsBranch'); return; }
  if (!E.path && (!E.els.title.value.trim() || !E.els.date.value)) {
    E.els.previewNote.textContent = t('previewNeedsTitle');
    return;
  }
  const seq = ++E.previewSeq;
  E.els.previewNote.textContent = t('previewLoading');
  const r = await api('POST', 'preview', {
    json: { path: E.path, branch: E.branch, kind: E.kind, front: buildFront(), body: E.els.body.value },
  });
  if (S.ed !== E || seq !== E.previewSeq) return;
  if (!r.ok) {
    E.els.previewNote.textContent = t('previewFailed', r.data.error);
    if (Array.isArray(r.data.diagnostics)) showDiagnostics(r.data.diagnostics, false);
    return;
  }
  const html = r.data.html;
  if (typeof html === 'string') {
    E.els.previewNote.textContent = '';
    setPreviewHtml(html);
  } else {
    E.els.previewNote.textContent = t('previewStale');
  }
  showDiagnostics(Array.isArray(r.data.diagnostics) ? r.data.diagnostics : [], false);
}

// The page without its scripts: the preview frame is sandboxed and runs
// none (the theme's 长辈模式 switch and read-aloud), and a blocked script
// is an error in the console.
function withoutScripts(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const s of doc.querySelectorAll('script')) s.remove();
  return '<!doctype html>\n' + doc.documentElement.outerHTML;
}

// Replaces the preview, keeping where the writer had scrolled to.
export function setPreviewHtml(html) {
  const frame = S.ed.frame;
  let x = 0;
  let y = 0;
  try { x = frame.contentWindow.scrollX; y = frame.contentWindow.scrollY; } catch { /* not readable */ }
  frame.addEventListener('load', () => {
    try { frame.contentWindow.scrollTo(x, y); } catch { /* not readable */ }
  }, { once: true });
  frame.srcdoc = withoutScripts(html);
}

// The new-branch form: a name, and a folder name suggested from it.

import { api } from './api.js';
import { diagLine } from './diagnostic.js';
import { el } from './dom.js';
import { reqMark } from './field.js';
import { t } from './messages.js';
import { mount, reloadSchema, S, setStatus, statusSlot } from './state.js';

// Common hospital department words and their folder names, longest first
// wins, so that "医学影像党支部" suggests "imaging".
const SLUG_WORDS = [
  ['医学影像', 'imaging'], ['影像', 'imaging'], ['放射', 'radiology'], ['超声', 'ultrasound'],
  ['检验', 'laboratory'], ['病理', 'pathology'], ['药学', 'pharmacy'], ['药剂', 'pharmacy'],
  ['护理', 'nursing'], ['急诊', 'emergency'], ['重症', 'icu'], ['麻醉', 'anesthesia'],
  ['外科', 'surgery'], ['内科', 'internal-medicine'], ['儿科', 'pediatrics'], ['妇产', 'obstetrics'],
  ['骨科', 'orthopedics'], ['眼科', 'ophthalmology'], ['口腔', 'stomatology'], ['耳鼻喉', 'ent'],
  ['皮肤', 'dermatology'], ['中医', 'tcm'], ['康复', 'rehabilitation'], ['肿瘤', 'oncology'],
  ['心血管', 'cardiology'], ['心内', 'cardiology'], ['神经内', 'neurology'], ['神经外', 'neurosurgery'],
  ['呼吸', 'respiratory'], ['消化', 'gastroenterology'], ['肾内', 'nephrology'], ['内分泌', 'endocrinology'],
  ['感染', 'infectious-diseases'], ['全科', 'general-practice'], ['体检', 'health-check'],
  ['门诊', 'outpatient'], ['医技', 'medical-technology'], ['机关', 'administration'],
  ['行政', 'administration'], ['后勤', 'logistics'], ['信息', 'it'], ['离退休', 'retirees'],
].sort((a, b) => b[0].length - a[0].length);

export function suggestSlug(name) {
  const n = name.trim();
  if (!n) return '';
  if (/^[\x20-\x7e]+$/.test(n)) {
    return n.toLowerCase().replace(/\bparty\b|\bbranch\b/g, ' ').trim()
      .replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
  }
  const hit = SLUG_WORDS.find(([word]) => n.includes(word));
  return hit ? hit[1] : '';
}

export function showBranchForm() {
  const name = el('input', { id: 'bp-branch-name', type: 'text', autocomplete: 'off', required: true, 'aria-required': 'true', 'aria-describedby': 'bp-branch-name-help' });
  const slug = el('input', {
    id: 'bp-branch-slug', type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
    required: true, 'aria-required': 'true', placeholder: 'imaging', 'aria-describedby': 'bp-branch-slug-help',
  });
  const slugNote = el('p', { class: 'bp-desc', id: 'bp-branch-slug-note', hidden: true, text: t('branchSlugSuggested') });
  let slugEdited = false;
  name.addEventListener('input', () => {
    clearSimpleError(name);
    if (slugEdited) return;
    slug.value = suggestSlug(name.value);
    slugNote.hidden = !slug.value;
  });
  slug.addEventListener('input', () => { slugEdited = slug.value !== ''; slugNote.hidden = true; clearSimpleError(slug); });
  const form = el('form', { class: 'bp-form bp-branch-form', novalidate: true },
    el('p', { class: 'bp-desc', text: t('requiredNote') }),
    el('div', { class: 'bp-field' },
      el('label', { for: 'bp-branch-name', class: 'bp-label' }, t('branchName'), reqMark()),
      name,
      el('p', { class: 'bp-desc', id: 'bp-branch-name-help', text: t('branchNameHelp') }),
      el('div', { class: 'bp-field-error', id: 'bp-err-branch-name', hidden: true })),
    el('div', { class: 'bp-field' },
      el('label', { for: 'bp-branch-slug', class: 'bp-label' }, t('branchSlug'), reqMark()),
      slug,
      el('p', { class: 'bp-desc', id: 'bp-branch-slug-help', text: t('branchSlugHelp') }),
      slugNote,
      el('div', { class: 'bp-field-error', id: 'bp-err-branch-slug', hidden: true })),
    el('div', { class: 'bp-actions' },
      el('button', { type: 'submit', id: 'bp-branch-create', class: 'bp-btn bp-btn-primary' }, t('branchCreate')),
      el('a', { href: '#/', class: 'bp-btn bp-btn-link' }, t('back'))),
    el('p', { class: 'bp-status-row' }, statusSlot()));
  form.addEventListener('submit', (e) => { e.preventDefault(); createBranch(name, slug); });
  mount(el('div', { class: 'bp-page bp-page-narrow' }, el('h1', { tabindex: '-1', text: t('branchHeading') }), form));
}

export function simpleError(input, message) {
  const box = document.getElementById(input.id === 'bp-branch-name' ? 'bp-err-branch-name' : 'bp-err-branch-slug');
  box.replaceChildren(diagLine({ severity: 'error', message }));
  box.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', input.id + '-help ' + box.id);
}

export function clearSimpleError(input) {
  const box = document.getElementById(input.id === 'bp-branch-name' ? 'bp-err-branch-name' : 'bp-err-branch-slug');
  if (!box) return;
  box.hidden = true;
  box.textContent = '';
  input.removeAttribute('aria-invalid');
  input.setAttribute('aria-describedby', input.id + '-help');
}

let creatingBranch = false;

export async function createBranch(name, slug) {
  if (creatingBranch) return;
  clearSimpleError(name);
  clearSimpleError(slug);
  const n = name.value.trim();
  const s = slug.value.trim();
  const problems = [];
  if (!n) problems.push([name, t('nameRequired')]);
  if (!s) problems.push([slug, t('slugRequired')]);
  else if (!/^[a-z0-9][a-z0-9_-]*$/.test(s)) problems.push([slug, t('slugInvalid')]);
  if (problems.length) {
    problems.forEach(([input, msg]) => simpleError(input, msg));
    problems[0][0].focus();
    setStatus(problems[0][1], 'error');
    return;
  }
  creatingBranch = true;
  setStatus(t('branchCreating'), 'busy');
  const r = await api('POST', 'branch', { json: { slug: s, name: n } });
  creatingBranch = false;
  if (!r.ok) {
    const input = r.data.field === 'name' ? name : r.data.field === 'slug' ? slug : null;
    if (input) { simpleError(input, r.data.error); input.focus(); }
    setStatus(r.data.error, 'error');
    return;
  }
  await reloadSchema();
  S.pendingStatus = { text: t('branchCreated', n), kind: 'ok' };
  location.hash = '#/';
}

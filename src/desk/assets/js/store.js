// What this browser keeps between visits (localStorage): unsaved stories,
// the last branch, the publisher's name.

export const LOCAL_PREFIX = 'bp-desk:';

export const AUTHOR_KEY = 'bp-desk-author';

export const LAST_BRANCH_KEY = 'bp-desk-last-branch';

export function readJSON(key) {
  try { const s = localStorage.getItem(key); return s ? JSON.parse(s) : null; } catch { return null; }
}

export function writeJSON(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full or off */ }
}

export function removeKey(key) {
  try { localStorage.removeItem(key); } catch { /* storage off */ }
}

// The story form's front matter: built from the fields without changing what
// nobody touched, filled in, and kept in this browser until saved.

import { clone, hasOwn, isObj, sameJSON } from './dom.js';
import { kindOf, S } from './state.js';
import { LOCAL_PREFIX, removeKey, writeJSON } from './store.js';

export function allBindings() {
  const E = S.ed;
  const b = E.b;
  return [b.title, b.date, ...E.kindBindings, ...E.metricBindings, b.tags, b.with, b.summary, b.cover, b.draft];
}

// Sets the form's values into `target`; an untouched control keeps the
// original value exactly as written (even a blank one), so a story opened
// and saved unchanged stays byte-identical.
export function applyBindings(target, base, bindings) {
  for (const b of bindings) {
    const has = hasOwn(base, b.key);
    if (has && !b.touched) continue;
    const v = b.read(base);
    if (v === undefined) delete target[b.key];
    else if (has && sameJSON(base[b.key], v)) target[b.key] = base[b.key];
    else target[b.key] = v;
  }
}

// The front matter from the form: the original object with the form's
// keys set in place (new ones at the end) or deleted when empty.
export function buildFront() {
  const E = S.ed;
  const base = E.baseFront;
  const f = clone(base);
  applyBindings(f, base, [E.b.title, E.b.date]);
  // `kind` only where it was written, and only if it names another kind
  // (the folder decides; "activity" for "activities" stays as written).
  if (hasOwn(base, 'kind') && base.kind !== E.kind && base.kind !== (kindOf(E.kind) || {}).singular) f.kind = E.kind;
  applyBindings(f, base, E.kindBindings);
  const baseM = isObj(base.metrics) ? base.metrics : {};
  const m = isObj(f.metrics) ? f.metrics : {};
  const keepOddMetrics = hasOwn(base, 'metrics') && !isObj(base.metrics) && !E.metricBindings.some((b) => b.touched);
  if (!keepOddMetrics) {
    applyBindings(m, baseM, E.metricBindings);
    // An empty `metrics: {}` nobody touched stays as written.
    if (Object.keys(m).length) f.metrics = m;
    else if (!hasOwn(base, 'metrics') || E.metricBindings.some((b) => b.touched)) delete f.metrics;
  }
  applyBindings(f, base, [E.b.tags, E.b.with, E.b.summary, E.b.cover, E.b.draft]);
  return f;
}

export function fillForm(front, body) {
  const E = S.ed;
  const metrics = isObj(front.metrics) ? front.metrics : {};
  for (const b of allBindings()) {
    b.write(E.metricBindings.includes(b) ? metrics[b.key] : front[b.key]);
    b.touched = false;
  }
  E.els.body.value = body || '';
  if (E.isNew && !E.els.date.value) E.els.date.value = S.schema.today;
}

export const snapshot = () => JSON.stringify([buildFront(), S.ed.els.body.value, S.ed.branch, S.ed.kind]);

export const isDirty = () => !!S.ed && snapshot() !== S.ed.savedSnapshot;

export const localKey = () => LOCAL_PREFIX + (S.ed.isNew ? 'new' : S.ed.path);

export function storeLocal() {
  const E = S.ed;
  if (!isDirty()) { removeKey(localKey()); return; }
  writeJSON(localKey(), {
    front: buildFront(), body: E.els.body.value, path: E.path, branch: E.branch, kind: E.kind,
    version: E.version, base: E.baseText, savedAt: new Date().toISOString(), photos: E.photos,
  });
}

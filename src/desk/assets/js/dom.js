// Small helpers over plain values and the DOM: a JSON clone and comparison,
// lists typed with 、 or commas, and `el`, which makes an element.

const LIST_SPLIT = /[、,，]/;

export const hasOwn = (o, k) => o != null && Object.prototype.hasOwnProperty.call(o, k);

export const isObj = (v) => v != null && typeof v === 'object' && !Array.isArray(v);

export const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

export const sameJSON = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export const errId = (field) => 'bp-err-' + String(field).replace(/\./g, '-');

export function toList(v) {
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean);
  if (typeof v === 'string') return v.split(LIST_SPLIT).map((x) => x.trim()).filter(Boolean);
  if (v == null) return [];
  return [String(v)];
}

// Creates an element. Props: class, text, on<event>, value/checked (set
// as properties), anything else as an attribute (true = present).
export function el(tag, props, ...kids) {
  const node = document.createElement(tag);
  const later = [];
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'value' || k === 'checked') later.push([k, v]);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid == null || kid === false) continue;
    node.append(kid instanceof Node ? kid : String(kid));
  }
  for (const [k, v] of later) node[k] = v;
  return node;
}

export function option(value, label, selected) {
  const o = el('option', { value }, label);
  if (selected) o.selected = true;
  return o;
}

export function query(params) {
  return Object.entries(params)
    .filter(([, v]) => v != null)
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v))
    .join('&');
}

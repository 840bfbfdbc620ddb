// Inflates a gzip file (RFC 1952 around RFC 1951) in plain JavaScript: what
// search-engine.js loads, only where a browser has no DecompressionStream
// (Safari before 16.4, older WeChat browsers), to read the search index's
// stored files. Small and slow-ish by design: a search reads a few files.
//
//   import { inflateGzip } from './inflate.js';
//   const bytes = inflateGzip(gzipped);   // Uint8Array → Uint8Array

// Lengths and distances: base values and extra bits (RFC 1951, 3.2.5).
const LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
  4097, 6145, 8193, 12289, 16385, 24577];
const DEXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order code length codes come in.
const CLORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code from code lengths: counts per length and the
 * symbols in code order. */
function huffman(lengths) {
  const counts = new Uint16Array(16);
  for (const l of lengths) counts[l]++;
  counts[0] = 0;
  const offs = new Uint16Array(16);
  for (let i = 1; i < 16; i++) offs[i] = offs[i - 1] + counts[i - 1];
  const symbols = new Uint16Array(lengths.length);
  lengths.forEach((l, s) => { if (l) symbols[offs[l]++] = s; });
  return { counts, symbols };
}

class Bits {
  constructor(bytes, at) {
    this.b = bytes;
    this.p = at;
    this.bit = 0;
    this.n = 0;
  }

  need(k) {
    while (this.n < k) {
      if (this.p >= this.b.length) throw new Error('truncated deflate stream');
      this.bit |= this.b[this.p++] << this.n;
      this.n += 8;
    }
  }

  take(k) {
    if (!k) return 0;
    this.need(k);
    const v = this.bit & ((1 << k) - 1);
    this.bit >>>= k;
    this.n -= k;
    return v;
  }

  /** One symbol of a canonical code, read a bit at a time. */
  decode({ counts, symbols }) {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= this.take(1);
      const count = counts[len];
      if (code - first < count) return symbols[index + code - first];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Error('bad Huffman code');
  }
}

const FIXED = (() => {
  const l = new Array(288).fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  return [huffman(l), huffman(new Array(30).fill(5))];
})();

function dynamic(bits) {
  const hlit = bits.take(5) + 257;
  const hdist = bits.take(5) + 1;
  const hclen = bits.take(4) + 4;
  const cl = new Array(19).fill(0);
  for (let i = 0; i < hclen; i++) cl[CLORDER[i]] = bits.take(3);
  const clcode = huffman(cl);
  const lengths = [];
  while (lengths.length < hlit + hdist) {
    const sym = bits.decode(clcode);
    if (sym < 16) lengths.push(sym);
    else if (sym === 16) {
      if (!lengths.length) throw new Error('bad code lengths');
      const prev = lengths[lengths.length - 1];
      for (let k = 3 + bits.take(2); k > 0; k--) lengths.push(prev);
    } else {
      for (let k = sym === 17 ? 3 + bits.take(3) : 11 + bits.take(7); k > 0; k--) lengths.push(0);
    }
  }
  return [huffman(lengths.slice(0, hlit)), huffman(lengths.slice(hlit, hlit + hdist))];
}

/** The bytes of a raw deflate stream starting at `at`. */
export function inflateRaw(bytes, at = 0) {
  const bits = new Bits(bytes, at);
  let out = new Uint8Array(Math.max(1024, bytes.length * 4));
  let n = 0;
  const room = (k) => {
    if (n + k <= out.length) return;
    const bigger = new Uint8Array(Math.max(out.length * 2, n + k));
    bigger.set(out.subarray(0, n));
    out = bigger;
  };
  for (let last = 0; !last;) {
    last = bits.take(1);
    const type = bits.take(2);
    if (type === 0) {
      bits.bit = 0;
      bits.n = 0;
      if (bits.p + 4 > bytes.length) throw new Error('truncated deflate stream');
      const len = bytes[bits.p] | (bytes[bits.p + 1] << 8);
      bits.p += 4;
      if (bits.p + len > bytes.length) throw new Error('truncated deflate stream');
      room(len);
      out.set(bytes.subarray(bits.p, bits.p + len), n);
      n += len;
      bits.p += len;
      continue;
    }
    if (type === 3) throw new Error('bad block type');
    const [lit, dist] = type === 1 ? FIXED : dynamic(bits);
    for (;;) {
      const sym = bits.decode(lit);
      if (sym < 256) {
        room(1);
        out[n++] = sym;
      } else if (sym === 256) break;
      else {
        const len = LBASE[sym - 257] + bits.take(LEXTRA[sym - 257]);
        const d = bits.decode(dist);
        const back = DBASE[d] + bits.take(DEXTRA[d]);
        if (back > n) throw new Error('distance too far back');
        room(len);
        for (let k = 0; k < len; k++, n++) out[n] = out[n - back];
      }
    }
  }
  return out.subarray(0, n);
}

/** The contents of a gzip file (one member; its header's optional fields
 * skipped). */
export function inflateGzip(bytes) {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) throw new Error('not a gzip file');
  const flags = bytes[3];
  let p = 10;
  if (flags & 4) p += 2 + (bytes[p] | (bytes[p + 1] << 8));
  if (flags & 8) while (bytes[p++]);
  if (flags & 16) while (bytes[p++]);
  if (flags & 2) p += 2;
  const out = inflateRaw(bytes, p);
  const end = bytes.length;
  const size = (bytes[end - 4] | (bytes[end - 3] << 8) | (bytes[end - 2] << 16) | (bytes[end - 1] << 24)) >>> 0;
  if (size !== out.length % 2 ** 32) throw new Error('truncated gzip file');
  return out;
}

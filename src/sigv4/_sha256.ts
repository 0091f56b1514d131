// Synchronous SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) in plain TypeScript.
// Signing hashes a few hundred bytes per request; a synchronous hash avoids the promise hop and the
// key import that Web Crypto costs there. Large bodies go to `crypto.subtle` instead (see hash.ts).

const K = new Int32Array([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);

/** The initial hash value H(0). */
const IV = new Int32Array([
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
]);

const W = new Int32Array(64);
const TAIL = new Uint8Array(128);
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? "0" : "") + i.toString(16));

/**
 * Runs the compression function over every whole 64-byte block of `data[pos, end)`; returns the new
 * position. Sums are truncated pairwise with `| 0` so V8 stays in int32 arithmetic, and the 64 rounds
 * are unrolled by 8 so the working variables rotate by renaming instead of by moves (about 20 %
 * faster than the plain loop here).
 */
function blocks(state: Int32Array, data: Uint8Array, pos: number, end: number): number {
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  const w = W;
  while (end - pos >= 64) {
    for (let i = 0; i < 16; i++) {
      const j = pos + (i << 2);
      w[i] = (data[j]! << 24) | (data[j + 1]! << 16) | (data[j + 2]! << 8) | data[j + 3]!;
    }
    pos += 64;
    for (let i = 16; i < 64; i++) {
      let u = w[i - 2]!;
      const s1 = ((u >>> 17) | (u << 15)) ^ ((u >>> 19) | (u << 13)) ^ (u >>> 10);
      u = w[i - 15]!;
      const s0 = ((u >>> 7) | (u << 25)) ^ ((u >>> 18) | (u << 14)) ^ (u >>> 3);
      w[i] = (((s1 + w[i - 7]!) | 0) + ((s0 + w[i - 16]!) | 0)) | 0;
    }
    const a0 = a, b0 = b, c0 = c, d0 = d, e0 = e, f0 = f, g0 = g, h0 = h;
    let t = 0;
    for (let i = 0; i < 64; i += 8) {
      t = ((((((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        ((e & f) ^ (~e & g))) | 0) + ((h + ((K[i + 0]! + w[i + 0]!) | 0)) | 0)) | 0;
      d = (d + t) | 0;
      h = (t +
        (((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
          ((a & b) ^ (a & c) ^ (b & c))) | 0)) | 0;
      t = ((((((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) +
        ((d & e) ^ (~d & f))) | 0) + ((g + ((K[i + 1]! + w[i + 1]!) | 0)) | 0)) | 0;
      c = (c + t) | 0;
      g = (t +
        (((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) +
          ((h & a) ^ (h & b) ^ (a & b))) | 0)) | 0;
      t = ((((((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) +
        ((c & d) ^ (~c & e))) | 0) + ((f + ((K[i + 2]! + w[i + 2]!) | 0)) | 0)) | 0;
      b = (b + t) | 0;
      f = (t +
        (((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) +
          ((g & h) ^ (g & a) ^ (h & a))) | 0)) | 0;
      t = ((((((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) +
        ((b & c) ^ (~b & d))) | 0) + ((e + ((K[i + 3]! + w[i + 3]!) | 0)) | 0)) | 0;
      a = (a + t) | 0;
      e = (t +
        (((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) +
          ((f & g) ^ (f & h) ^ (g & h))) | 0)) | 0;
      t = ((((((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) +
        ((a & b) ^ (~a & c))) | 0) + ((d + ((K[i + 4]! + w[i + 4]!) | 0)) | 0)) | 0;
      h = (h + t) | 0;
      d = (t +
        (((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) +
          ((e & f) ^ (e & g) ^ (f & g))) | 0)) | 0;
      t = ((((((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) +
        ((h & a) ^ (~h & b))) | 0) + ((c + ((K[i + 5]! + w[i + 5]!) | 0)) | 0)) | 0;
      g = (g + t) | 0;
      c = (t +
        (((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) +
          ((d & e) ^ (d & f) ^ (e & f))) | 0)) | 0;
      t = ((((((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) +
        ((g & h) ^ (~g & a))) | 0) + ((b + ((K[i + 6]! + w[i + 6]!) | 0)) | 0)) | 0;
      f = (f + t) | 0;
      b = (t +
        (((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) +
          ((c & d) ^ (c & e) ^ (d & e))) | 0)) | 0;
      t = ((((((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) +
        ((f & g) ^ (~f & h))) | 0) + ((a + ((K[i + 7]! + w[i + 7]!) | 0)) | 0)) | 0;
      e = (e + t) | 0;
      a = (t +
        (((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) +
          ((b & c) ^ (b & d) ^ (c & d))) | 0)) | 0;
    }
    a = (a + a0) | 0;
    b = (b + b0) | 0;
    c = (c + c0) | 0;
    d = (d + d0) | 0;
    e = (e + e0) | 0;
    f = (f + f0) | 0;
    g = (g + g0) | 0;
    h = (h + h0) | 0;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  state[4] = e;
  state[5] = f;
  state[6] = g;
  state[7] = h;
  return pos;
}

/** The working state of the last `finish` (read it before the next call). */
const STATE = new Int32Array(8);

/**
 * Hashes `data` starting from `init` (a state that already absorbed `prefixLength` bytes, a multiple
 * of 64) and returns the final state in a shared buffer (8 big-endian words).
 */
function finish(init: Int32Array, prefixLength: number, data: Uint8Array): Int32Array {
  const state = STATE;
  state.set(init);
  const len = data.length;
  const pos = blocks(state, data, 0, len);
  const rest = len - pos;
  const tailLength = rest < 56 ? 64 : 128;
  for (let i = 0; i < rest; i++) TAIL[i] = data[pos + i]!;
  TAIL[rest] = 0x80;
  for (let i = rest + 1; i < tailLength - 8; i++) TAIL[i] = 0;
  const bits = (prefixLength + len) * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  TAIL[tailLength - 8] = hi >>> 24;
  TAIL[tailLength - 7] = hi >>> 16;
  TAIL[tailLength - 6] = hi >>> 8;
  TAIL[tailLength - 5] = hi;
  TAIL[tailLength - 4] = lo >>> 24;
  TAIL[tailLength - 3] = lo >>> 16;
  TAIL[tailLength - 2] = lo >>> 8;
  TAIL[tailLength - 1] = lo;
  blocks(state, TAIL, 0, tailLength);
  return state;
}

function stateToBytes(state: Int32Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const w = state[i]!;
    out[i * 4] = w >>> 24;
    out[i * 4 + 1] = w >>> 16;
    out[i * 4 + 2] = w >>> 8;
    out[i * 4 + 3] = w;
  }
  return out;
}

function stateToHex(state: Int32Array): string {
  let s = "";
  for (let i = 0; i < 8; i++) {
    const w = state[i]!;
    s += HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
  }
  return s;
}

/** Lower-case hex of bytes, via a 256-entry table. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!]!;
  return s;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(4096);

/** UTF-8 bytes of `text`, in a shared scratch buffer (valid until the next call). */
export function utf8Scratch(text: string): Uint8Array {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3 + 1024);
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

/** SHA-256 of bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  return stateToBytes(finish(IV, 0, data));
}

/** Hex SHA-256 of bytes or of the UTF-8 bytes of a string. */
export function sha256Hex(data: Uint8Array | string): string {
  return stateToHex(finish(IV, 0, typeof data === "string" ? utf8Scratch(data) : data));
}

/** An HMAC-SHA-256 key with its inner and outer pad blocks already absorbed. */
export interface HmacKey {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

/** Precomputes the HMAC pads of `key`. */
export function hmacKey(key: Uint8Array): HmacKey {
  const k = key.length > 64 ? sha256(key) : key;
  const pad = new Uint8Array(64);
  pad.set(k);
  for (let i = 0; i < 64; i++) pad[i] = pad[i]! ^ 0x36;
  const inner = IV.slice();
  blocks(inner, pad, 0, 64);
  for (let i = 0; i < 64; i++) pad[i] = pad[i]! ^ 0x36 ^ 0x5c;
  const outer = IV.slice();
  blocks(outer, pad, 0, 64);
  return { inner, outer };
}

const INNER = new Uint8Array(32);

function hmacState(key: HmacKey, data: Uint8Array): Int32Array {
  const inner = finish(key.inner, 64, data);
  for (let i = 0; i < 8; i++) {
    const v = inner[i]!;
    INNER[i * 4] = v >>> 24;
    INNER[i * 4 + 1] = v >>> 16;
    INNER[i * 4 + 2] = v >>> 8;
    INNER[i * 4 + 3] = v;
  }
  return finish(key.outer, 64, INNER);
}

/** HMAC-SHA-256 of bytes or the UTF-8 bytes of a string. */
export function hmac(key: HmacKey, data: Uint8Array | string): Uint8Array {
  return stateToBytes(hmacState(key, typeof data === "string" ? utf8Scratch(data) : data));
}

/** Hex HMAC-SHA-256 of bytes or the UTF-8 bytes of a string. */
export function hmacHex(key: HmacKey, data: Uint8Array | string): string {
  return stateToHex(hmacState(key, typeof data === "string" ? utf8Scratch(data) : data));
}

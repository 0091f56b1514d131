// Synchronous SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) in plain TypeScript.
// Signing hashes a few hundred bytes per request; a synchronous hash avoids the promise hop and the
// key import that Web Crypto costs there. Large bodies go to `crypto.subtle` instead (payload.ts).
// Written for size and speed: tables computed at load, rounds unrolled by two, Ch as g ^ e & (f ^ g)
// and Maj reusing the previous round's a ^ b (three fewer operations a round: 6-9 % faster on
// Deno, Node and Bun for +4 B gzipped). Measured and left out (bench/results/sigv4.md): rolled
// (7-22 % slower), unrolled by 4 or 8 (no faster), the schedule in 16 locals with 16 rounds
// unrolled (6 % faster on Deno, 27 % on Node, 47 % slower on Bun, +750 B gzipped). About 0.42 µs
// a block on this machine's Deno; @noble/hashes is 1.3-1.4x slower, fast-sha256 1.5x.

/**
 * The round constants K (cube roots of the first 64 primes) and H(0) (square roots of the first 8),
 * computed on first use (`finish` and `hmacKey`), so that importing the module costs nothing.
 */
const K = new Int32Array(64);
const IV = new Int32Array(8);
const frac = (x: number): number => (x - Math.floor(x)) * 2 ** 32 | 0;
function constants(): void {
  for (let n = 2, i = 0; i < 64; n++) {
    let d = 2;
    while (n % d) d++;
    if (d < n) continue;
    if (i < 8) IV[i] = frac(Math.sqrt(n));
    K[i++] = frac(Math.cbrt(n));
  }
}

const W = new Int32Array(64);
const TAIL = new Uint8Array(128);
const TAIL_VIEW = new DataView(TAIL.buffer);
const HEX: string[] = [];

/** Absorbs every whole 64-byte block of `data` into `state`; returns the bytes consumed. */
function blocks(state: Int32Array, data: Uint8Array, length: number): number {
  const w = W, end = length - 63;
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  let pos = 0;
  for (; pos < end; pos += 64) {
    const a0 = a, b0 = b, c0 = c, d0 = d, e0 = e, f0 = f, g0 = g, h0 = h;
    // y carries a ^ b of the previous round: Maj(a, b, c) = b ^ (a ^ b) & (b ^ c)
    let u = 0, t = 0, i = 0, x = 0, y = b ^ c;
    for (; i < 16; i++) {
      u = pos + i * 4;
      w[i] = data[u]! << 24 | data[u + 1]! << 16 | data[u + 2]! << 8 | data[u + 3]!;
    }
    for (; i < 64; i++) {
      u = w[i - 2]!;
      t = (u >>> 17 | u << 15) ^ (u >>> 19 | u << 13) ^ u >>> 10;
      u = w[i - 15]!;
      u = (u >>> 7 | u << 25) ^ (u >>> 18 | u << 14) ^ u >>> 3;
      w[i] = (t + w[i - 7]! | 0) + (u + w[i - 16]! | 0);
    }
    for (i = 0; i < 64; i += 2) {
      t = (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) +
              (g ^ e & (f ^ g)) | 0) + (h + (K[i]! + w[i]! | 0) | 0) | 0;
      d = d + t | 0;
      x = a ^ b;
      h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) +
              (b ^ x & y) | 0) | 0;
      t = (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) +
              (f ^ d & (e ^ f)) | 0) + (g + (K[i + 1]! + w[i + 1]! | 0) | 0) | 0;
      y = h ^ a;
      g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) +
              (a ^ y & x) | 0) | 0;
      // shift by two: (a..h) = (g, h, a, b, c + t, d, e, f)
      u = c + t | 0;
      t = h, h = f, f = d, d = b, b = t;
      t = g, g = e, e = u, c = a, a = t;
    }
    a = a + a0 | 0, b = b + b0 | 0, c = c + c0 | 0, d = d + d0 | 0;
    e = e + e0 | 0, f = f + f0 | 0, g = g + g0 | 0, h = h + h0 | 0;
  }
  state[0] = a, state[1] = b, state[2] = c, state[3] = d;
  state[4] = e, state[5] = f, state[6] = g, state[7] = h;
  return pos;
}

/** The working state of the last `finish` (read it before the next call). */
const STATE = new Int32Array(8);

/**
 * Hashes `data` starting from `init` (a state that already absorbed `prefixLength` bytes, a multiple
 * of 64) and returns the final state in a shared buffer.
 */
function finish(init: Int32Array, prefixLength: number, data: Uint8Array): Int32Array {
  if (!K[63]) constants();
  STATE.set(init);
  const length = data.length, pos = blocks(STATE, data, length), rest = length - pos;
  const n = rest < 56 ? 64 : 128, bits = (prefixLength + length) * 8;
  for (let i = 0; i < n; i++) TAIL[i] = i < rest ? data[pos + i]! : 0;
  TAIL[rest] = 0x80;
  TAIL_VIEW.setUint32(n - 8, bits / 2 ** 32);
  TAIL_VIEW.setUint32(n - 4, bits);
  blocks(STATE, TAIL, n);
  return STATE;
}

/** The state as 32 big-endian bytes, into `out` (a new array by default). */
function stateBytes(state: Int32Array, out = new Uint8Array(32)): Uint8Array {
  for (let i = 0; i < 32; i++) out[i] = state[i >> 2]! >>> 24 - (i & 3) * 8;
  return out;
}

/** Lower-case hex of bytes, via a 256-entry table. */
export function toHex(bytes: Uint8Array): string {
  if (!HEX.length) { for (let i = 0; i < 256; i++) HEX.push((i + 256).toString(16).slice(1)); }
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(4096);

/**
 * UTF-8 bytes of `text` written from index `at` of a shared scratch buffer, returned with the `at`
 * bytes before them (which the caller fills); valid until the next call.
 */
export function utf8Scratch(text: string, at = 0): Uint8Array {
  if (at + text.length * 3 > scratch.length) scratch = new Uint8Array(at + text.length * 3 + 1024);
  return scratch.subarray(0, at + encoder.encodeInto(text, scratch.subarray(at)).written);
}

const bytesOf = (data: Uint8Array | string): Uint8Array =>
  typeof data === "string" ? utf8Scratch(data) : data;

/** A 32-byte buffer for a digest about to be hex-encoded or hashed again. */
const INNER = new Uint8Array(32);

/** SHA-256 of bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  return stateBytes(finish(IV, 0, data));
}

/** Hex SHA-256 of bytes or of the UTF-8 bytes of a string. */
export function sha256Hex(data: Uint8Array | string): string {
  return toHex(stateBytes(finish(IV, 0, bytesOf(data)), INNER));
}

/**
 * Starts a hex SHA-256 of `prefix + suffix` before the suffix is known: the whole blocks of the
 * prefix's UTF-8 are absorbed now, and the returned function finishes with the suffix. The signer
 * hashes the canonical request this way while Web Crypto (on another thread) hashes the body.
 */
export function sha256HexPrefix(prefix: string): (suffix: string) => string {
  if (!K[63]) constants();
  const bytes = utf8Scratch(prefix), state = IV.slice();
  const absorbed = blocks(state, bytes, bytes.length), rest = bytes.slice(absorbed);
  return (suffix) => {
    const data = utf8Scratch(suffix, rest.length);
    data.set(rest);
    return toHex(stateBytes(finish(state, absorbed, data), INNER));
  };
}

/** An HMAC-SHA-256 key: the states after its inner and its outer pad block. */
export type HmacKey = readonly [inner: Int32Array, outer: Int32Array];

/** Precomputes the HMAC pads of `key`. */
export function hmacKey(key: Uint8Array): HmacKey {
  if (!K[63]) constants();
  const pad = new Uint8Array(64);
  pad.set(key.length > 64 ? sha256(key) : key);
  return [0x36, 0x5c].map((x) => {
    const state = IV.slice();
    blocks(state, pad.map((v) => v ^ x), 64);
    return state;
  }) as unknown as HmacKey;
}

function hmacState(key: HmacKey, data: Uint8Array | string): Int32Array {
  return finish(key[1], 64, stateBytes(finish(key[0], 64, bytesOf(data)), INNER));
}

/** HMAC-SHA-256 of bytes or the UTF-8 bytes of a string. */
export function hmac(key: HmacKey, data: Uint8Array | string): Uint8Array {
  return stateBytes(hmacState(key, data));
}

/** Hex HMAC-SHA-256 of bytes or the UTF-8 bytes of a string. */
export function hmacHex(key: HmacKey, data: Uint8Array | string): string {
  return toHex(stateBytes(hmacState(key, data), INNER));
}

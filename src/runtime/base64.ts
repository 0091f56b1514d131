/**
 * Base64 for blob members: the runtime's native `Uint8Array.prototype.toBase64` /
 * `Uint8Array.fromBase64` where present (Deno 2.9, Bun 1.4, workerd), a table-based fallback
 * elsewhere (Node 20).
 *
 * @module
 */
import { BedrockInputError } from "../errors.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ENC = new Uint8Array(64);
const DEC = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) {
  ENC[i] = ALPHABET.charCodeAt(i);
  DEC[ALPHABET.charCodeAt(i)] = i;
}
// Accept the URL-safe alphabet when decoding too, like the native decoder with lenient input.
DEC[45] = 62; // "-"
DEC[95] = 63; // "_"
const PAD = 61; // "="
// Base64 text is ASCII, which the UTF-8 decoder handles on its fastest path.
const ASCII_OUT = new TextDecoder();
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// Two base64 characters for every 12-bit value, as they sit in memory (first character first).
const PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) {
  const first = ENC[i >>> 6]!;
  const second = ENC[i & 63]!;
  PAIRS[i] = LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second;
}
const ASCII = new TextEncoder();

interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeBase64Ctor {
  fromBase64?: (s: string) => Uint8Array;
}
const nativeTo = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFrom = (Uint8Array as NativeBase64Ctor).fromBase64;

/**
 * Encodes bytes as standard padded base64 with the table-based fallback (exported for tests and
 * benchmarks; use {@linkcode toBase64}).
 *
 * @example
 * ```ts
 * import { toBase64Fallback } from "./base64.ts";
 * toBase64Fallback(new Uint8Array([104, 105])); // "aGk="
 * ```
 */
export function toBase64Fallback(bytes: Uint8Array): string {
  const n = bytes.length;
  const full = n - (n % 3);
  // One 32-bit store (four characters) per three bytes, through a 12-bit → two-character table.
  const words = new Uint32Array(Math.ceil(n / 3));
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    words[o++] = LITTLE_ENDIAN
      ? PAIRS[v >>> 12]! | (PAIRS[v & 4095]! << 16)
      : (PAIRS[v >>> 12]! << 16) | PAIRS[v & 4095]!;
  }
  const out = new Uint8Array(words.buffer);
  if (full < n) {
    const a = bytes[full]!;
    const b = full + 1 < n ? bytes[full + 1]! : 0;
    let t = o * 4;
    out[t++] = ENC[a >>> 2]!;
    out[t++] = ENC[((a & 3) << 4) | (b >>> 4)]!;
    out[t++] = full + 1 < n ? ENC[(b & 15) << 2]! : PAD;
    out[t] = PAD;
  }
  return ASCII_OUT.decode(out);
}

/**
 * Decodes standard (or URL-safe) base64, padded or not, with the table-based fallback (exported for
 * tests and benchmarks; use {@linkcode fromBase64}).
 *
 * @example
 * ```ts
 * import { fromBase64Fallback } from "./base64.ts";
 * fromBase64Fallback("aGk="); // Uint8Array [104, 105]
 * ```
 */
export function fromBase64Fallback(text: string): Uint8Array {
  // Byte lookups beat charCodeAt on V8; a non-ASCII character becomes bytes >= 128, which are invalid.
  const src = ASCII.encode(text);
  let n = src.length;
  while (n > 0 && src[n - 1] === PAD) n--;
  if (n % 4 === 1) throw invalid();
  const out = new Uint8Array((n * 3) >>> 2);
  let o = 0;
  let i = 0;
  for (const end = n - (n % 4); i < end; i += 4) {
    const a = DEC[src[i]!]!;
    const b = DEC[src[i + 1]!]!;
    const c = DEC[src[i + 2]!]!;
    const d = DEC[src[i + 3]!]!;
    if ((a | b | c | d) > 63) throw invalid();
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = n - i;
  if (rest > 0) {
    const a = DEC[src[i]!]!;
    const b = DEC[src[i + 1]!]!;
    const c = rest === 3 ? DEC[src[i + 2]!]! : 0;
    if ((a | b | c) > 63) throw invalid();
    out[o++] = (a << 2) | (b >>> 4);
    if (rest === 3) out[o++] = ((b & 15) << 4) | (c >>> 2);
  }
  return out;
}

function invalid(): BedrockInputError {
  return new BedrockInputError("base64", "must be valid base64 text");
}

/**
 * Encodes bytes as standard padded base64, natively where the runtime can.
 *
 * @example
 * ```ts
 * import { toBase64 } from "./base64.ts";
 * toBase64(new TextEncoder().encode("hi")); // "aGk="
 * ```
 */
export const toBase64: (bytes: Uint8Array) => string = nativeTo
  ? (bytes) => nativeTo.call(bytes)
  : toBase64Fallback;

/**
 * Decodes base64 to bytes, natively where the runtime can.
 *
 * @example
 * ```ts
 * import { fromBase64 } from "./base64.ts";
 * new TextDecoder().decode(fromBase64("aGk=")); // "hi"
 * ```
 */
export const fromBase64: (text: string) => Uint8Array = nativeFrom
  ? (text) => {
    try {
      return nativeFrom(text);
    } catch {
      return fromBase64Fallback(text);
    }
  }
  : fromBase64Fallback;

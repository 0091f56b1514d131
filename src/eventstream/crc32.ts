/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven with slicing-by-8.
 *
 * @module
 */

/** Eight 256-entry tables: `T[n]` is the byte table, `T[s * 256 + n]` advances it `s` more bytes. */
const T = new Int32Array(2048);
for (let n = 0; n < 2048; n++) {
  let c = n < 256 ? n : T[n - 256]!;
  if (n < 256) { for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
  else c = T[c & 0xff]! ^ (c >>> 8);
  T[n] = c;
}

/**
 * Continues a CRC-32 over `bytes[start..end)`. Pass `0` as `crc` to start a new checksum; pass a
 * previous result to continue it over more bytes.
 *
 * @param crc The CRC-32 of the bytes before `start` (0 for none).
 * @param bytes The buffer.
 * @param start First byte to include.
 * @param end One past the last byte to include.
 * @returns The unsigned CRC-32.
 * @example
 * ```ts
 * import { crc32 } from "@bedrock-fetch/core/eventstream";
 * const bytes = new TextEncoder().encode("123456789");
 * crc32(0, bytes, 0, bytes.length); // 0xcbf43926
 * ```
 */
export function crc32(crc: number, bytes: Uint8Array, start: number, end: number): number {
  let c = ~crc;
  let i = start;
  for (const stop = end - 8; i <= stop; i += 8) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c = T[1792 + (c & 0xff)]! ^ T[1536 + ((c >>> 8) & 0xff)]! ^ T[1280 + ((c >>> 16) & 0xff)]! ^
      T[1024 + (c >>> 24)]! ^ T[768 + bytes[i + 4]!]! ^ T[512 + bytes[i + 5]!]! ^
      T[256 + bytes[i + 6]!]! ^ T[bytes[i + 7]!]!;
  }
  while (i < end) c = T[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

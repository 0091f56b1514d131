/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven with slicing-by-8.
 *
 * @module
 */

function buildTable(): Int32Array {
  const table = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = table[n]!;
    for (let s = 1; s < 8; s++) {
      c = table[c & 0xff]! ^ (c >>> 8);
      table[s * 256 + n] = c;
    }
  }
  return table;
}

const T: Int32Array = buildTable();

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
  // Two slicing-by-8 steps per iteration: measured faster than slicing-by-16 and than one step.
  const stop16 = end - 16;
  while (i <= stop16) {
    let a = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c = T[1792 + (a & 0xff)]! ^ T[1536 + ((a >>> 8) & 0xff)]! ^ T[1280 + ((a >>> 16) & 0xff)]! ^
      T[1024 + (a >>> 24)]! ^ T[768 + bytes[i + 4]!]! ^ T[512 + bytes[i + 5]!]! ^
      T[256 + bytes[i + 6]!]! ^ T[bytes[i + 7]!]!;
    a = c ^
      (bytes[i + 8]! | (bytes[i + 9]! << 8) | (bytes[i + 10]! << 16) | (bytes[i + 11]! << 24));
    c = T[1792 + (a & 0xff)]! ^ T[1536 + ((a >>> 8) & 0xff)]! ^ T[1280 + ((a >>> 16) & 0xff)]! ^
      T[1024 + (a >>> 24)]! ^ T[768 + bytes[i + 12]!]! ^ T[512 + bytes[i + 13]!]! ^
      T[256 + bytes[i + 14]!]! ^ T[bytes[i + 15]!]!;
    i += 16;
  }
  if (i <= end - 8) {
    const a = c ^
      (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c = T[1792 + (a & 0xff)]! ^ T[1536 + ((a >>> 8) & 0xff)]! ^ T[1280 + ((a >>> 16) & 0xff)]! ^
      T[1024 + (a >>> 24)]! ^ T[768 + bytes[i + 4]!]! ^ T[512 + bytes[i + 5]!]! ^
      T[256 + bytes[i + 6]!]! ^ T[bytes[i + 7]!]!;
    i += 8;
  }
  while (i < end) c = T[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

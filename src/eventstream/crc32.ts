/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven with slicing-by-8 over
 * little-endian 32-bit loads.
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

// Built on first use, so that importing the module costs nothing.
let TABLE: Int32Array | undefined;

/**
 * {@linkcode crc32} over `v`'s bytes `[start, end)`: the framing core's form (one `DataView` per
 * buffer; two 32-bit loads per eight bytes instead of eight byte loads).
 *
 * @param crc The CRC-32 of the bytes before `start` (0 for none).
 * @param v A view of the buffer.
 * @param i First byte to include.
 * @param end One past the last byte to include.
 * @returns The unsigned CRC-32.
 * @example
 * ```ts
 * import { crcView } from "./crc32.ts";
 * const bytes = new TextEncoder().encode("123456789");
 * crcView(0, new DataView(bytes.buffer), 0, 9); // 0xcbf43926
 * ```
 */
export function crcView(crc: number, v: DataView, i: number, end: number): number {
  const T = TABLE ??= buildTable();
  let c = ~crc;
  for (; i <= end - 8; i += 8) {
    const a = c ^ v.getInt32(i, true);
    const b = v.getInt32(i + 4, true);
    c = T[1792 + (a & 0xff)]! ^ T[1536 + ((a >>> 8) & 0xff)]! ^ T[1280 + ((a >>> 16) & 0xff)]! ^
      T[1024 + (a >>> 24)]! ^ T[768 + (b & 0xff)]! ^ T[512 + ((b >>> 8) & 0xff)]! ^
      T[256 + ((b >>> 16) & 0xff)]! ^ T[b >>> 24]!;
  }
  if (i <= end - 4) {
    const a = c ^ v.getInt32(i, true);
    c = T[768 + (a & 0xff)]! ^ T[512 + ((a >>> 8) & 0xff)]! ^ T[256 + ((a >>> 16) & 0xff)]! ^
      T[a >>> 24]!;
    i += 4;
  }
  for (; i < end; i++) c = T[(c ^ v.getUint8(i)) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
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
  return crcView(crc, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), start, end);
}

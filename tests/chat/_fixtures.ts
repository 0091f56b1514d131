// Small byte headers (magic numbers) for format inference tests.
const enc = new TextEncoder();
const cat = (...parts: (number[] | string)[]) => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === "string" ? enc.encode(p) : p));
  return new Uint8Array(out);
};
export const PNG: Uint8Array = cat([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13]);
export const JPEG: Uint8Array = cat([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
export const GIF: Uint8Array = cat("GIF89a", [1, 0]);
export const WEBP: Uint8Array = cat("RIFF", [0, 0, 0, 0], "WEBPVP8 ");
export const PDF: Uint8Array = cat("%PDF-1.7\n");
export const DOCX: Uint8Array = cat(
  "PK\x03\x04",
  [20, 0, 0, 0],
  "[Content_Types].xml",
  "word/document.xml",
);
export const XLSX: Uint8Array = cat(
  "PK\x03\x04",
  [20, 0, 0, 0],
  "[Content_Types].xml",
  "xl/workbook.xml",
);
export const OLE: Uint8Array = cat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
export const HTML: Uint8Array = cat("  <!DOCTYPE html><html></html>");
export const TXT: Uint8Array = cat("just some notes\n");
export const MP4: Uint8Array = cat([0, 0, 0, 24], "ftypisom", [0, 0, 2, 0]);
export const MOV: Uint8Array = cat([0, 0, 0, 20], "ftypqt  ", [0, 0, 2, 0]);
export const M4A: Uint8Array = cat([0, 0, 0, 20], "ftypM4A ", [0, 0, 2, 0]);
export const MKV: Uint8Array = cat([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], "matroska");
export const WEBM: Uint8Array = cat([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], "webm");
export const FLV: Uint8Array = cat("FLV", [1, 5]);
export const MP3: Uint8Array = cat("ID3", [4, 0, 0]);
export const WAV: Uint8Array = cat("RIFF", [0, 0, 0, 0], "WAVEfmt ");
export const OGG: Uint8Array = cat("OggS", [0, 2]);
export const FLAC: Uint8Array = cat("fLaC", [0, 0, 0, 34]);
export const NOISE: Uint8Array = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 0, 9]);
export const b64 = (b: Uint8Array): string => btoa(String.fromCharCode(...b));

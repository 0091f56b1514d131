/**
 * Media sources: bytes, base64, `data:` URLs and `s3://` URIs → a Converse source, and the format
 * inferred from the MIME type, the file extension or the magic bytes.
 *
 * @module
 */
import { fromBase64 } from "../runtime/base64.ts";
import type { MediaData } from "./types.ts";
import { utf8 } from "../eventstream/headers.ts";
import { invalid, put } from "./_util.ts";

/** The four kinds of media block. */
export type MediaKind = "image" | "document" | "video" | "audio";

/** A resolved media source. */
export type MediaSource = { bytes: Uint8Array } | {
  s3Location: { uri: string; bucketOwner?: string };
};

// MIME subtypes (without "x-") and file extensions that are not the format name itself, some
// only for one kind (`kind/name`).
const ALIAS: Record<string, string> = {
  jpg: "jpeg",
  plain: "txt",
  text: "txt",
  markdown: "md",
  htm: "html",
  msword: "doc",
  "vnd.ms-excel": "xls",
  quicktime: "mov",
  matroska: "mkv",
  "ms-wmv": "wmv",
  "3gpp": "three_gp",
  "3gp": "three_gp",
  wave: "wav",
  l16: "pcm",
  "audio/mpeg": "mp3",
  "audio/matroska": "mka",
};

/** The format a MIME type or extension names, or `undefined` when it is not one of `allowed`. */
function named(kind: MediaKind, name: string): string | undefined {
  const allowed = FORMATS[kind];
  let f = name.startsWith("x-") && !allowed.includes(name) ? name.slice(2) : name;
  if (f.endsWith("wordprocessingml.document")) f = "docx";
  else if (f.endsWith("spreadsheetml.sheet")) f = "xlsx";
  else f = ALIAS[`${kind}/${f}`] ?? ALIAS[f] ?? f;
  return allowed.includes(f) ? f : undefined;
}

const FORMATS: Record<MediaKind, string[]> = {
  image: ["png", "jpeg", "gif", "webp"],
  document: ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"],
  video: ["mkv", "mov", "mp4", "webm", "flv", "mpeg", "mpg", "wmv", "three_gp"],
  audio: [
    "mp3",
    "opus",
    "wav",
    "aac",
    "flac",
    "mp4",
    "ogg",
    "mkv",
    "mka",
    "x-aac",
    "m4a",
    "mpeg",
    "mpga",
    "pcm",
    "webm",
  ],
};

/**
 * Resolves media data to a Converse source and, when given, the MIME type of a `data:` URL.
 *
 * @example
 * ```ts
 * import { resolveMedia } from "@bedrock-fetch/core/chat";
 * resolveMedia("s3://bucket/cat.png", "messages[0].content[0].image").source; // { s3Location: { uri: "s3://bucket/cat.png" } }
 * ```
 */
export function resolveMedia(
  data: MediaData,
  path: string,
  bucketOwner?: string,
): { source: MediaSource; mimeType?: string; name?: string } {
  if (data instanceof Uint8Array) return { source: { bytes: data } };
  const field = `${path}.data`;
  if (typeof data !== "string") {
    invalid(field, "must be a Uint8Array, base64, a data URL or an s3:// URI");
  }
  if (data.startsWith("s3://")) {
    return { source: { s3Location: put({ uri: data }, "bucketOwner", bucketOwner) }, name: data };
  }
  const url = /^data:([^,]*);base64,/.exec(data); // data:<mime>;base64,<data>
  if (!url && data.startsWith("data:")) invalid(field, "a data URL must be base64");
  if (!url && /^[a-z][a-z0-9+.-]*:\/\//i.test(data)) {
    invalid(field, "URLs other than s3:// are not fetched");
  }
  try {
    const bytes = fromBase64(url ? data.slice(url[0].length) : data);
    return url ? { source: { bytes }, mimeType: url[1]! } : { source: { bytes } };
  } catch (cause) {
    invalid(field, "is not valid base64", cause);
  }
}

/**
 * Infers the Converse format of a media block: the explicit format, then the MIME type, then the
 * file extension of a name or URI, then the magic bytes. Throws {@linkcode BedrockInputError}
 * naming the field when none tells.
 *
 * @example
 * ```ts
 * import { inferFormat } from "@bedrock-fetch/core/chat";
 * inferFormat("image", { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }, "image"); // "png"
 * ```
 */
export function inferFormat(
  kind: MediaKind,
  hints: {
    format?: string | undefined;
    mimeType?: string | undefined;
    name?: string | undefined;
    bytes?: Uint8Array | undefined;
  },
  path: string,
): string {
  const { format, name = "", bytes } = hints;
  if (format !== undefined) return format;
  const mime = hints.mimeType?.toLowerCase().split(";")[0]?.trim();
  const field = `${path}.format`;
  if (mime) {
    const [type, sub = ""] = mime.split("/");
    const ok = type === kind ||
      (kind === "document" && (type === "text" || type === "application")) ||
      (kind === "audio" && type === "video" && sub === "mp4");
    return (ok ? named(kind, sub) : undefined) ??
      invalid(field, `MIME type "${mime}" is not a supported ${kind} format`);
  }
  const dot = name.lastIndexOf(".");
  return (dot > 0 ? named(kind, name.slice(dot + 1).toLowerCase()) : undefined) ??
    (bytes && sniff(kind, bytes)) ??
    invalid(field, `cannot infer the ${kind} format; give format or mimeType`);
}

// Magic numbers: kinds (i image, d document, v video, a audio), offset, signature, format.
const MAGIC: [string, number, string, string][] = [
  ["i", 0, "\x89PNG", "png"],
  ["i", 0, "\xff\xd8\xff", "jpeg"],
  ["i", 0, "GIF8", "gif"],
  ["i", 8, "WEBP", "webp"],
  ["d", 0, "%PDF", "pdf"],
  ["v", 4, "ftypqt  ", "mov"],
  ["v", 4, "ftyp3g", "three_gp"],
  ["a", 4, "ftypM4A", "m4a"],
  ["va", 4, "ftyp", "mp4"],
  ["v", 0, "FLV", "flv"],
  ["v", 0, "\0\0\x01\xba", "mpeg"],
  ["v", 0, "\0\0\x01\xb3", "mpeg"],
  ["v", 0, "0&\xb2u", "wmv"],
  ["a", 8, "WAVE", "wav"],
  ["a", 0, "OggS", "ogg"],
  ["a", 0, "fLaC", "flac"],
  ["a", 0, "ID3", "mp3"],
];

function sniff(kind: MediaKind, b: Uint8Array): string | undefined {
  // The first bytes as Latin-1 text; an ASCII string is in the first `limit` bytes.
  const head = String.fromCharCode(...b.subarray(0, 16));
  const has = (s: string, limit: number) => utf8.decode(b.subarray(0, limit)).includes(s);
  for (const [kinds, at, sig, format] of MAGIC) {
    if (kinds.includes(kind[0] as string) && head.startsWith(sig, at)) return format;
  }
  if (kind === "image") return undefined;
  if (kind === "document") {
    if (head.startsWith("PK\x03\x04")) {
      return has("word/", 65536) ? "docx" : has("xl/", 65536) ? "xlsx" : undefined;
    }
    if (b[0] === 0xd0) return undefined; // OLE: doc or xls cannot be told apart
    if (/^\s*<(!doctype )?html/i.test(utf8.decode(b.subarray(0, 512)))) return "html";
    return b.includes(0) ? undefined : "txt";
  }
  if (head.startsWith("\x1a\x45\xdf\xa3")) {
    return has("webm", 64) ? "webm" : kind === "video" ? "mkv" : "mka";
  }
  const b1 = b[1]!;
  if (kind === "audio" && b[0] === 0xff) {
    return (b1 & 0xf6) === 0xf0 ? "aac" : (b1 & 0xe0) === 0xe0 ? "mp3" : undefined;
  }
  return undefined;
}

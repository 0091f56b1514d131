// Validation of Converse content blocks and the helpers every validator uses; each message names
// the member at fault.
import { fromBase64 } from "../runtime/base64.ts";
import { constraint, invalid } from "./errors.ts";

type Obj = Record<string, unknown>;

const CONTENT_MEMBERS = new Set([
  "text",
  "image",
  "document",
  "video",
  "audio",
  "toolUse",
  "toolResult",
  "guardContent",
  "cachePoint",
  "reasoningContent",
  "citationsContent",
  "searchResult",
]);
const IMAGE_FORMATS = ["png", "jpeg", "gif", "webp"];
const DOC_FORMATS = ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"];
/** At most this many cache points per request. */
export const MAX_CACHE_POINTS = 4;

/** Validation helper. */
export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validation helper. */
export function union(v: unknown, path: string, allowed: ReadonlySet<string>): string {
  if (!isObj(v)) throw constraint(path, v, "Member must be a structure");
  const keys = Object.keys(v).filter((k) => v[k] !== null && v[k] !== undefined);
  if (keys.length !== 1) {
    throw invalid(`${path} must set exactly one member, got ${keys.length} (${keys.join(", ")}).`);
  }
  const key = keys[0]!;
  if (!allowed.has(key)) throw invalid(`${path} has an unknown member '${key}'.`);
  return key;
}

/** Validation helper. */
export function str(v: unknown, path: string): string {
  if (typeof v !== "string" || v.length === 0) {
    throw constraint(path, v, "Member must not be null or empty");
  }
  return v;
}

/** Validation helper. */
export function base64(v: unknown, path: string): void {
  if (typeof v !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw invalid(`Invalid base64 in ${path}: the value is not valid base64-encoded data.`);
  }
  fromBase64(v);
}

/** Validation helper. */
export function oneOf(v: unknown, path: string, values: readonly string[]): void {
  if (typeof v !== "string" || !values.includes(v)) {
    throw constraint(path, v, `Member must satisfy enum value set: [${values.join(", ")}]`);
  }
}

/** Validation helper. */
export function range(v: unknown, path: string, min: number, max: number, integer: boolean): void {
  if (v === undefined) return;
  if (typeof v !== "number" || (integer && !Number.isInteger(v))) {
    throw constraint(path, v, `Member must be ${integer ? "an integer" : "a number"}`);
  }
  if (v < min) throw constraint(path, v, `Member must have value greater than or equal to ${min}`);
  if (v > max) throw constraint(path, v, `Member must have value less than or equal to ${max}`);
}

/** Checks a reasoning signature the emulator issued. */
export type SignatureCheck = (text: string, signature: string) => boolean;

/** Validation helper. */
export function checkSource(src: unknown, path: string, members: ReadonlySet<string>): void {
  const kind = union(src, path, members);
  const s = src as Obj;
  if (kind === "bytes") base64(s.bytes, `${path}.bytes`);
  if (kind === "s3Location") str((s.s3Location as Obj | undefined)?.uri, `${path}.s3Location.uri`);
}

/** Validation helper. */
export function checkBlock(
  block: unknown,
  path: string,
  role: string,
  check: SignatureCheck,
  seen: { tool: boolean; cache: number },
): void {
  const kind = union(block, path, CONTENT_MEMBERS);
  const v = (block as Obj)[kind];
  const at = `${path}.${kind}`;
  switch (kind) {
    case "text":
      if (typeof v !== "string") throw constraint(at, v, "Member must be a string");
      break;
    case "image": {
      const img = isObj(v) ? v : {};
      oneOf(img.format, `${at}.format`, IMAGE_FORMATS);
      checkSource(img.source, `${at}.source`, new Set(["bytes", "s3Location"]));
      break;
    }
    case "document": {
      const doc = isObj(v) ? v : {};
      if (doc.format !== undefined) oneOf(doc.format, `${at}.format`, DOC_FORMATS);
      str(doc.name, `${at}.name`);
      checkSource(doc.source, `${at}.source`, new Set(["bytes", "s3Location", "text", "content"]));
      break;
    }
    case "video":
    case "audio":
      checkSource(
        isObj(v) ? v.source : undefined,
        `${at}.source`,
        new Set(["bytes", "s3Location"]),
      );
      break;
    case "toolUse": {
      if (role !== "assistant") throw invalid(`${at} is only allowed in an assistant message.`);
      const t = isObj(v) ? v : {};
      str(t.toolUseId, `${at}.toolUseId`);
      str(t.name, `${at}.name`);
      if (!("input" in t)) throw constraint(`${at}.input`, undefined, "Member must not be null");
      seen.tool = true;
      break;
    }
    case "toolResult": {
      if (role !== "user") throw invalid(`${at} is only allowed in a user message.`);
      const t = isObj(v) ? v : {};
      str(t.toolUseId, `${at}.toolUseId`);
      if (!Array.isArray(t.content)) {
        throw constraint(`${at}.content`, t.content, "Member must not be null");
      }
      if (t.status !== undefined) oneOf(t.status, `${at}.status`, ["success", "error"]);
      seen.tool = true;
      break;
    }
    case "cachePoint":
      oneOf(isObj(v) ? v.type : undefined, `${at}.type`, ["default"]);
      seen.cache++;
      break;
    case "reasoningContent": {
      const kindR = union(v, at, new Set(["reasoningText", "redactedContent"]));
      if (kindR === "redactedContent") base64((v as Obj).redactedContent, `${at}.redactedContent`);
      else {
        const r = (v as Obj).reasoningText;
        const rt = isObj(r) ? r : {};
        if (typeof rt.text !== "string") {
          throw constraint(`${at}.reasoningText.text`, rt.text, "Member must not be null");
        }
        if (typeof rt.signature === "string" && !check(rt.text, rt.signature)) {
          throw invalid(
            `${at}.reasoningText.signature: Invalid signature in reasoning block; reasoning blocks must be sent back exactly as received.`,
          );
        }
      }
      break;
    }
  }
}

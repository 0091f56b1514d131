/**
 * One friendly part → one Converse content block (pure; the input is never mutated).
 *
 * @module
 */
import type { ContentBlock, DocumentBlock, ToolResultContentBlock } from "../runtime/types.ts";
import { inferFormat, type MediaKind, type MediaSource, resolveMedia } from "./media.ts";
import { box, invalid, put } from "./_util.ts";
import { cachePoint } from "./cache.ts";
import { mistralToolId } from "./family.ts";
import type { DocumentPart, FriendlyPart, ImagePart, Part } from "./types.ts";

/** Conversion state shared by the parts of one conversation. */
export interface PartContext {
  /** Documents seen so far (for default names). */
  documents: number;
  /** Rewrite tool-call ids to Mistral's 9-character form. */
  mistralIds: boolean;
  /** Tool names used by toolUse blocks. */
  toolNames: Set<string>;
  /** Whether any toolUse/toolResult block was seen. */
  toolBlocks: boolean;
}

/** Whether a value is a friendly part (has a string `type`) rather than a raw Converse block. */
export function isFriendly(part: unknown): part is FriendlyPart {
  return typeof part === "object" && part !== null &&
    typeof (part as { type?: unknown }).type === "string" &&
    !("toolUse" in part) && !("toolResult" in part);
}

function media(
  kind: MediaKind,
  part: Omit<ImagePart, "type">,
  path: string,
  name?: string,
): { format: string; source: MediaSource } {
  const r = resolveMedia(part.data, path, part.bucketOwner);
  const format = inferFormat(kind, {
    format: part.format,
    mimeType: part.mimeType ?? r.mimeType,
    name: name ?? r.name,
    bytes: (r.source as { bytes?: Uint8Array }).bytes,
  }, path);
  return { format, source: r.source };
}

function document(part: DocumentPart, path: string, ctx: PartContext): DocumentBlock {
  const rawName = part.name, n = ++ctx.documents;
  // The name without its extension (a leading dot is no extension), in Bedrock's character set.
  const name = (rawName?.replace(/(.)\.[^.]*$/s, "$1") ?? `document-${n}`)
    .replace(/[^a-zA-Z0-9\s\-()[\]]/g, "-").replace(/\s+/g, " ").trim() || "document";
  let block: DocumentBlock;
  if (part.text !== undefined) {
    block = put({ name, source: { text: part.text } }, "format", part.format);
  } else {
    if (part.data === undefined) invalid(`${path}.data`, "a document needs data or text");
    const { format, source } = media("document", part as Omit<ImagePart, "type">, path, rawName);
    block = { format, name, source };
  }
  return put(put(block, "context", part.context), "citations", box("enabled", part.citations));
}

function toolResultContent(
  content: unknown,
  path: string,
  ctx: PartContext,
): ToolResultContentBlock[] {
  if (typeof content === "string") return [{ text: content }];
  if (content == null) return [{ json: {} }];
  if (Array.isArray(content)) {
    if (content.length > 0 && content.every(isResultPart)) {
      return content.map((p, i) => partToBlock(p, `${path}[${i}]`, ctx, "tool"))
        .filter(Boolean) as ToolResultContentBlock[];
    }
  } else if (typeof content === "object" && !(content instanceof Uint8Array)) {
    return [{ json: content as Record<string, never> }];
  }
  return [{ text: JSON.stringify(content) ?? String(content) }];
}

const RESULT_TYPES = new Set(["text", "image", "document", "video", "search-result"]);
const RAW_RESULT_KEYS = new Set(["text", "json", "image", "document", "video", "searchResult"]);

function isResultPart(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  const t = (v as { type?: unknown }).type;
  if (typeof t === "string") return RESULT_TYPES.has(t);
  const keys = Object.keys(v);
  return keys.length === 1 && RAW_RESULT_KEYS.has(keys[0]!);
}

function toolId(ctx: PartContext, id: string): string {
  return ctx.mistralIds ? mistralToolId(id) : id;
}

/**
 * Converts one part to a Converse block; `undefined` for blank text (dropped). Throws
 * {@linkcode BedrockInputError} naming the field for parts the role cannot carry or media whose
 * format cannot be told.
 *
 * @example
 * ```ts
 * import { partToBlock } from "@bedrock-fetch/core/chat";
 * const ctx = { documents: 0, mistralIds: false, toolNames: new Set<string>(), toolBlocks: false };
 * partToBlock({ type: "text", text: "hi" }, "messages[0].content[0]", ctx, "user"); // { text: "hi" }
 * ```
 */
export function partToBlock(
  part: Part,
  path: string,
  ctx: PartContext,
  role: string,
): ContentBlock | undefined {
  if (!isFriendly(part)) {
    if (typeof part !== "object" || part === null || Object.keys(part).length === 0) {
      invalid(path, "must be a part with a type or a Converse block");
    }
    if ("text" in part && typeof part.text === "string" && part.text.trim() === "") {
      return undefined;
    }
    const key = "toolUse" in part ? "toolUse" : "toolResult" in part ? "toolResult" : "";
    if (key !== "") {
      const t = (part as Record<string, { toolUseId: string; name: string }>)[key]!;
      ctx.toolBlocks = true;
      if (key === "toolUse") ctx.toolNames.add(t.name);
      if (ctx.mistralIds) {
        return { [key]: { ...t, toolUseId: mistralToolId(t.toolUseId) } } as ContentBlock;
      }
    }
    return part;
  }
  const t = part.type;
  switch (part.type) {
    case "text":
      return part.text.trim() === "" ? undefined : { text: part.text };
    case "image":
    case "video":
    case "audio":
      return { [t]: media(part.type, part, path) } as ContentBlock;
    case "document":
      return { document: document(part, path, ctx) };
    case "tool-call": {
      if (role !== "assistant") {
        invalid(path, "a tool-call part belongs in an assistant message");
      }
      if (typeof part.name !== "string" || part.name === "") {
        invalid(`${path}.name`, "must be a non-empty string");
      }
      ctx.toolBlocks = true;
      ctx.toolNames.add(part.name);
      return {
        toolUse: put(
          { toolUseId: toolId(ctx, part.id), name: part.name, input: (part.input ?? {}) as never },
          "type",
          part.toolType,
        ),
      };
    }
    case "tool-result": {
      if (role !== "user" && role !== "tool") {
        invalid(path, "a tool-result part belongs in a user or tool message");
      }
      if (typeof part.id !== "string" || part.id === "") {
        invalid(`${path}.id`, "must be the tool call's id");
      }
      ctx.toolBlocks = true;
      const content = toolResultContent(part.content, `${path}.content`, ctx);
      const status = part.isError === true ? "error" : undefined;
      return { toolResult: put({ toolUseId: toolId(ctx, part.id), content }, "status", status) };
    }
    case "reasoning": {
      if (role !== "assistant") {
        invalid(path, "a reasoning part belongs in an assistant message");
      }
      if (part.redacted !== undefined) {
        return { reasoningContent: { redactedContent: part.redacted } };
      }
      if (part.text === undefined) {
        invalid(`${path}.text`, "reasoning needs text or redacted");
      }
      return {
        reasoningContent: { reasoningText: put({ text: part.text }, "signature", part.signature) },
      };
    }
    case "cache":
      return cachePoint(part.ttl);
    case "guard":
      return { guardContent: { text: put({ text: part.text }, "qualifiers", part.qualifiers) } };
    case "citations":
      return { citationsContent: { content: [{ text: part.text }], citations: part.citations } };
    case "search-result": {
      const searchResult = {
        source: part.source,
        title: part.title,
        content: part.content.map((text) => ({ text })),
      };
      return { searchResult: put(searchResult, "citations", box("enabled", part.citations)) };
    }
    default:
      invalid(`${path}.type`, `unknown part type "${t}"`);
  }
}

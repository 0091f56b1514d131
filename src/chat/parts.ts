/**
 * One friendly part → one Converse content block (pure; the input is never mutated).
 *
 * @module
 */
import { BedrockInputError } from "../errors.ts";
import type { ContentBlock, DocumentBlock, ToolResultContentBlock } from "../runtime/types.ts";
import { inferFormat, type MediaKind, resolveMedia } from "./media.ts";
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

function media(kind: MediaKind, part: Omit<ImagePart, "type">, path: string) {
  const r = resolveMedia(part.data, `${path}`, part.bucketOwner);
  const format = inferFormat(kind, {
    format: part.format,
    mimeType: part.mimeType ?? r.mimeType,
    name: r.name,
    bytes: "bytes" in r.source ? r.source.bytes : undefined,
  }, path);
  return { format, source: r.source };
}

function documentName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9\s\-()[\]]/g, "-").replace(/\s+/g, " ").trim();
  return clean === "" ? "document" : clean;
}

function document(part: DocumentPart, path: string, ctx: PartContext): DocumentBlock {
  ctx.documents++;
  let block: DocumentBlock;
  const rawName = part.name;
  if (part.text !== undefined) {
    block = { name: "", source: { text: part.text } };
    if (part.format !== undefined) block.format = part.format;
  } else if (part.data !== undefined) {
    const r = resolveMedia(part.data, path, part.bucketOwner);
    const format = inferFormat("document", {
      format: part.format,
      mimeType: part.mimeType ?? r.mimeType,
      name: rawName ?? r.name,
      bytes: "bytes" in r.source ? r.source.bytes : undefined,
    }, path);
    block = { format, name: "", source: r.source };
  } else {
    throw new BedrockInputError(`${path}.data`, "a document needs data or text");
  }
  let name = rawName ?? `document-${ctx.documents}`;
  const dot = name.lastIndexOf(".");
  if (rawName !== undefined && dot > 0) name = name.slice(0, dot);
  block.name = documentName(name);
  if (part.context !== undefined) block.context = part.context;
  if (part.citations !== undefined) block.citations = { enabled: part.citations };
  return block;
}

function toolResultContent(
  content: unknown,
  path: string,
  ctx: PartContext,
): ToolResultContentBlock[] {
  if (typeof content === "string") return [{ text: content }];
  if (content === undefined || content === null) return [{ json: {} }];
  if (Array.isArray(content) && content.length > 0 && content.every(isResultPart)) {
    const out: ToolResultContentBlock[] = [];
    for (let i = 0; i < content.length; i++) {
      const block = partToBlock(content[i] as Part, `${path}[${i}]`, ctx, "tool");
      if (block !== undefined) out.push(block as ToolResultContentBlock);
    }
    return out;
  }
  if (typeof content === "object" && !Array.isArray(content) && !(content instanceof Uint8Array)) {
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
  return keys.length === 1 && RAW_RESULT_KEYS.has(keys[0] as string);
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
      throw new BedrockInputError(path, "must be a part with a type or a Converse content block");
    }
    if ("text" in part && typeof part.text === "string" && part.text.trim() === "") {
      return undefined;
    }
    if ("toolUse" in part) {
      ctx.toolBlocks = true;
      ctx.toolNames.add(part.toolUse.name);
      if (ctx.mistralIds) {
        return { toolUse: { ...part.toolUse, toolUseId: mistralToolId(part.toolUse.toolUseId) } };
      }
    }
    if ("toolResult" in part) {
      ctx.toolBlocks = true;
      if (ctx.mistralIds) {
        return {
          toolResult: { ...part.toolResult, toolUseId: mistralToolId(part.toolResult.toolUseId) },
        };
      }
    }
    return part;
  }
  const t = part.type;
  switch (part.type) {
    case "text":
      return part.text.trim() === "" ? undefined : { text: part.text };
    case "image":
      return { image: media("image", part, path) };
    case "video":
      return { video: media("video", part, path) };
    case "audio":
      return { audio: media("audio", part, path) };
    case "document":
      return { document: document(part, path, ctx) };
    case "tool-call": {
      if (role !== "assistant") {
        throw new BedrockInputError(path, "a tool-call part belongs in an assistant message");
      }
      if (typeof part.name !== "string" || part.name === "") {
        throw new BedrockInputError(`${path}.name`, "must be a non-empty string");
      }
      ctx.toolBlocks = true;
      ctx.toolNames.add(part.name);
      const toolUse = {
        toolUseId: ctx.mistralIds ? mistralToolId(part.id) : part.id,
        name: part.name,
        input: (part.input ?? {}) as Record<string, never>,
      };
      return {
        toolUse: part.toolType === undefined ? toolUse : { ...toolUse, type: part.toolType },
      };
    }
    case "tool-result": {
      if (role !== "user" && role !== "tool") {
        throw new BedrockInputError(path, "a tool-result part belongs in a user or tool message");
      }
      if (typeof part.id !== "string" || part.id === "") {
        throw new BedrockInputError(`${path}.id`, "must be the tool call's id");
      }
      ctx.toolBlocks = true;
      const content = toolResultContent(part.content, `${path}.content`, ctx);
      const toolResult = { toolUseId: ctx.mistralIds ? mistralToolId(part.id) : part.id, content };
      return {
        toolResult: part.isError === true ? { ...toolResult, status: "error" } : toolResult,
      };
    }
    case "reasoning": {
      if (role !== "assistant") {
        throw new BedrockInputError(path, "a reasoning part belongs in an assistant message");
      }
      if (part.redacted !== undefined) {
        return { reasoningContent: { redactedContent: part.redacted } };
      }
      if (part.text === undefined) {
        throw new BedrockInputError(`${path}.text`, "reasoning needs text or redacted");
      }
      const reasoningText = part.signature === undefined
        ? { text: part.text }
        : { text: part.text, signature: part.signature };
      return { reasoningContent: { reasoningText } };
    }
    case "cache":
      return {
        cachePoint: part.ttl === undefined
          ? { type: "default" }
          : { type: "default", ttl: part.ttl },
      };
    case "guard": {
      const text = part.qualifiers === undefined
        ? { text: part.text }
        : { text: part.text, qualifiers: part.qualifiers };
      return { guardContent: { text } };
    }
    case "citations":
      return { citationsContent: { content: [{ text: part.text }], citations: part.citations } };
    case "search-result": {
      const searchResult = {
        source: part.source,
        title: part.title,
        content: part.content.map((text) => ({ text })),
      };
      return {
        searchResult: part.citations === undefined
          ? searchResult
          : { ...searchResult, citations: { enabled: part.citations } },
      };
    }
    default: {
      const never: never = part;
      throw new BedrockInputError(
        `${path}.type`,
        `unknown part type "${String(t ?? (never as { type?: string }).type)}"`,
      );
    }
  }
}

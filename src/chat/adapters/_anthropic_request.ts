/**
 * Converse messages → Anthropic Messages request content (text, images, documents with citations,
 * tool use and results, thinking and redacted thinking, `cache_control`).
 *
 * @module
 */
import { BedrockInputError } from "../../errors.ts";
import { toBase64 } from "../../runtime/base64.ts";
import type { ContentBlock, Message } from "../../runtime/types.ts";
import type { ToolChoiceInput } from "../tools.ts";
import { isObj, type Obj } from "./_common.ts";

function source(src: unknown, media: string, path: string): Obj {
  if (isObj(src) && src.bytes instanceof Uint8Array) {
    return { type: "base64", media_type: media, data: toBase64(src.bytes) };
  }
  if (isObj(src) && typeof src.text === "string") {
    return { type: "text", media_type: "text/plain", data: src.text };
  }
  throw new BedrockInputError(
    path,
    "Anthropic InvokeModel takes bytes or text sources, not s3:// locations",
  );
}

function block(b: ContentBlock, path: string): Obj | undefined {
  if ("text" in b) return { type: "text", text: b.text };
  if ("image" in b) {
    return { type: "image", source: source(b.image.source, `image/${b.image.format}`, path) };
  }
  if ("document" in b) {
    const d = b.document;
    const media = d.format === "pdf" ? "application/pdf" : "text/plain";
    const out: Obj = { type: "document", source: source(d.source, media, path), title: d.name };
    if (d.context !== undefined) out.context = d.context;
    if (d.citations !== undefined) out.citations = d.citations;
    return out;
  }
  if ("toolUse" in b) {
    return {
      type: "tool_use",
      id: b.toolUse.toolUseId,
      name: b.toolUse.name,
      input: b.toolUse.input,
    };
  }
  if ("toolResult" in b) {
    const r = b.toolResult;
    const content = r.content.map((c, i) =>
      "json" in c
        ? { type: "text", text: JSON.stringify(c.json) }
        : block(c as ContentBlock, `${path}.content[${i}]`)
    );
    const out: Obj = { type: "tool_result", tool_use_id: r.toolUseId, content };
    if (r.status === "error") out.is_error = true;
    return out;
  }
  if ("reasoningContent" in b) {
    const r = b.reasoningContent;
    if ("reasoningText" in r) {
      return {
        type: "thinking",
        thinking: r.reasoningText.text,
        signature: r.reasoningText.signature,
      };
    }
    if ("redactedContent" in r) {
      return { type: "redacted_thinking", data: toBase64(r.redactedContent) };
    }
  }
  if ("citationsContent" in b) {
    return {
      type: "text",
      text: (b.citationsContent.content ?? []).map((c) => ("text" in c ? c.text : "")).join(""),
    };
  }
  if ("guardContent" in b && "text" in b.guardContent) {
    return { type: "text", text: b.guardContent.text.text };
  }
  throw new BedrockInputError(
    path,
    `Anthropic InvokeModel cannot carry a ${Object.keys(b)[0]} block`,
  );
}

/** `cache_control` with an optional TTL. */
export function cacheControl(ttl: "5m" | "1h" | undefined): Obj {
  return ttl === undefined ? { type: "ephemeral" } : { type: "ephemeral", ttl };
}

/** Converse messages → Anthropic Messages (cache points become `cache_control`). */
export function nativeMessages(messages: Message[]): Obj[] {
  return messages.map((m, i) => {
    const content: Obj[] = [];
    m.content.forEach((b, j) => {
      if ("cachePoint" in b) {
        const last = content[content.length - 1];
        if (last !== undefined) {
          last.cache_control = cacheControl(b.cachePoint.ttl as "5m" | undefined);
        }
        return;
      }
      const out = block(b, `messages[${i}].content[${j}]`);
      if (out !== undefined) content.push(out);
    });
    return { role: m.role, content };
  });
}

/** A tool choice → Anthropic `tool_choice`. */
export function toolChoice(c: ToolChoiceInput): Obj {
  return typeof c === "object" ? { type: "tool", name: c.name } : { type: c };
}

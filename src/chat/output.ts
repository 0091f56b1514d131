/**
 * Converse output → friendly messages and parts (the inverse of the part conversion, so that a
 * message the model returned can be appended to the history and sent back exactly).
 *
 * @module
 */
import type { ContentBlock, Message } from "../runtime/types.ts";
import type { ChatMessage, Part } from "./types.ts";

/**
 * Converts one Converse content block to a friendly part. Blocks without a friendly form
 * (media, guard content, tool additions, unknown members) are returned unchanged.
 *
 * @example
 * ```ts
 * import { blockToPart } from "@bedrock-fetch/core/chat";
 * blockToPart({ toolUse: { toolUseId: "t1", name: "f", input: {} } }); // { type: "tool-call", id: "t1", name: "f", input: {} }
 * ```
 */
export function blockToPart(block: ContentBlock): Part {
  if ("text" in block) return { type: "text", text: block.text };
  if ("toolUse" in block) {
    const t = block.toolUse;
    const part: Part = { type: "tool-call", id: t.toolUseId, name: t.name, input: t.input };
    if (t.type !== undefined) part.toolType = t.type;
    return part;
  }
  if ("reasoningContent" in block) {
    const r = block.reasoningContent;
    if ("reasoningText" in r) {
      return r.reasoningText.signature === undefined
        ? { type: "reasoning", text: r.reasoningText.text }
        : { type: "reasoning", text: r.reasoningText.text, signature: r.reasoningText.signature };
    }
    if ("redactedContent" in r) return { type: "reasoning", redacted: r.redactedContent };
    return block;
  }
  if ("citationsContent" in block) {
    const c = block.citationsContent;
    let text = "";
    for (const g of c.content ?? []) if ("text" in g) text += g.text;
    return { type: "citations", text, citations: c.citations ?? [] };
  }
  if ("cachePoint" in block) {
    const ttl = block.cachePoint.ttl;
    return ttl === undefined ? { type: "cache" } : { type: "cache", ttl };
  }
  return block;
}

/**
 * Converts a Converse message to a friendly message.
 *
 * @example
 * ```ts
 * import { fromConverseMessage } from "@bedrock-fetch/core/chat";
 * fromConverseMessage({ role: "assistant", content: [{ text: "Hi" }] }).content; // [{ type: "text", text: "Hi" }]
 * ```
 */
export function fromConverseMessage(message: Message): ChatMessage {
  const role = message.role === "user" ? "user" : "assistant";
  return { role, content: message.content.map(blockToPart) };
}

/**
 * The concatenated text blocks (and citation text) of a Converse message.
 *
 * @example
 * ```ts
 * import { messageText } from "@bedrock-fetch/core/chat";
 * messageText({ role: "assistant", content: [{ text: "a" }, { text: "b" }] }); // "ab"
 * ```
 */
export function messageText(message: Message | undefined): string {
  let out = "";
  for (const block of message?.content ?? []) {
    if ("text" in block) out += block.text;
    else if ("citationsContent" in block) {
      for (const g of block.citationsContent.content ?? []) if ("text" in g) out += g.text;
    }
  }
  return out;
}

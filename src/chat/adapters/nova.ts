/**
 * Amazon Nova on InvokeModel (`schemaVersion: "messages-v1"`).
 *
 * @module
 */
import { BedrockInputError } from "../../errors.ts";
import { toBase64 } from "../../runtime/base64.ts";
import type { ContentBlock, Message } from "../../runtime/types.ts";
import {
  blocksText,
  converse,
  type InvokeAdapter,
  type InvokeChatOptions,
  type InvokeEvent,
  isObj,
  type Obj,
  sampling,
} from "./_common.ts";

/** Options of the Nova adapter. */
export interface NovaOptions extends InvokeChatOptions {
  /** top_k. */
  topK?: number;
  /** Nova 2 reasoning: `{ type: "enabled", maxReasoningEffort }`. */
  reasoningConfig?: Record<string, unknown>;
}

function media(kind: string, b: { format: string; source: unknown }, path: string): Obj {
  const s = b.source;
  if (isObj(s) && s.bytes instanceof Uint8Array) {
    return { [kind]: { format: b.format, source: { bytes: toBase64(s.bytes) } } };
  }
  if (isObj(s) && isObj(s.s3Location)) {
    return { [kind]: { format: b.format, source: { s3Location: s.s3Location } } };
  }
  throw new BedrockInputError(path, `a Nova ${kind} needs bytes or an s3:// location`);
}

function content(blocks: ContentBlock[], path: string): Obj[] {
  const out: Obj[] = [];
  blocks.forEach((b, j) => {
    const p = `${path}[${j}]`;
    if ("image" in b) out.push(media("image", b.image, p));
    else if ("video" in b) out.push(media("video", b.video, p));
    else if ("cachePoint" in b) out.push({ cachePoint: { type: "default" } });
    else {
      const text = blocksText([b]);
      if (text !== "") out.push({ text });
    }
  });
  return out;
}

/**
 * The Amazon Nova adapter.
 *
 * @example
 * ```ts
 * import { nova } from "@bedrock-fetch/core/chat";
 * nova.body({ model: "amazon.nova-lite-v1:0", messages: ["Hi"] }).schemaVersion; // "messages-v1"
 * ```
 */
export const nova: InvokeAdapter<NovaOptions> = {
  body(o) {
    const { system, messages } = converse(o);
    const body: Obj = {
      schemaVersion: "messages-v1",
      messages: messages.map((m, i) => ({
        role: m.role,
        content: content(m.content, `messages[${i}].content`),
      })),
    };
    if (system !== "") body.system = [{ text: system }];
    const config = sampling(o, {
      maxTokens: "maxTokens",
      temperature: "temperature",
      topP: "topP",
      stopSequences: "stopSequences",
    });
    if (o.topK !== undefined) config.topK = o.topK;
    if (Object.keys(config).length > 0) body.inferenceConfig = config;
    if (o.reasoningConfig !== undefined) body.reasoningConfig = o.reasoningConfig;
    return body;
  },
  parse(raw) {
    const b = isObj(raw) ? raw : {};
    const m = isObj(b.output) && isObj(b.output.message) ? b.output.message : {};
    const message: Message = {
      role: "assistant",
      content: (Array.isArray(m.content) ? m.content : []) as ContentBlock[],
    };
    const u = isObj(b.usage) ? b.usage : {};
    return {
      text: blocksText(message.content),
      stopReason: String(b.stopReason),
      usage: { inputTokens: Number(u.inputTokens), outputTokens: Number(u.outputTokens) },
      message,
      raw,
    };
  },
  chunks: () => (chunk) => {
    if (!isObj(chunk)) return [];
    const out: InvokeEvent[] = [];
    const d = isObj(chunk.contentBlockDelta) && isObj(chunk.contentBlockDelta.delta)
      ? chunk.contentBlockDelta.delta
      : undefined;
    if (d !== undefined && typeof d.text === "string") out.push({ type: "text", text: d.text });
    if (
      d !== undefined && isObj(d.reasoningContent) && typeof d.reasoningContent.text === "string"
    ) {
      out.push({ type: "reasoning", text: d.reasoningContent.text });
    }
    if (isObj(chunk.messageStop)) {
      const r = String(chunk.messageStop.stopReason);
      out.push({ type: "stop", stopReason: r, raw: r });
    }
    if (isObj(chunk.metadata) && isObj(chunk.metadata.usage)) {
      const u = chunk.metadata.usage;
      out.push({
        type: "usage",
        inputTokens: Number(u.inputTokens),
        outputTokens: Number(u.outputTokens),
      });
    }
    return out;
  },
};

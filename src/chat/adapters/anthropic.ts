/**
 * Anthropic Messages on InvokeModel: tools, thinking, caching (`cache_control`), documents with
 * citations, betas (`anthropic_beta`); native responses and stream events.
 *
 * @module
 */
import type { Citation, ContentBlock, Message } from "../../runtime/types.ts";
import { cacheControl, nativeMessages, toolChoice } from "./_anthropic_request.ts";
import { toJsonSchema } from "../schema.ts";
import type { ToolChoiceInput, ToolDefinition } from "../tools.ts";
import {
  converse,
  type InvokeAdapter,
  type InvokeChatOptions,
  type InvokeEvent,
  isObj,
  type Obj,
  sampling,
  stop,
} from "./_common.ts";

/** Options of the Anthropic adapter. */
export interface AnthropicOptions extends InvokeChatOptions {
  /** Tools. */
  tools?: readonly ToolDefinition[];
  /** Tool choice. */
  toolChoice?: ToolChoiceInput;
  /** Extended thinking budget (`thinking: { type: "enabled", budget_tokens }`). */
  thinkingBudget?: number;
  /** Beta flags (`anthropic_beta`). */
  betas?: string[];
  /** Cache the system prompt and the tools (`cache_control: { type: "ephemeral" }`). */
  cache?: { system?: boolean; tools?: boolean; ttl?: "5m" | "1h" };
  /** top_k. */
  topK?: number;
}

const STOP: Record<string, string> = { refusal: "content_filtered" };

/** An Anthropic citation → a Converse citation (document title, cited text, location). */
function citation(c: unknown): Citation {
  const o = isObj(c) ? c : {};
  const out: Citation = {};
  if (typeof o.document_title === "string") out.title = o.document_title;
  if (typeof o.cited_text === "string") out.sourceContent = [{ text: o.cited_text }];
  const documentIndex = Number(o.document_index ?? 0);
  if (o.type === "char_location") {
    out.location = {
      documentChar: {
        documentIndex,
        start: Number(o.start_char_index),
        end: Number(o.end_char_index),
      },
    };
  } else if (o.type === "page_location") {
    out.location = {
      documentPage: {
        documentIndex,
        start: Number(o.start_page_number),
        end: Number(o.end_page_number),
      },
    };
  } else if (o.type === "content_block_location") {
    out.location = {
      documentChunk: {
        documentIndex,
        start: Number(o.start_block_index),
        end: Number(o.end_block_index),
      },
    };
  }
  return out;
}

function toMessage(content: unknown[]): Message {
  const blocks: ContentBlock[] = [];
  for (const c of content) {
    if (!isObj(c)) continue;
    if (c.type === "text" && Array.isArray(c.citations)) {
      blocks.push({
        citationsContent: {
          content: [{ text: String(c.text) }],
          citations: c.citations.map(citation),
        },
      });
    } else if (c.type === "text") blocks.push({ text: String(c.text) });
    else if (c.type === "tool_use") {
      blocks.push({
        toolUse: { toolUseId: String(c.id), name: String(c.name), input: (c.input ?? {}) as never },
      });
    } else if (c.type === "thinking") {
      const reasoningText = c.signature === undefined
        ? { text: String(c.thinking) }
        : { text: String(c.thinking), signature: String(c.signature) };
      blocks.push({ reasoningContent: { reasoningText } });
    }
  }
  return { role: "assistant", content: blocks };
}

/**
 * The Anthropic Messages adapter.
 *
 * @example
 * ```ts
 * import { anthropic } from "@bedrock-fetch/core/chat";
 * anthropic.body({ model: "anthropic.claude-3-5-haiku-20241022-v1:0", messages: ["Hi"], maxTokens: 64 }).anthropic_version; // "bedrock-2023-05-31"
 * ```
 */
export const anthropic: InvokeAdapter<AnthropicOptions> = {
  body(o) {
    const { system, messages } = converse(o);
    const body: Obj = {
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: o.maxTokens ?? 1024,
      messages: nativeMessages(messages),
      ...sampling(o, {
        temperature: "temperature",
        topP: "top_p",
        stopSequences: "stop_sequences",
      }),
    };
    if (o.topK !== undefined) body.top_k = o.topK;
    if (system !== "") {
      body.system = o.cache?.system === true
        ? [{ type: "text", text: system, cache_control: cacheControl(o.cache.ttl) }]
        : system;
    }
    if (o.tools !== undefined && o.tools.length > 0) {
      const tools: Obj[] = o.tools.map((t, i) => {
        const out: Obj = { name: t.name, input_schema: toJsonSchema(t.input, `tools[${i}].input`) };
        if (t.description !== undefined) out.description = t.description;
        return out;
      });
      if (o.cache?.tools === true) {
        (tools[tools.length - 1] as Obj).cache_control = cacheControl(o.cache.ttl);
      }
      body.tools = tools;
      if (o.toolChoice !== undefined) body.tool_choice = toolChoice(o.toolChoice);
    }
    if (o.thinkingBudget !== undefined) {
      body.thinking = { type: "enabled", budget_tokens: o.thinkingBudget };
    }
    if (o.betas !== undefined) body.anthropic_beta = o.betas;
    return body;
  },
  parse(raw) {
    const body = isObj(raw) ? raw : {};
    const message = toMessage(Array.isArray(body.content) ? body.content : []);
    const usage = isObj(body.usage) ? body.usage : {};
    let text = "";
    for (const b of message.content) {
      if ("text" in b) text += b.text;
      else if ("citationsContent" in b) {
        text += (b.citationsContent.content?.[0] as { text: string }).text;
      }
    }
    return {
      text,
      stopReason: stop(body.stop_reason, STOP).stopReason,
      usage: { inputTokens: Number(usage.input_tokens), outputTokens: Number(usage.output_tokens) },
      message,
      raw,
    };
  },
  chunks() {
    const tools = new Map<number, { id: string; name: string; json: string[] }>();
    let inputTokens: number | undefined;
    return (chunk) => {
      if (!isObj(chunk)) return [];
      const index = Number(chunk.index);
      switch (chunk.type) {
        case "message_start": {
          const u = isObj(chunk.message) && isObj(chunk.message.usage) ? chunk.message.usage : {};
          inputTokens = typeof u.input_tokens === "number" ? u.input_tokens : undefined;
          return [];
        }
        case "content_block_start": {
          const b = chunk.content_block;
          if (isObj(b) && b.type === "tool_use") {
            tools.set(index, { id: String(b.id), name: String(b.name), json: [] });
          }
          return [];
        }
        case "content_block_delta": {
          const d = isObj(chunk.delta) ? chunk.delta : {};
          if (d.type === "text_delta") return [{ type: "text", text: String(d.text) }];
          if (d.type === "thinking_delta") return [{ type: "reasoning", text: String(d.thinking) }];
          if (d.type === "signature_delta") {
            return [{ type: "reasoning-signature", signature: String(d.signature) }];
          }
          if (d.type === "citations_delta") return [{ type: "citation", citation: d.citation }];
          if (d.type === "input_json_delta") tools.get(index)?.json.push(String(d.partial_json));
          return [];
        }
        case "content_block_stop": {
          const t = tools.get(index);
          if (t === undefined) return [];
          const json = t.json.join("");
          return [{
            type: "tool-call",
            id: t.id,
            name: t.name,
            input: json === "" ? {} : JSON.parse(json),
          }];
        }
        case "message_delta": {
          const out: InvokeEvent[] = [];
          const u = isObj(chunk.usage) ? chunk.usage : {};
          out.push({
            type: "usage",
            ...(inputTokens === undefined ? {} : { inputTokens }),
            outputTokens: Number(u.output_tokens),
          });
          if (isObj(chunk.delta) && chunk.delta.stop_reason != null) {
            out.push(stop(chunk.delta.stop_reason, STOP));
          }
          return out;
        }
        default:
          return [];
      }
    };
  },
};

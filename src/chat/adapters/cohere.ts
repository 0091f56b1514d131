/**
 * Cohere Command R / R+ on InvokeModel (`message`, `chat_history`, `preamble`).
 *
 * @module
 */
import {
  blocksText,
  converse,
  invocationMetrics,
  type InvokeAdapter,
  type InvokeChatOptions,
  type InvokeEvent,
  isObj,
  sampling,
  stop,
} from "./_common.ts";

const STOP: Record<string, string> = {
  COMPLETE: "end_turn",
  MAX_TOKENS: "max_tokens",
  STOP_SEQUENCE: "stop_sequence",
  ERROR_TOXIC: "content_filtered",
};

/**
 * The Cohere Command R adapter.
 *
 * @example
 * ```ts
 * import { cohere } from "@bedrock-fetch/core/chat";
 * cohere.body({ model: "cohere.command-r-v1:0", messages: ["Hi"] }).message; // "Hi"
 * ```
 */
export const cohere: InvokeAdapter = {
  body(o: InvokeChatOptions) {
    const { system, messages } = converse(o);
    const last = messages[messages.length - 1];
    const history = (last?.role === "user" ? messages.slice(0, -1) : messages).map((m) => ({
      role: m.role === "user" ? "USER" : "CHATBOT",
      message: blocksText(m.content),
    }));
    const body: Record<string, unknown> = {
      message: last?.role === "user" ? blocksText(last.content) : "",
      ...sampling(o, {
        maxTokens: "max_tokens",
        temperature: "temperature",
        topP: "p",
        stopSequences: "stop_sequences",
      }),
    };
    if (history.length > 0) body.chat_history = history;
    if (system !== "") body.preamble = system;
    return body;
  },
  parse(raw) {
    const b = isObj(raw) ? raw : {};
    return {
      text: String(b.text ?? ""),
      stopReason: stop(b.finish_reason, STOP).stopReason,
      usage: {},
      raw,
    };
  },
  chunks: () => (chunk) => {
    if (!isObj(chunk)) return [];
    const out: InvokeEvent[] = [];
    if (chunk.event_type === "text-generation" && typeof chunk.text === "string") {
      out.push({ type: "text", text: chunk.text });
    }
    if (chunk.is_finished === true && chunk.finish_reason != null) {
      out.push(stop(chunk.finish_reason, STOP));
    }
    const m = invocationMetrics(chunk);
    if (m !== undefined) out.push(m);
    return out;
  },
};

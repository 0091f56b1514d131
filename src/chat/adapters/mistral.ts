/**
 * Mistral on InvokeModel: the `[INST]` prompt format (Mistral 7B, Mixtral, Large 2402) and the chat
 * format (Mistral Large 2407 and later, Pixtral).
 *
 * @module
 */
import { chatChunk, chatMessages, parseChat } from "./_chat_completions.ts";
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
import { FINISH } from "./_chat_completions.ts";

/** Options of the Mistral adapter. */
export interface MistralOptions extends InvokeChatOptions {
  /** `prompt` (`[INST]`) or `chat`; chosen from the model id when absent. */
  format?: "prompt" | "chat";
  /** top_k (prompt format). */
  topK?: number;
}

function isChat(o: MistralOptions): boolean {
  return o.format === undefined
    ? /mistral-large-2[4-9]\d\d|pixtral|mistral-large-3/.test(o.model)
    : o.format === "chat";
}

/**
 * The Mistral adapter.
 *
 * @example
 * ```ts
 * import { mistral } from "@bedrock-fetch/core/chat";
 * mistral.body({ model: "mistral.mistral-7b-instruct-v0:2", messages: ["Hi"] }).prompt; // "<s>[INST] Hi [/INST]"
 * ```
 */
export const mistral: InvokeAdapter<MistralOptions> = {
  body(o) {
    const { system, messages } = converse(o);
    if (isChat(o)) {
      return {
        messages: chatMessages(system, messages),
        ...sampling(o, { maxTokens: "max_tokens", temperature: "temperature", topP: "top_p" }),
      };
    }
    let prompt = "<s>";
    let pendingSystem = system;
    for (const m of messages) {
      const text = blocksText(m.content);
      if (m.role === "user") {
        prompt += `[INST] ${pendingSystem === "" ? "" : `${pendingSystem}\n\n`}${text} [/INST]`;
        pendingSystem = "";
      } else prompt += ` ${text}</s>`;
    }
    const body: Record<string, unknown> = {
      prompt,
      ...sampling(o, {
        maxTokens: "max_tokens",
        temperature: "temperature",
        topP: "top_p",
        stopSequences: "stop",
      }),
    };
    if (o.topK !== undefined) body.top_k = o.topK;
    return body;
  },
  parse(raw) {
    const outputs = isObj(raw) && Array.isArray(raw.outputs) ? raw.outputs : undefined;
    if (outputs === undefined) return parseChat(raw);
    const first = isObj(outputs[0]) ? outputs[0] : {};
    return {
      text: String(first.text ?? ""),
      stopReason: stop(first.stop_reason, FINISH).stopReason,
      usage: {},
      raw,
    };
  },
  chunks: () => (chunk) => {
    if (!isObj(chunk) || !Array.isArray(chunk.outputs)) return chatChunk(chunk);
    const out: InvokeEvent[] = [];
    const first = isObj(chunk.outputs[0]) ? chunk.outputs[0] : {};
    if (typeof first.text === "string" && first.text !== "") {
      out.push({ type: "text", text: first.text });
    }
    if (first.stop_reason != null) out.push(stop(first.stop_reason, FINISH));
    const m = invocationMetrics(chunk);
    if (m !== undefined) out.push(m);
    return out;
  },
};

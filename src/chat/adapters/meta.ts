/**
 * Meta Llama 3+ on InvokeModel: the Llama 3 chat template as `prompt`.
 *
 * @module
 */
import {
  blocksText,
  converse,
  type InvokeAdapter,
  type InvokeChatOptions,
  type InvokeEvent,
  isObj,
  sampling,
  stop,
} from "./_common.ts";

const STOP: Record<string, string> = { stop: "end_turn", length: "max_tokens" };

/**
 * The Meta Llama adapter.
 *
 * @example
 * ```ts
 * import { meta } from "@bedrock-fetch/core/chat";
 * String(meta.body({ model: "meta.llama3-8b-instruct-v1:0", messages: ["Hi"] }).prompt).startsWith("<|begin_of_text|>"); // true
 * ```
 */
export const meta: InvokeAdapter = {
  body(o: InvokeChatOptions) {
    const { system, messages } = converse(o);
    const turn = (role: string, text: string) =>
      `<|start_header_id|>${role}<|end_header_id|>\n\n${text}<|eot_id|>`;
    let prompt = "<|begin_of_text|>";
    if (system !== "") prompt += turn("system", system);
    for (const m of messages) prompt += turn(m.role, blocksText(m.content));
    prompt += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return {
      prompt,
      ...sampling(o, { maxTokens: "max_gen_len", temperature: "temperature", topP: "top_p" }),
    };
  },
  parse(raw) {
    const b = isObj(raw) ? raw : {};
    return {
      text: String(b.generation ?? ""),
      stopReason: stop(b.stop_reason, STOP).stopReason,
      usage: {
        inputTokens: Number(b.prompt_token_count),
        outputTokens: Number(b.generation_token_count),
      },
      raw,
    };
  },
  chunks() {
    let input: number | undefined;
    return (chunk) => {
      if (!isObj(chunk)) return [];
      const out: InvokeEvent[] = [];
      if (typeof chunk.prompt_token_count === "number") input = chunk.prompt_token_count;
      if (typeof chunk.generation === "string" && chunk.generation !== "") {
        out.push({ type: "text", text: chunk.generation });
      }
      if (chunk.stop_reason != null) {
        out.push(stop(chunk.stop_reason, STOP));
        const usage: InvokeEvent = {
          type: "usage",
          outputTokens: Number(chunk.generation_token_count),
        };
        if (input !== undefined) usage.inputTokens = input;
        out.push(usage);
      }
      return out;
    };
  },
};

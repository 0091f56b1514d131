/**
 * OpenAI gpt-oss on InvokeModel (chat completions with `reasoning_effort`).
 *
 * @module
 */
import { chatChunk, chatMessages, parseChat } from "./_chat_completions.ts";
import { converse, type InvokeAdapter, type InvokeChatOptions, sampling } from "./_common.ts";

/** Options of the OpenAI adapter. */
export interface OpenAIOptions extends InvokeChatOptions {
  /** `low`, `medium` or `high`. */
  reasoningEffort?: string;
}

/**
 * The OpenAI gpt-oss adapter.
 *
 * @example
 * ```ts
 * import { openai } from "@bedrock-fetch/core/chat";
 * openai.body({ model: "openai.gpt-oss-20b-1:0", messages: ["Hi"] }).messages; // [{ role: "user", content: "Hi" }]
 * ```
 */
export const openai: InvokeAdapter<OpenAIOptions> = {
  body(o) {
    const { system, messages } = converse(o);
    const body: Record<string, unknown> = {
      messages: chatMessages(system, messages),
      ...sampling(o, {
        maxTokens: "max_completion_tokens",
        temperature: "temperature",
        topP: "top_p",
        stopSequences: "stop",
      }),
    };
    if (o.reasoningEffort !== undefined) body.reasoning_effort = o.reasoningEffort;
    return body;
  },
  parse: parseChat,
  chunks: () => chatChunk,
};

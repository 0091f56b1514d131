/**
 * Amazon Titan Text on InvokeModel (`inputText` with a `User:`/`Bot:` transcript).
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
  FINISH: "end_turn",
  LENGTH: "max_tokens",
  STOP_CRITERIA_MET: "stop_sequence",
  CONTENT_FILTERED: "content_filtered",
};

/**
 * The Amazon Titan Text adapter.
 *
 * @example
 * ```ts
 * import { titan } from "@bedrock-fetch/core/chat";
 * titan.body({ model: "amazon.titan-text-express-v1", messages: ["Hi"] }).inputText; // "User: Hi\nBot:"
 * ```
 */
export const titan: InvokeAdapter = {
  body(o: InvokeChatOptions) {
    const { system, messages } = converse(o);
    const lines = system === "" ? [] : [system];
    for (const m of messages) {
      lines.push(`${m.role === "user" ? "User" : "Bot"}: ${blocksText(m.content)}`);
    }
    lines.push("Bot:");
    const config = sampling(o, {
      maxTokens: "maxTokenCount",
      temperature: "temperature",
      topP: "topP",
      stopSequences: "stopSequences",
    });
    return Object.keys(config).length === 0
      ? { inputText: lines.join("\n") }
      : { inputText: lines.join("\n"), textGenerationConfig: config };
  },
  parse(raw) {
    const b = isObj(raw) ? raw : {};
    const r = Array.isArray(b.results) && isObj(b.results[0]) ? b.results[0] : {};
    return {
      text: String(r.outputText ?? ""),
      stopReason: stop(r.completionReason, STOP).stopReason,
      usage: { inputTokens: Number(b.inputTextTokenCount), outputTokens: Number(r.tokenCount) },
      raw,
    };
  },
  chunks: () => (chunk) => {
    if (!isObj(chunk)) return [];
    const out: InvokeEvent[] = [];
    if (typeof chunk.outputText === "string" && chunk.outputText !== "") {
      out.push({ type: "text", text: chunk.outputText });
    }
    if (chunk.completionReason != null) out.push(stop(chunk.completionReason, STOP));
    const m = invocationMetrics(chunk);
    if (m !== undefined) out.push(m);
    return out;
  },
};

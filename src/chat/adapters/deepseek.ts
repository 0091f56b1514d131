/**
 * DeepSeek R1 on InvokeModel: the DeepSeek prompt template, with `<think>…</think>` output split
 * into reasoning and text.
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

const STOP: Record<string, string> = { stop: "end_turn", length: "max_tokens" };
const OPEN = "<think>", CLOSE = "</think>";

/** Splits streamed text on `<think>`/`</think>`, holding back a possible partial tag. */
function thinkSplitter(): (text: string) => InvokeEvent[] {
  let thinking = false, pending = "", started = false;
  return (text) => {
    let s = pending + text;
    pending = "";
    const out: InvokeEvent[] = [];
    if (!started) {
      const t = s.trimStart();
      if (t.length < OPEN.length && OPEN.startsWith(t)) return (pending = s, out);
      started = true;
      if (t.startsWith(OPEN)) thinking = true, s = t.slice(OPEN.length);
    }
    while (s !== "") {
      if (!thinking) {
        out.push({ type: "text", text: s });
        break;
      }
      const end = s.indexOf(CLOSE);
      if (end >= 0) {
        if (end > 0) out.push({ type: "reasoning", text: s.slice(0, end) });
        thinking = false;
        s = s.slice(end + CLOSE.length).replace(/^\s+/, "");
        continue;
      }
      let keep = 0;
      for (let k = Math.min(CLOSE.length - 1, s.length); k > 0; k--) {
        if (CLOSE.startsWith(s.slice(-k))) {
          keep = k;
          break;
        }
      }
      if (s.length > keep) out.push({ type: "reasoning", text: s.slice(0, s.length - keep) });
      pending = s.slice(s.length - keep);
      break;
    }
    return out;
  };
}

/**
 * The DeepSeek R1 adapter.
 *
 * @example
 * ```ts
 * import { deepseek } from "@bedrock-fetch/core/chat";
 * deepseek.parse({ choices: [{ text: "<think>hmm</think>\n\n42", stop_reason: "stop" }] }).text; // "42"
 * ```
 */
export const deepseek: InvokeAdapter = {
  body(o: InvokeChatOptions) {
    const { system, messages } = converse(o);
    let prompt = `<｜begin▁of▁sentence｜>${system}`;
    for (const m of messages) {
      prompt += `${m.role === "user" ? "<｜User｜>" : "<｜Assistant｜>"}${blocksText(m.content)}`;
      if (m.role !== "user") prompt += "<｜end▁of▁sentence｜>";
    }
    prompt += "<｜Assistant｜>";
    return {
      prompt,
      ...sampling(o, {
        maxTokens: "max_tokens",
        temperature: "temperature",
        topP: "top_p",
        stopSequences: "stop",
      }),
    };
  },
  parse(raw) {
    const c = isObj(raw) && Array.isArray(raw.choices) && isObj(raw.choices[0])
      ? raw.choices[0]
      : {};
    let text = "";
    for (const e of thinkSplitter()(String(c.text ?? ""))) if (e.type === "text") text += e.text;
    return { text, stopReason: stop(c.stop_reason, STOP).stopReason, usage: {}, raw };
  },
  chunks() {
    const split = thinkSplitter();
    return (chunk) => {
      if (!isObj(chunk)) return [];
      const c = Array.isArray(chunk.choices) && isObj(chunk.choices[0]) ? chunk.choices[0] : {};
      const out = typeof c.text === "string" ? split(c.text) : [];
      if (c.stop_reason != null) out.push(stop(c.stop_reason, STOP));
      const m = invocationMetrics(chunk);
      if (m !== undefined) out.push(m);
      return out;
    };
  },
};

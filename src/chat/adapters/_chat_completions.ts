/**
 * OpenAI-style chat completions (gpt-oss, Mistral Large chat format): messages, responses and
 * stream chunks.
 *
 * @module
 */
import type { Message } from "../../runtime/types.ts";
import {
  blocksText,
  invocationMetrics,
  type InvokeEvent,
  type InvokeResult,
  isObj,
  type Obj,
  stop,
} from "./_common.ts";

/** Finish reasons → Converse stop reasons. */
export const FINISH: Record<string, string> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "content_filtered",
};

/** Converse messages → `{ role, content }` chat messages with the system first. */
export function chatMessages(system: string, messages: Message[]): Obj[] {
  const out: Obj[] = system === "" ? [] : [{ role: "system", content: system }];
  for (const m of messages) out.push({ role: m.role, content: blocksText(m.content) });
  return out;
}

function first(body: unknown): Obj {
  const c = isObj(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  return isObj(c) ? c : {};
}

/** Parses a chat completion body. */
export function parseChat(raw: unknown): InvokeResult {
  const c = first(raw);
  const m = isObj(c.message) ? c.message : {};
  const u = isObj(raw) && isObj(raw.usage) ? raw.usage : {};
  const text = typeof m.content === "string" ? m.content : typeof c.text === "string" ? c.text : "";
  return {
    text,
    stopReason: stop(c.finish_reason ?? c.stop_reason, FINISH).stopReason,
    usage: { inputTokens: Number(u.prompt_tokens), outputTokens: Number(u.completion_tokens) },
    raw,
  };
}

/** Parses one chat completion chunk (`delta`, or `message` as Mistral streams it). */
export function chatChunk(chunk: unknown): InvokeEvent[] {
  const out: InvokeEvent[] = [];
  const c = first(chunk);
  const d = isObj(c.delta) ? c.delta : isObj(c.message) ? c.message : {};
  if (typeof d.reasoning_content === "string" && d.reasoning_content !== "") {
    out.push({ type: "reasoning", text: d.reasoning_content });
  }
  const text = typeof d.content === "string" ? d.content : typeof c.text === "string" ? c.text : "";
  if (text !== "") out.push({ type: "text", text });
  const reason = c.finish_reason ?? c.stop_reason;
  if (reason != null) out.push(stop(reason, FINISH));
  if (isObj(chunk) && isObj(chunk.usage)) {
    out.push({
      type: "usage",
      inputTokens: Number(chunk.usage.prompt_tokens),
      outputTokens: Number(chunk.usage.completion_tokens),
    });
  } else if (isObj(chunk)) {
    const m = invocationMetrics(chunk);
    if (m !== undefined) out.push(m);
  }
  return out;
}

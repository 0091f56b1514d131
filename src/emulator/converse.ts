// Converse and ConverseStream outputs built from the model's reply.
import type { Reply } from "./model.ts";
import type { StreamEvent } from "./stream.ts";

type Obj = Record<string, unknown>;

/** Token usage as Converse reports it. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** Splits text into small deltas (about `size` characters, cut after whitespace when possible). */
export function pieces(text: string, size = 12): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let cut = rest.lastIndexOf(" ", size);
    if (cut <= 0) cut = size;
    else cut += 1;
    // Never split a surrogate pair across two events.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut++;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}

/** The Converse response body. */
export function converseBody(reply: Reply, usage: Usage, latencyMs: number, echo: Obj = {}): Obj {
  return {
    output: { message: { role: "assistant", content: reply.content } },
    stopReason: reply.stopReason,
    usage,
    metrics: { latencyMs },
    ...echo,
  };
}

/** The request settings Bedrock echoes in the response (`performanceConfig`, `serviceTier`). */
export function echoed(input: Obj): Obj {
  const out: Obj = {};
  if (typeof input.performanceConfig === "object" && input.performanceConfig !== null) {
    out.performanceConfig = input.performanceConfig;
  }
  if (typeof input.serviceTier === "object" && input.serviceTier !== null) {
    out.serviceTier = input.serviceTier;
  }
  return out;
}

function blockEvents(block: Obj, index: number, out: StreamEvent[]): void {
  const delta = (d: Obj) =>
    out.push({ type: "contentBlockDelta", payload: { delta: d, contentBlockIndex: index } });
  if (typeof block.text === "string") {
    for (const p of pieces(block.text)) delta({ text: p });
  } else if (typeof block.toolUse === "object" && block.toolUse !== null) {
    const t = block.toolUse as Obj;
    out.push({
      type: "contentBlockStart",
      payload: {
        start: { toolUse: { toolUseId: t.toolUseId, name: t.name } },
        contentBlockIndex: index,
      },
    });
    for (const p of pieces(JSON.stringify(t.input ?? {}), 16)) delta({ toolUse: { input: p } });
  } else if (typeof block.reasoningContent === "object" && block.reasoningContent !== null) {
    const r = (block.reasoningContent as Obj).reasoningText as Obj | undefined;
    for (const p of pieces(String(r?.text ?? ""))) delta({ reasoningContent: { text: p } });
    if (typeof r?.signature === "string") delta({ reasoningContent: { signature: r.signature } });
  } else if (typeof block.citationsContent === "object" && block.citationsContent !== null) {
    const c = block.citationsContent as Obj;
    const text = (Array.isArray(c.content) ? c.content : []).map((x) =>
      String((x as Obj).text ?? "")
    ).join("");
    for (const p of pieces(text)) delta({ text: p });
    for (const citation of Array.isArray(c.citations) ? c.citations : []) delta({ citation });
  }
  out.push({ type: "contentBlockStop", payload: { contentBlockIndex: index } });
}

/** The ConverseStream events for a reply. */
export function converseEvents(
  reply: Reply,
  usage: Usage,
  latencyMs: number,
  echo: Obj = {},
): StreamEvent[] {
  const out: StreamEvent[] = [{ type: "messageStart", payload: { role: "assistant" } }];
  reply.content.forEach((block, i) => blockEvents(block, i, out));
  out.push({ type: "messageStop", payload: { stopReason: reply.stopReason } });
  out.push({ type: "metadata", payload: { usage, metrics: { latencyMs }, ...echo } });
  return out;
}

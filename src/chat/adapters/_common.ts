/**
 * The InvokeModel adapter contract and the runner shared by every provider adapter: one request
 * shape in, one text/usage/stop event stream out.
 *
 * @module
 */
import type { ContentBlock, Message } from "../../runtime/types.ts";
import { toConverseMessages } from "../messages.ts";
import type { InvokeClient, MessageInput, SystemInput } from "../types.ts";

/** The request every adapter accepts. */
export interface InvokeChatOptions {
  /** The model id, profile or ARN. */
  model: string;
  /** The conversation. */
  messages: readonly MessageInput[];
  /** The system prompt. */
  system?: SystemInput;
  /** Maximum output tokens. */
  maxTokens?: number;
  /** Temperature. */
  temperature?: number;
  /** Nucleus sampling. */
  topP?: number;
  /** Stop sequences. */
  stopSequences?: string[];
  /** Native body members merged over the built body. */
  extra?: Record<string, unknown>;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/** An event of an adapter stream (the same for every provider). */
export type InvokeEvent =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string }
  | { type: "reasoning-signature"; signature: string }
  | { type: "tool-call"; id: string; name: string; input: unknown }
  | { type: "citation"; citation: unknown }
  | { type: "usage"; inputTokens?: number; outputTokens?: number }
  | { type: "stop"; stopReason: string; raw: string };

/** The parsed result of a native (non-streaming) response. */
export interface InvokeResult {
  /** The text. */
  text: string;
  /** The stop reason in Converse terms (unknown native values are kept as-is). */
  stopReason: string;
  /** Token counts when the provider reports them. */
  usage: { inputTokens?: number; outputTokens?: number };
  /** The answer as a Converse message where the provider has structure (Anthropic, Nova). */
  message?: Message;
  /** The native body. */
  raw: unknown;
}

/** A provider adapter: native body builder, response parser and stream-chunk parser factory. */
export interface InvokeAdapter<O extends InvokeChatOptions = InvokeChatOptions> {
  /** Builds the native request body. */
  body(options: O): Record<string, unknown>;
  /** Parses the native response body. */
  parse(body: unknown): InvokeResult;
  /** Returns a stateful parser of decoded stream chunks. */
  chunks(): (chunk: unknown) => InvokeEvent[];
}

/** Any JSON object. */
export type Obj = Record<string, unknown>;

/** Narrows to a plain object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The friendly conversation in Converse form (shared normalisation for every adapter). */
export function converse(options: InvokeChatOptions): { system: string; messages: Message[] } {
  const r = toConverseMessages(
    options.messages,
    options.system === undefined ? {} : { system: options.system },
  );
  let system = "";
  for (const b of r.system ?? []) if ("text" in b) system += (system === "" ? "" : "\n") + b.text;
  return { system, messages: r.messages };
}

/** The text of Converse blocks (tool results flattened to their text/JSON). */
export function blocksText(blocks: readonly ContentBlock[]): string {
  let out = "";
  for (const b of blocks) {
    if ("text" in b) out += b.text;
    else if ("toolResult" in b) {
      for (const c of b.toolResult.content) {
        out += "text" in c ? c.text : "json" in c ? JSON.stringify(c.json) : "";
      }
    } else if ("guardContent" in b && "text" in b.guardContent) out += b.guardContent.text.text;
  }
  return out;
}

/** Copies the common sampling options to native names. */
export function sampling(o: InvokeChatOptions, names: Record<string, string>): Obj {
  const out: Obj = {};
  const set = (k: keyof InvokeChatOptions) => {
    const name = names[k];
    if (o[k] !== undefined && name !== undefined) out[name] = o[k];
  };
  set("maxTokens"), set("temperature"), set("topP"), set("stopSequences");
  return out;
}

/** Maps a native stop reason with a table; unknown values are kept. */
export function stop(raw: unknown, table: Record<string, string>): InvokeEvent & { type: "stop" } {
  const r = String(raw);
  return { type: "stop", stopReason: table[r] ?? r, raw: r };
}

/** The usage in Bedrock's `amazon-bedrock-invocationMetrics`, when present. */
export function invocationMetrics(chunk: Obj): InvokeEvent | undefined {
  const m = chunk["amazon-bedrock-invocationMetrics"];
  if (!isObj(m)) return undefined;
  return {
    type: "usage",
    inputTokens: Number(m.inputTokenCount),
    outputTokens: Number(m.outputTokenCount),
  };
}

const decoder = /* @__PURE__ */ new TextDecoder();
const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Calls InvokeModel with an adapter and parses the native response.
 *
 * @example
 * ```ts ignore
 * import { invokeChat, meta } from "@bedrock-fetch/core/chat";
 * const r = await invokeChat(bedrock, meta, { model: "meta.llama3-8b-instruct-v1:0", messages: ["Hi"] });
 * ```
 */
export async function invokeChat<O extends InvokeChatOptions>(
  client: InvokeClient,
  adapter: InvokeAdapter<O>,
  options: O,
): Promise<InvokeResult> {
  const body = encoder.encode(JSON.stringify({ ...adapter.body(options), ...options.extra }));
  const res = await client.invokeModel(
    { modelId: options.model, contentType: "application/json", accept: "application/json", body },
    options.signal === undefined ? {} : { signal: options.signal },
  );
  return adapter.parse(JSON.parse(decoder.decode(res.body)));
}

/**
 * Calls InvokeModelWithResponseStream with an adapter; yields the same events for every provider.
 *
 * @example
 * ```ts ignore
 * import { anthropic, invokeStream } from "@bedrock-fetch/core/chat";
 * for await (const e of invokeStream(bedrock, anthropic, { model, messages: ["Hi"], maxTokens: 100 })) {
 *   if (e.type === "text") console.log(e.text);
 * }
 * ```
 */
export async function* invokeStream<O extends InvokeChatOptions>(
  client: InvokeClient,
  adapter: InvokeAdapter<O>,
  options: O,
): AsyncGenerator<InvokeEvent> {
  const body = encoder.encode(JSON.stringify({ ...adapter.body(options), ...options.extra }));
  const res = await client.invokeModelWithResponseStream(
    { modelId: options.model, contentType: "application/json", accept: "application/json", body },
    options.signal === undefined ? {} : { signal: options.signal },
  );
  const parse = adapter.chunks();
  let usage = false;
  for await (const event of res.body) {
    if (!("chunk" in event) || event.chunk.bytes === undefined) continue;
    const chunk: unknown = JSON.parse(decoder.decode(event.chunk.bytes));
    for (const e of parse(chunk)) {
      if (e.type === "usage") usage = true;
      yield e;
    }
    if (!usage && isObj(chunk)) {
      const m = invocationMetrics(chunk);
      if (m !== undefined) yield m;
    }
  }
}

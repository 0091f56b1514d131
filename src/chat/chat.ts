/**
 * One chat turn: `chat` (Converse) and `streamChat` (ConverseStream) over any client with those
 * methods, with the result in friendly and wire form.
 *
 * @module
 */
import type {
  ContentBlock,
  ConverseResponse,
  ConverseTrace,
  Message,
  StopReason,
  TokenUsage,
} from "../runtime/types.ts";
import { copy, put } from "./_util.ts";
import { messageText } from "./output.ts";
import { buildConverseRequest, type BuiltRequest, type ChatRequestOptions } from "./request.ts";
import { ChatStream } from "./stream.ts";
import type { ChatWarning, ConverseClient } from "./types.ts";

/** Options of {@linkcode chat} and {@linkcode streamChat}. */
export interface ChatOptions extends ChatRequestOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Streaming only: keep tool input that is not valid JSON as a string. @default "throw" */
  invalidToolInput?: "throw" | "keep";
}

/** A tool call the model made. */
export interface ToolCall {
  /** The tool use id. */
  id: string;
  /** The tool name. */
  name: string;
  /** The arguments. */
  input: unknown;
}

/** Usage in one flat object. */
export interface ChatUsage {
  /** Input tokens. */
  inputTokens: number;
  /** Output tokens. */
  outputTokens: number;
  /** Total tokens. */
  totalTokens: number;
  /** Input tokens read from the cache. */
  cacheReadTokens: number;
  /** Input tokens written to the cache. */
  cacheWriteTokens: number;
  /** Latency in milliseconds (0 when unknown). */
  latencyMs: number;
}

/** The result of a chat turn. */
export interface ChatResult {
  /** The model's message (wire form; append it to the history as is). */
  message: Message;
  /** Its text. */
  text: string;
  /** Its tool calls. */
  toolCalls: ToolCall[];
  /** Why the model stopped (all nine values, never collapsed). */
  stopReason: StopReason;
  /** Usage. */
  usage: ChatUsage;
  /** The guardrail (and prompt-router) trace, when the response has one. */
  trace?: ConverseTrace;
  /** The full Converse response. */
  response: ConverseResponse;
  /** Notes about the request. */
  warnings: ChatWarning[];
}

/**
 * Flattens usage and latency.
 *
 * @example
 * ```ts
 * import { chatUsage } from "@bedrock-fetch/core/chat";
 * chatUsage({ inputTokens: 1, outputTokens: 2, totalTokens: 3 }).cacheReadTokens; // 0
 * ```
 */
export function chatUsage(usage: TokenUsage | undefined, latencyMs = 0): ChatUsage {
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    totalTokens: usage?.totalTokens ?? 0,
    cacheReadTokens: usage?.cacheReadInputTokens ?? 0,
    cacheWriteTokens: usage?.cacheWriteInputTokens ?? 0,
    latencyMs,
  };
}

/**
 * Builds a {@linkcode ChatResult} from a Converse response.
 *
 * @example
 * ```ts
 * import { toChatResult } from "@bedrock-fetch/core/chat";
 * const r = toChatResult({
 *   output: { message: { role: "assistant", content: [{ text: "Hi" }] } },
 *   stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, metrics: { latencyMs: 3 },
 * });
 * r.text; // "Hi"
 * ```
 */
export function toChatResult(response: ConverseResponse, warnings: ChatWarning[] = []): ChatResult {
  const message: Message = (response.output as { message?: Message }).message ??
    { role: "assistant", content: [] };
  const toolCalls: ToolCall[] = [];
  for (const b of message.content as ContentBlock[]) {
    if ("toolUse" in b) {
      toolCalls.push({ id: b.toolUse.toolUseId, name: b.toolUse.name, input: b.toolUse.input });
    }
  }
  return put(
    {
      message,
      text: messageText(message),
      toolCalls,
      stopReason: response.stopReason,
      usage: chatUsage(response.usage, response.metrics?.latencyMs),
      response,
      warnings,
    },
    "trace",
    response.trace,
  );
}

function split(options: ChatOptions): [BuiltRequest, { signal?: AbortSignal }] {
  return [buildConverseRequest(options), copy({}, options, "signal")];
}

/**
 * One Converse call from friendly options.
 *
 * @example
 * ```ts ignore
 * import { BedrockRuntime } from "@bedrock-fetch/core";
 * import { chat } from "@bedrock-fetch/core/chat";
 * const r = await chat(new BedrockRuntime({ region: "us-east-1" }), { model: "amazon.nova-lite-v1:0", messages: ["Hi"] });
 * console.log(r.text, r.usage.totalTokens);
 * ```
 */
export async function chat(client: ConverseClient, options: ChatOptions): Promise<ChatResult> {
  const [built, call] = split(options);
  // Converse (not streaming) takes no streamProcessingMode; the guardrail object is our own.
  delete (built.request.guardrailConfig as { streamProcessingMode?: string } | undefined)
    ?.streamProcessingMode;
  return toChatResult(await client.converse(built.request, call), built.warnings);
}

/**
 * One ConverseStream call from friendly options; the call starts on first use of the stream.
 *
 * @example
 * ```ts ignore
 * import { streamChat } from "@bedrock-fetch/core/chat";
 * const stream = streamChat(bedrock, { model: "amazon.nova-lite-v1:0", messages: ["Hi"] });
 * for await (const text of stream.text()) console.log(text);
 * ```
 */
export function streamChat(client: ConverseClient, options: ChatOptions): ChatStream {
  const [built, call] = split(options);
  const stream = new ChatStream(
    async () => (await client.converseStream(built.request, call)).stream,
    options,
  );
  stream.warnings = built.warnings;
  return stream;
}

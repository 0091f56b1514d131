/**
 * The chat layer of bedrock-fetch: friendly messages → Converse, Standard Schema tools and a
 * tool-running loop, structured output, stream accumulation equal to `converse` output,
 * reasoning, prompt-caching helpers and usage. InvokeModel provider adapters live in
 * `./adapters/*` files and are exported here too (they tree-shake).
 *
 * Everything takes any client with `converse`/`converseStream` (`BedrockRuntime` from the main
 * entry satisfies it). No schema library is imported: zod 4, valibot and arktype schemas work
 * through Standard Schema and Standard JSON Schema, and plain JSON Schemas are accepted.
 *
 * @example
 * ```ts ignore
 * import { BedrockRuntime } from "@bedrock-fetch/core";
 * import { chat, runTools, streamChat, tool } from "@bedrock-fetch/core/chat";
 *
 * const bedrock = new BedrockRuntime({ region: "us-east-1" });
 * const model = "us.anthropic.claude-sonnet-4-20250514-v1:0";
 * const { text } = await chat(bedrock, { model, messages: ["Hello"], system: "Be brief" });
 *
 * for await (const t of streamChat(bedrock, { model, messages: ["Count to 3"] }).text()) console.log(t);
 *
 * const weather = tool({
 *   name: "weather",
 *   input: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
 *   run: ({ city }: { city: string }) => ({ city, tempC: 21 }),
 * });
 * const { result } = await runTools(bedrock, { model, messages: ["Weather in Paris?"], tools: [weather] });
 * ```
 *
 * @module
 */
// The wire types these functions take and return (ContentBlock, ConverseResponse, …) are exported
// by the main entry, `@bedrock-fetch/core`.
export type {
  AudioPart,
  CachePart,
  CallOptions,
  ChatMessage,
  ChatRole,
  ChatWarning,
  CitationsPart,
  ConverseClient,
  DocumentPart,
  FriendlyPart,
  GuardPart,
  ImagePart,
  InvokeClient,
  MediaData,
  MediaPartBase,
  MessageInput,
  Part,
  ReasoningPart,
  SearchResultPart,
  SystemInput,
  TextPart,
  ToolCallPart,
  ToolMessage,
  ToolResultPart,
  VideoPart,
} from "./types.ts";
export { inferFormat, type MediaKind, type MediaSource, resolveMedia } from "./media.ts";
export {
  defaultStructuredMode,
  mistralToolId,
  type ModelFamily,
  modelFamily,
  type StructuredMode,
} from "./family.ts";
export { isFriendly, type PartContext, partToBlock } from "./parts.ts";
export {
  type ConvertedMessages,
  type ConvertOptions,
  synthesizeToolConfig,
  toConverseMessages,
} from "./messages.ts";
export { blockToPart, fromConverseMessage, messageText } from "./output.ts";
export {
  formatIssues,
  type InferOutput,
  type JsonSchema,
  type SchemaInput,
  type SchemaIssue,
  type StandardSchemaLike,
  toJsonSchema,
  validateWith,
} from "./schema.ts";
export {
  buildToolConfig,
  tool,
  type ToolChoiceInput,
  type ToolConfigOptions,
  type ToolDefinition,
  type ToolRunContext,
} from "./tools.ts";
export { reasoningFields, type ReasoningOptions } from "./reasoning.ts";
export { applyCaching, type CacheOptions, cachePoint, MAX_CACHE_POINTS } from "./cache.ts";
export {
  buildConverseRequest,
  type BuiltRequest,
  type ChatRequestOptions,
  type GuardrailOptions,
} from "./request.ts";
export { parsePartialJson } from "./partial_json.ts";
export { type ChatStreamEvent, ToolCallDelta } from "./events.ts";
export { type AccumulatorOptions, ConverseAccumulator } from "./accumulate.ts";
export { ChatStream } from "./stream.ts";
export {
  chat,
  type ChatOptions,
  type ChatResult,
  type ChatUsage,
  chatUsage,
  streamChat,
  toChatResult,
  type ToolCall,
} from "./chat.ts";
export {
  runTools,
  type RunToolsOptions,
  type RunToolsResult,
  type ToolExecution,
  type ToolStep,
} from "./loop.ts";
export {
  generateObject,
  type GenerateObjectOptions,
  type GenerateObjectResult,
} from "./structured.ts";
export {
  type InvokeAdapter,
  invokeChat,
  type InvokeChatOptions,
  type InvokeEvent,
  type InvokeResult,
  invokeStream,
} from "./adapters/_common.ts";
export { anthropic, type AnthropicOptions } from "./adapters/anthropic.ts";
export { meta } from "./adapters/meta.ts";
export { mistral, type MistralOptions } from "./adapters/mistral.ts";
export { nova, type NovaOptions } from "./adapters/nova.ts";
export { titan } from "./adapters/titan.ts";
export { cohere } from "./adapters/cohere.ts";
export { deepseek } from "./adapters/deepseek.ts";
export { openai, type OpenAIOptions } from "./adapters/openai.ts";
export {
  BedrockFetchError,
  type BedrockFetchErrorOptions,
  BedrockOutputError,
  type OutputIssue,
} from "../errors.ts";

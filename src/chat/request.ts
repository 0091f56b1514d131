/**
 * Chat options → a complete Converse request: messages, system, tools, inference, reasoning,
 * caching, guardrails, performance, service tier, metadata, prompt variables and raw extras.
 *
 * @module
 */
import type {
  CacheTTL,
  ConverseRequest,
  DocumentType,
  GuardrailStreamConfiguration,
  InferenceConfiguration,
  OutputConfig,
} from "../runtime/types.ts";
import { applyCaching, type CacheOptions } from "./cache.ts";
import { type ModelFamily, modelFamily } from "./family.ts";
import { synthesizeToolConfig, toConverseMessages } from "./messages.ts";
import { reasoningFields, type ReasoningOptions } from "./reasoning.ts";
import { buildToolConfig, type ToolChoiceInput, type ToolDefinition } from "./tools.ts";
import type { ChatWarning, MessageInput, SystemInput } from "./types.ts";

/** A guardrail to apply. */
export interface GuardrailOptions {
  /** The guardrail id or ARN. */
  id: string;
  /** The version (`DRAFT` or a number). */
  version: string;
  /** The trace mode. */
  trace?: "enabled" | "disabled" | "enabled_full";
  /** Streaming only: `sync` or `async`. */
  streamProcessingMode?: "sync" | "async";
  /** Wrap the last user turn's text in `guardContent` so only it is evaluated. */
  guardLastTurn?: boolean;
}

/** Everything a chat request can carry. */
export interface ChatRequestOptions {
  /** The model id, inference profile id or ARN. */
  model: string;
  /** The model family when the id cannot tell (application inference profiles, provisioned ARNs). */
  family?: ModelFamily;
  /** The conversation. */
  messages: readonly MessageInput[];
  /** The system prompt. */
  system?: SystemInput;
  /** Tools the model may call. */
  tools?: readonly ToolDefinition[];
  /** The tool choice. */
  toolChoice?: ToolChoiceInput;
  /** Mark all tools strict. */
  strictTools?: boolean;
  /** Maximum output tokens. */
  maxTokens?: number;
  /** Sampling temperature. */
  temperature?: number;
  /** Nucleus sampling. */
  topP?: number;
  /** Stop sequences. */
  stopSequences?: string[];
  /** Reasoning options (per family). */
  reasoning?: ReasoningOptions;
  /** Prompt-caching helpers. */
  cache?: CacheOptions;
  /** A guardrail. */
  guardrail?: GuardrailOptions;
  /** `optimized` for latency-optimized inference. */
  latency?: "standard" | "optimized";
  /** The service tier. */
  serviceTier?: "priority" | "default" | "flex" | "reserved" | (string & Record<never, never>);
  /** Invocation-log metadata. */
  requestMetadata?: Record<string, string>;
  /** Prompt-management variables. */
  promptVariables?: Record<string, string>;
  /** Extra model fields, merged over those the chat layer adds. */
  additionalModelRequestFields?: Record<string, unknown>;
  /** JSON pointers of extra response fields to return. */
  additionalModelResponseFieldPaths?: string[];
  /** Output config (merged with the structured-output and effort settings). */
  outputConfig?: OutputConfig;
}

/** A built request and the notes about it. */
export interface BuiltRequest {
  /** The Converse request. */
  request: ConverseRequest;
  /** Non-fatal notes (e.g. dropped cache points). */
  warnings: ChatWarning[];
  /** The family used. */
  family: ModelFamily;
}

/**
 * Builds the Converse request for chat options (pure; a fresh object each call).
 *
 * @example
 * ```ts
 * import { buildConverseRequest } from "@bedrock-fetch/core/chat";
 * const { request } = buildConverseRequest({ model: "amazon.nova-lite-v1:0", messages: ["Hi"], maxTokens: 100 });
 * request.inferenceConfig; // { maxTokens: 100 }
 * ```
 */
export function buildConverseRequest(options: ChatRequestOptions): BuiltRequest {
  const family = options.family ?? modelFamily(options.model);
  const converted = toConverseMessages(options.messages, {
    ...(options.system !== undefined ? { system: options.system } : {}),
    mistralToolIds: family === "mistral",
  });
  const request: ConverseRequest = { modelId: options.model, messages: converted.messages };
  if (converted.system !== undefined) request.system = converted.system;
  const inference: InferenceConfiguration = {};
  if (options.maxTokens !== undefined) inference.maxTokens = options.maxTokens;
  if (options.temperature !== undefined) inference.temperature = options.temperature;
  if (options.topP !== undefined) inference.topP = options.topP;
  if (options.stopSequences !== undefined) inference.stopSequences = options.stopSequences;
  if (Object.keys(inference).length > 0) request.inferenceConfig = inference;
  const toolConfig = buildToolConfig(options.tools ?? [], {
    choice: options.toolChoice,
    strict: options.strictTools,
  });
  if (toolConfig !== undefined) request.toolConfig = toolConfig;
  else if (converted.hasToolBlocks) request.toolConfig = synthesizeToolConfig(converted.toolNames);
  const extra: Record<string, unknown> = options.reasoning === undefined
    ? {}
    : reasoningFields(family, options.reasoning);
  Object.assign(extra, options.additionalModelRequestFields);
  if (Object.keys(extra).length > 0) request.additionalModelRequestFields = extra as DocumentType;
  const output: OutputConfig = { ...options.outputConfig };
  if (options.reasoning?.outputEffort !== undefined) output.effort = options.reasoning.outputEffort;
  if (Object.keys(output).length > 0) request.outputConfig = output;
  if (options.additionalModelResponseFieldPaths !== undefined) {
    request.additionalModelResponseFieldPaths = options.additionalModelResponseFieldPaths;
  }
  const g = options.guardrail;
  if (g !== undefined) {
    const config: GuardrailStreamConfiguration = {
      guardrailIdentifier: g.id,
      guardrailVersion: g.version,
    };
    if (g.trace !== undefined) config.trace = g.trace;
    if (g.streamProcessingMode !== undefined) config.streamProcessingMode = g.streamProcessingMode;
    request.guardrailConfig = config;
    if (g.guardLastTurn === true) guardLastTurn(request);
  }
  if (options.latency !== undefined) request.performanceConfig = { latency: options.latency };
  if (options.serviceTier !== undefined) request.serviceTier = { type: options.serviceTier };
  if (options.requestMetadata !== undefined) {
    request.requestMetadata = { ...options.requestMetadata };
  }
  if (options.promptVariables !== undefined) {
    const vars: Record<string, { text: string }> = {};
    for (const [k, v] of Object.entries(options.promptVariables)) vars[k] = { text: v };
    request.promptVariables = vars;
  }
  const c = options.cache;
  const warnings = c === undefined ? applyCaching(request) : applyCaching(request, {
    ...c,
    ...(c.ttl === undefined ? {} : { ttl: c.ttl as CacheTTL }),
  });
  return { request, warnings, family };
}

function guardLastTurn(request: ConverseRequest): void {
  const messages = request.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m === undefined || m.role !== "user") continue;
    m.content = m.content.map((b) =>
      "text" in b ? { guardContent: { text: { text: b.text } } } : b
    );
    return;
  }
}

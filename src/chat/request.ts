/**
 * Chat options → a complete Converse request: messages, system, tools, inference, reasoning,
 * caching, guardrails, performance, service tier, metadata, prompt variables and raw extras.
 *
 * @module
 */
import type { ConverseRequest, OutputConfig } from "../runtime/types.ts";
import { box, copy, put } from "./_util.ts";
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
  const reasoning = options.reasoning;
  const converted = toConverseMessages(
    options.messages,
    put({ mistralToolIds: family === "mistral" }, "system", options.system),
  );
  const request: ConverseRequest = put(
    { modelId: options.model, messages: converted.messages },
    "system",
    converted.system,
  );
  put(
    request,
    "inferenceConfig",
    filled(copy({}, options, "maxTokens temperature topP stopSequences")),
  );
  put(
    request,
    "toolConfig",
    buildToolConfig(options.tools ?? [], {
      choice: options.toolChoice,
      strict: options.strictTools,
    }) ??
      (converted.hasToolBlocks ? synthesizeToolConfig(converted.toolNames) : undefined),
  );
  put(
    request,
    "additionalModelRequestFields",
    filled({
      ...reasoning && reasoningFields(family, reasoning),
      ...options.additionalModelRequestFields,
    }),
  );
  put(
    request,
    "outputConfig",
    filled(put({ ...options.outputConfig }, "effort", reasoning?.outputEffort)),
  );
  copy(request, options, "additionalModelResponseFieldPaths requestMetadata");
  const g = options.guardrail;
  if (g !== undefined) {
    request.guardrailConfig = copy(
      { guardrailIdentifier: g.id, guardrailVersion: g.version },
      g,
      "trace streamProcessingMode",
    );
    const last = g.guardLastTurn && request.messages!.findLast((m) => m.role === "user");
    if (last) {
      last.content = last.content.map((b) =>
        "text" in b ? { guardContent: { text: { text: b.text } } } : b
      );
    }
  }
  put(request, "performanceConfig", box("latency", options.latency));
  put(request, "serviceTier", box("type", options.serviceTier));
  const vars = options.promptVariables;
  if (vars !== undefined) {
    request.promptVariables = Object.fromEntries(
      Object.entries(vars).map(([k, text]) => [k, { text }]),
    );
  }
  return { request, warnings: applyCaching(request, options.cache), family };
}

/** The object, or `undefined` when it has no members. */
function filled<T extends object>(o: T): T | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}

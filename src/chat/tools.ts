/**
 * Tools: definitions from a Standard (JSON) Schema or JSON Schema, tool choice, strict mode and the
 * tool cache point.
 *
 * @module
 */
import type {
  CacheTTL,
  DocumentType,
  Tool,
  ToolChoice,
  ToolConfiguration,
  ToolSpecification,
} from "../runtime/types.ts";
import { type InferOutput, type SchemaInput, toJsonSchema } from "./schema.ts";
import { invalid, put } from "./_util.ts";
import { cachePoint } from "./cache.ts";

/** What a running tool receives besides its input. */
export interface ToolRunContext {
  /** The tool use id. */
  toolUseId: string;
  /** Aborted when the loop is. */
  signal?: AbortSignal;
}

/** A tool the model may call. */
export interface ToolDefinition<S extends SchemaInput = SchemaInput, R = unknown> {
  /** The name (`[a-zA-Z0-9_-]{1,64}`). */
  name: string;
  /** What the tool does, for the model. */
  description?: string;
  /** The input schema. */
  input: S;
  /** Runs the tool; without it the loop stops and returns the tool calls. */
  run?: (input: InferOutput<S>, context: ToolRunContext) => R | Promise<R>;
  /** Enforce the schema on the model's output (where the model supports it). */
  strict?: boolean;
}

/** `auto` (default), `any` (must call a tool), `none` (tools withheld) or a tool name. */
export type ToolChoiceInput = "auto" | "any" | "none" | { name: string };

function checkName(name: unknown, field: string): void {
  if (typeof name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
    invalid(field, `must match [a-zA-Z0-9_-]{1,64}, got "${String(name)}"`);
  }
}

/**
 * Declares a tool; checks the name and keeps the schema's output type for `run`.
 *
 * @example
 * ```ts
 * import { tool } from "@bedrock-fetch/core/chat";
 * const weather = tool({
 *   name: "weather",
 *   input: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
 *   run: (input) => ({ tempC: 21, input }),
 * });
 * ```
 */
export function tool<S extends SchemaInput, R>(
  definition: ToolDefinition<S, R>,
): ToolDefinition<S, R> {
  checkName(definition.name, "tool.name");
  return definition;
}

/** Options of {@linkcode buildToolConfig}. */
export interface ToolConfigOptions {
  /** The tool choice. */
  choice?: ToolChoiceInput | undefined;
  /** Mark every tool strict. */
  strict?: boolean | undefined;
  /** Add a cache point after the tool definitions, with this TTL (`true` = default TTL). */
  cache?: boolean | CacheTTL | undefined;
}

/**
 * Builds the Converse `toolConfig`; `undefined` when there are no tools or the choice is `none`.
 *
 * @example
 * ```ts
 * import { buildToolConfig } from "@bedrock-fetch/core/chat";
 * const config = buildToolConfig([{ name: "f", input: { type: "object" } }], { choice: "any" });
 * config?.toolChoice; // { any: {} }
 * ```
 */
export function buildToolConfig(
  tools: readonly ToolDefinition[],
  options: ToolConfigOptions = {},
): ToolConfiguration | undefined {
  const choice = options.choice;
  if (tools.length === 0 || choice === "none") return undefined;
  const seen = new Set<string>();
  const list: Tool[] = tools.map((t, i) => {
    const field = `tools[${i}].name`;
    checkName(t.name, field);
    if (seen.has(t.name)) invalid(field, `duplicates the tool "${t.name}"`);
    seen.add(t.name);
    const spec: ToolSpecification = {
      name: t.name,
      inputSchema: { json: toJsonSchema(t.input, `tools[${i}].input`) as DocumentType },
    };
    put(spec, "description", t.description);
    if (t.strict ?? options.strict) spec.strict = true;
    return { toolSpec: spec };
  });
  if (options.cache) list.push(cachePoint(options.cache));
  const config: ToolConfiguration = { tools: list };
  if (choice === undefined) return config;
  if (choice === "auto" || choice === "any") config.toolChoice = { [choice]: {} } as ToolChoice;
  else if (typeof choice?.name === "string") {
    if (!seen.has(choice.name)) {
      invalid("toolChoice.name", `names no defined tool: "${choice.name}"`);
    }
    config.toolChoice = { tool: { name: choice.name } };
  } else invalid("toolChoice", 'must be "auto", "any", "none" or { name }');
  return config;
}

/**
 * Model families: read from a model id, a geo inference profile or an ARN, and the per-family
 * choices the chat layer makes (structured-output mode, reasoning fields, tool-call id style).
 *
 * @module
 */

/** The model families the chat layer knows; any other string is passed through. */
export type ModelFamily =
  | "anthropic"
  | "nova"
  | "titan"
  | "meta"
  | "mistral"
  | "cohere"
  | "deepseek"
  | "openai"
  | "qwen"
  | "ai21"
  | "writer"
  | "google"
  | "unknown"
  | (string & Record<never, never>);

const PROVIDERS = new Set([
  "anthropic",
  "amazon",
  "meta",
  "mistral",
  "cohere",
  "deepseek",
  "openai",
  "qwen",
  "ai21",
  "writer",
  "google",
  "twelvelabs",
  "stability",
  "minimax",
  "moonshot",
  "moonshotai",
  "nvidia",
]);

/**
 * The family of a model id, geo profile id (`us.`, `eu.`, `apac.`, `global.`, …) or ARN; `"unknown"`
 * when the id cannot tell (application inference profiles, provisioned models, prompts): pass an
 * explicit `family` then.
 *
 * @example
 * ```ts
 * import { modelFamily } from "@bedrock-fetch/core/chat";
 * modelFamily("us.anthropic.claude-sonnet-4-20250514-v1:0"); // "anthropic"
 * ```
 */
export function modelFamily(modelId: string): ModelFamily {
  // An ARN's resource id follows its last "/" (model ids have none).
  const parts = modelId.slice(modelId.lastIndexOf("/") + 1).split(".");
  // A geo prefix (`us.`, `global.`, …) comes before the provider.
  const geo = parts.length > 2 && !PROVIDERS.has(parts[0]!) && PROVIDERS.has(parts[1]!);
  const [provider = "", model = ""] = parts.slice(geo ? 1 : 0);
  if (parts.length < 2 || !PROVIDERS.has(provider)) return "unknown";
  if (provider === "amazon") return /^(nova|titan)/.exec(model)?.[1] ?? "amazon";
  return provider === "moonshotai" ? "moonshot" : provider;
}

/** How structured output is requested: the native `outputConfig.textFormat` or a forced tool. */
export type StructuredMode = "native" | "tool";

const NATIVE_STRUCTURED = new Set(["anthropic", "openai", "qwen", "deepseek", "mistral", "google"]);

/**
 * The default structured-output mode of a family: native JSON schema where Bedrock supports it,
 * a forced tool otherwise.
 *
 * @example
 * ```ts
 * import { defaultStructuredMode } from "@bedrock-fetch/core/chat";
 * defaultStructuredMode("meta"); // "tool"
 * ```
 */
export function defaultStructuredMode(family: ModelFamily): StructuredMode {
  return NATIVE_STRUCTURED.has(family) ? "native" : "tool";
}

/**
 * Rewrites a tool-call id to the 9 alphanumeric characters Mistral models require; ids that already
 * comply are kept, others map deterministically (the same id always gives the same result).
 *
 * @example
 * ```ts
 * import { mistralToolId } from "@bedrock-fetch/core/chat";
 * mistralToolId("abcDEF123"); // "abcDEF123"
 * mistralToolId("tooluse_x-1").length; // 9
 * ```
 */
export function mistralToolId(id: string): string {
  if (/^[a-zA-Z0-9]{9}$/.test(id)) return id;
  let h = 0x811c9dc5, g = 5381;
  for (let i = 0; i < id.length; i++) {
    h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    g = Math.imul(g, 33) ^ id.charCodeAt(i);
  }
  return ((h >>> 0).toString(36) + (g >>> 0).toString(36) + "000000000").slice(0, 9);
}

/**
 * Reasoning ("thinking") options → the request fields each model family expects.
 *
 * @module
 */
import type { ModelFamily } from "./family.ts";
import { put } from "./_util.ts";

/** Reasoning options, mapped per family by {@linkcode reasoningFields}. */
export interface ReasoningOptions {
  /** A token budget (Anthropic `budget_tokens`; others where supported). */
  budgetTokens?: number;
  /** An effort level (`low`, `medium`, `high`). */
  effort?: "low" | "medium" | "high" | (string & Record<never, never>);
  /** Also send `outputConfig.effort` with this value (models that support it, e.g. Claude Opus 4.5). */
  outputEffort?: string;
}

/**
 * The `additionalModelRequestFields` members that turn reasoning on for a family: Anthropic
 * `thinking: { type: "enabled", budget_tokens }`, OpenAI gpt-oss `reasoning_effort`, DeepSeek none
 * (it always reasons), Nova and others `reasoningConfig`.
 *
 * @example
 * ```ts
 * import { reasoningFields } from "@bedrock-fetch/core/chat";
 * reasoningFields("anthropic", { budgetTokens: 2048 }); // { thinking: { type: "enabled", budget_tokens: 2048 } }
 * ```
 */
export function reasoningFields(
  family: ModelFamily,
  options: ReasoningOptions,
): Record<string, unknown> {
  const { budgetTokens: budget, effort } = options;
  if (family === "deepseek") return {};
  if (family === "openai") return { reasoning_effort: effort ?? "medium" };
  if (family === "anthropic") {
    const fromEffort = ({ low: 1024, high: 16384 } as Record<string, number>)[effort!] ?? 4096;
    return { thinking: { type: "enabled", budget_tokens: budget ?? fromEffort } };
  }
  // Nova 2 takes an effort level only (a budget maps to the nearest level); others take both.
  const nova = family === "nova";
  const level = effort ??
    (budget === undefined
      ? "medium"
      : !nova
      ? undefined
      : budget <= 2048
      ? "low"
      : budget <= 8192
      ? "medium"
      : "high");
  const config = put({ type: "enabled" }, "maxReasoningEffort", level);
  return { reasoningConfig: put(config, "budgetTokens", nova ? undefined : budget) };
}

/**
 * Reasoning ("thinking") options → the request fields each model family expects.
 *
 * @module
 */
import type { ModelFamily } from "./family.ts";

/** Reasoning options, mapped per family by {@linkcode reasoningFields}. */
export interface ReasoningOptions {
  /** A token budget (Anthropic `budget_tokens`; others where supported). */
  budgetTokens?: number;
  /** An effort level (`low`, `medium`, `high`). */
  effort?: "low" | "medium" | "high" | (string & Record<never, never>);
  /** Also send `outputConfig.effort` with this value (models that support it, e.g. Claude Opus 4.5). */
  outputEffort?: string;
}

const EFFORT_BUDGET: Record<string, number> = { low: 1024, medium: 4096, high: 16384 };

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
  const { budgetTokens, effort } = options;
  switch (family) {
    case "anthropic":
      return {
        thinking: {
          type: "enabled",
          budget_tokens: budgetTokens ?? EFFORT_BUDGET[effort ?? "medium"] ?? 4096,
        },
      };
    case "openai":
      return { reasoning_effort: effort ?? "medium" };
    case "deepseek":
      return {};
    case "nova": {
      // Nova 2 takes an effort level only; a budget maps to the nearest level.
      const level = effort ??
        (budgetTokens === undefined
          ? "medium"
          : budgetTokens <= 2048
          ? "low"
          : budgetTokens <= 8192
          ? "medium"
          : "high");
      return { reasoningConfig: { type: "enabled", maxReasoningEffort: level } };
    }
    default: {
      const config: Record<string, unknown> = { type: "enabled" };
      if (effort !== undefined || budgetTokens === undefined) {
        config.maxReasoningEffort = effort ?? "medium";
      }
      if (budgetTokens !== undefined) config.budgetTokens = budgetTokens;
      return { reasoningConfig: config };
    }
  }
}

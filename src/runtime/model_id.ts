/**
 * Model ids in request paths, and the mapping CountTokens needs from inference profiles to base
 * models.
 *
 * @module
 */
import { BedrockInputError } from "../errors.ts";
import { uriEncode } from "../sigv4/canonical.ts";

/**
 * Percent-encodes one path label exactly once, like the AWS SDK (`encodeURIComponent` plus
 * `!'()*`): `:` → `%3A`, `/` → `%2F`.
 *
 * @example
 * ```ts
 * import { encodePathLabel } from "@bedrock-fetch/core";
 * encodePathLabel("anthropic.claude-3-haiku-20240307-v1:0"); // "anthropic.claude-3-haiku-20240307-v1%3A0"
 * ```
 */
export const encodePathLabel: (value: string) => string = uriEncode;

/**
 * Builds the wire path of an operation from its URI template and label values; each label must be
 * a non-empty string.
 *
 * @example
 * ```ts
 * import { buildPath } from "@bedrock-fetch/core";
 * buildPath("/model/{modelId}/converse", { modelId: "us.amazon.nova-lite-v1:0" });
 * // "/model/us.amazon.nova-lite-v1%3A0/converse"
 * ```
 */
export function buildPath(template: string, labels: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = labels[name];
    if (typeof value !== "string" || value === "") {
      throw new BedrockInputError(name, "must be a non-empty string");
    }
    return uriEncode(value);
  });
}

// The geographic prefix of a cross-region (system-defined) inference profile id
// ("<geo>.<provider>.<model>"): only stripped when a provider.model remains.
const GEO_PREFIX = /^(us|us-gov|eu|apac|jp|au|ca|global)\.(?=[^.]+\.)/;
const ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/;

/**
 * Maps a model id to one CountTokens accepts: a geo-prefixed inference profile id (`us.`, `eu.`,
 * `apac.`, `global.`, `us-gov.`, `jp.`, `au.`, `ca.`) or a system inference-profile ARN becomes the
 * base model id; a bare id or foundation-model ARN is returned as is. Application inference
 * profiles, provisioned throughput, prompts and other ARNs name no readable base model and throw a
 * {@linkcode BedrockInputError}.
 *
 * @example
 * ```ts
 * import { toCountTokensModelId } from "@bedrock-fetch/core";
 * toCountTokensModelId("us.anthropic.claude-3-5-haiku-20241022-v1:0");
 * // "anthropic.claude-3-5-haiku-20241022-v1:0"
 * ```
 */
export function toCountTokensModelId(modelId: string): string {
  const arn = ARN.exec(modelId);
  const kind = arn?.[1];
  if (kind === "foundation-model") return modelId;
  if (kind === "inference-profile") return stripGeo(arn![2]!);
  if (modelId.startsWith("arn:")) {
    throw new BedrockInputError(
      "modelId",
      `CountTokens needs a base model id, not a ${kind ?? "non-Bedrock"} ARN`,
    );
  }
  return stripGeo(modelId);
}

function stripGeo(id: string): string {
  return id.replace(GEO_PREFIX, "");
}

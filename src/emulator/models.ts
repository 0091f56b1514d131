// Model ids: ARN and geo-profile unwrapping, provider family (which native InvokeModel shape), and
// AWS's answers for malformed or unknown ids.
import { constraint, EmulatorError, invalid } from "./errors.ts";

/** The native InvokeModel shape a model id speaks. */
export type ModelFamily =
  | "anthropic"
  | "meta"
  | "mistral"
  | "nova"
  | "titan"
  | "titan-embed"
  | "cohere"
  | "cohere-embed"
  | "openai";

/** A resolved model id. */
export interface ResolvedModel {
  /** The id as sent (percent-decoded once). */
  id: string;
  /** The foundation model id without ARN or geo prefix. */
  base: string;
  /** True for a geo/global inference profile id or an inference-profile ARN. */
  profile: boolean;
  /** The native shape. */
  family: ModelFamily;
}

const GEO = /^(us|eu|apac|global|jp|au|ca|us-gov)\./;
const PROVIDERS = new Set([
  "anthropic",
  "meta",
  "mistral",
  "amazon",
  "cohere",
  "deepseek",
  "openai",
  "ai21",
  "writer",
  "qwen",
  "twelvelabs",
]);
const OPAQUE_ARN =
  /:(application-inference-profile|provisioned-model|custom-model|custom-model-deployment|imported-model|prompt|default-prompt-router|prompt-router)\//;

function familyOf(base: string): ModelFamily | undefined {
  const provider = base.slice(0, base.indexOf("."));
  if (!PROVIDERS.has(provider)) return undefined;
  if (provider === "anthropic") return "anthropic";
  if (provider === "meta") return "meta";
  if (provider === "mistral") return "mistral";
  if (base.startsWith("amazon.titan-embed")) return "titan-embed";
  if (base.startsWith("amazon.titan")) return "titan";
  if (provider === "amazon") return "nova";
  if (base.startsWith("cohere.embed")) return "cohere-embed";
  if (provider === "cohere") return "cohere";
  if (provider === "ai21" || provider === "writer" || provider === "twelvelabs") return "openai";
  return "openai";
}

/**
 * Resolves a model id from the path. Malformed → 400 ValidationException naming `modelId`; an
 * unknown provider or an id outside `allowed` → 404 ResourceNotFoundException.
 */
export function resolveModel(id: string, allowed?: readonly string[]): ResolvedModel {
  if (id.length < 1 || id.length > 2048 || !/^[A-Za-z0-9\-:._/]+$/.test(id)) {
    throw constraint(
      "modelId",
      id,
      "Member must satisfy regular expression pattern: [a-zA-Z0-9-:._/]{1,2048}",
    );
  }
  if (allowed !== undefined && !allowed.includes(id)) {
    throw new EmulatorError(
      404,
      "ResourceNotFoundException",
      `Model '${id}' is not served by this emulator (modelId).`,
    );
  }
  let rest = id;
  let profile = false;
  if (id.startsWith("arn:")) {
    if (OPAQUE_ARN.test(id)) {
      return { id, base: id, profile: id.includes("inference-profile/"), family: "anthropic" };
    }
    const m =
      /^arn:aws(-[a-z-]+)?:bedrock:[a-z0-9-]*:\d{0,12}:(foundation-model|inference-profile)\/(.+)$/
        .exec(id);
    if (m === null) throw invalid("The provided model identifier is invalid. (modelId)");
    profile = m[2] === "inference-profile";
    rest = m[3]!;
  }
  if (GEO.test(rest)) {
    profile = true;
    rest = rest.replace(GEO, "");
  }
  const family = familyOf(rest);
  if (family === undefined) {
    throw new EmulatorError(
      404,
      "ResourceNotFoundException",
      `Could not resolve the foundation model from the provided model identifier '${id}' (modelId).`,
    );
  }
  return { id, base: rest, profile, family };
}

/**
 * Builds the {@linkcode BedrockRuntime} the CLI talks to, from flags and the usual environment.
 *
 * @module
 */
import { BedrockRuntime } from "../runtime/client.ts";
import { type ParsedArgs, str } from "./args.ts";
import type { CliIO } from "./io.ts";

/** The emulator's default bearer token, used against a loopback endpoint with no credentials. */
export const EMULATOR_TOKEN = "emulator-token";

/** Options every command that calls Bedrock accepts. */
export const CLIENT_OPTIONS = {
  model: { type: "string", short: "m" },
  region: { type: "string" },
  endpoint: { type: "string" },
  profile: { type: "string" },
  token: { type: "string" },
  "max-attempts": { type: "string" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const;

/** The default model: small, cheap and on by default in most regions. */
export const DEFAULT_MODEL = "us.anthropic.claude-3-5-haiku-20241022-v1:0";

function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]" ||
      host.startsWith("127.");
  } catch {
    return false;
  }
}

/**
 * The client for a command line. A loopback `--endpoint` with no credentials in sight (no
 * `--token`, `--profile`, `AWS_ACCESS_KEY_ID`, `AWS_BEARER_TOKEN_BEDROCK`, `AWS_PROFILE`) is taken
 * to be the emulator: its default bearer token and region `us-east-1` are used.
 */
export function clientFromArgs(
  args: ParsedArgs,
  io: CliIO,
  fetchImpl?: typeof fetch,
): BedrockRuntime {
  const env = io.env;
  const endpoint = str(args, "endpoint") ?? env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??
    env.AWS_ENDPOINT_URL;
  let token = str(args, "token");
  let region = str(args, "region");
  const profile = str(args, "profile");
  const hasCredentials = token !== undefined || profile !== undefined ||
    !!env.AWS_ACCESS_KEY_ID || !!env.AWS_BEARER_TOKEN_BEDROCK || !!env.AWS_PROFILE;
  if (endpoint !== undefined && isLoopback(endpoint) && !hasCredentials) {
    token = EMULATOR_TOKEN;
    region ??= env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  }
  const attempts = str(args, "max-attempts");
  return new BedrockRuntime({
    ...(region !== undefined && { region }),
    ...(endpoint !== undefined && { endpoint }),
    ...(profile !== undefined && { profile }),
    ...(token !== undefined && { token }),
    ...(attempts !== undefined && { maxAttempts: Number(attempts) }),
    ...(fetchImpl !== undefined && { fetch: fetchImpl }),
    env,
  });
}

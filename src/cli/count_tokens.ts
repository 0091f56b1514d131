/**
 * `bedrock count-tokens [prompt]`: prints how many input tokens a prompt costs.
 *
 * @module
 */
import { toConverseMessages } from "../chat/messages.ts";
import type { BedrockRuntime } from "../runtime/client.ts";
import { type ParsedArgs, str, UsageError } from "./args.ts";
import { DEFAULT_MODEL } from "./client.ts";
import type { CliIO } from "./io.ts";

/** The options of `count-tokens`. */
export const COUNT_OPTIONS = {
  system: { type: "string", short: "s" },
  json: { type: "boolean" },
} as const;

/** Help text of `count-tokens`. */
export const COUNT_HELP = `Usage: bedrock count-tokens <prompt> [options]

Prints the number of input tokens the prompt (and system prompt) costs for a model. Geo-prefixed
inference profile ids (us., eu., apac., global.) are mapped to their base model.

Options:
  -m, --model ID       model id (default ${DEFAULT_MODEL})
  -s, --system TEXT    system prompt
      --json           print {"inputTokens": N}
      --region, --endpoint, --profile, --token, --max-attempts, -v/--verbose  as for chat
  -h, --help           this help
`;

/**
 * Runs `count-tokens`.
 *
 * @returns The exit code.
 */
export async function countTokensCommand(
  args: ParsedArgs,
  io: CliIO,
  client: BedrockRuntime,
  signal: AbortSignal,
): Promise<number> {
  const prompt = args.positionals.join(" ").trim();
  if (prompt === "") throw new UsageError("count-tokens needs a prompt");
  const system = str(args, "system");
  const converted = toConverseMessages([prompt], system !== undefined ? { system } : {});
  const res = await client.countTokens({
    modelId: str(args, "model") ?? DEFAULT_MODEL,
    input: {
      converse: {
        messages: converted.messages,
        ...(converted.system !== undefined && { system: converted.system }),
      },
    },
  }, { signal });
  io.out(
    args.options.json === true
      ? `${JSON.stringify({ inputTokens: res.inputTokens })}\n`
      : `${res.inputTokens}\n`,
  );
  return 0;
}

/**
 * `bedrock emulator`: serves the local Bedrock emulator and prints its URL and the credentials it
 * accepts, until interrupted.
 *
 * @module
 */
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_SECRET_ACCESS_KEY,
  DEFAULT_TOKEN,
} from "../emulator/handler.ts";
import { num, type ParsedArgs, str } from "./args.ts";
import type { CliIO } from "./io.ts";

/** The options of `emulator`. */
export const EMULATOR_OPTIONS = {
  port: { type: "string", short: "p" },
  host: { type: "string" },
  "access-key-id": { type: "string" },
  "secret-access-key": { type: "string" },
  token: { type: "string" },
  script: { type: "string" },
  pace: { type: "string" },
  faults: { type: "string" },
  "no-auth": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Help text of `emulator`. */
export const EMULATOR_HELP = `Usage: bedrock emulator [options]

Serves a local Amazon Bedrock Runtime (every operation, SigV4 and bearer auth, event streams,
fault injection) and prints its URL. Point any client at it with --endpoint / endpoint.

Options:
  -p, --port N                 port (default 0: a free one)
      --host HOST              interface (default 127.0.0.1)
      --access-key-id ID       accepted access key (default ${DEFAULT_ACCESS_KEY_ID})
      --secret-access-key KEY  its secret (default ${DEFAULT_SECRET_ACCESS_KEY})
      --token TOKEN            accepted Bedrock API key (default ${DEFAULT_TOKEN})
      --script FILE            JSON array of turns for the scripted model to play
      --pace MS                pause between stream frames
      --faults SPEC            server-wide faults, e.g. "throttle=2" (per request: the
                               x-bedrock-fetch-fault header)
      --no-auth                accept unsigned requests
  -h, --help                   this help
`;

/**
 * Runs `emulator` until `signal` aborts.
 *
 * @returns The exit code.
 */
export async function emulatorCommand(
  args: ParsedArgs,
  io: CliIO,
  signal: AbortSignal,
): Promise<number> {
  const { serveEmulator } = await import("../emulator/serve.ts");
  const accessKeyId = str(args, "access-key-id") ?? DEFAULT_ACCESS_KEY_ID;
  const secretAccessKey = str(args, "secret-access-key") ?? DEFAULT_SECRET_ACCESS_KEY;
  const token = str(args, "token") ?? DEFAULT_TOKEN;
  const pace = num(args, "pace", { min: 0 });
  const script = str(args, "script");
  const faults = str(args, "faults");
  const server = await serveEmulator({
    port: num(args, "port", { min: 0, max: 65535, integer: true }) ?? 0,
    hostname: str(args, "host") ?? "127.0.0.1",
    keys: [{ accessKeyId, secretAccessKey }],
    tokens: [token],
    ...(args.options["no-auth"] === true && { auth: false }),
    ...(pace !== undefined && { paceMs: pace }),
    ...(script !== undefined && { scriptFile: script }),
    ...(faults !== undefined && { faults }),
  });
  io.out(`Bedrock emulator listening on ${server.url}\n`);
  io.out(`  AWS_ACCESS_KEY_ID=${accessKeyId}\n`);
  io.out(`  AWS_SECRET_ACCESS_KEY=${secretAccessKey}\n`);
  io.out(`  AWS_BEARER_TOKEN_BEDROCK=${token}\n`);
  io.out(`  AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${server.url}\n`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}

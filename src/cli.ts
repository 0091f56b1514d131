/**
 * The `bedrock` command line: chat with a model (streamed to the terminal), run the local
 * emulator, count tokens. Runs on Deno, Bun and Node.
 *
 * ```sh
 * deno run -A jsr:@bedrock-fetch/core/cli emulator --port 0     # prints http://127.0.0.1:PORT
 * deno run -A jsr:@bedrock-fetch/core/cli chat "Hello" --endpoint http://127.0.0.1:PORT
 * ```
 *
 * @example Calling the CLI from code
 * ```ts ignore
 * import { main } from "@bedrock-fetch/core/cli";
 * const code = await main(["count-tokens", "Hello", "--endpoint", "http://127.0.0.1:8080"]);
 * ```
 *
 * @module
 */
import { parseArgs, type ParsedArgs, UsageError } from "./cli/args.ts";
import { CHAT_HELP, CHAT_OPTIONS, chatCommand } from "./cli/chat.ts";
import { CLIENT_OPTIONS, clientFromArgs } from "./cli/client.ts";
import { COUNT_HELP, COUNT_OPTIONS, countTokensCommand } from "./cli/count_tokens.ts";
import { EMULATOR_HELP, EMULATOR_OPTIONS, emulatorCommand } from "./cli/emulator.ts";
import { errorLine } from "./cli/format.ts";
import { type CliIO, processIO } from "./cli/io.ts";

export type { CliIO };

/** The version the CLI reports. */
export const VERSION = "0.1.0";

const HELP = `Usage: bedrock <command> [options]

Commands:
  chat [prompt]          stream a reply (interactive when no prompt is given)
  emulator               serve the local Bedrock emulator
  count-tokens <prompt>  print the input token count of a prompt

Run "bedrock <command> --help" for a command's options.
Credentials, region and endpoint come from the usual AWS sources (environment, ~/.aws profiles)
or from --region, --endpoint, --profile and --token.

Options:
  -h, --help     this help
      --version  print the version
`;

/** Options of {@linkcode main}. */
export interface MainOptions {
  /** Process access; the real process by default. */
  io?: CliIO;
  /** The `fetch` the client uses (tests). */
  fetch?: typeof fetch;
  /** Aborts the running command. */
  signal?: AbortSignal;
}

/**
 * Runs the CLI with `argv` (without the program name) and resolves to the exit code: 0 on
 * success, 1 on a failed call, 2 on a usage error. Errors are printed as one line on standard
 * error (`--verbose` for detail).
 *
 * @example
 * ```ts ignore
 * import { main } from "@bedrock-fetch/core/cli";
 * Deno.exit(await main(Deno.args));
 * ```
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? processIO();
  const signal = options.signal ?? new AbortController().signal;
  const [command, ...rest] = argv;
  let verbose = rest.includes("--verbose") || rest.includes("-v");
  try {
    let args: ParsedArgs;
    switch (command) {
      case "chat":
        args = parseArgs(rest, { ...CLIENT_OPTIONS, ...CHAT_OPTIONS });
        if (args.options.help) return help(io, CHAT_HELP);
        verbose = args.options.verbose === true;
        return await chatCommand(args, io, clientFromArgs(args, io, options.fetch), signal);
      case "count-tokens":
        args = parseArgs(rest, { ...CLIENT_OPTIONS, ...COUNT_OPTIONS });
        if (args.options.help) return help(io, COUNT_HELP);
        verbose = args.options.verbose === true;
        return await countTokensCommand(args, io, clientFromArgs(args, io, options.fetch), signal);
      case "emulator":
        args = parseArgs(rest, EMULATOR_OPTIONS);
        if (args.options.help) return help(io, EMULATOR_HELP);
        return await emulatorCommand(args, io, signal);
      case "--version":
        io.out(`bedrock-fetch ${VERSION}\n`);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        return help(io, HELP);
      default:
        throw new UsageError(`Unknown command: ${command} (try --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n`);
      return 2;
    }
    if (signal.aborted) return 130;
    io.err(`${errorLine(error, verbose)}\n`);
    return 1;
  }
}

function help(io: CliIO, text: string): number {
  io.out(text);
  return 0;
}

function isMain(): boolean {
  const meta = import.meta as ImportMeta & { main?: boolean };
  if (meta.main !== undefined) return meta.main;
  const argv1 = (globalThis as { process?: { argv?: string[] } }).process?.argv?.[1];
  if (!argv1) return false;
  const here = decodeURIComponent(new URL(import.meta.url).pathname);
  return here === argv1 || here.replace(/\.[cm]?[jt]s$/, "") === argv1.replace(/\.[cm]?[jt]s$/, "");
}

if (isMain()) {
  const io = processIO();
  const controller = new AbortController();
  const { default: process } = await import("node:process");
  process.once("SIGINT", () => controller.abort());
  const code = await main(process.argv.slice(2), { io, signal: controller.signal });
  process.exit(code);
}

/**
 * A small, strict command-line parser for the `bedrock` CLI: `--name value`, `--name=value`,
 * boolean flags, repeatable options and `--` to end options.
 *
 * @module
 */

/** How one option is parsed. */
export interface OptionSpec {
  /** `string` takes a value, `boolean` takes none. */
  readonly type: "string" | "boolean";
  /** Whether the option may be given more than once (values collected in order). */
  readonly multiple?: boolean;
  /** A one-letter alias, e.g. `m` for `--model`. */
  readonly short?: string;
}

/** The result of {@linkcode parseArgs}. */
export interface ParsedArgs {
  /** Positional arguments, in order. */
  readonly positionals: string[];
  /** Option values by long name: a string, `true`, or a list for repeatable options. */
  readonly options: Record<string, string | boolean | string[]>;
}

/** A usage error: an unknown option, a missing value. The CLI exits with code 2. */
export class UsageError extends Error {
  /** @param message What is wrong with the command line. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Parses `argv` against `specs`; throws {@linkcode UsageError} on anything it does not know.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * const { positionals, options } = parseArgs(["hi", "--model", "m"], { model: { type: "string" } });
 * ```
 */
export function parseArgs(argv: readonly string[], specs: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | boolean | string[]> = {};
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--") && arg.length > 2) {
      const eq = arg.indexOf("=");
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) inline = arg.slice(eq + 1);
    } else if (arg.startsWith("-") && arg.length === 2 && arg !== "-") {
      name = byShort.get(arg[1]!);
      if (!name) throw new UsageError(`Unknown option: ${arg}`);
    } else {
      positionals.push(arg);
      continue;
    }
    let spec = specs[name];
    let negated = false;
    if (!spec && name.startsWith("no-") && specs[name.slice(3)]?.type === "boolean") {
      name = name.slice(3);
      spec = specs[name];
      negated = true;
    }
    if (!spec) throw new UsageError(`Unknown option: --${name}`);
    if (spec.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`Option --${name} takes no value`);
      options[name] = !negated;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`Option --${name} needs a value`);
    if (spec.multiple) {
      const list = (options[name] as string[] | undefined) ?? [];
      list.push(value);
      options[name] = list;
    } else {
      options[name] = value;
    }
  }
  return { positionals, options };
}

/** Reads a string option, or undefined. */
export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return typeof v === "string" ? v : undefined;
}

/** Reads a repeatable option as a list. */
export function list(args: ParsedArgs, name: string): string[] {
  const v = args.options[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

/** Reads a numeric option, naming the option and the rule when it is not a number in range. */
export function num(
  args: ParsedArgs,
  name: string,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  const raw = str(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    const kind = integer ? "an integer" : "a number";
    const bounds = `${Number.isFinite(min) ? ` >= ${min}` : ""}${
      Number.isFinite(max) ? ` <= ${max}` : ""
    }`;
    throw new UsageError(`Option --${name} must be ${kind}${bounds}, got "${raw}"`);
  }
  return n;
}

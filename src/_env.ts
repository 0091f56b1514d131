// The only file in src/ that touches runtime-specific globals (process, Deno). Typed locally so
// that src/ type-checks against Web APIs alone.

/** A record of environment variables, e.g. a Workers `env` binding object. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

interface ProcessLike {
  env?: Record<string, string | undefined>;
}
interface DenoLike {
  env?: { get(name: string): string | undefined; toObject?(): Record<string, string> };
}

/**
 * Reads one environment variable: from `env` when given, else the process environment where the
 * runtime has one (Node, Bun, Deno with `--allow-env`). Never throws.
 */
export function readEnv(name: string, env?: EnvRecord): string | undefined {
  if (env) return nonEmpty(env[name]);
  const g = globalThis as { process?: ProcessLike; Deno?: DenoLike };
  try {
    if (g.Deno?.env) return nonEmpty(g.Deno.env.get(name));
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
  try {
    return nonEmpty(g.process?.env?.[name]);
  } catch {
    return undefined;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === "" ? undefined : v;
}

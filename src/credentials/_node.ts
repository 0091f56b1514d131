// Node builtins (also provided by Deno and Bun), reached at run time only: through
// process.getBuiltinModule (Node >= 20.16, Bun, Deno 2) or else an import() with a computed
// specifier. No static `node:` import exists anywhere in src/credentials, so no bundler follows one.
// Typed locally with the few members used, so src/ type-checks without Node's types.

/** The part of node:fs/promises used here. */
export interface FsPromises {
  readFile(path: string, encoding: "utf8"): Promise<string>;
  writeFile(path: string, data: string, options: { encoding: "utf8"; mode: number }): Promise<void>;
}

/** The part of node:child_process used here. */
export interface ChildProcess {
  execFile(
    file: string,
    args: readonly string[],
    options: { shell?: boolean; timeout?: number; maxBuffer?: number; env?: unknown },
    callback: (error: { code?: unknown; killed?: boolean } | null, stdout: string) => void,
  ): unknown;
}

/** The part of node:os used here. */
export interface Os {
  homedir(): string;
}

interface ProcessWithBuiltins {
  getBuiltinModule?: (name: string) => unknown;
}

/** Loads a builtin module, or rejects where there is none (Workers, browsers). */
export async function builtin<T>(name: "node:fs" | "node:child_process" | "node:os"): Promise<T> {
  const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
  const mod = typeof proc?.getBuiltinModule === "function"
    ? proc.getBuiltinModule(name)
    : undefined;
  if (mod) return mod as T;
  const specifier: string = name;
  return await import(specifier) as T;
}

/** Reads a UTF-8 text file. */
export async function readTextFile(path: string): Promise<string> {
  const fs = await builtin<{ promises: FsPromises }>("node:fs");
  return await fs.promises.readFile(path, "utf8");
}

/** Writes a UTF-8 text file, readable by its owner only. */
export async function writeTextFile(path: string, text: string): Promise<void> {
  const fs = await builtin<{ promises: FsPromises }>("node:fs");
  await fs.promises.writeFile(path, text, { encoding: "utf8", mode: 0o600 });
}

/** The error code of a failed file read (`ENOENT`, `EACCES`, `NotCapable`...). */
export function errorCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "string") return code;
  return (e as { name?: unknown })?.name === "NotCapable" ? "NotCapable" : "unknown";
}

/**
 * `credential_process`: credentials printed by an external command (server runtimes only).
 *
 * @module
 */
import { builtin, type ChildProcess } from "./_node.ts";
import { credentialsFromJson, unavailable } from "./_util.ts";
import type { CredentialsProvider } from "./types.ts";

/**
 * Options of {@linkcode fromProcess}.
 *
 * @example
 * ```ts
 * import type { ProcessOptions } from "@bedrock-fetch/core/credentials";
 * const options: ProcessOptions = { timeoutMs: 10_000 };
 * ```
 */
export interface ProcessOptions {
  /** Kill the command after this long, in milliseconds. @default 60000 */
  readonly timeoutMs?: number | undefined;
  /** The name used in error messages. @default "process" */
  readonly source?: string | undefined;
}

/**
 * Runs a `credential_process` command through the shell and reads the JSON it prints:
 * `{ "Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"? }`.
 * Needs a runtime with child processes (Node, Bun, Deno with --allow-run). Neither the output nor
 * stderr ever appears in an error: only the exit code.
 *
 * @param command The command line, as in `~/.aws/config`.
 * @param options The timeout and source name.
 * @returns A provider that runs the command on each call (wrap it in `memoizeCredentials`).
 * @throws {BedrockCredentialsError} When the command fails or prints something else.
 * @example Usage
 * ```ts ignore
 * import { fromProcess, memoizeCredentials } from "@bedrock-fetch/core/credentials";
 * const provider = memoizeCredentials(
 *   fromProcess("aws configure export-credentials --profile dev --format process"),
 * );
 * console.log((await provider()).expiration);
 * ```
 */
export function fromProcess(command: string, options: ProcessOptions = {}): CredentialsProvider {
  const source = options.source ?? "process";
  return async () => {
    let cp: ChildProcess;
    try {
      cp = await builtin<ChildProcess>("node:child_process");
    } catch {
      throw unavailable(source, "child processes are not available in this runtime", true);
    }
    const stdout = await new Promise<string>((resolve, reject) => {
      try {
        cp.execFile(command, [], {
          shell: true,
          timeout: options.timeoutMs ?? 60_000,
          maxBuffer: 1 << 20,
        }, (error, out) => {
          if (!error) return resolve(String(out));
          const why = error.killed
            ? "timed out"
            : typeof error.code === "number"
            ? `exited with code ${error.code}`
            : `failed (${typeof error.code === "string" ? error.code : "no exit code"})`;
          reject(unavailable(source, `credential_process ${why}`, true));
        });
      } catch (e) {
        const denied = (e as { name?: string })?.name === "NotCapable";
        reject(unavailable(
          source,
          denied
            ? "running commands is not allowed (Deno: --allow-run)"
            : "cannot start credential_process",
          true,
        ));
      }
    });
    let version: unknown;
    try {
      version = (JSON.parse(stdout) as { Version?: unknown })?.Version;
    } catch {
      throw unavailable(source, "credential_process did not print JSON", true);
    }
    if (version !== 1) {
      throw unavailable(source, "credential_process output must have Version 1", true);
    }
    const creds = credentialsFromJson(stdout, source);
    if (creds.expiration && creds.expiration.getTime() <= Date.now()) {
      throw unavailable(source, "credential_process returned expired credentials", true);
    }
    return creds;
  };
}

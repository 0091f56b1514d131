/**
 * The CLI's window on the process: arguments, environment, output, files and stdin lines. One
 * implementation over `node:` built-ins serves Deno, Bun and Node alike; tests pass their own.
 *
 * @module
 */
import process from "node:process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";

/** What a CLI command may touch. */
export interface CliIO {
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes to standard output (no newline added). */
  out(text: string): void;
  /** Writes to standard error (no newline added). */
  err(text: string): void;
  /** Whether standard output is a terminal. */
  readonly isTTY: boolean;
  /** Whether standard error is a terminal (spinner, colours). */
  readonly errIsTTY: boolean;
  /** Reads a whole file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Lines typed on standard input, each after `prompt` is shown on a terminal. */
  lines(prompt: string): AsyncIterable<string>;
  /** Resolves when the user presses Ctrl-C (SIGINT). */
  interrupted(): Promise<void>;
}

/**
 * The real process.
 *
 * @returns An {@linkcode CliIO} over stdin/stdout/stderr and the file system.
 */
export function processIO(): CliIO {
  const env = process.env as Record<string, string | undefined>;
  return {
    env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    errIsTTY: process.stderr.isTTY === true,
    readFile: async (path) => new Uint8Array(await readFile(path)),
    async *lines(prompt) {
      const rl = createInterface({ input: process.stdin, terminal: false });
      const tty = process.stdin.isTTY === true;
      try {
        if (tty) process.stderr.write(prompt);
        for await (const line of rl) {
          yield line;
          if (tty) process.stderr.write(prompt);
        }
      } finally {
        rl.close();
      }
    },
    interrupted: () => new Promise((resolve) => process.once("SIGINT", () => resolve())),
  };
}

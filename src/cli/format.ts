/**
 * Terminal formatting for the CLI: the usage line, one-line errors, a spinner.
 *
 * @module
 */
import { BedrockFetchError, BedrockRuntimeServiceException } from "../errors.ts";
import type { ResponseMetadata } from "../errors.ts";
import type { TokenUsage } from "../runtime/types.ts";

/** Dims text on a terminal. */
export function dim(text: string, tty: boolean): string {
  return tty ? `\x1b[2m${text}\x1b[22m` : text;
}

/** The usage and latency line printed after a reply. */
export function usageLine(
  usage: TokenUsage | undefined,
  timing: { totalMs: number; firstTokenMs?: number | undefined; serverMs?: number | undefined },
  stopReason: string | undefined,
  metadata: ResponseMetadata | undefined,
): string {
  const parts: string[] = [];
  if (usage) {
    parts.push(
      `${usage.inputTokens} in`,
      `${usage.outputTokens} out`,
      `${usage.totalTokens} total`,
    );
    const read = usage.cacheReadInputTokens ?? 0;
    const write = usage.cacheWriteInputTokens ?? 0;
    if (read || write) parts.push(`cache read ${read} / write ${write}`);
  }
  let time = `${Math.round(timing.totalMs)} ms`;
  if (timing.firstTokenMs !== undefined) {
    time += ` (first token ${Math.round(timing.firstTokenMs)} ms)`;
  }
  parts.push(time);
  if (timing.serverMs !== undefined) parts.push(`model ${timing.serverMs} ms`);
  if (stopReason) parts.push(stopReason);
  if (metadata?.attempts && metadata.attempts > 1) parts.push(`${metadata.attempts} attempts`);
  return `— ${parts.join(" · ")}`;
}

/** One clear line for an error (more with `verbose`). Never prints secrets: errors carry none. */
export function errorLine(error: unknown, verbose: boolean): string {
  let line: string;
  if (error instanceof BedrockRuntimeServiceException) {
    const m = error.$metadata;
    const extra = [
      m.httpStatusCode !== undefined ? `HTTP ${m.httpStatusCode}` : "",
      m.requestId ? `request id ${m.requestId}` : "",
      m.attempts && m.attempts > 1 ? `${m.attempts} attempts` : "",
    ].filter(Boolean).join(", ");
    line = `error: ${error.name}: ${error.message}${extra ? ` (${extra})` : ""}`;
  } else if (error instanceof BedrockFetchError) {
    line = `error: ${error.message}`;
  } else if (error instanceof Error) {
    line = `error: ${error.name === "Error" ? "" : `${error.name}: `}${error.message}`;
  } else {
    line = `error: ${String(error)}`;
  }
  if (verbose && error instanceof Error) {
    const stack = error.stack?.split("\n").slice(1).join("\n");
    if (stack) line += `\n${stack}`;
    if (error.cause !== undefined) line += `\ncaused by: ${errorLine(error.cause, true).slice(7)}`;
  }
  return line;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A spinner on standard error until {@linkcode Spinner.stop} is called; a no-op off a terminal. */
export class Spinner {
  #timer: ReturnType<typeof setInterval> | undefined;
  #write: (s: string) => void;
  #frame = 0;
  /**
   * @param write Writes to standard error.
   * @param enabled Whether to draw (a terminal).
   */
  constructor(write: (s: string) => void, enabled: boolean) {
    this.#write = write;
    if (enabled) {
      this.#timer = setInterval(() => {
        this.#write(`\r${FRAMES[this.#frame++ % FRAMES.length]} `);
      }, 80);
    }
  }
  /** Stops and erases the spinner. */
  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#write("\r  \r");
  }
}

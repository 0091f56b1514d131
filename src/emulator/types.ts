// The emulator's public option and result types.
import type { EmulatorKey } from "./auth.ts";
import type { ScriptTurn } from "./model.ts";

export type { EmulatorKey, ScriptTurn };

/**
 * Options of {@linkcode createEmulator} (and {@linkcode serveEmulator}).
 *
 * @example
 * ```ts
 * import type { EmulatorOptions } from "@bedrock-fetch/core/emulator";
 * const options: EmulatorOptions = { paceMs: 5, faults: "throttle=1", script: ["Hello!", "Bye."] };
 * ```
 */
export interface EmulatorOptions {
  /** Accepted access keys. Default: `AKIAEMULATOREXAMPLE` / `emulator-secret`. */
  keys?: readonly EmulatorKey[];
  /** Accepted bearer tokens (Bedrock API keys). Default: `["emulator-token"]`. */
  tokens?: readonly string[];
  /** Set `false` to accept unauthenticated requests. Default `true`. */
  auth?: boolean;
  /** Allowed clock skew for SigV4 in ms. Default 300000 (5 minutes, as AWS). */
  maxSkewMs?: number;
  /** The clock (ms since epoch); for tests. Default `Date.now`. */
  now?: () => number;
  /** Turns the model plays instead of echoing; the n-th assistant turn plays `script[n]`. */
  script?: readonly ScriptTurn[];
  /** Milliseconds between stream frames. Default 0. */
  paceMs?: number;
  /** Server-wide faults in the `x-bedrock-fetch-fault` syntax, e.g. `"throttle=2"`. */
  faults?: string;
  /** Largest accepted request body in bytes (larger → 413). Default 25 MiB. */
  maxBodyBytes?: number;
  /** When given, only these model ids exist (others → 404 ResourceNotFoundException). */
  models?: readonly string[];
  /** The key reasoning signatures are HMACs with. Default `"bedrock-fetch-emulator"`. */
  signingKey?: string;
  /** Words that make guardrails intervene (case-insensitive). Default `["BLOCKED-WORD"]`. */
  blockedWords?: readonly string[];
}

/**
 * Counters of an emulator.
 *
 * @example
 * ```ts
 * import type { EmulatorStats } from "@bedrock-fetch/core/emulator";
 * const show = (s: EmulatorStats): string => `${s.requests} requests, ${s.errors} errors`;
 * ```
 */
export interface EmulatorStats {
  /** Requests handled. */
  requests: number;
  /** Error responses sent. */
  errors: number;
  /** Event-stream responses started. */
  streams: number;
}

/**
 * A local Bedrock Runtime as one fetch handler.
 *
 * @example
 * ```ts
 * import { createEmulator } from "@bedrock-fetch/core/emulator";
 * const emulator = createEmulator({ auth: false });
 * const res = await emulator.fetch(new Request("http://localhost/model/amazon.nova-micro-v1%3A0/converse", {
 *   method: "POST",
 *   body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
 * }));
 * console.log((await res.json()).output.message.content[0].text); // "Hi"
 * ```
 */
export interface Emulator {
  /** Handles one request like Bedrock Runtime. */
  fetch(request: Request): Promise<Response>;
  /** Replaces the server-wide faults (`x-bedrock-fetch-fault` syntax; `""` clears them). */
  setFaults(spec: string): void;
  /** Replaces the script (`undefined` → echo). */
  setScript(script: readonly ScriptTurn[] | undefined): void;
  /** Errors every open response stream (as a dropped connection would); new requests still work. */
  closeStreams(): void;
  /** The counters so far. */
  stats(): EmulatorStats;
}

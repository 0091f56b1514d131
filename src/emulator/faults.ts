// Fault injection: parsing `x-bedrock-fetch-fault` (and the server-wide `faults` option) and the
// `throttle=N` counters.
import {
  type EmulatorError,
  invalid,
  MODELED_STATUS,
  modeledError,
  STATUS_TYPE,
} from "./errors.ts";

/**
 * A parsed fault specification; every member optional, combinable.
 *
 * @example
 * ```ts
 * import type { FaultSpec } from "@bedrock-fetch/core/emulator";
 * const spec: FaultSpec = { midStreamException: "throttlingException", after: 2, slow: 10 };
 * ```
 */
export interface FaultSpec {
  /** The next N requests (this one included) get 429 ThrottlingException. */
  throttle?: number;
  /** Answer with this HTTP status and its modeled error. */
  status?: number;
  /** Answer with this modeled error (shape name), e.g. `ModelNotReadyException`. */
  error?: string;
  /** Send this modeled stream exception (union member name) after some events. */
  midStreamException?: string;
  /** Cut the stream in the middle of a frame, then close it. */
  truncate?: boolean;
  /** Corrupt the message CRC of a frame. */
  badCrc?: boolean;
  /** Error the response body (connection closed) mid-stream. */
  drop?: boolean;
  /** Milliseconds to pause between frames. */
  slow?: number;
  /** Answer a stream call with a JSON error body (HTTP 500 InternalServerException). */
  jsonError?: boolean;
  /** How many events go out before a mid-stream fault (default 3). */
  after?: number;
}

/**
 * The name of the per-request fault header.
 *
 * @example
 * ```ts
 * import { FAULT_HEADER } from "@bedrock-fetch/core/emulator";
 * const headers = { [FAULT_HEADER]: "status=503" };
 * ```
 */
export const FAULT_HEADER = "x-bedrock-fetch-fault";

function count(name: string, raw: string | undefined, min: number): number {
  const n = Number(raw);
  if (raw === undefined || raw === "" || !Number.isInteger(n) || n < min) {
    throw invalid(
      `Cannot apply fault '${name}': ${FAULT_HEADER} needs an integer >= ${min}, got '${
        raw ?? ""
      }'`,
    );
  }
  return n;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * Parses `throttle=2;status=503,slow=20` into a {@linkcode FaultSpec}; an unknown fault is a 400
 * naming it.
 *
 * @example
 * ```ts
 * import { parseFaults } from "@bedrock-fetch/core/emulator";
 * console.log(parseFaults("throttle=2;slow=20")); // { throttle: 2, slow: 20 }
 * ```
 */
export function parseFaults(spec: string): FaultSpec {
  const out: FaultSpec = {};
  for (const part of spec.split(/[;,]/)) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : item.slice(eq + 1).trim();
    switch (name) {
      case "throttle":
        out.throttle = value === undefined ? 1 : count(name, value, 0);
        break;
      case "status":
        out.status = count(name, value, 400);
        if (out.status > 599) {
          throw invalid(`Cannot apply fault 'status': ${value} is not 400..599`);
        }
        break;
      case "error": {
        const type = value ?? "";
        if (MODELED_STATUS[type] === undefined) {
          throw invalid(`Cannot apply fault 'error': '${type}' is not a modeled exception name`);
        }
        out.error = type;
        break;
      }
      case "mid-stream-exception":
        out.midStreamException = lowerFirst(value || "modelStreamErrorException");
        break;
      case "truncate":
        out.truncate = true;
        break;
      case "bad-crc":
        out.badCrc = true;
        break;
      case "drop":
        out.drop = true;
        break;
      case "slow":
        out.slow = count(name, value, 0);
        break;
      case "json-error":
        out.jsonError = true;
        break;
      case "after":
        out.after = count(name, value, 0);
        break;
      default:
        throw invalid(`Cannot apply fault '${name}': unknown fault in ${FAULT_HEADER}`);
    }
  }
  return out;
}

/** Merges server-wide faults under per-request ones. */
export function mergeFaults(base: FaultSpec, extra: FaultSpec): FaultSpec {
  return { ...base, ...extra };
}

/** The error a status/error fault produces (before any work is done). */
export function statusFault(faults: FaultSpec): EmulatorError | undefined {
  if (faults.error !== undefined) return modeledError(faults.error);
  if (faults.status !== undefined) {
    const type = STATUS_TYPE[faults.status] ??
      (faults.status >= 500 ? "InternalServerException" : "ValidationException");
    return modeledError(type, faults.status);
  }
  return undefined;
}

/**
 * `throttle=N` counters. A header-armed counter is keyed by the call (the SDK's
 * `amz-sdk-invocation-id`, else the request's own digest) so that retries of one call consume it
 * instead of re-arming it; the server-wide counter is shared by all requests.
 */
export class ThrottleBook {
  #global: number;
  #calls = new Map<string, number>();
  constructor(initial: number) {
    this.#global = initial;
  }
  /** True when this request must be throttled. */
  take(key: string, armed: number | undefined): boolean {
    if (armed !== undefined) {
      let left = this.#calls.get(key);
      if (left === undefined) {
        left = armed;
        if (this.#calls.size >= 4096) {
          const first = this.#calls.keys().next().value;
          if (first !== undefined) this.#calls.delete(first);
        }
      }
      this.#calls.set(key, Math.max(0, left - 1));
      return left > 0;
    }
    if (this.#global > 0) {
      this.#global--;
      return true;
    }
    return false;
  }
  /** Arms the server-wide counter (the next N requests are throttled). */
  arm(n: number): void {
    this.#global = n;
  }
}

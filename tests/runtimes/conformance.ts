// The portable end-to-end conformance suite: plain TS over Web APIs only, so the same file runs on
// Deno, Bun, Node (bundled) and workerd. The library arrives as loaded modules and the vectors as
// JSON data, because a Worker has no file system. See run_all.ts for the runtime drivers.

import { clientCases } from "./cases_client.ts";
import { faultCases } from "./cases_faults.ts";
import { wireCases } from "./cases_wire.ts";

/** A loaded library entry point (its exports), typed loosely: cases check shapes at run time. */
export type Module = Record<string, unknown>;

/** The library's entry points; a missing one (not written yet) skips the cases that need it. */
export interface Lib {
  /** `mod.ts` */
  root?: Module;
  /** `src/errors.ts` */
  errors?: Module;
  /** `src/sigv4/mod.ts` */
  sigv4?: Module;
  /** `src/eventstream/mod.ts` */
  eventstream?: Module;
  /** `src/emulator/mod.ts` */
  emulator?: Module;
  /** `src/chat/mod.ts` */
  chat?: Module;
}

/** One aws-c-auth v4 case, parsed by data.ts. */
export interface SigV4Vector {
  name: string;
  method: string;
  url: string;
  headers: [string, string][];
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  service: string;
  timestamp: string;
  expiresIn: number;
  authorization: string;
  /** Expected X-Amz-Signature of the presigned URL, when the case is used for presigning. */
  presignSignature?: string;
}

/** Everything the cases read, as JSON (bytes as base64). */
export interface ConformanceData {
  sigv4: SigV4Vector[];
  /** spec/sigv4/derived/bedrock-sigv4-examples.json `cases` as is. */
  bedrockSigv4: Array<Record<string, unknown>>;
  /** spec/eventstream/vectors.json as is. */
  eventstream: {
    positive: Array<Record<string, unknown>>;
    negative: Array<Record<string, unknown>>;
  };
  /** The first messages of fixtures/converse-stream.bin and what @smithy/eventstream-codec saw. */
  converseChunk: {
    base64: string;
    messages: number;
    eventTypes: Record<string, number>;
    textLength: number;
  };
}

/** A conformance case. */
export interface Case {
  name: string;
  /** The entry points it needs; when one is missing the case is reported as skipped. */
  needs: Array<keyof Lib>;
  fn: () => Promise<void> | void;
}

/** The outcome of one case. */
export interface CaseResult {
  name: string;
  status: "passed" | "failed" | "skipped";
  ms: number;
  error?: string;
}

/** Failed assertion. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

/** Throws unless `cond` holds. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new AssertionError(message);
}

/** Throws unless `actual` and `expected` are structurally equal (JSON-like values, bytes, dates). */
export function assertEquals(actual: unknown, expected: unknown, what: string): void {
  const a = show(actual);
  const e = show(expected);
  if (a !== e) {
    throw new AssertionError(`${what}: expected ${e.slice(0, 300)}, got ${a.slice(0, 300)}`);
  }
}

/** Awaits `fn` and returns what it threw; fails when it did not throw. */
export async function assertRejects(fn: () => unknown, what: string): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new AssertionError(`${what}: expected an error, none was thrown`);
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (x instanceof Uint8Array) return `bytes:${toHex(x)}`;
    if (typeof x === "bigint") return `bigint:${x}`;
    if (x && typeof x === "object" && !Array.isArray(x) && !(x instanceof Date)) {
      return Object.fromEntries(Object.entries(x).sort(([k1], [k2]) => (k1 < k2 ? -1 : 1)));
    }
    return x;
  }) ?? String(v);
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Bytes of a hex string. */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Bytes of a base64 string (atob exists on every target runtime). */
export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Reads a named export or fails with a message naming the entry point. */
export function pick<T>(mod: Module | undefined, name: string): T {
  const v = mod?.[name];
  if (v === undefined) throw new AssertionError(`Cannot find export ${name} in the entry point`);
  return v as T;
}

/** Every case of the suite. */
export function conformanceCases(lib: Lib, data: ConformanceData): Case[] {
  return [...wireCases(lib, data), ...faultCases(lib), ...clientCases(lib)];
}

/** Runs the cases one after another, each bounded by `timeoutMs`. */
export async function runConformance(
  lib: Lib,
  data: ConformanceData,
  options: { timeoutMs?: number; filter?: string } = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of conformanceCases(lib, data)) {
    if (options.filter && !c.name.includes(options.filter)) continue;
    results.push(await runCase(lib, c, options.timeoutMs ?? 10_000));
  }
  return results;
}

/** Runs one case: skipped when an entry point it needs is missing. */
export async function runCase(lib: Lib, c: Case, timeoutMs: number): Promise<CaseResult> {
  const missing = c.needs.filter((n) => lib[n] === undefined);
  if (missing.length > 0) {
    return { name: c.name, status: "skipped", ms: 0, error: `missing ${missing.join(", ")}` };
  }
  const t0 = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(c.fn),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new AssertionError(`timed out after ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return { name: c.name, status: "passed", ms: Date.now() - t0 };
  } catch (err) {
    const e = err as { name?: string; message?: string };
    return {
      name: c.name,
      status: "failed",
      ms: Date.now() - t0,
      error: `${e?.name}: ${e?.message}`,
    };
  } finally {
    clearTimeout(timer);
  }
}

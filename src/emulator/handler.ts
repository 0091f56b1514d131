// createEmulator: one fetch handler for every Bedrock Runtime operation — bounded body reading,
// authentication, routing, fault injection, then the operation; never throws.
import { toBase64 } from "../runtime/base64.ts";
import { hmac, hmacKey, sha256Hex } from "../sigv4/_sha256.ts";
import { authenticate, type AuthSettings } from "./auth.ts";
import { EmulatorError, errorResponse, invalid } from "./errors.ts";
import {
  FAULT_HEADER,
  type FaultSpec,
  mergeFaults,
  parseFaults,
  statusFault,
  ThrottleBook,
} from "./faults.ts";
import type { ScriptTurn } from "./model.ts";
import { type ResolvedModel, resolveModel } from "./models.ts";
import {
  applyGuardrail,
  converse,
  countTokensOp,
  invoke,
  type OpContext,
  parseJsonObject,
} from "./ops.ts";
import { PromptCache } from "./tokens.ts";
import type { Emulator, EmulatorOptions, EmulatorStats } from "./types.ts";

const MODEL_OPS = new Set([
  "converse",
  "converse-stream",
  "invoke",
  "invoke-with-response-stream",
  "count-tokens",
]);
const STREAM_OPS = new Set(["converse-stream", "invoke-with-response-stream"]);
const encoder = new TextEncoder();

/**
 * The default access key id the emulator accepts.
 *
 * @example
 * ```ts
 * import { DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY } from "@bedrock-fetch/core/emulator";
 * const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY };
 * ```
 */
export const DEFAULT_ACCESS_KEY_ID: string = "AKIAEMULATOREXAMPLE";
/**
 * The default secret access key the emulator accepts.
 *
 * @example
 * ```ts
 * import { DEFAULT_SECRET_ACCESS_KEY } from "@bedrock-fetch/core/emulator";
 * console.log(DEFAULT_SECRET_ACCESS_KEY); // "emulator-secret"
 * ```
 */
export const DEFAULT_SECRET_ACCESS_KEY: string = "emulator-secret";
/**
 * The default bearer token the emulator accepts.
 *
 * @example
 * ```ts
 * import { DEFAULT_TOKEN } from "@bedrock-fetch/core/emulator";
 * const headers = { authorization: `Bearer ${DEFAULT_TOKEN}` };
 * ```
 */
export const DEFAULT_TOKEN: string = "emulator-token";

interface Route {
  op: string;
  labels: string[];
}

function decodeLabel(raw: string, name: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid(
      `Cannot decode path label ${name}: '${raw.slice(0, 64)}' is not valid percent-encoding.`,
    );
  }
}

function route(method: string, path: string): Route | undefined {
  const parts = path.split("/");
  if (method !== "POST") return undefined;
  if (parts.length === 4 && parts[0] === "" && parts[1] === "model" && MODEL_OPS.has(parts[3]!)) {
    return { op: parts[3]!, labels: [decodeLabel(parts[2]!, "modelId")] };
  }
  if (
    parts.length === 6 && parts[1] === "guardrail" && parts[3] === "version" && parts[5] === "apply"
  ) {
    return {
      op: "apply-guardrail",
      labels: [
        decodeLabel(parts[2]!, "guardrailIdentifier"),
        decodeLabel(parts[4]!, "guardrailVersion"),
      ],
    };
  }
  return undefined;
}

function tooLarge(limit: number): EmulatorError {
  return new EmulatorError(
    413,
    "ValidationException",
    `Cannot accept request body: it exceeds the limit of ${limit} bytes.`,
  );
}

async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Creates a local Bedrock Runtime as one fetch handler (no socket): every operation, SigV4 and
 * bearer authentication, AWS-shaped validation errors, a deterministic scripted model, padded event
 * streams and fault injection (see the module doc for `x-bedrock-fetch-fault`).
 *
 * @param options Keys, tokens, script, pace, faults and limits.
 * @returns The emulator; `emulator.fetch(request)` answers like Bedrock Runtime.
 * @example
 * ```ts
 * import { createEmulator } from "@bedrock-fetch/core/emulator";
 * const emulator = createEmulator({ script: ["Hello from the script."] });
 * const res = await emulator.fetch(new Request("http://localhost/model/x/converse", { method: "POST" }));
 * console.log(res.status, res.headers.get("x-amzn-errortype")); // 403 MissingAuthenticationTokenException
 * ```
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const auth: AuthSettings = {
    keys: options.keys ??
      [{ accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY }],
    tokens: options.tokens ?? [DEFAULT_TOKEN],
    maxSkewMs: options.maxSkewMs ?? 5 * 60 * 1000,
    now: options.now ?? Date.now,
  };
  const limit = options.maxBodyBytes ?? 25 * 1024 * 1024;
  const signKey = hmacKey(encoder.encode(options.signingKey ?? "bedrock-fetch-emulator"));
  const sign = (text: string): string => toBase64(hmac(signKey, text));
  const check = (text: string, signature: string): boolean => sign(text) === signature;
  const cache = new PromptCache();
  let script: readonly ScriptTurn[] | undefined = options.script;
  let serverFaults: FaultSpec = parseFaults(options.faults ?? "");
  const throttles = new ThrottleBook(serverFaults.throttle ?? 0);
  const stats: EmulatorStats = { requests: 0, errors: 0, streams: 0 };
  // Plain callbacks, not an AbortController: workerd forbids one in a Worker's global scope and
  // forbids sharing one across requests.
  const closing = new Set<() => void>();

  async function handle(request: Request, requestId: string, started: number): Promise<Response> {
    const url = new URL(request.url);
    const body = await readBody(request, limit);
    if (options.auth !== false) {
      await authenticate(request.method, url, request.headers, body, auth);
    }
    const r = route(request.method, url.pathname);
    if (r === undefined) {
      throw new EmulatorError(
        404,
        "UnknownOperationException",
        `Cannot route request: no operation at ${request.method} ${url.pathname.slice(0, 200)}.`,
      );
    }
    const header = request.headers.get(FAULT_HEADER);
    const requestFaults = header === null ? {} : parseFaults(header);
    const faults = mergeFaults(serverFaults, requestFaults);
    // Only a header-armed throttle needs the call's identity; hashing every body would be waste.
    const callKey = requestFaults.throttle === undefined
      ? ""
      : request.headers.get("amz-sdk-invocation-id") ??
        sha256Hex(`${url.pathname}\n${header}\n${sha256Hex(body)}`);
    if (throttles.take(callKey, requestFaults.throttle)) {
      throw new EmulatorError(
        429,
        "ThrottlingException",
        "Too many requests, please wait before trying again.",
      );
    }
    const injected = statusFault(faults);
    if (injected !== undefined) throw injected;
    if (faults.jsonError === true) {
      throw new EmulatorError(
        500,
        "InternalServerException",
        "Emulated JSON error body (injected fault json-error).",
      );
    }
    const ctx: OpContext = {
      model: { script, sign },
      check,
      cache,
      paceMs: options.paceMs ?? 0,
      closing,
      faults,
      requestId,
      blockedWords: options.blockedWords ?? ["BLOCKED-WORD"],
      started,
    };
    if (r.op === "apply-guardrail") {
      return applyGuardrail(r.labels[0]!, r.labels[1]!, parseJsonObject(body), ctx);
    }
    const model = resolveModel(r.labels[0]!, options.models);
    const response = await dispatch(r, model, request.headers, body, ctx);
    if (STREAM_OPS.has(r.op)) stats.streams++;
    return response;
  }

  function dispatch(
    r: Route,
    model: ResolvedModel,
    headers: Headers,
    body: Uint8Array,
    ctx: OpContext,
  ): Response {
    switch (r.op) {
      case "converse":
      case "converse-stream":
        return converse(parseJsonObject(body), ctx, r.op === "converse-stream");
      case "invoke":
      case "invoke-with-response-stream":
        return invoke(model, headers, body, ctx, r.op !== "invoke");
      default:
        return countTokensOp(model, parseJsonObject(body), ctx);
    }
  }

  return {
    async fetch(request: Request): Promise<Response> {
      const requestId = crypto.randomUUID();
      stats.requests++;
      try {
        return await handle(request, requestId, Date.now());
      } catch (e) {
        stats.errors++;
        if (e instanceof EmulatorError) return errorResponse(e, requestId);
        return errorResponse(
          new EmulatorError(
            500,
            "InternalServerException",
            "Internal server error: the emulator failed to process the request.",
          ),
          requestId,
        );
      }
    },
    setFaults(spec: string): void {
      serverFaults = parseFaults(spec);
      throttles.arm(serverFaults.throttle ?? 0);
    },
    setScript(next: readonly ScriptTurn[] | undefined): void {
      script = next;
    },
    closeStreams(): void {
      for (const close of [...closing]) close();
      closing.clear();
    },
    stats(): EmulatorStats {
      return { ...stats };
    },
  };
}

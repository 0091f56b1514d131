// Internal helpers shared by the credential sources: redacted credential objects, the JSON shape
// served by container/IMDS endpoints, fetch with a timeout, and chain-control markers.
import { BedrockCredentialsError } from "../errors.ts";
import type { Credentials, FetchFunction, ProviderOptions } from "./types.ts";

/**
 * Builds a frozen credentials object whose `JSON.stringify`, `String()` and console inspection
 * never show the secret key or session token. Spreading it still copies the real values.
 */
export function sealCredentials(
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken?: string,
  expiration?: Date,
): Credentials {
  const out: Credentials = {
    accessKeyId,
    secretAccessKey,
    ...sessionToken ? { sessionToken } : {},
    ...expiration ? { expiration } : {},
  };
  const redacted = {
    // Masked the way the AWS CLI does: only the last 4 characters stay.
    accessKeyId: accessKeyId.length > 4
      ? "*".repeat(Math.min(16, accessKeyId.length - 4)) + accessKeyId.slice(-4)
      : "****",
    secretAccessKey: "[redacted]",
    ...sessionToken ? { sessionToken: "[redacted]" } : {},
    ...expiration ? { expiration: expiration.toISOString() } : {},
  };
  const text = { value: () => `Credentials ${JSON.stringify(redacted)}` };
  return Object.freeze(Object.defineProperties(out, {
    toJSON: { value: () => redacted },
    toString: text,
    [Symbol.for("nodejs.util.inspect.custom")]: text,
    [Symbol.for("Deno.customInspect")]: text,
  }));
}

/** Parses an ISO-8601 expiration, or throws naming the source (never the value's neighbours). */
export function parseExpiration(value: unknown, source: string): Date | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const date = new Date(String(value));
  if (isNaN(date as unknown as number)) {
    throw unavailable(source, "Expiration is not an ISO-8601 date", true);
  }
  return date;
}

/**
 * Reads the `{ AccessKeyId, SecretAccessKey, Token|SessionToken, Expiration }` JSON that container
 * endpoints, IMDS and credential_process return. JSON.parse errors are dropped on purpose: V8 quotes
 * part of the input in its message, which would leak the secret.
 */
export function credentialsFromJson(text: string, source: string): Credentials {
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(text);
  } catch { /* reported below, without the parser's message */ }
  if (!body || typeof body !== "object") {
    throw unavailable(source, "the response is not a JSON object", true);
  }
  const id = body.AccessKeyId, secret = body.SecretAccessKey;
  const token = body.Token ?? body.SessionToken;
  if (typeof id !== "string" || !id || typeof secret !== "string" || !secret) {
    throw unavailable(source, "the response has no AccessKeyId and SecretAccessKey", true);
  }
  return sealCredentials(
    id,
    secret,
    typeof token === "string" ? token : undefined,
    parseExpiration(body.Expiration, source),
  );
}

/** Throws unless both keys are non-empty strings; returns the credentials unchanged. */
export function requireKeys<T extends Partial<Credentials>>(c: T): T {
  for (const key of ["accessKeyId", "secretAccessKey"] as const) {
    if (typeof c?.[key] !== "string" || !c[key]) {
      throw new BedrockCredentialsError(
        `Cannot use credentials: ${key} must be a non-empty string`,
      );
    }
  }
  return c;
}

/** Errors of sources that are configured but broken: the chain stops at them. */
export const FATAL: WeakSet<object> = new WeakSet<object>();

/**
 * A `BedrockCredentialsError` for one source. `fatal` marks a source that is configured but broken:
 * the chain stops there instead of silently falling through to another identity.
 */
export function unavailable(
  source: string,
  reason: string,
  fatal = false,
): BedrockCredentialsError {
  const err = new BedrockCredentialsError(`Cannot resolve credentials from ${source}`, [
    { source, reason },
  ]);
  if (fatal) FATAL.add(err);
  return err;
}

/**
 * Calls fetch with a timeout. Network errors and timeouts get a reason that names the host but
 * never headers (which carry tokens); `fatal` when the source was explicitly configured.
 */
export async function fetchWithTimeout(
  url: string,
  init: RequestInit,
  options: ProviderOptions,
  source: string,
  fatal: boolean,
  defaultTimeoutMs = 1000,
): Promise<Response> {
  const f: FetchFunction = options.fetch ?? globalThis.fetch;
  const ms = options.timeoutMs ?? defaultTimeoutMs;
  try {
    return await f(url, { ...init, signal: AbortSignal.timeout(ms) });
  } catch (e) {
    const why = (e as { name?: string })?.name === "TimeoutError"
      ? `no answer within ${ms} ms`
      : "the request failed";
    throw unavailable(source, `${why} (${init.method ?? "GET"} ${new URL(url).origin})`, fatal);
  }
}

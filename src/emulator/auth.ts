// Request authentication as AWS does it: SigV4 (Authorization header) and bearer tokens (Bedrock
// API keys), with AWS's 403 error types and messages. Nothing secret is ever put in a message.
import { computeSignature } from "../sigv4/mod.ts";
import { sha256Hex } from "../sigv4/_sha256.ts";
import { EmulatorError } from "./errors.ts";
import { authenticatePresigned } from "./auth_query.ts";

/**
 * One accepted access key.
 *
 * @example
 * ```ts
 * import type { EmulatorKey } from "@bedrock-fetch/core/emulator";
 * const key: EmulatorKey = { accessKeyId: "AKIATEST", secretAccessKey: "test-secret", sessionToken: "tok" };
 * ```
 */
export interface EmulatorKey {
  /** The access key id. */
  accessKeyId: string;
  /** The secret access key. */
  secretAccessKey: string;
  /** When set, requests must carry this `x-amz-security-token`. */
  sessionToken?: string;
}

/** The authentication settings of an emulator. */
export interface AuthSettings {
  /** Accepted access keys. */
  readonly keys: readonly EmulatorKey[];
  /** Accepted bearer tokens. */
  readonly tokens: readonly string[];
  /** Allowed clock skew in ms (AWS: 5 minutes). */
  readonly maxSkewMs: number;
  /** The clock. */
  readonly now: () => number;
}

const SKEW_TEXT = "5 min.";

/** A 403 with an AWS auth error type. */
export function forbidden(
  type: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorError {
  return new EmulatorError(403, type, message, {}, headers);
}

/** Parses `yyyymmddThhmmssZ`. */
export function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (m === null) return undefined;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? undefined : t;
}

/** Formats ms as `yyyymmddThhmmssZ`. */
export function amz(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

interface ParsedAuth {
  credential?: string;
  signedHeaders?: string;
  signature?: string;
}

function parseAuthorization(value: string): ParsedAuth {
  const out: ParsedAuth = {};
  for (const part of value.slice("AWS4-HMAC-SHA256".length).split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (key === "Credential") out.credential = v;
    else if (key === "SignedHeaders") out.signedHeaders = v;
    else if (key === "Signature") out.signature = v;
  }
  return out;
}

/** Constant-time string comparison. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Verifies a request's credentials; throws an {@linkcode EmulatorError} with AWS's 403 type and
 * message when they fail. `url` must keep the path exactly as received.
 */
export async function authenticate(
  method: string,
  url: URL,
  headers: Headers,
  body: Uint8Array,
  auth: AuthSettings,
): Promise<void> {
  const header = headers.get("authorization");
  if ((header === null || header.trim() === "") && url.searchParams.has("X-Amz-Algorithm")) {
    return await authenticatePresigned(method, url, headers, auth);
  }
  if (header === null || header.trim() === "") {
    throw forbidden("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  if (/^bearer\s/i.test(header)) {
    const token = header.replace(/^bearer\s+/i, "").trim();
    if (!auth.tokens.some((t) => timingSafeEqual(t, token))) {
      throw forbidden(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    }
    return;
  }
  if (!header.startsWith("AWS4-HMAC-SHA256 ")) {
    throw forbidden(
      "IncompleteSignatureException",
      "Authorization header requires the 'AWS4-HMAC-SHA256' algorithm or a 'Bearer' token.",
    );
  }
  const parsed = parseAuthorization(header);
  const missing: string[] = [];
  if (parsed.credential === undefined) missing.push("'Credential'");
  if (parsed.signature === undefined) missing.push("'Signature'");
  if (parsed.signedHeaders === undefined) missing.push("'SignedHeaders'");
  const amzDate = headers.get("x-amz-date");
  if (missing.length > 0 || amzDate === null) {
    const parts = missing.map((m) => `Authorization header requires ${m} parameter.`);
    if (amzDate === null) {
      parts.push(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      );
    }
    throw forbidden("IncompleteSignatureException", parts.join(" "));
  }
  const scope = parsed.credential!.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request") {
    throw forbidden(
      "IncompleteSignatureException",
      "Credential should be scoped to a valid region, service and 'aws4_request' terminator.",
    );
  }
  const [accessKeyId, shortDate, region, service] = scope as [string, string, string, string];
  const key = auth.keys.find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) {
    throw forbidden(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  if (key.sessionToken !== undefined) {
    const sent = headers.get("x-amz-security-token") ?? "";
    if (!timingSafeEqual(sent, key.sessionToken)) {
      throw forbidden(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    }
  }
  if (service !== "bedrock") {
    throw forbidden(
      "InvalidSignatureException",
      "Credential should be scoped to correct service: 'bedrock'.",
    );
  }
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    throw forbidden(
      "IncompleteSignatureException",
      `Date must be in ISO-8601 'basic format'. Got '${amzDate.slice(0, 40)}'.`,
    );
  }
  if (!amzDate.startsWith(shortDate)) {
    throw forbidden(
      "InvalidSignatureException",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${
        amzDate.slice(0, 8)
      }', from '${amzDate}'.`,
    );
  }
  const now = auth.now();
  const dateHeader = { date: new Date(now).toUTCString() };
  if (signedAt < now - auth.maxSkewMs) {
    throw forbidden(
      "InvalidSignatureException",
      `Signature expired: ${amzDate} is now earlier than ${amz(now - auth.maxSkewMs)} (${
        amz(now)
      } - ${SKEW_TEXT})`,
      dateHeader,
    );
  }
  if (signedAt > now + auth.maxSkewMs) {
    throw forbidden(
      "InvalidSignatureException",
      `Signature not yet current: ${amzDate} is still later than ${amz(now + auth.maxSkewMs)} (${
        amz(now)
      } + ${SKEW_TEXT})`,
      dateHeader,
    );
  }
  const signedHeaders = parsed.signedHeaders!.split(";").filter((h) => h !== "");
  if (!signedHeaders.includes("host") && !signedHeaders.includes(":authority")) {
    throw forbidden(
      "InvalidSignatureException",
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  const signable = new Headers(headers);
  if (!signable.has("host")) signable.set("host", url.host);
  const withAuthority: [string, string][] = [];
  signable.forEach((v, k) => withAuthority.push([k, v]));
  if (signedHeaders.includes(":authority")) withAuthority.push([":authority", url.host]);
  const contentHash = headers.get("x-amz-content-sha256");
  if (
    contentHash !== null && contentHash !== "UNSIGNED-PAYLOAD" && contentHash !== sha256Hex(body)
  ) {
    throw new EmulatorError(
      400,
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const result = await computeSignature({
    method,
    url,
    headers: withAuthority,
    body,
    signedHeaders,
    date: new Date(signedAt),
    credentials: { accessKeyId, secretAccessKey: key.secretAccessKey },
    region,
    service,
  });
  if (!timingSafeEqual(result.signature, parsed.signature!)) {
    throw forbidden(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
}

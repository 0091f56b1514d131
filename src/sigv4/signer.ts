// SigV4Signer: signs fetch requests with an Authorization header or a presigned URL.
import type { Credentials, CredentialsInput } from "../credentials/types.ts";
import type {
  PresignedUrl,
  PresignOptions,
  SignableRequest,
  SignedRequest,
  SignOptions,
  SigV4SignerOptions,
} from "./types.ts";
import { BedrockInputError } from "../errors.ts";
import {
  ALGORITHM,
  canonicalHeaderValue,
  credentialScope,
  formatAmzDate,
  splitUrl,
  UNSIGNABLE_HEADERS,
  UNSIGNED_PAYLOAD,
  uriEncode,
} from "./canonical.ts";
import { addCanonical, computeStages, forEachHeader, type SignatureResult } from "./compute.ts";
import { SigningKeyCache } from "./key_cache.ts";
import { hashPayload, type SignableBody } from "./payload.ts";
import { type EventSignature, eventSignature } from "./event.ts";

const MAX_EXPIRES = 604800;

function checkCredentials(c: Credentials): Credentials {
  if (
    typeof c !== "object" || c === null || typeof c.accessKeyId !== "string" ||
    c.accessKeyId === "" || typeof c.secretAccessKey !== "string" || c.secretAccessKey === ""
  ) {
    throw new BedrockInputError(
      "credentials",
      "must have a non-empty accessKeyId and secretAccessKey",
    );
  }
  return c;
}

function isSignable(name: string, extra: readonly string[] | undefined): boolean {
  if (UNSIGNABLE_HEADERS.has(name)) return false;
  if (name.startsWith("proxy-") || name.startsWith("sec-")) return false;
  return extra === undefined || !extra.includes(name);
}

/**
 * Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`): an `Authorization` header with
 * {@link SigV4Signer.sign}, or a query-signed URL with {@link SigV4Signer.presign}.
 *
 * @example
 * ```ts
 * import { SigV4Signer } from "@bedrock-fetch/core/sigv4";
 * const signer = new SigV4Signer({
 *   region: "us-east-1",
 *   service: "bedrock",
 *   credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
 * });
 * const signed = await signer.sign({
 *   method: "POST",
 *   url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
 * });
 * signed.headers.get("authorization"); // "AWS4-HMAC-SHA256 Credential=AKID/…"
 * ```
 */
export class SigV4Signer {
  /** The signing region. */
  readonly region: string;
  /** The signing name. */
  readonly service: string;
  readonly #credentials: CredentialsInput;
  readonly #clockOffset: number | (() => number);
  readonly #keys: SigningKeyCache;

  /**
   * Creates a signer; credentials from a provider are fetched on every call.
   *
   * @param options Region, service, credentials and an optional clock offset.
   */
  constructor(options: SigV4SignerOptions) {
    if (!options.region) throw new BedrockInputError("region", "must be a non-empty string");
    if (!options.service) throw new BedrockInputError("service", "must be a non-empty string");
    this.region = options.region;
    this.service = options.service;
    this.#credentials = options.credentials;
    this.#clockOffset = options.clockOffsetMs ?? 0;
    this.#keys = new SigningKeyCache(options.keyCacheSize ?? 16);
  }

  /** The current time plus the clock offset. */
  now(): Date {
    const offset = typeof this.#clockOffset === "function"
      ? this.#clockOffset()
      : this.#clockOffset;
    return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0));
  }

  /** Static credentials are returned without a promise hop; a provider's are awaited by callers. */
  #resolve(): Credentials | Promise<Credentials> {
    const source = this.#credentials;
    return typeof source === "function"
      ? source().then(checkCredentials)
      : checkCredentials(source);
  }

  /** Signs a request with an `Authorization` header. */
  async sign(request: SignableRequest, options: SignOptions = {}): Promise<SignedRequest> {
    return (await this.signStages(request, options)).request;
  }

  /** Signs like {@link SigV4Signer.sign} and also returns every stage (for tests and debugging). */
  async signStages(
    request: SignableRequest,
    options: SignOptions = {},
  ): Promise<{ request: SignedRequest; stages: SignatureResult }> {
    let credentials = this.#resolve();
    if (credentials instanceof Promise) credentials = await credentials;
    const amzDate = formatAmzDate(options.date ?? this.now());
    const token = credentials.sessionToken;
    const only = options.signedHeaders?.map((n) => n.toLowerCase());
    const canonical = new Map<string, string>();
    const out: [string, string][] = [];
    let sentHash: string | undefined;
    forEachHeader(request.headers, (name, value) => {
      if (name === "authorization" || name === "x-amz-date") return;
      if (token && name === "x-amz-security-token") return;
      out.push([name, value]);
      if (name === "x-amz-content-sha256") sentHash = canonicalHeaderValue(value);
      const sign = only ? only.includes(name) : isSignable(name, options.unsignableHeaders);
      if (sign) addCanonical(canonical, name, value);
    });
    const parts = splitUrl(request.url);
    if (!canonical.has("host")) canonical.set("host", parts.host);
    let payloadHash = sentHash ?? hashPayload(request.body);
    if (typeof payloadHash !== "string") payloadHash = await payloadHash;
    if (sentHash === undefined && options.contentSha256) {
      out.push(["x-amz-content-sha256", payloadHash]);
      canonical.set("x-amz-content-sha256", payloadHash);
    }
    canonical.set("x-amz-date", amzDate);
    out.push(["x-amz-date", amzDate]);
    if (token) {
      canonical.set("x-amz-security-token", canonicalHeaderValue(token));
      out.push(["x-amz-security-token", token]);
    }
    const r = computeStages(
      request.method,
      parts,
      canonical,
      payloadHash,
      amzDate,
      credentials,
      this.region,
      this.service,
      options.normalizePath ?? true,
      this.#keys,
    );
    out.push([
      "authorization",
      `${ALGORITHM} Credential=${credentials.accessKeyId}/${r.credentialScope}, SignedHeaders=${r.signedHeaders}, Signature=${r.signature}`,
    ]);
    const url = typeof request.url === "string" ? request.url : request.url.href;
    return {
      request: {
        method: request.method,
        url,
        headers: new Headers(out),
        body: (request.body ?? null) as BodyInit | null,
      },
      stages: r,
    };
  }

  /** Presigns a request: returns its URL with the `X-Amz-*` query parameters and signature. */
  async presign(
    request: Omit<SignableRequest, "body">,
    options: PresignOptions = {},
  ): Promise<URL> {
    return new URL((await this.presignStages(request, options)).url);
  }

  /** Presigns like {@link SigV4Signer.presign} and returns the URL string with every stage. */
  async presignStages(
    request: Omit<SignableRequest, "body">,
    options: PresignOptions = {},
  ): Promise<PresignedUrl> {
    let credentials = this.#resolve();
    if (credentials instanceof Promise) credentials = await credentials;
    const expiresIn = options.expiresIn ?? 900;
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES) {
      throw new BedrockInputError(
        "expiresIn",
        `must be an integer from 1 to ${MAX_EXPIRES} seconds`,
      );
    }
    const amzDate = formatAmzDate(options.date ?? this.now());
    const canonical = new Map<string, string>();
    forEachHeader(request.headers, (name, value) => {
      if (isSignable(name, undefined)) addCanonical(canonical, name, value);
    });
    if (!canonical.has("host")) canonical.set("host", splitUrl(request.url).host);
    const scope = credentialScope(amzDate.slice(0, 8), this.region, this.service);
    const signedHeaders = [...canonical.keys()].sort().join(";");
    let added = "X-Amz-Algorithm=" + ALGORITHM +
      "&X-Amz-Credential=" + uriEncode(`${credentials.accessKeyId}/${scope}`) +
      "&X-Amz-Date=" + amzDate +
      "&X-Amz-Expires=" + expiresIn +
      "&X-Amz-SignedHeaders=" + uriEncode(signedHeaders);
    if (credentials.sessionToken) {
      added += "&X-Amz-Security-Token=" + uriEncode(credentials.sessionToken);
    }
    const base = typeof request.url === "string" ? request.url : request.url.href;
    const hash = base.indexOf("#");
    const head = hash >= 0 ? base.slice(0, hash) : base;
    const q = head.indexOf("?");
    const joined = q < 0 ? head + "?" + added : head + (q === head.length - 1 ? "" : "&") + added;
    const r = computeStages(
      request.method,
      splitUrl(joined),
      canonical,
      options.payloadHash ?? UNSIGNED_PAYLOAD,
      amzDate,
      credentials,
      this.region,
      this.service,
      options.normalizePath ?? true,
      this.#keys,
    );
    return { ...r, url: joined + "&X-Amz-Signature=" + r.signature };
  }

  /**
   * Signs one event of an event stream: `priorSignature` is the request's signature for the first
   * event, then the previous event's; an empty payload ends the stream.
   */
  async signEvent(
    payload: SignableBody,
    priorSignature: string,
    options: { readonly date?: Date | undefined } = {},
  ): Promise<EventSignature> {
    let credentials = this.#resolve();
    if (credentials instanceof Promise) credentials = await credentials;
    const date = options.date ?? this.now();
    const shortDate = formatAmzDate(date).slice(0, 8);
    const key = this.#keys.get(
      credentials.accessKeyId,
      credentials.secretAccessKey,
      shortDate,
      this.region,
      this.service,
    );
    const scope = credentialScope(shortDate, this.region, this.service);
    return await eventSignature(key, scope, priorSignature, payload, date);
  }

  /** A redacted description: region and service only. */
  toJSON(): { region: string; service: string } {
    return { region: this.region, service: this.service };
  }

  /** A redacted description. */
  toString(): string {
    return `SigV4Signer { region: ${this.region}, service: ${this.service} }`;
  }

  /** Redacted for Deno's `console.log`. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Redacted for Node's and Bun's `console.log`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

// SigV4HeaderSigner: signs fetch requests with an Authorization header (the client's only need);
// SigV4Signer (signer.ts) extends it with presigned URLs and event signing.
import type { Credentials, CredentialsInput } from "../credentials/types.ts";
import type { SignableRequest, SignedRequest, SignOptions, SigV4SignerOptions } from "./types.ts";
import { BedrockInputError } from "../errors.ts";
import {
  ALGORITHM,
  canonicalHeaderValue,
  formatAmzDate,
  isSignable,
  splitUrl,
} from "./canonical.ts";
import { addCanonical, computeStages, forEachHeader, type SignatureResult } from "./compute.ts";
import { type KeySource, lastKey } from "./key_cache.ts";
import { hashPayload } from "./payload.ts";
import { noop } from "../_abort.ts";

/** What a signer signs with: its clock, its credentials and its key cache. */
export interface SignerContext {
  /** The signing region. */
  readonly region: string;
  /** The signing name. */
  readonly service: string;
  /** Where signing keys come from. */
  keys: KeySource;
  /** Resolves and checks the credentials (no promise hop for static ones). */
  credentials(): Credentials | Promise<Credentials>;
}

/** @internal The context of a signer, for SigV4Signer's presign and event signing. */
export let signerContext: (signer: SigV4HeaderSigner) => SignerContext;

const required = (field: string, rule: string): never => {
  throw new BedrockInputError(field, rule);
};

function checkCredentials(c: Credentials): Credentials {
  return c?.accessKeyId && typeof c.accessKeyId === "string" && c.secretAccessKey &&
      typeof c.secretAccessKey === "string"
    ? c
    : required("credentials", "must have a non-empty accessKeyId and secretAccessKey");
}

/**
 * Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`) in an `Authorization` header,
 * and nothing else: the part of {@link SigV4Signer} that a client needs, for bundles that never
 * presign a URL or sign events. It keeps only the last derived signing key (`keyCacheSize` is
 * {@link SigV4Signer}'s).
 *
 * @example
 * ```ts
 * import { SigV4HeaderSigner } from "@bedrock-fetch/core/sigv4";
 * const signer = new SigV4HeaderSigner({
 *   region: "us-east-1",
 *   service: "bedrock",
 *   credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
 * });
 * const signed = await signer.sign({ method: "GET", url: "https://example.amazonaws.com/" });
 * signed.headers.get("authorization"); // "AWS4-HMAC-SHA256 Credential=AKID/…"
 * ```
 */
export class SigV4HeaderSigner {
  /** The signing region. */
  declare readonly region: string;
  /** The signing name. */
  declare readonly service: string;
  readonly #context: SignerContext;
  readonly #clockOffset: number | (() => number);

  static {
    signerContext = (signer) => signer.#context;
  }

  /**
   * Creates a signer; credentials from a provider are fetched on every call.
   *
   * @param options Region, service, credentials and an optional clock offset.
   */
  constructor(options: SigV4SignerOptions) {
    const { region, service } = options;
    const source: CredentialsInput = options.credentials;
    this.region = region || required("region", "must be a non-empty string");
    this.service = service || required("service", "must be a non-empty string");
    this.#clockOffset = options.clockOffsetMs ?? 0;
    this.#context = {
      region,
      service,
      keys: lastKey(),
      credentials: () =>
        typeof source === "function" ? source().then(checkCredentials) : checkCredentials(source),
    };
  }

  /** The current time plus the clock offset. */
  now(): Date {
    const offset = this.#clockOffset, ms = typeof offset === "function" ? offset() : offset;
    return new Date(Date.now() + (Number.isFinite(ms) ? ms : 0));
  }

  /** Signs a request with an `Authorization` header. */
  async sign(request: SignableRequest, options: SignOptions = {}): Promise<SignedRequest> {
    return (await signStages(this, request, options)).request;
  }
}

/** @internal Signs a request and returns every stage; SigV4Signer.signStages exposes it. */
export async function signStages(
  signer: SigV4HeaderSigner,
  request: SignableRequest,
  options: SignOptions,
): Promise<{ request: SignedRequest; stages: SignatureResult }> {
  const context = signerContext(signer);
  let credentials = context.credentials();
  if (credentials instanceof Promise) credentials = await credentials;
  const amzDate = formatAmzDate(options.date ?? signer.now());
  const token = credentials.sessionToken;
  const only = options.signedHeaders?.map((n) => n.toLowerCase());
  const canonical = new Map<string, string>();
  const sent: string[] = [];
  let sentHash: string | undefined;
  forEachHeader(request.headers, (name, value) => {
    if (name === "authorization" || name === "x-amz-date") return;
    if (token && name === "x-amz-security-token") return;
    sent.push(name, value);
    if (name === "x-amz-content-sha256") sentHash = canonicalHeaderValue(value);
    if (only ? only.includes(name) : isSignable(name, options.unsignableHeaders)) {
      addCanonical(canonical, name, value);
    }
  });
  // A large body is hashed by Web Crypto on another thread while the rest is computed here: the
  // digest starts first, and the hash is awaited only for the last blocks of the canonical request.
  const payloadHash = sentHash ?? options.payloadHash ?? hashPayload(request.body);
  // A failure below, before it is awaited, must not leave its rejection unhandled.
  if (payloadHash instanceof Promise) payloadHash.catch(noop);
  const out = new Headers(); // appends cost less than a Headers built from pairs
  for (let i = 0; i < sent.length; i += 2) out.append(sent[i]!, sent[i + 1]!);
  const add = (name: string, value: string, signed = value): void => {
    out.append(name, value);
    canonical.set(name, signed);
  };
  const parts = splitUrl(request.url);
  if (!canonical.has("host")) canonical.set("host", parts.host);
  const hashHeader = sentHash === undefined && options.contentSha256
    ? "x-amz-content-sha256"
    : undefined;
  if (hashHeader) canonical.set(hashHeader, "");
  add("x-amz-date", amzDate);
  if (token) add("x-amz-security-token", token, canonicalHeaderValue(token));
  let r = computeStages(
    request.method,
    parts,
    canonical,
    payloadHash,
    amzDate,
    credentials,
    context,
    options.normalizePath,
    hashHeader,
  );
  if (r instanceof Promise) r = await r;
  if (hashHeader) out.append(hashHeader, r.payloadHash);
  out.append(
    "authorization",
    `${ALGORITHM} Credential=${credentials.accessKeyId}/${r.credentialScope}, SignedHeaders=${r.signedHeaders}, Signature=${r.signature}`,
  );
  return {
    request: {
      method: request.method,
      url: String(request.url),
      headers: out,
      body: (request.body ?? null) as BodyInit | null,
    },
    stages: r,
  };
}

// SigV4Signer: SigV4HeaderSigner plus presigned URLs, exposed stages and event signing.
import type {
  PresignedUrl,
  PresignOptions,
  SignableRequest,
  SignedRequest,
  SignOptions,
  SigV4SignerOptions,
} from "./types.ts";
import { BedrockInputError } from "../errors.ts";
import { SigningKeyCache } from "./key_cache.ts";
import {
  ALGORITHM,
  credentialScope,
  formatAmzDate,
  isSignable,
  splitUrl,
  UNSIGNED_PAYLOAD,
  uriEncode,
} from "./canonical.ts";
import { addCanonical, computeStages, forEachHeader, type SignatureResult } from "./compute.ts";
import type { SignableBody } from "./payload.ts";
import { type EventSignature, eventSignature } from "./event.ts";
import { signerContext, signStages, SigV4HeaderSigner } from "./sign.ts";

const MAX_EXPIRES = 604800;

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
export class SigV4Signer extends SigV4HeaderSigner {
  /**
   * Creates a signer; credentials from a provider are fetched on every call.
   *
   * @param options Region, service, credentials, an optional clock offset and key cache size.
   */
  constructor(options: SigV4SignerOptions) {
    super(options);
    signerContext(this).keys = new SigningKeyCache(options.keyCacheSize ?? 16);
  }

  /** Signs like {@link SigV4Signer.sign} and also returns every stage (for tests and debugging). */
  signStages(
    request: SignableRequest,
    options: SignOptions = {},
  ): Promise<{ request: SignedRequest; stages: SignatureResult }> {
    return signStages(this, request, options);
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
    const context = signerContext(this);
    const credentials = await context.credentials();
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
      if (isSignable(name)) addCanonical(canonical, name, value);
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
    const base = String(request.url);
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
      context,
      options.normalizePath,
    ) as SignatureResult; // a string payload hash: computed synchronously
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
    const context = signerContext(this);
    const credentials = await context.credentials();
    const date = options.date ?? this.now();
    const shortDate = formatAmzDate(date).slice(0, 8);
    const key = context.keys.get(
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
  override toString(): string {
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

// The low-level SigV4 computation shared by SigV4Signer and by the emulator's verifier.
import type { Credentials } from "../credentials/types.ts";
import { hmacHex, sha256HexPrefix } from "./_sha256.ts";
import {
  ALGORITHM,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  formatAmzDate,
  splitUrl,
  type UrlParts,
} from "./canonical.ts";
import { SigningKeyCache } from "./key_cache.ts";
import { hashPayload, type SignableBody } from "./payload.ts";
import type { SignerContext } from "./sign.ts";

/**
 * What {@link computeSignature} needs: a request as received or about to be sent, the exact list of
 * signed header names, and the signing context.
 *
 * @example
 * ```ts
 * import type { SignatureInput } from "@bedrock-fetch/core/sigv4";
 * const input: SignatureInput = {
 *   method: "GET",
 *   url: "https://example.amazonaws.com/",
 *   headers: { "x-amz-date": "20150830T123600Z" },
 *   signedHeaders: ["host", "x-amz-date"],
 *   date: new Date("2015-08-30T12:36:00Z"),
 *   credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
 *   region: "us-east-1",
 *   service: "service",
 * };
 * ```
 */
export interface SignatureInput {
  /** The HTTP method, e.g. `POST`. */
  readonly method: string;
  /** The URL; a string is signed with its path exactly as written, a `URL` with its `pathname`. */
  readonly url: string | URL;
  /** The request headers; `host` is taken from the URL when absent. */
  readonly headers?: HeadersInit | undefined;
  /** The body; ignored when `payloadHash` is given. */
  readonly body?: SignableBody;
  /**
   * The payload hash to sign, e.g. `UNSIGNED-PAYLOAD`. Default: a signed `x-amz-content-sha256`
   * header's value (as AWS does; check it against the body separately), else the body's hex SHA-256.
   */
  readonly payloadHash?: string | undefined;
  /** The header names to sign, lower case (a missing header is signed as empty). */
  readonly signedHeaders: readonly string[];
  /** The signing time. */
  readonly date: Date;
  /** The credentials that sign. */
  readonly credentials: Credentials;
  /** The region, e.g. `us-east-1`. */
  readonly region: string;
  /** The signing name, e.g. `bedrock`. */
  readonly service: string;
  /** Remove `.`, `..` and empty path segments before encoding (default true, as AWS services do). */
  readonly normalizePath?: boolean | undefined;
}

/**
 * Every stage of a SigV4 signature, for verification and debugging. Contains no secret, but the
 * signature itself must not be logged.
 *
 * @example
 * ```ts
 * import type { SignatureResult } from "@bedrock-fetch/core/sigv4";
 * const check = (r: SignatureResult, sent: string): boolean => r.signature === sent;
 * ```
 */
export interface SignatureResult {
  /** The canonical request. */
  readonly canonicalRequest: string;
  /** The string to sign. */
  readonly stringToSign: string;
  /** The hex signature. */
  readonly signature: string;
  /** The `;`-joined signed header names. */
  readonly signedHeaders: string;
  /** `yyyymmdd/region/service/aws4_request`. */
  readonly credentialScope: string;
  /** The payload hash that was signed. */
  readonly payloadHash: string;
}

/** Calls `fn(lowerName, value)` for every header of a HeadersInit, in order (duplicates kept). */
export function forEachHeader(
  headers: HeadersInit | undefined,
  fn: (name: string, value: string) => void,
): void {
  if (headers instanceof Headers) headers.forEach((value, name) => fn(name, value));
  else if (Array.isArray(headers)) {
    for (const pair of headers) fn(String(pair[0]).toLowerCase(), String(pair[1]));
  } else {
    for (const name in headers) {
      const value = (headers as Record<string, string>)[name];
      if (value !== undefined && Object.hasOwn(headers, name)) fn(name.toLowerCase(), value);
    }
  }
}

/** Adds a header value to the canonical map, joining repeats with `,`. */
export function addCanonical(map: Map<string, string>, name: string, value: string): void {
  const v = canonicalHeaderValue(value), prior = map.get(name);
  map.set(name, prior === undefined ? v : prior + "," + v);
}

/**
 * The stages after header selection; `headers` maps lower-case names to canonical values, and the
 * value of the header named `hashHeader` (a signed `x-amz-content-sha256` the signer adds) is the
 * payload hash, whatever the map holds. With a payload hash still being computed (a promise),
 * everything that does not need it (the canonical request up to the hash's first place, all but
 * the last block of its SHA-256, the signing key) is done before waiting for it; with a string,
 * the same steps run synchronously.
 */
export function computeStages(
  method: string,
  parts: UrlParts,
  headers: ReadonlyMap<string, string>,
  payloadHash: string | Promise<string>,
  amzDate: string,
  credentials: Credentials,
  context: Omit<SignerContext, "credentials">,
  normalize = true,
  hashHeader?: string,
): SignatureResult | Promise<SignatureResult> {
  // the canonical.ts stages inlined (same text as canonicalHeaders, canonicalRequest,
  // credentialScope and stringToSign)
  const names = [...headers.keys()].sort(), signedHeaders = names.join(";");
  let creq = method.toUpperCase() + "\n" + canonicalUri(parts.path, normalize) + "\n" +
    canonicalQuery(parts.query) + "\n";
  // What follows the payload hash's place in the headers, when it has one there.
  let tail: string | undefined;
  for (const name of names) {
    const value = headers.get(name);
    if (name === hashHeader) creq += name + ":", tail = "\n";
    else if (tail === undefined) creq += name + ":" + value + "\n";
    else tail += name + ":" + value + "\n";
  }
  if (tail === undefined) creq += "\n" + signedHeaders + "\n";
  else tail += "\n" + signedHeaders + "\n";
  const { region, service } = context, shortDate = amzDate.slice(0, 8);
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const key = context.keys.get(
    credentials.accessKeyId,
    credentials.secretAccessKey,
    shortDate,
    region,
    service,
  );
  const finish = sha256HexPrefix(creq);
  const stages = (payloadHash: string): SignatureResult => {
    // The rest of the canonical request: the hash, then (when it also sits among the headers) the
    // headers after it and the hash again.
    const suffix = tail === undefined ? payloadHash : payloadHash + tail + payloadHash;
    const sts = `${ALGORITHM}\n${amzDate}\n${scope}\n${finish(suffix)}`;
    return {
      canonicalRequest: creq + suffix,
      stringToSign: sts,
      signature: hmacHex(key, sts),
      signedHeaders,
      credentialScope: scope,
      payloadHash,
    };
  };
  return typeof payloadHash === "string" ? stages(payloadHash) : payloadHash.then(stages);
}

let verifierKeys: SigningKeyCache | undefined;

/**
 * Computes a SigV4 signature over exactly the listed headers; the emulator calls this with the
 * `SignedHeaders` of a received `Authorization` header and compares signatures.
 *
 * @example
 * ```ts
 * import { computeSignature } from "@bedrock-fetch/core/sigv4";
 * const { signature } = await computeSignature({
 *   method: "GET",
 *   url: "https://example.amazonaws.com/",
 *   headers: { "x-amz-date": "20150830T123600Z" },
 *   signedHeaders: ["host", "x-amz-date"],
 *   date: new Date("2015-08-30T12:36:00Z"),
 *   credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
 *   region: "us-east-1",
 *   service: "service",
 * });
 * ```
 */
export async function computeSignature(input: SignatureInput): Promise<SignatureResult> {
  const wanted = new Set(input.signedHeaders.map((n) => n.toLowerCase()));
  const found = new Map<string, string>();
  forEachHeader(input.headers, (name, value) => {
    if (wanted.has(name)) addCanonical(found, name, value);
  });
  const parts = splitUrl(input.url);
  const selected = new Map<string, string>();
  for (const name of wanted) {
    const value = found.get(name) ?? (name === "host" ? parts.host : "");
    selected.set(name, value);
  }
  const payloadHash = input.payloadHash ?? found.get("x-amz-content-sha256") ??
    hashPayload(input.body);
  return await computeStages(
    input.method,
    parts,
    selected,
    payloadHash,
    formatAmzDate(input.date),
    input.credentials,
    { region: input.region, service: input.service, keys: verifierKeys ??= new SigningKeyCache() },
    input.normalizePath,
  );
}

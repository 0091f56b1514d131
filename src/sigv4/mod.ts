/**
 * AWS Signature Version 4 for fetch: sign a request with an `Authorization` header, presign a URL,
 * or recompute a received request's signature (the emulator's verifier). Web APIs only; hashing is
 * synchronous for small inputs and uses Web Crypto for large bodies. `SigV4HeaderSigner` is the
 * `Authorization`-header part alone, for bundles that never presign or sign events.
 *
 * @example
 * ```ts
 * import { SigV4Signer } from "@bedrock-fetch/core/sigv4";
 *
 * const signer = new SigV4Signer({
 *   region: "us-east-1",
 *   service: "bedrock",
 *   credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
 * });
 * const modelId = encodeURIComponent("anthropic.claude-3-haiku-20240307-v1:0");
 * const signed = await signer.sign({
 *   method: "POST",
 *   url: `https://bedrock-runtime.us-east-1.amazonaws.com/model/${modelId}/converse`,
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hello" }] }] }),
 * });
 * // await fetch(signed.url, { method: signed.method, headers: signed.headers, body: signed.body });
 * ```
 *
 * @module
 */

export { SigV4Signer } from "./signer.ts";
export { SigV4HeaderSigner } from "./sign.ts";
export type {
  PresignedUrl,
  PresignOptions,
  SignableRequest,
  SignedRequest,
  SignOptions,
  SigV4SignerOptions,
} from "./types.ts";
export { computeSignature, type SignatureInput, type SignatureResult } from "./compute.ts";
export {
  canonicalHeaders,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  credentialScope,
  EMPTY_SHA256,
  formatAmzDate,
  normalizePath,
  stringToSign,
  UNSIGNED_PAYLOAD,
  uriEncode,
} from "./canonical.ts";
export { applyBearerToken } from "./bearer.ts";
export type { EventSignature } from "./event.ts";
export type { SignableBody } from "./payload.ts";
export type { Credentials, CredentialsInput, CredentialsProvider } from "../credentials/types.ts";

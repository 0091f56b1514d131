// The payload hash: synchronous SHA-256 for small bodies, Web Crypto above a measured cut-over.
import { EMPTY_SHA256 } from "./canonical.ts";
import { sha256Hex, toHex, utf8Scratch } from "./_sha256.ts";

/** Bodies the signer hashes. */
export type SignableBody = Uint8Array | ArrayBuffer | string | null | undefined;

/**
 * Bodies of at least this many bytes are hashed with `crypto.subtle.digest`: below it the promise
 * hop costs more than the pure-TS hash (bench/sigv4_bench.ts, group "payload hash cut-over": the
 * sync hash wins 1.4x at 1 KiB, Web Crypto wins from 2 KiB on).
 */
export const SUBTLE_THRESHOLD = 2048;

/** Hex SHA-256 of the exact body bytes (UTF-8 for strings); the empty hash when there is no body. */
export function hashPayload(body: SignableBody): string | Promise<string> {
  if (!body) return EMPTY_SHA256;
  // Strings up to 1 MiB are encoded into the shared scratch buffer; digest() copies its input
  // before returning, so the buffer is safe to reuse afterwards.
  const bytes = typeof body !== "string"
    ? body instanceof Uint8Array ? body : new Uint8Array(body)
    : body.length * 3 > 1 << 20
    ? new TextEncoder().encode(body)
    : utf8Scratch(body);
  if (bytes.length < SUBTLE_THRESHOLD) return sha256Hex(bytes);
  return crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)
    .then((d) => toHex(new Uint8Array(d)));
}

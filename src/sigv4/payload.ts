// The payload hash: synchronous SHA-256 for small bodies, Web Crypto above a measured cut-over.
import { EMPTY_SHA256 } from "./canonical.ts";
import { sha256Hex, toHex } from "./_sha256.ts";

/** Bodies the signer hashes. */
export type SignableBody = Uint8Array | ArrayBuffer | string | null | undefined;

/**
 * Bodies at least this long are hashed with `crypto.subtle.digest`: below it the promise hop and copy
 * cost more than the pure-TS hash (measured with bench/sigv4_bench.ts).
 */
export const SUBTLE_THRESHOLD = 4096;

const encoder = new TextEncoder();

/** Hex SHA-256 of the exact body bytes (UTF-8 for strings); the empty hash when there is no body. */
export function hashPayload(body: SignableBody): string | Promise<string> {
  if (body === null || body === undefined) return EMPTY_SHA256;
  if (typeof body === "string") {
    if (body.length === 0) return EMPTY_SHA256;
    if (body.length * 3 < SUBTLE_THRESHOLD) return sha256Hex(body);
    body = encoder.encode(body);
  }
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body);
  if (bytes.length < SUBTLE_THRESHOLD) return sha256Hex(bytes);
  return crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>).then((d) =>
    toHex(new Uint8Array(d))
  );
}

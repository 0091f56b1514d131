// The payload hash: synchronous SHA-256 for small bodies, Web Crypto above a measured cut-over.
import { EMPTY_SHA256 } from "./canonical.ts";
import { sha256Hex, toHex } from "./_sha256.ts";

/** Bodies the signer hashes. */
export type SignableBody = Uint8Array | ArrayBuffer | string | null | undefined;

/**
 * Bodies of at least this many bytes are hashed with `crypto.subtle.digest`: below it the promise
 * hop costs more than the pure-TS hash (bench/sigv4_bench.ts, group "payload hash cut-over": the
 * sync hash wins 1.4x at 1 KiB, Web Crypto wins from 2 KiB on).
 */
export const SUBTLE_THRESHOLD = 2048;

/** Strings up to this many UTF-8 bytes are encoded into a reused buffer before hashing. */
const SCRATCH_LIMIT = 1 << 20;
const encoder = new TextEncoder();
let scratch = new Uint8Array(0);

function digestHex(bytes: Uint8Array): Promise<string> {
  // digest() copies its input before returning, so a reused buffer is safe to overwrite afterwards
  return crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>).then((d) =>
    toHex(new Uint8Array(d))
  );
}

/** Hex SHA-256 of the exact body bytes (UTF-8 for strings); the empty hash when there is no body. */
export function hashPayload(body: SignableBody): string | Promise<string> {
  if (body === null || body === undefined) return EMPTY_SHA256;
  if (typeof body === "string") {
    if (body.length === 0) return EMPTY_SHA256;
    if (body.length * 3 < SUBTLE_THRESHOLD) return sha256Hex(body);
    const max = body.length * 3;
    if (max > SCRATCH_LIMIT) return digestHex(encoder.encode(body));
    if (scratch.length < max) scratch = new Uint8Array(Math.max(max, 4096));
    const bytes = scratch.subarray(0, encoder.encodeInto(body, scratch).written);
    return bytes.length < SUBTLE_THRESHOLD ? sha256Hex(bytes) : digestHex(bytes);
  }
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body);
  return bytes.length < SUBTLE_THRESHOLD ? sha256Hex(bytes) : digestHex(bytes);
}

// Chained event-stream signatures (AWS4-HMAC-SHA256-PAYLOAD), as InvokeModelWithBidirectionalStream
// needs: each event's signature covers the prior signature, its `:date` header and its payload.
import { hmac, type HmacKey, sha256Hex, toHex } from "./_sha256.ts";
import { formatAmzDate } from "./canonical.ts";
import { hashPayload, type SignableBody } from "./payload.ts";

/**
 * One signed event: the signature to send as the `:chunk-signature` header (raw bytes) of a frame
 * whose `:date` header is `date`.
 *
 * @example
 * ```ts
 * import type { EventSignature } from "@bedrock-fetch/core/sigv4";
 * const next = (s: EventSignature): string => s.signature; // the prior signature of the next event
 * ```
 */
export interface EventSignature {
  /** The hex signature; the next event's prior signature. */
  readonly signature: string;
  /** The 32 signature bytes, the `:chunk-signature` header value. */
  readonly signatureBytes: Uint8Array;
  /** The time signed, to send as the `:date` timestamp header. */
  readonly date: Date;
  /** The string to sign (for debugging; holds no secret). */
  readonly stringToSign: string;
}

/** The event-stream encoding of a header block holding only `:date` (timestamp, ms, big-endian). */
export function encodeDateHeader(date: Date): Uint8Array {
  const out = new Uint8Array(15);
  out[0] = 5;
  out.set([0x3a, 0x64, 0x61, 0x74, 0x65], 1); // ":date"
  out[6] = 8; // timestamp
  new DataView(out.buffer).setBigInt64(7, BigInt(date.getTime()));
  return out;
}

/** Computes an event signature with an already derived signing key. */
export async function eventSignature(
  key: HmacKey,
  scope: string,
  priorSignature: string,
  payload: SignableBody,
  date: Date,
): Promise<EventSignature> {
  const payloadHash = await hashPayload(payload);
  const stringToSign =
    `AWS4-HMAC-SHA256-PAYLOAD\n${formatAmzDate(date)}\n${scope}\n${priorSignature}\n` +
    `${sha256Hex(encodeDateHeader(date))}\n${payloadHash}`;
  const signatureBytes = hmac(key, stringToSign);
  return { signature: toHex(signatureBytes), signatureBytes, date, stringToSign };
}

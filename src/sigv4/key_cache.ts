// A bounded cache of derived SigV4 signing keys (kSigning), one per access key, region and service.
import { hmac, type HmacKey, hmacKey } from "./_sha256.ts";

interface Entry {
  readonly shortDate: string;
  readonly secret: string;
  readonly key: HmacKey;
}

/** Derives kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): HmacKey {
  const kDate = hmac(hmacKey(new TextEncoder().encode("AWS4" + secretAccessKey)), shortDate);
  const kRegion = hmac(hmacKey(kDate), region);
  const kService = hmac(hmacKey(kRegion), service);
  return hmacKey(hmac(hmacKey(kService), "aws4_request"));
}

/**
 * An LRU of derived keys keyed by access key id, region and service (never by the secret, which is
 * compared instead). An entry is replaced when the date or the secret changes.
 */
export class SigningKeyCache {
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();

  constructor(max = 16) {
    this.#max = Math.max(1, Math.floor(max));
  }

  /** How many keys are cached. */
  get size(): number {
    return this.#entries.size;
  }

  /** The signing key for these inputs, derived on a miss. */
  get(
    accessKeyId: string,
    secretAccessKey: string,
    shortDate: string,
    region: string,
    service: string,
  ): HmacKey {
    const id = accessKeyId + "\n" + region + "\n" + service;
    const hit = this.#entries.get(id);
    if (hit !== undefined && hit.shortDate === shortDate && hit.secret === secretAccessKey) {
      if (this.#entries.size > 1) {
        this.#entries.delete(id);
        this.#entries.set(id, hit);
      }
      return hit.key;
    }
    const key = deriveSigningKey(secretAccessKey, shortDate, region, service);
    this.#entries.delete(id);
    this.#entries.set(id, { shortDate, secret: secretAccessKey, key });
    if (this.#entries.size > this.#max) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return key;
  }

  /** Drops every key. */
  clear(): void {
    this.#entries.clear();
  }

  /** Redacted. */
  toJSON(): { size: number } {
    return { size: this.#entries.size };
  }
}

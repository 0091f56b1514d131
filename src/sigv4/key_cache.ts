// A bounded cache of derived SigV4 signing keys (kSigning), one per access key, region and service.
import { hmac, type HmacKey, hmacKey } from "./_sha256.ts";

/** Derives kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): HmacKey {
  let key = hmacKey(new TextEncoder().encode("AWS4" + secretAccessKey));
  for (const part of [shortDate, region, service, "aws4_request"]) key = hmacKey(hmac(key, part));
  return key;
}

/** Where a signer gets its signing keys: {@link SigningKeyCache} or {@link lastKey}. */
export type KeySource = Pick<SigningKeyCache, "get">;

/** A cache of the last derived key only (a client signs with one key per day and region). */
export function lastKey(): KeySource {
  let last: [string, string, string, string, string, HmacKey] | undefined;
  return {
    get(id, secret, date, region, service) {
      if (
        last?.[0] !== id || last[1] !== secret || last[2] !== date || last[3] !== region ||
        last[4] !== service
      ) {
        last = [id, secret, date, region, service, deriveSigningKey(secret, date, region, service)];
      }
      return last[5];
    },
  };
}

/**
 * An LRU of derived keys keyed by access key id, region and service (never by the secret, which is
 * compared instead). An entry is replaced when the date or the secret changes.
 */
export class SigningKeyCache {
  readonly #max: number;
  readonly #entries = new Map<string, [shortDate: string, secret: string, key: HmacKey]>();

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
    const map = this.#entries, id = accessKeyId + "\n" + region + "\n" + service;
    let hit = map.get(id);
    if (hit?.[0] !== shortDate || hit[1] !== secretAccessKey) {
      hit = [
        shortDate,
        secretAccessKey,
        deriveSigningKey(secretAccessKey, shortDate, region, service),
      ];
    } else if (map.size < 2) return hit[2];
    map.delete(id);
    map.set(id, hit);
    if (map.size > this.#max) map.delete(map.keys().next().value!);
    return hit[2];
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

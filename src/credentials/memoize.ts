/**
 * A cache in front of any credentials provider.
 *
 * @module
 */
import { requireKeys } from "./_util.ts";
import type { Credentials, CredentialsProvider } from "./types.ts";

/**
 * Options of {@linkcode memoizeCredentials}.
 *
 * @example
 * ```ts
 * import type { MemoizeOptions } from "@bedrock-fetch/core/credentials";
 * const options: MemoizeOptions = { refreshBeforeMs: 60_000 };
 * ```
 */
export interface MemoizeOptions {
  /** Refresh temporary credentials this long before they expire. @default 300000 (5 minutes) */
  readonly refreshBeforeMs?: number | undefined;
  /** The clock, for tests. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/**
 * Wraps a provider so that it is called once, then again only when the credentials come within
 * `refreshBeforeMs` of their `expiration` (credentials without one are kept for good). Concurrent
 * callers share a single in-flight call. A failed refresh is not cached; while the old credentials
 * have not actually expired yet, they are returned instead of the error.
 *
 * @param provider The source to cache.
 * @param options The refresh window and the clock.
 * @returns A provider that caches.
 * @throws {BedrockCredentialsError} When the provider returns no access key id or secret key.
 * @example Usage
 * ```ts
 * import { memoizeCredentials } from "@bedrock-fetch/core/credentials";
 * let calls = 0;
 * const cached = memoizeCredentials(() => {
 *   calls++;
 *   return Promise.resolve({ accessKeyId: "AKID", secretAccessKey: "secret" });
 * });
 * await Promise.all([cached(), cached(), cached()]);
 * console.log(calls); // 1
 * ```
 */
export function memoizeCredentials(
  provider: CredentialsProvider,
  options: MemoizeOptions = {},
): CredentialsProvider {
  const before = options.refreshBeforeMs ?? 300_000;
  const now = options.now ?? Date.now;
  let cached: Credentials | undefined;
  let settled: Promise<Credentials> | undefined; // `cached`, already resolved: the hot path
  let refreshAt = 0;
  let pending: Promise<Credentials> | undefined;

  const refresh = async (): Promise<Credentials> => {
    try {
      const fresh = requireKeys(await provider());
      cached = fresh;
      settled = Promise.resolve(fresh);
      const expires = fresh.expiration?.getTime();
      if (expires === undefined) refreshAt = Infinity;
      else {
        const t = now();
        // Credentials handed out already inside the window (IMDS does this) are kept for half of
        // their remaining life, so every request does not become a refresh.
        refreshAt = expires - before > t ? expires - before : t + Math.max(0, (expires - t) / 2);
      }
      return fresh;
    } catch (e) {
      // Old credentials that have not expired yet (`undefined > n` is false).
      if (cached?.expiration?.getTime()! > now()) return cached!;
      throw e;
    }
  };

  return (): Promise<Credentials> => {
    if (settled && (refreshAt === Infinity || now() < refreshAt)) return settled;
    // `finally` always runs in a later microtask, after `pending` has been assigned.
    return pending ??= refresh().finally(() => {
      pending = undefined;
    });
  };
}

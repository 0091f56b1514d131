/**
 * Abort helpers: an abortable sleep and a race of a promise against a signal. Both reject with
 * `signal.reason` untouched and remove their listener and timer when they settle.
 *
 * @example
 * ```ts
 * import { abortableSleep } from "./abort.ts";
 * await abortableSleep(10, AbortSignal.timeout(1_000));
 * ```
 *
 * @module
 */

/** A sleep that can be replaced in tests: waits `ms`, rejects with `signal.reason` on abort. */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Waits `ms` milliseconds, or rejects with `signal.reason` as soon as `signal` aborts.
 *
 * @param ms How long to wait.
 * @param signal Cancels the wait.
 * @returns A promise that resolves after the wait.
 * @example
 * ```ts
 * import { abortableSleep } from "./abort.ts";
 * await abortableSleep(1);
 * ```
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Settles like `promise`, unless `signal` aborts first: then rejects with `signal.reason`.
 * The listener is removed when either settles.
 *
 * @param promise The work.
 * @param signal Cancels the wait (the work itself must be cancelled by its owner).
 * @returns The work's result.
 * @example
 * ```ts
 * import { raceAbort } from "./abort.ts";
 * await raceAbort(Promise.resolve(1), new AbortController().signal); // 1
 * ```
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {}); // the work will fail once cancelled; nobody waits for it
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

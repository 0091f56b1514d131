/**
 * Abort and timer helpers: an abortable sleep, a race of a promise against a signal, a removable
 * abort listener and an optional timer. The first two reject with `signal.reason` untouched and
 * remove their listener and timer when they settle.
 *
 * @example
 * ```ts
 * import { abortableSleep } from "./_abort.ts";
 * await abortableSleep(10, AbortSignal.timeout(1_000));
 * ```
 *
 * @module
 */

/** A sleep that can be replaced in tests: waits `ms`, rejects with `signal.reason` on abort. */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Does nothing; the handler of rejections nobody waits for.
 *
 * @example
 * ```ts
 * import { noop } from "./_abort.ts";
 * Promise.reject(new Error("late")).catch(noop);
 * ```
 */
export function noop(): void {}

/**
 * Calls `listener` once when `signal` aborts (not when it is already aborted).
 *
 * @param signal The signal, if any.
 * @param listener The callback.
 * @returns A function that removes the listener.
 * @example
 * ```ts
 * import { onAbort } from "./_abort.ts";
 * const off = onAbort(new AbortController().signal, () => console.log("aborted"));
 * off();
 * ```
 */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  signal?.addEventListener("abort", listener, { once: true });
  return () => signal?.removeEventListener("abort", listener);
}

/**
 * Starts a timer when `ms` is a finite number above 0 (0 and `Infinity` mean "no limit").
 *
 * @param ms The delay.
 * @param callback Called when it elapses.
 * @returns The timer id for `clearTimeout`, or `undefined` when none was started.
 * @example
 * ```ts
 * import { startTimer } from "./_abort.ts";
 * clearTimeout(startTimer(1_000, () => console.log("late")));
 * ```
 */
export function startTimer(
  ms: number,
  callback: () => void,
): ReturnType<typeof setTimeout> | undefined {
  return ms > 0 && ms < Infinity ? setTimeout(callback, ms) : undefined;
}

/**
 * Settles like `promise`, unless `signal` aborts first: then rejects with `signal.reason`.
 * The listener is removed when either settles. With no signal, returns `promise` itself.
 *
 * @param promise The work.
 * @param signal Cancels the wait (the work itself must be cancelled by its owner), if any.
 * @returns The work's result.
 * @example
 * ```ts
 * import { raceAbort } from "./_abort.ts";
 * await raceAbort(Promise.resolve(1), new AbortController().signal); // 1
 * ```
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal
    ? new Promise<T>((resolve, reject) => {
      const abort = () => reject(signal.reason);
      if (signal.aborted) abort(); // the work's own failure is still handled below
      promise.finally(onAbort(signal, abort)).then(resolve, reject);
    })
    : promise;
}

/**
 * Waits `ms` milliseconds, or rejects with `signal.reason` as soon as `signal` aborts.
 *
 * @param ms How long to wait.
 * @param signal Cancels the wait.
 * @returns A promise that resolves after the wait.
 * @example
 * ```ts
 * import { abortableSleep } from "./_abort.ts";
 * await abortableSleep(1);
 * ```
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout>;
  const sleep = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
  return raceAbort(sleep, signal).catch((reason: unknown) => {
    clearTimeout(timer);
    throw reason;
  });
}

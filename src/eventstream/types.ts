/**
 * Types of decoded and encodable event-stream messages.
 *
 * @module
 */

/**
 * One header value with its wire type. `boolean` covers the two wire types (0 = true, 1 = false);
 * `long` is a `bigint`, `timestamp` a `Date` (milliseconds on the wire), `uuid` a canonical
 * lowercase 8-4-4-4-12 string, `binary` a `Uint8Array`.
 *
 * @example
 * ```ts
 * import type { EventStreamHeaderValue } from "@bedrock-fetch/core/eventstream";
 * const v: EventStreamHeaderValue = { type: "string", value: "chunk" };
 * ```
 */
export type EventStreamHeaderValue =
  | { type: "boolean"; value: boolean }
  | { type: "byte"; value: number }
  | { type: "short"; value: number }
  | { type: "integer"; value: number }
  | { type: "long"; value: bigint }
  | { type: "binary"; value: Uint8Array }
  | { type: "string"; value: string }
  | { type: "timestamp"; value: Date }
  | { type: "uuid"; value: string };

/**
 * The headers of a message, by name, in wire order.
 *
 * @example
 * ```ts
 * import type { EventStreamHeaders } from "@bedrock-fetch/core/eventstream";
 * const h: EventStreamHeaders = { ":message-type": { type: "string", value: "event" } };
 * ```
 */
export type EventStreamHeaders = Record<string, EventStreamHeaderValue>;

/**
 * One event-stream message: its headers and its payload. A decoded `body` (and `binary` header
 * values) are views into the decoder's input, not copies. Each message has its own `headers`
 * object; header value objects of a repeated header block (no `binary`/`timestamp` values) are
 * frozen and shared between the messages that carry it.
 *
 * @example
 * ```ts
 * import type { EventStreamMessage } from "@bedrock-fetch/core/eventstream";
 * const m: EventStreamMessage = { headers: {}, body: new Uint8Array(0) };
 * ```
 */
export interface EventStreamMessage {
  /** The headers, by name, in wire order. */
  headers: EventStreamHeaders;
  /** The payload. */
  body: Uint8Array;
}

/** Smallest valid message: a 12-byte prelude and a 4-byte message CRC. */
export const MIN_MESSAGE_LENGTH: number = 16;

/** Default largest accepted message (16 MiB), checked before any buffering. */
export const DEFAULT_MAX_MESSAGE_LENGTH: number = 16 * 1024 * 1024;

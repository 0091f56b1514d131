/**
 * Bedrock's message layer over the frame decoder: `event` frames become `{ [eventType]: payload }`
 * with the `p` padding dropped, `exception` frames throw the modeled exception class, `error`
 * frames throw a service exception named by `:error-code`.
 *
 * @module
 */
import {
  type BedrockFetchErrorOptions,
  BedrockRuntimeServiceException,
  createServiceException,
  EventStreamError,
  type ResponseMetadata,
} from "../errors.ts";
import {
  type DecodeEventStreamOptions,
  type EventStreamSource,
  iterateFrames,
  SKIP,
} from "./stream.ts";
import type { Frames } from "./_frames.ts";
import { utf8 } from "./headers.ts";
import type { EventStreamHeaders, EventStreamMessage } from "./types.ts";

/** Options of {@linkcode decodeBedrockEvents} and {@linkcode decodeBedrockPayloads}. */
export interface DecodeBedrockEventsOptions extends DecodeEventStreamOptions {
  /** Response metadata attached to exceptions thrown for `exception`/`error` frames. */
  $metadata?: ResponseMetadata;
  /**
   * The event types the caller understands (the members of the operation's stream union). When
   * given, events of other types are handled per `unknown`; when absent, every event is handed out.
   */
  knownEvents?: ReadonlySet<string>;
  /**
   * What to do with an event whose type is not in `knownEvents`: `"skip"` it, or `"keep"` it as
   * `{ $unknown: [eventType, payload] }` (the AWS SDK's shape).
   *
   * @default {"skip"}
   */
  unknown?: "skip" | "keep";
  /**
   * Applied to every event before it is handed out, inside the decoder's own loop (cheaper than a
   * second async iterator on top).
   */
  map?: (event: BedrockEvent) => BedrockEvent;
  /** Called once when the stream ends cleanly, after the last frame; may throw to fail the stream. */
  onEnd?: () => void;
}

/** One Bedrock event before JSON parsing: its `:event-type` and its payload bytes (a view). */
export interface BedrockPayload {
  /** The `:event-type` header, e.g. `contentBlockDelta` or `chunk`. */
  eventType: string;
  /** The payload bytes (a view into the stream's buffer). */
  payload: Uint8Array;
}

/**
 * One decoded Bedrock event: `{ [eventType]: payload }` (e.g. `{ contentBlockDelta: { … } }`), or
 * `{ $unknown: [eventType, payload] }` for an unknown type kept with `unknown: "keep"`.
 *
 * @example
 * ```ts
 * import type { BedrockEvent } from "@bedrock-fetch/core/eventstream";
 * const e: BedrockEvent = { messageStop: { stopReason: "end_turn" } };
 * ```
 */
export type BedrockEvent = Record<string, unknown>;

function headerString(headers: EventStreamHeaders, name: string): string | undefined {
  const h = headers[name];
  return h?.type === "string" ? h.value : undefined;
}

function invalid(offset: number, message: string, options?: BedrockFetchErrorOptions): never {
  throw new EventStreamError("invalid-message", offset, message, options);
}

/** Throws for a message without its string `:<kind>-type` header. */
function missing(kind: string, offset: number): never {
  invalid(offset, `Cannot dispatch ${kind}: it has no string :${kind}-type header`);
}

function parseObject(bytes: Uint8Array, what: string, offset: number): Record<string, unknown> {
  let value: unknown, cause: Error | undefined;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (e) {
    cause = e as Error;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    invalid(offset, `Cannot parse ${what} payload: it is not a JSON object`, cause && { cause });
  }
  return value as Record<string, unknown>;
}

const SCRATCH = /* @__PURE__ */ new Uint8Array(4096);
/** `,"p":"` — the start of Bedrock's padding member. */
const PAD = [0x2c, 0x22, 0x70, 0x22, 0x3a, 0x22];

/**
 * Where Bedrock's padding member starts when the payload `b[from..to)` ends with
 * `,"p":"<no quote>"}` (the comma's index, after `from`), else -1. For valid JSON that tail can
 * only be a top-level member: the quote after the comma is unescaped, and nothing but the root's
 * closing brace follows the value.
 */
function paddingStart(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n < 9 || n > 4096 || b[to - 1] !== 0x7d || b[to - 2] !== 0x22) return -1;
  let i = to - 3;
  while (i > from + 5 && b[i] !== 0x22) i--;
  i -= 5;
  for (let k = 0; k < 6; k++) if (b[i + k] !== PAD[k]) return -1;
  return i > from ? i : -1;
}

/**
 * Parses an event payload: UTF-8, `JSON.parse`, and Bedrock's `p` padding member dropped.
 *
 * @param payload The payload bytes.
 * @param offset The frame's stream offset, for the error.
 * @returns The event object.
 * @throws {EventStreamError} `invalid-message` when the payload is not a JSON object.
 * @example
 * ```ts
 * import { parseBedrockPayload } from "@bedrock-fetch/core/eventstream";
 * parseBedrockPayload(new TextEncoder().encode('{"contentBlockIndex":0,"p":"abc"}')); // { contentBlockIndex: 0 }
 * ```
 */
export function parseBedrockPayload(payload: Uint8Array, offset = 0): Record<string, unknown> {
  const cut = paddingStart(payload, 0, payload.length);
  if (cut > 0) {
    // Parse the payload without its trailing padding member: cheaper than parsing it and then
    // deleting it (a delete can also move the object off V8's fast path).
    SCRATCH.set(payload.subarray(0, cut));
    SCRATCH[cut] = 0x7d;
    payload = SCRATCH.subarray(0, cut + 1);
  }
  const value = parseObject(payload, "event", offset);
  if (value.p !== undefined) delete value.p;
  return value;
}

/**
 * Classifies one decoded message by `:message-type`: returns an event's type and payload, or
 * throws the exception an `exception`/`error` frame carries.
 *
 * @param msg A decoded message.
 * @param $metadata Response metadata for the thrown exceptions.
 * @param offset The frame's stream offset, for errors.
 * @returns The event type and payload.
 * @throws {BedrockRuntimeServiceException} For `exception` and `error` frames (the modeled class
 * when `:exception-type` names one).
 * @throws {EventStreamError} `invalid-message` when `:message-type` or `:event-type` is missing or
 * not a string, or `:message-type` is none of `event`, `exception`, `error`.
 * @example
 * ```ts
 * import { encodeEventStreamMessage, EventStreamDecoder, readBedrockMessage } from "@bedrock-fetch/core/eventstream";
 * const frame = encodeEventStreamMessage({
 *   headers: {
 *     ":message-type": { type: "string", value: "event" },
 *     ":event-type": { type: "string", value: "messageStop" },
 *   },
 *   body: new TextEncoder().encode('{"stopReason":"end_turn"}'),
 * });
 * const [msg] = new EventStreamDecoder().decode(frame);
 * readBedrockMessage(msg!).eventType; // "messageStop"
 * ```
 */
export function readBedrockMessage(
  msg: EventStreamMessage,
  $metadata: ResponseMetadata = {},
  offset = 0,
): BedrockPayload {
  return { eventType: eventTypeOf(msg, $metadata, offset), payload: msg.body };
}

/** {@linkcode readBedrockMessage}'s dispatch: an event's type, or the frame's exception thrown. */
function eventTypeOf(msg: EventStreamMessage, $metadata: ResponseMetadata, offset: number): string {
  const headers = msg.headers;
  const messageType = headerString(headers, ":message-type");
  if (messageType === "event") {
    return headerString(headers, ":event-type") ?? missing("event", offset);
  }
  if (messageType === "exception") {
    const type = headerString(headers, ":exception-type") ?? missing("exception", offset);
    let body: Record<string, unknown>;
    try {
      body = msg.body.length === 0 ? {} : parseObject(msg.body, "exception", offset);
    } catch {
      body = { message: utf8.decode(msg.body) };
    }
    throw createServiceException(type, body, $metadata);
  }
  if (messageType === "error") {
    const code = headerString(headers, ":error-code") ?? "UnknownError";
    throw new BedrockRuntimeServiceException({
      name: code,
      message: headerString(headers, ":error-message") ?? code,
      $fault: "server",
      $metadata,
    });
  }
  return messageType === undefined ? missing("message", offset) : invalid(
    offset,
    `Cannot dispatch message: unknown :message-type ${JSON.stringify(messageType)}`,
  );
}

/**
 * Decodes a Bedrock response stream into `(eventType, payload bytes)` pairs without parsing the
 * payloads, for callers that fuse their own parsing. Exceptions and error frames throw as in
 * {@linkcode decodeBedrockEvents}.
 *
 * @param source `response.body` or any byte source.
 * @param options Stream options, `$metadata`, `knownEvents` (unknown types are skipped).
 * @returns An async iterable of `{ eventType, payload }`.
 * @example
 * ```ts
 * import { decodeBedrockPayloads } from "@bedrock-fetch/core/eventstream";
 * const body = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
 * for await (const { eventType, payload } of decodeBedrockPayloads(body)) console.log(eventType, payload.length);
 * ```
 */
export function decodeBedrockPayloads(
  source: EventStreamSource,
  options: DecodeBedrockEventsOptions = {},
): AsyncIterableIterator<BedrockPayload> {
  const metadata = options.$metadata ?? {};
  const known = options.knownEvents;
  return iterateFrames<BedrockPayload>(source, options, (f: Frames) => {
    const event = readBedrockMessage(f, metadata, f.offset);
    return known === undefined || known.has(event.eventType) ? event : SKIP;
  });
}

/**
 * Decodes a Bedrock response stream (ConverseStream, InvokeModelWithResponseStream) into events
 * `{ [eventType]: payloadObject }`, with the `p` padding dropped. A `:message-type: exception`
 * frame throws the modeled exception class (`ThrottlingException`, `ModelStreamErrorException`, …)
 * with its members; an `error` frame throws a {@linkcode BedrockRuntimeServiceException} named by
 * `:error-code`; a corrupt stream throws an {@linkcode EventStreamError}.
 *
 * @param source `response.body` or any byte source.
 * @param options Stream options, `$metadata`, `knownEvents` and the `unknown` policy.
 * @returns An async iterable of events.
 * @example
 * ```ts
 * import { decodeBedrockEvents, encodeEventStreamMessage } from "@bedrock-fetch/core/eventstream";
 * const frame = encodeEventStreamMessage({
 *   headers: {
 *     ":message-type": { type: "string", value: "event" },
 *     ":event-type": { type: "string", value: "messageStop" },
 *   },
 *   body: new TextEncoder().encode('{"stopReason":"end_turn","p":"abcd"}'),
 * });
 * for await (const event of decodeBedrockEvents([frame])) console.log(event); // { messageStop: { stopReason: "end_turn" } }
 * ```
 */
export function decodeBedrockEvents(
  source: EventStreamSource,
  options: DecodeBedrockEventsOptions = {},
): AsyncIterableIterator<BedrockEvent> {
  const metadata = options.$metadata ?? {};
  const known = options.knownEvents;
  const keep = options.unknown === "keep";
  const batch = eventBatcher(options.map);
  /** The dispatch of the last header block: repeated blocks are the same (cached) object. */
  let last: EventStreamHeaders | undefined;
  let eventType = "";
  let unknown = false;
  return iterateFrames<BedrockEvent>(
    source,
    options,
    (f, out) => {
      try {
        while (f.next()) {
          if (f.headers !== last) {
            eventType = eventTypeOf(f, metadata, f.offset);
            unknown = known !== undefined && !known.has(eventType);
            last = f.headers;
          }
          if (unknown && !keep) continue;
          batch.add(eventType, f, unknown);
        }
      } finally {
        // Events decoded before a failing frame are handed out before its error.
        batch.flush(out);
      }
    },
    true,
    options.onEnd,
  );
}

/**
 * Whether `b[from..to)` is one JSON object or array whose brackets close only at its last byte
 * (strings skipped). Only such payloads may share a batch: a payload that is not one value could
 * otherwise pair up with its neighbours and shift the events.
 */
function oneValue(b: Uint8Array, from: number, to: number): boolean {
  if (to <= from || (b[from] !== 0x7b && b[from] !== 0x5b)) return false;
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c === 0x22) {
      // Skip the string: to its closing quote, past escaped characters.
      for (i++; i < to && b[i] !== 0x22; i++) if (b[i] === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i === to - 1;
  }
  return false;
}

function toEvent(
  eventType: string,
  value: Record<string, unknown>,
  unknown: boolean,
): BedrockEvent {
  if (unknown) return { $unknown: [eventType, value] };
  if (eventType === "__proto__") return { [eventType]: value };
  // An assignment to an empty literal is several times cheaper in V8 than a computed key.
  const event: BedrockEvent = {};
  event[eventType] = value;
  return event;
}

/**
 * Collects the event payloads of one chunk and parses them with one `TextDecoder` call and one
 * `JSON.parse` of `[p1,p2,…]` (padding cut while copying): far cheaper than a decode and a parse
 * per event. Any payload the batch cannot take (not JSON, not an object) sends the whole batch
 * through the per-event path, which reports the exact frame.
 */
function eventBatcher(map?: (event: BedrockEvent) => BedrockEvent) {
  let buf = new Uint8Array(65536);
  let used = 1;
  /** Whether every payload so far is exactly one bracketed JSON value (else parse one by one). */
  let whole = true;
  const types: string[] = [];
  const offsets: number[] = [];
  const unknowns: boolean[] = [];
  /** Where each copied payload (padding cut) ends in `buf`. */
  const ends: number[] = [];
  buf[0] = 0x5b; // [
  return {
    add(eventType: string, f: Frames, unknown: boolean): void {
      const b = f.bytes;
      const start = f.start;
      const cut = paddingStart(b, start, f.stop);
      const end = cut < 0 ? f.stop : cut;
      if (used + end - start + 3 > buf.length) {
        const next = new Uint8Array(Math.max(buf.length * 2, used + end - start + 3));
        next.set(buf.subarray(0, used));
        buf = next;
      }
      if (types.length > 0) buf[used++] = 0x2c; // ,
      const from = used;
      buf.set(b.subarray(start, end), used);
      used += end - start;
      if (cut >= 0) buf[used++] = 0x7d; // }
      if (whole && !oneValue(buf, from, used)) whole = false;
      types.push(eventType);
      offsets.push(f.offset);
      unknowns.push(unknown);
      ends.push(used);
    },
    flush(out: BedrockEvent[]): void {
      const n = types.length;
      if (n === 0) return;
      buf[used++] = 0x5d; // ]
      let values: unknown[] | undefined;
      if (whole) {
        try {
          values = JSON.parse(utf8.decode(buf.subarray(0, used))) as unknown[];
        } catch {
          values = undefined;
        }
      }
      try {
        for (let i = 0; i < n; i++) {
          let value = values?.[i] as Record<string, unknown> | null | undefined;
          if (value === null || typeof value !== "object" || Array.isArray(value)) {
            // The payload as copied (padding already cut, as parseBedrockPayload would).
            value = parseObject(
              buf.subarray(i ? ends[i - 1]! + 1 : 1, ends[i]),
              "event",
              offsets[i]!,
            );
          }
          if (value.p !== undefined) delete value.p;
          const event = toEvent(types[i]!, value, unknowns[i]!);
          out.push(map ? map(event) : event);
        }
      } finally {
        types.length =
          offsets.length =
          unknowns.length =
          ends.length =
            0;
        used = 1;
        whole = true;
      }
    },
  };
}

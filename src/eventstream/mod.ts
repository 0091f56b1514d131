/**
 * A strict, fast `application/vnd.amazon.eventstream` codec: the frame format of Amazon Bedrock's
 * streaming responses (ConverseStream, InvokeModelWithResponseStream).
 *
 * - {@linkcode decodeEventStream}: bytes → messages, over `response.body` or any (async) iterable,
 *   with backpressure and cancellation.
 * - {@linkcode EventStreamDecoder}: the synchronous core (push bytes, take messages).
 * - {@linkcode encodeEventStreamMessage}: message → bytes.
 * - {@linkcode decodeBedrockEvents} / {@linkcode decodeBedrockPayloads}: Bedrock's message layer
 *   (events, modeled exceptions, error frames, padding dropped).
 *
 * @example
 * ```ts
 * import { decodeEventStream, encodeEventStreamMessage } from "@bedrock-fetch/core/eventstream";
 * const frame = encodeEventStreamMessage({
 *   headers: { ":event-type": { type: "string", value: "chunk" } },
 *   body: new TextEncoder().encode('{"bytes":"e30="}'),
 * });
 * for await (const msg of decodeEventStream([frame])) {
 *   console.log(msg.headers[":event-type"]?.value); // "chunk"
 * }
 * ```
 *
 * @module
 */
export { crc32 } from "./crc32.ts";
export type { EventStreamHeaders, EventStreamHeaderValue, EventStreamMessage } from "./types.ts";
export { DEFAULT_MAX_MESSAGE_LENGTH, MIN_MESSAGE_LENGTH } from "./types.ts";
export { encodeEventStreamMessage, type EventStreamMessageInput } from "./encode.ts";
export { EventStreamDecoder, type EventStreamDecoderOptions } from "./decoder.ts";
export {
  decodeEventStream,
  type DecodeEventStreamOptions,
  type EventStreamSource,
} from "./stream.ts";
export {
  type BedrockEvent,
  type BedrockPayload,
  decodeBedrockEvents,
  type DecodeBedrockEventsOptions,
  decodeBedrockPayloads,
  parseBedrockPayload,
  readBedrockMessage,
} from "./bedrock.ts";
export type { ResponseMetadata } from "../errors.ts";

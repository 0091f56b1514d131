/**
 * Response deserialization: header members, JSON bodies (blobs from base64, unknown union members
 * as `$unknown`), raw payloads and event streams.
 *
 * @module
 */
import { OPERATIONS } from "./_schema.ts";
import { deserializeShape } from "./serde.ts";
import type { OperationName } from "./_request.ts";
import { decodeBedrockEvents } from "../eventstream/bedrock.ts";
import { BedrockFetchError, BedrockStreamError, type ResponseMetadata } from "../errors.ts";
import { UTF8_DECODER as UTF8 } from "../http/_utf8.ts";
import { Uint8ArrayBlobAdapter } from "./blob.ts";

/** The parts of a transport response that deserialization reads. */
export interface RawResponse {
  /** Response headers. */
  headers: Headers;
  /** The whole body of a non-stream response. */
  body: Uint8Array;
  /** The body of a stream response. */
  stream: ReadableStream<Uint8Array> | null;
  /** The response metadata. */
  $metadata: ResponseMetadata;
}

/**
 * Shapes a 2xx response into the SDK's output: the JSON body (blobs decoded, unknown union members
 * as `$unknown`), a raw payload, or the events of a stream; then header members and `$metadata`.
 * Like the AWS SDK, the first event of a stream is read before the call resolves, so an exception
 * as the first frame rejects the call.
 */
export async function deserializeResponse(
  operation: OperationName,
  res: RawResponse,
): Promise<Record<string, unknown>> {
  const op = OPERATIONS[operation];
  const member = op.outPayload;
  const status = res.$metadata.httpStatusCode;
  let out: Record<string, unknown> = {};
  if (op.events) {
    // Events are shaped inside the decoder's loop; a ConverseStream without messageStop fails.
    let stopped = false;
    const node = op.output;
    const inner = decodeBedrockEvents(res.stream ?? new Uint8Array(0), {
      $metadata: res.$metadata,
      knownEvents: new Set(op.events.split(",")),
      map: (event) => {
        if (event.messageStop !== undefined) stopped = true;
        return deserializeShape(node, event) as Record<string, unknown>;
      },
      ...(operation === "ConverseStream" && {
        onEnd: () => {
          if (!stopped) {
            throw new BedrockStreamError(
              "Cannot finish ConverseStream: the stream ended without messageStop",
            );
          }
        },
      }),
    });
    out[member!] = prefixed(inner, await inner.next());
  } else if (member) out[member] = Uint8ArrayBlobAdapter.mutate(res.body);
  else if (res.body.length) {
    let parsed: unknown;
    let cause: unknown;
    try {
      parsed = JSON.parse(UTF8.decode(res.body));
    } catch (e) {
      cause = e;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new BedrockFetchError(
        `Cannot parse ${operation} response: the body is not a JSON object (HTTP ${status})`,
        { cause },
      );
    }
    out = deserializeShape(op.output, parsed) as Record<string, unknown>;
  }
  for (const [name, header] of op.outHeaders ?? []) {
    const value = res.headers.get(header);
    if (value !== null) out[name] = value;
  }
  out.$metadata = res.$metadata;
  return out;
}

/**
 * The stream handed to the caller: the first event (read before the call resolved) and then the
 * decoder's own iterator, with no promise hop of its own. `return()` (a `break` in `for await`)
 * cancels the body.
 */
function prefixed(
  inner: AsyncIterableIterator<Record<string, unknown>>,
  first: IteratorResult<Record<string, unknown>> | undefined,
): AsyncIterableIterator<unknown> {
  const it: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]: () => it,
    next() {
      if (first === undefined) return inner.next();
      const r = first;
      first = undefined;
      return Promise.resolve(r);
    },
    return() {
      first = undefined;
      // The decoder's iterator always has return().
      return inner.return!();
    },
  };
  return it;
}

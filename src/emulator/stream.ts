// Event-stream responses: one small frame per event with Bedrock's `p` padding, pulled by the
// consumer (backpressure), paced, with the mid-stream faults.
import { encodeEventStreamMessage } from "../eventstream/mod.ts";
import type { FaultSpec } from "./faults.ts";

/** One event to send: the union member name and its JSON members. */
export interface StreamEvent {
  /** `:event-type`, e.g. `contentBlockDelta` or `chunk`. */
  type: string;
  /** The event's JSON members. */
  payload: Record<string, unknown>;
}

const encoder = new TextEncoder();
const PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Bedrock's random-length padding member, made deterministic. */
export function padding(i: number): string {
  return PAD.slice(0, 1 + ((i * 7 + 3) % PAD.length));
}

/** Encodes one event frame with the `p` padding member. */
export function eventFrame(event: StreamEvent, i: number): Uint8Array {
  return encodeEventStreamMessage({
    headers: {
      ":event-type": { type: "string", value: event.type },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    },
    body: encoder.encode(JSON.stringify({ ...event.payload, p: padding(i) })),
  });
}

/** Encodes a modeled exception frame (`:exception-type` is the union member name). */
export function exceptionFrame(member: string, payload: Record<string, unknown>): Uint8Array {
  return encodeEventStreamMessage({
    headers: {
      ":exception-type": { type: "string", value: member },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "exception" },
    },
    body: encoder.encode(JSON.stringify(payload)),
  });
}

/** The payload of an injected stream exception. */
function exceptionPayload(member: string): Record<string, unknown> {
  const payload: Record<string, unknown> = { message: `Emulated ${member} (injected fault).` };
  if (member === "modelStreamErrorException") {
    payload.originalStatusCode = 500;
    payload.originalMessage = "emulated model failure";
  }
  return payload;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/** A pull-driven byte stream of the events, honouring pace and faults. */
export function eventStream(
  events: readonly StreamEvent[],
  paceMs: number,
  faults: FaultSpec,
  closing?: Set<() => void>,
): ReadableStream<Uint8Array> {
  let i = 0;
  const cancelled = new AbortController();
  let ctl: ReadableStreamDefaultController<Uint8Array> | undefined;
  const onClose = () => {
    cancelled.abort();
    try {
      ctl?.error(new Error("Cannot continue stream: the emulator is closing"));
    } catch {
      // already closed
    }
  };
  closing?.add(onClose);
  const midFault = faults.midStreamException !== undefined || faults.truncate === true ||
    faults.badCrc === true || faults.drop === true;
  const after = Math.min(faults.after ?? 3, Math.max(0, events.length - 1));
  const pace = faults.slow ?? paceMs;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      ctl = controller;
    },
    async pull(controller) {
      if (i > 0 && pace > 0) await sleep(pace, cancelled.signal);
      if (cancelled.signal.aborted) return;
      if (midFault && i === after) {
        closing?.delete(onClose);
        if (faults.midStreamException !== undefined) {
          controller.enqueue(
            exceptionFrame(faults.midStreamException, exceptionPayload(faults.midStreamException)),
          );
          controller.close();
        } else if (faults.drop === true) {
          controller.error(new Error("Cannot continue stream: emulated connection drop"));
        } else {
          const frame = eventFrame(events[i]!, i);
          if (faults.badCrc === true) {
            const bad = frame.slice();
            bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
            controller.enqueue(bad);
          } else {
            controller.enqueue(frame.subarray(0, Math.floor(frame.length / 2)));
          }
          controller.close();
        }
        return;
      }
      if (i >= events.length) {
        closing?.delete(onClose);
        controller.close();
        return;
      }
      controller.enqueue(eventFrame(events[i]!, i));
      i++;
    },
    cancel() {
      closing?.delete(onClose);
      cancelled.abort();
    },
  }, { highWaterMark: 0 });
}

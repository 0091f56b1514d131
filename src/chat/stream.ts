/**
 * A chat stream: an async iterable of typed events that also offers `text()`, `finalMessage()` and
 * `toReadableStream()`. It can be iterated once.
 *
 * @module
 */
import { BedrockStreamError } from "../errors.ts";
import type { ConverseResponse, ConverseStreamOutput } from "../runtime/types.ts";
import { type AccumulatorOptions, ConverseAccumulator } from "./accumulate.ts";
import type { ChatStreamEvent } from "./events.ts";
import type { ChatWarning } from "./types.ts";

/**
 * The events of one ConverseStream call, accumulated as they pass.
 *
 * @example
 * ```ts
 * import { ChatStream } from "@bedrock-fetch/core/chat";
 * const events = [
 *   { messageStart: { role: "assistant" } },
 *   { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hi" } } },
 *   { contentBlockStop: { contentBlockIndex: 0 } },
 *   { messageStop: { stopReason: "end_turn" } },
 *   { metadata: { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, metrics: { latencyMs: 1 } } },
 * ];
 * const stream = new ChatStream(async () => events);
 * for await (const t of stream.text()) console.log(t); // "Hi"
 * ```
 */
export class ChatStream implements AsyncIterable<ChatStreamEvent> {
  #open: () => Promise<AsyncIterable<ConverseStreamOutput> | Iterable<ConverseStreamOutput>>;
  #acc: ConverseAccumulator;
  #used = false;
  #final: Promise<ConverseResponse>;
  #resolve!: (r: ConverseResponse) => void;
  #reject!: (e: unknown) => void;
  /** What the request conversion changed and why (e.g. cache points dropped past the limit of 4). */
  warnings: ChatWarning[] = [];

  /**
   * Wraps a source of wire events; nothing starts until the stream is used.
   *
   * @param open Starts the call and returns its wire events (called on first use).
   * @param options Accumulator options.
   */
  constructor(
    open: () => Promise<AsyncIterable<ConverseStreamOutput> | Iterable<ConverseStreamOutput>>,
    options: AccumulatorOptions = {},
  ) {
    this.#open = open;
    this.#acc = new ConverseAccumulator(options);
    this.#final = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#final.catch(() => {});
  }

  /**
   * Iterates the typed events. Throws when iterated a second time.
   *
   * @example
   * ```ts ignore
   * for await (const e of stream) if (e.type === "text") console.log(e.text);
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncIterator<ChatStreamEvent> {
    if (this.#used) {
      throw new BedrockStreamError(
        "Cannot iterate the chat stream: already consumed",
      );
    }
    this.#used = true;
    try {
      for await (const event of await this.#open()) yield this.#acc.push(event);
      this.#resolve(this.#acc.response());
    } catch (e) {
      this.#reject(e);
      throw e;
    } finally {
      this.#reject(
        new BedrockStreamError("Cannot build the response: iteration stopped early"),
      );
    }
  }

  /**
   * The text deltas only.
   *
   * @example
   * ```ts ignore
   * for await (const t of stream.text()) process.stdout.write(t);
   * ```
   */
  async *text(): AsyncIterable<string> {
    for await (const e of this) if (e.type === "text") yield e.text;
  }

  /**
   * The accumulated response (equal to what `converse` returns); consumes the stream when it was
   * not iterated yet.
   *
   * @example
   * ```ts ignore
   * const response = await stream.finalMessage();
   * ```
   */
  async finalMessage(): Promise<ConverseResponse> {
    if (!this.#used) { for await (const _ of this) { /* drain */ } }
    return this.#final;
  }

  /**
   * A byte stream of the text (UTF-8), or of the events as newline-delimited JSON.
   *
   * @example
   * ```ts ignore
   * return new Response(stream.toReadableStream());
   * ```
   */
  toReadableStream(format: "text" | "ndjson" = "text"): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const it = this[Symbol.asyncIterator]();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        // Skips the events the format leaves out.
        for (let r; !(r = await it.next()).done;) {
          const e = r.value;
          if (format === "ndjson") {
            return controller.enqueue(encoder.encode(JSON.stringify(e) + "\n"));
          }
          if (e.type === "text") return controller.enqueue(encoder.encode(e.text));
        }
        controller.close();
      },
      async cancel() {
        await it.return?.();
      },
    });
  }
}

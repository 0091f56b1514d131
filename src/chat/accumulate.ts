/**
 * ConverseStream events → the response `converse` would have returned, keyed by
 * `contentBlockIndex` (parallel tool calls never mix), with explicit order errors.
 *
 * @module
 */
import { BedrockStreamError } from "../errors.ts";
import type {
  Citation,
  ContentBlock,
  ContentBlockDelta,
  ConverseResponse,
  ConverseStreamMetadataEvent,
  ConverseStreamOutput,
  MessageStopEvent,
} from "../runtime/types.ts";
import { type Block, block, finish, type Kind } from "./_blocks.ts";
import { copy, put } from "./_util.ts";
import { type ChatStreamEvent, ToolCallDelta } from "./events.ts";

function fail(message: string): never {
  throw new BedrockStreamError(`Cannot accumulate stream: ${message}`);
}

function other(event: unknown): ChatStreamEvent {
  return { type: "other", event };
}

/** Options of {@linkcode ConverseAccumulator}. */
export interface AccumulatorOptions {
  /** What to do with streamed tool input that is not valid JSON. @default "throw" */
  invalidToolInput?: "throw" | "keep";
}

/**
 * Accumulates ConverseStream events. `push` returns the typed event for each wire event;
 * `response()` returns what `converse` returns for the same exchange (without `$metadata`).
 *
 * @example
 * ```ts
 * import { ConverseAccumulator } from "@bedrock-fetch/core/chat";
 * const acc = new ConverseAccumulator();
 * acc.push({ messageStart: { role: "assistant" } });
 * acc.push({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hi" } } });
 * acc.push({ contentBlockStop: { contentBlockIndex: 0 } });
 * acc.push({ messageStop: { stopReason: "end_turn" } });
 * acc.push({ metadata: { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, metrics: { latencyMs: 5 } } });
 * acc.response().output; // { message: { role: "assistant", content: [{ text: "Hi" }] } }
 * ```
 */
export class ConverseAccumulator {
  #keepInvalid: boolean;
  #role: string | undefined;
  #blocks: Block[] = [];
  #stop: MessageStopEvent | undefined;
  #meta: ConverseStreamMetadataEvent | undefined;

  /**
   * Creates an empty accumulator.
   *
   * @param options `invalidToolInput: "keep"` keeps tool input that is not valid JSON as the raw
   * string instead of throwing (the default, `"throw"`).
   */
  constructor(options: AccumulatorOptions = {}) {
    this.#keepInvalid = options.invalidToolInput === "keep";
  }

  /**
   * Adds one wire event and returns its typed event.
   *
   * @example
   * ```ts
   * import { ConverseAccumulator } from "@bedrock-fetch/core/chat";
   * new ConverseAccumulator().push({ messageStart: { role: "assistant" } }); // { type: "message-start", role: "assistant" }
   * ```
   */
  push(event: ConverseStreamOutput): ChatStreamEvent {
    if ("contentBlockDelta" in event) {
      return this.#delta(event.contentBlockDelta.contentBlockIndex, event.contentBlockDelta.delta);
    }
    if ("messageStart" in event) {
      if (this.#role !== undefined) fail("a second messageStart arrived");
      return { type: "message-start", role: this.#role = event.messageStart.role };
    }
    if ("contentBlockStart" in event) {
      const { contentBlockIndex: i, start } = event.contentBlockStart;
      this.#open("contentBlockStart", i);
      if (this.#blocks[i] !== undefined) {
        fail(`contentBlockStart for block ${i}, which already started`);
      }
      if ("toolUse" in start) {
        const t = start.toolUse;
        this.#blocks[i] = block("toolUse", { id: t.toolUseId, name: t.name, type: t.type });
        return { type: "tool-call-start", index: i, id: t.toolUseId, name: t.name };
      }
      if ("toolResult" in start) {
        const t = start.toolResult;
        this.#blocks[i] = copy(
          block("toolResult", { id: t.toolUseId, results: [] }),
          t,
          "type status",
        );
      } else if ("image" in start) {
        this.#blocks[i] = block("image", { format: start.image.format, bytes: [] });
      }
      return other(event);
    }
    if ("contentBlockStop" in event) {
      const i = event.contentBlockStop.contentBlockIndex;
      this.#open("contentBlockStop", i);
      const b = this.#blocks[i];
      if (b === undefined) fail(`contentBlockStop for block ${i}, which never started`);
      if (b.final) fail(`a second contentBlockStop for block ${i}`);
      const block = b.final = finish(b, i, this.#keepInvalid);
      return b.kind === "toolUse"
        ? {
          type: "tool-call",
          index: i,
          id: b.id!,
          name: b.name!,
          input: (block as { toolUse: { input: unknown } }).toolUse.input,
          block,
        }
        : { type: "block-stop", index: i, block };
    }
    if ("messageStop" in event) {
      this.#open("messageStop", 0);
      return { type: "stop", ...this.#stop = event.messageStop };
    }
    if ("metadata" in event) {
      if (this.#role === undefined) fail("metadata arrived before messageStart");
      return { type: "metadata", ...this.#meta = event.metadata };
    }
    return other(event);
  }

  #open(name: string, index: number): void {
    // No messageStop without a messageStart before it.
    if (this.#role === undefined || this.#stop) {
      fail(
        `${name} (block ${index}) arrived ${
          this.#stop ? "after messageStop" : "before messageStart"
        }`,
      );
    }
  }

  /** Block `i`, checked to be open and of `kind` (text and reasoning blocks may start implicitly). */
  #at(i: number, kind: Kind, implicit?: boolean): Block {
    let b = this.#blocks[i];
    if (b === undefined) {
      if (!implicit) fail(`${kind} delta for block ${i} before its contentBlockStart`);
      b = this.#blocks[i] = block(kind);
    } else if (b.final) fail(`contentBlockDelta for block ${i} after its contentBlockStop`);
    else if (b.kind !== kind) {
      fail(`${kind} delta for block ${i}, which holds ${b.kind}`);
    }
    return b;
  }

  #delta(i: number, delta: ContentBlockDelta): ChatStreamEvent {
    this.#open("contentBlockDelta", i);
    if ("text" in delta) {
      this.#at(i, "text", true).parts.push(delta.text);
      return { type: "text", index: i, text: delta.text };
    }
    if ("toolUse" in delta) {
      const b = this.#at(i, "toolUse");
      b.parts.push(delta.toolUse.input);
      return new ToolCallDelta(i, b.id!, b.name!, delta.toolUse.input, b.parts);
    }
    if ("reasoningContent" in delta) {
      const b = this.#at(i, "reasoning", true), r = delta.reasoningContent;
      if ("text" in r) {
        b.parts.push(r.text);
        return { type: "reasoning", index: i, text: r.text };
      }
      if ("signature" in r) {
        return { type: "reasoning-signature", index: i, signature: b.signature = r.signature };
      }
      if ("redactedContent" in r) {
        (b.bytes ??= []).push(r.redactedContent);
        return { type: "reasoning-redacted", index: i, data: r.redactedContent };
      }
    } else if ("citation" in delta) {
      const b = this.#at(i, "text", true), d = delta.citation;
      const c: Citation = copy({}, d, "title source location");
      put(c, "sourceContent", d.sourceContent?.map((s) => ({ text: s.text ?? "" })));
      (b.citations ??= []).push(c);
      return { type: "citation", index: i, citation: c };
    } else if ("toolResult" in delta) {
      const results = this.#at(i, "toolResult").results!;
      for (const r of delta.toolResult) {
        if ("text" in r) results.push({ text: r.text });
        else if ("json" in r) results.push({ json: r.json });
      }
    } else if ("image" in delta) {
      const b = this.#at(i, "image"), src = delta.image.source;
      if (src !== undefined && "bytes" in src) b.bytes!.push(src.bytes);
    } else return other({ contentBlockDelta: { contentBlockIndex: i, delta } });
    return other(delta);
  }

  /**
   * The accumulated response, equal to the `converse` output for the same exchange.
   *
   * @example
   * ```ts
   * import { ConverseAccumulator } from "@bedrock-fetch/core/chat";
   * const acc = new ConverseAccumulator();
   * try { acc.response() } catch (e) { (e as Error).message; } // "Cannot build the response: …"
   * ```
   */
  response(): ConverseResponse {
    const s = this.#stop, m = this.#meta;
    if (s === undefined || m === undefined) {
      throw new BedrockStreamError(
        `Cannot build the response: the stream ended without ${
          s === undefined ? "messageStop" : "a metadata event"
        }`,
      );
    }
    const content: ContentBlock[] = [];
    // forEach skips the indexes no block used.
    this.#blocks.forEach((b, i) => content.push(b.final ?? finish(b, i, this.#keepInvalid)));
    // The members of messageStop and metadata are those of the Converse response.
    return { output: { message: { role: this.#role!, content } }, ...s, ...m } as ConverseResponse;
  }
}

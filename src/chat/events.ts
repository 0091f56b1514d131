/**
 * The typed events of a chat stream.
 *
 * @module
 */
import type {
  Citation,
  ContentBlock,
  ConverseStreamMetadataEvent,
  MessageStopEvent,
} from "../runtime/types.ts";
import { parsePartialJson } from "./partial_json.ts";

/** A piece of a tool call's JSON arguments; `partial` parses everything received so far. */
export class ToolCallDelta {
  /** The discriminator. */
  readonly type: "tool-call-delta" = "tool-call-delta";
  /** The content block index. */
  declare readonly index: number;
  /** The tool use id. */
  declare readonly id: string;
  /** The tool name. */
  declare readonly name: string;
  /** This piece of JSON text. */
  declare readonly delta: string;
  #chunks: readonly string[];
  #count: number;
  /**
   * Creates the event (the accumulator does; `chunks` is read lazily by `partial`).
   *
   * @param index The block index.
   * @param id The tool use id.
   * @param name The tool name.
   * @param delta The JSON piece.
   * @param chunks The block's pieces so far (read lazily).
   */
  constructor(index: number, id: string, name: string, delta: string, chunks: readonly string[]) {
    this.index = index;
    this.id = id;
    this.name = name;
    this.delta = delta;
    this.#chunks = chunks;
    this.#count = chunks.length;
  }
  /**
   * The arguments parsed as far as they are valid JSON (computed on access).
   *
   * @example
   * ```ts
   * import { ToolCallDelta } from "@bedrock-fetch/core/chat";
   * new ToolCallDelta(0, "t", "f", '"a":1', ["{", '"a":1']).partial; // { a: 1 }
   * ```
   */
  get partial(): unknown {
    return parsePartialJson(this.#chunks.slice(0, this.#count).join(""));
  }
}

/** An event of a chat stream. */
export type ChatStreamEvent =
  | { type: "message-start"; role: string }
  | { type: "text"; index: number; text: string }
  | { type: "reasoning"; index: number; text: string }
  | { type: "reasoning-signature"; index: number; signature: string }
  | { type: "reasoning-redacted"; index: number; data: Uint8Array }
  | { type: "tool-call-start"; index: number; id: string; name: string }
  | ToolCallDelta
  | {
    type: "tool-call";
    index: number;
    id: string;
    name: string;
    input: unknown;
    block: ContentBlock;
  }
  | { type: "citation"; index: number; citation: Citation }
  | { type: "block-stop"; index: number; block: ContentBlock }
  | ({ type: "stop" } & MessageStopEvent)
  | ({ type: "metadata" } & ConverseStreamMetadataEvent)
  | { type: "other"; event: unknown };

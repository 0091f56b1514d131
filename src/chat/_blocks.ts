/**
 * Per-block accumulation state of a ConverseStream and its final Converse content block.
 *
 * @module
 */
import { BedrockStreamError } from "../errors.ts";
import type {
  Citation,
  ContentBlock,
  DocumentType,
  ToolResultContentBlock,
} from "../runtime/types.ts";
import { copy, put } from "./_util.ts";

/** Block kinds (named as in the delta, for messages). */
export type Kind = "text" | "reasoning" | "toolUse" | "toolResult" | "image";

/** One block being accumulated. */
export interface Block {
  kind: Kind;
  parts: string[];
  /** The tool use id and name (tool blocks). */
  id?: string;
  name?: string;
  type?: string | undefined;
  status?: string | undefined;
  signature?: string;
  bytes?: Uint8Array[];
  citations?: Citation[];
  results?: ToolResultContentBlock[];
  format?: string;
  /** Set at contentBlockStop. */
  final?: ContentBlock;
}

/** A new block of a kind. */
export function block(kind: Kind, more?: Partial<Block>): Block {
  return { kind, parts: [], ...more };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((n, c) => (out.set(c, n), n + c.length), 0);
  return out;
}

/** The final Converse block of an accumulated block. */
export function finish(b: Block, i: number, keepInvalid: boolean): ContentBlock {
  const text = b.parts.join("");
  switch (b.kind) {
    case "text":
      return b.citations === undefined
        ? { text }
        : { citationsContent: { content: [{ text }], citations: b.citations } };
    case "reasoning":
      return {
        reasoningContent: b.bytes === undefined
          ? { reasoningText: put({ text }, "signature", b.signature) }
          : { redactedContent: concat(b.bytes) },
      };
    case "toolUse": {
      let input: DocumentType = text;
      try {
        input = JSON.parse(text || "{}");
      } catch (cause) {
        if (!keepInvalid) {
          throw new BedrockStreamError(
            `Cannot parse the input of tool call ${b.id} (block ${i}): invalid JSON`,
            { cause },
          );
        }
      }
      return { toolUse: put({ toolUseId: b.id!, name: b.name!, input }, "type", b.type) };
    }
    case "toolResult":
      return {
        toolResult: copy({ toolUseId: b.id!, content: b.results! }, b, "status type"),
      };
    default:
      return { image: { format: b.format ?? "png", source: { bytes: concat(b.bytes!) } } };
  }
}

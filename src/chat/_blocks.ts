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

/** Block kinds. */
export const TEXT = 0, REASONING = 1, TOOL = 2, RESULT = 3, IMAGE = 4;
/** Kind names for messages. */
export const KIND_NAMES = ["text", "reasoning", "toolUse", "toolResult", "image"];

/** One block being accumulated. */
export interface Block {
  kind: number;
  parts: string[];
  done: boolean;
  id: string;
  name: string;
  type?: string | undefined;
  status?: string | undefined;
  signature?: string;
  bytes?: Uint8Array[];
  citations?: Citation[];
  results?: ToolResultContentBlock[];
  format?: string;
  final?: ContentBlock;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const c of chunks) out.set(c, n), n += c.length;
  return out;
}

/** The final Converse block of an accumulated block. */
export function finish(b: Block, i: number, keepInvalid: boolean): ContentBlock {
  switch (b.kind) {
    case TEXT: {
      const text = b.parts.join("");
      if (b.citations === undefined) return { text };
      return { citationsContent: { content: [{ text }], citations: b.citations } };
    }
    case REASONING: {
      if (b.bytes !== undefined) return { reasoningContent: { redactedContent: concat(b.bytes) } };
      const text = b.parts.join("");
      return {
        reasoningContent: {
          reasoningText: b.signature === undefined ? { text } : { text, signature: b.signature },
        },
      };
    }
    case TOOL: {
      const json = b.parts.join("");
      let input: DocumentType;
      try {
        input = json === "" ? {} : JSON.parse(json);
      } catch (cause) {
        if (keepInvalid) return { toolUse: { toolUseId: b.id, name: b.name, input: json } };
        throw new BedrockStreamError(
          `Cannot parse the input of tool call ${b.id} (block ${i}): the streamed JSON is not valid`,
          { cause },
        );
      }
      const toolUse = { toolUseId: b.id, name: b.name, input };
      return { toolUse: b.type === undefined ? toolUse : { ...toolUse, type: b.type } };
    }
    case RESULT: {
      const toolResult: {
        toolUseId: string;
        content: ToolResultContentBlock[];
        status?: string;
        type?: string;
      } = {
        toolUseId: b.id,
        content: b.results ?? [],
      };
      if (b.status !== undefined) toolResult.status = b.status;
      if (b.type !== undefined) toolResult.type = b.type;
      return { toolResult };
    }
    default:
      return { image: { format: b.format ?? "png", source: { bytes: concat(b.bytes ?? []) } } };
  }
}

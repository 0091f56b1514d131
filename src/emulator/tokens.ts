// Token accounting: ceil(chars / 4) over one canonical rendering, shared by CountTokens, Converse
// usage and stream metadata; cache points split the rendering into a cacheable prefix.
import { sha256Hex } from "../sigv4/_sha256.ts";

/** ceil(UTF-16 length / 4), at least 1 for non-empty text. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

type Obj = Record<string, unknown>;

function renderBlock(block: unknown): string {
  if (typeof block !== "object" || block === null) return "";
  const b = block as Obj;
  if (typeof b.text === "string") return b.text;
  if ("cachePoint" in b) return "";
  if (typeof b.image === "object") return "[image]";
  if (typeof b.video === "object") return "[video]";
  if (typeof b.audio === "object") return "[audio]";
  return JSON.stringify(block);
}

/** The canonical rendering of a Converse input, as segments; `null` marks a cache point. */
export function renderConverse(input: Obj): (string | null)[] {
  const out: (string | null)[] = [];
  const tools = (input.toolConfig as Obj | undefined)?.tools;
  if (Array.isArray(tools)) {
    for (const t of tools) {
      out.push(typeof t === "object" && t !== null && "cachePoint" in t ? null : JSON.stringify(t));
    }
  }
  if (Array.isArray(input.system)) {
    for (const s of input.system) {
      out.push(typeof s === "object" && s !== null && "cachePoint" in s ? null : renderBlock(s));
    }
  }
  if (Array.isArray(input.messages)) {
    for (const m of input.messages as Obj[]) {
      out.push(`${String(m?.role)}:`);
      const content = Array.isArray(m?.content) ? m.content : [];
      for (const c of content) {
        out.push(typeof c === "object" && c !== null && "cachePoint" in c ? null : renderBlock(c));
      }
    }
  }
  return out;
}

/** Token usage of an input: total, and the cacheable prefix (up to the last cache point). */
export interface InputTokens {
  /** All input tokens. */
  total: number;
  /** Tokens before the last cache point (0 without cache points). */
  prefix: number;
  /** A digest of the prefix, the cache key. */
  prefixKey: string;
}

/** Counts the tokens of a rendering. */
export function inputTokens(segments: (string | null)[]): InputTokens {
  let text = "";
  let prefix = "";
  for (const s of segments) {
    if (s === null) prefix = text;
    else text += s + "\n";
  }
  return {
    total: countTokens(text),
    prefix: countTokens(prefix),
    prefixKey: prefix === "" ? "" : sha256Hex(prefix),
  };
}

/** Remembers cached prefixes: first sight writes, later sights read. */
export class PromptCache {
  #seen = new Set<string>();
  /** Usage members for an input. */
  usage(
    tokens: InputTokens,
  ): { inputTokens: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number } {
    if (tokens.prefixKey === "" || tokens.prefix === 0) return { inputTokens: tokens.total };
    const rest = tokens.total - tokens.prefix;
    if (this.#seen.has(tokens.prefixKey)) {
      return { inputTokens: rest, cacheReadInputTokens: tokens.prefix, cacheWriteInputTokens: 0 };
    }
    if (this.#seen.size > 10000) this.#seen.clear();
    this.#seen.add(tokens.prefixKey);
    return { inputTokens: rest, cacheReadInputTokens: 0, cacheWriteInputTokens: tokens.prefix };
  }
}

/**
 * Friendly messages → Converse `messages` and `system`: tuples, strings and objects; `system` and
 * `tool` roles folded; consecutive same-role turns merged; blank text dropped; the toolConfig rule.
 *
 * @module
 */
import type {
  ContentBlock,
  Message,
  SystemContentBlock,
  ToolConfiguration,
} from "../runtime/types.ts";
import { isFriendly, type PartContext, partToBlock } from "./parts.ts";
import type { MessageInput, Part, SystemInput, ToolMessage } from "./types.ts";
import { invalid, put } from "./_util.ts";

/** The Converse form of a conversation. */
export interface ConvertedMessages {
  /** The Converse messages. */
  messages: Message[];
  /** The system blocks (from `system` and any `system` messages); absent when none. */
  system?: SystemContentBlock[];
  /** Tool names used by toolUse blocks in the history. */
  toolNames: string[];
  /** Whether the history holds toolUse/toolResult blocks (then a toolConfig is required). */
  hasToolBlocks: boolean;
}

/** Options of {@linkcode toConverseMessages}. */
export interface ConvertOptions {
  /** A system prompt, placed before any `system` messages. */
  system?: SystemInput;
  /** Rewrite tool-call ids to 9 alphanumeric characters (Mistral models). */
  mistralToolIds?: boolean;
}

const ROLES = new Set(["system", "user", "assistant", "tool"]);

function newContext(mistralIds = false): PartContext {
  return { documents: 0, mistralIds, toolNames: new Set(), toolBlocks: false };
}

function systemBlocks(input: SystemInput, path: string, out: SystemContentBlock[]): void {
  const one = typeof input === "string";
  const list = one ? [input] : input;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const p = one ? path : `${path}[${i}]`;
    const friendly = typeof item === "string" || isFriendly(item);
    if (!friendly && (typeof item !== "object" || item === null)) {
      invalid(p, "must be a string or a system part");
    }
    const part = typeof item === "string" ? { type: "text" as const, text: item } : item as Part;
    const block = partToBlock(part, p, newContext(), "system");
    if (block === undefined) continue;
    if (friendly && !("text" in block || "cachePoint" in block || "guardContent" in block)) {
      invalid(p, "system holds only text, cache and guard parts");
    }
    out.push(block as SystemContentBlock);
  }
}

/**
 * Converts friendly messages to the Converse `messages`/`system` pair. Pure: the input is never
 * mutated, and each call returns fresh arrays (raw Converse blocks are passed through by reference).
 *
 * @example
 * ```ts
 * import { toConverseMessages } from "@bedrock-fetch/core/chat";
 * const { messages } = toConverseMessages(["Hi", ["assistant", "Hello"], "How are you?"]);
 * messages.length; // 3
 * ```
 */
export function toConverseMessages(
  input: readonly MessageInput[],
  options: ConvertOptions = {},
): ConvertedMessages {
  if (!Array.isArray(input)) invalid("messages", "must be an array");
  const system: SystemContentBlock[] = [];
  if (options.system !== undefined) systemBlocks(options.system, "system", system);
  const ctx = newContext(options.mistralToolIds === true);
  const messages: Message[] = [];
  for (let i = 0; i < input.length; i++) {
    const path = `messages[${i}]`;
    const m = input[i];
    const o = typeof m === "string"
      ? { role: "user", content: m }
      : Array.isArray(m)
      ? { role: m[0], content: m[1] }
      : m;
    if (typeof o !== "object" || o === null) {
      invalid(path, "must be a string, a [role, content] tuple or { role, content }");
    }
    const { role, content, toolUseId, isError } = o as Omit<ToolMessage, "role"> & { role: string };
    if (!ROLES.has(role)) {
      invalid(`${path}.role`, `must be system, user, assistant or tool, got "${String(role)}"`);
    }
    const toolValue = role === "tool" && toolUseId !== undefined,
      text = typeof content === "string";
    if (!toolValue && !text && !Array.isArray(content)) {
      invalid(`${path}.content`, "must be a string or an array of parts");
    }
    if (role === "system") {
      systemBlocks(content as SystemInput, `${path}.content`, system);
      continue;
    }
    if (text && !toolValue && role === "tool") {
      invalid(`${path}.toolUseId`, "a text tool message needs toolUseId");
    }
    const parts: Part[] = toolValue
      ? [{ type: "tool-result", id: toolUseId, content, isError } as Part]
      : text
      ? [{ type: "text", text: content as string }]
      : content as Part[];
    const blocks: ContentBlock[] = [];
    for (let j = 0; j < parts.length; j++) {
      const block = partToBlock(parts[j]!, `${path}.content[${j}]`, ctx, role);
      if (block !== undefined) blocks.push(block);
    }
    if (blocks.length === 0) continue;
    const wireRole = role === "tool" ? "user" : role;
    const last = messages.at(-1);
    if (last?.role === wireRole) last.content = last.content.concat(blocks);
    else messages.push({ role: wireRole, content: blocks });
  }
  // Bedrock rejects a final assistant turn that ends in whitespace: trim its last text block.
  const last = messages.at(-1), text = (last?.content.at(-1) as { text?: unknown })?.text;
  if (last?.role === "assistant" && typeof text === "string" && text !== text.trimEnd()) {
    last.content = last.content.slice(0, -1).concat({ text: text.trimEnd() });
  }
  return put(
    { messages, toolNames: [...ctx.toolNames], hasToolBlocks: ctx.toolBlocks },
    "system",
    system.length > 0 ? system : undefined,
  );
}

/**
 * The minimal toolConfig Bedrock requires when a history holds toolUse/toolResult blocks but the
 * request defines no tools: one permissive object schema per tool name used.
 *
 * @example
 * ```ts
 * import { synthesizeToolConfig } from "@bedrock-fetch/core/chat";
 * synthesizeToolConfig(["weather"]).tools.length; // 1
 * ```
 */
export function synthesizeToolConfig(toolNames: readonly string[]): ToolConfiguration {
  if (toolNames.length === 0) {
    invalid(
      "toolConfig",
      "toolResult blocks without toolUse: define the tools",
    );
  }
  return {
    tools: toolNames.map((name) => ({
      toolSpec: { name, inputSchema: { json: { type: "object" } } },
    })),
  };
}

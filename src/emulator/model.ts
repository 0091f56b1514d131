// The deterministic scripted model: echo, scripts, tool calls from JSON schemas, tool-result
// answers, reasoning with signatures, citations and structured output.
import { valueFromSchema } from "./schema.ts";
import { countTokens } from "./tokens.ts";

type Obj = Record<string, unknown>;

/**
 * One scripted assistant turn: plain text, or Converse content blocks and a stop reason.
 *
 * @example
 * ```ts
 * import type { ScriptTurn } from "@bedrock-fetch/core/emulator";
 * const script: ScriptTurn[] = [
 *   { content: [{ toolUse: { toolUseId: "t1", name: "search", input: { q: "bedrock" } } }] },
 *   "Here is what I found.",
 * ];
 * ```
 */
export type ScriptTurn = string | { content: unknown[]; stopReason?: string };

/** The model's answer as Converse output content blocks. */
export interface Reply {
  /** Converse `ContentBlock`s. */
  content: Obj[];
  /** The stop reason. */
  stopReason: string;
}

/** What the model needs besides the request. */
export interface ModelContext {
  /** Turns to play; the n-th assistant turn of a conversation plays `script[n]` (last repeats). */
  script?: readonly ScriptTurn[] | undefined;
  /** Signs reasoning text. */
  sign: (text: string) => string;
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function texts(content: unknown): string {
  if (!Array.isArray(content)) return "";
  const out: string[] = [];
  for (const b of content) {
    if (!isObj(b)) continue;
    if (typeof b.text === "string") out.push(b.text);
    else if (isObj(b.json)) out.push(JSON.stringify(b.json));
  }
  return out.join("\n");
}

/**
 * True when the request asks for reasoning (Anthropic `thinking`, Nova `reasoningConfig` or
 * `reasoning_config` with `type: "enabled"` or a `maxReasoningEffort`, effort).
 */
export function wantsThinking(fields: unknown): boolean {
  if (!isObj(fields)) return false;
  const t = fields.thinking;
  if (isObj(t) && (t.type === "enabled" || t.type === "adaptive")) return true;
  for (const r of [fields.reasoningConfig, fields.reasoning_config]) {
    if (!isObj(r)) continue;
    if (
      r.type === "enabled" || (r.type === undefined && typeof r.maxReasoningEffort === "string")
    ) {
      return true;
    }
  }
  if (typeof fields.reasoning_effort === "string") return true;
  const oc = fields.output_config;
  return isObj(oc) && typeof oc.effort === "string";
}

function lastUser(messages: Obj[]): Obj | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === "user") return messages[i];
  }
  return undefined;
}

function citationReply(docs: { index: number; title: string; text: string }[]): Obj {
  const doc = docs[0]!;
  const end = Math.min(doc.text.length, 80);
  const excerpt = doc.text.slice(0, end);
  return {
    citationsContent: {
      content: [{ text: `According to ${doc.title}: ${excerpt}` }],
      citations: [{
        title: doc.title,
        sourceContent: [{ text: excerpt }],
        location: { documentChar: { documentIndex: doc.index, start: 0, end } },
      }],
    },
  };
}

function documentsWithCitations(
  message: Obj | undefined,
): { index: number; title: string; text: string }[] {
  const out: { index: number; title: string; text: string }[] = [];
  let index = 0;
  for (const b of Array.isArray(message?.content) ? message.content : []) {
    if (!isObj(b) || !isObj(b.document)) continue;
    const d = b.document;
    if (isObj(d.citations) && d.citations.enabled === true) {
      const src = isObj(d.source) ? d.source : {};
      const text = typeof src.text === "string" ? src.text : texts(src.content) || String(d.name);
      out.push({ index, title: String(d.name), text });
    }
    index++;
  }
  return out;
}

function pickTool(toolConfig: Obj, prompt: string): Obj | undefined {
  const tools = (Array.isArray(toolConfig.tools) ? toolConfig.tools : [])
    .map((t) => (isObj(t) ? t.toolSpec : undefined))
    .filter(isObj);
  const choice = isObj(toolConfig.toolChoice) ? toolConfig.toolChoice : {};
  if (isObj(choice.tool)) return tools.find((t) => t.name === (choice.tool as Obj).name);
  // The tool the user names, else the first one: deterministic, and scriptable by the prompt.
  return tools.find((t) => prompt.includes(String(t.name))) ?? tools[0];
}

function limit(text: string, inference: Obj): { text: string; stop?: string } {
  const stops = Array.isArray(inference.stopSequences) ? inference.stopSequences.map(String) : [];
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0) return { text: text.slice(0, at), stop: "stop_sequence" };
  }
  const max = typeof inference.maxTokens === "number" ? inference.maxTokens : Infinity;
  if (countTokens(text) > max) return { text: text.slice(0, max * 4), stop: "max_tokens" };
  return { text };
}

function fromScript(turn: ScriptTurn): Reply {
  if (typeof turn === "string") return { content: [{ text: turn }], stopReason: "end_turn" };
  const content = turn.content.filter(isObj);
  const hasTool = content.some((b) => "toolUse" in b);
  return { content, stopReason: turn.stopReason ?? (hasTool ? "tool_use" : "end_turn") };
}

function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36).padStart(7, "0");
}

/** The model's deterministic answer to a Converse-shaped input. */
export function generate(input: Obj, ctx: ModelContext): Reply {
  const messages = (Array.isArray(input.messages) ? input.messages : []).filter(isObj);
  const inference = isObj(input.inferenceConfig) ? input.inferenceConfig : {};
  const user = lastUser(messages);
  let reply: Reply;
  const toolResults = (Array.isArray(user?.content) ? user.content : []).filter((b) =>
    isObj(b) && isObj(b.toolResult)
  );
  const toolConfig = isObj(input.toolConfig) ? input.toolConfig : undefined;
  if (ctx.script !== undefined && ctx.script.length > 0) {
    const turn = messages.filter((m) => m.role === "assistant").length;
    reply = fromScript(ctx.script[Math.min(turn, ctx.script.length - 1)]!);
  } else if (toolResults.length > 0) {
    const results = toolResults.map((b) => texts(((b as Obj).toolResult as Obj).content)).join(
      "; ",
    );
    reply = { content: [{ text: `The tool returned: ${results}` }], stopReason: "end_turn" };
  } else if (toolConfig !== undefined && pickTool(toolConfig, texts(user?.content)) !== undefined) {
    const tool = pickTool(toolConfig, texts(user?.content))!;
    const schema = isObj(tool.inputSchema) ? tool.inputSchema.json : {};
    const args = valueFromSchema(schema);
    const id = `tooluse_${
      hash8(String(tool.name) + JSON.stringify(messages.length) + texts(user?.content))
    }`;
    reply = {
      content: [{ toolUse: { toolUseId: id, name: tool.name, input: args } }],
      stopReason: "tool_use",
    };
  } else {
    const tf = isObj(input.outputConfig) && isObj(input.outputConfig.textFormat)
      ? input.outputConfig.textFormat
      : undefined;
    const docs = documentsWithCitations(user);
    if (tf !== undefined) {
      const js = isObj(tf.structure) && isObj(tf.structure.jsonSchema)
        ? tf.structure.jsonSchema
        : {};
      const text = JSON.stringify(valueFromSchema(JSON.parse(String(js.schema))));
      reply = { content: [{ text }], stopReason: "end_turn" };
    } else if (docs.length > 0) {
      reply = { content: [citationReply(docs)], stopReason: "end_turn" };
    } else {
      const echo = texts(user?.content) || "I received your message.";
      const cut = limit(echo, inference);
      reply = { content: [{ text: cut.text }], stopReason: cut.stop ?? "end_turn" };
    }
  }
  if (wantsThinking(input.additionalModelRequestFields)) {
    const thought = `Let me think about this: the user wrote ${
      JSON.stringify(texts(user?.content).slice(0, 120))
    }.`;
    reply.content.unshift({
      reasoningContent: { reasoningText: { text: thought, signature: ctx.sign(thought) } },
    });
  }
  return reply;
}

/** The text the output is counted over. */
export function renderOutput(content: Obj[]): string {
  let out = "";
  for (const b of content) {
    if (typeof b.text === "string") out += b.text;
    else if (isObj(b.toolUse)) out += String(b.toolUse.name) + JSON.stringify(b.toolUse.input);
    else if (isObj(b.reasoningContent)) {
      out += String((b.reasoningContent.reasoningText as Obj | undefined)?.text ?? "");
    } else if (isObj(b.citationsContent)) out += texts(b.citationsContent.content);
  }
  return out;
}

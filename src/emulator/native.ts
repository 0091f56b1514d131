// InvokeModel in each provider's native shape: request → Converse-like input for the model, and
// the reply back as a native body (chosen by the model id's family); streams are in native_stream.ts.
import { invalid } from "./errors.ts";
import type { ModelFamily } from "./models.ts";
import type { Reply } from "./model.ts";

type Obj = Record<string, unknown>;

/** Token counts and ids for a native answer. */
export interface NativeMeta {
  model: string;
  inputTokens: number;
  outputTokens: number;
  id: string;
}

/** A plain object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function malformed(detail: string): never {
  throw invalid(`Malformed input request: ${detail}, please reformat your input and try again.`);
}

function need(body: Obj, key: string): unknown {
  if (body[key] === undefined) malformed(`#: required key [${key}] not found`);
  return body[key];
}

function anthropicBlocks(content: unknown): Obj[] {
  if (typeof content === "string") return [{ text: content }];
  if (!Array.isArray(content)) malformed("#/messages/content: expected type: String or JSONArray");
  return content.filter(isObj).map((b) => {
    if (b.type === "tool_result") {
      const inner = typeof b.content === "string"
        ? [{ text: b.content }]
        : anthropicBlocks(b.content ?? []);
      return { toolResult: { toolUseId: b.tool_use_id, content: inner } };
    }
    if (b.type === "tool_use") {
      return { toolUse: { toolUseId: b.id, name: b.name, input: b.input } };
    }
    return { text: typeof b.text === "string" ? b.text : "" };
  });
}

function chatMessages(list: unknown): Obj[] {
  if (!Array.isArray(list)) malformed("#/messages: expected type: JSONArray");
  return list.filter(isObj).filter((m) => m.role !== "system").map((m) => ({
    role: m.role === "assistant" ? "assistant" : "user",
    content: Array.isArray(m.content)
      ? m.content.filter(isObj).map((c) => ({ text: typeof c.text === "string" ? c.text : "" }))
      : [{ text: String(m.content ?? "") }],
  }));
}

function promptText(prompt: string): string {
  const llama = [
    ...prompt.matchAll(/<\|start_header_id\|>user<\|end_header_id\|>\s*([\s\S]*?)<\|eot_id\|>/g),
  ];
  if (llama.length > 0) return llama[llama.length - 1]![1]!.trim();
  const inst = [...prompt.matchAll(/\[INST\]([\s\S]*?)\[\/INST\]/g)];
  if (inst.length > 0) return inst[inst.length - 1]![1]!.trim();
  return prompt;
}

/** The Converse-like input the model answers for a native request body. */
export function nativeInput(family: ModelFamily, body: Obj): Obj {
  const user = (text: string): Obj => ({ messages: [{ role: "user", content: [{ text }] }] });
  switch (family) {
    case "anthropic": {
      need(body, "anthropic_version");
      const maxTokens = need(body, "max_tokens");
      if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) {
        malformed("#/max_tokens: must be an integer >= 1");
      }
      const messages = need(body, "messages");
      if (!Array.isArray(messages)) malformed("#/messages: expected type: JSONArray");
      messages.forEach((m, i) => {
        const role = isObj(m) ? m.role : undefined;
        if (role !== (i % 2 === 0 ? "user" : "assistant")) {
          throw invalid(
            `messages.${i}.role: roles must alternate between "user" and "assistant", starting with "user".`,
          );
        }
      });
      const input: Obj = {
        messages: messages.filter(isObj).map((m) => ({
          role: m.role,
          content: anthropicBlocks(m.content),
        })),
        inferenceConfig: { maxTokens },
      };
      if (Array.isArray(body.tools) && body.tools.length > 0) {
        input.toolConfig = {
          tools: body.tools.filter(isObj).map((t) => ({
            toolSpec: { name: t.name, inputSchema: { json: t.input_schema ?? {} } },
          })),
        };
      }
      if (body.thinking !== undefined) {
        input.additionalModelRequestFields = { thinking: body.thinking };
      }
      return input;
    }
    case "nova":
      return {
        messages: chatMessages(need(body, "messages")),
        additionalModelRequestFields: body.reasoningConfig !== undefined
          ? { reasoning_config: body.reasoningConfig }
          : {},
      };
    case "titan":
    case "titan-embed":
      return user(String(need(body, "inputText")));
    case "cohere":
      return user(String(need(body, "message")));
    case "cohere-embed": {
      const texts = need(body, "texts");
      return user(Array.isArray(texts) ? texts.map(String).join("\n") : String(texts));
    }
    case "openai":
    case "mistral":
      if (body.messages !== undefined) return { messages: chatMessages(body.messages) };
      return user(promptText(String(need(body, "prompt"))));
    case "meta":
      return user(promptText(String(need(body, "prompt"))));
  }
}

/** The reply's plain text. */
export function text(reply: Reply): string {
  return reply.content.map((b) => (typeof b.text === "string" ? b.text : "")).join("");
}

/** The reply as Anthropic Messages content blocks. */
export function anthropicContent(reply: Reply): Obj[] {
  return reply.content.map((b) => {
    if (isObj(b.toolUse)) {
      return {
        type: "tool_use",
        id: b.toolUse.toolUseId,
        name: b.toolUse.name,
        input: b.toolUse.input,
      };
    }
    if (isObj(b.reasoningContent)) {
      const r = b.reasoningContent.reasoningText as Obj;
      return { type: "thinking", thinking: r.text, signature: r.signature };
    }
    return { type: "text", text: typeof b.text === "string" ? b.text : "" };
  });
}

function embedding(seed: string, n: number): number[] {
  let h = 7;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  const v = Array.from({ length: n }, (_, i) => Math.sin(h + i));
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

/** Converse stop reasons → Anthropic `stop_reason`. */
export const ANTHROPIC_STOP: Record<string, string> = {
  end_turn: "end_turn",
  tool_use: "tool_use",
  max_tokens: "max_tokens",
  stop_sequence: "stop_sequence",
};

/** The native InvokeModel response body. */
export function nativeBody(family: ModelFamily, reply: Reply, m: NativeMeta, request: Obj): Obj {
  const t = text(reply);
  switch (family) {
    case "anthropic":
      return {
        id: m.id,
        type: "message",
        role: "assistant",
        model: m.model,
        content: anthropicContent(reply),
        stop_reason: ANTHROPIC_STOP[reply.stopReason] ?? "end_turn",
        stop_sequence: null,
        usage: { input_tokens: m.inputTokens, output_tokens: m.outputTokens },
      };
    case "meta":
      return {
        generation: t,
        prompt_token_count: m.inputTokens,
        generation_token_count: m.outputTokens,
        stop_reason: "stop",
      };
    case "mistral":
      if (request.messages !== undefined) break;
      return { outputs: [{ text: t, stop_reason: "stop" }] };
    case "nova":
      return {
        output: {
          message: {
            role: "assistant",
            content: reply.content.filter((b) => typeof b.text === "string"),
          },
        },
        stopReason: reply.stopReason,
        usage: {
          inputTokens: m.inputTokens,
          outputTokens: m.outputTokens,
          totalTokens: m.inputTokens + m.outputTokens,
        },
      };
    case "titan":
      return {
        inputTextTokenCount: m.inputTokens,
        results: [{ tokenCount: m.outputTokens, outputText: t, completionReason: "FINISH" }],
      };
    case "titan-embed": {
      const dims = typeof request.dimensions === "number" ? request.dimensions : 1024;
      return {
        embedding: embedding(String(request.inputText), dims),
        inputTextTokenCount: m.inputTokens,
      };
    }
    case "cohere":
      return {
        response_id: m.id,
        text: t,
        generation_id: m.id,
        chat_history: [],
        finish_reason: "COMPLETE",
      };
    case "cohere-embed": {
      const texts = Array.isArray(request.texts) ? request.texts.map(String) : [];
      return {
        id: m.id,
        embeddings: texts.map((x) => embedding(x, 1024)),
        texts,
        response_type: "embeddings_floats",
      };
    }
    case "openai":
      if (request.messages === undefined) return { choices: [{ text: t, stop_reason: "stop" }] };
  }
  return {
    id: m.id,
    object: "chat.completion",
    created: 1735689600,
    model: m.model,
    choices: [{ index: 0, message: { role: "assistant", content: t }, finish_reason: "stop" }],
    usage: {
      prompt_tokens: m.inputTokens,
      completion_tokens: m.outputTokens,
      total_tokens: m.inputTokens + m.outputTokens,
    },
  };
}

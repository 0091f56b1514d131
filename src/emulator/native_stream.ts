// InvokeModelWithResponseStream chunks in each provider's native stream shape.
import { invalid } from "./errors.ts";
import type { ModelFamily } from "./models.ts";
import type { Reply } from "./model.ts";
import { pieces } from "./converse.ts";
import { ANTHROPIC_STOP, anthropicContent, nativeBody, type NativeMeta, text } from "./native.ts";

type Obj = Record<string, unknown>;

function metrics(m: NativeMeta): Obj {
  return {
    inputTokenCount: m.inputTokens,
    outputTokenCount: m.outputTokens,
    invocationLatency: 1,
    firstByteLatency: 1,
  };
}

function anthropicChunks(reply: Reply, m: NativeMeta): Obj[] {
  const out: Obj[] = [{
    type: "message_start",
    message: {
      id: m.id,
      type: "message",
      role: "assistant",
      model: m.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: m.inputTokens, output_tokens: 1 },
    },
  }];
  anthropicContent(reply).forEach((block, index) => {
    const start = block.type === "tool_use"
      ? { ...block, input: {} }
      : block.type === "thinking"
      ? { type: "thinking", thinking: "" }
      : { type: "text", text: "" };
    out.push({ type: "content_block_start", index, content_block: start });
    if (block.type === "tool_use") {
      for (const p of pieces(JSON.stringify(block.input ?? {}), 16)) {
        out.push({
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: p },
        });
      }
    } else if (block.type === "thinking") {
      for (const p of pieces(String(block.thinking))) {
        out.push({
          type: "content_block_delta",
          index,
          delta: { type: "thinking_delta", thinking: p },
        });
      }
      out.push({
        type: "content_block_delta",
        index,
        delta: { type: "signature_delta", signature: block.signature },
      });
    } else {
      for (const p of pieces(String(block.text))) {
        out.push({ type: "content_block_delta", index, delta: { type: "text_delta", text: p } });
      }
    }
    out.push({ type: "content_block_stop", index });
  });
  out.push({
    type: "message_delta",
    delta: { stop_reason: ANTHROPIC_STOP[reply.stopReason] ?? "end_turn", stop_sequence: null },
    usage: { output_tokens: m.outputTokens },
  });
  out.push({ type: "message_stop", "amazon-bedrock-invocationMetrics": metrics(m) });
  return out;
}

/** The native stream chunks (each is one `chunk` event's decoded `bytes`). */
export function nativeChunks(
  family: ModelFamily,
  reply: Reply,
  m: NativeMeta,
  request: Obj,
): Obj[] {
  const parts = pieces(text(reply));
  const last = parts.length - 1;
  const withMetrics = (
    o: Obj,
    i: number,
  ): Obj => (i === last ? { ...o, "amazon-bedrock-invocationMetrics": metrics(m) } : o);
  switch (family) {
    case "anthropic":
      return anthropicChunks(reply, m);
    case "meta":
      return parts.map((p, i) =>
        withMetrics({
          generation: p,
          prompt_token_count: i === 0 ? m.inputTokens : null,
          generation_token_count: i + 1,
          stop_reason: i === last ? "stop" : null,
        }, i)
      );
    case "nova": {
      const out: Obj[] = [{ messageStart: { role: "assistant" } }];
      for (const p of parts) {
        out.push({ contentBlockDelta: { delta: { text: p }, contentBlockIndex: 0 } });
      }
      out.push({ contentBlockStop: { contentBlockIndex: 0 } }, {
        messageStop: { stopReason: reply.stopReason },
      });
      out.push({
        metadata: { usage: { inputTokens: m.inputTokens, outputTokens: m.outputTokens } },
        "amazon-bedrock-invocationMetrics": metrics(m),
      });
      return out;
    }
    case "titan":
      return parts.map((p, i) =>
        withMetrics({
          outputText: p,
          index: 0,
          totalOutputTextTokenCount: i === last ? m.outputTokens : null,
          completionReason: i === last ? "FINISH" : null,
          inputTextTokenCount: i === 0 ? m.inputTokens : null,
        }, i)
      );
    case "cohere":
      return [
        { is_finished: false, event_type: "stream-start", generation_id: m.id },
        ...parts.map((p) => ({ is_finished: false, event_type: "text-generation", text: p })),
        {
          is_finished: true,
          event_type: "stream-end",
          finish_reason: "COMPLETE",
          response: nativeBody(family, reply, m, request),
          "amazon-bedrock-invocationMetrics": metrics(m),
        },
      ];
    case "titan-embed":
    case "cohere-embed":
      throw invalid(`The model ${m.model} does not support response streaming (modelId).`);
    case "mistral":
      if (request.messages === undefined) {
        return parts.map((p, i) =>
          withMetrics({ outputs: [{ text: p, stop_reason: i === last ? "stop" : null }] }, i)
        );
      }
      break;
    case "openai":
      if (request.messages === undefined) {
        return parts.map((p, i) =>
          withMetrics({ choices: [{ text: p, stop_reason: i === last ? "stop" : null }] }, i)
        );
      }
  }
  return parts.map((p, i) =>
    withMetrics({
      id: m.id,
      object: "chat.completion.chunk",
      created: 1735689600,
      model: m.model,
      choices: [{ index: 0, delta: { content: p }, finish_reason: i === last ? "stop" : null }],
    }, i)
  );
}

// The operations: Converse, ConverseStream, InvokeModel(+stream), CountTokens, ApplyGuardrail.
import { fromBase64, toBase64 } from "../runtime/base64.ts";
import { constraint, invalid, STREAM_EXCEPTIONS } from "./errors.ts";
import type { FaultSpec } from "./faults.ts";
import { generate, type ModelContext, renderOutput, type Reply } from "./model.ts";
import type { ResolvedModel } from "./models.ts";
import { converseBody, converseEvents, echoed, type Usage } from "./converse.ts";
import { nativeBody, nativeInput } from "./native.ts";
import { nativeChunks } from "./native_stream.ts";
import { eventStream, type StreamEvent } from "./stream.ts";
import { countTokens, inputTokens, type PromptCache, renderConverse } from "./tokens.ts";
import { type SignatureCheck, validateConverse } from "./validate.ts";

type Obj = Record<string, unknown>;

/** Shared state an operation runs with. */
export interface OpContext {
  model: ModelContext;
  check: SignatureCheck;
  cache: PromptCache;
  paceMs: number;
  /** Close callbacks of the open streams (a plain set: Workers forbid sharing I/O objects). */
  closing: Set<() => void>;
  faults: FaultSpec;
  requestId: string;
  blockedWords: readonly string[];
  started: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Decodes strict UTF-8 (400 naming the body otherwise). */
export function decodeUtf8(bytes: Uint8Array, what = "request body"): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalid(`Cannot parse ${what}: it is not valid UTF-8.`);
  }
}

/** Parses a JSON object body (400 ValidationException otherwise). */
export function parseJsonObject(bytes: Uint8Array, what = "request body"): Obj {
  const text = decodeUtf8(bytes, what);
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch (e) {
    throw invalid(`Cannot parse ${what}: malformed JSON (${(e as Error).message.slice(0, 120)}).`);
  }
  if (!isObj(value)) throw invalid(`Cannot parse ${what}: expected a JSON object.`);
  return value;
}

function jsonResponse(body: unknown, ctx: OpContext, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { "content-type": "application/json", "x-amzn-requestid": ctx.requestId, ...extra },
  });
}

function streamResponse(
  events: StreamEvent[],
  kind: "converse" | "invoke",
  ctx: OpContext,
  extra: Record<string, string> = {},
): Response {
  const member = ctx.faults.midStreamException;
  if (member !== undefined && !STREAM_EXCEPTIONS[kind].includes(member)) {
    throw invalid(
      `Cannot apply fault 'mid-stream-exception': '${member}' is not one of ${
        STREAM_EXCEPTIONS[kind].join(", ")
      }.`,
    );
  }
  return new Response(eventStream(events, ctx.paceMs, ctx.faults, ctx.closing), {
    status: 200,
    headers: {
      "content-type": "application/vnd.amazon.eventstream",
      "x-amzn-requestid": ctx.requestId,
      ...extra,
    },
  });
}

function guardrailHit(text: string, words: readonly string[]): string | undefined {
  const lower = text.toLowerCase();
  return words.find((w) => lower.includes(w.toLowerCase()));
}

/** Converse and ConverseStream. */
export function converse(input: Obj, ctx: OpContext, stream: boolean): Response {
  validateConverse(input, ctx.check);
  if (input.guardrailConfig !== undefined) {
    const g = isObj(input.guardrailConfig) ? input.guardrailConfig : {};
    if (typeof g.guardrailIdentifier !== "string") {
      throw constraint(
        "guardrailConfig.guardrailIdentifier",
        g.guardrailIdentifier,
        "Member must not be null",
      );
    }
    if (typeof g.guardrailVersion !== "string") {
      throw constraint(
        "guardrailConfig.guardrailVersion",
        g.guardrailVersion,
        "Member must not be null",
      );
    }
  }
  let reply: Reply = generate(input, ctx.model);
  if (
    input.guardrailConfig !== undefined &&
    guardrailHit(JSON.stringify(input.messages), ctx.blockedWords) !== undefined
  ) {
    reply = {
      content: [{ text: "Sorry, the model cannot answer this question." }],
      stopReason: "guardrail_intervened",
    };
  }
  const tokens = inputTokens(renderConverse(input));
  const cached = ctx.cache.usage(tokens);
  const outputTokens = countTokens(renderOutput(reply.content));
  const usage: Usage = { ...cached, outputTokens, totalTokens: tokens.total + outputTokens };
  const latencyMs = Math.max(1, Date.now() - ctx.started);
  if (!stream) return jsonResponse(converseBody(reply, usage, latencyMs, echoed(input)), ctx);
  return streamResponse(converseEvents(reply, usage, latencyMs, echoed(input)), "converse", ctx);
}

function checkNativeReasoning(family: string, body: Obj, check: SignatureCheck): void {
  if (family !== "anthropic" || !Array.isArray(body.messages)) return;
  body.messages.forEach((m, i) => {
    const content = isObj(m) && Array.isArray(m.content) ? m.content : [];
    content.forEach((b, j) => {
      if (isObj(b) && b.type === "thinking" && !check(String(b.thinking), String(b.signature))) {
        throw invalid(
          `messages.${i}.content.${j}.signature: Invalid signature in thinking block; send thinking blocks back exactly as received.`,
        );
      }
    });
  });
}

/** InvokeModel and InvokeModelWithResponseStream in the model family's native shape. */
export function invoke(
  model: ResolvedModel,
  headers: Headers,
  bytes: Uint8Array,
  ctx: OpContext,
  stream: boolean,
): Response {
  const body = parseJsonObject(bytes, "body");
  checkNativeReasoning(model.family, body, ctx.check);
  const input = nativeInput(model.family, body);
  const reply = generate(input, ctx.model);
  const meta = {
    model: model.base,
    inputTokens: countTokens(decodeUtf8(bytes)),
    outputTokens: countTokens(renderOutput(reply.content)),
    id: `msg_bdrk_${ctx.requestId.replace(/-/g, "").slice(0, 24)}`,
  };
  const accept = headers.get(stream ? "x-amzn-bedrock-accept" : "accept");
  if (accept !== null && !/application\/json|\*\/\*/.test(accept)) {
    throw invalid(
      `The requested accept type '${accept}' is not supported by ${model.base} (accept).`,
    );
  }
  if (!stream) {
    return jsonResponse(nativeBody(model.family, reply, meta, body), ctx, {
      "x-amzn-bedrock-input-token-count": String(meta.inputTokens),
      "x-amzn-bedrock-output-token-count": String(meta.outputTokens),
      "x-amzn-bedrock-invocation-latency": String(Math.max(1, Date.now() - ctx.started)),
    });
  }
  const events = nativeChunks(model.family, reply, meta, body).map((chunk): StreamEvent => ({
    type: "chunk",
    payload: { bytes: toBase64(encoder.encode(JSON.stringify(chunk))) },
  }));
  return streamResponse(events, "invoke", ctx, {
    "x-amzn-bedrock-content-type": "application/json",
  });
}

/** CountTokens: the same count Converse usage and InvokeModel report. */
export function countTokensOp(model: ResolvedModel, body: Obj, ctx: OpContext): Response {
  if (model.profile) {
    throw invalid(
      `The provided model identifier is invalid: CountTokens takes a foundation model id (e.g. ${model.base}), not the inference profile '${model.id}' (modelId).`,
    );
  }
  if (!isObj(body.input)) throw constraint("input", body.input, "Member must not be null");
  const keys = Object.keys(body.input);
  if (keys.length !== 1 || (keys[0] !== "converse" && keys[0] !== "invokeModel")) {
    throw invalid(
      `input must set exactly one of converse, invokeModel (got ${keys.join(", ") || "none"}).`,
    );
  }
  if (keys[0] === "converse") {
    const c = body.input.converse;
    if (!isObj(c)) throw constraint("input.converse", c, "Member must be a structure");
    validateConverse(c, ctx.check, "input.converse.");
    return jsonResponse({ inputTokens: inputTokens(renderConverse(c)).total }, ctx);
  }
  const im = body.input.invokeModel;
  const b64 = isObj(im) ? im.body : undefined;
  if (typeof b64 !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    throw invalid(
      "Invalid base64 in input.invokeModel.body: the value is not valid base64-encoded data.",
    );
  }
  const raw = fromBase64(b64);
  parseJsonObject(raw, "input.invokeModel.body");
  return jsonResponse({ inputTokens: countTokens(decodeUtf8(raw, "input.invokeModel.body")) }, ctx);
}

/** ApplyGuardrail: intervenes when a blocked word appears. */
export function applyGuardrail(id: string, version: string, body: Obj, ctx: OpContext): Response {
  if (
    !/^([a-z0-9]+|arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+)$/.test(
      id,
    )
  ) {
    throw constraint(
      "guardrailIdentifier",
      id,
      "Member must satisfy regular expression pattern: ^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))$",
    );
  }
  if (!/^([1-9][0-9]{0,7}|DRAFT)$/.test(version)) {
    throw constraint(
      "guardrailVersion",
      version,
      "Member must satisfy regular expression pattern: ^(([1-9][0-9]{0,7})|(DRAFT))$",
    );
  }
  if (body.source !== "INPUT" && body.source !== "OUTPUT") {
    throw constraint("source", body.source, "Member must satisfy enum value set: [INPUT, OUTPUT]");
  }
  if (
    body.outputScope !== undefined && body.outputScope !== "INTERVENTIONS" &&
    body.outputScope !== "FULL"
  ) {
    throw constraint(
      "outputScope",
      body.outputScope,
      "Member must satisfy enum value set: [INTERVENTIONS, FULL]",
    );
  }
  if (!Array.isArray(body.content) || body.content.length === 0) {
    throw constraint("content", body.content, "Member must have length greater than or equal to 1");
  }
  let text = "";
  body.content.forEach((c, i) => {
    if (!isObj(c) || (c.text === undefined && c.image === undefined)) {
      throw invalid(`content.${i} must set exactly one of text, image.`);
    }
    if (c.text !== undefined) {
      const t = isObj(c.text) ? c.text.text : undefined;
      if (typeof t !== "string") {
        throw constraint(`content.${i}.text.text`, t, "Member must not be null");
      }
      text += t;
    }
  });
  const hit = guardrailHit(text, ctx.blockedWords);
  const units = Math.max(1, Math.ceil(text.length / 1000));
  return jsonResponse({
    usage: {
      topicPolicyUnits: units,
      contentPolicyUnits: units,
      wordPolicyUnits: units,
      sensitiveInformationPolicyUnits: units,
      sensitiveInformationPolicyFreeUnits: 0,
      contextualGroundingPolicyUnits: 0,
    },
    action: hit === undefined ? "NONE" : "GUARDRAIL_INTERVENED",
    ...(hit === undefined ? {} : { actionReason: "Guardrail blocked." }),
    outputs: hit === undefined ? [] : [{ text: "Sorry, the model cannot answer this question." }],
    assessments: hit === undefined
      ? []
      : [{ wordPolicy: { customWords: [{ match: hit, action: "BLOCKED", detected: true }] } }],
    guardrailCoverage: { textCharacters: { guarded: text.length, total: text.length } },
  }, ctx);
}

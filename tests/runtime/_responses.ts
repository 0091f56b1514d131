// Response corpus for the differential tests: JSON replies of every operation, event streams of both
// stream operations (encoded with our encoder), every modeled error, mid-stream exceptions, unknown
// members.
import { encodeEventStreamMessage } from "../../src/eventstream/encode.ts";
import type { OperationName } from "../../src/runtime/_request.ts";
import type { Canned } from "./_harness.ts";

export interface ResponseCase {
  name: string;
  op: OperationName;
  input: Record<string, unknown>;
  canned: Canned;
}

const enc = new TextEncoder();
const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));
const HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
const CONVERSE_IN = { modelId: HAIKU, messages: [{ role: "user", content: [{ text: "Hi" }] }] };
const INVOKE_IN = { modelId: HAIKU, contentType: "application/json", body: "{}" };
const GUARD_IN = {
  guardrailIdentifier: "gr",
  guardrailVersion: "1",
  source: "INPUT",
  content: [{ text: { text: "x" } }],
};
const INPUTS: Record<OperationName, Record<string, unknown>> = {
  Converse: CONVERSE_IN,
  ConverseStream: CONVERSE_IN,
  InvokeModel: INVOKE_IN,
  InvokeModelWithResponseStream: INVOKE_IN,
  CountTokens: { modelId: HAIKU, input: { converse: { messages: CONVERSE_IN.messages } } },
  ApplyGuardrail: GUARD_IN,
};

const json = (op: OperationName, name: string, body: unknown, headers = {}): ResponseCase => ({
  name: `${op} ${name}`,
  op,
  input: INPUTS[op],
  canned: {
    status: 200,
    headers: { "content-type": "application/json", "x-amzn-requestid": "rid-json", ...headers },
    body: enc.encode(JSON.stringify(body)),
  },
});

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
const msg = (...content: unknown[]) => ({
  output: { message: { role: "assistant", content } },
  stopReason: "end_turn",
  usage,
  metrics: { latencyMs: 120 },
});

type Frame =
  | { event: string; payload: unknown }
  | { exception: string; payload: unknown }
  | { error: string; message: string };
const PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function frame(f: Frame, i: number): Uint8Array {
  if ("error" in f) {
    return encodeEventStreamMessage({
      headers: {
        ":message-type": { type: "string", value: "error" },
        ":error-code": { type: "string", value: f.error },
        ":error-message": { type: "string", value: f.message },
      },
    });
  }
  const isEvent = "event" in f;
  const payload = isEvent ? { ...(f.payload as object), p: PAD.slice(0, 5 + (i % 40)) } : f.payload;
  return encodeEventStreamMessage({
    headers: isEvent
      ? {
        ":event-type": { type: "string", value: f.event },
        ":content-type": { type: "string", value: "application/json" },
        ":message-type": { type: "string", value: "event" },
      }
      : {
        ":exception-type": { type: "string", value: f.exception },
        ":content-type": { type: "string", value: "application/json" },
        ":message-type": { type: "string", value: "exception" },
      },
    body: enc.encode(JSON.stringify(payload)),
  });
}

const stream = (op: OperationName, name: string, frames: Frame[], headers = {}): ResponseCase => {
  const parts = frames.map(frame);
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) body.set(p, (o += p.length) - p.length);
  return {
    name: `${op} ${name}`,
    op,
    input: INPUTS[op],
    canned: {
      status: 200,
      headers: {
        "content-type": "application/vnd.amazon.eventstream",
        "x-amzn-requestid": "rid-stream",
        ...headers,
      },
      body,
    },
  };
};
const ev = (event: string, payload: unknown): Frame => ({ event, payload });
const start = ev("messageStart", { role: "assistant" });
const stop = (stopReason = "end_turn") => ev("messageStop", { stopReason });
const meta = ev("metadata", { usage, metrics: { latencyMs: 300 } });
const delta = (delta: unknown, contentBlockIndex = 0) =>
  ev("contentBlockDelta", { contentBlockIndex, delta });

const MODELED_ERRORS: [string, number, Record<string, unknown>][] = [
  ["AccessDeniedException", 403, {}],
  ["ConflictException", 400, {}],
  ["InternalServerException", 500, {}],
  ["ModelErrorException", 424, { originalStatusCode: 500, resourceName: "claude" }],
  ["ModelNotReadyException", 429, {}],
  ["ModelStreamErrorException", 424, { originalStatusCode: 400, originalMessage: "bad" }],
  ["ModelTimeoutException", 408, {}],
  ["ResourceNotFoundException", 404, {}],
  ["ServiceQuotaExceededException", 400, {}],
  ["ServiceUnavailableException", 503, {}],
  ["ThrottlingException", 429, {}],
  ["ValidationException", 400, {}],
];

const httpError = (
  op: OperationName,
  name: string,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): ResponseCase => ({
  name: `${op} HTTP error ${name}`,
  op,
  input: INPUTS[op],
  canned: {
    status,
    headers: { "content-type": "application/json", "x-amzn-requestid": "rid-err", ...headers },
    body: enc.encode(JSON.stringify(body)),
  },
});

export const RESPONSE_CASES: ResponseCase[] = [
  // --- JSON replies --------------------------------------------------------------------------
  json("Converse", "text reply", msg({ text: "Hello!" })),
  json("Converse", "tool use reply", {
    ...msg({ text: "Checking" }, {
      toolUse: { toolUseId: "t1", name: "get_weather", input: { city: "Paris" } },
    }, { toolUse: { toolUseId: "t2", name: "noargs", input: {} } }),
    stopReason: "tool_use",
  }),
  json(
    "Converse",
    "reasoning text + signature",
    msg({
      reasoningContent: { reasoningText: { text: "Hmm", signature: "c2ln" } },
    }, { text: "42" }),
  ),
  json(
    "Converse",
    "redacted reasoning (blob)",
    msg({ reasoningContent: { redactedContent: b64([1, 2, 3, 250]) } }),
  ),
  json(
    "Converse",
    "citations content, every location kind",
    msg({
      citationsContent: {
        content: [{ text: "cited text" }],
        citations: [
          {
            title: "a",
            sourceContent: [{ text: "s" }],
            location: { documentChar: { documentIndex: 0, start: 1, end: 2 } },
          },
          { location: { documentPage: { documentIndex: 0, start: 1, end: 1 } } },
          { location: { documentChunk: { documentIndex: 1, start: 0, end: 3 } } },
          { source: "web", location: { web: { url: "https://e.com", domain: "e.com" } } },
          { location: { searchResultLocation: { searchResultIndex: 0, start: 0, end: 1 } } },
        ],
      },
    }),
  ),
  json("Converse", "unknown content block member", msg({ text: "a" }, { futureBlock: { x: 1 } })),
  json(
    "Converse",
    "unknown citation location member",
    msg({
      citationsContent: {
        content: [{ text: "c" }],
        citations: [{ location: { future: { a: 1 } } }],
      },
    }),
  ),
  json(
    "Converse",
    "image output (blob)",
    msg({
      image: { format: "png", source: { bytes: b64([137, 80, 78, 71]) } },
    }),
  ),
  json("Converse", "guardrail trace with assessments", {
    ...msg({ text: "blocked" }),
    stopReason: "guardrail_intervened",
    trace: {
      guardrail: {
        modelOutput: ["out"],
        inputAssessment: {
          gr1: {
            contentPolicy: {
              filters: [{
                type: "VIOLENCE",
                confidence: "HIGH",
                action: "BLOCKED",
                detected: true,
              }],
            },
            automatedReasoningPolicy: {
              findings: [{ valid: { claimsTrueScenario: { statements: [] } } }, { tooComplex: {} }],
            },
            invocationMetrics: { guardrailProcessingLatency: 12 },
          },
        },
        outputAssessments: {
          gr1: [{ wordPolicy: { customWords: [{ match: "x", action: "BLOCKED" }] } }],
        },
        actionReason: "Guardrail blocked.",
      },
      promptRouter: { invokedModelId: "arn:model" },
    },
  }),
  json("Converse", "unknown union members deep in the output (lists, maps of lists)", {
    ...msg(
      {
        citationsContent: {
          content: [{ text: "a" }, { futureGenerated: 1 }],
          citations: [{
            title: "t",
            sourceContent: [{ futureSource: "s" }],
            location: { futureLocation: { a: 1 } },
          }],
        },
      },
      {
        toolResult: {
          toolUseId: "t1",
          content: [{ text: "x" }, { futureResult: 2 }, {
            image: { format: "png", source: { bytes: b64([1, 2]) } },
          }],
        },
      },
      { document: { format: "txt", name: "d", source: { content: [{ futureDoc: 1 }] } } },
      { reasoningContent: { futureReasoning: { r: 1 } } },
    ),
    trace: {
      guardrail: {
        inputAssessment: {
          g: { automatedReasoningPolicy: { findings: [{ futureFinding: { x: 1 } }] } },
        },
        outputAssessments: {
          g: [{
            automatedReasoningPolicy: { findings: [{ impossible: {} }, { futureFinding: 2 }] },
          }],
        },
      },
    },
  }),
  json("Converse", "additional fields, tier, latency, cache usage", {
    ...msg({ text: "x" }),
    additionalModelResponseFields: { stop_sequence: null, nested: { a: [1, 2] } },
    performanceConfig: { latency: "optimized" },
    serviceTier: { type: "priority" },
    usage: { ...usage, cacheReadInputTokens: 100, cacheWriteInputTokens: 50 },
  }),
  json("Converse", "max tokens stop with empty content", {
    output: { message: { role: "assistant", content: [] } },
    stopReason: "max_tokens",
    usage,
    metrics: { latencyMs: 0 },
  }),
  json(
    "Converse",
    "tool result with json and search result blocks",
    msg({
      toolResult: {
        toolUseId: "t",
        content: [{ json: { a: 1 } }, { text: "t" }, {
          searchResult: { source: "s", title: "t", content: [{ text: "x" }] },
        }],
        status: "success",
      },
    }),
  ),
  json("CountTokens", "input tokens", { inputTokens: 42 }),
  json("ApplyGuardrail", "intervened with assessments", {
    usage: {
      topicPolicyUnits: 1,
      contentPolicyUnits: 1,
      wordPolicyUnits: 1,
      sensitiveInformationPolicyUnits: 1,
      sensitiveInformationPolicyFreeUnits: 0,
      contextualGroundingPolicyUnits: 0,
    },
    action: "GUARDRAIL_INTERVENED",
    actionReason: "Blocked",
    outputs: [{ text: "Sorry" }],
    assessments: [{
      topicPolicy: { topics: [{ name: "t", type: "DENY", action: "BLOCKED", detected: true }] },
      sensitiveInformationPolicy: {
        piiEntities: [{ match: "a@b.c", type: "EMAIL", action: "ANONYMIZED", detected: true }],
        regexes: [],
      },
    }],
    guardrailCoverage: { textCharacters: { guarded: 5, total: 5 } },
  }),
  json("ApplyGuardrail", "no action", {
    usage: { topicPolicyUnits: 0 },
    action: "NONE",
    outputs: [],
    assessments: [],
  }),
  // InvokeModel: raw payload + header members.
  {
    name: "InvokeModel body and header members",
    op: "InvokeModel",
    input: INVOKE_IN,
    canned: {
      status: 200,
      headers: {
        "content-type": "application/json",
        "x-amzn-requestid": "rid-inv",
        "x-amzn-bedrock-performanceconfig-latency": "optimized",
        "x-amzn-bedrock-service-tier": "flex",
      },
      body: enc.encode('{"content":[{"type":"text","text":"hi"}]}'),
    },
  },
  {
    name: "InvokeModel binary body",
    op: "InvokeModel",
    input: INVOKE_IN,
    canned: {
      status: 200,
      headers: { "content-type": "application/octet-stream", "x-amzn-requestid": "rid-bin" },
      body: Uint8Array.from([0, 1, 2, 255]),
    },
  },
  // --- event streams -------------------------------------------------------------------------
  stream("ConverseStream", "text events with padding", [
    start,
    delta({ text: "Hel" }),
    delta({ text: "lo" }),
    ev("contentBlockStop", { contentBlockIndex: 0 }),
    stop(),
    meta,
  ]),
  stream("ConverseStream", "tool use events", [
    start,
    ev("contentBlockStart", {
      contentBlockIndex: 1,
      start: { toolUse: { toolUseId: "t", name: "f" } },
    }),
    delta({ toolUse: { input: '{"a":' } }, 1),
    delta({ toolUse: { input: "1}" } }, 1),
    ev("contentBlockStop", { contentBlockIndex: 1 }),
    stop("tool_use"),
    meta,
  ]),
  stream("ConverseStream", "reasoning deltas incl. redacted blob", [
    start,
    delta({ reasoningContent: { text: "think" } }),
    delta({ reasoningContent: { signature: "sig" } }),
    delta({ reasoningContent: { redactedContent: b64([9, 8, 7]) } }),
    stop(),
  ]),
  stream("ConverseStream", "citation delta", [
    start,
    delta({
      citation: { title: "d", location: { documentChar: { documentIndex: 0, start: 0, end: 3 } } },
    }),
    stop(),
  ]),
  stream("ConverseStream", "unknown delta member", [
    start,
    delta({ futureDelta: { z: 1 } }),
    stop(),
  ]),
  stream(
    "ConverseStream",
    "unknown start, tool result and citation location members; image delta",
    [
      ev("messageStart", { role: "assistant" }),
      ev("contentBlockStart", { contentBlockIndex: 0, start: { futureStart: { s: 1 } } }),
      delta({ toolResult: [{ text: "a" }, { futureToolResult: 1 }] }),
      delta({ citation: { location: { futureLocation: {} } } }),
      delta({ image: { source: { bytes: b64([5, 6, 7]) } } }),
      stop(),
    ],
  ),
  stream("ConverseStream", "metadata with guardrail trace and tier", [
    start,
    stop(),
    ev("metadata", {
      usage,
      metrics: { latencyMs: 1 },
      trace: { guardrail: { inputAssessment: { g: { contentPolicy: { filters: [] } } } } },
      serviceTier: { type: "default" },
      performanceConfig: { latency: "standard" },
    }),
  ]),
  stream("ConverseStream", "mid-stream throttlingException", [
    start,
    delta({ text: "a" }),
    { exception: "throttlingException", payload: { message: "Too many tokens" } },
  ]),
  stream("ConverseStream", "mid-stream modelStreamErrorException with members", [
    start,
    {
      exception: "modelStreamErrorException",
      payload: { message: "boom", originalStatusCode: 500, originalMessage: "x" },
    },
  ]),
  stream("ConverseStream", "mid-stream internalServerException", [
    start,
    { exception: "internalServerException", payload: { message: "oops" } },
  ]),
  stream("ConverseStream", "mid-stream validationException", [
    { exception: "validationException", payload: { message: "bad input" } },
  ]),
  stream("ConverseStream", "mid-stream serviceUnavailableException", [
    start,
    { exception: "serviceUnavailableException", payload: { message: "unavailable" } },
  ]),
  stream("InvokeModelWithResponseStream", "chunks with header members", [
    ev("chunk", { bytes: b64([...enc.encode('{"type":"message_start"}')]) }),
    ev("chunk", {
      bytes: b64([...enc.encode('{"type":"content_block_delta","delta":{"text":"hi"}}')]),
    }),
    ev("chunk", { bytes: b64([]) }),
  ], {
    "x-amzn-bedrock-content-type": "application/json",
    "x-amzn-bedrock-performanceconfig-latency": "standard",
    "x-amzn-bedrock-service-tier": "default",
  }),
  stream("InvokeModelWithResponseStream", "mid-stream modelTimeoutException", [
    ev("chunk", { bytes: b64([1]) }),
    { exception: "modelTimeoutException", payload: { message: "slow" } },
  ], { "x-amzn-bedrock-content-type": "application/json" }),
  stream("InvokeModelWithResponseStream", "mid-stream throttlingException", [
    ev("chunk", { bytes: b64([2]) }),
    { exception: "throttlingException", payload: { message: "slow down" } },
  ], { "x-amzn-bedrock-content-type": "application/json" }),
  // --- HTTP errors ---------------------------------------------------------------------------
  ...MODELED_ERRORS.map(([type, status, members]) =>
    httpError("Converse", `${type} via x-amzn-errortype`, status, {
      "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    }, { message: `${type} happened`, ...members })
  ),
  httpError("InvokeModel", "ThrottlingException via __type and Message", 429, {}, {
    __type: "com.amazonaws.bedrockruntime#ThrottlingException",
    Message: "Rate exceeded",
  }),
  httpError("CountTokens", "ValidationException via code", 400, {}, {
    code: "ValidationException",
    message: "The provided model identifier is invalid.",
  }),
  httpError("ApplyGuardrail", "ResourceNotFoundException", 404, {
    "x-amzn-errortype": "ResourceNotFoundException",
  }, { message: "Guardrail not found" }),
  httpError("Converse", "unmodeled UnrecognizedClientException", 403, {
    "x-amzn-errortype":
      "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/",
  }, { message: "The security token included in the request is invalid." }),
  httpError("ConverseStream", "ValidationException on a stream call (JSON body)", 400, {
    "x-amzn-errortype": "ValidationException",
  }, { message: "messages: must not be empty" }),
  httpError("InvokeModelWithResponseStream", "AccessDeniedException on a stream call", 403, {
    "x-amzn-errortype": "AccessDeniedException",
  }, { Message: "no access" }),
];

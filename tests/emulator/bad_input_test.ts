// The bad-input table: malformed, hostile and unauthenticated requests over a real socket each get
// the AWS-shaped 4xx (status, x-amzn-errortype, a message naming the member), and the emulator
// keeps serving.
import assert from "node:assert/strict";
import { serveEmulator } from "../../src/emulator/mod.ts";
import {
  converseBody,
  enc,
  errorType,
  KEY,
  MODEL,
  modelPath,
  signedFetch,
  type SignedInit,
} from "./_helpers.ts";

interface Row {
  name: string;
  path?: string;
  init?: SignedInit;
  raw?: RequestInit;
  status: number;
  type: string;
  message: RegExp;
}

const user = (content: unknown[]) => ({ role: "user", content });
const asst = (content: unknown[]) => ({ role: "assistant", content });
const msgs = (messages: unknown[], extra: Record<string, unknown> = {}) => ({
  body: JSON.stringify({ messages, ...extra }),
});
const conv = (extra: Record<string, unknown>) => ({ body: converseBody(extra) });
const tool = (name: string, json: unknown = { type: "object" }) => ({
  toolSpec: { name, inputSchema: { json } },
});
const cache = { cachePoint: { type: "default" } };
const V = "ValidationException";
const OLD = new Date(Date.now() - 10 * 60_000);
const FUTURE = new Date(Date.now() + 10 * 60_000);
const anthropic = (o: Record<string, unknown>) => ({
  body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", ...o }),
});

const ROWS: Row[] = [
  // authentication
  {
    name: "no Authorization",
    raw: { method: "POST", body: converseBody() },
    status: 403,
    type: "MissingAuthenticationTokenException",
    message: /Missing Authentication Token/,
  },
  {
    name: "wrong bearer token",
    raw: { method: "POST", headers: { authorization: "Bearer nope" }, body: converseBody() },
    status: 403,
    type: "UnrecognizedClientException",
    message: /security token included in the request is invalid/,
  },
  {
    name: "unknown access key",
    init: {
      body: converseBody(),
      credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" },
    },
    status: 403,
    type: "UnrecognizedClientException",
    message: /security token/,
  },
  {
    name: "wrong secret",
    init: { body: converseBody(), credentials: { ...KEY, secretAccessKey: "wrong" } },
    status: 403,
    type: "InvalidSignatureException",
    message: /signature we calculated does not match/,
  },
  {
    name: "body changed after signing",
    init: { body: converseBody(), mutate: () => enc.encode(converseBody({}, "Hellp")) },
    status: 403,
    type: "InvalidSignatureException",
    message: /does not match the signature/,
  },
  {
    name: "header changed after signing",
    init: { body: converseBody(), mutate: (h) => h.set("content-type", "text/plain") },
    status: 403,
    type: "InvalidSignatureException",
    message: /does not match/,
  },
  {
    name: "signature expired",
    init: { body: converseBody(), date: OLD },
    status: 403,
    type: "InvalidSignatureException",
    message: /Signature expired: \d{8}T\d{6}Z is now earlier than/,
  },
  {
    name: "signature from the future",
    init: { body: converseBody(), date: FUTURE },
    status: 403,
    type: "InvalidSignatureException",
    message: /Signature not yet current/,
  },
  {
    name: "Authorization without Signature",
    init: {
      body: converseBody(),
      mutate: (h) => h.set("authorization", h.get("authorization")!.replace(/, Signature=\w+/, "")),
    },
    status: 403,
    type: "IncompleteSignatureException",
    message: /'Signature'/,
  },
  {
    name: "Authorization without Credential",
    init: {
      body: converseBody(),
      mutate: (h) =>
        h.set("authorization", h.get("authorization")!.replace(/Credential=[^,]+, /, "")),
    },
    status: 403,
    type: "IncompleteSignatureException",
    message: /'Credential'/,
  },
  {
    name: "x-amz-date removed",
    init: { body: converseBody(), mutate: (h) => h.delete("x-amz-date") },
    status: 403,
    type: "IncompleteSignatureException",
    message: /X-Amz-Date/,
  },
  {
    name: "x-amz-date malformed",
    init: { body: converseBody(), mutate: (h) => h.set("x-amz-date", "yesterday") },
    status: 403,
    type: "IncompleteSignatureException",
    message: /ISO-8601/,
  },
  {
    name: "scoped to the wrong service",
    init: { body: converseBody(), service: "s3" },
    status: 403,
    type: "InvalidSignatureException",
    message: /correct service: 'bedrock'/,
  },
  {
    name: "host not signed",
    init: {
      body: converseBody(),
      mutate: (h) =>
        h.set(
          "authorization",
          h.get("authorization")!.replace(/SignedHeaders=[^,]+/, "SignedHeaders=x-amz-date"),
        ),
    },
    status: 403,
    type: "InvalidSignatureException",
    message: /'Host' or ':authority'/,
  },
  {
    name: "other algorithm",
    raw: {
      method: "POST",
      headers: { authorization: "AWS4-HMAC-SHA1 Credential=x" },
      body: converseBody(),
    },
    status: 403,
    type: "IncompleteSignatureException",
    message: /AWS4-HMAC-SHA256/,
  },
  {
    name: "x-amz-content-sha256 lies",
    init: {
      body: converseBody(),
      contentSha256: true,
      mutate: () => enc.encode(converseBody({}, "other")),
    },
    status: 400,
    type: "XAmzContentSHA256Mismatch",
    message: /x-amz-content-sha256/,
  },
  {
    name: "session token missing",
    init: {
      body: converseBody(),
      credentials: { accessKeyId: "AKIASESSION", secretAccessKey: "s" },
    },
    status: 403,
    type: "UnrecognizedClientException",
    message: /security token/,
  },
  // routing and framing
  {
    name: "unknown operation",
    path: `/model/${encodeURIComponent(MODEL)}/chat`,
    init: { body: "{}" },
    status: 404,
    type: "UnknownOperationException",
    message: /no operation at POST/,
  },
  {
    name: "GET on converse",
    path: modelPath("converse"),
    init: { method: "GET" },
    status: 404,
    type: "UnknownOperationException",
    message: /GET/,
  },
  {
    name: "bad percent-encoding in modelId",
    path: "/model/%E0%A4%A/converse",
    init: { body: converseBody() },
    status: 400,
    type: V,
    message: /modelId/,
  },
  {
    name: "malformed JSON",
    init: { body: '{"messages": [' },
    status: 400,
    type: V,
    message: /malformed JSON/,
  },
  { name: "JSON array body", init: { body: "[]" }, status: 400, type: V, message: /JSON object/ },
  {
    name: "invalid UTF-8",
    init: { body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
    status: 400,
    type: V,
    message: /UTF-8/,
  },
  {
    name: "body over the limit",
    init: { body: new Uint8Array(300_000).fill(0x20) },
    status: 413,
    type: V,
    message: /exceeds the limit of 262144 bytes/,
  },
  {
    name: "deeply nested JSON",
    init: { body: "[".repeat(100_000) + "]".repeat(100_000) },
    status: 400,
    type: V,
    message: /JSON object|malformed JSON/,
  },
  // model ids
  {
    name: "unknown provider",
    path: modelPath("converse", "acme.rocket-v1:0"),
    init: { body: converseBody() },
    status: 404,
    type: "ResourceNotFoundException",
    message: /modelId/,
  },
  {
    name: "modelId with spaces",
    path: modelPath("converse", "bad model!"),
    init: { body: converseBody() },
    status: 400,
    type: V,
    message: /'modelId'/,
  },
  {
    name: "CountTokens with a geo profile",
    path: modelPath("count-tokens", `us.${MODEL}`),
    init: { body: JSON.stringify({ input: { converse: JSON.parse(converseBody()) } }) },
    status: 400,
    type: V,
    message: /inference profile 'us\.anthropic.*\(modelId\)/,
  },
  {
    name: "CountTokens with a profile ARN",
    path: modelPath(
      "count-tokens",
      `arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.${MODEL}`,
    ),
    init: { body: JSON.stringify({ input: { converse: JSON.parse(converseBody()) } }) },
    status: 400,
    type: V,
    message: /modelId/,
  },
  // Converse members
  { name: "messages missing", init: { body: "{}" }, status: 400, type: V, message: /'messages'/ },
  {
    name: "messages not a list",
    init: { body: JSON.stringify({ messages: "hi" }) },
    status: 400,
    type: V,
    message: /'messages'/,
  },
  {
    name: "messages empty",
    init: msgs([]),
    status: 400,
    type: V,
    message: /start with a user message/,
  },
  {
    name: "starts with assistant",
    init: msgs([asst([{ text: "x" }])]),
    status: 400,
    type: V,
    message: /messages\.0\.role/,
  },
  {
    name: "role not in enum",
    init: msgs([{ role: "system", content: [{ text: "x" }] }]),
    status: 400,
    type: V,
    message: /messages\.0\.role.*enum/,
  },
  {
    name: "roles do not alternate",
    init: msgs([user([{ text: "a" }]), user([{ text: "b" }])]),
    status: 400,
    type: V,
    message: /alternate.*messages\.1\.role/,
  },
  {
    name: "empty content",
    init: msgs([user([])]),
    status: 400,
    type: V,
    message: /messages\.0 is empty/,
  },
  {
    name: "block with two members",
    init: msgs([user([{ text: "a", image: {} }])]),
    status: 400,
    type: V,
    message: /messages\.0\.content\.0 must set exactly one member/,
  },
  {
    name: "unknown block member",
    init: msgs([user([{ hologram: {} }])]),
    status: 400,
    type: V,
    message: /unknown member 'hologram'/,
  },
  {
    name: "text not a string",
    init: msgs([user([{ text: 42 }])]),
    status: 400,
    type: V,
    message: /messages\.0\.content\.0\.text/,
  },
  {
    name: "image format",
    init: msgs([user([{ image: { format: "bmp", source: { bytes: "AAAA" } } }])]),
    status: 400,
    type: V,
    message: /image\.format/,
  },
  {
    name: "image bad base64",
    init: msgs([
      user([{ text: "x" }, { image: { format: "png", source: { bytes: "not base64!" } } }]),
    ]),
    status: 400,
    type: V,
    message: /Invalid base64 in messages\.0\.content\.1\.image\.source\.bytes/,
  },
  {
    name: "document without name",
    init: msgs([user([{ document: { format: "txt", source: { text: "x" } } }])]),
    status: 400,
    type: V,
    message: /document\.name/,
  },
  {
    name: "document bad base64",
    init: msgs([user([{ document: { name: "d", format: "pdf", source: { bytes: "%%%%" } } }])]),
    status: 400,
    type: V,
    message: /document\.source\.bytes/,
  },
  {
    name: "maxTokens 0",
    init: conv({ inferenceConfig: { maxTokens: 0 } }),
    status: 400,
    type: V,
    message: /inferenceConfig\.maxTokens.*greater than or equal to 1/,
  },
  {
    name: "maxTokens not integer",
    init: conv({ inferenceConfig: { maxTokens: 1.5 } }),
    status: 400,
    type: V,
    message: /inferenceConfig\.maxTokens/,
  },
  {
    name: "temperature above 1",
    init: conv({ inferenceConfig: { temperature: 1.5 } }),
    status: 400,
    type: V,
    message: /inferenceConfig\.temperature.*less than or equal to 1/,
  },
  {
    name: "temperature negative",
    init: conv({ inferenceConfig: { temperature: -0.1 } }),
    status: 400,
    type: V,
    message: /inferenceConfig\.temperature/,
  },
  {
    name: "topP above 1",
    init: conv({ inferenceConfig: { topP: 2 } }),
    status: 400,
    type: V,
    message: /inferenceConfig\.topP/,
  },
  {
    name: "empty stop sequence",
    init: conv({ inferenceConfig: { stopSequences: [""] } }),
    status: 400,
    type: V,
    message: /inferenceConfig\.stopSequences\.0/,
  },
  {
    name: "tool history without toolConfig",
    init: msgs([
      user([{ text: "a" }]),
      asst([{ toolUse: { toolUseId: "t1", name: "f", input: {} } }]),
      user([{ toolResult: { toolUseId: "t1", content: [{ text: "r" }] } }]),
    ]),
    status: 400,
    type: V,
    message: /toolConfig field must be defined/,
  },
  {
    name: "toolResult without toolUse",
    init: msgs([user([{ toolResult: { toolUseId: "t9", content: [] } }])], {
      toolConfig: { tools: [tool("f")] },
    }),
    status: 400,
    type: V,
    message: /toolResult\.toolUseId 't9'/,
  },
  {
    name: "toolUse left unanswered",
    init: msgs([
      user([{ text: "a" }]),
      asst([{ toolUse: { toolUseId: "t1", name: "f", input: {} } }]),
      user([{ text: "b" }]),
    ], { toolConfig: { tools: [tool("f")] } }),
    status: 400,
    type: V,
    message: /Expected toolResult blocks at messages\.2\.content.*t1/,
  },
  {
    name: "five cache points",
    init: msgs([user([{ text: "a" }, cache, { text: "b" }, cache, cache])], {
      system: [{ text: "s" }, cache],
      toolConfig: { tools: [tool("f"), cache] },
    }),
    status: 400,
    type: V,
    message: /maximum of 4 cachePoint/,
  },
  {
    name: "cachePoint type",
    init: msgs([user([{ text: "a" }, { cachePoint: { type: "ephemeral" } }])]),
    status: 400,
    type: V,
    message: /cachePoint\.type/,
  },
  {
    name: "no tools",
    init: conv({ toolConfig: { tools: [] } }),
    status: 400,
    type: V,
    message: /toolConfig\.tools/,
  },
  {
    name: "duplicate tool names",
    init: conv({ toolConfig: { tools: [tool("f"), tool("f")] } }),
    status: 400,
    type: V,
    message: /'f'.*used more than once/,
  },
  {
    name: "tool name pattern",
    init: conv({ toolConfig: { tools: [tool("bad name")] } }),
    status: 400,
    type: V,
    message: /toolConfig\.tools\.0\.toolSpec\.name/,
  },
  {
    name: "tool without schema",
    init: conv({ toolConfig: { tools: [{ toolSpec: { name: "f", inputSchema: {} } }] } }),
    status: 400,
    type: V,
    message: /inputSchema\.json/,
  },
  {
    name: "toolChoice names a missing tool",
    init: conv({ toolConfig: { tools: [tool("f")], toolChoice: { tool: { name: "g" } } } }),
    status: 400,
    type: V,
    message: /toolConfig\.toolChoice\.tool\.name 'g'/,
  },
  {
    name: "thinking with temperature",
    init: conv({
      inferenceConfig: { temperature: 0.5 },
      additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 } },
    }),
    status: 400,
    type: V,
    message: /temperature/,
  },
  {
    name: "structured output schema not JSON",
    init: conv({
      outputConfig: {
        textFormat: { type: "json_schema", structure: { jsonSchema: { schema: "{nope" } } },
      },
    }),
    status: 400,
    type: V,
    message: /outputConfig\.textFormat\.structure\.jsonSchema\.schema/,
  },
  {
    name: "structured output type",
    init: conv({ outputConfig: { textFormat: { type: "xml", structure: {} } } }),
    status: 400,
    type: V,
    message: /outputConfig\.textFormat\.type/,
  },
  {
    name: "additionalModelRequestFields not an object",
    init: conv({ additionalModelRequestFields: "x" }),
    status: 400,
    type: V,
    message: /additionalModelRequestFields/,
  },
  {
    name: "guardrailConfig without version",
    init: conv({ guardrailConfig: { guardrailIdentifier: "abc" } }),
    status: 400,
    type: V,
    message: /guardrailConfig\.guardrailVersion/,
  },
  {
    name: "altered reasoning block",
    init: msgs([
      user([{ text: "a" }]),
      asst([{ reasoningContent: { reasoningText: { text: "altered", signature: "c2ln" } } }, {
        text: "x",
      }]),
      user([{ text: "b" }]),
    ]),
    status: 400,
    type: V,
    message: /messages\.1\.content\.0\.reasoningContent\.reasoningText\.signature/,
  },
  // CountTokens
  {
    name: "CountTokens without input",
    path: modelPath("count-tokens"),
    init: { body: "{}" },
    status: 400,
    type: V,
    message: /'input'/,
  },
  {
    name: "CountTokens bad base64 body",
    path: modelPath("count-tokens"),
    init: { body: JSON.stringify({ input: { invokeModel: { body: "@@@" } } }) },
    status: 400,
    type: V,
    message: /input\.invokeModel\.body/,
  },
  {
    name: "CountTokens two inputs",
    path: modelPath("count-tokens"),
    init: { body: JSON.stringify({ input: { converse: {}, invokeModel: {} } }) },
    status: 400,
    type: V,
    message: /exactly one of converse, invokeModel/,
  },
  {
    name: "CountTokens converse messages invalid",
    path: modelPath("count-tokens"),
    init: { body: JSON.stringify({ input: { converse: { messages: [asst([{ text: "x" }])] } } }) },
    status: 400,
    type: V,
    message: /input\.converse\.messages\.0\.role/,
  },
  // InvokeModel native bodies
  {
    name: "Anthropic body without max_tokens",
    path: modelPath("invoke"),
    init: anthropic({ messages: [] }),
    status: 400,
    type: V,
    message: /required key \[max_tokens\]/,
  },
  {
    name: "Anthropic body without anthropic_version",
    path: modelPath("invoke"),
    init: { body: JSON.stringify({ max_tokens: 5, messages: [] }) },
    status: 400,
    type: V,
    message: /anthropic_version/,
  },
  {
    name: "InvokeModel body not JSON",
    path: modelPath("invoke"),
    init: { body: "hello" },
    status: 400,
    type: V,
    message: /Cannot parse body: malformed JSON/,
  },
  {
    name: "Titan embeddings stream",
    path: modelPath("invoke-with-response-stream", "amazon.titan-embed-text-v2:0"),
    init: { body: JSON.stringify({ inputText: "x" }) },
    status: 400,
    type: V,
    message: /does not support response streaming/,
  },
  {
    name: "unsupported accept",
    path: modelPath("invoke"),
    init: {
      ...anthropic({ max_tokens: 5, messages: [{ role: "user", content: "x" }] }),
      headers: { accept: "text/plain" },
    },
    status: 400,
    type: V,
    message: /accept/,
  },
  // ApplyGuardrail
  {
    name: "guardrail id pattern",
    path: "/guardrail/ABC!/version/1/apply",
    init: { body: JSON.stringify({ source: "INPUT", content: [{ text: { text: "x" } }] }) },
    status: 400,
    type: V,
    message: /'guardrailIdentifier'/,
  },
  {
    name: "guardrail version pattern",
    path: "/guardrail/abc/version/v1/apply",
    init: { body: JSON.stringify({ source: "INPUT", content: [{ text: { text: "x" } }] }) },
    status: 400,
    type: V,
    message: /'guardrailVersion'/,
  },
  {
    name: "guardrail source enum",
    path: "/guardrail/abc/version/1/apply",
    init: { body: JSON.stringify({ source: "BOTH", content: [{ text: { text: "x" } }] }) },
    status: 400,
    type: V,
    message: /'source'/,
  },
  {
    name: "guardrail content empty",
    path: "/guardrail/abc/version/1/apply",
    init: { body: JSON.stringify({ source: "INPUT", content: [] }) },
    status: 400,
    type: V,
    message: /'content'/,
  },
  // fault header
  {
    name: "unknown fault",
    init: { body: converseBody(), headers: { "x-bedrock-fetch-fault": "explode" } },
    status: 400,
    type: V,
    message: /'explode'/,
  },
  {
    name: "throttle not a number",
    init: { body: converseBody(), headers: { "x-bedrock-fetch-fault": "throttle=abc" } },
    status: 400,
    type: V,
    message: /'throttle'/,
  },
  {
    name: "stream exception not in the union",
    path: modelPath("converse-stream"),
    init: {
      body: converseBody(),
      headers: { "x-bedrock-fetch-fault": "mid-stream-exception=modelTimeoutException" },
    },
    status: 400,
    type: V,
    message: /'mid-stream-exception'/,
  },
];

Deno.test(`emulator answers ${ROWS.length} bad requests with AWS-shaped 4xx naming the field, and keeps serving`, async () => {
  assert.ok(ROWS.length >= 50);
  const server = await serveEmulator({
    port: 0,
    maxBodyBytes: 256 * 1024,
    keys: [KEY, {
      accessKeyId: "AKIASESSION",
      secretAccessKey: "s",
      sessionToken: "session-token",
    }],
  });
  try {
    const failures: string[] = [];
    for (const row of ROWS) {
      const path = row.path ?? modelPath("converse");
      const res = row.raw
        ? await fetch(server.url + path, row.raw)
        : await signedFetch(server.url, path, row.init);
      const text = await res.text();
      let message = "";
      try {
        message = JSON.parse(text).message;
      } catch {
        message = `(not JSON) ${text}`;
      }
      const problems: string[] = [];
      if (res.status !== row.status) problems.push(`status ${res.status} != ${row.status}`);
      if (errorType(res) !== row.type) problems.push(`type ${errorType(res)} != ${row.type}`);
      if (!row.message.test(message)) {
        problems.push(`message ${JSON.stringify(message)} !~ ${row.message}`);
      }
      if (!res.headers.get("x-amzn-requestid")) problems.push("no x-amzn-requestid");
      if (/emulator-secret|Signature=|session-token/.test(text)) problems.push("secret in body");
      if (/^Signature (expired|not yet)/.test(message) && !res.headers.get("date")) {
        problems.push("no Date header");
      }
      if (problems.length > 0) failures.push(`${row.name}: ${problems.join("; ")}`);
    }
    assert.deepEqual(failures, []);
    const ok = await signedFetch(server.url, modelPath("converse"), {
      body: converseBody({}, "still alive"),
    });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).output.message.content[0].text, "still alive");
    const stats = server.emulator.stats();
    assert.equal(stats.errors, ROWS.length);
    console.log(`${ROWS.length} bad requests answered, then a good one: ${JSON.stringify(stats)}`);
  } finally {
    await server.close();
  }
});

// Request corpus for the differential tests: every operation, every union member of the content
// unions, every model-id kind. Each case is sent by our client and by @aws-sdk/client-bedrock-runtime.
import type { OperationName } from "../../src/runtime/_request.ts";

export interface RequestCase {
  name: string;
  op: OperationName;
  input: Record<string, unknown>;
}

const bytes = (n: number, seed = 1) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
const HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
const user = (...content: unknown[]) => ({ role: "user", content });
const assistant = (...content: unknown[]) => ({ role: "assistant", content });
const s3 = { s3Location: { uri: "s3://bucket/key.bin", bucketOwner: "123456789012" } };
const tools = {
  tools: [{
    toolSpec: {
      name: "get_weather",
      description: "Weather",
      inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } },
    },
  }],
};
const converse = (name: string, input: Record<string, unknown>): RequestCase => ({
  name: `Converse ${name}`,
  op: "Converse",
  input: { modelId: HAIKU, ...input },
});
const msg = (name: string, ...content: unknown[]) =>
  converse(name, { messages: [user(...content)] });

const MODEL_IDS: [string, string][] = [
  ["bare id", HAIKU],
  ["us. profile", `us.${HAIKU}`],
  ["eu. profile", `eu.${HAIKU}`],
  ["apac. profile", `apac.${HAIKU}`],
  ["global. profile", "global.anthropic.claude-sonnet-4-20250514-v1:0"],
  ["foundation-model ARN", `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`],
  ["inference-profile ARN", `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${HAIKU}`],
  [
    "application-inference-profile ARN",
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
  ],
  ["prompt ARN", "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT12345:1"],
  ["provisioned ARN", "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdef123456"],
  ["imported-model ARN", "arn:aws:bedrock:us-east-1:123456789012:imported-model/xyz987"],
];

export const REQUEST_CASES: RequestCase[] = [
  // --- model ids (Converse and InvokeModel) --------------------------------------------------
  ...MODEL_IDS.map(([name, modelId]): RequestCase => ({
    name: `Converse model id: ${name}`,
    op: "Converse",
    input: { modelId, messages: [user({ text: "Hi" })] },
  })),
  ...MODEL_IDS.slice(5, 8).map(([name, modelId]): RequestCase => ({
    name: `InvokeModel model id: ${name}`,
    op: "InvokeModel",
    input: { modelId, body: '{"prompt":"hi"}', contentType: "application/json" },
  })),
  // --- ContentBlock members ------------------------------------------------------------------
  msg("text", { text: "Hello" }),
  msg("empty text", { text: "" }),
  msg("unicode text: emoji, CJK, RTL, control chars, lone surrogate", {
    text: 'héllo 👋🏽 日本語 مرحبا \u0000\u001f "quoted" \\ \ud800 end',
  }),
  converse("model id only (no body members)", {}),
  msg("image bytes", { image: { format: "png", source: { bytes: bytes(300) } } }),
  msg("image bytes given as a string (UTF-8, as the SDK does)", {
    image: { format: "png", source: { bytes: "not really png" } },
  }),
  msg("image s3", { image: { format: "jpeg", source: s3 } }),
  msg("document bytes + citations + context", {
    document: {
      format: "pdf",
      name: "report",
      source: { bytes: bytes(100, 7) },
      context: "Quarterly",
      citations: { enabled: true },
    },
  }, { text: "Summarize" }),
  msg("document s3", { document: { format: "docx", name: "d", source: s3 } }),
  msg("document text source", { document: { name: "t", source: { text: "plain text doc" } } }),
  msg("document content source", {
    document: {
      format: "txt",
      name: "c",
      source: { content: [{ text: "chunk 1" }, { text: "2" }] },
    },
  }),
  msg("video bytes", { video: { format: "mp4", source: { bytes: bytes(64, 3) } } }),
  msg("video s3", { video: { format: "mkv", source: s3 } }),
  msg("audio bytes", { audio: { format: "wav", source: { bytes: bytes(77, 9) } } }),
  msg("audio s3", { audio: { format: "mp3", source: s3 } }),
  msg("guardContent text with qualifiers", {
    guardContent: { text: { text: "check me", qualifiers: ["grounding_source", "query"] } },
  }),
  msg("guardContent image", {
    guardContent: { image: { format: "png", source: { bytes: bytes(20) } } },
  }),
  msg("cachePoint default", { text: "long" }, { cachePoint: { type: "default" } }),
  msg("cachePoint ttl 1h", { text: "long" }, { cachePoint: { type: "default", ttl: "1h" } }),
  msg("searchResult", {
    searchResult: {
      source: "https://example.com",
      title: "Example",
      content: [{ text: "result" }],
      citations: { enabled: true },
    },
  }),
  converse("toolUse + toolResult history", {
    toolConfig: tools,
    messages: [
      user({ text: "Weather?" }),
      assistant({ toolUse: { toolUseId: "t1", name: "get_weather", input: { city: "Paris" } } }),
      user({
        toolResult: {
          toolUseId: "t1",
          status: "success",
          content: [
            { json: { temp: 20, ok: true, list: [], obj: {} } },
            { text: "sunny" },
            { image: { format: "gif", source: { bytes: bytes(12) } } },
            { document: { name: "doc", source: { bytes: bytes(13) } } },
            { video: { format: "mov", source: s3 } },
            { searchResult: { source: "s", title: "t", content: [{ text: "x" }] } },
          ],
        },
      }),
    ],
  }),
  converse("tool use without arguments + error status", {
    toolConfig: tools,
    messages: [
      user({ text: "Go" }),
      assistant({ toolUse: { toolUseId: "t2", name: "get_weather", input: {} } }),
      user({ toolResult: { toolUseId: "t2", status: "error", content: [{ text: "boom" }] } }),
    ],
  }),
  converse("server tool use type", {
    messages: [
      user({ text: "Search" }),
      assistant({
        toolUse: {
          toolUseId: "s1",
          name: "web_search",
          input: { q: "x" },
          type: "server_tool_use",
        },
      }),
    ],
  }),
  converse("reasoning text + signature round trip", {
    messages: [
      user({ text: "Think" }),
      assistant(
        { reasoningContent: { reasoningText: { text: "Let me think", signature: "sig==" } } },
        { text: "Answer" },
      ),
      user({ text: "More" }),
    ],
  }),
  converse("redacted reasoning round trip", {
    messages: [
      user({ text: "Think" }),
      assistant({ reasoningContent: { redactedContent: bytes(40, 5) } }, { text: "A" }),
      user({ text: "More" }),
    ],
  }),
  converse("citationsContent round trip", {
    messages: [
      user({ text: "Q" }),
      assistant({
        citationsContent: {
          content: [{ text: "cited" }],
          citations: [{
            title: "doc",
            sourceContent: [{ text: "src" }],
            location: { documentChar: { documentIndex: 0, start: 0, end: 5 } },
          }, {
            source: "web",
            location: { web: { url: "https://example.com", domain: "example.com" } },
          }],
        },
      }),
      user({ text: "ok" }),
    ],
  }),
  converse("toolAddition / toolRemoval in a system-role message", {
    toolConfig: tools,
    messages: [
      user({ text: "Hi" }),
      {
        role: "system",
        content: [
          { toolAddition: { tool: { type: "mcp", name: "search", serverName: "srv" } } },
          { toolRemoval: { tool: { name: "get_weather" } } },
        ],
      },
    ],
  }),
  // --- SystemContentBlock, Tool, ToolChoice --------------------------------------------------
  converse("system text + guardContent + cachePoint", {
    messages: [user({ text: "Hi" })],
    system: [
      { text: "You are terse." },
      { guardContent: { text: { text: "policy", qualifiers: ["guard_content"] } } },
      { cachePoint: { type: "default", ttl: "5m" } },
    ],
  }),
  ...["auto", "any", "tool"].map((kind) =>
    converse(`toolChoice ${kind}`, {
      messages: [user({ text: "Hi" })],
      toolConfig: {
        ...tools,
        toolChoice: kind === "tool" ? { tool: { name: "get_weather" } } : { [kind]: {} },
      },
    })
  ),
  converse("tools: strict toolSpec, systemTool, cachePoint", {
    messages: [user({ text: "Hi" })],
    toolConfig: {
      tools: [
        { toolSpec: { name: "a", inputSchema: { json: {} }, strict: true } },
        { systemTool: { name: "nova_grounding" } },
        { cachePoint: { type: "default" } },
      ],
    },
  }),
  // --- configuration members -----------------------------------------------------------------
  converse("inferenceConfig zeros and stop sequences", {
    messages: [user({ text: "Hi" })],
    inferenceConfig: { maxTokens: 0, temperature: 0, topP: 1, stopSequences: ["\n\nHuman:"] },
  }),
  converse("empty messages array", { messages: [] }),
  converse("null and undefined top-level members", {
    messages: [user({ text: "Hi" })],
    system: null,
    toolConfig: undefined,
    additionalModelRequestFields: { keep: null },
  }),
  converse("guardrailConfig with trace", {
    messages: [user({ text: "Hi" })],
    guardrailConfig: {
      guardrailIdentifier: "gr-1",
      guardrailVersion: "DRAFT",
      trace: "enabled_full",
    },
  }),
  converse("additional model fields and paths", {
    messages: [user({ text: "Hi" })],
    additionalModelRequestFields: { top_k: 5, thinking: { type: "enabled", budget_tokens: 1024 } },
    additionalModelResponseFieldPaths: ["/stop_sequence", "/usage"],
  }),
  converse("outputConfig json schema + effort", {
    messages: [user({ text: "Hi" })],
    outputConfig: {
      textFormat: {
        type: "json_schema",
        structure: { jsonSchema: { schema: '{"type":"object"}', name: "out", description: "d" } },
      },
      effort: "high",
    },
  }),
  converse("serviceTier + performanceConfig + requestMetadata", {
    messages: [user({ text: "Hi" })],
    serviceTier: { type: "flex" },
    performanceConfig: { latency: "optimized" },
    requestMetadata: { team: "a", empty: "" },
  }),
  {
    name: "Converse prompt ARN with promptVariables",
    op: "Converse",
    input: {
      modelId: "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT12345:2",
      promptVariables: { city: { text: "Paris" }, empty: { text: "" } },
    },
  },
  // --- ConverseStream ------------------------------------------------------------------------
  {
    name: "ConverseStream text with stream guardrail",
    op: "ConverseStream",
    input: {
      modelId: `us.${HAIKU}`,
      messages: [user({ text: "Hi" })],
      guardrailConfig: {
        guardrailIdentifier: "gr",
        guardrailVersion: "1",
        streamProcessingMode: "async",
        trace: "enabled",
      },
    },
  },
  {
    name: "ConverseStream image + reasoning config",
    op: "ConverseStream",
    input: {
      modelId: "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0",
      messages: [user({ image: { format: "webp", source: { bytes: bytes(90) } } }, { text: "?" })],
      additionalModelRequestFields: { reasoningConfig: { type: "enabled" } },
      serviceTier: { type: "priority" },
    },
  },
  // --- InvokeModel ---------------------------------------------------------------------------
  ...([
    ["json body", { contentType: "application/json", body: '{"a":1}' }],
    ["bytes body without contentType", { body: bytes(50) }],
    ["accept given", { contentType: "application/json", accept: "application/json", body: "{}" }],
    ["all headers", {
      contentType: "application/json",
      accept: "*/*",
      body: "{}",
      trace: "ENABLED_FULL",
      guardrailIdentifier: "gr-2",
      guardrailVersion: "3",
      performanceConfigLatency: "optimized",
      serviceTier: "priority",
      requestMetadata: "team=a,env=b",
    }],
    ["empty string header values", { body: "{}", contentType: "application/json", trace: "" }],
    ["no body at all", { contentType: "application/json" }],
    ["empty string body", { body: "" }],
  ] as [string, Record<string, unknown>][]).map(([name, extra]): RequestCase => ({
    name: `InvokeModel ${name}`,
    op: "InvokeModel",
    input: { modelId: `us.${HAIKU}`, ...extra },
  })),
  ...([
    ["json body with X-Amzn-Bedrock-Accept", {
      contentType: "application/json",
      accept: "application/json",
      body: '{"stream":true}',
    }],
    ["guardrail + trace + tier + metadata", {
      body: bytes(10),
      guardrailIdentifier: "g",
      guardrailVersion: "DRAFT",
      trace: "DISABLED",
      serviceTier: "flex",
      performanceConfigLatency: "standard",
      requestMetadata: "k=v",
    }],
  ] as [string, Record<string, unknown>][]).map(([name, extra]): RequestCase => ({
    name: `InvokeModelWithResponseStream ${name}`,
    op: "InvokeModelWithResponseStream",
    input: { modelId: `global.${HAIKU}`, ...extra },
  })),
  // --- CountTokens ---------------------------------------------------------------------------
  {
    name: "CountTokens converse input with system and tools",
    op: "CountTokens",
    input: {
      modelId: HAIKU,
      input: {
        converse: {
          messages: [
            user({ text: "Hi" }, { image: { format: "png", source: { bytes: bytes(9) } } }),
          ],
          system: [{ text: "sys" }],
          toolConfig: tools,
          additionalModelRequestFields: { x: 1 },
        },
      },
    },
  },
  {
    name: "CountTokens invokeModel input (blob body as base64)",
    op: "CountTokens",
    input: {
      modelId: `arn:aws:bedrock:us-west-2::foundation-model/${HAIKU}`,
      input: { invokeModel: { body: new TextEncoder().encode('{"messages":[]}') } },
    },
  },
  // --- ApplyGuardrail ------------------------------------------------------------------------
  {
    name: "ApplyGuardrail text with qualifiers, outputScope FULL",
    op: "ApplyGuardrail",
    input: {
      guardrailIdentifier: "gr-abc",
      guardrailVersion: "1",
      source: "INPUT",
      outputScope: "FULL",
      content: [{ text: { text: "hello", qualifiers: ["query"] } }],
    },
  },
  {
    name: "ApplyGuardrail image + ARN identifier",
    op: "ApplyGuardrail",
    input: {
      guardrailIdentifier: "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123",
      guardrailVersion: "DRAFT",
      source: "OUTPUT",
      content: [{ image: { format: "jpeg", source: { bytes: bytes(33) } } }, {
        text: { text: "" },
      }],
    },
  },
];

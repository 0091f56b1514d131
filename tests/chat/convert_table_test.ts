import assert from "node:assert/strict";
import { z } from "zod";
import { BedrockInputError } from "../../src/errors.ts";
import {
  buildConverseRequest,
  type ChatRequestOptions,
  type MessageInput,
  toConverseMessages,
} from "../../src/chat/mod.ts";
import * as F from "./_fixtures.ts";

const conv = (m: MessageInput[], o?: Parameters<typeof toConverseMessages>[1]) => {
  const r = toConverseMessages(m, o);
  return r.system === undefined ? r.messages : { system: r.system, messages: r.messages };
};
const req = (o: Partial<ChatRequestOptions>) =>
  buildConverseRequest({
    model: "anthropic.claude-3-5-haiku-20241022-v1:0",
    messages: ["Hi"],
    ...o,
  });
const u = (...content: unknown[]) => ({ role: "user", content });
const a = (...content: unknown[]) => ({ role: "assistant", content });
const img = (format: string, bytes: Uint8Array) => ({ image: { format, source: { bytes } } });
const one = (part: unknown) => conv([{ role: "user", content: [part as never] }]);
const ans = (part: unknown) => conv(["q", { role: "assistant", content: [part as never] }]);
const W = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
const weather = { name: "weather", input: W };

// [name, actual, expected]
const CASES: [string, () => unknown, unknown][] = [
  ["a string is a user text turn", () => conv(["Hi"]), [u({ text: "Hi" })]],
  ["a user tuple", () => conv([["user", "Hi"]]), [u({ text: "Hi" })]],
  ["an assistant tuple", () => conv(["q", ["assistant", "A"]]), [
    u({ text: "q" }),
    a({ text: "A" }),
  ]],
  ["an object message", () => conv([{ role: "user", content: "Hi" }]), [u({ text: "Hi" })]],
  ["a system tuple goes to system", () => conv([["system", "S"], "Hi"]), {
    system: [{ text: "S" }],
    messages: [u({ text: "Hi" })],
  }],
  ["the system option", () => conv(["Hi"], { system: "S" }), {
    system: [{ text: "S" }],
    messages: [u({ text: "Hi" })],
  }],
  [
    "system option then system messages, in order",
    () => conv([["system", "B"], "Hi"], { system: "A" }),
    { system: [{ text: "A" }, { text: "B" }], messages: [u({ text: "Hi" })] },
  ],
  ["a system cache part", () => conv(["Hi"], { system: ["S", { type: "cache", ttl: "1h" }] }), {
    system: [{ text: "S" }, { cachePoint: { type: "default", ttl: "1h" } }],
    messages: [u({ text: "Hi" })],
  }],
  ["a system guard part", () => conv(["Hi"], { system: [{ type: "guard", text: "G" }] }), {
    system: [{ guardContent: { text: { text: "G" } } }],
    messages: [u({ text: "Hi" })],
  }],
  [
    "raw system blocks pass through",
    () => conv(["Hi"], { system: [{ text: "R" }, { cachePoint: { type: "default" } }] }),
    { system: [{ text: "R" }, { cachePoint: { type: "default" } }], messages: [u({ text: "Hi" })] },
  ],
  ["blank system text is dropped", () => conv(["Hi"], { system: "  " }), [u({ text: "Hi" })]],
  ["consecutive user turns merge", () => conv(["a", "b"]), [u({ text: "a" }, { text: "b" })]],
  ["consecutive assistant turns merge", () => conv(["q", ["assistant", "x"], ["assistant", "y"]]), [
    u({ text: "q" }),
    a({ text: "x" }, { text: "y" }),
  ]],
  [
    "empty text is dropped",
    () =>
      conv([{ role: "user", content: [{ type: "text", text: "" }, { type: "text", text: "x" }] }]),
    [u({ text: "x" })],
  ],
  [
    "whitespace-only text is dropped",
    () => conv([{ role: "user", content: [{ type: "text", text: " \n" }, { text: "x" }] }]),
    [u({ text: "x" })],
  ],
  [
    "a turn left empty is dropped and neighbours merge",
    () => conv(["a", ["assistant", " "], "b"]),
    [u({ text: "a" }, { text: "b" })],
  ],
  ["a final assistant turn loses trailing whitespace", () => conv(["q", ["assistant", "Sure: "]]), [
    u({ text: "q" }),
    a({ text: "Sure:" }),
  ]],
  ["png from magic bytes", () => one({ type: "image", data: F.PNG }), [u(img("png", F.PNG))]],
  ["jpeg from magic bytes", () => one({ type: "image", data: F.JPEG }), [u(img("jpeg", F.JPEG))]],
  ["gif from magic bytes", () => one({ type: "image", data: F.GIF }), [u(img("gif", F.GIF))]],
  ["webp from magic bytes", () => one({ type: "image", data: F.WEBP }), [u(img("webp", F.WEBP))]],
  [
    "base64 image with a MIME type",
    () => one({ type: "image", data: F.b64(F.NOISE), mimeType: "image/jpeg" }),
    [u(img("jpeg", F.NOISE))],
  ],
  [
    "data URL image",
    () => one({ type: "image", data: `data:image/webp;base64,${F.b64(F.NOISE)}` }),
    [u(img("webp", F.NOISE))],
  ],
  ["base64 image sniffed", () => one({ type: "image", data: F.b64(F.GIF) }), [
    u(img("gif", F.GIF)),
  ]],
  ["s3 image, format from the extension", () => one({ type: "image", data: "s3://b/k/cat.JPG" }), [
    u({ image: { format: "jpeg", source: { s3Location: { uri: "s3://b/k/cat.JPG" } } } }),
  ]],
  [
    "s3 image with a bucket owner",
    () => one({ type: "image", data: "s3://b/x.png", bucketOwner: "111122223333" }),
    [u({
      image: {
        format: "png",
        source: { s3Location: { uri: "s3://b/x.png", bucketOwner: "111122223333" } },
      },
    })],
  ],
  ["an explicit image format wins", () => one({ type: "image", data: F.PNG, format: "webp" }), [
    u(img("webp", F.PNG)),
  ]],
  ["pdf document with a default name", () => one({ type: "document", data: F.PDF }), [
    u({ document: { format: "pdf", name: "document-1", source: { bytes: F.PDF } } }),
  ]],
  ["docx from the zip entries", () => one({ type: "document", data: F.DOCX }), [
    u({ document: { format: "docx", name: "document-1", source: { bytes: F.DOCX } } }),
  ]],
  ["xlsx from the zip entries", () => one({ type: "document", data: F.XLSX }), [
    u({ document: { format: "xlsx", name: "document-1", source: { bytes: F.XLSX } } }),
  ]],
  ["html document sniffed", () => one({ type: "document", data: F.HTML }), [
    u({ document: { format: "html", name: "document-1", source: { bytes: F.HTML } } }),
  ]],
  ["plain text document sniffed as txt", () => one({ type: "document", data: F.TXT }), [
    u({ document: { format: "txt", name: "document-1", source: { bytes: F.TXT } } }),
  ]],
  ["text-source document", () => one({ type: "document", text: "hello", name: "notes" }), [
    u({ document: { name: "notes", source: { text: "hello" } } }),
  ]],
  [
    "document citations and context",
    () => one({ type: "document", text: "t", name: "n", citations: true, context: "c" }),
    [u({
      document: { name: "n", source: { text: "t" }, context: "c", citations: { enabled: true } },
    })],
  ],
  [
    "document name extension gives the format and is stripped",
    () => one({ type: "document", data: F.TXT, name: "Q3 report.md" }),
    [u({ document: { format: "md", name: "Q3 report", source: { bytes: F.TXT } } })],
  ],
  ["document name is sanitised", () => one({ type: "document", data: F.PDF, name: "a_b@c" }), [
    u({ document: { format: "pdf", name: "a-b-c", source: { bytes: F.PDF } } }),
  ]],
  ["csv document from MIME", () => one({ type: "document", data: F.TXT, mimeType: "text/csv" }), [
    u({ document: { format: "csv", name: "document-1", source: { bytes: F.TXT } } }),
  ]],
  [
    "documents are numbered across the conversation",
    () =>
      conv([{ role: "user", content: [{ type: "document", data: F.PDF }] }, ["assistant", "ok"], {
        role: "user",
        content: [{ type: "document", data: F.PDF }],
      }]),
    [
      u({ document: { format: "pdf", name: "document-1", source: { bytes: F.PDF } } }),
      a({ text: "ok" }),
      u({ document: { format: "pdf", name: "document-2", source: { bytes: F.PDF } } }),
    ],
  ],
  ["mp4 video", () => one({ type: "video", data: F.MP4 }), [
    u({ video: { format: "mp4", source: { bytes: F.MP4 } } }),
  ]],
  ["mov video", () => one({ type: "video", data: F.MOV }), [
    u({ video: { format: "mov", source: { bytes: F.MOV } } }),
  ]],
  ["mkv video", () => one({ type: "video", data: F.MKV }), [
    u({ video: { format: "mkv", source: { bytes: F.MKV } } }),
  ]],
  ["webm video", () => one({ type: "video", data: F.WEBM }), [
    u({ video: { format: "webm", source: { bytes: F.WEBM } } }),
  ]],
  ["flv video", () => one({ type: "video", data: F.FLV }), [
    u({ video: { format: "flv", source: { bytes: F.FLV } } }),
  ]],
  ["s3 video, 3gp extension", () => one({ type: "video", data: "s3://b/clip.3gp" }), [
    u({ video: { format: "three_gp", source: { s3Location: { uri: "s3://b/clip.3gp" } } } }),
  ]],
  ["mp3 audio (ID3)", () => one({ type: "audio", data: F.MP3 }), [
    u({ audio: { format: "mp3", source: { bytes: F.MP3 } } }),
  ]],
  ["wav audio", () => one({ type: "audio", data: F.WAV }), [
    u({ audio: { format: "wav", source: { bytes: F.WAV } } }),
  ]],
  ["ogg audio", () => one({ type: "audio", data: F.OGG }), [
    u({ audio: { format: "ogg", source: { bytes: F.OGG } } }),
  ]],
  ["flac audio", () => one({ type: "audio", data: F.FLAC }), [
    u({ audio: { format: "flac", source: { bytes: F.FLAC } } }),
  ]],
  ["m4a audio", () => one({ type: "audio", data: F.M4A }), [
    u({ audio: { format: "m4a", source: { bytes: F.M4A } } }),
  ]],
  ["audio/mpeg MIME is mp3", () => one({ type: "audio", data: F.NOISE, mimeType: "audio/mpeg" }), [
    u({ audio: { format: "mp3", source: { bytes: F.NOISE } } }),
  ]],
  ["webm audio", () => one({ type: "audio", data: F.WEBM }), [
    u({ audio: { format: "webm", source: { bytes: F.WEBM } } }),
  ]],
  ["MIME image/jpg is jpeg", () => one({ type: "image", data: F.NOISE, mimeType: "image/jpg" }), [
    u(img("jpeg", F.NOISE)),
  ]],
  [
    "MIME video/quicktime is mov",
    () => one({ type: "video", data: F.NOISE, mimeType: "video/quicktime" }),
    [u({ video: { format: "mov", source: { bytes: F.NOISE } } })],
  ],
  [
    "MIME video/x-matroska is mkv",
    () => one({ type: "video", data: F.NOISE, mimeType: "video/x-matroska" }),
    [u({ video: { format: "mkv", source: { bytes: F.NOISE } } })],
  ],
  [
    "MIME audio/x-wav is wav",
    () => one({ type: "audio", data: F.NOISE, mimeType: "audio/x-wav" }),
    [u({ audio: { format: "wav", source: { bytes: F.NOISE } } })],
  ],
  [
    "MIME docx",
    () =>
      one({
        type: "document",
        data: F.NOISE,
        mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      }),
    [u({ document: { format: "docx", name: "document-1", source: { bytes: F.NOISE } } })],
  ],
  [
    "MIME text/markdown is md",
    () => one({ type: "document", data: F.TXT, mimeType: "text/markdown; charset=utf-8" }),
    [u({ document: { format: "md", name: "document-1", source: { bytes: F.TXT } } })],
  ],
  [
    "a tool-call part",
    () => ans({ type: "tool-call", id: "t1", name: "weather", input: { city: "Paris" } }),
    [
      u({ text: "q" }),
      a({ toolUse: { toolUseId: "t1", name: "weather", input: { city: "Paris" } } }),
    ],
  ],
  [
    "a tool-call with a type",
    () => ans({ type: "tool-call", id: "t1", name: "web", input: {}, toolType: "server_tool_use" }),
    [
      u({ text: "q" }),
      a({ toolUse: { toolUseId: "t1", name: "web", input: {}, type: "server_tool_use" } }),
    ],
  ],
  [
    "a tool-call without input sends {}",
    () => ans({ type: "tool-call", id: "t1", name: "now", input: undefined }),
    [u({ text: "q" }), a({ toolUse: { toolUseId: "t1", name: "now", input: {} } })],
  ],
  ["a tool-result string", () => one({ type: "tool-result", id: "t1", content: "21C" }), [
    u({ toolResult: { toolUseId: "t1", content: [{ text: "21C" }] } }),
  ]],
  [
    "a tool-result object is JSON",
    () => one({ type: "tool-result", id: "t1", content: { c: 21 } }),
    [u({ toolResult: { toolUseId: "t1", content: [{ json: { c: 21 } }] } })],
  ],
  [
    "a tool-result error",
    () => one({ type: "tool-result", id: "t1", content: "boom", isError: true }),
    [u({ toolResult: { toolUseId: "t1", content: [{ text: "boom" }], status: "error" } })],
  ],
  [
    "a tool-result with parts",
    () =>
      one({
        type: "tool-result",
        id: "t1",
        content: [{ type: "text", text: "see" }, { type: "image", data: F.PNG }],
      }),
    [u({ toolResult: { toolUseId: "t1", content: [{ text: "see" }, img("png", F.PNG)] } })],
  ],
  [
    "a tool-result with a document part",
    () =>
      one({ type: "tool-result", id: "t1", content: [{ type: "document", text: "d", name: "r" }] }),
    [u({
      toolResult: {
        toolUseId: "t1",
        content: [{ document: { name: "r", source: { text: "d" } } }],
      },
    })],
  ],
  [
    "a tool-result with raw json blocks",
    () => one({ type: "tool-result", id: "t1", content: [{ json: { a: 1 } }] }),
    [u({ toolResult: { toolUseId: "t1", content: [{ json: { a: 1 } }] } })],
  ],
  [
    "a tool-result of undefined is {}",
    () => one({ type: "tool-result", id: "t1", content: undefined }),
    [u({ toolResult: { toolUseId: "t1", content: [{ json: {} }] } })],
  ],
  [
    "a tool-result array of numbers is JSON text",
    () => one({ type: "tool-result", id: "t1", content: [1, 2] }),
    [u({ toolResult: { toolUseId: "t1", content: [{ text: "[1,2]" }] } })],
  ],
  ["a tool-result number is JSON text", () => one({ type: "tool-result", id: "t1", content: 42 }), [
    u({ toolResult: { toolUseId: "t1", content: [{ text: "42" }] } }),
  ]],
  [
    "a tool message with toolUseId",
    () => conv([{ role: "tool", toolUseId: "t1", content: "ok" }]),
    [u({ toolResult: { toolUseId: "t1", content: [{ text: "ok" }] } })],
  ],
  [
    "a tool message with isError",
    () => conv([{ role: "tool", toolUseId: "t1", content: "no", isError: true }]),
    [u({ toolResult: { toolUseId: "t1", content: [{ text: "no" }], status: "error" } })],
  ],
  [
    "tool results merge with the next user turn",
    () =>
      conv([
        { role: "tool", content: [{ type: "tool-result", id: "t1", content: "x" }] },
        "thanks",
      ]),
    [u({ toolResult: { toolUseId: "t1", content: [{ text: "x" }] } }, { text: "thanks" })],
  ],
  [
    "parallel tool results merge into one user turn",
    () =>
      conv([{ role: "tool", toolUseId: "a", content: "1" }, {
        role: "tool",
        toolUseId: "b",
        content: "2",
      }]),
    [u({ toolResult: { toolUseId: "a", content: [{ text: "1" }] } }, {
      toolResult: { toolUseId: "b", content: [{ text: "2" }] },
    })],
  ],
  ["reasoning with a signature", () => ans({ type: "reasoning", text: "hmm", signature: "sig" }), [
    u({ text: "q" }),
    a({ reasoningContent: { reasoningText: { text: "hmm", signature: "sig" } } }),
  ]],
  ["reasoning without a signature", () => ans({ type: "reasoning", text: "hmm" }), [
    u({ text: "q" }),
    a({ reasoningContent: { reasoningText: { text: "hmm" } } }),
  ]],
  ["redacted reasoning", () => ans({ type: "reasoning", redacted: F.NOISE }), [
    u({ text: "q" }),
    a({ reasoningContent: { redactedContent: F.NOISE } }),
  ]],
  ["a user cache part with TTL", () => one({ type: "cache", ttl: "5m" }), [
    u({ cachePoint: { type: "default", ttl: "5m" } }),
  ]],
  [
    "a user cache part without TTL",
    () =>
      conv(
        [{ role: "user", content: ["x" as never, { type: "cache" }] }].map((m) => ({
          ...m,
          content: [{ type: "text", text: "x" }, { type: "cache" }],
        })) as MessageInput[],
      ),
    [u({ text: "x" }, { cachePoint: { type: "default" } })],
  ],
  ["a guard part with qualifiers", () => one({ type: "guard", text: "g", qualifiers: ["query"] }), [
    u({ guardContent: { text: { text: "g", qualifiers: ["query"] } } }),
  ]],
  ["a citations part", () => ans({ type: "citations", text: "c", citations: [{ title: "T" }] }), [
    u({ text: "q" }),
    a({ citationsContent: { content: [{ text: "c" }], citations: [{ title: "T" }] } }),
  ]],
  [
    "a search-result part",
    () =>
      one({ type: "search-result", source: "s", title: "t", content: ["x", "y"], citations: true }),
    [u({
      searchResult: {
        source: "s",
        title: "t",
        content: [{ text: "x" }, { text: "y" }],
        citations: { enabled: true },
      },
    })],
  ],
  [
    "raw Converse blocks pass through unchanged",
    () => one({ video: { format: "mp4", source: { s3Location: { uri: "s3://b/v" } } } }),
    [u({ video: { format: "mp4", source: { s3Location: { uri: "s3://b/v" } } } })],
  ],
  [
    "raw blank text is dropped",
    () => conv([{ role: "user", content: [{ text: " " }, { text: "y" }] }]),
    [u({ text: "y" })],
  ],
  ["Mistral ids: toolUse and toolResult map to the same 9 characters", () => {
    const r = conv([["user", "q"], {
      role: "assistant",
      content: [{ type: "tool-call", id: "tooluse_abc-123", name: "f", input: {} }],
    }, { role: "tool", toolUseId: "tooluse_abc-123", content: "x" }], { mistralToolIds: true }) as {
      content: { toolUse?: { toolUseId: string }; toolResult?: { toolUseId: string } }[];
    }[];
    const a1 = r[1]!.content[0]!.toolUse!.toolUseId, b1 = r[2]!.content[0]!.toolResult!.toolUseId;
    return [a1 === b1, /^[a-zA-Z0-9]{9}$/.test(a1)];
  }, [true, true]],
  [
    "Mistral ids apply to raw blocks too",
    () =>
      (conv(["q", {
        role: "assistant",
        content: [{ toolUse: { toolUseId: "abcDEF123", name: "f", input: {} } }],
      }], { mistralToolIds: true }) as { content: unknown[] }[])[1]!.content,
    [{ toolUse: { toolUseId: "abcDEF123", name: "f", input: {} } }],
  ],
  // whole requests
  [
    "request: history with tool blocks synthesises a toolConfig",
    () =>
      req({
        messages: ["q", {
          role: "assistant",
          content: [{ type: "tool-call", id: "t", name: "weather", input: {} }],
        }, { role: "tool", toolUseId: "t", content: "x" }],
      }).request.toolConfig,
    { tools: [{ toolSpec: { name: "weather", inputSchema: { json: { type: "object" } } } }] },
  ],
  [
    "request: a zod tool with choice any",
    () =>
      req({
        tools: [{ name: "w", description: "d", input: z.object({ city: z.string() }) }],
        toolChoice: "any",
      }).request.toolConfig,
    {
      tools: [{
        toolSpec: {
          name: "w",
          description: "d",
          inputSchema: {
            json: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          },
        },
      }],
      toolChoice: { any: {} },
    },
  ],
  [
    "request: a named tool choice",
    () => req({ tools: [weather], toolChoice: { name: "weather" } }).request.toolConfig?.toolChoice,
    { tool: { name: "weather" } },
  ],
  [
    "request: toolChoice auto",
    () => req({ tools: [weather], toolChoice: "auto" }).request.toolConfig?.toolChoice,
    { auto: {} },
  ],
  [
    "request: toolChoice none withholds the tools",
    () => req({ tools: [weather], toolChoice: "none" }).request.toolConfig,
    undefined,
  ],
  [
    "request: strict tools",
    () => req({ tools: [weather], strictTools: true }).request.toolConfig?.tools,
    [{ toolSpec: { name: "weather", inputSchema: { json: W }, strict: true } }],
  ],
  ["request: cache system, tools and the last user turn", () => {
    const r = req({
      system: "S",
      tools: [weather],
      messages: ["a", ["assistant", "b"], "c"],
      cache: { system: true, tools: "1h", lastUserTurn: true, ttl: "5m" },
    }).request;
    return [r.system, r.toolConfig?.tools[1], r.messages?.[2]];
  }, [[{ text: "S" }, { cachePoint: { type: "default", ttl: "5m" } }], {
    cachePoint: { type: "default", ttl: "1h" },
  }, u({ text: "c" }, { cachePoint: { type: "default", ttl: "5m" } })]],
  ["request: more than 4 cache points drop the earliest message ones, with warnings", () => {
    const c = { type: "cache" } as const;
    const r = req({
      system: ["S", c],
      tools: [weather],
      cache: { tools: true, lastUserTurn: true },
      messages: [{ role: "user", content: [{ type: "text", text: "a" }, c] }, ["assistant", "b"], {
        role: "user",
        content: [{ type: "text", text: "d" }, c],
      }],
    });
    return [
      r.warnings.map((w) => [w.code, w.path]),
      r.request.messages?.[0]?.content.length,
      r.request.messages?.[2]?.content.length,
    ];
  }, [[["cache-point-dropped", "messages[0].content[1]"]], 1, 3]],
  [
    "request: Anthropic thinking",
    () => req({ reasoning: { budgetTokens: 2048 } }).request.additionalModelRequestFields,
    { thinking: { type: "enabled", budget_tokens: 2048 } },
  ],
  [
    "request: Anthropic effort maps to a budget",
    () => req({ reasoning: { effort: "high" } }).request.additionalModelRequestFields,
    { thinking: { type: "enabled", budget_tokens: 16384 } },
  ],
  [
    "request: Nova reasoningConfig",
    () =>
      req({ model: "us.amazon.nova-2-lite-v1:0", reasoning: { effort: "low" } }).request
        .additionalModelRequestFields,
    { reasoningConfig: { type: "enabled", maxReasoningEffort: "low" } },
  ],
  [
    "request: Nova maps a budget to an effort level",
    () =>
      req({ model: "amazon.nova-2-lite-v1:0", reasoning: { budgetTokens: 10000 } }).request
        .additionalModelRequestFields,
    { reasoningConfig: { type: "enabled", maxReasoningEffort: "high" } },
  ],
  [
    "request: other families get reasoningConfig with budget and effort",
    () =>
      req({ model: "qwen.qwen3-32b-v1:0", reasoning: { budgetTokens: 500, effort: "low" } }).request
        .additionalModelRequestFields,
    { reasoningConfig: { type: "enabled", maxReasoningEffort: "low", budgetTokens: 500 } },
  ],
  [
    "request: gpt-oss reasoning_effort",
    () =>
      req({ model: "openai.gpt-oss-120b-1:0", reasoning: { effort: "high" } }).request
        .additionalModelRequestFields,
    { reasoning_effort: "high" },
  ],
  [
    "request: DeepSeek adds no reasoning field",
    () => req({ model: "us.deepseek.r1-v1:0", reasoning: {} }).request.additionalModelRequestFields,
    undefined,
  ],
  [
    "request: outputConfig.effort",
    () => req({ reasoning: { budgetTokens: 1024, outputEffort: "medium" } }).request.outputConfig,
    { effort: "medium" },
  ],
  [
    "request: additional fields merge over reasoning",
    () =>
      req({
        reasoning: { budgetTokens: 1024 },
        additionalModelRequestFields: { top_k: 5, anthropic_beta: ["x"] },
      }).request.additionalModelRequestFields,
    { thinking: { type: "enabled", budget_tokens: 1024 }, top_k: 5, anthropic_beta: ["x"] },
  ],
  ["request: a guardrail with guardLastTurn", () => {
    const r = req({
      messages: ["a", ["assistant", "b"], "c"],
      guardrail: {
        id: "g1",
        version: "1",
        trace: "enabled",
        streamProcessingMode: "async",
        guardLastTurn: true,
      },
    }).request;
    return [r.guardrailConfig, r.messages?.[2], r.messages?.[0]];
  }, [
    {
      guardrailIdentifier: "g1",
      guardrailVersion: "1",
      trace: "enabled",
      streamProcessingMode: "async",
    },
    u({ guardContent: { text: { text: "c" } } }),
    u({ text: "a" }),
  ]],
  ["request: performance, tier, metadata, prompt variables, response paths", () => {
    const r = req({
      latency: "optimized",
      serviceTier: "flex",
      requestMetadata: { team: "x" },
      promptVariables: { city: "Paris" },
      additionalModelResponseFieldPaths: ["/stop_sequence"],
    }).request;
    return [
      r.performanceConfig,
      r.serviceTier,
      r.requestMetadata,
      r.promptVariables,
      r.additionalModelResponseFieldPaths,
    ];
  }, [{ latency: "optimized" }, { type: "flex" }, { team: "x" }, { city: { text: "Paris" } }, [
    "/stop_sequence",
  ]]],
  [
    "request: inferenceConfig keeps 0 and []",
    () =>
      req({ maxTokens: 10, temperature: 0, topP: 0.5, stopSequences: [] }).request.inferenceConfig,
    { maxTokens: 10, temperature: 0, topP: 0.5, stopSequences: [] },
  ],
  ["request: no options, no extra members", () => req({}).request, {
    modelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
    messages: [u({ text: "Hi" })],
  }],
  [
    "request: an application profile ARN with an explicit family",
    () =>
      req({
        model: "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123",
        family: "anthropic",
        reasoning: { budgetTokens: 1100 },
      }).request.additionalModelRequestFields,
    { thinking: { type: "enabled", budget_tokens: 1100 } },
  ],
  [
    "request: the Mistral family rewrites tool ids",
    () =>
      (req({
        model: "mistral.mistral-large-2407-v1:0",
        messages: ["q", {
          role: "assistant",
          content: [{ type: "tool-call", id: "tooluse_1", name: "f", input: {} }],
        }],
      }).request.messages?.[1]?.content[0] as { toolUse: { toolUseId: string } }).toolUse.toolUseId
        .length,
    9,
  ],
  [
    "request: the tool cache point",
    () => req({ tools: [weather], cache: { tools: true } }).request.toolConfig?.tools[1],
    { cachePoint: { type: "default" } },
  ],
];

// [name, thunk, field, rule fragment]
const ERRORS: [string, () => unknown, string, string][] = [
  ["messages not an array", () => toConverseMessages("x" as never), "messages", "must be an array"],
  [
    "a number message",
    () => conv([5 as never]),
    "messages[0]",
    "must be a string, a [role, content] tuple",
  ],
  ["an unknown role", () => conv([["bot" as never, "x"]]), "messages[0].role", 'got "bot"'],
  [
    "content neither string nor array",
    () => conv([{ role: "user", content: 5 as never }]),
    "messages[0].content",
    "must be a string or an array",
  ],
  [
    "tool text without toolUseId",
    () => conv([["tool", "x"]]),
    "messages[0].toolUseId",
    "needs toolUseId",
  ],
  [
    "tool-call in a user turn",
    () => one({ type: "tool-call", id: "t", name: "f", input: {} }),
    "messages[0].content[0]",
    "belongs in an assistant message",
  ],
  [
    "tool-result in an assistant turn",
    () => ans({ type: "tool-result", id: "t", content: "x" }),
    "messages[1].content[0]",
    "belongs in a user or tool message",
  ],
  [
    "reasoning in a user turn",
    () => one({ type: "reasoning", text: "x" }),
    "messages[0].content[0]",
    "belongs in an assistant message",
  ],
  [
    "reasoning without text",
    () => ans({ type: "reasoning" }),
    "messages[1].content[0].text",
    "needs text or redacted",
  ],
  [
    "an image of unknown bytes",
    () => one({ type: "image", data: F.NOISE }),
    "messages[0].content[0].format",
    "cannot infer the image format",
  ],
  [
    "an image with a video MIME type",
    () => one({ type: "image", data: F.NOISE, mimeType: "video/mp4" }),
    "messages[0].content[0].format",
    'MIME type "video/mp4" is not a supported image format',
  ],
  [
    "a document without data or text",
    () => one({ type: "document" }),
    "messages[0].content[0].data",
    "needs data or text",
  ],
  [
    "a non-base64 data URL",
    () => one({ type: "image", data: "data:image/png,abc" }),
    "messages[0].content[0].data",
    "must be base64",
  ],
  [
    "an http URL",
    () => one({ type: "image", data: "https://x/y.png" }),
    "messages[0].content[0].data",
    "not fetched",
  ],
  [
    "invalid base64",
    () => one({ type: "image", data: "!!!not base64!!!", mimeType: "image/png" }),
    "messages[0].content[0].data",
    "not valid base64",
  ],
  [
    "an OLE document cannot be told apart",
    () => one({ type: "document", data: F.OLE }),
    "messages[0].content[0].format",
    "cannot infer the document format",
  ],
  [
    "media data of the wrong type",
    () => one({ type: "image", data: 5 }),
    "messages[0].content[0].data",
    "must be a Uint8Array",
  ],
  [
    "an unknown part type",
    () => one({ type: "sticker" }),
    "messages[0].content[0].type",
    'unknown part type "sticker"',
  ],
  ["an empty object part", () => one({}), "messages[0].content[0]", "must be a part with a type"],
  [
    "a tool-call without a name",
    () => ans({ type: "tool-call", id: "t", name: "", input: {} }),
    "messages[1].content[0].name",
    "non-empty",
  ],
  [
    "a tool-result without an id",
    () => one({ type: "tool-result", content: "x" }),
    "messages[0].content[0].id",
    "tool call's id",
  ],
  [
    "tool results with no toolUse and no tools",
    () => req({ messages: [{ role: "tool", toolUseId: "t", content: "x" }] }),
    "toolConfig",
    "define the tools",
  ],
  [
    "an invalid tool name",
    () => req({ tools: [{ name: "bad name", input: W }] }),
    "tools[0].name",
    "must match",
  ],
  [
    "a duplicate tool",
    () => req({ tools: [weather, weather] }),
    "tools[1].name",
    'duplicates the tool "weather"',
  ],
  [
    "a tool choice naming no tool",
    () => req({ tools: [weather], toolChoice: { name: "nope" } }),
    "toolChoice.name",
    'names no defined tool: "nope"',
  ],
  [
    "an invalid tool choice",
    () => req({ tools: [weather], toolChoice: "sometimes" as never }),
    "toolChoice",
    '"auto", "any", "none"',
  ],
  [
    "an image in the system prompt",
    () => conv(["x"], { system: [{ type: "image", data: F.PNG }] as never }),
    "system[0]",
    "only text, cache and guard",
  ],
  [
    "a Standard Schema without JSON Schema",
    () =>
      req({
        tools: [{
          name: "f",
          input: {
            "~standard": { version: 1, vendor: "acme", validate: (v: unknown) => ({ value: v }) },
          },
        }],
      }),
    "tools[0].input",
    "acme schema does not implement Standard JSON Schema",
  ],
  [
    "a null schema",
    () => req({ tools: [{ name: "f", input: null as never }] }),
    "tools[0].input",
    "must be a Standard JSON Schema",
  ],
  [
    "unknown audio bytes",
    () => one({ type: "audio", data: F.PNG }),
    "messages[0].content[0].format",
    "cannot infer the audio format",
  ],
  [
    "unknown video bytes",
    () => one({ type: "video", data: F.MP3 }),
    "messages[0].content[0].format",
    "cannot infer the video format",
  ],
];

for (const [name, actual, expected] of CASES) {
  Deno.test(`toConverseMessages()/buildConverseRequest(): ${name}`, () => {
    assert.deepStrictEqual(actual(), expected);
  });
}

for (const [name, thunk, field, rule] of ERRORS) {
  Deno.test(`conversion rejects ${name} naming ${field}`, () => {
    assert.throws(thunk, (e: unknown) => {
      assert.ok(e instanceof BedrockInputError, `expected BedrockInputError, got ${String(e)}`);
      assert.equal(e.field, field);
      assert.ok(e.rule.includes(rule), `rule "${e.rule}" lacks "${rule}"`);
      assert.equal(e.message, `Invalid ${field}: ${e.rule}`);
      return true;
    });
  });
}

Deno.test("conversion never mutates its input", () => {
  const input: MessageInput[] = [
    { role: "user", content: [{ type: "text", text: "a" }] },
    "b",
    { role: "assistant", content: [{ type: "text", text: "c  " }] },
  ];
  const copy = structuredClone(input);
  const r = buildConverseRequest({ model: "m", messages: input, cache: { lastUserTurn: true } });
  assert.deepStrictEqual(input, copy);
  r.request.messages?.[0]?.content.push({ text: "x" });
  assert.deepStrictEqual(input, copy);
});

Deno.test(`conversion table holds at least 80 cases (${CASES.length + ERRORS.length})`, () => {
  assert.ok(CASES.length + ERRORS.length >= 80);
});

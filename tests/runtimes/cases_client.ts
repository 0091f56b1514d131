// Conformance cases for the client end to end: every call goes through the in-process emulator
// (createEmulator().fetch), so no socket is needed and workerd runs them too.

import { assert, assertEquals, type Case, type Lib, pick } from "./conformance.ts";
import {
  chatInput,
  type Client,
  client,
  drain,
  emulatorFetch,
  type Fetch,
  MODEL,
  streamText,
} from "./_client_util.ts";

const PROFILE_ARN =
  "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0";

/** Round trips through the emulator: converse, both streams, invokeModel, countTokens, chat. */
export function clientCases(lib: Lib): Case[] {
  const needs: Case["needs"] = ["root", "emulator"];
  return [
    {
      name: "an inference-profile ARN is encoded once in the path and signed for bedrock",
      needs: ["root"],
      fn: async () => {
        const seen: Request[] = [];
        const fetch: Fetch = (input, init) => {
          seen.push(new Request(input, init));
          const body = {
            output: { message: { role: "assistant", content: [{ text: "ok" }] } },
            stopReason: "end_turn",
            usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
            metrics: { latencyMs: 1 },
          };
          return Promise.resolve(Response.json(body, { headers: { "x-amzn-requestid": "r-1" } }));
        };
        const c = client(lib, fetch, { region: "us-west-2", endpoint: undefined });
        await c.converse({ ...chatInput("hi"), modelId: PROFILE_ARN });
        const req = seen[0]!;
        const url = new URL(req.url);
        assertEquals(url.host, "bedrock-runtime.us-west-2.amazonaws.com", "host");
        assertEquals(url.pathname, `/model/${encodeURIComponent(PROFILE_ARN)}/converse`, "path");
        const auth = req.headers.get("authorization") ?? "";
        assert(
          auth.includes("/us-west-2/bedrock/aws4_request"),
          `credential scope in ${auth.slice(0, 80)}`,
        );
        assert(
          /SignedHeaders=[^,]*host[^,]*x-amz-date/.test(auth),
          "host and x-amz-date are signed",
        );
      },
    },
    {
      name: "BedrockRuntime.converse() returns the emulator's reply with $metadata",
      needs,
      fn: async () => {
        const out = await client(lib, emulatorFetch(lib)).converse(chatInput("Hello there"));
        const msg =
          (out.output as { message: { role: string; content: Array<{ text?: string }> } }).message;
        assertEquals(msg.role, "assistant", "role");
        assert(typeof msg.content[0]?.text === "string" && msg.content[0].text.length > 0, "text");
        assert(typeof out.stopReason === "string", "stopReason");
        const usage = out.usage as { inputTokens: number; outputTokens: number };
        assert(usage.inputTokens > 0 && usage.outputTokens > 0, "usage");
        const meta = out.$metadata as { httpStatusCode: number; requestId?: string };
        assertEquals(meta.httpStatusCode, 200, "$metadata.httpStatusCode");
        assert(typeof meta.requestId === "string" && meta.requestId.length > 0, "requestId");
      },
    },
    {
      name:
        "BedrockRuntime.converseStream() yields the same text as converse(), framed and unpadded",
      needs,
      fn: async () => {
        const c = client(lib, emulatorFetch(lib));
        const whole = await c.converse(chatInput("Stream me a story"));
        const out = await c.converseStream(chatInput("Stream me a story"));
        const events = await drain(out.stream);
        const kinds = events.map((e) => Object.keys(e)[0]);
        assertEquals(kinds[0], "messageStart", "first event");
        assert(kinds.includes("contentBlockDelta"), "has deltas");
        assert(kinds.includes("messageStop") && kinds.at(-1) === "metadata", "stop then metadata");
        assert(!JSON.stringify(events).includes('"p":'), "the p padding is dropped");
        const text = (whole.output as { message: { content: Array<{ text?: string }> } }).message
          .content.map((b) => b.text ?? "").join("");
        assertEquals(streamText(events), text, "streamed text");
      },
    },
    {
      name:
        "BedrockRuntime.invokeModel() and invokeModelWithResponseStream() carry Anthropic bodies",
      needs,
      fn: async () => {
        const c = client(lib, emulatorFetch(lib));
        const body = new TextEncoder().encode(JSON.stringify({
          anthropic_version: "bedrock-2023-05-31",
          max_tokens: 64,
          messages: [{ role: "user", content: "Hello" }],
        }));
        const input = {
          modelId: MODEL,
          body,
          contentType: "application/json",
          accept: "application/json",
        };
        const one = await c.invokeModel(input);
        assert(one.body instanceof Uint8Array, "body is a Uint8Array");
        const json = JSON.parse(new TextDecoder().decode(one.body as Uint8Array));
        assertEquals(json.type, "message", "Anthropic response type");
        const streamed = await c.invokeModelWithResponseStream(input);
        const events = await drain(streamed.body);
        const types = events.map((e) => {
          const bytes = (e.chunk as { bytes: Uint8Array }).bytes;
          return JSON.parse(new TextDecoder().decode(bytes)).type as string;
        });
        assertEquals(types[0], "message_start", "first chunk");
        assert(types.includes("content_block_delta") && types.at(-1) === "message_stop", "chunks");
      },
    },
    {
      name: "BedrockRuntime.countTokens() counts input tokens; a bearer token authenticates",
      needs,
      fn: async () => {
        const c = client(lib, emulatorFetch(lib), {
          credentials: undefined,
          token: "emulator-token",
        });
        const out = await c.countTokens({
          modelId: MODEL,
          input: { converse: { messages: [{ role: "user", content: [{ text: "Count me" }] }] } },
        });
        assert(typeof out.inputTokens === "number" && out.inputTokens > 0, "inputTokens");
      },
    },
    {
      name: "chat() and streamChat().text() give the same reply through the chat layer",
      needs: ["root", "emulator", "chat"],
      fn: async () => {
        type ChatFn = (c: Client, o: Record<string, unknown>) => Promise<{ text: string }>;
        type StreamFn = (
          c: Client,
          o: Record<string, unknown>,
        ) => { text(): AsyncIterable<string> };
        const chat = pick<ChatFn>(lib.chat, "chat");
        const streamChat = pick<StreamFn>(lib.chat, "streamChat");
        const c = client(lib, emulatorFetch(lib));
        const options = { model: MODEL, messages: ["Say something about rivers"], maxTokens: 64 };
        const whole = await chat(c, options);
        let text = "";
        for await (const t of streamChat(c, options).text()) text += t;
        assert(whole.text.length > 0, "chat() text");
        assertEquals(text, whole.text, "streamed text");
      },
    },
  ];
}

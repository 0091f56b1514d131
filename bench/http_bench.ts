// Per-request overhead of the transport (sign + headers + fetch + read + metadata) with a mocked
// fetch that answers at once, so only client-side work is measured. Baseline: aws4fetch's
// AwsClient.fetch (sign + fetch, no retry bookkeeping) on the same request and the same mock.
import { AwsClient } from "aws4fetch";
import { Transport } from "../src/http/transport.ts";

const MODEL_PATH = `/model/${
  encodeURIComponent("anthropic.claude-3-haiku-20240307-v1:0")
}/converse`;
const BASE = "https://bedrock-runtime.us-east-1.amazonaws.com";
const BODY = JSON.stringify({
  messages: [{ role: "user", content: [{ text: "x".repeat(1024 - 60) }] }],
});
const CREDS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "session-token-example",
};
const REPLY = '{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}}}';

function mockFetch(): Promise<Response> {
  return Promise.resolve(
    new Response(REPLY, {
      headers: { "content-type": "application/json", "x-amzn-requestid": "rid" },
    }),
  );
}
// aws4fetch calls the global fetch: point it at the same mock for this process.
globalThis.fetch = mockFetch as typeof fetch;

const transport = new Transport({
  endpoint: () => Promise.resolve(BASE),
  region: () => Promise.resolve("us-east-1"),
  credentials: () => Promise.resolve(CREDS),
  fetch: mockFetch as typeof fetch,
});
const aws4 = new AwsClient({ ...CREDS, service: "bedrock", region: "us-east-1", retries: 0 });

const GROUP = "transport: signed 1 KiB POST + 200 JSON reply (mocked fetch)";

Deno.bench({
  group: GROUP,
  name: "aws4fetch AwsClient.fetch + arrayBuffer",
  baseline: true,
  async fn() {
    const res = await aws4.fetch(BASE + MODEL_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: BODY,
    });
    if ((await res.arrayBuffer()).byteLength !== REPLY.length) throw new Error("bad body");
  },
});

Deno.bench({
  group: GROUP,
  name: "bedrock-fetch Transport.send",
  async fn() {
    const res = await transport.send({
      operation: "Converse",
      method: "POST",
      path: MODEL_PATH,
      headers: { "content-type": "application/json" },
      body: BODY,
    });
    if (res.body.length !== REPLY.length) throw new Error("bad body");
  },
});

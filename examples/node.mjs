// Node (>= 20) example using the npm build: streams a Converse reply to stdout.
//
//   npm install @bedrock-fetch/core
//   # against the local emulator (no AWS account needed):
//   npx deno run -A jsr:@bedrock-fetch/core/cli emulator --port 8787   # or: deno task bedrock emulator
//   BEDROCK_ENDPOINT=http://127.0.0.1:8787 node examples/node.mjs "Tell me about otters"
//   # against Amazon Bedrock: set AWS_REGION and credentials (AWS_ACCESS_KEY_ID/…, a profile, or
//   # AWS_BEARER_TOKEN_BEDROCK) and leave BEDROCK_ENDPOINT unset.
import { createHash } from "node:crypto";
import { BedrockRuntime } from "@bedrock-fetch/core";

const endpoint = process.env.BEDROCK_ENDPOINT;
const emulator = endpoint && !process.env.AWS_ACCESS_KEY_ID &&
  !process.env.AWS_BEARER_TOKEN_BEDROCK;
const bedrock = new BedrockRuntime({
  region: process.env.AWS_REGION ?? "us-east-1",
  ...(endpoint ? { endpoint } : {}),
  // Hash request bodies for SigV4 with node:crypto: no Web Crypto thread hop (matters for images).
  hashBody: (body) => createHash("sha256").update(body).digest("hex"),
  // The emulator's default credentials; real ones come from the environment's default chain.
  ...(emulator
    ? { credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" } }
    : {}),
});

const prompt = process.argv[2] ?? "Write a haiku about rivers.";
const { stream } = await bedrock.converseStream({
  modelId: process.env.BEDROCK_MODEL ?? "anthropic.claude-3-5-haiku-20241022-v1:0",
  messages: [{ role: "user", content: [{ text: prompt }] }],
  inferenceConfig: { maxTokens: 256 },
});

for await (const event of stream) {
  if (event.contentBlockDelta?.delta?.text) {
    process.stdout.write(event.contentBlockDelta.delta.text);
  }
  if (event.messageStop) process.stdout.write(`\n[stop: ${event.messageStop.stopReason}]\n`);
  if (event.metadata) {
    const { inputTokens, outputTokens } = event.metadata.usage;
    process.stdout.write(`[tokens: ${inputTokens} in, ${outputTokens} out]\n`);
  }
}

// Bun example: an HTTP server that streams a chat reply to the client as it is generated.
//
//   BEDROCK_ENDPOINT=http://127.0.0.1:8787 bun examples/bun_server.ts   # emulator (see deno.ts)
//   curl -N "http://127.0.0.1:3000/?q=Tell+me+about+otters"
// PORT=0 picks a free port; the server prints its URL. In your own project import from
// "@bedrock-fetch/core" and "@bedrock-fetch/core/chat" (npm) instead of the relative paths.
import { BedrockRuntime } from "../mod.ts";
import { streamChat } from "../src/chat/mod.ts";

// Typed locally so that the example type-checks without bun-types.
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: {
    port: number;
    hostname?: string;
    fetch(request: Request): Response | Promise<Response>;
  }): { url: URL };
};

const env = Bun.env;
const useEmulatorKeys = env.BEDROCK_ENDPOINT !== undefined && !env.AWS_ACCESS_KEY_ID &&
  !env.AWS_BEARER_TOKEN_BEDROCK;
const bedrock = new BedrockRuntime({
  region: env.AWS_REGION ?? "us-east-1",
  ...(env.BEDROCK_ENDPOINT ? { endpoint: env.BEDROCK_ENDPOINT } : {}),
  ...(useEmulatorKeys
    ? { credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" } }
    : {}),
});

async function chat(request: Request): Promise<Response> {
  const prompt = new URL(request.url).searchParams.get("q") ?? "Write a haiku about rivers.";
  // The chat layer: friendly messages in, a text stream out. The call starts on first read.
  const stream = streamChat(bedrock, {
    model: env.BEDROCK_MODEL ?? "anthropic.claude-3-5-haiku-20241022-v1:0",
    messages: [prompt],
    maxTokens: 256,
    signal: request.signal, // the client hanging up stops the model call
  });
  const texts = stream.text()[Symbol.asyncIterator]();
  const first = await texts.next(); // errors (credentials, throttling) become a 502, not a 200
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await texts.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await texts.return?.();
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
}

const server = Bun.serve({
  port: Number(env.PORT ?? 3000),
  hostname: "127.0.0.1",
  fetch: (request) =>
    chat(request).catch((err: Error) =>
      new Response(`${err.name}: ${err.message}\n`, { status: 502 })
    ),
});
console.log(`listening on ${server.url}`);

// The README's first command: `npx -y deno@2 task demo`.
//
// Starts the bedrock-fetch emulator (a local Amazon Bedrock Runtime) on 127.0.0.1 and, against
// it, shows a streamed chat from the CLI, a tool call round trip, a structured answer, a retried
// throttle and the usage line. No AWS account, no network beyond loopback; done in seconds.
import { BedrockRuntime } from "../mod.ts";
import { generateObject, runTools, tool } from "../src/chat/mod.ts";
import { main } from "../src/cli.ts";
import { processIO } from "../src/cli/io.ts";
import { serveEmulator } from "../src/emulator/mod.ts";

// The CLI's usage lines go to stderr; print them in order with the rest of the demo.
const io = { ...processIO(), err: (text: string) => processIO().out(text) };

const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;
const step = (title: string) => console.log(`\n${bold(`▶ ${title}`)}`);

const server = await serveEmulator({ port: 0, paceMs: 12 });
const model = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
try {
  step(
    `Emulator listening on ${server.url} (SigV4 key AKIAEMULATOREXAMPLE, API key emulator-token)`,
  );

  step(
    `bedrock chat "…" --endpoint ${server.url}   (the emulator's model echoes, in small frames)`,
  );
  await main([
    "chat",
    "Streaming over the AWS event-stream protocol, frame by frame, with CRCs checked on every one.",
    "--endpoint",
    server.url,
    "--model",
    model,
  ], { io });

  // The library itself, signing with SigV4 this time (the CLI above used the bearer API key).
  const bedrock = new BedrockRuntime({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" },
  });

  step("A tool call round trip (runTools: the model calls `weather`, we run it, it answers)");
  const weather = tool({
    name: "weather",
    description: "Current weather for a city",
    input: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["C", "F"] } },
      required: ["city"],
    },
    // A plain JSON Schema gives `unknown` arguments (a zod schema would type them); the loop has
    // already validated them against the schema.
    run: (args) => ({ city: (args as { city: string }).city, temperature: 21, sky: "clear" }),
  });
  const { steps, result } = await runTools(bedrock, {
    model,
    messages: ["What is the weather in Lisbon?"],
    tools: [weather],
  });
  for (const s of steps) {
    for (const t of s.tools) {
      console.log(`  model called ${t.call.name}(${JSON.stringify(t.call.input)})`);
      console.log(`  tool returned ${JSON.stringify(t.result.content)}`);
    }
  }
  console.log(`  final answer: ${result.text}`);

  step("A structured answer (generateObject, validated against its JSON schema)");
  const { object, mode } = await generateObject(bedrock, {
    model,
    messages: ["Invent a city"],
    schema: {
      type: "object",
      properties: {
        name: { type: "string" },
        population: { type: "integer", minimum: 0 },
        coastal: { type: "boolean" },
      },
      required: ["name", "population", "coastal"],
    },
  });
  console.log(`  ${JSON.stringify(object)}  (mode: ${mode})`);

  step("A throttle, retried (the emulator answers the next request with 429 ThrottlingException)");
  server.emulator.setFaults("throttle=1");
  await main(["chat", "Retried once, then streamed.", "--endpoint", server.url, "--model", model], {
    io,
  });

  step("Done: bearer and SigV4 auth, JSON and binary event streams, retries — all on loopback.");
} finally {
  await server.close();
}

// Bun entry (run by bun_test.ts): serveEmulator on Bun.serve, a SigV4 Converse, a bearer stream and
// an error, over a real socket.
import { serveEmulator } from "../../src/emulator/mod.ts";
import { decodeBedrockEvents } from "../../src/eventstream/mod.ts";
import { converseBody, errorType, modelPath, signedFetch } from "./_helpers.ts";

const server = await serveEmulator({ port: 0 });
try {
  const conv = await signedFetch(server.url, modelPath("converse"), {
    body: converseBody({}, "bun sigv4"),
  });
  const text = (await conv.json()).output.message.content[0].text;
  const res = await fetch(server.url + modelPath("converse-stream"), {
    method: "POST",
    headers: { authorization: "Bearer emulator-token" },
    body: converseBody({}, "bun stream of several words"),
  });
  let streamed = "";
  for await (const e of decodeBedrockEvents(res.body!)) {
    const d = (e.contentBlockDelta as { delta?: { text?: string } } | undefined)?.delta?.text;
    if (d !== undefined) streamed += d;
  }
  const bad = await fetch(server.url + modelPath("converse"), { method: "POST", body: "{}" });
  console.log(
    JSON.stringify({
      runtime: typeof (globalThis as { Bun?: unknown }).Bun,
      text,
      streamed,
      badStatus: bad.status,
      badType: errorType(bad),
    }),
  );
} finally {
  await server.close();
}

// Emulator cost per request, in-process, against the floor of any fetch handler (a prebuilt JSON
// Response) and of any stream consumer (decoding the same pre-encoded frames).
// Run: deno bench -A tests/emulator/emulator_bench.ts
import { createEmulator } from "../../src/emulator/mod.ts";
import { eventFrame, type StreamEvent } from "../../src/emulator/stream.ts";
import { decodeBedrockEvents } from "../../src/eventstream/mod.ts";
import { SigV4Signer } from "../../src/sigv4/mod.ts";
import { converseBody, KEY, modelPath } from "./_helpers.ts";

const URL_CONVERSE = "http://127.0.0.1:1" + modelPath("converse");
const URL_STREAM = "http://127.0.0.1:1" + modelPath("converse-stream");
const BODY = converseBody({}, "The quick brown fox jumps over the lazy dog. ".repeat(4));
const open = createEmulator({ auth: false });
const secured = createEmulator();
const signed = await new SigV4Signer({ region: "us-east-1", service: "bedrock", credentials: KEY })
  .sign({
    method: "POST",
    url: URL_CONVERSE,
    headers: { "content-type": "application/json" },
    body: BODY,
  });
const signedHeaders = new Headers(signed.headers);
const prebuilt = JSON.stringify(
  await (await open.fetch(new Request(URL_CONVERSE, { method: "POST", body: BODY }))).json(),
);

const events: StreamEvent[] = [];
for await (
  const e of decodeBedrockEvents(
    (await open.fetch(new Request(URL_STREAM, { method: "POST", body: BODY }))).body!,
  )
) {
  const [type, payload] = Object.entries(e)[0]!;
  events.push({ type, payload: payload as Record<string, unknown> });
}
const frames = events.map((e, i) => eventFrame(e, i));

Deno.bench("floor: prebuilt JSON Response", { group: "converse", baseline: true }, async () => {
  await new Response(prebuilt, { headers: { "content-type": "application/json" } }).json();
});
Deno.bench("emulator Converse (no auth)", { group: "converse" }, async () => {
  await (await open.fetch(new Request(URL_CONVERSE, { method: "POST", body: BODY }))).json();
});
Deno.bench("emulator Converse (SigV4 verified)", { group: "converse" }, async () => {
  await (await secured.fetch(
    new Request(URL_CONVERSE, { method: "POST", headers: signedHeaders, body: BODY }),
  )).json();
});

Deno.bench(`floor: decode the same ${frames.length} pre-encoded frames`, {
  group: "converse-stream",
  baseline: true,
}, async () => {
  for await (const _ of decodeBedrockEvents(frames));
});
Deno.bench("emulator ConverseStream produce + decode", { group: "converse-stream" }, async () => {
  for await (
    const _ of decodeBedrockEvents(
      (await open.fetch(new Request(URL_STREAM, { method: "POST", body: BODY }))).body!,
    )
  );
});

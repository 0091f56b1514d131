// Node host: runs the emulator Worker bundle in workerd (miniflare) and calls Converse and
// ConverseStream through it. Usage: node tests/emulator/_workerd_host.mjs <worker.mjs>
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const mf = new Miniflare({
  modules: [{
    type: "ESModule",
    path: "worker.mjs",
    contents: readFileSync(process.argv[2], "utf8"),
  }],
  compatibilityDate: "2025-09-01",
});
try {
  const body = JSON.stringify({
    messages: [{ role: "user", content: [{ text: "hello from workerd" }] }],
  });
  const init = { method: "POST", body, headers: { "accept-encoding": "identity" } };
  const conv = await mf.dispatchFetch(
    "http://localhost/model/amazon.nova-micro-v1%3A0/converse",
    init,
  );
  const json = await conv.json();
  const stream = await mf.dispatchFetch(
    "http://localhost/model/amazon.nova-micro-v1%3A0/converse-stream",
    init,
  );
  let bytes = 0;
  for await (const chunk of stream.body) bytes += chunk.byteLength;
  const bad = await mf.dispatchFetch("http://localhost/model/amazon.nova-micro-v1%3A0/converse", {
    ...init,
    body: "{",
  });
  console.log(JSON.stringify({
    text: json.output.message.content[0].text,
    streamType: stream.headers.get("content-type"),
    bytes,
    badStatus: bad.status,
    badType: bad.headers.get("x-amzn-errortype"),
  }));
} finally {
  await mf.dispose();
}

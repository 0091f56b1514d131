// 200 concurrent streams against the Node server (run by sdk_node_main.ts under Node): half through
// Node's fetch (HTTP/1.1), half through the AWS SDK's default handler (h2c).
import * as sdk from "@aws-sdk/client-bedrock-runtime";
import { decodeBedrockEvents } from "../../src/eventstream/mod.ts";

/** Streams `count` requests at once; returns how many arrived intact. */
export async function nodeLoad(
  url: string,
  count: number,
): Promise<{ intact: number; ms: number }> {
  const client = new sdk.BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" },
  });
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: count }, async (_, i) => {
    const expected = `node stream ${i}: ` + "lorem ipsum dolor sit amet ".repeat(8 + (i % 5));
    const messages = [{ role: "user" as const, content: [{ text: expected }] }];
    let text = "";
    if (i % 2 === 0) {
      const res = await fetch(`${url}/model/amazon.nova-micro-v1%3A0/converse-stream`, {
        method: "POST",
        headers: { authorization: "Bearer emulator-token", "content-type": "application/json" },
        body: JSON.stringify({ messages }),
      });
      for await (const e of decodeBedrockEvents(res.body!)) {
        const d = (e.contentBlockDelta as { delta?: { text?: string } } | undefined)?.delta?.text;
        if (d !== undefined) text += d;
      }
    } else {
      const res = await client.send(
        new sdk.ConverseStreamCommand({ modelId: "amazon.nova-micro-v1:0", messages }),
      );
      for await (const e of res.stream!) text += e.contentBlockDelta?.delta?.text ?? "";
    }
    return text === expected;
  }));
  client.destroy();
  return { intact: results.filter(Boolean).length, ms: performance.now() - t0 };
}

// Load and socket behaviour: 200 concurrent streaming requests over a real socket, each decoded and
// compared byte for byte with the expected text; faults that only a socket shows (drop, truncate).
import assert from "node:assert/strict";
import { serveEmulator } from "../../src/emulator/mod.ts";
import { decodeBedrockEvents } from "../../src/eventstream/mod.ts";
import { EventStreamError } from "../../src/errors.ts";
import { converseBody, modelPath, signedFetch } from "./_helpers.ts";

const dec = new TextDecoder();
const CONCURRENT = 200;

function textFor(i: number): string {
  const words = ["alpha", "beta", "gamma", "delta", "épsilon", "zeta", "η", "theta", "🦊", "kappa"];
  let s = `request ${i}:`;
  for (let k = 0; k < 60; k++) s += " " + words[(i * 7 + k * 3) % words.length];
  return s;
}

async function streamText(
  res: Response,
  native: boolean,
): Promise<{ text: string; events: number }> {
  let text = "";
  let events = 0;
  for await (const e of decodeBedrockEvents(res.body!)) {
    events++;
    if (native) {
      const bytes = Uint8Array.from(
        atob((e.chunk as { bytes: string }).bytes),
        (c) => c.charCodeAt(0),
      );
      const chunk = JSON.parse(dec.decode(bytes));
      if (chunk.type === "content_block_delta") text += chunk.delta.text;
    } else {
      const delta = (e.contentBlockDelta as { delta?: { text?: string } } | undefined)?.delta;
      if (delta?.text !== undefined) text += delta.text;
    }
  }
  return { text, events };
}

Deno.test(`${CONCURRENT} concurrent streams over a socket arrive with every byte intact`, async () => {
  const server = await serveEmulator({ port: 0, paceMs: 1 });
  try {
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: CONCURRENT }, async (_, i) => {
      const expected = textFor(i);
      const native = i % 2 === 1;
      const path = modelPath(native ? "invoke-with-response-stream" : "converse-stream");
      const body = native
        ? JSON.stringify({
          anthropic_version: "bedrock-2023-05-31",
          max_tokens: 4096,
          messages: [{ role: "user", content: expected }],
        })
        : converseBody({}, expected);
      // Half signed with SigV4, half with the bearer token.
      const res = i % 4 < 2
        ? await signedFetch(server.url, path, { body })
        : await fetch(server.url + path, {
          method: "POST",
          headers: { authorization: "Bearer emulator-token" },
          body,
        });
      assert.equal(res.status, 200, await (res.status === 200 ? "" : res.text()));
      const got = await streamText(res, native);
      return { ok: got.text === expected, events: got.events };
    }));
    const ms = performance.now() - t0;
    const bad = results.filter((r) => !r.ok).length;
    const events = results.reduce((n, r) => n + r.events, 0);
    assert.equal(bad, 0);
    assert.equal(server.emulator.stats().streams, CONCURRENT);
    console.log(
      `${CONCURRENT} concurrent streams, ${events} events, ${
        ms.toFixed(0)
      } ms, ${bad} mismatches (Deno ${Deno.version.deno})`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("over a socket, drop errors the client's body read and truncate is a decode error", async () => {
  const server = await serveEmulator({ port: 0 });
  try {
    const dropped = await signedFetch(server.url, modelPath("converse-stream"), {
      body: converseBody({}, textFor(1)),
      headers: { "x-bedrock-fetch-fault": "drop" },
    });
    assert.equal(dropped.status, 200);
    await assert.rejects(async () => {
      for await (const _ of decodeBedrockEvents(dropped.body!));
    });
    const truncated = await signedFetch(server.url, modelPath("converse-stream"), {
      body: converseBody({}, textFor(2)),
      headers: { "x-bedrock-fetch-fault": "truncate" },
    });
    await assert.rejects(async () => {
      for await (const _ of decodeBedrockEvents(truncated.body!));
    }, EventStreamError);
    const after = await signedFetch(server.url, modelPath("converse"), {
      body: converseBody({}, "after faults"),
    });
    assert.equal((await after.json()).output.message.content[0].text, "after faults");
  } finally {
    await server.close();
  }
});

Deno.test("close() ends open streams instead of waiting for them", async () => {
  const server = await serveEmulator({ port: 0, paceMs: 60_000 });
  const res = await signedFetch(server.url, modelPath("converse-stream"), {
    body: converseBody({}, textFor(3)),
  });
  const reader = res.body!.getReader();
  assert.equal((await reader.read()).done, false);
  const t0 = performance.now();
  await server.close();
  assert.ok(performance.now() - t0 < 5_000, "close() returned promptly");
  await assert.rejects(async () => {
    for (;;) if ((await reader.read()).done) break;
  });
});

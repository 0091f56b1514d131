// Differential test: every canned response of the corpus, parsed by our client and by
// @aws-sdk/client-bedrock-runtime, must give deep-equal outputs (events for streams) and errors with
// the same name, message, $fault, status and members.
import assert from "node:assert/strict";
import { RESPONSE_CASES } from "./_responses.ts";
import { oursSend, sdkSend } from "./_harness.ts";

/**
 * Plain data for deep comparison: bytes as tagged arrays (the SDK's blob adapter is a subclass),
 * with what its `transformToString()` gives (UTF-8 and base64) when it has one.
 */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    const blob = value as Uint8Array & { transformToString?: (encoding?: string) => string };
    return blob.transformToString
      ? {
        u8: Array.from(value),
        utf8: blob.transformToString(),
        base64: blob.transformToString("base64"),
      }
      : { u8: Array.from(value) };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}

function errorFacts(e: unknown): Record<string, unknown> {
  const err = e as Record<string, unknown> & { $metadata?: Record<string, unknown> };
  assert.ok(err instanceof Error, `expected an Error, got ${String(e)}`);
  const facts: Record<string, unknown> = {
    name: err.name,
    message: err.message,
    $fault: err.$fault,
    status: err.$metadata?.httpStatusCode,
  };
  for (const k of ["originalStatusCode", "resourceName", "originalMessage"]) {
    if (err[k] !== undefined) facts[k] = err[k];
  }
  return facts;
}

// deno-lint-ignore no-explicit-any
async function drain(iterable: AsyncIterable<any> | undefined) {
  const events: unknown[] = [];
  try {
    for await (const e of iterable ?? []) events.push(plain(e));
    return { events };
  } catch (error) {
    return { events, error: errorFacts(error) };
  }
}

// deno-lint-ignore no-explicit-any
async function settle(op: string, r: { output?: any; error?: any }) {
  if (r.error) return { error: errorFacts(r.error) };
  const { $metadata, stream, body, ...rest } = r.output;
  const { httpStatusCode, requestId, attempts, totalRetryDelay } = $metadata;
  const meta = { httpStatusCode, requestId, attempts, totalRetryDelay };
  if (op === "ConverseStream") return { meta, ...rest, ...(await drain(stream)) };
  if (op === "InvokeModelWithResponseStream") return { meta, ...rest, ...(await drain(body)) };
  return { meta, ...(plain({ ...rest, ...(body !== undefined && { body }) }) as object) };
}

Deno.test("differential response corpus has >= 40 cases", () => {
  assert.ok(RESPONSE_CASES.length >= 40, `${RESPONSE_CASES.length} cases`);
});

for (const c of RESPONSE_CASES) {
  Deno.test(`BedrockRuntime parses like @aws-sdk/client-bedrock-runtime: ${c.name}`, async () => {
    const ours = await settle(c.op, await oursSend(c.op, c.input, c.canned));
    const sdk = await settle(c.op, await sdkSend(c.op, c.input, c.canned));
    // $metadata is compared on the members both have: the SDK's mid-stream exceptions carry none,
    // ours carry the stream response's.
    const oe = (ours as { error?: Record<string, unknown> }).error;
    const se = (sdk as { error?: Record<string, unknown> }).error;
    if (oe && se && se.status === undefined && oe.status === 200) se.status = 200;
    assert.deepEqual(ours, sdk);
  });
}

// The bad-input table: malformed, hostile and unauthenticated requests over a real socket each get
// the AWS-shaped 4xx (status, x-amzn-errortype, a message naming the member), and the emulator
// keeps serving.
import assert from "node:assert/strict";
import { serveEmulator } from "../../src/emulator/mod.ts";
import { converseBody, errorType, KEY, modelPath, signedFetch } from "./_helpers.ts";
import type { Row } from "./_bad_rows_common.ts";
import { WIRE_ROWS } from "./_bad_rows_wire.ts";
import { MEMBER_ROWS } from "./_bad_rows_members.ts";

const ROWS: Row[] = [...WIRE_ROWS, ...MEMBER_ROWS];

Deno.test(`emulator answers ${ROWS.length} bad requests with AWS-shaped 4xx naming the field, and keeps serving`, async () => {
  assert.ok(ROWS.length >= 50);
  const server = await serveEmulator({
    port: 0,
    maxBodyBytes: 256 * 1024,
    keys: [KEY, {
      accessKeyId: "AKIASESSION",
      secretAccessKey: "s",
      sessionToken: "session-token",
    }],
  });
  try {
    const failures: string[] = [];
    for (const row of ROWS) {
      const path = row.path ?? modelPath("converse");
      const res = row.raw
        ? await fetch(server.url + path, row.raw)
        : await signedFetch(server.url, path, row.init);
      const text = await res.text();
      let message = "";
      try {
        message = JSON.parse(text).message;
      } catch {
        message = `(not JSON) ${text}`;
      }
      const problems: string[] = [];
      if (res.status !== row.status) problems.push(`status ${res.status} != ${row.status}`);
      if (errorType(res) !== row.type) problems.push(`type ${errorType(res)} != ${row.type}`);
      if (!row.message.test(message)) {
        problems.push(`message ${JSON.stringify(message)} !~ ${row.message}`);
      }
      if (!res.headers.get("x-amzn-requestid")) problems.push("no x-amzn-requestid");
      if (/emulator-secret|Signature=|session-token/.test(text)) problems.push("secret in body");
      if (/^Signature (expired|not yet)/.test(message) && !res.headers.get("date")) {
        problems.push("no Date header");
      }
      if (problems.length > 0) failures.push(`${row.name}: ${problems.join("; ")}`);
    }
    assert.deepEqual(failures, []);
    const ok = await signedFetch(server.url, modelPath("converse"), {
      body: converseBody({}, "still alive"),
    });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).output.message.content[0].text, "still alive");
    const stats = server.emulator.stats();
    assert.equal(stats.errors, ROWS.length);
    console.log(`${ROWS.length} bad requests answered, then a good one: ${JSON.stringify(stats)}`);
  } finally {
    await server.close();
  }
});

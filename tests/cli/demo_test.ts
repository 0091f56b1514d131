// The README's first command: the demo runs to completion and shows every step.
import assert from "node:assert/strict";
import { REPO_DIR } from "../_spec.ts";

Deno.test("deno task demo shows a streamed chat, a tool round trip, a structured answer and a retried throttle", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${REPO_DIR}/examples/demo.ts`],
    stdout: "piped",
    stderr: "piped",
    env: { AWS_ACCESS_KEY_ID: "", AWS_BEARER_TOKEN_BEDROCK: "", AWS_PROFILE: "" },
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, text + new TextDecoder().decode(out.stderr));
  assert.match(text, /Streaming over the AWS event-stream protocol/);
  assert.match(text, /model called weather\(\{"city":/);
  assert.match(text, /tool returned \{"city":/);
  assert.match(text, /"population":\d+/);
  assert.match(text, /Retried once, then streamed\.\n— .* · 2 attempts/);
});

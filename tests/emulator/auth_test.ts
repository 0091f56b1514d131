// Authentication details: presigned URLs, session tokens, skew answers with a Date header, and no
// secret in any error.
import assert from "node:assert/strict";
import { createEmulator } from "../../src/emulator/mod.ts";
import { SigV4Signer } from "../../src/sigv4/mod.ts";
import { converseBody, errorType, KEY, modelPath, signedFetch } from "./_helpers.ts";

const BASE = "http://emulator.local";
const signer = new SigV4Signer({ region: "us-east-1", service: "bedrock", credentials: KEY });

Deno.test("emulator accepts a presigned URL and rejects it tampered, expired or from an unknown key", async () => {
  const emulator = createEmulator();
  const send = (url: URL | string) =>
    emulator.fetch(new Request(url, { method: "POST", body: converseBody({}, "presigned") }));
  const url = await signer.presign({ method: "POST", url: BASE + modelPath("converse") }, {
    expiresIn: 60,
  });
  const ok = await send(url);
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).output.message.content[0].text, "presigned");
  const tampered = new URL(url);
  tampered.searchParams.set("X-Amz-Expires", "61");
  const bad = await send(tampered);
  assert.equal(bad.status, 403);
  assert.equal(errorType(bad), "InvalidSignatureException");
  const old = await signer.presign({ method: "POST", url: BASE + modelPath("converse") }, {
    expiresIn: 60,
    date: new Date(Date.now() - 120_000),
  });
  const expired = await send(old);
  assert.equal(expired.status, 403);
  assert.match((await expired.json()).message, /Signature expired/);
  assert.ok(expired.headers.get("date"));
  const stranger = await new SigV4Signer({
    region: "us-east-1",
    service: "bedrock",
    credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: "x" },
  })
    .presign({ method: "POST", url: BASE + modelPath("converse") });
  assert.equal(errorType(await send(stranger)), "UnrecognizedClientException");
});

Deno.test("emulator checks session tokens and keeps secrets out of every error", async () => {
  const session = {
    accessKeyId: "AKIASESSION",
    secretAccessKey: "very-secret-key",
    sessionToken: "very-secret-token",
  };
  const emulator = createEmulator({ keys: [session] });
  const fetcher = (r: Request) => emulator.fetch(r);
  const good = await signedFetch(BASE, modelPath("converse"), {
    body: converseBody(),
    credentials: session,
  }, fetcher);
  assert.equal(good.status, 200);
  const wrongToken = await signedFetch(BASE, modelPath("converse"), {
    body: converseBody(),
    credentials: { ...session, sessionToken: "other" },
  }, fetcher);
  assert.equal(errorType(wrongToken), "UnrecognizedClientException");
  const wrongSecret = await signedFetch(BASE, modelPath("converse"), {
    body: converseBody(),
    credentials: { ...session, secretAccessKey: "nope" },
  }, fetcher);
  const text = await wrongSecret.text();
  assert.equal(errorType(wrongSecret), "InvalidSignatureException");
  for (const secret of ["very-secret-key", "very-secret-token", "nope", "Signature="]) {
    assert.ok(!text.includes(secret), secret);
  }
});

Deno.test("a skewed clock gets 403 InvalidSignatureException with the server's Date", async () => {
  const serverNow = Date.now() + 15 * 60_000;
  const emulator = createEmulator({ now: () => serverNow });
  const res = await signedFetch(
    BASE,
    modelPath("converse"),
    { body: converseBody() },
    (r) => emulator.fetch(r),
  );
  assert.equal(res.status, 403);
  assert.match(
    (await res.json()).message,
    /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
  );
  assert.equal(Date.parse(res.headers.get("date")!), Math.floor(serverNow / 1000) * 1000);
});

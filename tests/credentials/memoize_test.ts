import assert from "node:assert/strict";
import { memoizeCredentials } from "../../src/credentials/memoize.ts";
import type { Credentials } from "../../src/credentials/types.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";

const MIN = 60_000;

function counting(make: (n: number) => Credentials | Promise<Credentials>) {
  let calls = 0;
  const provider = async () => await make(++calls);
  return { provider, calls: () => calls };
}

Deno.test("memoizeCredentials() calls a provider without expiration once", async () => {
  const src = counting((n) => ({ accessKeyId: `AKID${n}`, secretAccessKey: "s" }));
  const cached = memoizeCredentials(src.provider);
  for (let i = 0; i < 5; i++) assert.equal((await cached()).accessKeyId, "AKID1");
  assert.equal(src.calls(), 1);
});

Deno.test("memoizeCredentials() shares one in-flight refresh between 50 concurrent callers", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const src = counting(async (n) => {
    await gate;
    return { accessKeyId: `AKID${n}`, secretAccessKey: "s" };
  });
  const cached = memoizeCredentials(src.provider);
  const all = Promise.all(Array.from({ length: 50 }, () => cached()));
  release();
  const results = await all;
  assert.equal(src.calls(), 1);
  assert.ok(results.every((c) => c.accessKeyId === "AKID1"));
});

Deno.test("memoizeCredentials() refreshes 5 minutes before expiration, not earlier", async () => {
  let now = 1_000_000_000_000;
  const src = counting((n) => ({
    accessKeyId: `AKID${n}`,
    secretAccessKey: "s",
    expiration: new Date(now + 60 * MIN),
  }));
  const cached = memoizeCredentials(src.provider, { now: () => now });
  assert.equal((await cached()).accessKeyId, "AKID1");
  now += 54 * MIN;
  assert.equal((await cached()).accessKeyId, "AKID1");
  assert.equal(src.calls(), 1);
  now += 1 * MIN + 1; // 4:59 left
  assert.equal((await cached()).accessKeyId, "AKID2");
  assert.equal(src.calls(), 2);
});

Deno.test("memoizeCredentials() honours refreshBeforeMs", async () => {
  let now = 0;
  const src = counting((n) => ({
    accessKeyId: `AKID${n}`,
    secretAccessKey: "s",
    expiration: new Date(now + 10 * MIN),
  }));
  const cached = memoizeCredentials(src.provider, { now: () => now, refreshBeforeMs: MIN });
  await cached();
  now += 8 * MIN;
  assert.equal((await cached()).accessKeyId, "AKID1");
  now += MIN + 1;
  assert.equal((await cached()).accessKeyId, "AKID2");
});

Deno.test("memoizeCredentials() keeps credentials issued inside the window for half their life", async () => {
  let now = 0;
  const src = counting((n) => ({
    accessKeyId: `AKID${n}`,
    secretAccessKey: "s",
    expiration: new Date(now + 4 * MIN), // IMDS may hand out keys with < 5 min left
  }));
  const cached = memoizeCredentials(src.provider, { now: () => now });
  await cached();
  now += MIN;
  await cached();
  assert.equal(src.calls(), 1, "not a refresh per request");
  now += MIN + 1;
  assert.equal((await cached()).accessKeyId, "AKID2");
});

Deno.test("memoizeCredentials() does not cache a failure", async () => {
  let fail = true;
  const src = counting(() => {
    if (fail) throw new BedrockCredentialsError("Cannot resolve credentials: down");
    return { accessKeyId: "AKID", secretAccessKey: "s" };
  });
  const cached = memoizeCredentials(src.provider);
  await assert.rejects(cached(), BedrockCredentialsError);
  fail = false;
  assert.equal((await cached()).accessKeyId, "AKID");
  assert.equal(src.calls(), 2);
});

Deno.test("memoizeCredentials() is not wedged by a provider that throws synchronously", async () => {
  let calls = 0;
  const cached = memoizeCredentials(() => {
    if (++calls === 1) throw new Error("sync");
    return Promise.resolve({ accessKeyId: "AKID", secretAccessKey: "s" });
  });
  await assert.rejects(cached());
  assert.equal((await cached()).accessKeyId, "AKID");
});

Deno.test("memoizeCredentials() returns still-valid credentials when a refresh fails", async () => {
  let now = 0;
  let fail = false;
  const src = counting((n) => {
    if (fail) throw new Error("STS down");
    return { accessKeyId: `AKID${n}`, secretAccessKey: "s", expiration: new Date(now + 10 * MIN) };
  });
  const cached = memoizeCredentials(src.provider, { now: () => now });
  await cached();
  fail = true;
  now += 6 * MIN; // inside the refresh window, not expired
  assert.equal((await cached()).accessKeyId, "AKID1");
  now += 5 * MIN; // expired
  await assert.rejects(cached(), /STS down/);
});

Deno.test("memoizeCredentials() rejects credentials without a secret key", async () => {
  const cached = memoizeCredentials(() =>
    Promise.resolve({ accessKeyId: "AKID", secretAccessKey: "" })
  );
  await assert.rejects(cached(), (e) => {
    assert.ok(e instanceof BedrockCredentialsError);
    assert.match(e.message, /secretAccessKey must be a non-empty string/);
    return true;
  });
});

// SigV4Signer behaviour beyond the published vectors: key cache, clock offset, session tokens,
// payload hashing paths, presign rules and secret redaction.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { inspect } from "node:util";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import {
  applyBearerToken,
  computeSignature,
  EMPTY_SHA256,
  formatAmzDate,
  SigV4HeaderSigner,
  SigV4Signer,
  UNSIGNED_PAYLOAD,
} from "../../src/sigv4/mod.ts";
import { deriveSigningKey, SigningKeyCache } from "../../src/sigv4/key_cache.ts";
import { hmacHex, hmacKey, sha256Hex, sha256HexPrefix } from "../../src/sigv4/_sha256.ts";
import { hashPayload, SUBTLE_THRESHOLD } from "../../src/sigv4/payload.ts";
import { canonicalQuery, splitUrl } from "../../src/sigv4/canonical.ts";

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN/+=";
const URL_ = "https://bedrock-runtime.us-east-1.amazonaws.com/model/m%3A0/converse";
const DATE = new Date("2015-08-30T12:36:00Z");

function signer(extra: Partial<ConstructorParameters<typeof SigV4Signer>[0]> = {}): SigV4Signer {
  return new SigV4Signer({
    region: "us-east-1",
    service: "bedrock",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET, sessionToken: TOKEN },
    ...extra,
  });
}

Deno.test("sha256Hex() and hmacHex() equal node:crypto on every length 0..1100", () => {
  const data = new Uint8Array(1100);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 255;
  for (let n = 0; n <= data.length; n++) {
    const d = data.subarray(0, n);
    assert.equal(sha256Hex(d), createHash("sha256").update(d).digest("hex"), `length ${n}`);
    const key = data.subarray(0, n % 130);
    assert.equal(hmacHex(hmacKey(key), d), createHmac("sha256", key).update(d).digest("hex"));
  }
  assert.equal(sha256Hex("héllo ሴ 😀"), createHash("sha256").update("héllo ሴ 😀").digest("hex"));
});

Deno.test("sha256HexPrefix() finishes to the hash of prefix + suffix, interleaved, at every split", () => {
  const text = "GET\n/model/é😀/converse\n\nhost:ሴ\n" + "x".repeat(150);
  const want = (s: string) => createHash("sha256").update(s).digest("hex");
  for (let cut = 0; cut <= text.length; cut++) {
    if (/[\ud800-\udbff]/.test(text[cut - 1] ?? "")) continue; // a split pair is two lone halves
    // Two hashes in progress at once, finished in reverse order (as concurrent signs may).
    const a = sha256HexPrefix(text.slice(0, cut)), b = sha256HexPrefix(text.slice(cut));
    const tail = "0123456789abcdef".repeat(4);
    assert.equal(b("ሴ" + tail), want(text.slice(cut) + "ሴ" + tail), `cut ${cut} (b)`);
    assert.equal(a(text.slice(cut)), want(text), `cut ${cut}`);
  }
});

Deno.test("hashPayload() uses Web Crypto above the cut-over and agrees with the sync hash", async () => {
  for (const n of [0, 1, SUBTLE_THRESHOLD - 1, SUBTLE_THRESHOLD, 300_000]) {
    const body = new Uint8Array(n).fill(97);
    const h = hashPayload(body);
    assert.equal(typeof h === "string", n < SUBTLE_THRESHOLD, `length ${n}`);
    assert.equal(await h, createHash("sha256").update(body).digest("hex"));
    assert.equal(await hashPayload("a".repeat(n)), await h, "string body");
    assert.equal(await hashPayload(body.buffer), await h, "ArrayBuffer body");
  }
  assert.equal(hashPayload(null), EMPTY_SHA256);
  assert.equal(EMPTY_SHA256, createHash("sha256").update("").digest("hex"));
  assert.equal(sha256Hex(""), EMPTY_SHA256);
});

Deno.test("hashPayload() of concurrent large string bodies (shared encode buffer) stays exact", async () => {
  const bodies = ["a", "b", "ሴ", "c"].map((ch, i) => ch.repeat(5000 + i * 7919));
  const hashes = await Promise.all(bodies.map((b) => hashPayload(b)));
  bodies.forEach((b, i) => assert.equal(hashes[i], createHash("sha256").update(b).digest("hex")));
});

Deno.test("splitUrl() remembers the last URL without mixing URLs up", () => {
  const a = "https://Bedrock-Runtime.us-east-1.amazonaws.com:443/model/m%3A0/converse";
  const b = "http://user@localhost:8080/a/b?x=1&y";
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(splitUrl(a), {
      host: "bedrock-runtime.us-east-1.amazonaws.com",
      path: "/model/m%3A0/converse",
      query: "",
    });
    assert.deepEqual(splitUrl(a), splitUrl(a));
    assert.deepEqual(splitUrl(b), { host: "localhost:8080", path: "/a/b", query: "x=1&y" });
    assert.throws(() => splitUrl(""), TypeError);
    assert.throws(() => splitUrl("/relative"), TypeError);
  }
  assert.equal(canonicalQuery(""), "");
  assert.equal(canonicalQuery("b=2&a="), "a=&b=2");
});

Deno.test("SigningKeyCache derives the AWS documented kSigning and stays bounded", () => {
  // kSigning per the AWS docs' HMAC chain, computed with node:crypto
  let k: Buffer = createHmac("sha256", "AWS4" + SECRET).update("20150830").digest();
  for (const part of ["us-east-1", "iam", "aws4_request"]) {
    k = createHmac("sha256", k).update(part).digest();
  }
  const ours = deriveSigningKey(SECRET, "20150830", "us-east-1", "iam");
  assert.equal(hmacHex(ours, "x"), createHmac("sha256", k).update("x").digest("hex"));

  const cache = new SigningKeyCache(4);
  for (let i = 0; i < 10; i++) cache.get(`AKID${i}`, SECRET, "20150830", "us-east-1", "bedrock");
  assert.equal(cache.size, 4);
  const a = cache.get("AKID9", SECRET, "20150830", "us-east-1", "bedrock");
  assert.equal(
    cache.get("AKID9", SECRET, "20150830", "us-east-1", "bedrock"),
    a,
    "hit returns the same key",
  );
  assert.equal(JSON.stringify(cache).includes(SECRET), false);
});

Deno.test("SigningKeyCache replaces a key when the date or the secret changes", () => {
  const cache = new SigningKeyCache(16);
  const day1 = cache.get("AKID", SECRET, "20150830", "us-east-1", "bedrock");
  const day2 = cache.get("AKID", SECRET, "20150831", "us-east-1", "bedrock");
  assert.notEqual(day1, day2);
  assert.equal(cache.size, 1, "the old date's key was replaced, not kept beside it");
  assert.equal(
    hmacHex(day2, "x"),
    hmacHex(deriveSigningKey(SECRET, "20150831", "us-east-1", "bedrock"), "x"),
  );
  const rotated = cache.get("AKID", "another-secret", "20150831", "us-east-1", "bedrock");
  assert.notEqual(
    hmacHex(rotated, "x"),
    hmacHex(day2, "x"),
    "a rotated secret is not served from cache",
  );
  assert.equal(cache.size, 1);
});

Deno.test("SigV4Signer signs across a UTC date rollover with the new date's key", async () => {
  const s = signer();
  for (const iso of ["2024-02-28T23:59:59Z", "2024-02-29T00:00:00Z", "2024-02-28T23:59:59Z"]) {
    const date = new Date(iso);
    const ours = await s.sign({ method: "GET", url: URL_ }, { date });
    const theirs = await new SignatureV4({
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET, sessionToken: TOKEN },
      region: "us-east-1",
      service: "bedrock",
      sha256: Sha256,
      applyChecksum: false,
    }).sign({
      method: "GET",
      protocol: "https:",
      hostname: "bedrock-runtime.us-east-1.amazonaws.com",
      path: "/model/m%3A0/converse",
      headers: { host: "bedrock-runtime.us-east-1.amazonaws.com" },
    }, { signingDate: date }) as { headers: Record<string, string> };
    assert.equal(ours.headers.get("authorization"), theirs.headers["authorization"], iso);
  }
});

Deno.test("SigV4Signer applies clockOffsetMs, as a number or a function, when no date is given", async () => {
  const offset = -3 * 86400_000; // three days behind
  for (const clockOffsetMs of [offset, () => offset]) {
    const s = signer({ clockOffsetMs });
    const before = Date.now() + offset;
    const signed = await s.sign({ method: "GET", url: URL_ });
    const after = Date.now() + offset;
    const amz = signed.headers.get("x-amz-date")!;
    assert.ok(
      amz >= formatAmzDate(new Date(before - 1000)) && amz <= formatAmzDate(new Date(after)),
    );
    assert.match(
      signed.headers.get("authorization")!,
      new RegExp(`/${amz.slice(0, 8)}/us-east-1/`),
    );
  }
  const fixed = await signer({ clockOffsetMs: 5000 }).sign({ method: "GET", url: URL_ }, {
    date: DATE,
  });
  assert.equal(fixed.headers.get("x-amz-date"), "20150830T123600Z", "an explicit date wins");
});

Deno.test("SigV4Signer signs the session token and omits Host from the fetch headers", async () => {
  const { request, stages } = await signer().signStages(
    { method: "POST", url: URL_, headers: { "content-type": "application/json" }, body: "{}" },
    { date: DATE },
  );
  assert.equal(stages.signedHeaders, "content-type;host;x-amz-date;x-amz-security-token");
  assert.match(
    stages.canonicalRequest,
    new RegExp(`\nx-amz-security-token:${TOKEN.replace(/[+/]/g, "\\$&")}\n`),
  );
  assert.equal(request.headers.get("x-amz-security-token"), TOKEN);
  assert.equal(request.headers.has("host"), false);
  // the emulator's verifier reaches the same signature from the sent request
  const verified = await computeSignature({
    method: "POST",
    url: URL_,
    headers: request.headers,
    body: "{}",
    signedHeaders: stages.signedHeaders.split(";"),
    date: DATE,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET },
    region: "us-east-1",
    service: "bedrock",
  });
  assert.equal(verified.signature, stages.signature);
  const tampered = await computeSignature({
    method: "POST",
    url: URL_,
    headers: request.headers,
    body: "{ }",
    signedHeaders: stages.signedHeaders.split(";"),
    date: DATE,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET },
    region: "us-east-1",
    service: "bedrock",
  });
  assert.notEqual(tampered.signature, stages.signature);
});

Deno.test("SigV4Signer.sign() honours contentSha256, a sent x-amz-content-sha256, and unsignable headers", async () => {
  const body = new Uint8Array([0, 1, 2, 255]);
  const a = await signer().signStages({ method: "PUT", url: URL_, body }, {
    date: DATE,
    contentSha256: true,
  });
  assert.equal(a.request.headers.get("x-amz-content-sha256"), sha256Hex(body));
  assert.ok(a.stages.signedHeaders.includes("x-amz-content-sha256"));
  const b = await signer().signStages({
    method: "POST",
    url: URL_,
    headers: {
      "X-Amz-Content-Sha256": "STREAMING-AWS4-HMAC-SHA256-EVENTS",
      "User-Agent": "ua",
      "x-foo": "1",
    },
    body,
  }, { date: DATE, unsignableHeaders: ["x-foo"] });
  assert.equal(b.stages.payloadHash, "STREAMING-AWS4-HMAC-SHA256-EVENTS");
  assert.equal(b.stages.signedHeaders, "host;x-amz-content-sha256;x-amz-date;x-amz-security-token");
  assert.equal(b.request.headers.get("user-agent"), "ua", "unsigned headers are still sent");
  const c = await signer().signStages(
    { method: "POST", url: URL_, headers: { accept: "a", "x-foo": "1" } },
    { date: DATE, signedHeaders: ["accept"] },
  );
  assert.equal(c.stages.signedHeaders, "accept;host;x-amz-date;x-amz-security-token");
});

Deno.test("SigV4Signer.sign() with a payloadHash (string or promise) signs like hashing the body, and a wrong one differs", async () => {
  const big = new Uint8Array(70_000).map((_, i) => i * 31);
  for (const body of [new Uint8Array([1, 2, 3]), big]) {
    const hash = createHash("sha256").update(body).digest("hex");
    const want = await signer().signStages({ method: "POST", url: URL_, body }, {
      date: DATE,
      contentSha256: true,
    });
    assert.equal(want.stages.payloadHash, hash);
    for (const payloadHash of [hash, Promise.resolve(hash)]) {
      const got = await signer().signStages({ method: "POST", url: URL_, body }, {
        date: DATE,
        contentSha256: true,
        payloadHash,
      });
      assert.equal(got.stages.canonicalRequest, want.stages.canonicalRequest);
      assert.equal(
        got.request.headers.get("authorization"),
        want.request.headers.get("authorization"),
      );
      assert.equal(got.request.headers.get("x-amz-content-sha256"), hash);
    }
    const wrong = await signer().sign({ method: "POST", url: URL_, body }, {
      date: DATE,
      contentSha256: true,
      payloadHash: Promise.resolve(EMPTY_SHA256),
    });
    assert.notEqual(wrong.headers.get("authorization"), want.request.headers.get("authorization"));
    // a rejected hash rejects the sign; a failure before it is awaited leaves it handled
    await assert.rejects(
      signer().sign({ method: "POST", url: URL_, headers: { "x-bad": "a\nb" }, body }, {
        payloadHash: Promise.reject(new Error("digest failed")),
      }),
      TypeError,
    );
    await new Promise((r) => setTimeout(r, 10));
    await assert.rejects(
      signer().sign({ method: "POST", url: URL_, body }, {
        contentSha256: true,
        payloadHash: Promise.reject(new Error("digest failed")),
      }),
      /digest failed/,
    );
  }
});

Deno.test("SigV4Signer.presign() adds the X-Amz-* query with UNSIGNED-PAYLOAD and checks expiresIn", async () => {
  const url = await signer().presign({ method: "GET", url: URL_ + "?a=1" }, { date: DATE });
  assert.equal(url.searchParams.get("X-Amz-Expires"), "900");
  assert.equal(url.searchParams.get("X-Amz-Security-Token"), TOKEN);
  assert.equal(url.searchParams.get("X-Amz-SignedHeaders"), "host");
  assert.equal(url.searchParams.get("a"), "1");
  assert.match(url.searchParams.get("X-Amz-Signature")!, /^[0-9a-f]{64}$/);
  const p = await signer().presignStages({ method: "GET", url: URL_ }, { date: DATE });
  assert.ok(p.canonicalRequest.endsWith(`\n${UNSIGNED_PAYLOAD}`));
  await assert.rejects(
    signer().presign({ method: "GET", url: URL_ }, { expiresIn: 604801 }),
    /expiresIn/,
  );
  await assert.rejects(
    signer().presign({ method: "GET", url: URL_ }, { expiresIn: 0 }),
    /expiresIn/,
  );
});

Deno.test("SigV4Signer keeps secrets out of JSON, toString, inspect and errors", async () => {
  const s = signer();
  for (
    const text of [
      JSON.stringify(s),
      String(s),
      Deno.inspect(s),
      Deno.inspect(s, { showHidden: true }),
    ]
  ) {
    assert.equal(text.includes(SECRET), false, text);
    assert.equal(text.includes(TOKEN), false, text);
    assert.equal(text.includes("AKIDEXAMPLE"), false, text);
  }
  const signed = await s.sign({ method: "GET", url: URL_ }, { date: DATE });
  assert.equal(JSON.stringify(signed).includes(SECRET), false);
  const bad = new SigV4Signer({
    region: "us-east-1",
    service: "bedrock",
    credentials: () => Promise.resolve({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "" }),
  });
  const err = await bad.sign({ method: "GET", url: URL_ }).catch((e: unknown) => e as Error);
  assert.ok(err instanceof Error);
  assert.match(err.message, /credentials/);
  const leaky = new SigV4Signer({
    region: "us-east-1",
    service: "bedrock",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET },
  });
  const e2 = await leaky.sign({ method: "GET", url: "not a url" }).catch((e: unknown) =>
    e as Error
  );
  assert.ok(e2 instanceof Error);
  assert.equal(`${e2.message} ${e2.stack}`.includes(SECRET), false);
});

Deno.test("applyBearerToken() sets Authorization: Bearer and rejects line breaks without echoing them", () => {
  assert.equal(applyBearerToken(new Headers(), "abc").get("authorization"), "Bearer abc");
  assert.throws(
    () => applyBearerToken(new Headers(), "sec\nret"),
    (e: Error) => !e.message.includes("sec"),
  );
  assert.throws(() => applyBearerToken(new Headers(), ""), /token/);
});

Deno.test("SigV4HeaderSigner signs like SigV4Signer and keeps secrets out of JSON, String and inspect", async () => {
  const options = {
    region: "us-east-1",
    service: "bedrock",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET, sessionToken: TOKEN },
  };
  const lean = new SigV4HeaderSigner(options);
  const request = {
    method: "POST",
    url: URL_ + "?b=2&a=1",
    headers: { "content-type": "application/json", "x-amz-meta": " a  b " },
    body: '{"messages":[]}',
  };
  for (const date of [DATE, new Date("2015-08-31T00:00:00Z"), DATE]) {
    const a = await lean.sign(request, { date, contentSha256: true });
    const b = await new SigV4Signer(options).sign(request, { date, contentSha256: true });
    assert.deepEqual([...a.headers], [...b.headers], date.toISOString());
  }
  for (
    const text of [
      JSON.stringify(lean),
      String(lean),
      Deno.inspect(lean, { showHidden: true }),
      inspect(lean, { showHidden: true }),
    ]
  ) {
    for (const secret of [SECRET, TOKEN, "AKIDEXAMPLE"]) {
      assert.equal(text.includes(secret), false, text);
    }
  }
  assert.equal(JSON.stringify(lean), '{"region":"us-east-1","service":"bedrock"}');
});

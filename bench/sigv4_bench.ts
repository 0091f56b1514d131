// Signing a Bedrock Converse-shaped POST: SigV4Signer (and the sign-only SigV4HeaderSigner) against
// @smithy/signature-v4 (with @aws-crypto/sha256-js and with a node:crypto hash), aws4fetch, and
// node:crypto hashing alone.
// Run: deno bench -A bench/sigv4_bench.ts
import { contestants, converseBody } from "./_sigv4_cases.ts";
import { hmacHex, hmacKey, sha256Hex } from "../src/sigv4/_sha256.ts";

for (const [label, size] of [["1 KiB", 1024], ["256 KiB", 256 * 1024]] as const) {
  const body = converseBody(size);
  const group = `sign Converse POST, ${label} body`;
  contestants(body).forEach(({ name, fn }, i) => {
    Deno.bench(`${name} (${label})`, { group, baseline: i === 0 }, async () => {
      await fn();
    });
  });
  if (size === 1024) {
    // the floor of a pure-TS signer: body hash + canonical-request hash + HMAC of the string to sign
    const bodyBytes = new TextEncoder().encode(body);
    const creq = "x".repeat(420);
    const sts = "y".repeat(140);
    const key = hmacKey(new Uint8Array(32));
    Deno.bench(`hashing work only, pure-TS (${label})`, { group }, () => {
      sha256Hex(bodyBytes);
      sha256Hex(creq);
      hmacHex(key, sts);
    });
  }
}

// The cut-over between the synchronous hash and crypto.subtle.digest (payload.ts SUBTLE_THRESHOLD).
for (const size of [512, 1024, 2048, 4096, 8192, 16384]) {
  const bytes = new Uint8Array(size).fill(97);
  const group = `payload hash cut-over, ${size} B`;
  Deno.bench(`pure-TS sha256Hex (${size} B)`, { group, baseline: true }, () => {
    sha256Hex(bytes);
  });
  Deno.bench(`crypto.subtle.digest (${size} B)`, { group }, async () => {
    await crypto.subtle.digest("SHA-256", bytes);
  });
}

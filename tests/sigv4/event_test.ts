// The aws-c-auth event-signing vector: the streaming request, then four chained event signatures.
import assert from "node:assert/strict";
import { join } from "node:path";
import { SPEC_DIR } from "../_spec.ts";
import { SigV4Signer } from "../../src/sigv4/mod.ts";
import { encodeDateHeader } from "../../src/sigv4/event.ts";
import { toHex } from "../../src/sigv4/_sha256.ts";
import { readText } from "./_request_txt.ts";

interface EventVector {
  credentials: { access_key_id: string; secret_access_key: string };
  region: string;
  service: string;
  request: {
    method: string;
    path: string;
    headers: Record<string, string>;
    signing_date: string;
    config: { signed_body_value: string; signed_body_header: string };
    expected_authorization: string;
    derived: { canonical_request: string; string_to_sign: string };
  };
  event_signing: {
    events: {
      name: string;
      signing_date: string;
      date_header_millis: number;
      payload_hex: string;
      prior_signature: string;
      expected_signature: string;
      derived: { encoded_date_header_hex: string; string_to_sign: string };
    }[];
  };
}

const v = JSON.parse(
  readText(join(SPEC_DIR, "sigv4", "event-signing", "aws-c-auth-sigv4-event-signing.json")),
) as EventVector;

const signer = new SigV4Signer({
  region: v.region,
  service: v.service,
  credentials: {
    accessKeyId: v.credentials.access_key_id,
    secretAccessKey: v.credentials.secret_access_key,
  },
});

function fromHex(hex: string): Uint8Array {
  return new Uint8Array((hex.match(/../g) ?? []).map((b) => parseInt(b, 16)));
}

Deno.test("SigV4Signer.signEvent() chains the aws-c-auth event-signing vector", async () => {
  const { request, stages } = await signer.signStages({
    method: v.request.method,
    url: `https://${v.request.headers["host"]}${v.request.path}`,
    headers: {
      ...v.request.headers,
      [v.request.config.signed_body_header]: v.request.config.signed_body_value,
    },
  }, { date: new Date(v.request.signing_date) });
  assert.equal(stages.canonicalRequest, v.request.derived.canonical_request);
  assert.equal(stages.stringToSign, v.request.derived.string_to_sign);
  assert.equal(request.headers.get("authorization"), v.request.expected_authorization);

  let prior = stages.signature;
  assert.equal(v.event_signing.events.length, 4);
  for (const e of v.event_signing.events) {
    assert.equal(prior, e.prior_signature, e.name);
    const date = new Date(e.signing_date);
    assert.equal(date.getTime(), e.date_header_millis);
    assert.equal(toHex(encodeDateHeader(date)), e.derived.encoded_date_header_hex);
    const signed = await signer.signEvent(fromHex(e.payload_hex), prior, { date });
    assert.equal(signed.stringToSign, e.derived.string_to_sign, e.name);
    assert.equal(signed.signature, e.expected_signature, e.name);
    assert.equal(toHex(signed.signatureBytes), e.expected_signature);
    prior = signed.signature;
  }
});

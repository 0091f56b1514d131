// Bad-input rows: authentication, routing, framing and model ids.
import { converseBody, enc, KEY, MODEL, modelPath } from "./_helpers.ts";
import { FUTURE, OLD, type Row, V } from "./_bad_rows_common.ts";

/** Rows about the request's wire form and credentials. */
export const WIRE_ROWS: Row[] = [
  // authentication
  {
    name: "no Authorization",
    raw: { method: "POST", body: converseBody() },
    status: 403,
    type: "MissingAuthenticationTokenException",
    message: /Missing Authentication Token/,
  },
  {
    name: "wrong bearer token",
    raw: { method: "POST", headers: { authorization: "Bearer nope" }, body: converseBody() },
    status: 403,
    type: "UnrecognizedClientException",
    message: /security token included in the request is invalid/,
  },
  {
    name: "unknown access key",
    init: {
      body: converseBody(),
      credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" },
    },
    status: 403,
    type: "UnrecognizedClientException",
    message: /security token/,
  },
  {
    name: "wrong secret",
    init: { body: converseBody(), credentials: { ...KEY, secretAccessKey: "wrong" } },
    status: 403,
    type: "InvalidSignatureException",
    message: /signature we calculated does not match/,
  },
  {
    name: "body changed after signing",
    init: { body: converseBody(), mutate: () => enc.encode(converseBody({}, "Hellp")) },
    status: 403,
    type: "InvalidSignatureException",
    message: /does not match the signature/,
  },
  {
    name: "header changed after signing",
    init: { body: converseBody(), mutate: (h) => h.set("content-type", "text/plain") },
    status: 403,
    type: "InvalidSignatureException",
    message: /does not match/,
  },
  {
    name: "signature expired",
    init: { body: converseBody(), date: OLD },
    status: 403,
    type: "InvalidSignatureException",
    message: /Signature expired: \d{8}T\d{6}Z is now earlier than/,
  },
  {
    name: "signature from the future",
    init: { body: converseBody(), date: FUTURE },
    status: 403,
    type: "InvalidSignatureException",
    message: /Signature not yet current/,
  },
  {
    name: "Authorization without Signature",
    init: {
      body: converseBody(),
      mutate: (h) => h.set("authorization", h.get("authorization")!.replace(/, Signature=\w+/, "")),
    },
    status: 403,
    type: "IncompleteSignatureException",
    message: /'Signature'/,
  },
  {
    name: "Authorization without Credential",
    init: {
      body: converseBody(),
      mutate: (h) =>
        h.set("authorization", h.get("authorization")!.replace(/Credential=[^,]+, /, "")),
    },
    status: 403,
    type: "IncompleteSignatureException",
    message: /'Credential'/,
  },
  {
    name: "x-amz-date removed",
    init: { body: converseBody(), mutate: (h) => h.delete("x-amz-date") },
    status: 403,
    type: "IncompleteSignatureException",
    message: /X-Amz-Date/,
  },
  {
    name: "x-amz-date malformed",
    init: { body: converseBody(), mutate: (h) => h.set("x-amz-date", "yesterday") },
    status: 403,
    type: "IncompleteSignatureException",
    message: /ISO-8601/,
  },
  {
    name: "scoped to the wrong service",
    init: { body: converseBody(), service: "s3" },
    status: 403,
    type: "InvalidSignatureException",
    message: /correct service: 'bedrock'/,
  },
  {
    name: "host not signed",
    init: {
      body: converseBody(),
      mutate: (h) =>
        h.set(
          "authorization",
          h.get("authorization")!.replace(/SignedHeaders=[^,]+/, "SignedHeaders=x-amz-date"),
        ),
    },
    status: 403,
    type: "InvalidSignatureException",
    message: /'Host' or ':authority'/,
  },
  {
    name: "other algorithm",
    raw: {
      method: "POST",
      headers: { authorization: "AWS4-HMAC-SHA1 Credential=x" },
      body: converseBody(),
    },
    status: 403,
    type: "IncompleteSignatureException",
    message: /AWS4-HMAC-SHA256/,
  },
  {
    name: "x-amz-content-sha256 lies",
    init: {
      body: converseBody(),
      contentSha256: true,
      mutate: () => enc.encode(converseBody({}, "other")),
    },
    status: 400,
    type: "XAmzContentSHA256Mismatch",
    message: /x-amz-content-sha256/,
  },
  {
    name: "session token missing",
    init: {
      body: converseBody(),
      credentials: { accessKeyId: "AKIASESSION", secretAccessKey: "s" },
    },
    status: 403,
    type: "UnrecognizedClientException",
    message: /security token/,
  },
  // routing and framing
  {
    name: "unknown operation",
    path: `/model/${encodeURIComponent(MODEL)}/chat`,
    init: { body: "{}" },
    status: 404,
    type: "UnknownOperationException",
    message: /no operation at POST/,
  },
  {
    name: "GET on converse",
    path: modelPath("converse"),
    init: { method: "GET" },
    status: 404,
    type: "UnknownOperationException",
    message: /GET/,
  },
  {
    name: "bad percent-encoding in modelId",
    path: "/model/%E0%A4%A/converse",
    init: { body: converseBody() },
    status: 400,
    type: V,
    message: /modelId/,
  },
  {
    name: "malformed JSON",
    init: { body: '{"messages": [' },
    status: 400,
    type: V,
    message: /malformed JSON/,
  },
  { name: "JSON array body", init: { body: "[]" }, status: 400, type: V, message: /JSON object/ },
  {
    name: "invalid UTF-8",
    init: { body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
    status: 400,
    type: V,
    message: /UTF-8/,
  },
  {
    name: "body over the limit",
    init: { body: new Uint8Array(300_000).fill(0x20) },
    status: 413,
    type: V,
    message: /exceeds the limit of 262144 bytes/,
  },
  {
    name: "deeply nested JSON",
    init: { body: "[".repeat(100_000) + "]".repeat(100_000) },
    status: 400,
    type: V,
    message: /JSON object|malformed JSON/,
  },
  // model ids
  {
    name: "unknown provider",
    path: modelPath("converse", "acme.rocket-v1:0"),
    init: { body: converseBody() },
    status: 404,
    type: "ResourceNotFoundException",
    message: /modelId/,
  },
  {
    name: "modelId with spaces",
    path: modelPath("converse", "bad model!"),
    init: { body: converseBody() },
    status: 400,
    type: V,
    message: /'modelId'/,
  },
  {
    name: "CountTokens with a geo profile",
    path: modelPath("count-tokens", `us.${MODEL}`),
    init: { body: JSON.stringify({ input: { converse: JSON.parse(converseBody()) } }) },
    status: 400,
    type: V,
    message: /inference profile 'us\.anthropic.*\(modelId\)/,
  },
  {
    name: "CountTokens with a profile ARN",
    path: modelPath(
      "count-tokens",
      `arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.${MODEL}`,
    ),
    init: { body: JSON.stringify({ input: { converse: JSON.parse(converseBody()) } }) },
    status: 400,
    type: V,
    message: /modelId/,
  },
];

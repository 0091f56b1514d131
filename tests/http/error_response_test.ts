// Error classification of HTTP error responses: a table of status/header/body rows, each typed row
// also compared with what @aws-sdk/client-bedrock-runtime makes of the same response.
import assert from "node:assert/strict";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { HttpResponse } from "@smithy/protocol-http";
import {
  AccessDeniedException,
  BedrockRuntimeServiceException,
  InternalServerException,
  ModelErrorException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "../../src/errors.ts";
import { errorFromResponse, errorTypeOf } from "../../src/http/error_response.ts";

interface Row {
  label: string;
  status: number;
  headers?: Record<string, string>;
  body: string;
  name: string;
  cls: typeof BedrockRuntimeServiceException;
  message: string | RegExp;
  fault: "client" | "server";
  members?: Record<string, unknown>;
  /** Compare with the AWS SDK (typed responses only: the SDK cannot parse untyped ones). */
  sdk?: boolean;
}

const ROWS: Row[] = [
  {
    label: "header type with a namespace suffix",
    status: 429,
    headers: {
      "x-amzn-errortype":
        "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
    },
    body: '{"message":"Too many tokens, please wait before trying again."}',
    name: "ThrottlingException",
    cls: ThrottlingException,
    message: "Too many tokens, please wait before trying again.",
    fault: "client",
    sdk: true,
  },
  {
    label: "header wins over the body's __type",
    status: 400,
    headers: { "x-amzn-errortype": "ValidationException" },
    body: '{"__type":"com.amazon#AccessDeniedException","message":"bad"}',
    name: "ValidationException",
    cls: ValidationException,
    message: "bad",
    fault: "client",
    sdk: true,
  },
  {
    label: "body __type with a namespace",
    status: 403,
    body: '{"__type":"com.amazon.bedrock#AccessDeniedException","Message":"denied"}',
    name: "AccessDeniedException",
    cls: AccessDeniedException,
    message: "denied",
    fault: "client",
    sdk: true,
  },
  {
    label: "body code",
    status: 500,
    body: '{"code":"InternalServerException","message":"oops"}',
    name: "InternalServerException",
    cls: InternalServerException,
    message: "oops",
    fault: "server",
    sdk: true,
  },
  {
    label: "modeled members kept",
    status: 424,
    headers: { "x-amzn-errortype": "ModelErrorException" },
    body:
      '{"message":"model failed","originalStatusCode":500,"resourceName":"arn:aws:bedrock:us-east-1::foundation-model/x"}',
    name: "ModelErrorException",
    cls: ModelErrorException,
    message: "model failed",
    fault: "client",
    members: {
      originalStatusCode: 500,
      resourceName: "arn:aws:bedrock:us-east-1::foundation-model/x",
    },
    sdk: true,
  },
  {
    label: "unmodeled type keeps its wire name",
    status: 403,
    headers: { "x-amzn-errortype": "UnrecognizedClientException" },
    body: '{"message":"The security token included in the request is invalid."}',
    name: "UnrecognizedClientException",
    cls: BedrockRuntimeServiceException,
    message: "The security token included in the request is invalid.",
    fault: "client",
    sdk: true,
  },
  {
    label: "unmodeled 5xx type is a server fault",
    status: 500,
    headers: { "x-amzn-errortype": "InternalFailure" },
    body: "{}",
    name: "InternalFailure",
    cls: BedrockRuntimeServiceException,
    message: "InternalFailure",
    fault: "server",
  },
  {
    label: "empty 503 is typed from the status",
    status: 503,
    body: "",
    name: "ServiceUnavailableException",
    cls: ServiceUnavailableException,
    message: "Request failed with status 503 and no error type",
    fault: "server",
  },
  {
    label: "HTML 502 from a proxy",
    status: 502,
    body: "<html>\n<body>502 Bad Gateway</body></html>",
    name: "UnknownError",
    cls: BedrockRuntimeServiceException,
    message: /status 502 and no error type: "<html> <body>502 Bad Gateway/,
    fault: "server",
  },
  {
    label: "JSON 400 without a type keeps its message",
    status: 400,
    body: '{"message":"Malformed request"}',
    name: "UnknownError",
    cls: BedrockRuntimeServiceException,
    message: "Malformed request",
    fault: "client",
  },
  {
    label: "a repeated header keeps its first value",
    status: 429,
    headers: { "x-amzn-errortype": "ThrottlingException, ThrottlingException" },
    body: '{"message":"slow"}',
    name: "ThrottlingException",
    cls: ThrottlingException,
    message: "slow",
    fault: "client",
  },
];

async function sdkError(row: Row): Promise<Record<string, unknown>> {
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
    requestHandler: {
      handle: () =>
        Promise.resolve({
          response: new HttpResponse({
            statusCode: row.status,
            headers: { "content-type": "application/json", ...row.headers },
            body: new TextEncoder().encode(row.body),
          }),
        }),
    } as never,
  });
  try {
    await client.send(new ConverseCommand({ modelId: "m", messages: [] }));
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error("the SDK accepted an error response");
}

Deno.test("errorFromResponse() types error responses from header, body and status", async () => {
  for (const row of ROWS) {
    const headers = new Headers(row.headers);
    const e = errorFromResponse(row.status, headers, new TextEncoder().encode(row.body), {
      httpStatusCode: row.status,
      requestId: "rid",
    });
    assert.ok(e instanceof row.cls, `${row.label}: ${e.constructor.name}`);
    assert.equal(e.name, row.name, row.label);
    if (typeof row.message === "string") assert.equal(e.message, row.message, row.label);
    else assert.match(e.message, row.message, row.label);
    assert.equal(e.$fault, row.fault, row.label);
    assert.equal(e.$metadata.httpStatusCode, row.status, row.label);
    assert.equal(e.$metadata.requestId, "rid", row.label);
    for (const [key, value] of Object.entries(row.members ?? {})) {
      assert.deepEqual(
        (e as unknown as Record<string, unknown>)[key],
        value,
        `${row.label}: ${key}`,
      );
    }
    if (!row.sdk) continue;
    const s = await sdkError(row);
    assert.equal(e.name, s.name, `${row.label} vs SDK`);
    assert.equal(e.message, s.message, `${row.label} vs SDK`);
    assert.equal(e.$fault, s.$fault, `${row.label} vs SDK`);
    for (const key of Object.keys(row.members ?? {})) {
      assert.deepEqual((e as unknown as Record<string, unknown>)[key], s[key]);
    }
  }
});

Deno.test("errorTypeOf() reads header, then body code, then __type", () => {
  const h = (v?: string) => new Headers(v ? { "x-amzn-errortype": v } : {});
  assert.equal(errorTypeOf(h("A:x"), { code: "B", __type: "C" }), "A:x");
  assert.equal(errorTypeOf(h(), { code: "B", __type: "C" }), "B");
  assert.equal(errorTypeOf(h(), { __type: "C" }), "C");
  assert.equal(errorTypeOf(h(""), { code: 7 }), undefined);
  assert.equal(errorTypeOf(h(), undefined), undefined);
});

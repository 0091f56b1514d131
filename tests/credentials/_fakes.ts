// Local fakes for the credential tests: HTTP servers on 127.0.0.1 (port 0), temp files, and a fake
// STS that checks SigV4 signatures by re-signing with @smithy/signature-v4 (a differential check).
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export interface Served {
  url: string;
  requests: { method: string; path: string; headers: Headers; body: string }[];
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 at a free port, recording every request. */
export function serve(
  handler: (req: Request, body: string) => Response | Promise<Response>,
): Served {
  const requests: Served["requests"] = [];
  const ac = new AbortController();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", signal: ac.signal, onListen() {} },
    async (req) => {
      const body = await req.text();
      const u = new URL(req.url);
      requests.push({
        method: req.method,
        path: u.pathname + u.search,
        headers: req.headers,
        body,
      });
      return handler(req, body);
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    async close() {
      ac.abort();
      await server.finished;
    },
  };
}

/** A temp directory with files written into it; removed by `cleanup()`. */
export function tempFiles(files: Record<string, string>): {
  dir: string;
  path(name: string): string;
  cleanup(): void;
} {
  const dir = Deno.makeTempDirSync({ prefix: "bedrock-fetch-creds-" });
  for (const [name, text] of Object.entries(files)) {
    Deno.writeTextFileSync(`${dir}/${name}`, text);
    if (name.endsWith(".sh")) Deno.chmodSync(`${dir}/${name}`, 0o755);
  }
  return {
    dir,
    path: (name) => `${dir}/${name}`,
    cleanup: () => Deno.removeSync(dir, { recursive: true }),
  };
}

/** The environment of a test: shared files pointed at temp files, IMDS off, nothing else. */
export function isolatedEnv(
  dir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    AWS_CONFIG_FILE: `${dir}/config`,
    AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
    AWS_EC2_METADATA_DISABLED: "true",
    HOME: dir,
    ...extra,
  };
}

export interface StsCall {
  action: string;
  params: URLSearchParams;
  accessKeyId?: string;
  signatureValid?: boolean;
}

/**
 * A fake STS. `secrets` maps access key ids to secret keys it accepts; each assumed role returns
 * keys named after the role and session. AssumeRole must be signed (verified by re-signing with
 * smithy); AssumeRoleWithWebIdentity must not be.
 */
export function fakeSts(secrets: Record<string, string>, expiresInMs = 3600_000): Served & {
  calls: StsCall[];
} {
  const calls: StsCall[] = [];
  const served = serve(async (req, body) => {
    const params = new URLSearchParams(body);
    const action = params.get("Action") ?? "";
    const call: StsCall = { action, params };
    calls.push(call);
    const fail = (status: number, code: string, message: string) =>
      new Response(
        `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error></ErrorResponse>`,
        { status, headers: { "content-type": "text/xml" } },
      );
    if (action === "AssumeRole") {
      const auth = req.headers.get("authorization") ?? "";
      const m =
        /Credential=([^/]+)\/(\d{8})\/([^/]+)\/sts\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})/
          .exec(auth);
      if (!m) {
        return fail(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
      }
      const [, keyId, , region, signedHeaders, signature] = m;
      call.accessKeyId = keyId!;
      const secret = secrets[keyId!];
      if (!secret) {
        return fail(
          403,
          "InvalidClientTokenId",
          "The security token included in the request is invalid.",
        );
      }
      const url = new URL(req.url);
      const headers: Record<string, string> = {};
      for (const h of signedHeaders!.split(";")) headers[h] = req.headers.get(h) ?? "";
      const amzDate = req.headers.get("x-amz-date")!;
      const date = new Date(
        amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"),
      );
      const smithy = new SignatureV4({
        service: "sts",
        region: region!,
        sha256: Sha256,
        applyChecksum: false,
        credentials: {
          accessKeyId: keyId!,
          secretAccessKey: secret,
          ...(req.headers.has("x-amz-security-token")
            ? { sessionToken: req.headers.get("x-amz-security-token")! }
            : {}),
        },
      });
      const signed = await smithy.sign({
        method: req.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: {},
        headers,
        body,
      }, { signingDate: date });
      const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
      call.signatureValid = expected === signature;
      if (!call.signatureValid) return fail(403, "SignatureDoesNotMatch", "signature mismatch");
    } else if (action === "AssumeRoleWithWebIdentity") {
      if (req.headers.get("authorization")) return fail(400, "InvalidAction", "must be unsigned");
      if (params.get("WebIdentityToken") !== "oidc-token-1") {
        return fail(400, "InvalidIdentityToken", "Couldn't retrieve verification key");
      }
    } else return fail(400, "InvalidAction", "unknown action");
    const role = params.get("RoleArn")!.split("/").pop();
    const key = `ASIA${role!.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
    secrets[key] = `secret-of-${role}`;
    const expiration = new Date(Date.now() + expiresInMs).toISOString();
    return new Response(
      `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>
  <AssumedRoleUser><Arn>${
        params.get("RoleArn")
      }</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser>
  <Credentials>
    <AccessKeyId>${key}</AccessKeyId>
    <SecretAccessKey>secret-of-${role}</SecretAccessKey>
    <SessionToken>token-of-${role}&amp;more</SessionToken>
    <Expiration>${expiration}</Expiration>
  </Credentials>
</${action}Result></${action}Response>`,
      { headers: { "content-type": "text/xml" } },
    );
  });
  return Object.assign(served, { calls });
}

/** Every secret-bearing string in `values` must be absent from `text`. */
export function assertNoSecret(text: string, secrets: string[]): void {
  for (const s of secrets) {
    if (text.includes(s)) {
      throw new Error(`secret ${JSON.stringify(s.slice(0, 4))}… leaked into: ${text}`);
    }
  }
}

// Presigned URLs (SigV4 in the query string: X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
// X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Signature), verified as AWS does.
import { computeSignature } from "../sigv4/mod.ts";
import { amz, type AuthSettings, forbidden, parseAmzDate, timingSafeEqual } from "./auth.ts";

const MAX_EXPIRES = 7 * 24 * 60 * 60;

/** Verifies a presigned request; throws AWS's 403 errors. */
export async function authenticatePresigned(
  method: string,
  url: URL,
  headers: Headers,
  auth: AuthSettings,
): Promise<void> {
  const q = url.searchParams;
  if (q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") {
    throw forbidden(
      "IncompleteSignatureException",
      "X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'.",
    );
  }
  const missing = ["X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature"]
    .filter((k) => !q.has(k));
  if (missing.length > 0) {
    throw forbidden(
      "IncompleteSignatureException",
      missing.map((m) => `AWS query-string parameters must include '${m}'.`).join(" "),
    );
  }
  const scope = q.get("X-Amz-Credential")!.split("/");
  const amzDate = q.get("X-Amz-Date")!;
  const signedAt = parseAmzDate(amzDate);
  if (scope.length !== 5 || scope[4] !== "aws4_request" || signedAt === undefined) {
    throw forbidden("IncompleteSignatureException", "X-Amz-Credential or X-Amz-Date is malformed.");
  }
  const [accessKeyId, shortDate, region, service] = scope as [string, string, string, string];
  const key = auth.keys.find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) {
    throw forbidden(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  if (
    key.sessionToken !== undefined &&
    !timingSafeEqual(q.get("X-Amz-Security-Token") ?? "", key.sessionToken)
  ) {
    throw forbidden(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  if (service !== "bedrock") {
    throw forbidden(
      "InvalidSignatureException",
      "Credential should be scoped to correct service: 'bedrock'.",
    );
  }
  if (!amzDate.startsWith(shortDate)) {
    throw forbidden(
      "InvalidSignatureException",
      "Date in Credential scope does not match X-Amz-Date.",
    );
  }
  const expires = Number(q.get("X-Amz-Expires") ?? "900");
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_EXPIRES) {
    throw forbidden(
      "AuthorizationQueryParametersError",
      `X-Amz-Expires must be an integer from 1 to ${MAX_EXPIRES}.`,
    );
  }
  const now = auth.now();
  if (now > signedAt + expires * 1000) {
    throw forbidden(
      "InvalidSignatureException",
      `Signature expired: ${amz(signedAt + expires * 1000)} is now earlier than ${amz(now)}`,
      { date: new Date(now).toUTCString() },
    );
  }
  if (signedAt > now + auth.maxSkewMs) {
    throw forbidden(
      "InvalidSignatureException",
      `Signature not yet current: ${amzDate} is still later than ${amz(now + auth.maxSkewMs)}`,
      {
        date: new Date(now).toUTCString(),
      },
    );
  }
  const query = url.search.slice(1).split("&").filter((p) => !p.startsWith("X-Amz-Signature="))
    .join("&");
  const signable = new Headers(headers);
  if (!signable.has("host")) signable.set("host", url.host);
  const result = await computeSignature({
    method,
    url: `${url.protocol}//${url.host}${url.pathname}?${query}`,
    headers: signable,
    payloadHash: q.get("X-Amz-Content-Sha256") ?? headers.get("x-amz-content-sha256") ??
      "UNSIGNED-PAYLOAD",
    signedHeaders: q.get("X-Amz-SignedHeaders")!.split(";").filter((h) => h !== ""),
    date: new Date(signedAt),
    credentials: { accessKeyId, secretAccessKey: key.secretAccessKey },
    region,
    service,
  });
  if (!timingSafeEqual(result.signature, q.get("X-Amz-Signature")!)) {
    throw forbidden(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
}

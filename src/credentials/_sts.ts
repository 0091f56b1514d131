// STS over its query protocol: a form-encoded POST, an XML answer. Only the few elements needed are
// read, so a minimal extractor suffices (https://docs.aws.amazon.com/STS/latest/APIReference/).
import { readEnv } from "../_env.ts";
import { SigV4Signer } from "../sigv4/mod.ts";
import { fetchWithTimeout, parseExpiration, sealCredentials, unavailable } from "./_util.ts";
import type { Credentials, CredentialsEnv, StsOptions } from "./types.ts";

const XML_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function xmlText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1]?.replace(
    /&(#x[0-9a-f]+|#\d+|\w+);/gi,
    (all, e: string) =>
      e[0] === "#"
        ? String.fromCodePoint(Number(e[1] === "x" || e[1] === "X" ? "0" + e.slice(1) : e.slice(1)))
        : XML_ENTITIES[e] ?? all,
  );
}

function stsRegion(options: StsOptions, env: CredentialsEnv | undefined): string {
  return options.stsRegion ?? readEnv("AWS_REGION", env) ?? readEnv("AWS_DEFAULT_REGION", env) ??
    "us-east-1";
}

/**
 * Calls an STS action that returns `<Credentials>`; signs it when `credentials` are given
 * (AssumeRole) and sends it unsigned otherwise (AssumeRoleWithWebIdentity).
 */
export async function callSts(
  action: "AssumeRole" | "AssumeRoleWithWebIdentity",
  params: Record<string, string>,
  options: StsOptions,
  source: string,
  credentials?: Credentials,
): Promise<Credentials> {
  const env = options.env;
  const region = stsRegion(options, env);
  const endpoint = options.stsEndpoint ?? readEnv("AWS_ENDPOINT_URL_STS", env) ??
    `https://sts.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
  const url = endpoint.replace(/\/*$/, "/");
  const body = new URLSearchParams({ Action: action, Version: "2011-06-15", ...params }).toString();
  let headers: Headers = new Headers({
    "content-type": "application/x-www-form-urlencoded; charset=utf-8",
  });
  if (credentials) {
    const signer = new SigV4Signer({ region, service: "sts", credentials });
    headers = (await signer.sign({ method: "POST", url, headers, body })).headers;
  }
  const res = await fetchWithTimeout(
    url,
    { method: "POST", headers, body },
    options,
    source,
    true,
    5000,
  );
  const xml = await res.text();
  if (!res.ok) {
    const code = xmlText(xml, "Code") ?? "UnknownError";
    const message = xmlText(xml, "Message")?.slice(0, 300) ?? "";
    throw unavailable(
      source,
      `STS ${action} answered HTTP ${res.status} ${code}${message ? `: ${message}` : ""}`,
      true,
    );
  }
  const block = /<Credentials>([\s\S]*?)<\/Credentials>/.exec(xml)?.[1] ?? "";
  const id = xmlText(block, "AccessKeyId");
  const secret = xmlText(block, "SecretAccessKey");
  if (!id || !secret) {
    throw unavailable(source, `STS ${action} returned no Credentials element`, true);
  }
  return sealCredentials(
    id,
    secret,
    xmlText(block, "SessionToken"),
    parseExpiration(xmlText(block, "Expiration"), source),
  );
}

/** A session name when none is configured, as the AWS SDKs make one. */
export function defaultSessionName(): string {
  return `bedrock-fetch-${Date.now()}`;
}

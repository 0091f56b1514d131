/**
 * Credentials of the EC2 instance role, from the instance metadata service (IMDSv2).
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { credentialsFromJson, fetchWithTimeout, unavailable } from "./_util.ts";
import type { CredentialsProvider, ProviderOptions } from "./types.ts";

const ROLE_PATH = "/latest/meta-data/iam/security-credentials/";

/**
 * Fetches the instance role's credentials over IMDSv2: `PUT /latest/api/token`, then the role name,
 * then its credentials. The endpoint is `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the IPv6 one when
 * `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, else http://169.254.169.254. Disabled by
 * `AWS_EC2_METADATA_DISABLED=true`. When the token call is refused (HTTP 403/404/405) it falls back
 * to IMDSv1 unless `AWS_EC2_METADATA_V1_DISABLED=true`. Each request times out after 1 s by default,
 * so a machine without IMDS fails fast.
 *
 * @param options The environment, `fetch` and timeout.
 * @returns A provider of the instance credentials (not cached: wrap it in `memoizeCredentials`).
 * @throws {BedrockCredentialsError} When IMDS is disabled, unreachable or has no role.
 * @example Usage
 * ```ts ignore
 * import { fromImds, memoizeCredentials } from "@bedrock-fetch/core/credentials";
 * const provider = memoizeCredentials(fromImds({ timeoutMs: 2000 }));
 * console.log((await provider()).expiration);
 * ```
 */
export function fromImds(options: ProviderOptions = {}): CredentialsProvider {
  return async () => {
    const env = options.env;
    if (readEnv("AWS_EC2_METADATA_DISABLED", env)?.toLowerCase() === "true") {
      throw unavailable("imds", "AWS_EC2_METADATA_DISABLED is true");
    }
    const base = (readEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT", env) ??
      (readEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", env)?.toLowerCase() === "ipv6"
        ? "http://[fd00:ec2::254]"
        : "http://169.254.169.254")).replace(/\/+$/, "");
    const headers: Record<string, string> = {};
    const tokenRes = await fetchWithTimeout(
      base + "/latest/api/token",
      {
        method: "PUT",
        headers: { "x-aws-ec2-metadata-token-ttl-seconds": "21600" },
      },
      options,
      "imds",
      false,
    );
    const token = await tokenRes.text();
    if (tokenRes.ok) headers["x-aws-ec2-metadata-token"] = token;
    else if (
      ![403, 404, 405].includes(tokenRes.status) ||
      readEnv("AWS_EC2_METADATA_V1_DISABLED", env)?.toLowerCase() === "true"
    ) {
      throw unavailable("imds", `the token request answered HTTP ${tokenRes.status}`);
    }
    const get = async (path: string): Promise<string> => {
      const res = await fetchWithTimeout(base + path, { headers }, options, "imds", false);
      const text = await res.text();
      if (!res.ok) {
        throw unavailable("imds", `GET ${path} answered HTTP ${res.status}`, res.status !== 404);
      }
      return text;
    };
    const role = (await get(ROLE_PATH)).split("\n")[0]?.trim();
    if (!role) throw unavailable("imds", "the instance has no IAM role");
    return credentialsFromJson(await get(ROLE_PATH + encodeURIComponent(role)), "imds");
  };
}

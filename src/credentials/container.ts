/**
 * Credentials from the container metadata endpoint (ECS tasks, EKS Pod Identity, Greengrass, ...).
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { loadServerSources } from "./_lazy.ts";
import { credentialsFromJson, fetchWithTimeout, unavailable } from "./_util.ts";
import type { CredentialsProvider, ProviderOptions } from "./types.ts";

/**
 * Fetches credentials from `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on http://169.254.170.2) or
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI`, sending `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`'s content
 * (re-read every time; only where a file system exists) or `AWS_CONTAINER_AUTHORIZATION_TOKEN` as
 * the `Authorization` header. Each request times out after 1 s by default.
 *
 * @param options The environment, `fetch` and timeout.
 * @returns A provider of the container's credentials (not cached: wrap it in `memoizeCredentials`).
 * @throws {BedrockCredentialsError} When no container endpoint is configured or it fails.
 * @example Usage
 * ```ts ignore
 * import { fromContainer, memoizeCredentials } from "@bedrock-fetch/core/credentials";
 * const provider = memoizeCredentials(fromContainer());
 * console.log((await provider()).accessKeyId);
 * ```
 */
export function fromContainer(options: ProviderOptions = {}): CredentialsProvider {
  return containerProvider(options, async () => (await loadServerSources())?.readTextFile);
}

/** Resolves to a file reader, or undefined where there is no file system. */
export type FileReaderLoader = () => Promise<((path: string) => Promise<string>) | undefined>;

/** @internal The provider with an injectable file reader for the token file. */
export function containerProvider(
  options: ProviderOptions,
  reader: FileReaderLoader,
): CredentialsProvider {
  return async () => {
    const env = options.env;
    const relative = readEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", env);
    const full = readEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", env);
    if (!relative && !full) {
      throw unavailable(
        "container",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set",
      );
    }
    let url: URL;
    try {
      url = new URL(relative ? "http://169.254.170.2" + relative : full!); // the ECS host
    } catch {
      throw unavailable("container", "the container credentials URI is not a valid URL", true);
    }
    // Plain http is only allowed to hosts that cannot be somebody else's server (as the AWS SDKs
    // do): the ECS and EKS link-local hosts, localhost and loopback addresses.
    if (
      url.protocol !== "https:" &&
      !(url.protocol === "http:" &&
        /^(169\.254\.170\.23?|\[fd00:ec2::23\]|localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(
          url.hostname,
        ))
    ) {
      throw unavailable(
        "container",
        `AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a loopback/ECS/EKS host, current host is ${url.host}`,
        true,
      );
    }
    const headers: Record<string, string> = {};
    const tokenFile = readEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", env);
    if (tokenFile) {
      const read = await reader();
      if (!read) {
        throw unavailable(
          "container",
          "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is set but files cannot be read here",
          true,
        );
      }
      try {
        headers.authorization = (await read(tokenFile)).trim();
      } catch {
        throw unavailable("container", `cannot read ${tokenFile}`, true);
      }
    } else {
      const token = readEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN", env);
      if (token) headers.authorization = token;
    }
    // Configured but unreachable is fatal: falling through to IMDS would pick up the instance role
    // of the host instead of the task's (the AWS SDKs never try IMDS when these are set either).
    const res = await fetchWithTimeout(url.href, { headers }, options, "container", true);
    const text = await res.text();
    if (!res.ok) {
      throw unavailable("container", `the endpoint answered HTTP ${res.status}`, true);
    }
    return credentialsFromJson(text, "container");
  };
}

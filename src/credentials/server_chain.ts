/**
 * The default chain and region resolution with the file and process sources linked statically, for
 * the `./credentials` entry (works in bundled server apps, where the lazy import cannot resolve).
 *
 * @module
 */
import { defaultChain, type DefaultChainOptions } from "./chain.ts";
import { type RegionOptions, regionWith } from "./region.ts";
import { SERVER_SOURCES } from "./server.ts";
import type { CredentialsProvider } from "./types.ts";

const STATIC_LOADER = () => Promise.resolve(SERVER_SOURCES);

/**
 * The credentials the client uses when none are given, cached until 5 minutes before they expire:
 * environment keys (skipped when a profile is selected) → shared `~/.aws` config and credentials
 * files (profiles, `credential_process`, assume role) → web identity token file → container
 * endpoint → EC2 instance metadata. This is the same chain as the core one; imported from
 * `./credentials` it links the file sources statically, so it also works inside a bundled app.
 *
 * @param options The environment, profile, `fetch` and timeouts.
 * @returns A cached provider.
 * @throws {BedrockCredentialsError} When called and no source has credentials (lists each source).
 * @example Usage
 * ```ts ignore
 * import { defaultCredentialsProvider } from "@bedrock-fetch/core/credentials";
 * const credentials = defaultCredentialsProvider({ profile: "dev" });
 * console.log((await credentials()).accessKeyId);
 * ```
 */
export function defaultCredentialsProvider(
  options: DefaultChainOptions = {},
): CredentialsProvider {
  return defaultChain(options, STATIC_LOADER);
}

/**
 * Resolves the AWS region: `region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the profile's `region`
 * in `~/.aws/config`. There is no silent default.
 *
 * @param options The explicit region, environment and profile.
 * @returns The region, e.g. `us-east-1`.
 * @throws {BedrockCredentialsError} When no source names a region, or the region is malformed.
 * @example Usage
 * ```ts
 * import { resolveRegion } from "@bedrock-fetch/core/credentials";
 * console.log(await resolveRegion({ region: "eu-west-1" })); // "eu-west-1"
 * ```
 */
export function resolveRegion(options: RegionOptions = {}): Promise<string> {
  return regionWith(options, STATIC_LOADER);
}

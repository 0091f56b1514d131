/**
 * Credential and region providers for bedrock-fetch.
 *
 * The client needs none of this in the common cases: with no `credentials` option it uses
 * {@linkcode defaultCredentialsProvider}, which reads environment keys, then (on Deno, Bun and
 * Node) the shared `~/.aws` files with profiles, `credential_process` and assume role, then web
 * identity, container and EC2 instance metadata. This entry adds the building blocks for custom
 * chains, and links the file sources statically for apps that are bundled.
 *
 * On Cloudflare Workers, import the core client from `@bedrock-fetch/core` instead: its chain
 * contains no file or process code at all, and reads `env` bindings.
 *
 * @example Usage
 * ```ts
 * import { fromChain, fromEnv, fromStatic, memoizeCredentials, resolveRegion } from "@bedrock-fetch/core/credentials";
 * const credentials = memoizeCredentials(fromChain(
 *   fromEnv({ env: {} }),
 *   fromStatic({ accessKeyId: "AKID", secretAccessKey: "secret" }),
 * ));
 * console.log((await credentials()).accessKeyId); // "AKID"
 * console.log(await resolveRegion({ env: { AWS_REGION: "us-west-2" } })); // "us-west-2"
 * ```
 *
 * @module
 */
export { fromChain, toCredentialsProvider } from "./chain.ts";
export { fromContainer } from "./container.ts";
export { fromEnv, fromStatic, resolveBearerToken } from "./env.ts";
export { fromImds } from "./imds.ts";
export { memoizeCredentials } from "./memoize.ts";
export { fromProcess } from "./process.ts";
export { fromProfile, profileRegion } from "./profile.ts";
export { defaultCredentialsProvider, resolveRegion } from "./server_chain.ts";
export { loadSharedProfiles } from "./shared_files.ts";
export { fromSso } from "./sso.ts";
export { fromWebIdentity } from "./web_identity.ts";
export type { DefaultChainOptions } from "./chain.ts";
export type { BearerTokenOptions, EnvOptions } from "./env.ts";
export type { MemoizeOptions } from "./memoize.ts";
export type { ProcessOptions } from "./process.ts";
export type { ProfileOptions } from "./profile.ts";
export type { RegionOptions } from "./region.ts";
export type { SharedProfiles } from "./shared_files.ts";
export type { SsoOptions } from "./sso.ts";
export type { WebIdentityOptions } from "./web_identity.ts";
export type {
  Credentials,
  CredentialsEnv,
  CredentialsInput,
  CredentialsProvider,
  FetchFunction,
  ProviderOptions,
  StsOptions,
} from "./types.ts";

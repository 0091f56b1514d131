/**
 * The default credentials chain, in the AWS order, safe to bundle for Cloudflare Workers.
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { BedrockCredentialsError, type CredentialsAttempt } from "../errors.ts";
import { containerProvider } from "./container.ts";
import { fromEnv, fromStatic } from "./env.ts";
import { fromImds } from "./imds.ts";
import { loadServerSources, type ServerLoader } from "./_lazy.ts";
import { memoizeCredentials } from "./memoize.ts";
import { FATAL, unavailable } from "./_util.ts";
import type {
  Credentials,
  CredentialsInput,
  CredentialsProvider,
  ProviderOptions,
} from "./types.ts";

/**
 * Options of {@linkcode defaultCredentialsProvider}.
 *
 * @example
 * ```ts
 * import type { DefaultChainOptions } from "@bedrock-fetch/core/credentials";
 * const options: DefaultChainOptions = { profile: "dev" };
 * ```
 */
export interface DefaultChainOptions extends ProviderOptions {
  /** The shared-config profile; else `AWS_PROFILE`, else `default`. Setting one skips env keys. */
  readonly profile?: string | undefined;
}

/**
 * Tries each provider in order and returns the first credentials. A source that is not configured
 * is skipped; one that is configured but fails (a broken profile, an STS refusal) stops the chain,
 * so that a typo never silently falls through to another identity. The error lists every source
 * tried and why it failed.
 *
 * @param providers The sources, in order.
 * @returns A provider (not cached: wrap it in `memoizeCredentials`).
 * @throws {BedrockCredentialsError} When no source yields credentials.
 * @example Usage
 * ```ts
 * import { fromChain, fromEnv, fromStatic } from "@bedrock-fetch/core/credentials";
 * const provider = fromChain(
 *   fromEnv({ env: {} }),
 *   fromStatic({ accessKeyId: "AKID", secretAccessKey: "secret" }),
 * );
 * console.log((await provider()).accessKeyId); // "AKID"
 * ```
 */
export function fromChain(...providers: CredentialsProvider[]): CredentialsProvider {
  return async () => {
    const attempts: CredentialsAttempt[] = [];
    for (const provider of providers) {
      try {
        return await provider();
      } catch (e) {
        if (e instanceof BedrockCredentialsError && e.attempts.length) attempts.push(...e.attempts);
        else {
          // Only the class name: a foreign message might quote a secret.
          const name = e instanceof Error ? e.name : typeof e;
          attempts.push({ source: "custom", reason: `the provider threw ${name}` });
        }
        if (FATAL.has(e as object)) { // false for primitives
          const err = new BedrockCredentialsError("Cannot resolve credentials", attempts, {
            cause: e,
          });
          FATAL.add(err); // fatal for an outer chain too
          throw err;
        }
      }
    }
    throw new BedrockCredentialsError("Cannot resolve credentials: no source has any", attempts);
  };
}

function fromServer(
  source: string,
  loader: ServerLoader,
  pick: "fromProfile" | "fromWebIdentity",
  options: DefaultChainOptions,
): CredentialsProvider {
  let provider: CredentialsProvider | undefined;
  return async () => {
    if (!provider) {
      const server = await loader();
      if (!server) {
        throw unavailable(source, "files cannot be read here (no file system, or not allowed)");
      }
      provider = server[pick](options);
    }
    return provider();
  };
}

/** @internal The default chain with an injectable loader for the file and process sources. */
export function defaultChain(
  options: DefaultChainOptions,
  loader: ServerLoader,
): CredentialsProvider {
  const env = fromEnv(options);
  return memoizeCredentials(fromChain(
    () => {
      const profile = options.profile ?? readEnv("AWS_PROFILE", options.env);
      // As the AWS SDK for JavaScript v3 does: a selected profile wins over env keys.
      if (profile) {
        return Promise.reject(unavailable("env", `skipped: profile "${profile}" is selected`));
      }
      return env();
    },
    fromServer("profile", loader, "fromProfile", options),
    fromServer("web-identity", loader, "fromWebIdentity", options),
    containerProvider(options, async () => (await loader())?.readTextFile),
    fromImds(options),
  ));
}

/**
 * The credentials the client uses when none are given, cached until 5 minutes before they expire:
 * environment keys → shared `~/.aws` config and credentials files (profiles, `credential_process`,
 * assume role) → web identity token file → container endpoint → EC2 instance metadata. The file and
 * process steps load lazily where a file system exists (Deno, Bun, Node); a Workers bundle contains
 * none of their code and treats them as unavailable.
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
  return defaultChain(options, loadServerSources);
}

/**
 * Turns the `credentials` option of a client into a provider: static values are used as given
 * (never mixed with the environment), a function is cached with {@linkcode memoizeCredentials},
 * and `undefined` selects {@linkcode defaultCredentialsProvider}.
 *
 * @param input Credentials, a provider, or undefined.
 * @param options Options of the default chain, used when `input` is undefined.
 * @returns A provider.
 * @throws {BedrockCredentialsError} When static credentials lack a key.
 * @example Usage
 * ```ts
 * import { toCredentialsProvider } from "@bedrock-fetch/core/credentials";
 * const provider = toCredentialsProvider({ accessKeyId: "AKID", secretAccessKey: "secret" });
 * console.log((await provider()).accessKeyId); // "AKID"
 * ```
 */
export function toCredentialsProvider(
  input?: CredentialsInput | undefined,
  options: DefaultChainOptions = {},
): CredentialsProvider {
  if (input === undefined) return defaultChain(options, loadServerSources);
  if (typeof input === "function") return memoizeCredentials(input);
  return fromStatic(input as Credentials);
}

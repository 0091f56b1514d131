// Reaches the file- and process-based sources (src/credentials/server.ts) without a static import,
// so that a bundler following mod.ts never sees them: the specifier is computed at run time, and
// esbuild, wrangler and friends leave such an import() alone. Where it cannot load (a bundle, a
// Worker, Deno without --allow-read) those sources count as unavailable.
import type { CredentialsProvider, ProviderOptions } from "./types.ts";

/** Options the server-side sources accept. */
export interface ServerOptions extends ProviderOptions {
  /** The profile name; else AWS_PROFILE, else "default". */
  readonly profile?: string | undefined;
}

/** What src/credentials/server.ts exports as SERVER_SOURCES. */
export interface ServerSources {
  /** Reads a UTF-8 file. */
  readTextFile(path: string): Promise<string>;
  /** Shared config/credentials files, including credential_process and assume role. */
  fromProfile(options: ServerOptions): CredentialsProvider;
  /** AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN. */
  fromWebIdentity(options: ServerOptions): CredentialsProvider;
  /** The `region` of the selected profile, if any. */
  profileRegion(options: ServerOptions): Promise<string | undefined>;
}

/** A function that loads the server sources, or resolves to undefined where they cannot load. */
export type ServerLoader = () => Promise<ServerSources | undefined>;

const SERVER_MODULES = ["./server.js", "./server.ts"];
let loading: Promise<ServerSources | undefined> | undefined;

/** Loads src/credentials/server.{ts,js} beside this file, once. */
export function loadServerSources(): Promise<ServerSources | undefined> {
  return loading ??= (async () => {
    try {
      // The npm build rewrites .ts imports to .js; a computed specifier must follow along by hand.
      // (workerd leaves import.meta.url undefined: that throws here and counts as unavailable.)
      // Indexing an array keeps the argument opaque to bundlers (a ternary of two literals is not).
      const specifier = SERVER_MODULES[Number(import.meta.url.endsWith(".ts"))]!;
      const mod = await import(specifier);
      return mod.SERVER_SOURCES as ServerSources | undefined;
    } catch {
      return undefined;
    }
  })();
}

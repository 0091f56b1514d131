/**
 * The file- and process-based sources, as the default chain loads them lazily.
 *
 * @module
 */
import type { ServerSources } from "./_lazy.ts";
import { readTextFile } from "./_node.ts";
import { fromProfile, profileRegion } from "./profile.ts";
import { fromWebIdentity } from "./web_identity.ts";

/** @internal What the lazily loading core chain and resolveRegion() call. */
export const SERVER_SOURCES: ServerSources = {
  readTextFile,
  fromProfile,
  fromWebIdentity,
  profileRegion,
};

// The shared config/credentials file format: INI with `#`/`;` comments (whole-line, or after
// whitespace), `[section]` headers, `key = value` lines, and nested sub-sections (a key with an
// empty value followed by indented `key = value` lines, stored as `parent.key`).

/** One section's keys. */
export type IniSection = Record<string, string>;

/** Parses INI text into sections, in a null-prototype map so names like `__proto__` are inert. */
export function parseIni(text: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let section: IniSection | undefined;
  let sub: string | undefined;
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[;#]/)[0]!.trim();
    if (!line) continue;
    if (line[0] === "[") {
      sub = undefined;
      if (line[line.length - 1] !== "]") {
        section = undefined;
        continue;
      }
      const name = line.slice(1, -1).trim().replace(/\s+/g, " ");
      section = sections.get(name);
      if (!section) sections.set(name, section = Object.create(null) as IniSection);
      continue;
    }
    const eq = line.indexOf("=");
    if (!section || eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const indented = raw.trimStart() !== raw;
    if (!indented) sub = undefined;
    if (value === "" && !indented) sub = key;
    else if (value !== "") section[sub && indented ? `${sub}.${key}` : key] = value;
  }
  return sections;
}

/**
 * Merges the config file (`[default]`, `[profile name]`) and the credentials file (`[name]`) into
 * profiles by name; the credentials file wins on a key present in both.
 */
export function mergeProfiles(
  config: Map<string, IniSection>,
  credentials: Map<string, IniSection>,
): Map<string, IniSection> {
  const profiles = new Map<string, IniSection>();
  const add = (name: string, values: IniSection): void => {
    profiles.set(name, Object.assign(profiles.get(name) ?? Object.create(null), values));
  };
  // In the config file `[profile default]`, if present, replaces `[default]` (as the AWS SDK for
  // JavaScript v3 does); other sections without the `profile ` prefix are not profiles.
  const fromConfig = new Map<string, IniSection>();
  const def = config.get("default");
  if (def) fromConfig.set("default", def);
  for (const [name, values] of config) {
    if (name.startsWith("profile ")) fromConfig.set(name.slice(8).trim(), values);
  }
  for (const [name, values] of fromConfig) add(name, values);
  for (const [name, values] of credentials) add(name, values);
  return profiles;
}

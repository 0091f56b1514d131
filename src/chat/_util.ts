/**
 * Small helpers shared by the chat layer (kept in one place so the bundle carries them once).
 *
 * @module
 */
import { BedrockInputError } from "../errors.ts";

/** Copies the members of `from` named in `keys` (space-separated) that are not `undefined`. */
export function copy<T extends object>(to: T, from: object | undefined, keys: string): T {
  for (const k of keys.split(" ")) {
    const v = (from as Record<string, unknown> | undefined)?.[k];
    if (v !== undefined) (to as Record<string, unknown>)[k] = v;
  }
  return to;
}

/** `o` with `o[key] = value` set when `value` is not `undefined`. */
export function put<T extends object>(o: T, key: string, value: unknown): T {
  if (value !== undefined) (o as Record<string, unknown>)[key] = value;
  return o;
}

/** `{ [key]: value }`, or `undefined` when `value` is. */
export function box<K extends string, V>(key: K, value: V | undefined): Record<K, V> | undefined {
  return value === undefined ? undefined : { [key]: value } as Record<K, V>;
}

/** Throws a {@linkcode BedrockInputError} naming the field and the rule it breaks. */
export function invalid(field: string, rule: string, cause?: unknown): never {
  throw new BedrockInputError(field, rule, { cause });
}

/**
 * The body of an InvokeModel response: its bytes, with the AWS SDK's `transformToString()`.
 *
 * @module
 */
import { fromBase64, toBase64 } from "./base64.ts";
import { UTF8_DECODER } from "../http/_utf8.ts";
import { BedrockInputError } from "../errors.ts";

/**
 * A `Uint8Array` with the AWS SDK's blob helpers, so that code written for
 * `@aws-sdk/client-bedrock-runtime` (`res.body.transformToString()`) ports unchanged. It is the
 * `body` of `invokeModel`'s output: a view of the response bytes, not a copy.
 *
 * @example
 * ```ts
 * import { Uint8ArrayBlobAdapter } from "@bedrock-fetch/core";
 * const body = Uint8ArrayBlobAdapter.fromString('{"ok":true}');
 * JSON.parse(body.transformToString()); // { ok: true }
 * body.transformToString("base64"); // "eyJvayI6dHJ1ZX0="
 * ```
 */
export class Uint8ArrayBlobAdapter extends Uint8Array {
  /**
   * The bytes of a string: UTF-8 text, or base64 with `encoding` `"base64"`.
   *
   * @param source The text.
   * @param encoding `"utf-8"` (default) or `"base64"`.
   * @returns A new adapter.
   */
  static fromString(source: string, encoding = "utf-8"): Uint8ArrayBlobAdapter {
    return Uint8ArrayBlobAdapter.mutate(
      encoding === "base64" ? fromBase64(source) : new TextEncoder().encode(source),
    );
  }

  /**
   * The same bytes as an adapter (a view: nothing is copied).
   *
   * @param source The bytes.
   * @returns An adapter over `source`'s memory.
   */
  static mutate(source: Uint8Array): Uint8ArrayBlobAdapter {
    return new Uint8ArrayBlobAdapter(
      source.buffer as ArrayBuffer,
      source.byteOffset,
      source.byteLength,
    );
  }

  /**
   * The bytes as text: UTF-8 (default, invalid sequences become U+FFFD) or base64.
   *
   * @param encoding `"utf-8"`/`"utf8"` (default) or `"base64"`.
   * @returns The text.
   * @throws {BedrockInputError} For any other encoding.
   */
  transformToString(encoding = "utf-8"): string {
    if (encoding === "base64") return toBase64(this);
    if (/^utf-?8$/i.test(encoding)) return UTF8_DECODER.decode(this);
    throw new BedrockInputError("encoding", `must be "utf-8" or "base64", got "${encoding}"`);
  }
}

/**
 * A faithful local Amazon Bedrock Runtime, so that demos, tests and your own tests run offline.
 *
 * - {@linkcode createEmulator} returns one fetch handler (`(Request) => Promise<Response>`, no
 *   socket) for Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens
 *   and ApplyGuardrail, with SigV4 and bearer-token authentication, AWS-shaped errors
 *   (`x-amzn-errortype`, `x-amzn-requestid`, `{ "message": … }`), validation messages naming the
 *   member, a deterministic scripted model and padded event streams.
 * - {@linkcode serveEmulator} puts it on a socket: `Deno.serve`, `Bun.serve`, or on Node one port
 *   speaking HTTP/1.1 and cleartext HTTP/2 (so the AWS SDK's default handler works).
 *
 * Credentials: access key `AKIAEMULATOREXAMPLE` / secret `emulator-secret`, bearer token
 * `emulator-token` (options override them). SigV4 is verified from the `Authorization` header or a
 * presigned query string, with AWS's 403 types (`UnrecognizedClientException`,
 * `InvalidSignatureException`, `IncompleteSignatureException`,
 * `MissingAuthenticationTokenException`); a clock more than 5 minutes off gets `Signature expired`
 * with a `Date` header to correct from. The handler alone (no server) also runs in a Worker.
 *
 * The model echoes the last user text, or plays `script` (the n-th assistant turn plays
 * `script[n]`). Offered tools are called with arguments built from their JSON schema, and a tool
 * result is answered on the next turn. Thinking requests (`additionalModelRequestFields.thinking`,
 * `reasoning_config` or Nova `reasoningConfig`, `reasoning_effort`, `output_config.effort`) add a
 * reasoning block whose signature is an HMAC of its text (an altered block sent back is a 400).
 * Documents with `citations: { enabled: true }` get cited; `outputConfig.textFormat` JSON schemas
 * get matching JSON.
 * Tokens are `ceil(chars / 4)` over one canonical rendering, so CountTokens, Converse usage and
 * stream metadata agree; a prefix up to a cache point is written once, then read.
 *
 * Fault injection, server-wide (`faults` option) or per request with the header
 * `x-bedrock-fetch-fault`, items combined with `;` or `,`:
 *
 * ```text
 * x-bedrock-fetch-fault: throttle=2                       next 2 attempts of this call → 429 ThrottlingException
 * x-bedrock-fetch-fault: status=503                       503 ServiceUnavailableException (any 400..599)
 * x-bedrock-fetch-fault: error=ModelNotReadyException     any modeled exception by name
 * x-bedrock-fetch-fault: mid-stream-exception=throttlingException   exception frame after 3 events
 * x-bedrock-fetch-fault: mid-stream-exception=modelStreamErrorException;after=1
 * x-bedrock-fetch-fault: truncate                         stream cut mid-frame, then closed
 * x-bedrock-fetch-fault: bad-crc                          a frame with a corrupt message CRC
 * x-bedrock-fetch-fault: drop                             connection closed mid-stream
 * x-bedrock-fetch-fault: slow=50                          50 ms between frames
 * x-bedrock-fetch-fault: json-error                       500 JSON error body on a stream call
 * x-bedrock-fetch-fault: slow=20;mid-stream-exception=internalServerException
 * ```
 *
 * `throttle=N` counts attempts of one call (keyed by `amz-sdk-invocation-id`, else by the request's
 * digest), so a retrying client succeeds on attempt N + 1.
 *
 * @example
 * ```ts
 * import { serveEmulator } from "@bedrock-fetch/core/emulator";
 * const server = await serveEmulator({ port: 0 });
 * const res = await fetch(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse`, {
 *   method: "POST",
 *   headers: { authorization: "Bearer emulator-token", "content-type": "application/json" },
 *   body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hello" }] }] }),
 * });
 * console.log((await res.json()).output.message.content[0].text); // "Hello"
 * await server.close();
 * ```
 *
 * @module
 */
export {
  createEmulator,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_SECRET_ACCESS_KEY,
  DEFAULT_TOKEN,
} from "./handler.ts";
export { type EmulatorServer, serveEmulator, type ServeEmulatorOptions } from "./serve.ts";
export type { Emulator, EmulatorKey, EmulatorOptions, EmulatorStats, ScriptTurn } from "./types.ts";
export { FAULT_HEADER, type FaultSpec, parseFaults } from "./faults.ts";

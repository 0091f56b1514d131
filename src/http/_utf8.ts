/**
 * One UTF-8 decoder shared by the transport and the runtime (decoding keeps no state between
 * calls without `stream: true`).
 *
 * @module
 */

/** Decodes UTF-8 bytes (response bodies, base64 text). */
export const UTF8_DECODER: TextDecoder = new TextDecoder();

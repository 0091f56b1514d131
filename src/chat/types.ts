/**
 * Friendly message and part types of the chat layer, and the structural client interface it calls.
 *
 * @module
 */
import type {
  CacheTTL,
  Citation,
  ContentBlock,
  ConverseRequest,
  ConverseResponse,
  ConverseStreamOutput,
  ConverseStreamRequest,
  DocumentFormat,
  InvokeModelRequest,
  InvokeModelWithResponseStreamRequest,
  ResponseStream,
  SystemContentBlock,
} from "../runtime/types.ts";

/** A message role: `system` and `tool` are folded into the Converse `system` and `user` turns. */
export type ChatRole = "system" | "user" | "assistant" | "tool";

/** Media given as bytes, base64, a `data:` URL or an `s3://` URI. */
export type MediaData = Uint8Array | string;

/** A text part. */
export interface TextPart {
  /** The discriminator. */
  type: "text";
  /** The text; blank text is dropped. */
  text: string;
}

/** Options shared by the media parts. */
export interface MediaPartBase {
  /** Bytes, base64, a `data:` URL or an `s3://` URI. */
  data: MediaData;
  /** The MIME type, used to infer the format. */
  mimeType?: string;
  /** The Converse format; inferred from `mimeType`, the data URL or the magic bytes when absent. */
  format?: string;
  /** The bucket owner's account id, for `s3://` URIs in another account. */
  bucketOwner?: string;
}

/** An image part (png, jpeg, gif, webp). */
export interface ImagePart extends MediaPartBase {
  /** The discriminator. */
  type: "image";
}

/** A video part (mp4, mov, mkv, webm, flv, mpeg, wmv, 3gp). */
export interface VideoPart extends MediaPartBase {
  /** The discriminator. */
  type: "video";
}

/** An audio part (mp3, wav, ogg, flac, aac, …). */
export interface AudioPart extends MediaPartBase {
  /** The discriminator. */
  type: "audio";
}

/** A document part: bytes/URI in `data`, or plain `text`. */
export interface DocumentPart {
  /** The discriminator. */
  type: "document";
  /** Bytes, base64, a `data:` URL or an `s3://` URI; or use `text`. */
  data?: MediaData;
  /** Plain text content (sent as a `text` document source). */
  text?: string;
  /** The document name; defaults to `document-<n>`. */
  name?: string;
  /** The MIME type, used to infer the format. */
  mimeType?: string;
  /** The format (pdf, csv, doc, docx, xls, xlsx, html, txt, md). */
  format?: DocumentFormat;
  /** Enables citations for this document. */
  citations?: boolean;
  /** Context for citations. */
  context?: string;
  /** The bucket owner's account id for `s3://` URIs. */
  bucketOwner?: string;
}

/** A tool call made by the model. */
export interface ToolCallPart {
  /** The discriminator. */
  type: "tool-call";
  /** The tool use id. */
  id: string;
  /** The tool name. */
  name: string;
  /** The arguments. */
  input: unknown;
  /** The tool use type (e.g. `server_tool_use`). */
  toolType?: string;
}

/** The result of a tool call. */
export interface ToolResultPart {
  /** The discriminator. */
  type: "tool-result";
  /** The tool use id this answers. */
  id: string;
  /** A string (text), parts (text/image/document/video) or any other value (sent as JSON). */
  content: unknown;
  /** Marks the result as an error. */
  isError?: boolean;
}

/** Reasoning: text with its signature, or redacted bytes. Sent back exactly as received. */
export interface ReasoningPart {
  /** The discriminator. */
  type: "reasoning";
  /** The reasoning text. */
  text?: string;
  /** The signature that verifies `text`. */
  signature?: string;
  /** Redacted reasoning. */
  redacted?: Uint8Array;
}

/** A cache point after the preceding content. */
export interface CachePart {
  /** The discriminator. */
  type: "cache";
  /** The TTL (`5m` or `1h`). */
  ttl?: CacheTTL;
}

/** Content a guardrail evaluates (`guardContent`). */
export interface GuardPart {
  /** The discriminator. */
  type: "guard";
  /** The text. */
  text: string;
  /** Qualifiers: `grounding_source`, `query`, `guard_content`. */
  qualifiers?: string[];
}

/** Text with citations (model output). */
export interface CitationsPart {
  /** The discriminator. */
  type: "citations";
  /** The generated text. */
  text: string;
  /** The citations. */
  citations: Citation[];
}

/** A search result for natural citations. */
export interface SearchResultPart {
  /** The discriminator. */
  type: "search-result";
  /** The source URL or id. */
  source: string;
  /** The title. */
  title: string;
  /** Text chunks. */
  content: string[];
  /** Enables citations. */
  citations?: boolean;
}

/** A friendly part (one with a `type`). */
export type FriendlyPart =
  | TextPart
  | ImagePart
  | DocumentPart
  | VideoPart
  | AudioPart
  | ToolCallPart
  | ToolResultPart
  | ReasoningPart
  | CachePart
  | GuardPart
  | CitationsPart
  | SearchResultPart;

/** Any part of a friendly message, or a raw Converse content block passed through unchanged. */
export type Part =
  | TextPart
  | ImagePart
  | DocumentPart
  | VideoPart
  | AudioPart
  | ToolCallPart
  | ToolResultPart
  | ReasoningPart
  | CachePart
  | GuardPart
  | CitationsPart
  | SearchResultPart
  | ContentBlock;

/** A friendly message object. */
export interface ChatMessage {
  /** The role. */
  role: ChatRole;
  /** Text or parts. For `role: "tool"` with `toolUseId`, the tool result content. */
  content: string | Part[];
  /** For `role: "tool"`: the tool use id the content answers. */
  toolUseId?: string;
  /** For `role: "tool"`: marks the result as an error. */
  isError?: boolean;
}

/** A tool result as a message: any content (string, parts or a JSON value) for one tool use id. */
export interface ToolMessage {
  /** The role. */
  role: "tool";
  /** The tool use id the content answers. */
  toolUseId: string;
  /** A string (text), parts, or any other value (sent as JSON). */
  content: unknown;
  /** Marks the result as an error. */
  isError?: boolean;
}

/** A message as accepted by the chat layer: a user string, a `[role, content]` tuple or an object. */
export type MessageInput =
  | string
  | readonly [ChatRole, string | Part[]]
  | ChatMessage
  | ToolMessage;

/** A system prompt: text, parts, or raw system blocks. */
export type SystemInput =
  | string
  | ReadonlyArray<string | TextPart | CachePart | GuardPart | SystemContentBlock>;

/** A non-fatal note about a request the chat layer built (e.g. a dropped cache point). */
export interface ChatWarning {
  /** A stable code. */
  code: "cache-point-dropped" | "tool-choice-ignored" | (string & Record<never, never>);
  /** The path of the affected element. */
  path: string;
  /** A human-readable explanation. */
  message: string;
}

/** Per-call options of the client methods. */
export interface CallOptions {
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
}

/** The structural client the chat layer needs (`BedrockRuntime` satisfies it). */
export interface ConverseClient {
  /** The Converse operation. */
  converse(input: ConverseRequest, options?: CallOptions): Promise<ConverseResponse>;
  /** The ConverseStream operation. */
  converseStream(
    input: ConverseStreamRequest,
    options?: CallOptions,
  ): Promise<{ stream: AsyncIterable<ConverseStreamOutput> }>;
}

/** The structural client the InvokeModel adapters need (`BedrockRuntime` satisfies it). */
export interface InvokeClient {
  /** The InvokeModel operation. */
  invokeModel(input: InvokeModelRequest, options?: CallOptions): Promise<{ body: Uint8Array }>;
  /** The InvokeModelWithResponseStream operation. */
  invokeModelWithResponseStream(
    input: InvokeModelWithResponseStreamRequest,
    options?: CallOptions,
  ): Promise<{ body: AsyncIterable<ResponseStream> }>;
}

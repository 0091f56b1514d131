// Type-level check: the SDK's request and response shapes are assignable to ours (member names,
// nesting, enums, unions), so code written against @aws-sdk/client-bedrock-runtime ports unchanged.
// (Ours → SDK is not expected: our enums are open string unions.)
import assert from "node:assert/strict";
import type * as Sdk from "@aws-sdk/client-bedrock-runtime";
import type * as Ours from "../../src/runtime/types.ts";

// The SDK types a required member as `name: T | undefined`; ours as `name: T`. Compare the SDK's
// shapes with `undefined` removed from required members (a value the service would reject anyway).
// deno-lint-ignore ban-types
type Leaf = Uint8Array | string | number | boolean | null | undefined | Date | Function;
type Strict<T> = T extends Leaf ? T
  : T extends readonly [string, unknown] ? T // the $unknown tuple
  : T extends readonly (infer U)[] ? Strict<U>[]
  : T extends object ? {
      [K in keyof T]: Record<never, never> extends Pick<T, K> ? Strict<T[K]>
        : Strict<Exclude<T[K], undefined>>;
    }
  : T;
type Assignable<From, To> = [Strict<From>] extends [To] ? true : false;
const checks: {
  converse: Assignable<Sdk.ConverseRequest, Ours.ConverseRequest>;
  converseStream: Assignable<Sdk.ConverseStreamRequest, Ours.ConverseStreamRequest>;
  invokeModel: Assignable<
    Omit<Sdk.InvokeModelRequest, "body">,
    Omit<Ours.InvokeModelRequest, "body">
  >;
  countTokens: Assignable<Sdk.CountTokensRequest, Ours.CountTokensRequest>;
  applyGuardrail: Assignable<Sdk.ApplyGuardrailRequest, Ours.ApplyGuardrailRequest>;
  contentBlock: Assignable<Sdk.ContentBlock, Ours.ContentBlock>;
  converseResponse: Assignable<Omit<Sdk.ConverseResponse, "$metadata">, Ours.ConverseResponse>;
  // The exception members of the SDK's stream union are thrown by our iterator, not yielded.
  streamEvent: Assignable<
    Extract<
      Sdk.ConverseStreamOutput,
      | { messageStart: unknown }
      | { contentBlockStart: unknown }
      | { contentBlockDelta: unknown }
      | { contentBlockStop: unknown }
      | { messageStop: unknown }
      | { metadata: unknown }
    >,
    Ours.ConverseStreamOutput
  >;
  guardrailResponse: Assignable<
    Omit<Sdk.ApplyGuardrailResponse, "$metadata">,
    Ours.ApplyGuardrailResponse
  >;
} = {
  converse: true,
  converseStream: true,
  invokeModel: true,
  countTokens: true,
  applyGuardrail: true,
  contentBlock: true,
  converseResponse: true,
  streamEvent: true,
  guardrailResponse: true,
};

Deno.test("the SDK's request and response types are assignable to bedrock-fetch's generated types", () => {
  assert.ok(Object.values(checks).every((v) => v === true));
});

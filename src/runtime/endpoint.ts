/**
 * Endpoint resolution for Bedrock Runtime, following the `smithy.rules#endpointRuleSet` of the model
 * and the AWS partitions (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc).
 *
 * @module
 */
import { BedrockInputError } from "../errors.ts";

/** Parameters of the endpoint rule set. */
export interface EndpointParams {
  /** The AWS region, e.g. `us-east-1`. */
  region?: string | undefined;
  /** Use the FIPS endpoint. */
  useFipsEndpoint?: boolean | undefined;
  /** Use the dual-stack (IPv6) endpoint. */
  useDualstackEndpoint?: boolean | undefined;
  /** A custom endpoint URL; wins over region. */
  endpoint?: string | undefined;
}

// From the AWS partitions data, `;`-separated: id, region pattern (before `-\w+-<digits>`), DNS
// suffix, dual-stack DNS suffix. Every partition supports FIPS and dual-stack today. A partition's
// global pseudo-region (`aws-global`, ...) or a region its pattern matches; the rule set falls back
// to the aws partition (the first) for regions no pattern matches.
const PARTITIONS =
  "aws (us|eu|ap|sa|ca|me|af|il|mx) amazonaws.com api.aws;aws-cn cn amazonaws.com.cn api.amazonwebservices.com.cn;aws-eusc eusc-(de) amazonaws.eu api.amazonwebservices.eu;aws-iso us-iso c2s.ic.gov api.aws.ic.gov;aws-iso-b us-isob sc2s.sgov.gov api.aws.scloud;aws-iso-e eu-isoe cloud.adc-e.uk api.cloud-aws.adc-e.uk;aws-iso-f us-isof csp.hci.ic.gov api.aws.hci.ic.gov;aws-us-gov us-gov amazonaws.com api.aws"
    .split(";").map((p) => p.split(" "));
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const partitionOf = (region: string): string[] =>
  PARTITIONS.find(([id, pattern]) =>
    region === `${id}-global` || new RegExp(`^${pattern}-\\w+-\\d+$`).test(region)
  ) ?? PARTITIONS[0]!;

/**
 * Resolves the base URL (no trailing slash) of Bedrock Runtime for a region, FIPS/dual-stack flags or
 * a custom endpoint. Errors carry the rule set's own messages.
 *
 * @example
 * ```ts
 * import { resolveEndpoint } from "@bedrock-fetch/core";
 * resolveEndpoint({ region: "eu-west-1" }); // "https://bedrock-runtime.eu-west-1.amazonaws.com"
 * resolveEndpoint({ region: "cn-north-1", useFipsEndpoint: true });
 * // "https://bedrock-runtime-fips.cn-north-1.amazonaws.com.cn"
 * ```
 */
export function resolveEndpoint(params: EndpointParams): string {
  const { region, endpoint } = params;
  const fips = params.useFipsEndpoint === true;
  const dual = params.useDualstackEndpoint === true;
  if (endpoint !== undefined) {
    if (fips) throw configError("useFipsEndpoint", "FIPS and custom endpoint are not supported");
    if (dual) {
      throw configError("useDualstackEndpoint", "Dualstack and custom endpoint are not supported");
    }
    return endpoint.replace(/\/+$/, "");
  }
  if (region === undefined || region === "") throw configError("region", "Missing Region");
  if (!HOST_LABEL.test(region)) {
    throw new BedrockInputError(
      "region",
      `must be a valid host label, got ${JSON.stringify(region)}`,
    );
  }
  const [, , dns, dualStackDns] = partitionOf(region);
  return `https://bedrock-runtime${fips ? "-fips" : ""}.${region}.${dual ? dualStackDns : dns}`;
}

function configError(field: string, rule: string): BedrockInputError {
  const error = new BedrockInputError(field, rule);
  error.message = `Invalid Configuration: ${rule}`;
  return error;
}

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

interface Partition {
  id: string;
  regex: RegExp;
  dns: string;
  dualStackDns: string;
}

// From the AWS partitions data (all partitions support FIPS and dual-stack today).
const PARTITIONS: Partition[] = [
  {
    id: "aws",
    regex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    dns: "amazonaws.com",
    dualStackDns: "api.aws",
  },
  {
    id: "aws-cn",
    regex: /^cn-\w+-\d+$/,
    dns: "amazonaws.com.cn",
    dualStackDns: "api.amazonwebservices.com.cn",
  },
  {
    id: "aws-eusc",
    regex: /^eusc-(de)-\w+-\d+$/,
    dns: "amazonaws.eu",
    dualStackDns: "api.amazonwebservices.eu",
  },
  { id: "aws-iso", regex: /^us-iso-\w+-\d+$/, dns: "c2s.ic.gov", dualStackDns: "api.aws.ic.gov" },
  {
    id: "aws-iso-b",
    regex: /^us-isob-\w+-\d+$/,
    dns: "sc2s.sgov.gov",
    dualStackDns: "api.aws.scloud",
  },
  {
    id: "aws-iso-e",
    regex: /^eu-isoe-\w+-\d+$/,
    dns: "cloud.adc-e.uk",
    dualStackDns: "api.cloud-aws.adc-e.uk",
  },
  {
    id: "aws-iso-f",
    regex: /^us-isof-\w+-\d+$/,
    dns: "csp.hci.ic.gov",
    dualStackDns: "api.aws.hci.ic.gov",
  },
  { id: "aws-us-gov", regex: /^us-gov-\w+-\d+$/, dns: "amazonaws.com", dualStackDns: "api.aws" },
];
const GLOBAL_REGIONS: Record<string, string> = {
  "aws-global": "aws",
  "aws-cn-global": "aws-cn",
  "aws-us-gov-global": "aws-us-gov",
  "aws-iso-global": "aws-iso",
  "aws-iso-b-global": "aws-iso-b",
  "aws-iso-e-global": "aws-iso-e",
  "aws-iso-f-global": "aws-iso-f",
};
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function partitionOf(region: string): Partition {
  const byName = GLOBAL_REGIONS[region];
  if (byName) return PARTITIONS.find((p) => p.id === byName)!;
  // The rule set falls back to the aws partition for regions no regex matches.
  return PARTITIONS.find((p) => p.regex.test(region)) ?? PARTITIONS[0]!;
}

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
  const p = partitionOf(region);
  const host = `bedrock-runtime${fips ? "-fips" : ""}.${region}.${dual ? p.dualStackDns : p.dns}`;
  return `https://${host}`;
}

function configError(field: string, rule: string): BedrockInputError {
  const error = new BedrockInputError(field, rule);
  error.message = `Invalid Configuration: ${rule}`;
  return error;
}

// Shared files used by the profile and assume-role tests.
import { tempFiles } from "./_fakes.ts";

const CREDENTIALS = `
# comment
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default/secret+key

[dev]
aws_access_key_id=AKIDDEV ; trailing comment
aws_secret_access_key=dev-secret
aws_session_token = dev-token

[base]
aws_access_key_id = AKIDBASE
aws_secret_access_key = base-secret
`;

const CONFIG = `
[default]
region = eu-central-1

[profile dev]
region = us-west-2
aws_access_key_id = AKIDFROMCONFIG
s3 =
  max_concurrent_requests = 20
output = json

[profile cfgonly]
aws_access_key_id = AKIDCFG
aws_secret_access_key = cfg-secret

[cfgonly-without-prefix]
aws_access_key_id = AKIDIGNORED
aws_secret_access_key = ignored

[profile proc]
credential_process = {PROC} arg1

[profile role]
role_arn = arn:aws:iam::123456789012:role/first
source_profile = base
role_session_name = s1
external_id = ext-1
region = ap-southeast-2

[profile role2]
role_arn = arn:aws:iam::123456789012:role/second
source_profile = role

[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop-a

[profile self]
role_arn = arn:aws:iam::123456789012:role/self
source_profile = self
aws_access_key_id = AKIDSELF
aws_secret_access_key = self-secret

[profile envsource]
role_arn = arn:aws:iam::123456789012:role/fromenv
credential_source = Environment

[profile webid]
role_arn = arn:aws:iam::123456789012:role/webrole
web_identity_token_file = {DIR}/oidc

[profile sso]
sso_session = corp
sso_account_id = 123456789012

[profile onlyregion]
region = sa-east-1

[profile halfkeys]
aws_access_key_id = AKIDHALF
`;

const PROCESS_SCRIPT = `#!/bin/sh
[ "$1" = arg1 ] || exit 3
echo '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2040-01-01T00:00:00Z"}'
`;

export function setup(): ReturnType<typeof tempFiles> {
  const files = tempFiles({
    credentials: CREDENTIALS,
    "proc.sh": PROCESS_SCRIPT,
    "fail.sh": "#!/bin/sh\necho 'secret-in-stderr' >&2\necho 'partial secret-in-stdout'\nexit 7\n",
    "v2.sh":
      `#!/bin/sh\necho '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "v2-secret"}'\n`,
    oidc: "oidc-token-1\n",
  });
  Deno.writeTextFileSync(
    files.path("config"),
    CONFIG.replace("{PROC}", files.path("proc.sh")).replace("{DIR}", files.dir),
  );
  return files;
}

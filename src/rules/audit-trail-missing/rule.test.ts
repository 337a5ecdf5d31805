import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

const SECRET = `  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/db
`;

const TRAIL = `  AuditTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: true
      S3BucketName: !Ref TrailBucket
`;

const configRule = (identifier: string, owner = "AWS") => `  SecretsRule:
    Type: AWS::Config::ConfigRule
    Properties:
      Source:
        Owner: ${owner}
        SourceIdentifier: ${identifier}
`;

const template = (resources: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
${resources}`;

const MESSAGE_ONE =
  "The scanned project defines 1 secret (the first is OrdersDbSecret) but no CloudTrail trail and no AWS Config rule that " +
  "checks secrets, so nothing in it records who reads secret values. If an organization trail or AWS Control Tower " +
  "outside this repository records them already, this note does not apply.";

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: a trail in the module",
    tf: `resource "aws_secretsmanager_secret" "db" {\n  name = "prod/orders/db"\n}\n\nresource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "audit-logs"\n}\n`,
  },
  {
    name: "Terraform: a managed Config rule that checks secrets",
    tf: `resource "aws_secretsmanager_secret" "db" {\n  name = "prod/orders/db"\n}\n\nresource "aws_config_config_rule" "rotation" {\n  name = "secrets-rotated"\n\n  source {\n    owner             = "AWS"\n    source_identifier = "SECRETSMANAGER_ROTATION_ENABLED_CHECK"\n  }\n}\n`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: secrets and a Config rule about something else",
    tf: `resource "aws_secretsmanager_secret" "db" {\n  name = "prod/orders/db"\n}\n\nresource "aws_config_config_rule" "s3" {\n  name = "s3-versioning"\n\n  source {\n    owner             = "AWS"\n    source_identifier = "S3_BUCKET_VERSIONING_ENABLED"\n  }\n}\n`,
    errors: [
      {
        messageId: "missing",
        message:
          "The scanned project defines 1 secret (the first is aws_secretsmanager_secret.db) but no CloudTrail trail and no AWS Config rule that checks secrets, so nothing in it records who reads secret values. If an organization trail or AWS Control Tower outside this repository records them already, this note does not apply.",
        resource: "aws_secretsmanager_secret.db",
        tf: [1, 10, 1, 42],
        tfjson: [4, 7, 4, 11],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    { name: "a trail and no secret", yaml: template(TRAIL) },
    {
      name: "no secret and no trail: nothing to audit",
      yaml: template("  SecretsKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n"),
    },
    { name: "a secret and a trail", yaml: template(SECRET + TRAIL) },
    {
      name: "a trail that is not logging still counts (its configuration is other checks' business)",
      yaml: template(SECRET + TRAIL.replace("IsLogging: true", "IsLogging: false")),
    },
    {
      name: "a secret and a managed Config rule for secrets",
      yaml: template(SECRET + configRule("SECRETSMANAGER_ROTATION_ENABLED_CHECK")),
    },
    { name: "each managed secrets rule counts", yaml: template(SECRET + configRule("SECRETSMANAGER_USING_CMK")) },
    {
      name: "a Config rule identifier from a parameter default",
      yaml: template(
        SECRET + configRule("!Ref RuleId"),
        "Parameters:\n  RuleId:\n    Type: String\n    Default: SECRETSMANAGER_SECRET_UNUSED\n",
      ),
    },
    {
      name: "a Config rule identifier from a parameter without default may be a secrets rule",
      yaml: template(SECRET + configRule("!Ref RuleId"), "Parameters:\n  RuleId:\n    Type: String\n"),
    },
    {
      name: "a custom Config rule's function may check secrets",
      yaml: template(
        SECRET +
          configRule("!GetAtt CheckSecretsFunction.Arn", "CUSTOM_LAMBDA") +
          "  CheckSecretsFunction:\n    Type: AWS::Lambda::Function\n",
      ),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "a secret and nothing that audits it",
      yaml: template(SECRET),
      errors: [
        {
          messageId: "missing",
          message: MESSAGE_ONE,
          resource: "OrdersDbSecret",
          yaml: [3, 3, 3, 17],
          json: [4, 5, 4, 21],
        },
      ],
    },
    {
      name: "a Config rule about something else",
      yaml: template(SECRET + configRule("S3_BUCKET_VERSIONING_ENABLED")),
      errors: [
        {
          messageId: "missing",
          resource: "OrdersDbSecret",
          message: MESSAGE_ONE,
          yaml: [3, 3, 3, 17],
          json: [4, 5, 4, 21],
        },
      ],
    },
    {
      name: "a Config rule whose parameter default is about something else",
      yaml: template(
        SECRET + configRule("!Ref RuleId"),
        "Parameters:\n  RuleId:\n    Type: String\n    Default: IAM_PASSWORD_POLICY\n",
      ),
      errors: [
        {
          messageId: "missing",
          resource: "OrdersDbSecret",
          message: MESSAGE_ONE,
          yaml: [7, 3, 7, 17],
          json: [10, 5, 10, 21],
        },
      ],
    },
    {
      name: "several secrets: one finding, at the first",
      yaml: template(
        SECRET +
          "  StripeKeySecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/orders/stripe\n",
      ),
      errors: [
        {
          messageId: "missing",
          resource: "OrdersDbSecret",
          message: MESSAGE_ONE.replace("1 secret", "2 secrets"),
          yaml: [3, 3, 3, 17],
          json: [4, 5, 4, 21],
        },
      ],
    },
  ],
});

describe("audit-trail-missing across files", () => {
  const secrets = { path: "infra/app/secrets.yaml", text: template(SECRET) };
  const more = {
    path: "infra/app/more.json",
    text: JSON.stringify({ Resources: { ApiKeySecret: { Type: "AWS::SecretsManager::Secret" } } }, null, 2),
  };

  it("counts a trail in another template", async () => {
    expect(await analyze([rule], [secrets, { path: "infra/audit/trail.yaml", text: template(TRAIL) }])).toEqual([]);
  });

  it("counts a secrets Config rule in another template", async () => {
    const config = {
      path: "infra/audit/config.yaml",
      text: template(configRule("SECRETSMANAGER_SECRET_PERIODIC_ROTATION")),
    };
    expect(await analyze([rule], [secrets, config])).toEqual([]);
  });

  it("keeps one fingerprint when a secret that sorts first is added (baselines and --diff-base still know it)", async () => {
    const [before] = await analyze([rule], [secrets]);
    const [after] = await analyze([rule], [{ path: "infra/aaa/first.yaml", text: template(SECRET) }, secrets, more]);
    expect(after?.file).toBe("infra/aaa/first.yaml");
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });

  it("reports once per project, at the first secret in file order", async () => {
    // Given in another order: the scan orders files by path, and `more.json` sorts before `secrets.yaml`.
    const findings = await analyze([rule], [secrets, more]);
    expect(findings.map((f) => [f.file, f.line, f.column, f.resource, f.severity])).toEqual([
      ["infra/app/more.json", 3, 5, "ApiKeySecret", "note"],
    ]);
    expect(findings[0]?.message).toContain("defines 2 secrets (the first is ApiKeySecret)");
  });
});

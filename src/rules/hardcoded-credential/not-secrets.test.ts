/**
 * Names with a secret word whose values are no credential, and placeholders, as met on public sample repositories.
 * Every fixture is invented; each file also holds one real credential, so that a rule that stopped reading the file
 * would fail the test.
 */
import { describe, expect, it } from "vitest";
import { analyze, underline } from "../../test-support/analyze.js";
import rule from "./rule.js";

const REMEDY =
  "anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.";

type Found = [messageId: string, message: string, loc: [number, number, number, number]];

async function findings(path: string, text: string): Promise<Found[]> {
  const found = await analyze([rule], [{ path, text }]);
  if (process.env.SW_SHOW_FINDINGS)
    for (const f of found)
      console.log(
        `${path} ${JSON.stringify([f.line, f.column, f.endLine, f.endColumn])} ${f.messageId} ${f.message}\n${underline(text, f)}`,
      );
  return found.map((f) => [f.messageId, f.message, [f.line, f.column, f.endLine, f.endColumn]]);
}

describe("hardcoded-credential: names and values that are no credential", () => {
  it("passes over pagination tokens, idempotency tokens, character sets, schedules and CORS headers in JSON", async () => {
    const text = [
      "{",
      '  "pagination": { "ListWidgets": { "input_token": "NextToken", "output_token": "NextToken", "limit_key": "MaxItems" } },',
      '  "events": { "nextForwardToken": "f/11122233344455566677788899900011122233344455566677/s", "nextBackwardToken": "b/99988877766655544433322211100099988877766655544433/s" },',
      '  "request": { "clientToken": "3f2c9a7e-51b4-4d0e-9c86-2b7f4e1a6d05", "ContinuationToken": "Zm9vYmFyYmF6cXV4cXV1eA==" },',
      '  "headers": { "method.response.header.Access-Control-Allow-Credentials": "\'true\'" },',
      '  "db": { "password": "Wq7#zLp2!vNe" }',
      "}",
    ].join("\n");
    expect(await findings("config/widgets.json", text)).toEqual([
      [
        "sourceLiteral",
        `Key password is a hardcoded password (Wq7****, kind generic-password): ${REMEDY}`,
        [6, 23, 6, 37],
      ],
    ]);
  });

  it("passes over rotation step names, field names, identifiers naming a secret and filler values in Python", async () => {
    const text = [
      "ACCESS_KEY = 'AWSAccessKeyId'",
      "SECRET_ID = 'ORDERS_DB_SECRET_ARN'",
      "def handler(event, context):",
      "    step = event['Step']",
      "    if step == 'createSecret':",
      "        pass",
      "    elif step == 'finishSecret':",
      "        pass",
      "execution_token = 'test-token-123'",
      "api_key = 'dummy-value'",
      "API_TOKEN = 'API_TOKEN'",
      "bearer_token = 'eyJhbGciOi...'",
      "partner_key = 'MyAPIkey'",
      "gateway_api_key = 'Q7rT2mW9xK4vXXXXXXXXXXXX'",
      "login_secret = 'secret_access_key'",
      "admin_password = 'Hv9$kR2m!qTz'",
    ].join("\n");
    expect(await findings("rotation/handler.py", text)).toEqual([
      [
        "sourceLiteral",
        `Variable admin_password is a hardcoded password (Hv9****, kind generic-password): ${REMEDY}`,
        [16, 18, 16, 32],
      ],
    ]);
  });

  it("passes over a package.json bin entry whose package name holds a secret word", async () => {
    const text =
      '{\n  "name": "orders-secrets-demo",\n  "bin": { "orders-secrets-demo": "bin/orders-secrets-demo.js" },\n  "config": { "token": "Rk83-Jd92-Lq0z-Xw5p" }\n}\n';
    expect(await findings("package.json", text)).toEqual([
      ["sourceLiteral", `Key token is a hardcoded token (Rk83****, kind generic-password): ${REMEDY}`, [4, 24, 4, 45]],
    ]);
  });

  it("passes over a <<fill in>> parameter default and every reference to it, a secret ARN name as default, and dummy values", async () => {
    const text = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      "Parameters:",
      "  PartnerApiKeyValue:",
      "    Type: String",
      "    Default: 'Bearer <<Paste the partner API key here>>'",
      "  BrokerSecretForQueue:",
      "    Type: String",
      "    Default: BROKER_SECRET_ARN",
      "Resources:",
      "  PartnerConnection:",
      "    Type: AWS::Events::Connection",
      "    Properties:",
      "      AuthorizationType: API_KEY",
      "      AuthParameters:",
      "        ApiKeyAuthParameters:",
      "          ApiKeyName: x-partner-key",
      "          ApiKeyValue: !Ref PartnerApiKeyValue",
      "  OtherConnection:",
      "    Type: AWS::Events::Connection",
      "    Properties:",
      "      AuthorizationType: API_KEY",
      "      AuthParameters:",
      "        ApiKeyAuthParameters:",
      "          ApiKeyName: x-other-key",
      "          ApiKeyValue: sample-value",
      "  Db:",
      "    Type: AWS::RDS::DBInstance",
      "    Properties:",
      "      MasterUsername: admin",
      "      MasterUserPassword: Pz4!nQ8vLs2w",
    ].join("\n");
    expect(await findings("partner.yaml", text)).toEqual([
      [
        "property",
        "MasterUserPassword of resource Db is a hardcoded password (Pz4****): anyone who can read the template can use it. Keep it in AWS Secrets Manager and use a dynamic reference.",
        [30, 27, 30, 39],
      ],
    ]);
  });

  it("passes over random_password settings and a rotation schedule expression in Terraform", async () => {
    const text = [
      'variable "db_random_password_override_special" {',
      '  default = "!#$%&*()-_=+[]{}<>:?"',
      "}",
      'variable "db_secret_rotation_schedule_expression" {',
      '  default = "rate(15 days)"',
      "}",
      'variable "deploy_access_key_status" {',
      '  default = "Inactive"',
      "}",
      'variable "db_password" {',
      '  default = "Kt5%wZ9!rM3q"',
      "}",
    ].join("\n");
    expect(await findings("main.tf", text)).toEqual([
      [
        "parameterDefault",
        "Variable db_password has a hardcoded password as its default (Kt5****): a default is part of the configuration. Remove the default and pass the value at apply time in a variable marked sensitive = true, or read it from Secrets Manager with an aws_secretsmanager_secret_version data source.",
        [11, 13, 11, 27],
      ],
    ]);
  });
});

describe("hardcoded-credential: stand-ins from the hand classification of a sample repository", () => {
  it("passes over unused construct values, a value that ends its own name, 'my' keys and wrong-on-purpose tokens", async () => {
    const stack = [
      `const unused = SecretValue.unsafePlainText("notused");`, // 1
      `const real = SecretValue.unsafePlainText("r7Q!vz9Lw2Kp");`, // 2
      "",
    ].join("\n");
    expect(await findings("lib/stack.ts", stack)).toEqual([
      [
        "sourceLiteral",
        `The argument of SecretValue.unsafePlainText is a hardcoded secret (r7Q****, kind generic-password): ${REMEDY}`,
        [2, 42, 2, 56],
      ],
    ]);
    const python = [
      "execution_token = 'error-token-123'",
      "session_token = 'expired-jwt-token'",
      "api_token = 'Lw2Kp9r7Qvz8'",
      "",
    ].join("\n");
    expect(await findings("app/handler.py", python)).toEqual([
      [
        "sourceLiteral",
        `Variable api_token is a hardcoded token (Lw2****, kind generic-password): ${REMEDY}`,
        [3, 13, 3, 27],
      ],
    ]);
  });

  it("keeps a test's password, at low confidence (hidden by the default floor)", async () => {
    const found = await analyze(
      [rule],
      [
        {
          path: "tests/e2e.py",
          text: "TEST_PASSWORD = 'HelloWorld123!'\npassword = 'TestPassword123!'\ndb_password = 'Hq8!zLp2vWe'\n",
        },
      ],
    );
    expect(found.map((f) => [f.line, f.confidence])).toEqual([
      [1, "low"],
      [2, "low"],
      [3, "medium"],
    ]);
  });
  it("passes over stand-in words run together with what they stand for (`examplepass`) in a container's user data", async () => {
    const text = [
      "#!/bin/bash",
      "cat > /opt/app/compose.yml <<EOF",
      "services:",
      "  db:",
      "    environment:",
      "      MYSQL_USER: shopuser",
      "      MYSQL_PASSWORD: examplepass",
      "      WORDPRESS_DB_PASSWORD: dummysecret",
      "      REPLICA_PASSWORD: testpwd",
      "      MYSQL_ROOT_PASSWORD: Tz4!qWm8@rLx",
      "EOF",
    ].join("\n");
    expect(await findings("user_data/db_server", text)).toEqual([
      [
        "sourceLiteral",
        `Key MYSQL_ROOT_PASSWORD is a hardcoded password (Tz4****, kind generic-password): ${REMEDY}`,
        [10, 28, 10, 40],
      ],
    ]);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { ConfigError, configSchema, loadConfig } from "../../engine/config.js";
import rule from "./rule.js";

const secret = (name: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: ${name}
      KmsKeyId: alias/orders-secrets
`;

const ENV_PARAMETER = (fallback?: string) =>
  `Parameters:\n  Env:\n    Type: String\n${fallback ? `    Default: ${fallback}\n` : ""}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: name built from a variable's default",
    tf: `variable "env" {\n  default = "prod"\n}\n\nresource "aws_secretsmanager_secret" "db" {\n  name = "\${var.env}/orders/db"\n}\n`,
  },
  {
    name: "Terraform: a name prefix is not a name",
    tf: `resource "aws_secretsmanager_secret" "db" {\n  name_prefix = "orders-"\n}\n`,
  },
  {
    name: "Terraform: name from a variable without default",
    tf: `variable "secret_name" {}\n\nresource "aws_secretsmanager_secret" "db" {\n  name = var.secret_name\n}\n`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: flat name",
    tf: `resource "aws_secretsmanager_secret" "db" {\n  name = "orders-db-password"\n}\n`,
    errors: [
      {
        messageId: "shape",
        message:
          "Secret aws_secretsmanager_secret.db is named orders-db-password, which does not follow the naming convention environment/service[/component]/name (for example prod/orders/db) that lets IAM policies grant access by name prefix.",
        resource: "aws_secretsmanager_secret.db",
        tf: [2, 10, 2, 30],
        tfjson: [5, 17, 5, 37],
      },
    ],
  },
  {
    name: "Terraform: unknown environment from a local",
    tf: `locals {\n  env = "preprod"\n}\n\nresource "aws_secretsmanager_secret" "db" {\n  name = "\${local.env}/orders/db"\n}\n`,
    errors: [
      {
        messageId: "environment",
        message:
          "Secret aws_secretsmanager_secret.db is named preprod/orders/db (local value env), whose first segment preprod is not one of the environments dev, test, qa, stage, staging, prod, production, sandbox, shared; the naming convention environment/service[/component]/name lets IAM policies grant access by name prefix.",
        resource: "aws_secretsmanager_secret.db",
        tf: [6, 10, 6, 34],
        tfjson: [8, 17, 8, 41],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    { name: "environment, service, name", yaml: secret("prod/orders/db") },
    { name: "leading slash and a component", yaml: secret("/staging/orders/api/stripe-key") },
    { name: "every allowed character", yaml: secret("dev/orders_v2/db.primary/user+admin=x@y-z") },
    { name: "environment in another case", yaml: secret("PROD/orders/db") },
    { name: "environment from a parameter default", yaml: secret("!Sub ${Env}/orders/db", ENV_PARAMETER("prod")) },
    {
      name: "environment from a parameter without default is unresolved",
      yaml: secret("!Sub ${Env}/orders", ENV_PARAMETER()),
    },
    { name: "name built from the stack name is unresolved", yaml: secret("!Sub ${AWS::StackName}-db") },
    { name: "name imported from another stack", yaml: secret("!ImportValue OrdersSecretName") },
    {
      name: "no Name: CloudFormation generates one",
      yaml: `Resources:\n  OrdersDbSecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Description: orders database\n`,
    },
    {
      name: "a custom pattern replaces the default",
      yaml: secret("orders-db-password"),
      options: { pattern: "[a-z]+(-[a-z]+)+" },
    },
    { name: "custom environments", yaml: secret("prd/orders/db"), options: { environments: ["prd", "stg"] } },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "flat name",
      yaml: secret("orders-db-password"),
      errors: [
        {
          messageId: "shape",
          message:
            "Secret OrdersDbSecret is named orders-db-password, which does not follow the naming convention " +
            "environment/service[/component]/name (for example prod/orders/db) that lets IAM policies grant access by name prefix.",
          resource: "OrdersDbSecret",
          yaml: [6, 13, 6, 31],
          json: [7, 17, 7, 37],
        },
      ],
    },
    {
      name: "only two segments",
      yaml: secret("prod/orders"),
      errors: [
        {
          messageId: "shape",
          resource: "OrdersDbSecret",
          message:
            "Secret OrdersDbSecret is named prod/orders, which does not follow the naming convention " +
            "environment/service[/component]/name (for example prod/orders/db) that lets IAM policies grant access by name prefix.",
          yaml: [6, 13, 6, 24],
          json: [7, 17, 7, 30],
        },
      ],
    },
    {
      name: "five segments",
      yaml: secret("/prod/orders/api/stripe/key"),
      errors: [
        {
          messageId: "shape",
          resource: "OrdersDbSecret",
          message:
            "Secret OrdersDbSecret is named /prod/orders/api/stripe/key, which does not follow the naming convention " +
            "environment/service[/component]/name (for example prod/orders/db) that lets IAM policies grant access by name prefix.",
          yaml: [6, 13, 6, 40],
          json: [7, 17, 7, 46],
        },
      ],
    },
    {
      name: "empty segment and a space",
      yaml: secret("'prod//orders db'"),
      errors: [
        {
          messageId: "shape",
          resource: "OrdersDbSecret",
          message:
            "Secret OrdersDbSecret is named prod//orders db, which does not follow the naming convention " +
            "environment/service[/component]/name (for example prod/orders/db) that lets IAM policies grant access by name prefix.",
          yaml: [6, 13, 6, 30],
          json: [7, 17, 7, 34],
        },
      ],
    },
    {
      name: "first segment is not an environment",
      yaml: secret("orders/db/password"),
      errors: [
        {
          messageId: "environment",
          resource: "OrdersDbSecret",
          message:
            "Secret OrdersDbSecret is named orders/db/password, whose first segment orders is not one of the environments " +
            "dev, test, qa, stage, staging, prod, production, sandbox, shared; the naming convention " +
            "environment/service[/component]/name lets IAM policies grant access by name prefix.",
          yaml: [6, 13, 6, 31],
          json: [7, 17, 7, 37],
        },
      ],
    },
    {
      name: "environment from a parameter default that is not an environment",
      yaml: secret("!Sub ${Env}/orders/db", ENV_PARAMETER("uat")),
      errors: [
        {
          messageId: "environment",
          resource: "OrdersDbSecret",
          message:
            "Secret OrdersDbSecret is named uat/orders/db (default of parameter Env), whose first segment uat is not one of the " +
            "environments dev, test, qa, stage, staging, prod, production, sandbox, shared; the naming convention " +
            "environment/service[/component]/name lets IAM policies grant access by name prefix.",
          yaml: [10, 13, 10, 34],
          json: [13, 17, 15, 10],
        },
      ],
    },
    {
      name: "custom environments",
      yaml: secret("prod/orders/db"),
      options: { environments: ["prd", "stg"] },
      errors: [
        {
          messageId: "environment",
          message:
            "Secret OrdersDbSecret is named prod/orders/db, whose first segment prod is not one of the environments prd, stg; " +
            "the naming convention environment/service[/component]/name lets IAM policies grant access by name prefix.",
          resource: "OrdersDbSecret",
          yaml: [6, 13, 6, 27],
          json: [7, 17, 7, 33],
        },
      ],
    },
    {
      name: "custom pattern must match the whole name",
      yaml: secret("prod/orders/db"),
      options: { pattern: "(dev|prod)/[a-z]+" },
      errors: [
        {
          messageId: "pattern",
          resource: "OrdersDbSecret",
          message:
            "Secret OrdersDbSecret is named prod/orders/db, which does not match the project's naming convention (dev|prod)/[a-z]+.",
          yaml: [6, 13, 6, 27],
          json: [7, 17, 7, 33],
        },
      ],
    },
  ],
});

describe("secret-naming-convention options", () => {
  it("rejects an invalid regular expression when the configuration is loaded, naming the option", async () => {
    const dir = mkdtempSync(join(tmpdir(), "secretwarden-naming-"));
    const path = join(dir, "config.json");
    writeFileSync(
      path,
      JSON.stringify({ rules: { "secret-naming-convention": { options: { pattern: "prod/(orders" } } } }),
    );
    await expect(loadConfig(path, [rule])).rejects.toThrow(ConfigError);
    await expect(loadConfig(path, [rule])).rejects.toThrow(
      /\/rules\/secret-naming-convention\/options: "pattern" is not a valid regular expression \(.+\)$/,
    );
  });

  it("declares a schema the configuration loader compiles in strict mode, and that rejects bad values", async () => {
    const { Ajv } = await import("ajv");
    const validate = new Ajv({ allErrors: true, strict: true }).compile(configSchema([rule]));
    const config = (options: unknown) => ({ rules: { "secret-naming-convention": { options } } });
    expect(validate(config({ pattern: "(dev|prod)/.+", environments: ["prd", "stg"] }))).toBe(true);
    expect(validate(config({ pattern: "" }))).toBe(false);
    expect(validate(config({ environments: [] }))).toBe(false);
    expect(validate(config({ environments: ["prod/eu"] }))).toBe(false);
    expect(validate(config({ environments: ["prod", "prod"] }))).toBe(false);
    expect(validate(config({ prefix: "prod" }))).toBe(false);
  });
});

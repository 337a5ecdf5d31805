/**
 * hardcoded-credential on SSM parameters (a literal credential is reported here whatever the store; ssm-parameter-secret
 * reports the store itself), on other providers' credential arguments, and on values Terraform does not keep in its
 * state (write-only arguments, ephemeral variables), whose messages must not say the state holds them.
 */
import { describe, expect, it } from "vitest";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

const parameter = (name: string, type: string, value: string) => `Resources:
  OrdersDbPassword:
    Type: AWS::SSM::Parameter
    Properties:
      Name: ${name}
      Type: ${type}
      Value: ${value}
`;

const VALID: { name: string; yaml?: string; tf?: string }[] = [
  {
    name: "a plain parameter named like a secret, holding a switch",
    yaml: parameter("/prod/orders/token-cache", "String", "enabled"),
  },
  {
    name: "a plain parameter whose name says it is a test value",
    yaml: parameter("ORDERS_SECRET_TEST", "String", "q8Wm2vLx7RtZp4Kd"),
  },
  {
    name: "a plain parameter named like nothing secret",
    yaml: parameter("/prod/orders/colour", "String", "q8Wm2vLx7RtZp4Kd"),
  },
  {
    name: "a plain parameter holding the path of another parameter",
    yaml: parameter("/prod/orders/db-password", "String", "/prod/orders/db-password-v2"),
  },
  {
    name: "Terraform: a plain parameter named like a secret, holding a value built from a variable",
    tf: `resource "aws_ssm_parameter" "token" {
  name  = "/prod/orders/api-token"
  type  = "String"
  value = "prefix-\${var.token_suffix}"
}
`,
  },
];

const INVALID: {
  name: string;
  yaml?: string;
  tf?: string;
  errors: { message: string; resource: string; yaml?: number[]; tf?: number[] }[];
}[] = [
  {
    name: "a plain String parameter named like a password, with a literal value",
    yaml: parameter("/prod/orders/db-password", "String", "q8Wm2vLx7RtZp4Kd"),
    errors: [
      {
        message:
          "Value of resource OrdersDbPassword is a hardcoded password (q8Wm****): anyone who can read the template can use it. " +
          "Keep it in AWS Secrets Manager and use a dynamic reference.",
        resource: "OrdersDbPassword",
        yaml: [7, 14, 7, 30],
      },
    ],
  },
  {
    name: "Terraform: a plain String parameter named like a token, with a literal value",
    tf: `resource "aws_ssm_parameter" "token" {
  name  = "/prod/orders/api-token"
  type  = "String"
  value = "tok-Hq7Zx2Lm9Pw4Rv"
}
`,
    errors: [
      {
        message:
          "value of aws_ssm_parameter.token is a hardcoded token (tok-****): anyone who can read the configuration or the Terraform state " +
          "can use it. Keep it in AWS Secrets Manager and read it with an aws_secretsmanager_secret_version data source, or pass it in a " +
          "variable marked sensitive = true.",
        resource: "aws_ssm_parameter.token",
        tf: [4, 11, 4, 31],
      },
    ],
  },
  {
    name: "Terraform: another provider's credential argument",
    tf: `resource "azurerm_mssql_server" "orders" {
  name                         = "orders-sql"
  administrator_login          = "orders"
  administrator_login_password = "Vx8qL2mZr7Tn"
}
`,
    errors: [
      {
        message:
          "administrator_login_password of azurerm_mssql_server.orders is a hardcoded password (Vx8****): anyone who can read the configuration or the " +
          "Terraform state can use it. Keep it in AWS Secrets Manager and read it with an aws_secretsmanager_secret_version data source, or pass it in a " +
          "variable marked sensitive = true.",
        resource: "azurerm_mssql_server.orders",
        tf: [4, 34, 4, 48],
      },
    ],
  },
  {
    name: "Terraform: a write-only argument is not in the state",
    tf: `resource "aws_db_instance" "orders" {
  password_wo         = "Vx8qL2mZr7Tn"
  password_wo_version = 1
}
`,
    errors: [
      {
        message:
          "password_wo of aws_db_instance.orders is a hardcoded password (Vx8****): anyone who can read the configuration can use it. " +
          "Set manage_master_user_password = true to let the service keep it in Secrets Manager, or read it with an aws_secretsmanager_secret_version data source.",
        resource: "aws_db_instance.orders",
        tf: [2, 25, 2, 39],
      },
    ],
  },
  {
    name: "Terraform: a token in the default of an ephemeral variable is not in the state",
    tf: `variable "bootstrap" {
  type      = string
  ephemeral = true
  default   = "${["ghp", "_kCzJr4i0B3JrTAwR4y9ojfljoQoaF1Llqsaj"].join("")}"
}
`,
    errors: [
      {
        message:
          "A value of bootstrap contains a hardcoded GitHub token (ghp_****): anyone who can read the configuration can use it. Revoke it, keep the " +
          "replacement in AWS Secrets Manager and read it with an aws_secretsmanager_secret_version data source or at run time.",
        resource: "bootstrap",
        tf: [4, 15, 4, 57],
      },
    ],
  },
  {
    // The note after the default speaks Terraform: a variable is hidden by `sensitive`, not by NoEcho.
    name: "Terraform: a sensitive variable with a hardcoded password as its default",
    tf: `variable "db_password" {
  type      = string
  sensitive = true
  default   = "Vx8qL2mZr7Tn"
}
`,
    errors: [
      {
        message:
          "Variable db_password has a hardcoded password as its default (Vx8****), which sensitive = true hides in Terraform's output but not " +
          "in the configuration: a default is part of the configuration. Remove the default and pass the value at apply time in a variable " +
          "marked sensitive = true, or read it from Secrets Manager with an aws_secretsmanager_secret_version data source.",
        resource: "db_password",
        tf: [4, 15, 4, 29],
      },
    ],
  },
];

const run = async (path: string, text: string) =>
  (await analyze([rule], [{ path, text }])).map((f) => ({
    message: f.message,
    resource: f.resource,
    loc: [f.line, f.column, f.endLine, f.endColumn],
  }));

describe("hardcoded-credential on SSM parameters, other providers, write-only and ephemeral values", () => {
  for (const c of VALID) {
    it(`valid: ${c.name}`, async () => {
      expect(await run(c.yaml !== undefined ? "template.yaml" : "main.tf", (c.yaml ?? c.tf) as string)).toEqual([]);
    });
  }
  for (const c of INVALID) {
    it(`invalid: ${c.name}`, async () => {
      const [error] = c.errors;
      const path = c.yaml !== undefined ? "template.yaml" : "main.tf";
      expect(await run(path, (c.yaml ?? c.tf) as string)).toEqual([
        { message: error?.message, resource: error?.resource, loc: error?.yaml ?? error?.tf },
      ]);
    });
  }
});

/**
 * hardcoded-credential on SSM parameters: a literal credential in a parameter is reported here whatever the store
 * (ssm-parameter-secret reports the store itself); a name alone makes a plain parameter's value a credential.
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
    { name: "a plain parameter named like a secret, holding a switch", yaml: parameter("/prod/orders/token-cache", "String", "enabled") },
    { name: "a plain parameter whose name says it is a test value", yaml: parameter("ORDERS_SECRET_TEST", "String", "q8Wm2vLx7RtZp4Kd") },
    { name: "a plain parameter named like nothing secret", yaml: parameter("/prod/orders/colour", "String", "q8Wm2vLx7RtZp4Kd") },
    { name: "a plain parameter holding the path of another parameter", yaml: parameter("/prod/orders/db-password", "String", "/prod/orders/db-password-v2") },
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

const INVALID: { name: string; yaml?: string; tf?: string; errors: { message: string; resource: string; yaml?: number[]; tf?: number[] }[] }[] = [
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
];

const run = async (path: string, text: string) =>
  (await analyze([rule], [{ path, text }])).map((f) => ({ message: f.message, resource: f.resource, loc: [f.line, f.column, f.endLine, f.endColumn] }));

describe("hardcoded-credential on SSM parameters", () => {
  for (const c of VALID) {
    it(`valid: ${c.name}`, async () => {
      expect(await run(c.yaml !== undefined ? "template.yaml" : "main.tf", (c.yaml ?? c.tf) as string)).toEqual([]);
    });
  }
  for (const c of INVALID) {
    it(`invalid: ${c.name}`, async () => {
      const [error] = c.errors;
      const path = c.yaml !== undefined ? "template.yaml" : "main.tf";
      expect(await run(path, (c.yaml ?? c.tf) as string)).toEqual([{ message: error?.message, resource: error?.resource, loc: error?.yaml ?? error?.tf }]);
    });
  }
});

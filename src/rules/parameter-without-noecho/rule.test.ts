import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import rule from "./rule.js";
import { describesSecret } from "../../knowledge/secret-descriptions.js";

const template = (
  parameters: string,
  resources = "  Topic:\n    Type: AWS::SNS::Topic\n",
) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
${parameters}Resources:
${resources}`;

const WHERE =
  "so CloudFormation shows its value in plain text in the console and in DescribeStacks, DescribeStackEvents and DescribeChangeSet responses.";

/** Terraform variables: `sensitive` is Terraform's NoEcho. Each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: sensitive secret variable",
    tf: `variable "db_password" {\n  type      = string\n  sensitive = true\n}\n`,
  },
  {
    // Terraform 1.10: never written to a plan or the state (terraform-aws-modules/secrets-manager's `secret_string_wo`).
    name: "Terraform: ephemeral secret variable",
    tf: `variable "secret_string_wo" {\n  type      = string\n  default   = null\n  ephemeral = true\n}\n`,
  },
  { name: "Terraform: variable that names a secret", tf: `variable "db_password_arn" {\n  type = string\n}\n` },
  { name: "Terraform: number variable", tf: `variable "token_ttl" {\n  type = number\n}\n` },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: secret variable without sensitive",
    tf: `variable "db_password" {\n  type = string\n}\n`,
    errors: [
      {
        messageId: "missing",
        message:
          "Variable db_password is named like a secret but is not sensitive = true, so Terraform prints its value in plan and apply output and in CI logs.",
        resource: "db_password",
        tf: [1, 10, 1, 23],
        tfjson: [3, 5, 3, 18],
      },
    ],
  },
  {
    name: "Terraform: secret variable with sensitive = false",
    tf: `variable "api_token" {\n  sensitive = false\n}\n`,
    errors: [
      {
        messageId: "disabled",
        resource: "api_token",
        message:
          "Variable api_token is named like a secret but sets sensitive = false, so Terraform prints its value in plan and apply output and in CI logs.",
        tf: [2, 15, 2, 20],
        tfjson: [4, 20, 4, 25],
      },
    ],
  },
  {
    name: "Terraform: secret variable with ephemeral = false",
    tf: `variable "db_password" {\n  type      = string\n  ephemeral = false\n}\n`,
    errors: [
      {
        messageId: "missing",
        message:
          "Variable db_password is named like a secret but is not sensitive = true, so Terraform prints its value in plan and apply output and in CI logs.",
        resource: "db_password",
        tf: [1, 10, 1, 23],
        tfjson: [3, 5, 3, 18],
      },
    ],
  },
  {
    name: "Terraform: sensitive variable with a default",
    tf: `variable "signing_key" {\n  sensitive = true\n  default   = "k3y-9f8e7d6c5b4a"\n}\n`,
    errors: [
      {
        messageId: "default",
        resource: "signing_key",
        message:
          "Variable signing_key is sensitive and has a default: sensitive hides the value in Terraform's output only, while the default stays in plain text in the configuration for anyone who reads the repository.",
        tf: [3, 15, 3, 33],
        tfjson: [5, 18, 5, 36],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    { name: "secret-like name with NoEcho", yaml: template("  DbPassword:\n    Type: String\n    NoEcho: true\n") },
    { name: "NoEcho written as a string", yaml: template("  ApiToken:\n    Type: String\n    NoEcho: 'True'\n") },
    {
      name: "a name that says ARN, with a description that mentions a password",
      yaml: template("  DbPasswordSecretArn:\n    Type: String\n    Description: The database password secret\n"),
    },
    {
      name: "a description whose subject is the ARN of a secret",
      yaml: template(
        "  DatabaseInput:\n    Type: String\n    Description: ARN of the secret that holds the database password\n",
      ),
    },
    {
      name: "a description whose subject is the name of a parameter",
      yaml: template(
        "  DatabaseInput:\n    Type: String\n    Description: Name of the SSM parameter with the DB password\n",
      ),
    },
    {
      name: "a description whose subject is a KMS key",
      yaml: template("  EncryptionInput:\n    Type: String\n    Description: The KMS key used to encrypt the secret\n"),
    },
    {
      name: "SSM parameter type carries the parameter's name",
      yaml: template("  DbPassword:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /prod/db/password\n"),
    },
    {
      name: "Number with a secret-like name is a setting",
      yaml: template("  TokenDuration:\n    Type: Number\n    Default: 3600\n"),
    },
    { name: "a setting about passwords", yaml: template("  PasswordLength:\n    Type: String\n    Default: '32'\n") },
    {
      name: "NoEcho with an empty default (optional parameter)",
      yaml: template("  DbPassword:\n    Type: String\n    NoEcho: true\n    Default: ''\n"),
    },
    {
      name: "NoEcho with a placeholder default",
      yaml: template("  DbPassword:\n    Type: String\n    NoEcho: true\n    Default: changeme\n"),
    },
    {
      name: "unresolvable NoEcho is not guessed",
      yaml: template("  DbPassword:\n    Type: String\n    NoEcho: yes please\n"),
    },
    {
      name: "a neutral parameter used in a property that is not a credential",
      yaml: template(
        "  AdminInput:\n    Type: String\n",
        "  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref AdminInput\n",
      ),
    },
    {
      name: "a neutral parameter passed to a variable that is not secret-like",
      yaml: template(
        "  Stage:\n    Type: String\n",
        "  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          STAGE: !Ref Stage\n",
      ),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "secret-like name without NoEcho",
      yaml: template("  DbPassword:\n    Type: String\n    MinLength: 12\n"),
      errors: [
        {
          messageId: "missing",
          message: `Parameter DbPassword is named like a secret but has no NoEcho: true, ${WHERE}`,
          resource: "DbPassword",
          yaml: [3, 3, 3, 13],
          json: [4, 5, 4, 17],
        },
      ],
    },
    {
      name: "no Type is read as String",
      yaml: template("  GithubToken:\n    Description: Personal access token\n"),
      errors: [
        {
          messageId: "missing",
          resource: "GithubToken",
          message: `Parameter GithubToken is named like a secret but has no NoEcho: true, ${WHERE}`,
          yaml: [3, 3, 3, 14],
          json: [4, 5, 4, 18],
        },
      ],
    },
    {
      name: "a list of secrets",
      yaml: template("  ReplicaPasswords:\n    Type: CommaDelimitedList\n"),
      errors: [
        {
          messageId: "missing",
          resource: "ReplicaPasswords",
          message: `Parameter ReplicaPasswords is named like a secret but has no NoEcho: true, ${WHERE}`,
          yaml: [3, 3, 3, 19],
          json: [4, 5, 4, 23],
        },
      ],
    },
    {
      name: "NoEcho false",
      yaml: template("  ApiToken:\n    Type: String\n    NoEcho: false\n"),
      errors: [
        {
          messageId: "disabled",
          resource: "ApiToken",
          message: `Parameter ApiToken is named like a secret but sets NoEcho to false, ${WHERE}`,
          yaml: [5, 13, 5, 18],
          json: [6, 17, 6, 22],
        },
      ],
    },
    {
      name: "a description whose subject is a password",
      yaml: template("  DbMaster:\n    Type: String\n    Description: The database master password\n"),
      errors: [
        {
          messageId: "missing",
          resource: "DbMaster",
          message: `Parameter DbMaster is described as a secret ("The database master password") but has no NoEcho: true, ${WHERE}`,
          yaml: [3, 3, 3, 11],
          json: [4, 5, 4, 15],
        },
      ],
    },
    {
      name: "a description that starts with (Optional)",
      yaml: template(
        "  AdminLogin:\n    Type: String\n    Description: (Optional) Password for the admin user, at least 12 characters long and without any quotes\n",
      ),
      errors: [
        {
          messageId: "missing",
          resource: "AdminLogin",
          message: `Parameter AdminLogin is described as a secret ("(Optional) Password for the admin user, at least 12 chara...") but has no NoEcho: true, ${WHERE}`,
          yaml: [3, 3, 3, 13],
          json: [4, 5, 4, 17],
        },
      ],
    },
    {
      name: "a neutral name used as a database master password",
      yaml: template(
        "  AdminInput:\n    Type: String\n",
        "  OrdersDb:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      MasterUsername: orders\n      MasterUserPassword: !Ref AdminInput\n",
      ),
      errors: [
        {
          messageId: "missing",
          resource: "AdminInput",
          message: `Parameter AdminInput is used as MasterUserPassword of OrdersDb but has no NoEcho: true, ${WHERE}`,
          yaml: [3, 3, 3, 13],
          json: [4, 5, 4, 17],
        },
      ],
    },
    {
      name: "a neutral name passed to a secret-like Lambda environment variable",
      yaml: template(
        "  Input1:\n    Type: String\n",
        "  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          DB_PASSWORD: !Ref Input1\n",
      ),
      errors: [
        {
          messageId: "missing",
          resource: "Input1",
          message: `Parameter Input1 is passed to environment variable DB_PASSWORD of function Fn but has no NoEcho: true, ${WHERE}`,
          yaml: [3, 3, 3, 9],
          json: [4, 5, 4, 13],
        },
      ],
    },
    {
      name: "NoEcho with a real default",
      yaml: template("  DbPassword:\n    Type: String\n    NoEcho: true\n    Default: 'Tr0ub4dor&3-Horse!'\n"),
      errors: [
        {
          messageId: "default",
          resource: "DbPassword",
          message:
            "Parameter DbPassword has NoEcho: true and a Default: NoEcho masks only what the API returns, while the default stays in " +
            "plain text in the template, for anyone who reads the repository or calls GetTemplate on the stack or a change set.",
          yaml: [6, 14, 6, 34],
          json: [7, 18, 7, 38],
        },
      ],
    },
    {
      name: "NoEcho with a real default, whatever the name",
      yaml: template("  Input1:\n    NoEcho: 'true'\n    Default: s3cr3t-Passw0rd-2024\n"),
      errors: [
        {
          messageId: "default",
          resource: "Input1",
          message:
            "Parameter Input1 has NoEcho: true and a Default: NoEcho masks only what the API returns, while the default stays in " +
            "plain text in the template, for anyone who reads the repository or calls GetTemplate on the stack or a change set.",
          yaml: [5, 14, 5, 34],
          json: [6, 18, 6, 40],
        },
      ],
    },
  ],
});

describe("describesSecret", () => {
  it.each([
    "The database master password",
    "Password for the admin user",
    "Database password (8 to 41 characters)",
    "(Optional) Password for the admin user",
    "Optional. The API key of the payment provider",
    "GitHub personal access token",
    "Secret key used to sign session cookies",
    "Username and password of the replication user",
    "Enter the database password",
  ])("%j describes a secret", (description) => {
    expect(describesSecret(description)).toBe(true);
  });

  it.each([
    "ARN of the secret that holds the password",
    "Name of the SSM parameter that stores the DB password",
    "Secret ARN",
    "The Secrets Manager secret name for the database password",
    "The KMS key used to encrypt the secret",
    "Length of the generated password",
    "Whether to create a password secret",
    "Generate a random password",
    "Password policy to apply",
    "Path of the parameter with the token",
    "Database username",
    "",
  ])("%j does not", (description) => {
    expect(describesSecret(description)).toBe(false);
  });
});

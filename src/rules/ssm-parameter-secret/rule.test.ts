import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import rule from "./rule.js";

/** Made up, and assembled at run time so that no credential-shaped literal sits in the source. */
const GITHUB_TOKEN = ["ghp", "_R8sL2vQx9TzK4mNpW7yB3cJf6HdE1uA5oXiG"].join("");

/** One `AWS::SSM::Parameter` with the given properties, after optional template sections. */
const template = (properties: string, before = "", after = "") => `AWSTemplateFormatVersion: "2010-09-09"
${before}Resources:
  OrdersParameter:
    Type: AWS::SSM::Parameter
    Properties:
${properties}${after}`;

const PEM_BEGIN = ["-----BEGIN RSA ", "PRIVATE KEY-----"].join("");
const PEM_END = ["-----END RSA ", "PRIVATE KEY-----"].join("");

const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: a SecureString with a literal value is hardcoded-credential's, not this rule's",
    tf: `resource "aws_ssm_parameter" "db_password" {
  name  = "/prod/orders/db-password"
  type  = "SecureString"
  value = "Tr0ub4dor&3-Horse"
}
`,
  },
  {
    name: "Terraform: a plain parameter named like a password that holds the secret's ARN",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_ssm_parameter" "db_password" {
  name  = "/prod/orders/db-password"
  type  = "String"
  value = aws_secretsmanager_secret.db.arn
}
`,
  },
  {
    name: "Terraform: the type comes from a variable",
    tf: `variable "parameter_type" {
  type = string
}

resource "aws_ssm_parameter" "api_token" {
  name  = "/prod/orders/api-token"
  type  = var.parameter_type
  value = var.api_token
}
`,
  },
  {
    name: "Terraform: a feature flag and a rotation setting under secret-like names",
    tf: `resource "aws_ssm_parameter" "cache" {
  name  = "/prod/orders/secrets-cache-enabled"
  type  = "String"
  value = "true"
}

resource "aws_ssm_parameter" "token" {
  name  = "/prod/orders/api-token"
  type  = "String"
  value = "30"
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: a generated password kept in a plain String",
    tf: `resource "random_password" "db" {
  length = 32
}

resource "aws_ssm_parameter" "db_password" {
  name  = "/prod/orders/db-password"
  type  = "String"
  value = random_password.db.result
}
`,
    errors: [
      {
        messageId: "name",
        resource: "aws_ssm_parameter.db_password",
        message:
          "SSM parameter aws_ssm_parameter.db_password (/prod/orders/db-password) is named like a password but is a plain String: Parameter Store keeps it unencrypted and shows it to anyone who may read the parameter, and nothing rotates it. Move it to AWS Secrets Manager, or at least make it a SecureString.",
        tf: [8, 11, 8, 36],
        tfjson: [12, 18, 12, 48],
      },
    ],
  },
  {
    name: "Terraform: a GitHub token in insecure_value under a neutral name",
    tf: `resource "aws_ssm_parameter" "ci" {
  name           = "/ci/github"
  type           = "String"
  insecure_value = "${GITHUB_TOKEN}"
}
`,
    errors: [
      {
        messageId: "value",
        resource: "aws_ssm_parameter.ci",
        kind: "github-token",
        message:
          "SSM parameter aws_ssm_parameter.ci (/ci/github) is a plain String whose value is a hardcoded GitHub token (ghp_****): anyone who can read the configuration can use it, and Parameter Store shows it unencrypted to anyone who may read the parameter. Revoke it. Move it to AWS Secrets Manager, or at least make it a SecureString.",
        tf: [4, 20, 4, 62],
        tfjson: [7, 27, 7, 69],
      },
    ],
  },
  {
    name: "Terraform: a StringList described as tokens",
    tf: `variable "upstream_tokens" {
  type      = list(string)
  sensitive = true
}

resource "aws_ssm_parameter" "upstream" {
  name        = "/prod/orders/upstream"
  description = "Bearer tokens for the upstream API"
  type        = "StringList"
  value       = join(",", var.upstream_tokens)
}
`,
    errors: [
      {
        messageId: "description",
        resource: "aws_ssm_parameter.upstream",
        message:
          'SSM parameter aws_ssm_parameter.upstream (/prod/orders/upstream) is described as a token ("Bearer tokens for the upstream API") but is a plain StringList: Parameter Store keeps it unencrypted and shows it to anyone who may read the parameter, and nothing rotates it. Move it to AWS Secrets Manager, or at least make it a SecureString.',
        tf: [10, 17, 10, 47],
        tfjson: [14, 18, 14, 55],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "an ARN under a name that merely mentions the password",
      yaml: template(
        "      Name: /prod/orders/db-password-arn\n      Type: String\n      Value: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-a1B2c3\n",
      ),
    },
    {
      name: "a parameter named like a password that holds a secret's ARN by Ref",
      yaml: template(
        "      Name: /prod/orders/db-password\n      Type: String\n      Value: !Ref OrdersDbSecret\n",
        "",
        "  OrdersDbSecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/orders/db\n",
      ),
    },
    {
      name: "a URL without credentials",
      yaml: template("      Name: /prod/orders/api-url\n      Type: String\n      Value: https://api.example.com/v1\n"),
    },
    {
      name: "a feature flag under a secret-like word",
      yaml: template("      Name: /prod/orders/secrets-cache-enabled\n      Type: String\n      Value: 'true'\n"),
    },
    {
      name: "a random-looking value under a neutral name",
      yaml: template("      Name: /myapp/foo\n      Type: String\n      Value: akdfaksdfjkasdfjskafjdkfajsdfk345\n"),
    },
    {
      name: "a path built with Fn::Sub under the name secret",
      yaml: template(
        "      Name: secret\n      Type: String\n      Value: !Sub '/cdk-bootstrap/${Qualifier}/version'\n",
        "Parameters:\n  Qualifier:\n    Type: String\n",
      ),
    },
    {
      name: "a description about the secret, not of it",
      yaml: template(
        "      Name: /prod/orders/db-secret-name\n      Description: Name of the secret that holds the database password\n      Type: String\n      Value: prod/orders/db\n",
      ),
    },
    {
      name: "a type that is not known",
      yaml: template(
        "      Name: /prod/orders/api-token\n      Type: !Ref ParameterType\n      Value: !Ref ApiToken\n",
        "Parameters:\n  ParameterType:\n    Type: String\n  ApiToken:\n    Type: String\n    NoEcho: true\n",
      ),
    },
    {
      name: "a public key described next to the word private key",
      yaml: template(
        "      Name: /prod/orders/jwt-public-key\n      Description: Public key that verifies tokens; the private key stays in Secrets Manager\n      Type: String\n      Value: MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n",
      ),
    },
    {
      name: "a public key, with a key's PEM armour pasted into the description",
      yaml: template(
        `      Type: String\n      Value: |\n        -----BEGIN PUBLIC KEY-----\n        MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n        -----END PUBLIC KEY-----\n      Description: |\n        ${PEM_BEGIN}\n        ...\n        ${PEM_END}\n`,
      ),
    },
    {
      name: "an AMI id parameter",
      yaml: template(
        "      Name: /golden/token-service-ami\n      Type: String\n      DataType: aws:ec2:image\n      Value: ami-0123456789abcdef0\n",
      ),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "a password written in a plain String",
      yaml: template("      Name: /prod/orders/db-password\n      Type: String\n      Value: 'Tr0ub4dor&3-Horse'\n"),
      errors: [
        {
          messageId: "name",
          resource: "OrdersParameter",
          message:
            "SSM parameter OrdersParameter (/prod/orders/db-password) is named like a password but is a plain String and its value is written in the template (Tr0u****): Parameter Store keeps it unencrypted and shows it to anyone who may read the parameter, and nothing rotates it. Move it to AWS Secrets Manager (CloudFormation cannot create a SecureString parameter).",
          yaml: [8, 14, 8, 33],
          json: [9, 18, 9, 37],
        },
      ],
    },
    {
      name: "a database URL with its password under a neutral name",
      yaml: template(
        "      Name: /prod/orders/database-url\n      Type: String\n      Value: postgres://orders:S3cr3tPassw0rd@db.internal:5432/orders\n",
      ),
      errors: [
        {
          messageId: "value",
          resource: "OrdersParameter",
          kind: "db-connection-string",
          message:
            "SSM parameter OrdersParameter (/prod/orders/database-url) is a plain String whose value is a hardcoded database connection string with a password (S3cr****): anyone who can read the template can use it, and Parameter Store shows it unencrypted to anyone who may read the parameter. Revoke it. Move it to AWS Secrets Manager (CloudFormation cannot create a SecureString parameter).",
          yaml: [8, 14, 8, 70],
          json: [9, 18, 9, 76],
        },
      ],
    },
    {
      name: "a placeholder under a token's name: the real value goes into the same plain parameter",
      yaml: template("      Name: /prod/orders/api-token\n      Type: String\n      Value: changeme\n"),
      errors: [
        {
          messageId: "name",
          resource: "OrdersParameter",
          message:
            "SSM parameter OrdersParameter (/prod/orders/api-token) is named like a token but is a plain String: Parameter Store keeps it unencrypted and shows it to anyone who may read the parameter, and nothing rotates it. Move it to AWS Secrets Manager (CloudFormation cannot create a SecureString parameter).",
          yaml: [8, 14, 8, 22],
          json: [9, 18, 9, 28],
        },
      ],
    },
    {
      name: "a StringList without Name, its logical ID says tokens",
      yaml: `Parameters:
  UpstreamTokens:
    Type: CommaDelimitedList
    NoEcho: true
Resources:
  UpstreamTokensParameter:
    Type: AWS::SSM::Parameter
    Properties:
      Type: StringList
      Value: !Join [",", !Ref UpstreamTokens]
`,
      errors: [
        {
          messageId: "name",
          resource: "UpstreamTokensParameter",
          message:
            "SSM parameter UpstreamTokensParameter is named like a token but is a plain StringList: Parameter Store keeps it unencrypted and shows it to anyone who may read the parameter, and nothing rotates it. Move it to AWS Secrets Manager (CloudFormation cannot create a SecureString parameter).",
          yaml: [10, 14, 10, 46],
          json: [13, 18, 20, 10],
        },
      ],
    },
    {
      name: "described as an API key, the value from a NoEcho parameter",
      yaml: template(
        "      Description: API key for the Stripe account\n      Type: String\n      Value: !Ref StripeKey\n",
        "Parameters:\n  StripeKey:\n    Type: String\n    NoEcho: true\n",
      ),
      errors: [
        {
          messageId: "description",
          resource: "OrdersParameter",
          message:
            'SSM parameter OrdersParameter is described as an API key ("API key for the Stripe account") but is a plain String: Parameter Store keeps it unencrypted and shows it to anyone who may read the parameter, and nothing rotates it. Move it to AWS Secrets Manager (CloudFormation cannot create a SecureString parameter).',
          yaml: [12, 14, 12, 28],
          json: [15, 18, 17, 10],
        },
      ],
    },
    {
      name: "a secret copied from Secrets Manager by ARN",
      yaml: template(
        "      Name: /prod/orders/db\n      Type: StringList\n      Value: '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-a1B2c3:SecretString:password}}'\n",
      ),
      errors: [
        {
          messageId: "copied",
          resource: "OrdersParameter",
          message:
            "SSM parameter OrdersParameter (/prod/orders/db) copies secret arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-a1B2c3 " +
            "into a plain StringList: Parameter Store keeps the copy unencrypted and shows it to anyone who may read the parameter, and the copy " +
            "does not follow the secret's rotation. Read the secret where it is needed instead.",
          yaml: [8, 14, 8, 139],
          json: [9, 18, 9, 143],
        },
      ],
    },
    {
      name: "a secret copied from Secrets Manager",
      yaml: template(
        "      Name: /prod/orders/db-credentials\n      Type: String\n      Value: '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'\n",
      ),
      errors: [
        {
          messageId: "copied",
          resource: "OrdersParameter",
          message:
            "SSM parameter OrdersParameter (/prod/orders/db-credentials) copies secret prod/orders/db into a plain String: Parameter Store keeps the copy unencrypted and shows it to anyone who may read the parameter, and the copy does not follow the secret's rotation. Read the secret where it is needed instead.",
          yaml: [8, 14, 8, 79],
          json: [9, 18, 9, 83],
        },
      ],
    },
  ],
});

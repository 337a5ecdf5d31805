import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import rule from "./rule.js";

const template = (variables: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
  OrdersFn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Environment:
        Variables:
${variables}`;

const HOW =
  "pass the secret's ARN or name instead and read the value at run time with the AWS Parameters and Secrets Lambda Extension or the SDK.";
const READABLE = "readable in plain text by anyone allowed lambda:GetFunctionConfiguration and in the console";
const literal = (variable: string, label = "function OrdersFn") =>
  `Environment variable ${variable} of ${label} holds a secret written into the function's configuration, where it is ${READABLE}; ${HOW}`;
const fromParameter = (variable: string, parameter: string, label = "function OrdersFn") =>
  `Environment variable ${variable} of ${label} is set from secret parameter ${parameter}, which puts the secret in the function's configuration, ${READABLE}; ${HOW}`;
const fromSecretsManager = (variable: string, label = "function OrdersFn") =>
  `Environment variable ${variable} of ${label} is set from a Secrets Manager dynamic reference, which CloudFormation resolves into the function's configuration, ${READABLE}; ${HOW}`;

const SAM = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Environment:
      Variables:
        LOG_LEVEL: info
        SLACK_WEBHOOK_SECRET: 'xoxb-2f9a7c1e5b3d8f6a'
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          DB_SECRET_ARN: !Ref DbSecret
          DB_PASSWORD: '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'
  DbSecret:
    Type: AWS::SecretsManager::Secret
`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: the secret's ARN and settings",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

variable "log_level" {
  default = "info"
}

resource "aws_lambda_function" "api" {
  function_name = "orders-api"

  environment {
    variables = {
      DB_SECRET_ARN   = aws_secretsmanager_secret.db.arn
      LOG_LEVEL       = var.log_level
      SECRETS_TIMEOUT = "5"
      API_KEY         = "changeme"
    }
  }
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: literal token, sensitive variable and a password spliced into a URL",
    tf: `variable "db_password" {
  type      = string
  sensitive = true
}

variable "signing_key" {
  sensitive = true
}

resource "aws_lambda_function" "api" {
  function_name = "orders-api"

  environment {
    variables = {
      API_TOKEN    = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
      SIGNING      = var.signing_key
      DATABASE_URL = "postgres://orders:\${var.db_password}@db.internal:5432/orders"
    }
  }
}
`,
    errors: [
      {
        messageId: "literal",
        message:
          "Environment variable API_TOKEN of function aws_lambda_function.api holds a secret written into the function's configuration, where it is readable in plain text by anyone allowed lambda:GetFunctionConfiguration and in the console; pass the secret's ARN or name instead and read the value at run time with the AWS Parameters and Secrets Lambda Extension or the SDK.",
        resource: "aws_lambda_function.api",
        tf: [15, 22, 15, 60],
        tfjson: [17, 26, 17, 64],
      },
      {
        messageId: "parameter",
        message:
          "Environment variable SIGNING of function aws_lambda_function.api is set from secret variable signing_key, which puts the secret in the function's configuration, readable in plain text by anyone allowed lambda:GetFunctionConfiguration and in the console; pass the secret's ARN or name instead and read the value at run time with the AWS Parameters and Secrets Lambda Extension or the SDK.",
        resource: "aws_lambda_function.api",
        tf: [16, 22, 16, 37],
        tfjson: [18, 24, 18, 44],
      },
      {
        messageId: "parameter",
        message:
          "Environment variable DATABASE_URL of function aws_lambda_function.api is set from secret variable db_password, which puts the secret in the function's configuration, readable in plain text by anyone allowed lambda:GetFunctionConfiguration and in the console; pass the secret's ARN or name instead and read the value at run time with the AWS Parameters and Secrets Lambda Extension or the SDK.",
        resource: "aws_lambda_function.api",
        tf: [17, 22, 17, 84],
        tfjson: [19, 29, 19, 91],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "the secret's ARN by Ref",
      yaml: template("          SECRET_ARN: !Ref DbSecret\n          DB_PASSWORD: !Ref DbSecret\n"),
    },
    {
      name: "names, ARNs and paths of secrets",
      yaml: template(
        "          DB_PASSWORD_ARN: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-AbC123\n" +
          "          API_TOKEN_SECRET_NAME: prod/orders/token\n          SIGNING_KEY_PATH: /prod/orders/signing-key\n",
      ),
    },
    {
      name: "a plain SSM parameter",
      yaml: template(
        "          DB_HOST: '{{resolve:ssm:/prod/db/host}}'\n          API_TOKEN_URL: '{{resolve:ssm:/prod/api/url:3}}'\n",
      ),
    },
    {
      name: "placeholders",
      yaml: template(
        "          DB_PASSWORD: changeme\n          API_KEY: ''\n          CLIENT_SECRET: '<client-secret>'\n",
      ),
    },
    {
      name: "settings about secrets",
      yaml: template("          TOKEN_TTL: '3600'\n          PASSWORD_LENGTH: '32'\n"),
    },
    {
      name: "a parameter whose name says it holds the secret's ARN",
      yaml: template(
        "          DB_PASSWORD: !Ref DbPasswordSecretArn\n",
        "Parameters:\n  DbPasswordSecretArn:\n    Type: String\n",
      ),
    },
    {
      name: "a neutral parameter in a neutral variable",
      yaml: template("          STAGE: !Ref Stage\n", "Parameters:\n  Stage:\n    Type: String\n    Default: prod\n"),
    },
    {
      name: "a value derived from the stack's name",
      yaml: template("          DB_PASSWORD: !Sub '${AWS::StackName}-password'\n"),
    },
    { name: "an imported value", yaml: template("          API_KEY: !ImportValue SharedApiKey\n") },
    {
      name: "ECS containers have Secrets for this and are not Lambda functions",
      yaml: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: web
          Environment:
            - Name: DB_PASSWORD
              Value: 'Tr0ub4dor&3-Horse!'
`,
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "a secret literal in a secret-like variable",
      yaml: template("          DB_USER: orders\n          DB_PASSWORD: 'Tr0ub4dor&3-Horse!'\n"),
      errors: [
        {
          messageId: "literal",
          message: literal("DB_PASSWORD"),
          resource: "OrdersFn",
          yaml: [13, 24, 13, 44],
          json: [15, 28, 15, 48],
        },
      ],
    },
    {
      name: "a NoEcho parameter in any variable",
      yaml: template("          CONFIG: !Ref Input1\n", "Parameters:\n  Input1:\n    Type: String\n    NoEcho: true\n"),
      errors: [
        {
          messageId: "parameter",
          resource: "OrdersFn",
          message: fromParameter("CONFIG", "Input1"),
          yaml: [16, 19, 16, 30],
          json: [20, 23, 22, 14],
        },
      ],
    },
    {
      name: "a secret-like parameter with a default",
      yaml: template(
        "          PASS: !Ref DbPassword\n",
        "Parameters:\n  DbPassword:\n    Type: String\n    Default: 'Tr0ub4dor&3-Horse!'\n",
      ),
      errors: [
        {
          messageId: "parameter",
          resource: "OrdersFn",
          message: fromParameter("PASS", "DbPassword"),
          yaml: [16, 17, 16, 32],
          json: [20, 21, 22, 14],
        },
      ],
    },
    {
      name: "a neutral parameter in a secret-like variable",
      yaml: template("          API_KEY: !Ref Key\n", "Parameters:\n  Key:\n    Type: String\n"),
      errors: [
        {
          messageId: "parameter",
          resource: "OrdersFn",
          message: fromParameter("API_KEY", "Key"),
          yaml: [15, 20, 15, 28],
          json: [19, 24, 21, 14],
        },
      ],
    },
    {
      name: "a secret parameter spliced into a connection string",
      yaml: template(
        "          DATABASE_URL: !Sub 'postgres://orders:${DbPassword}@db.internal:5432/orders'\n",
        "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n",
      ),
      errors: [
        {
          messageId: "parameter",
          resource: "OrdersFn",
          message: fromParameter("DATABASE_URL", "DbPassword"),
          yaml: [16, 25, 16, 87],
          json: [20, 29, 22, 14],
        },
      ],
    },
    {
      name: "a Secrets Manager dynamic reference in any variable",
      yaml: template("          DB_CONFIG: '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'\n"),
      errors: [
        {
          messageId: "secretsManager",
          resource: "OrdersFn",
          message: fromSecretsManager("DB_CONFIG"),
          yaml: [12, 22, 12, 87],
          json: [14, 26, 14, 91],
        },
      ],
    },
    {
      name: "a Secrets Manager dynamic reference built with Sub into a URL",
      yaml: template(
        "          DATABASE_URL: !Sub 'postgres://orders:{{resolve:secretsmanager:${DbSecret}:SecretString:password}}@${Db.Endpoint.Address}/orders'\n",
      ),
      errors: [
        {
          messageId: "secretsManager",
          resource: "OrdersFn",
          message: fromSecretsManager("DATABASE_URL"),
          yaml: [12, 25, 12, 140],
          json: [14, 29, 16, 14],
        },
      ],
    },
    {
      name: "an SSM SecureString dynamic reference",
      yaml: template("          API_TOKEN: '{{resolve:ssm-secure:/prod/api/token:2}}'\n"),
      errors: [
        {
          messageId: "ssmSecure",
          resource: "OrdersFn",
          message:
            "Environment variable API_TOKEN of function OrdersFn is set from an SSM SecureString dynamic reference, which CloudFormation " +
            "does not accept in Lambda environment variables (the deployment fails) and which would put the secret in the function's " +
            `plaintext configuration; ${HOW}`,
          yaml: [12, 22, 12, 64],
          json: [14, 26, 14, 68],
        },
      ],
    },
    {
      name: "SAM Globals and a SAM function",
      yaml: SAM,
      errors: [
        {
          messageId: "literal",
          message: literal("SLACK_WEBHOOK_SECRET", "SAM Globals.Function"),
          resource: "Globals.Function",
          yaml: [9, 31, 9, 54],
          json: [10, 35, 10, 58],
        },
        {
          messageId: "secretsManager",
          message: fromSecretsManager("DB_PASSWORD", "function Api"),
          resource: "Api",
          yaml: [18, 24, 18, 89],
          json: [25, 28, 25, 93],
        },
      ],
    },
  ],
});

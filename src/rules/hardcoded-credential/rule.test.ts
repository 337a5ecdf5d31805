import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";
import { locationOf } from "../../knowledge/value-locations.js";
import { nounFor } from "../../knowledge/credential-nouns.js";
import type { PNode } from "../../core/positioned.js";
import { SourceFile } from "../../core/positioned.js";

/**
 * Made-up credentials, assembled at run time so that no complete credential-shaped literal sits in the source
 * (secret scanners and push protection would flag this file otherwise).
 */
const FAKE = {
  awsKeyId: ["AKIA", "UJZDEGXDNCF32EPF"].join(""),
  awsSecret: ["2hpChYgCfrL1spNxnyVm", "ihA/2O76UMFxFkM/R5Kj"].join(""),
  otherBase64: ["p1vRt+1fjORS/6ilI8ih", "N5KXSc7Tvo/hBKqFYY/k"].join(""),
  githubToken: ["ghp", "_kCzJr4i0B3JrTAwR4y9ojfljoQoaF1Llqsaj"].join(""),
  roleId: ["AROA", "JQABLZS4A3QDU576Q"].join(""),
  slackWebhook: ["https://hooks.slack.com/services/", "T0A1B2C3D/B0A1B2C3D/", "p0zVZomHFwUbbYrEqmSM9wCZ"].join(""),
  pemBody: [
    "MIIEowIBAAKCAQEAxNKu8iS2G8NPRVdD53X83RZJzzzgEOzdmenCkhvMdgaKjIg8x",
    "Nbe3nNyjOq9wMxEhh2FDEEtfjgVvVqE1SkHbn88HxjSI6bWHtP3fS2qHx6kwXoIIX",
  ],
};

const PEM_BEGIN = ["-----BEGIN RSA ", "PRIVATE KEY-----"].join("");
const PEM_END = ["-----END RSA ", "PRIVATE KEY-----"].join("");
const encodedPem = Buffer.from(`${PEM_BEGIN}\n${FAKE.pemBody.join("\n")}\n${PEM_END}\n`).toString("base64");

const rds = (password: string, extra = "") => `AWSTemplateFormatVersion: "2010-09-09"
${extra}Resources:
  OrdersDb:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      MasterUsername: orders
      MasterUserPassword: ${password}
`;

const lambda = (variables: string, extra = "") => `${extra}Resources:
  OrdersFn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Environment:
        Variables:
${variables}`;

const secret = (properties: string) => `Resources:
  ApiSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
${properties}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: generated, referenced and placeholder values",
    tf: `resource "random_password" "db" {
  length = 32
}

resource "aws_db_instance" "orders" {
  password = random_password.db.result
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = "prod/orders/api"
  secret_string = jsonencode({ username = "orders", password = var.api_password })
}

variable "api_password" {
  type      = string
  sensitive = true
}

resource "aws_rds_cluster" "orders" {
  master_password = aws_secretsmanager_secret_version.api.secret_string
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "changeme"
}

module "db" {
  source      = "./modules/db"
  secret_name = "prod/orders/db"
  enable_password_rotation = true
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: shell in user data and provisioner commands, at the key inside the heredoc",
    tf: `resource "aws_instance" "worker" {
  ami       = "ami-0a1b2c3d4e5f67890"
  user_data = <<-EOT
    #!/bin/bash
    export ORDERS_DB_PASSWORD=Qm7vTz2pLx9w
    cat > ~/.aws/credentials <<EOF
    [default]
    aws_secret_access_key = hT4kz8WqP2mXv
    EOF
    export API_TOKEN=$(cat /run/token)
  EOT

  provisioner "remote-exec" {
    inline = ["echo export DEPLOY_TOKEN=dpl-8Hq2Zx7Lm3 >> ~/.profile", "echo PASSWORD=$PASSWORD"]
  }
}
`,
    errors: [
      {
        messageId: "script",
        message:
          "ORDERS_DB_PASSWORD in the user_data script of aws_instance.worker is set to a hardcoded password (Qm7****): anyone who " +
          "can read the configuration or the Terraform state can use it. Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
        resource: "aws_instance.worker",
        kind: "generic-password",
        tf: [5, 31, 5, 43],
        tfjson: [6, 62, 6, 74],
      },
      {
        messageId: "script",
        message:
          "aws_secret_access_key in the user_data script of aws_instance.worker is set to a hardcoded AWS secret access key (hT4****): anyone " +
          "who can read the configuration or the Terraform state can use it. Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
        resource: "aws_instance.worker",
        kind: "generic-password",
        tf: [8, 29, 8, 42],
        tfjson: [6, 143, 6, 156],
      },
      {
        messageId: "script",
        message:
          "DEPLOY_TOKEN in the commands of a remote-exec provisioner of aws_instance.worker is set to a hardcoded token (dpl-****): " +
          "anyone who can read the configuration can use it. Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
        resource: "aws_instance.worker",
        kind: "generic-password",
        tf: [14, 41, 14, 55],
        tfjson: [9, 39, 9, 53],
      },
    ],
  },
  {
    // The command has no `=` or `:`: the script reader still reads what `aws configure set` is given.
    name: "Terraform: a key that a provisioner hands to `aws configure set`",
    tf: `resource "aws_instance" "bastion" {
  ami = "ami-0a1b2c3d4e5f67890"

  provisioner "remote-exec" {
    inline = ["aws configure set aws_secret_access_key Xk29dj2kd92kdKqP", "aws configure set region eu-west-1"]
  }
}
`,
    errors: [
      {
        messageId: "script",
        message:
          "aws_secret_access_key in the commands of a remote-exec provisioner of aws_instance.bastion is set to a hardcoded AWS secret access key (Xk29****): " +
          "anyone who can read the configuration can use it. Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
        resource: "aws_instance.bastion",
        kind: "generic-password",
        tf: [5, 56, 5, 72],
        tfjson: [8, 54, 8, 70],
      },
    ],
  },
  {
    name: "Terraform: secret_string with a literal password",
    tf: `resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = "prod/orders/api"
  secret_string = jsonencode({ username = "orders", password = "Tr0ub4dor&3xyz" })
}
`,
    errors: [
      {
        messageId: "secretString",
        message:
          "secret_string of aws_secretsmanager_secret_version.api holds a hardcoded password under key password (Tr0u****): anyone who can read the configuration or the Terraform state can use it. Set the value outside Terraform (the console, the CLI, a rotation function), so that neither the configuration nor the state holds it.",
        resource: "aws_secretsmanager_secret_version.api",
        kind: "generic-password",
        tf: [3, 19, 3, 83],
        tfjson: [6, 26, 6, 85],
      },
    ],
  },
  {
    name: "Terraform: database password and provider keys",
    tf: `provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAZ7VQXR2JH4MPLK3T"
  secret_key = "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"
}

resource "aws_db_instance" "orders" {
  password = "Sup3rS3cretPassw0rd"
}
`,
    errors: [
      {
        messageId: "property",
        message:
          "access_key of provider.aws is a hardcoded AWS access key ID (AKIA****): anyone who can read the configuration can use it. Revoke it and let the provider take credentials from its chain (environment, shared profile, assumed role) instead.",
        resource: "provider.aws",
        kind: "aws-access-key",
        tf: [3, 16, 3, 38],
        tfjson: [5, 21, 5, 43],
      },
      {
        messageId: "property",
        message:
          "secret_key of provider.aws is a hardcoded AWS secret access key (kZ9r****): anyone who can read the configuration can use it. Revoke it and let the provider take credentials from its chain (environment, shared profile, assumed role) instead.",
        resource: "provider.aws",
        kind: "aws-secret-key",
        tf: [4, 16, 4, 58],
        tfjson: [6, 21, 6, 63],
      },
      {
        messageId: "property",
        message:
          "password of aws_db_instance.orders is a hardcoded password (Sup3****): anyone who can read the configuration or the Terraform state can use it. Set manage_master_user_password = true to let the service keep it in Secrets Manager, or read it with an aws_secretsmanager_secret_version data source.",
        resource: "aws_db_instance.orders",
        kind: "generic-password",
        tf: [8, 14, 8, 35],
        tfjson: [12, 21, 12, 42],
      },
    ],
  },
  {
    name: "Terraform: a variable's default used as a password",
    tf: `variable "db_password" {
  default = "Sup3rS3cretPassw0rd"
}

resource "aws_rds_cluster" "orders" {
  master_password = var.db_password
}
`,
    errors: [
      {
        messageId: "parameterDefault",
        message:
          "Variable db_password has a hardcoded password as its default (Sup3****): a default is part of the configuration. Remove the default and pass the value at apply time in a variable marked sensitive = true, or read it from Secrets Manager with an aws_secretsmanager_secret_version data source.",
        resource: "db_password",
        kind: "generic-password",
        tf: [2, 13, 2, 34],
        tfjson: [4, 18, 4, 39],
      },
      {
        messageId: "propertyDefault",
        message:
          "master_password of aws_rds_cluster.orders is a hardcoded password (Sup3****) from the default of variable db_password: a default is part of the configuration. Remove the default and pass the value at apply time in a variable marked sensitive = true, or read it from Secrets Manager with an aws_secretsmanager_secret_version data source.",
        resource: "aws_rds_cluster.orders",
        kind: "generic-password",
        tf: [6, 21, 6, 36],
        tfjson: [10, 28, 10, 48],
      },
    ],
  },
  {
    name: "Terraform: literal token in a Lambda function's environment and a module input",
    tf: `resource "aws_lambda_function" "api" {
  function_name = "orders-api"

  environment {
    variables = {
      STAGE        = "prod"
      GITHUB_TOKEN = "ghp_R8sL2vQx9TzK4mNpW7yB3cJf6HdE1uA5oXiG"
    }
  }
}

module "reporting" {
  source      = "./modules/reporting"
  db_password = "Sup3rS3cretPassw0rd"
}
`,
    errors: [
      {
        messageId: "environment",
        message:
          "Environment variable GITHUB_TOKEN of function aws_lambda_function.api is a hardcoded GitHub token (ghp_****): anyone who can read the configuration, the Terraform state or the deployed resource's settings can use it. Keep it in AWS Secrets Manager and read it at run time.",
        resource: "aws_lambda_function.api",
        kind: "github-token",
        tf: [7, 22, 7, 64],
        tfjson: [9, 29, 9, 71],
      },
      {
        messageId: "property",
        message:
          "db_password of module.reporting is a hardcoded password (Sup3****): anyone who can read the configuration or the Terraform state can use it. Keep it in AWS Secrets Manager and read it with an aws_secretsmanager_secret_version data source, or pass it in a variable marked sensitive = true.",
        resource: "module.reporting",
        kind: "generic-password",
        tf: [14, 17, 14, 38],
        tfjson: [18, 22, 18, 43],
      },
    ],
  },
  {
    name: "Terraform: an access key in user data",
    tf: `resource "aws_instance" "web" {
  ami       = "ami-12345678"
  user_data = <<-EOT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIAZ7VQXR2JH4MPLK3T
  EOT
}
`,
    errors: [
      {
        messageId: "format",
        message:
          "user_data of aws_instance.web contains a hardcoded AWS access key ID (AKIA****): anyone who can read the configuration or the Terraform state can use it. Revoke it, keep the replacement in AWS Secrets Manager and read it with an aws_secretsmanager_secret_version data source or at run time.",
        resource: "aws_instance.web",
        kind: "aws-access-key",
        tf: [5, 30, 5, 50],
        tfjson: [6, 61, 6, 81],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "configuration: references, placeholders and names of secrets",
      yaml: "services:\n  orders:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      DB_PASSWORD_FILE: /run/secrets/db\n      API_TOKEN: changeme\n      SECRET_ARN: arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders\n      password: ''\n",
    },
    { name: "placeholder password", yaml: rds("changeme") },
    {
      name: "dynamic reference to Secrets Manager",
      yaml: rds("'{{resolve:secretsmanager:db:SecretString:password}}'"),
    },
    {
      name: "dynamic reference to an SSM SecureString",
      yaml: rds("'{{resolve:ssm-secure:/prod/orders/db-password:3}}'"),
    },
    {
      name: "dynamic reference built with Fn::Sub",
      yaml: rds(
        "!Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'\n  DbSecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      GenerateSecretString:\n        SecretStringTemplate: '{\"username\": \"orders\"}'\n        GenerateStringKey: password\n        PasswordLength: 32\n",
      ),
    },
    {
      name: "Ref to a NoEcho parameter without Default",
      yaml: rds(
        "!Ref DbPasswordParam",
        "Parameters:\n  DbPasswordParam:\n    Type: String\n    NoEcho: true\n    MinLength: 16\n",
      ),
    },
    {
      name: "secret-like parameter with an empty Default",
      yaml: rds("!Ref DbPassword", "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n    Default: ''\n"),
    },
    {
      name: "SSM parameter type: the default is a parameter name",
      yaml: rds(
        "!Ref DbPassword",
        "Parameters:\n  DbPassword:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /prod/orders/db-password\n",
      ),
    },
    {
      name: "password assembled from unresolved parts",
      yaml: rds(
        "!Join ['', [!Ref DbPasswordPrefix, !ImportValue DbPasswordSuffix]]",
        "Parameters:\n  DbPasswordPrefix:\n    Type: String\n    NoEcho: true\n",
      ),
    },
    {
      name: "GenerateSecretString settings and a plain SecretStringTemplate",
      yaml: secret(
        '      GenerateSecretString:\n        SecretStringTemplate: \'{"username": "admin"}\'\n        GenerateStringKey: password\n        PasswordLength: 32\n        ExcludeCharacters: \'"@/\\\'\n',
      ),
    },
    {
      name: "SecretString without a secret-like key",
      yaml: secret('      SecretString: \'{"username": "admin", "host": "db.internal"}\'\n'),
    },
    {
      name: "SecretString whose secret values are placeholders",
      yaml: secret('      SecretString: \'{"username": "app", "password": "changeme", "api_key": "<api-key>"}\'\n'),
    },
    {
      name: "environment: ARNs, names and dynamic references of secrets",
      yaml: lambda(
        "          DB_PASSWORD_ARN: !Ref DbSecret\n          API_TOKEN_SECRET_NAME: prod/orders/api-token\n          DB_PASSWORD: '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'\n          STRIPE_SECRET: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/stripe-AbCdEf\n  DbSecret:\n    Type: AWS::SecretsManager::Secret\n",
      ),
    },
    {
      name: "environment: placeholders",
      yaml: lambda(
        "          API_KEY: your-api-key-here\n          DB_PASSWORD: '${DB_PASSWORD}'\n          JWT_SECRET: xxxxxxxxxxxxxxxx\n",
      ),
    },
    {
      name: "environment: settings and paths under secret-like names",
      yaml: lambda(
        "          SECRETS_CACHE: enabled\n          TOKEN_REFRESH_MARGIN: '3000'\n          DB_PASSWORD: /prod/orders/db-password\n          API_TOKEN: /run/secrets/api-token\n",
      ),
    },
    {
      name: "environment: AWS documentation example keys",
      yaml: lambda(
        "          AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n          AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
      ),
    },
    {
      name: "a role id and a user id in a policy condition",
      yaml: `Resources:
  DataBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: data
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: arn:aws:s3:::data/*
            Condition:
              StringNotLike:
                aws:userid: ["${FAKE.roleId}:*", "${["AIDA", "JQABLZS4A3QDU576Q"].join("")}"]
`,
    },
    {
      name: "a 40-character base64 string with no keyword and no access key ID",
      yaml: `Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: BuildChecksum
          Value: ${FAKE.awsSecret}
`,
    },
    {
      name: "public key, certificate and a truncated private key",
      yaml: `Resources:
  Trust:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: |
        -----BEGIN PUBLIC KEY-----
        ${FAKE.pemBody[0]}
        -----END PUBLIC KEY-----
        -----BEGIN CERTIFICATE-----
        ${FAKE.pemBody[1]}
        -----END CERTIFICATE-----
      Description: |
        ${PEM_BEGIN}
        ...
        ${PEM_END}
`,
    },
    {
      name: "URL whose password is a substitution",
      yaml: lambda(
        "          UPSTREAM_URL: !Sub 'https://orders:${UpstreamPassword}@api.example.com/v1'\n",
        "Parameters:\n  UpstreamPassword:\n    Type: String\n    NoEcho: true\n",
      ),
    },
  ],
  invalid: [
    {
      name: "shell in UserData (a !Sub block and Fn::Join parts) and a cfn-init file, at the key inside the block",
      yaml: `Resources:
  Worker:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /root/.pgpass:
              content: "db.internal:5432:orders:orders:Vb8nQ2xLm7Kp"
            /etc/orders.env:
              content: |
                ORDERS_API_KEY=ak-7Rz2Wq9Lm4Tx
    Properties:
      ImageId: ami-0a1b2c3d4e5f67890
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash
          echo "export DB_PASSWORD=Hq7Zx2Lm9Pw4" >> /etc/profile.d/orders.sh
          /opt/aws/bin/cfn-init -s \${AWS::StackName} -r Worker
  Launcher:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData:
          Fn::Base64:
            Fn::Join:
              - ""
              - - "#!/bin/bash\\n"
                - "export SERVICE_TOKEN=tk-3Vn8Qz6Rw2Lp\\n"
                - "export STACK="
                - !Ref AWS::StackName
`,
      errors: [
        {
          messageId: "script",
          message:
            "ORDERS_API_KEY in a file cfn-init writes of resource Worker is set to a hardcoded API key (ak-7****): anyone who can read the template can use it. " +
            "Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
          resource: "Worker",
          kind: "generic-password",
          yaml: [12, 32, 12, 47],
          json: [13, 44, 13, 59],
        },
        {
          messageId: "script",
          message:
            "DB_PASSWORD in the UserData script of resource Worker is set to a hardcoded password (Hq7****): anyone who can read the template can use it. " +
            "Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
          resource: "Worker",
          kind: "generic-password",
          yaml: [18, 36, 18, 48],
          json: [23, 64, 23, 76],
        },
        {
          messageId: "script",
          message:
            "SERVICE_TOKEN in the UserData script of resource Launcher is set to a hardcoded token (tk-3****): anyone who can read the template can use it. " +
            "Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
          resource: "Launcher",
          kind: "generic-password",
          yaml: [29, 41, 29, 56],
          json: [38, 41, 38, 56],
        },
      ],
    },
    {
      // Configuration that is no template is read as application configuration (see source.test.ts for other languages).
      name: "docker-compose: a password in a service's environment",
      yaml: "services:\n  orders:\n    image: example/orders:1.4\n    environment:\n      DB_PASSWORD: Tr0ub4dor-Horse1\n      DB_SECRET_ID: prod/orders/db\n      API_TOKEN: ${API_TOKEN}\n",
      errors: [
        {
          messageId: "sourceLiteral",
          message:
            "Environment variable DB_PASSWORD is a hardcoded password (Tr0u****, kind generic-password): anyone who can read the repository can use it, " +
            "and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.",
          kind: "generic-password",
          yaml: [5, 20, 5, 36],
          json: [6, 24, 6, 42],
        },
      ],
    },
    {
      name: "configuration: an AWS access key ID written as a key",
      yaml: `deployers:\n  ${FAKE.awsKeyId}: ci\n`,
      errors: [
        {
          messageId: "sourceFormat",
          message:
            "The file contains a hardcoded AWS access key ID (AKIA****, kind aws-access-key): anyone who can read the repository can use it, " +
            "and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.",
          kind: "aws-access-key",
          yaml: [2, 3, 2, 23],
          json: [3, 6, 3, 26],
        },
      ],
    },
    ...TERRAFORM_INVALID,
    {
      name: "literal master password",
      yaml: rds("'Tr0ub4dor&3-Horse'"),
      errors: [
        {
          messageId: "property",
          kind: "generic-password",
          message:
            "MasterUserPassword of resource OrdersDb is a hardcoded password (Tr0u****): anyone who can read the template can use it. " +
            "Keep it in AWS Secrets Manager and use a dynamic reference.",
          resource: "OrdersDb",
          yaml: [8, 27, 8, 46],
          json: [9, 31, 9, 50],
        },
      ],
    },
    {
      name: "NoEcho parameter with a Default: reported at the property and at the Default",
      yaml: rds(
        "!Ref DbPassword",
        "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n    Default: 'asDjskjs73!!'\n",
      ),
      errors: [
        {
          messageId: "parameterDefault",
          kind: "generic-password",
          message:
            "Parameter DbPassword has a hardcoded password as its Default (asD****), which NoEcho hides in the console but not in the template: " +
            "a default is part of the template. Remove the Default and pass the value at deploy time, or use a Secrets Manager dynamic reference.",
          resource: "DbPassword",
          yaml: [6, 14, 6, 28],
          json: [7, 18, 7, 32],
        },
        {
          messageId: "propertyDefault",
          kind: "generic-password",
          message:
            "MasterUserPassword of resource OrdersDb is a hardcoded password (asD****) from the default of parameter DbPassword: " +
            "a default is part of the template. Remove the default and pass the value at deploy time, or use a Secrets Manager dynamic reference.",
          resource: "OrdersDb",
          yaml: [13, 27, 13, 42],
          json: [16, 31, 18, 10],
        },
      ],
    },
    {
      name: "unused secret-like parameter with a Default, without NoEcho",
      yaml: `Parameters:
  GitHubToken:
    Type: String
    Default: '${FAKE.githubToken}'
  Stage:
    Type: String
    Default: production
Resources:
  Queue:
    Type: AWS::SQS::Queue
`,
      errors: [
        {
          messageId: "parameterDefault",
          resource: "GitHubToken",
          kind: "github-token",
          message:
            "Parameter GitHubToken has a hardcoded GitHub token as its Default (ghp_****): a default is part of the template. " +
            "Remove the Default and pass the value at deploy time, or use a Secrets Manager dynamic reference.",
          yaml: [4, 14, 4, 56],
          json: [5, 18, 5, 60],
        },
      ],
    },
    {
      name: "Amplify access token of a well-known format, reported once",
      yaml: `Resources:
  WebApp:
    Type: AWS::Amplify::App
    Properties:
      Name: web
      AccessToken: ${FAKE.githubToken}
`,
      errors: [
        {
          messageId: "property",
          resource: "WebApp",
          kind: "github-token",
          message:
            "AccessToken of resource WebApp is a hardcoded GitHub token (ghp_****): anyone who can read the template can use it. " +
            "Keep it in AWS Secrets Manager and use a dynamic reference.",
          yaml: [6, 20, 6, 60],
          json: [7, 24, 7, 66],
        },
      ],
    },
    {
      name: "credential property inside a list",
      yaml: `Resources:
  Broker:
    Type: AWS::AmazonMQ::Broker
    Properties:
      Users:
        - Username: admin
          Password: '{{resolve:secretsmanager:mq-admin:SecretString:password}}'
        - Username: app
          Password: s3cr3t-Passw0rd-2024
`,
      errors: [
        {
          messageId: "property",
          resource: "Broker",
          kind: "generic-password",
          message:
            "Users[].Password of resource Broker is a hardcoded password (s3cr****): anyone who can read the template can use it. " +
            "Keep it in AWS Secrets Manager and use a dynamic reference.",
          yaml: [9, 21, 9, 41],
          json: [13, 25, 13, 47],
        },
      ],
    },
    {
      name: "literal spelled like a parameter name (a forgotten Ref)",
      yaml: `Parameters:
  DirectoryPassword:
    Type: String
    NoEcho: true
Resources:
  Directory:
    Type: AWS::DirectoryService::SimpleAD
    Properties:
      Name: corp.example.com
      Size: Small
      Password: DirectoryPassword
`,
      errors: [
        {
          messageId: "forgottenRef",
          resource: "Directory",
          kind: "generic-password",
          message:
            "Password of resource Directory is a hardcoded password (Dire****) spelled like the name of a parameter or resource of this template: " +
            "CloudFormation uses the text itself. Pass the parameter with Ref (NoEcho, no Default), or use a Secrets Manager dynamic reference.",
          yaml: [11, 17, 11, 34],
          json: [14, 21, 14, 40],
        },
      ],
    },
    {
      name: "SAM Globals environment",
      yaml: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Environment:
      Variables:
        STRIPE_API_KEY: ${["sk", "live", "51Hx9QpLmN3vR7tY2wZ8aB4c"].join("_")}
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
`,
      errors: [
        {
          messageId: "environment",
          kind: "stripe-key",
          message:
            "Environment variable STRIPE_API_KEY of SAM Globals.Function is a hardcoded Stripe secret key (sk_l****): anyone who can read the " +
            "template or the resource's configuration can use it. Keep it in AWS Secrets Manager and read it at run time.",
          resource: "Globals.Function",
          yaml: [6, 25, 6, 57],
          json: [7, 29, 7, 63],
        },
      ],
    },
    {
      name: "SecretString JSON with a password",
      yaml: secret('      SecretString: \'{"username": "app", "password": "hunter2-real"}\'\n'),
      errors: [
        {
          messageId: "secretString",
          resource: "ApiSecret",
          kind: "generic-password",
          message:
            "SecretString of secret ApiSecret holds a hardcoded password under key password (hun****): anyone who can read the template can use it. " +
            "Let GenerateSecretString create the value, or set it outside CloudFormation.",
          yaml: [5, 21, 5, 70],
          json: [6, 25, 6, 82],
        },
      ],
    },
    {
      name: "SecretString that is the secret itself",
      yaml: secret("      SecretString: c0rrect-h0rse-battery\n"),
      errors: [
        {
          messageId: "secretString",
          resource: "ApiSecret",
          kind: "generic-password",
          message:
            "SecretString of secret ApiSecret holds a hardcoded secret (c0rr****): anyone who can read the template can use it. " +
            "Let GenerateSecretString create the value, or set it outside CloudFormation.",
          yaml: [5, 21, 5, 42],
          json: [6, 25, 6, 48],
        },
      ],
    },
    {
      name: "Lambda environment variable with a literal password",
      yaml: lambda(
        "          DB_HOST: orders.cluster-abc.eu-west-1.rds.amazonaws.com\n          DB_PASSWORD: Tr0ub4dor&3-Horse!\n          PASSWORD_MIN_LENGTH: '16'\n",
      ),
      errors: [
        {
          messageId: "environment",
          kind: "generic-password",
          message:
            "Environment variable DB_PASSWORD of function OrdersFn is a hardcoded password (Tr0u****): anyone who can read the template or the " +
            "resource's configuration can use it. Keep it in AWS Secrets Manager and read it at run time.",
          resource: "OrdersFn",
          yaml: [10, 24, 10, 42],
          json: [11, 28, 11, 48],
        },
      ],
    },
    {
      name: "ECS container environment with a literal token",
      yaml: `Resources:
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: web
          Image: nginx
          Environment:
            - Name: API_TOKEN
              Value: ExampleCorp#2024!x
            - Name: API_TOKEN_URL
              Value: https://auth.example.com/token
`,
      errors: [
        {
          messageId: "environment",
          kind: "generic-password",
          message:
            "Environment variable API_TOKEN of container web of task definition TaskDef is a hardcoded token (Exam****): anyone who can read the " +
            "template or the resource's configuration can use it. Keep it in AWS Secrets Manager and read it at run time.",
          resource: "TaskDef",
          yaml: [10, 22, 10, 40],
          json: [13, 26, 13, 46],
        },
      ],
    },
    {
      name: "environment variable from a parameter default",
      yaml: lambda(
        "          SIGNING_KEY: !Ref SigningKeyValue\n",
        "Parameters:\n  SigningKeyValue:\n    Type: String\n    Default: k3y-M4terial-99\n",
      ),
      errors: [
        {
          messageId: "parameterDefault",
          resource: "SigningKeyValue",
          kind: "generic-password",
          message:
            "Parameter SigningKeyValue has a hardcoded key as its Default (k3y-****): a default is part of the template. " +
            "Remove the Default and pass the value at deploy time, or use a Secrets Manager dynamic reference.",
          yaml: [4, 14, 4, 29],
          json: [5, 18, 5, 35],
        },
        {
          messageId: "environmentDefault",
          resource: "OrdersFn",
          kind: "generic-password",
          message:
            "Environment variable SIGNING_KEY of function OrdersFn is a hardcoded key (k3y-****) from the default of parameter SigningKeyValue: " +
            "a default is part of the template. Keep the value in AWS Secrets Manager and read it at run time.",
          yaml: [13, 24, 13, 44],
          json: [16, 28, 18, 14],
        },
      ],
    },
    {
      name: "user data with an access key pair",
      yaml: `Resources:
  Worker:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          export AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}
          export AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}
          aws s3 sync s3://\${Bucket}/app /opt/app
`,
      // Each credential at its own line of the script; the secret key as the assignment it is.
      errors: [
        {
          messageId: "format",
          message:
            "UserData of resource Worker contains a hardcoded AWS access key ID (AKIA****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and use a dynamic reference.",
          resource: "Worker",
          kind: "aws-access-key",
          yaml: [9, 36, 9, 56],
          json: [9, 63, 9, 83],
        },
        {
          messageId: "script",
          message:
            "AWS_SECRET_ACCESS_KEY in the UserData script of resource Worker is set to a hardcoded AWS secret access key (2hpC****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
          resource: "Worker",
          kind: "aws-secret-key",
          yaml: [10, 40, 10, 80],
          json: [9, 114, 9, 154],
        },
      ],
    },
    {
      name: "secret key next to its key id in another string of the same document",
      yaml: `Resources:
  Uploader:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Environment:
        Variables:
          UPLOAD_ID: ${FAKE.awsKeyId}
          UPLOAD_SIGNATURE: ${FAKE.otherBase64}
`,
      errors: [
        {
          messageId: "format",
          resource: "Uploader",
          kind: "aws-access-key",
          message:
            "Environment.Variables.UPLOAD_ID of resource Uploader contains a hardcoded AWS access key ID (AKIA****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and use a dynamic reference.",
          yaml: [9, 22, 9, 42],
          json: [10, 26, 10, 48],
        },
        {
          messageId: "format",
          resource: "Uploader",
          kind: "aws-secret-key",
          message:
            "Environment.Variables.UPLOAD_SIGNATURE of resource Uploader contains a hardcoded AWS secret access key (p1vR****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and use a dynamic reference.",
          yaml: [10, 29, 10, 69],
          json: [11, 33, 11, 75],
        },
      ],
    },
    {
      name: "secret key named by the Key of a Key/Value pair",
      yaml: `Resources:
  Config:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: AWS_SECRET_ACCESS_KEY
          Value: ${FAKE.awsSecret}
`,
      errors: [
        {
          messageId: "format",
          resource: "Config",
          kind: "aws-secret-key",
          message:
            "Tags[0].Value of resource Config contains a hardcoded AWS secret access key (2hpC****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and use a dynamic reference.",
          yaml: [7, 18, 7, 58],
          json: [9, 22, 9, 64],
        },
      ],
    },
    {
      name: "private key in an SSM parameter and a base64-encoded one in launch configuration user data",
      yaml: `Resources:
  DeployKey:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: |
        ${PEM_BEGIN}
        ${FAKE.pemBody[0]}
        ${FAKE.pemBody[1]}
        ${PEM_END}
  Launch:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-0123456789abcdef0
      InstanceType: t3.micro
      UserData: ${encodedPem}
`,
      // A credential literal is this rule's finding in any store; ssm-parameter-secret reports the store.
      errors: [
        {
          messageId: "format",
          resource: "DeployKey",
          kind: "private-key",
          message:
            "Value of resource DeployKey contains a hardcoded private key (MIIE****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and use a dynamic reference.",
          yaml: [7, 9, 10, 38],
          json: [7, 19, 7, 215],
        },
        {
          messageId: "format",
          resource: "Launch",
          kind: "private-key",
          message:
            "UserData of resource Launch contains a hardcoded base64-encoded private key (MIIE****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and use a dynamic reference.",
          yaml: [16, 17, 16, 277],
          json: [15, 21, 15, 283],
        },
      ],
    },
    {
      name: "well-known formats outside resources",
      yaml: `Parameters:
  AlertsEndpoint:
    Type: String
    Default: ${FAKE.slackWebhook}
Resources:
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  BuildAccessKey:
    Value: ${FAKE.awsKeyId}
`,
      errors: [
        {
          messageId: "format",
          kind: "slack-webhook",
          message:
            "Default of parameter AlertsEndpoint contains a hardcoded Slack webhook URL (p0zV****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and use a dynamic reference.",
          yaml: [4, 14, 4, 91],
          json: [5, 18, 5, 97],
        },
        {
          messageId: "format",
          kind: "aws-access-key",
          message:
            "Value of output BuildAccessKey contains a hardcoded AWS access key ID (AKIA****): " +
            "anyone who can read the template can use it. Revoke it, keep the replacement in AWS Secrets Manager and use a dynamic reference.",
          yaml: [10, 12, 10, 32],
          json: [15, 16, 15, 38],
        },
      ],
    },
  ],
});

describe("findings carry the credential kind", () => {
  it("names the kind of each finding in the JSON finding", async () => {
    const yaml = `Parameters:
  ApiToken:
    Type: String
    Default: ${FAKE.githubToken}
Resources:
  OrdersDb:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: s3cr3t-Passw0rd-2024
  Worker:
    Type: AWS::EC2::Instance
    Properties:
      UserData: ${encodedPem}
      Tags:
        - Key: deploy
          Value: ${FAKE.awsKeyId}
`;
    const findings = await analyze([rule], [{ path: "template.yaml", text: yaml }]);
    expect(findings.map((f) => [f.line, f.kind])).toEqual([
      [4, "github-token"],
      [9, "generic-password"],
      [13, "private-key"],
      [16, "aws-access-key"],
    ]);
  });

  it("never puts a whole credential into a message", async () => {
    const yaml = lambda(`          DB_PASSWORD: Tr0ub4dor&3-Horse!\n          DEPLOY_KEY: ${FAKE.githubToken}\n`);
    const findings = await analyze([rule], [{ path: "template.yaml", text: yaml }]);
    expect(findings).toHaveLength(2);
    for (const f of findings) {
      expect(f.message).not.toContain("Tr0ub4dor");
      expect(f.message).not.toContain(FAKE.githubToken.slice(4));
    }
  });
});

describe("nounFor", () => {
  it.each([
    ["MasterUserPassword", "password"],
    ["DB_PASSWD", "password"],
    ["AuthToken", "token"],
    ["HECToken", "token"],
    ["PrivateKey", "private key"],
    ["ApiKeyValue", "API key"],
    ["SecretKey", "secret key"],
    ["AccessKey", "access key"],
    ["ClientSecret", "client secret"],
    ["SecretString", "secret"],
    ["DATABASE_DSN", "connection string"],
    ["SigningKey", "key"],
    ["ServiceJson", "credential"],
  ])("%s -> %s", (name, noun) => {
    expect(nounFor(name)).toBe(noun);
  });
});

describe("locationOf", () => {
  const file = new SourceFile("t.yaml", "");
  const at = (...path: (string | number)[]): PNode => ({ kind: "scalar", value: "x", start: 0, end: 1, file, path });
  it.each([
    [at("Resources", "Worker", "Properties", "UserData", "Fn::Base64", "Fn::Sub"), "UserData of resource Worker"],
    [
      at("Resources", "Task", "Properties", "ContainerDefinitions", 0, "Environment", 1, "Value"),
      "ContainerDefinitions[0].Environment[1].Value of resource Task",
    ],
    [at("Resources", "Worker", "Properties", "UserData", "Fn::Join", 1, 3), "UserData of resource Worker"],
    [
      at("Resources", "Worker", "Metadata", "AWS::CloudFormation::Init", "config"),
      "Metadata.AWS::CloudFormation::Init.config of resource Worker",
    ],
    [at("Parameters", "ApiKey", "Default"), "Default of parameter ApiKey"],
    [at("Outputs", "Url", "Value"), "Value of output Url"],
    [at("Mappings", "Stage", "prod", "Token"), "Mappings.Stage.prod.Token of the template"],
  ])("%j", (node, text) => {
    expect(locationOf(node)).toBe(text);
  });

  it.each([
    [at("resource", "aws_instance", "web", "user_data"), "aws_instance.web", "user_data of aws_instance.web"],
    [
      at("data", "aws_iam_policy_document", "p", "statement", 0, "sid"),
      "data.aws_iam_policy_document.p",
      "statement[0].sid of data.aws_iam_policy_document.p",
    ],
    [at("provider", "aws", "secret_key"), "provider.aws", "secret_key of provider.aws"],
    [at("resource", "aws_instance", "web"), "aws_instance.web", "The block aws_instance.web"],
    [at("locals", "token"), undefined, "locals.token of the configuration"],
  ])("Terraform %j", (node, address, text) => {
    expect(locationOf(node, { platform: "terraform", resourceAt: () => address })).toBe(text);
  });
});

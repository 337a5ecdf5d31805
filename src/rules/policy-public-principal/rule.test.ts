import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

/** A secret and its resource policy with one statement (YAML under `Statement:`), plus `properties` of the policy. */
const secretPolicy = (statement: string, properties = "", parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/db
  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref OrdersDbSecret
${properties}      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
${statement}`;

/** A statement of a resource policy: `principal` is the YAML after `Principal:` (inline or a block), `condition` the Condition block. */
const allow = (
  principal: string,
  action = "secretsmanager:GetSecretValue",
  condition = "",
) => `          - Effect: Allow
            Principal:${principal}
            Action: ${action}
            Resource: "*"
${condition}`;

const condition = (operator: string, key: string, value: string) => `            Condition:
              ${operator}:
                ${key}: ${value}
`;

/** A KMS key whose key policy has AWS's default root statement, then `statements`. */
const keyPolicy = (statements: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SecretsKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
${statements}`;

const role = (trust: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
${trust}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: an API policy whose Deny keeps out every caller but one VPC endpoint, resources written alike",
    tf: `resource "aws_api_gateway_rest_api_policy" "internal" {
  rest_api_id = aws_api_gateway_rest_api.internal.id
  policy      = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "execute-api:Invoke",
      "Resource": "\${aws_api_gateway_rest_api.internal.execution_arn}/*",
      "Condition": { "StringNotEquals": { "aws:SourceVpce": "\${aws_vpc_endpoint.api.id}" } }
    },
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "execute-api:Invoke",
      "Resource": "\${aws_api_gateway_rest_api.internal.execution_arn}/*"
    }
  ]
}
EOF
}
`,
  },
  {
    name: "Terraform: everyone limited to the account that owns the VPC endpoint",
    tf: `resource "aws_s3_bucket_policy" "exports" {
  bucket = "ledger-exports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::ledger-exports/*"
      Condition = { StringEquals = { "aws:VpceAccount" = "210987654321" } }
    }]
  })
}
`,
  },
  {
    name: "Terraform: everyone limited to the organization by a condition",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = aws_secretsmanager_secret.db.arn
  policy     = data.aws_iam_policy_document.org.json
}

data "aws_iam_policy_document" "org" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: a secret readable by everyone",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = aws_secretsmanager_secret.db.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}
`,
    errors: [
      {
        messageId: "public",
        message:
          'Principal "*" of resource policy aws_secretsmanager_secret_policy.db for secret aws_secretsmanager_secret.db allows secretsmanager:GetSecretValue to anyone: no condition limits the caller to an organization, account, source or network (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).',
        resource: "aws_secretsmanager_secret_policy.db",
        tf: [11, 19, 11, 22],
        tfjson: [11, 19, 11, 172],
      },
    ],
  },
  {
    name: "Terraform: a public secret policy with block_public_policy = false, and one it refuses",
    tf: `resource "aws_secretsmanager_secret_policy" "open" {
  secret_arn          = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders/db-AbCdEf"
  block_public_policy = false
  policy              = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "secretsmanager:GetSecretValue", Resource = "*" }] })
}

resource "aws_secretsmanager_secret_policy" "blocked" {
  secret_arn          = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders/api-AbCdEf"
  block_public_policy = true
  policy              = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "secretsmanager:GetSecretValue", Resource = "*" }] })
}
`,
    errors: [
      {
        messageId: "publicSecretUnblocked",
        message:
          'Principal "*" of resource policy aws_secretsmanager_secret_policy.open for secret arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders/db-AbCdEf ' +
          "allows secretsmanager:GetSecretValue to anyone, with no condition that limits the caller, and block_public_policy is false, so Secrets Manager accepts the public policy.",
        resource: "aws_secretsmanager_secret_policy.open",
        tf: [4, 83, 4, 86],
        tfjson: [7, 19, 7, 145],
      },
      {
        messageId: "publicSecretBlocked",
        severity: "warning",
        message:
          'Principal "*" of resource policy aws_secretsmanager_secret_policy.blocked for secret arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders/api-AbCdEf ' +
          "allows secretsmanager:GetSecretValue to anyone, with no condition that limits the caller; Secrets Manager refuses public policies while block_public_policy " +
          "is true, so the deployment fails. Limit the caller with a condition instead of turning block_public_policy off.",
        resource: "aws_secretsmanager_secret_policy.blocked",
        tf: [10, 83, 10, 86],
        tfjson: [12, 19, 12, 145],
      },
    ],
  },
  {
    name: "Terraform: a public bucket policy and a Lambda permission for everyone",
    tf: `resource "aws_s3_bucket_policy" "site" {
  bucket = "orders-site"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "AWS": "*" },
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::orders-site/*"
      }]
    }
  EOT
}

resource "aws_lambda_permission" "open" {
  action        = "lambda:InvokeFunction"
  function_name = "orders-api"
  principal     = "*"
}
`,
    errors: [
      {
        messageId: "public",
        message:
          'Principal AWS: "*" of resource policy aws_s3_bucket_policy.site allows s3:GetObject to anyone: no condition limits the caller to an organization, account, source or network (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).',
        resource: "aws_s3_bucket_policy.site",
        tf: [8, 31, 8, 34],
        tfjson: [6, 19, 6, 239],
      },
      {
        messageId: "public",
        message:
          'Principal "*" of resource policy aws_lambda_permission.open allows lambda:InvokeFunction to anyone: no condition limits the caller to an organization, account, source or network (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).',
        resource: "aws_lambda_permission.open",
        tf: [19, 19, 19, 22],
        tfjson: [13, 22, 13, 25],
      },
    ],
  },
];

const cases: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "the default key-policy root statement, and everyone in the account through Secrets Manager only",
      yaml: keyPolicy(`          - Sid: Allow use through Secrets Manager for all principals in the account
            Effect: Allow
            Principal:
              AWS: "*"
            Action: [kms:Decrypt, kms:GenerateDataKey*, kms:DescribeKey]
            Resource: "*"
            Condition:
              StringEquals:
                kms:CallerAccount: !Ref AWS::AccountId
                kms:ViaService: !Sub secretsmanager.\${AWS::Region}.amazonaws.com
`),
    },
    {
      name: "everyone in the organization",
      yaml: secretPolicy(
        allow(' "*"', "secretsmanager:GetSecretValue", condition("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")),
      ),
    },
    {
      name: "organization paths with ForAnyValue:StringLike, key in another case",
      yaml: secretPolicy(
        allow(
          '\n              AWS: "*"',
          "secretsmanager:GetSecretValue",
          condition("ForAnyValue:StringLike", "AWS:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"),
        ),
      ),
    },
    {
      name: "a VPC endpoint, by ARN-less id",
      yaml: secretPolicy(
        allow(' "*"', "secretsmanager:GetSecretValue", condition("StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d")),
      ),
    },
    {
      name: "the account that owns the VPC endpoint",
      yaml: secretPolicy(
        allow(' "*"', "secretsmanager:GetSecretValue", condition("StringEquals", "aws:VpceAccount", '"210987654321"')),
      ),
    },
    {
      name: "the organization that owns the VPC endpoint, key in lower case",
      yaml: secretPolicy(
        allow(' "*"', "secretsmanager:GetSecretValue", condition("StringEquals", "aws:vpceorgid", "o-z9y8x7w6v5")),
      ),
    },
    {
      name: "organization paths of the VPC endpoint",
      yaml: secretPolicy(
        allow(
          ' "*"',
          "secretsmanager:GetSecretValue",
          condition("ForAnyValue:StringLike", "aws:VpceOrgPaths", "o-z9y8x7w6v5/r-zz99/ou-zz99-22222222/*"),
        ),
      ),
    },
    {
      name: "a bucket policy that delegates to the access points of one account",
      yaml: `Resources:
  ReportsBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: quarterly-reports-store
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: "*"
            Resource:
              - arn:aws:s3:::quarterly-reports-store
              - arn:aws:s3:::quarterly-reports-store/*
            Condition:
              StringEquals:
                s3:DataAccessPointAccount: "210987654321"
`,
    },
    {
      name: "an Allow to everyone that a Deny of the same policy limits to one VPC endpoint",
      yaml: `Resources:
  ReportsBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: quarterly-reports-store
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: [s3:GetObject, s3:PutObject]
            Resource: arn:aws:s3:::quarterly-reports-store/*
          - Effect: Deny
            Principal:
              AWS: "*"
            Action: s3:*
            Resource:
              - arn:aws:s3:::quarterly-reports-store
              - arn:aws:s3:::quarterly-reports-store/*
            Condition:
              StringNotEquals:
                aws:sourceVpce: vpce-0f1e2d3c4b5a69788
`,
    },
    {
      name: "an Allow to everyone that a Deny on every action limits to the organization",
      yaml: secretPolicy(`${allow(' "*"')}          - Effect: Deny
            Principal: "*"
            Action: "*"
            Resource: "*"
            Condition:
              StringNotEqualsIfExists:
                aws:PrincipalOrgID: o-a1b2c3d4e5
`),
    },
    {
      name: "an organization id from a parameter without default",
      yaml: secretPolicy(
        allow(' "*"', "secretsmanager:GetSecretValue", condition("StringEquals", "aws:PrincipalOrgID", "!Ref OrgId")),
        "",
        "Parameters:\n  OrgId:\n    Type: String\n",
      ),
    },
    {
      name: "a Deny to everyone",
      yaml: secretPolicy(allow(' "*"', "secretsmanager:DeleteResourcePolicy").replace("Effect: Allow", "Effect: Deny")),
    },
    {
      name: "a wildcard inside a principal ARN, which IAM rejects, is not everyone",
      yaml: secretPolicy(allow("\n              AWS: arn:aws:iam::*:root")),
    },
    {
      name: "a service principal",
      yaml: role(`          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
`),
    },
    {
      name: "a principal from a parameter without default",
      yaml: secretPolicy(
        allow("\n              AWS: !Ref ReaderArn"),
        "",
        "Parameters:\n  ReaderArn:\n    Type: String\n",
      ),
    },
    {
      name: "a Lambda permission for anyone limited by SourceArn",
      yaml: `Resources:
  BucketInvokePermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Fn.Arn
      Action: lambda:InvokeFunction
      Principal: "*"
      SourceArn: arn:aws:s3:::orders-uploads
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
`,
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "key policy granting kms:Decrypt to AWS: *",
      yaml: keyPolicy(`          - Effect: Allow
            Principal:
              AWS: "*"
            Action: kms:Decrypt
            Resource: "*"
`),
      errors: [
        {
          messageId: "public",
          message:
            'Principal AWS: "*" of the key policy of KMS key SecretsKey allows kms:Decrypt to anyone: no ' +
            "condition limits the caller to an organization, account, source or network (aws:PrincipalOrgID, " +
            "aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).",
          resource: "SecretsKey",
          yaml: [18, 20, 18, 23],
          json: [25, 24, 25, 27],
        },
      ],
    },
    {
      name: "key policy granting kms:* to * in a list with the own account",
      yaml: keyPolicy(`          - Effect: Allow
            Principal:
              AWS:
                - !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
                - '*'
            Action: kms:*
            Resource: "*"
`),
      errors: [
        {
          messageId: "public",
          message:
            'Principal AWS: "*" of the key policy of KMS key SecretsKey allows kms:* to anyone: no condition ' +
            "limits the caller to an organization, account, source or network (aws:PrincipalOrgID, " +
            "aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).",
          resource: "SecretsKey",
          yaml: [20, 19, 20, 22],
          json: [29, 19, 29, 22],
        },
      ],
    },
    {
      name: "secret policy with IfExists, BlockPublicPolicy false",
      yaml: secretPolicy(
        allow(
          ' "*"',
          "[secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]",
          condition("StringEqualsIfExists", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
        ),
        "      BlockPublicPolicy: false\n",
      ),
      errors: [
        {
          messageId: "publicSecretUnblocked",
          message:
            'Principal "*" of resource policy OrdersDbSecretPolicy for secret OrdersDbSecret allows ' +
            "secretsmanager:GetSecretValue and secretsmanager:DescribeSecret to anyone, with no condition that " +
            "limits the caller, and BlockPublicPolicy is false, so Secrets Manager accepts the public policy.",
          resource: "OrdersDbSecretPolicy",
          yaml: [16, 24, 16, 27],
          json: [22, 28, 22, 31],
        },
      ],
    },
    {
      name: "secret policy without BlockPublicPolicy: CloudFormation's default refuses it",
      yaml: secretPolicy(
        allow(
          '\n              AWS: "*"',
          "secretsmanager:GetSecretValue",
          condition("StringNotEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
        ),
      ),
      errors: [
        {
          messageId: "publicSecretBlocked",
          severity: "warning",
          message:
            'Principal AWS: "*" of resource policy OrdersDbSecretPolicy for secret OrdersDbSecret allows ' +
            "secretsmanager:GetSecretValue to anyone, with no condition that limits the caller; Secrets Manager " +
            "refuses public policies while BlockPublicPolicy is true (CloudFormation's default when it is not " +
            "set), so the deployment fails. Limit the caller with a condition instead of turning " +
            "BlockPublicPolicy off.",
          resource: "OrdersDbSecretPolicy",
          yaml: [16, 20, 16, 23],
          json: [22, 24, 22, 27],
        },
      ],
    },
    {
      name: "secret policy with BlockPublicPolicy true from a parameter default, conditions that limit nothing",
      yaml: secretPolicy(
        allow(
          ' "*"',
          "secretsmanager:GetSecretValue",
          `            Condition:
              StringLike:
                aws:PrincipalOrgID: "*"
              IpAddress:
                aws:SourceIp: 0.0.0.0/0
              ForAllValues:StringEquals:
                aws:PrincipalAccount: "111122223333"
              Bool:
                aws:SecureTransport: "true"
`,
        ),
        "      BlockPublicPolicy: !Ref Block\n",
        "Parameters:\n  Block:\n    Type: String\n    Default: 'true'\n",
      ),
      errors: [
        {
          messageId: "publicSecretBlocked",
          severity: "warning",
          message:
            'Principal "*" of resource policy OrdersDbSecretPolicy for secret OrdersDbSecret allows ' +
            "secretsmanager:GetSecretValue to anyone, with no condition that limits the caller; Secrets Manager " +
            "refuses public policies while BlockPublicPolicy is true (default of parameter Block), so the " +
            "deployment fails. Limit the caller with a condition instead of turning BlockPublicPolicy off.",
          resource: "OrdersDbSecretPolicy",
          yaml: [20, 24, 20, 27],
          json: [30, 28, 30, 31],
        },
      ],
    },
    {
      name: "secret policy written as a JSON string",
      yaml: `Resources:
  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-a1B2c3
      BlockPublicPolicy: false
      ResourcePolicy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "secretsmanager:*", "Resource": "*"}]}'
`,
      errors: [
        {
          messageId: "publicSecretUnblocked",
          message:
            'Principal AWS: "*" of resource policy OrdersDbSecretPolicy for secret ' +
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-a1B2c3 allows secretsmanager:* " +
            "to anyone, with no condition that limits the caller, and BlockPublicPolicy is false, so Secrets " +
            "Manager accepts the public policy.",
          resource: "OrdersDbSecretPolicy",
          yaml: [7, 23, 7, 160],
          json: [8, 27, 8, 188],
        },
      ],
    },
    {
      name: "trust policy anyone may assume, principal from a parameter default",
      yaml: role(`          - Effect: Allow
            Principal:
              AWS: !Ref Truster
            Action: sts:AssumeRole
`).replace("Resources:", "Parameters:\n  Truster:\n    Type: String\n    Default: '*'\nResources:"),
      errors: [
        {
          messageId: "public",
          message:
            'Principal AWS: "*" (default of parameter Truster) of the trust policy of role DeployRole allows ' +
            "sts:AssumeRole to anyone: no condition limits the caller to an organization, account, source or " +
            "network (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).",
          resource: "DeployRole",
          yaml: [15, 20, 15, 32],
          json: [19, 24, 21, 18],
        },
      ],
    },
    {
      name: "a Deny that leaves some of the Allow open: another action, a narrower resource, a second condition",
      yaml: `Resources:
  ReportsBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: quarterly-reports-store
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: [s3:GetObject, sqs:SendMessage]
            Resource: arn:aws:s3:::quarterly-reports-store/*
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::quarterly-reports-store/*
          - Effect: Deny
            Principal: "*"
            Action: s3:Get*
            Resource: arn:aws:s3:::quarterly-reports-store/private/*
            Condition:
              StringNotEquals:
                aws:SourceVpc: vpc-0a1b2c3d
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: "*"
            Condition:
              StringNotEquals:
                aws:SourceVpc: vpc-0a1b2c3d
              Bool:
                aws:SecureTransport: "false"
`,
      errors: [
        {
          messageId: "public",
          message:
            'Principal "*" of resource policy ReportsBucketPolicy allows s3:GetObject and sqs:SendMessage to anyone: no condition ' +
            "limits the caller to an organization, account, source or network (aws:PrincipalOrgID, " +
            "aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).",
          resource: "ReportsBucketPolicy",
          yaml: [9, 24, 9, 27],
          json: [11, 28, 11, 31],
        },
        {
          messageId: "public",
          message:
            'Principal "*" of resource policy ReportsBucketPolicy allows s3:GetObject to anyone: no condition ' +
            "limits the caller to an organization, account, source or network (aws:PrincipalOrgID, " +
            "aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).",
          resource: "ReportsBucketPolicy",
          yaml: [13, 24, 13, 27],
          json: [20, 28, 20, 31],
        },
      ],
    },
    {
      name: "bucket policy limited only by aws:Referer",
      yaml: `Resources:
  AssetsBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: orders-assets
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::orders-assets/*
            Condition:
              StringLike:
                aws:Referer: https://orders.example.com/*
`,
      errors: [
        {
          messageId: "public",
          message:
            'Principal "*" of resource policy AssetsBucketPolicy allows s3:GetObject to anyone: no condition ' +
            "limits the caller to an organization, account, source or network (aws:PrincipalOrgID, " +
            "aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).",
          resource: "AssetsBucketPolicy",
          yaml: [9, 24, 9, 27],
          json: [11, 28, 11, 31],
        },
      ],
    },
  ],
};

testRule(rule, cases);

describe("policy-public-principal in standalone documents", () => {
  it("reports Principal * in a JSON key policy, at the principal", async () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["kms:Decrypt", "kms:DescribeKey"],
      "Resource": "*"
    }
  ]
}
`;
    const findings = await analyze([rule], [{ path: "policies/secrets-key-policy.json", text }]);
    expect(findings.map((f) => [f.messageId, f.line, f.column, f.endLine, f.endColumn, f.message])).toEqual([
      [
        "public",
        6,
        20,
        6,
        23,
        'Principal "*" of policy document policies/secrets-key-policy.json allows kms:Decrypt and kms:DescribeKey to anyone: ' +
          "no condition limits the caller to an organization, account, source or network (aws:PrincipalOrgID, " +
          "aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).",
      ],
    ]);
  });

  it("reports a YAML bucket policy and not its organization-limited statement", async () => {
    const text = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    Principal:
      AWS: "*"
    Action: s3:GetObject
    Resource: arn:aws:s3:::orders-exports/*
    Condition:
      StringEquals:
        aws:PrincipalOrgID: o-a1b2c3d4e5
  - Effect: Allow
    Principal:
      AWS: "*"
    Action: s3:ListBucket
    Resource: arn:aws:s3:::orders-exports
    Condition:
      ArnLike:
        aws:PrincipalArn: arn:aws:iam::*:role/exporter
`;
    const findings = await analyze([rule], [{ path: "policies/exports-bucket.yaml", text }]);
    // The second statement's principal ARN leaves the account open: a role named exporter in any account matches it.
    expect(findings.map((f) => [f.messageId, f.line, f.column, f.endLine, f.endColumn, f.message])).toEqual([
      [
        "public",
        13,
        12,
        13,
        15,
        'Principal AWS: "*" of policy document policies/exports-bucket.yaml allows s3:ListBucket to anyone: no condition ' +
          "limits the caller to an organization, account, source or network (aws:PrincipalOrgID, aws:PrincipalAccount, " +
          "aws:SourceArn, aws:SourceVpce...).",
      ],
    ]);
  });

  it("reports a public secret policy that Secrets Manager refuses as a warning, and one it accepts as an error", async () => {
    const refused = await analyze([rule], [{ path: "t.yaml", text: secretPolicy(allow(' "*"')) }]);
    const accepted = await analyze(
      [rule],
      [{ path: "t.yaml", text: secretPolicy(allow(' "*"'), "      BlockPublicPolicy: 'false'\n") }],
    );
    expect([...refused, ...accepted].map((f) => [f.messageId, f.severity])).toEqual([
      ["publicSecretBlocked", "warning"],
      ["publicSecretUnblocked", "error"],
    ]);
  });
});

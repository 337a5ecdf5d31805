import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

/** An `AWS::IAM::Policy` attached to a role, with one statement (YAML under `Statement:`). */
const policy = (statement: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/db
  OrdersReaderPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: orders-reader
      Roles: [orders-reader]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
${statement}`;

/** An Allow statement of `actions` (a YAML flow list or scalar) on `resource`, with an optional Condition block. */
const allow = (actions: string, resource: string, condition = "") => `          - Effect: Allow
            Action: ${actions}
            Resource: ${resource}
${condition}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: named secrets",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.db.arn]
  }
}

resource "aws_iam_policy" "reader" {
  policy = data.aws_iam_policy_document.reader.json
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: every secret",
    tf: `data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
  }
}

resource "aws_iam_user_policy" "reader" {
  user   = "ci"
  policy = data.aws_iam_policy_document.reader.json
}
`,
    errors: [
      {
        messageId: "wildcard",
        message:
          'Resource "*" of policy aws_iam_user_policy.reader allows secretsmanager:GetSecretValue on every resource, though it can be limited to named resources. Name the secrets by ARN instead, e.g. arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a secret\'s ARN).',
        resource: "aws_iam_user_policy.reader",
        tf: [4, 18, 4, 21],
        tfjson: [10, 13, 10, 16],
      },
    ],
  },
];

const cases: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "a secret resource policy's Resource * is the secret itself",
      yaml: `Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref OrdersDbSecret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: !GetAtt ReaderRole.Arn
            Action: secretsmanager:GetSecretValue
            Resource: "*"
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
`,
    },
    {
      name: "the default key-policy root statement",
      yaml: `Resources:
  SecretsKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
`,
    },
    {
      name: "secret ARNs narrowed by name, with the wildcard for the random suffix",
      yaml: policy(
        allow(
          "[secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]",
          "\n              - arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-*" +
            "\n              - !Sub arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/orders/*" +
            "\n              - !Ref OrdersDbSecret",
        ),
      ),
    },
    {
      name: "actions that only work on *, also through a wildcard",
      yaml: policy(
        allow(
          "[secretsmanager:ListSecrets, secretsmanager:*Random*, ecr:GetAuthorizationToken, kms:*CustomKeyStore*]",
          '"*"',
        ),
      ),
    },
    {
      name: "a Deny on everything",
      yaml: policy(allow('"*"', '"*"').replace("Effect: Allow", "Effect: Deny")),
    },
    {
      name: "attribute-based access: Resource * limited by the secrets' tags",
      yaml: policy(
        allow(
          "secretsmanager:GetSecretValue",
          '"*"',
          "            Condition:\n              StringEquals:\n                secretsmanager:ResourceTag/team: ${aws:PrincipalTag/team}\n",
        ),
      ),
    },
    {
      name: "an unknown action is policy-unknown-action's business",
      yaml: policy(allow("secretsmanager:GetSecretVaule", '"*"')),
    },
    {
      name: "a bucket ARN: the word before the slash is a name, not a type",
      yaml: policy(allow("s3:GetObject", "arn:aws:s3:::orders-exports/*")),
    },
    {
      name: "a resource from a parameter without default",
      yaml: policy(
        allow("secretsmanager:GetSecretValue", "!Ref SecretArn"),
        "Parameters:\n  SecretArn:\n    Type: String\n",
      ),
    },
    {
      name: "SAM's rotation policy template: secret:* limited to secrets this function rotates",
      yaml: `Transform: AWS::Serverless-2016-10-31
Resources:
  RotationFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Policies:
        - AWSSecretsManagerRotationPolicy:
            FunctionName: orders-db-rotation
`,
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "GetSecretValue next to a wildcard-only action on *",
      yaml: policy(allow("[secretsmanager:GetSecretValue, secretsmanager:ListSecrets]", '"*"')),
      errors: [
        {
          messageId: "wildcard",
          message:
            'Resource "*" of policy OrdersReaderPolicy allows secretsmanager:GetSecretValue on every resource, ' +
            "though it can be limited to named resources; secretsmanager:ListSecrets cannot be limited and may " +
            'keep "*" in a statement of its own. Name the secrets by ARN instead, e.g. ' +
            "arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a " +
            "secret's ARN).",
          resource: "OrdersReaderPolicy",
          yaml: [17, 23, 17, 26],
          json: [26, 27, 26, 30],
        },
      ],
    },
    {
      name: "a wildcard action on * in a role's inline policy",
      yaml: `Resources:
  ExportRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read-exports
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:Get*
                Resource:
                  - arn:aws:s3:::orders-exports/*
                  - "*"
`,
      errors: [
        {
          messageId: "wildcard",
          severity: "warning",
          message:
            'Resource "*" of an inline policy of role ExportRole allows s3:Get* (61 actions) on every resource, ' +
            "though they can be limited to named resources; s3:GetAccessPoint and s3:GetAccountPublicAccessBlock " +
            'cannot be limited and may keep "*" in a statement of their own. Name the resources by ARN instead.',
          resource: "ExportRole",
          yaml: [19, 21, 19, 24],
          json: [27, 21, 27, 24],
        },
      ],
    },
    {
      name: "every action on every resource",
      yaml: policy(allow('"*"', "'*'")),
      errors: [
        {
          messageId: "wildcard",
          message:
            'Resource "*" of policy OrdersReaderPolicy allows every action ("*") on every resource, though ' +
            "most actions can be limited to named resources. Name the resources by ARN instead.",
          resource: "OrdersReaderPolicy",
          yaml: [17, 23, 17, 26],
          json: [23, 27, 23, 30],
        },
      ],
    },
    {
      name: "NotAction on *",
      yaml: policy(`          - Effect: Allow
            NotAction: [iam:*, organizations:*]
            Resource: "*"
`),
      errors: [
        {
          messageId: "wildcard",
          message:
            'Resource "*" of policy OrdersReaderPolicy allows every action except iam:* and organizations:* on ' +
            "every resource, though most actions can be limited to named resources. Name the resources by ARN " +
            "instead.",
          resource: "OrdersReaderPolicy",
          yaml: [17, 23, 17, 26],
          json: [26, 27, 26, 30],
        },
      ],
    },
    {
      name: "kms:Decrypt on * from a parameter default",
      yaml: policy(allow("kms:Decrypt", "!Ref KeyArn"), "Parameters:\n  KeyArn:\n    Type: String\n    Default: '*'\n"),
      errors: [
        {
          messageId: "wildcard",
          message:
            'Resource "*" (default of parameter KeyArn) of policy OrdersReaderPolicy allows kms:Decrypt on ' +
            "every resource, though it can be limited to named resources. Name the keys by ARN instead, e.g. " +
            "arn:aws:kms:<region>:<account>:key/<key-id>.",
          resource: "OrdersReaderPolicy",
          yaml: [21, 23, 21, 34],
          json: [29, 27, 31, 16],
        },
      ],
    },
    {
      name: "every secret of every account and region",
      yaml: policy(
        allow(
          "[secretsmanager:GetSecretValue, secretsmanager:ListSecrets, s3:GetObject]",
          "arn:aws:secretsmanager:*:*:secret:*",
        ),
      ),
      errors: [
        {
          messageId: "allOfType",
          message:
            "Resource arn:aws:secretsmanager:*:*:secret:* of policy OrdersReaderPolicy allows " +
            "secretsmanager:GetSecretValue on every secret. Name the secrets by ARN instead, e.g. " +
            "arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a " +
            "secret's ARN).",
          resource: "OrdersReaderPolicy",
          yaml: [17, 23, 17, 58],
          json: [27, 27, 27, 64],
        },
      ],
    },
    {
      name: "every secret of the own account, built with Sub",
      yaml: policy(
        allow(
          "secretsmanager:Get*",
          "!Sub arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*",
        ),
      ),
      errors: [
        {
          messageId: "allOfType",
          message:
            "Resource arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:* of policy " +
            "OrdersReaderPolicy allows secretsmanager:Get* (GetResourcePolicy and GetSecretValue) on every " +
            "secret. Name the secrets by ARN instead, e.g. " +
            "arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a " +
            "secret's ARN).",
          resource: "OrdersReaderPolicy",
          yaml: [17, 23, 17, 106],
          json: [23, 27, 25, 16],
        },
      ],
    },
    {
      name: "NotResource",
      yaml: policy(`          - Effect: Allow
            Action: secretsmanager:GetSecretValue
            NotResource: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/*
`),
      errors: [
        {
          messageId: "notResource",
          message:
            "NotResource of policy OrdersReaderPolicy allows secretsmanager:GetSecretValue on every resource " +
            "except arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/*, though it can be " +
            "limited to named resources. Name the secrets in Resource instead, e.g. " +
            "arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a " +
            "secret's ARN).",
          resource: "OrdersReaderPolicy",
          yaml: [17, 26, 17, 94],
          json: [23, 30, 23, 100],
        },
      ],
    },
    {
      name: "a SAM function's inline statement",
      yaml: `Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [secretsmanager:GetSecretValue, kms:Decrypt]
              Resource: "*"
`,
      errors: [
        {
          messageId: "wildcard",
          message:
            'Resource "*" of the Policies of function OrdersFn allows secretsmanager:GetSecretValue and ' +
            "kms:Decrypt on every resource, though they can be limited to named resources. Name the secrets by " +
            "ARN instead, e.g. arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the " +
            "random suffix of a secret's ARN).",
          resource: "OrdersFn",
          yaml: [12, 25, 12, 28],
          json: [18, 29, 18, 32],
        },
      ],
    },
  ],
};

testRule(rule, cases);

describe("policy-wildcard-resource in standalone documents", () => {
  it("reports an identity policy in JSON at the resource", async () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["secretsmanager:GetSecretValue", "secretsmanager:GetRandomPassword"],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "secretsmanager:GetRandomPassword",
      "Resource": "*"
    }
  ]
}
`;
    const findings = await analyze([rule], [{ path: "policies/app-policy.json", text }]);
    expect(findings.map((f) => [f.messageId, f.line, f.column, f.endLine, f.endColumn, f.message])).toEqual([
      [
        "wildcard",
        7,
        19,
        7,
        22,
        'Resource "*" of policy document policies/app-policy.json allows secretsmanager:GetSecretValue on every resource, ' +
          "though it can be limited to named resources; secretsmanager:GetRandomPassword cannot be limited and may keep " +
          '"*" in a statement of its own. Name the secrets by ARN instead, e.g. ' +
          "arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a secret's ARN).",
      ],
    ]);
  });

  it("reports every secret in YAML, and not a key policy's Resource *", async () => {
    const identity = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    Action: secretsmanager:PutSecretValue
    Resource: arn:aws:secretsmanager:eu-west-1:111122223333:secret:*
`;
    const key = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    Principal:
      AWS: arn:aws:iam::111122223333:role/orders-reader
    Action: kms:Decrypt
    Resource: "*"
`;
    const findings = await analyze(
      [rule],
      [
        { path: "policies/writer.yaml", text: identity },
        { path: "policies/secrets-key-policy.yaml", text: key },
      ],
    );
    expect(findings.map((f) => [f.file, f.messageId, f.line, f.column, f.endLine, f.endColumn, f.message])).toEqual([
      [
        "policies/writer.yaml",
        "allOfType",
        5,
        15,
        5,
        69,
        "Resource arn:aws:secretsmanager:eu-west-1:111122223333:secret:* of policy document policies/writer.yaml allows " +
          "secretsmanager:PutSecretValue on every secret. Name the secrets by ARN instead, e.g. " +
          "arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a secret's ARN).",
      ],
    ]);
  });

  it("reads ARNs of wildcards only, and leaves a name or a slash-separated first word alone", async () => {
    const text = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    Action: [sns:Publish, sqs:SendMessage]
    Resource: [arn:aws:sns:*:*:*, "arn:aws:*:*:*:*", arn:aws:sqs:eu-west-1:111122223333:orders-*, arn:aws:kms:*:*:key/*]
`;
    const findings = await analyze([rule], [{ path: "policies/publisher.yaml", text }]);
    expect(findings.map((f) => [f.messageId, f.column, f.message.slice(0, f.message.indexOf(". "))])).toEqual([
      [
        "allOfType",
        16,
        "Resource arn:aws:sns:*:*:* of policy document policies/publisher.yaml allows sns:Publish on every sns resource",
      ],
      [
        "allOfType",
        35,
        "Resource arn:aws:*:*:*:* of policy document policies/publisher.yaml allows sns:Publish and sqs:SendMessage on every " +
          "resource of every service",
      ],
    ]);
  });
});

describe("policy-wildcard-resource severity follows what the actions do on every resource", () => {
  it("ranks reading every secret and passing any role above creating log groups", async () => {
    const text = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    Action: logs:CreateLogGroup
    Resource: "*"
  - Effect: Allow
    Action: secretsmanager:GetSecretValue
    Resource: "*"
  - Effect: Allow
    Action: iam:PassRole
    Resource: "*"
  - Effect: Allow
    Action: secretsmanager:PutSecretValue
    Resource: "*"
`;
    const findings = await analyze([rule], [{ path: "policies/worker.yaml", text }]);
    expect(findings.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.severity, f.message])).toEqual([
      [
        5,
        15,
        5,
        18,
        "warning",
        'Resource "*" of policy document policies/worker.yaml allows logs:CreateLogGroup on every resource, though it can be ' +
          "limited to named resources. Name the resources by ARN instead.",
      ],
      [
        8,
        15,
        8,
        18,
        "error",
        'Resource "*" of policy document policies/worker.yaml allows secretsmanager:GetSecretValue on every resource, though it ' +
          "can be limited to named resources. Name the secrets by ARN instead, e.g. " +
          "arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a secret's ARN).",
      ],
      [
        11,
        15,
        11,
        18,
        "error",
        'Resource "*" of policy document policies/worker.yaml allows iam:PassRole on every resource, though it can be limited ' +
          "to named resources. Name the resources by ARN instead.",
      ],
      [
        14,
        15,
        14,
        18,
        "warning",
        'Resource "*" of policy document policies/worker.yaml allows secretsmanager:PutSecretValue on every resource, though it ' +
          "can be limited to named resources. Name the secrets by ARN instead, e.g. " +
          "arn:aws:secretsmanager:<region>:<account>:secret:<name>-* (the -* matches the random suffix of a secret's ARN).",
      ],
    ]);
  });
});

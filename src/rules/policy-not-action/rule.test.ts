import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

/** An `AWS::IAM::ManagedPolicy` with the given statements (YAML under `Statement:`). */
const managedPolicy = (statements: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  DeveloperPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [developer]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
${statements}`;

/** A secret's resource policy with the given statements. */
const secretPolicy = (statements: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref OrdersDbSecret
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
${statements}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: NotAction in a Deny statement",
    tf: `data "aws_iam_policy_document" "guard" {
  statement {
    effect      = "Deny"
    not_actions = ["secretsmanager:GetSecretValue"]
    resources   = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/*"]
  }
}

resource "aws_iam_policy" "guard" {
  policy = data.aws_iam_policy_document.guard.json
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: NotAction with Allow in a policy document data source",
    tf: `data "aws_iam_policy_document" "broad" {
  statement {
    not_actions = ["iam:*"]
    resources   = ["*"]
  }
}

resource "aws_iam_role_policy" "app" {
  role   = "orders-app"
  policy = data.aws_iam_policy_document.broad.json
}
`,
    errors: [
      {
        messageId: "notAction",
        message:
          "NotAction of policy aws_iam_role_policy.app allows every action except iam:*, including every action AWS adds later. List the allowed actions in Action instead.",
        resource: "aws_iam_role_policy.app",
        tf: [3, 20, 3, 27],
        tfjson: [7, 13, 7, 20],
      },
    ],
  },
  {
    name: "Terraform: NotResource with Allow in jsonencode",
    tf: `resource "aws_iam_policy" "reader" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect      = "Allow"
      Action      = "secretsmanager:GetSecretValue"
      NotResource = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/admin/*"
    }]
  })
}
`,
    errors: [
      {
        messageId: "notResource",
        message:
          "NotResource of policy aws_iam_policy.reader allows secretsmanager:GetSecretValue on every resource except arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/admin/*, including resources created later. List the allowed resources in Resource instead.",
        resource: "aws_iam_policy.reader",
        tf: [7, 21, 7, 88],
        tfjson: [5, 19, 5, 219],
      },
    ],
  },
  {
    name: "Terraform: NotAction in an inline policy of a role names the role",
    tf: `resource "aws_iam_role" "app" {
  name               = "orders-app"
  assume_role_policy = "{}"
  inline_policy {
    name = "broad"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }]
    })
  }
}
`,
    errors: [
      {
        messageId: "notAction",
        message:
          "NotAction of an inline policy of role aws_iam_role.app allows every action except iam:*, including every action AWS adds later. List the allowed actions in Action instead.",
        resource: "aws_iam_role.app",
        tf: [7, 52, 7, 59],
        tfjson: [9, 21, 9, 106],
      },
    ],
  },
  {
    name: "a standalone policy document, beside a template that does not attach it",
    files: {
      "policies/ops.json": `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }]
}
`,
      "stack.yaml": "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n",
    },
    errors: [
      {
        messageId: "notAction",
        message:
          "NotAction of policy document policies/ops.json allows every action except iam:*, including every action AWS adds later. List the allowed actions in Action instead.",
        files: ["policies/ops.json", 3, 51, 3, 58],
      },
    ],
  },
];

const cases: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "Deny with NotAction: everything outside the approved services",
      yaml: managedPolicy(`          - Effect: Deny
            NotAction: [secretsmanager:*, kms:*, sts:GetCallerIdentity]
            Resource: "*"
          - Effect: Allow
            Action: secretsmanager:GetSecretValue
            Resource: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-*
`),
    },
    {
      name: "Deny with NotPrincipal: nobody but the reader role",
      yaml: secretPolicy(`          - Effect: Deny
            NotPrincipal:
              AWS:
                - arn:aws:iam::111122223333:role/orders-reader
                - arn:aws:iam::111122223333:root
            Action: secretsmanager:GetSecretValue
            Resource: "*"
`),
    },
    {
      name: "Deny with NotResource",
      yaml: managedPolicy(`          - Effect: Deny
            Action: secretsmanager:*
            NotResource: arn:aws:secretsmanager:eu-west-1:111122223333:secret:dev/*
`),
    },
    {
      name: "an effect the scanner cannot resolve",
      yaml: managedPolicy(
        `          - Effect: !Ref StatementEffect
            NotAction: iam:*
            Resource: "*"
`,
        "Parameters:\n  StatementEffect:\n    Type: String\n",
      ),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "KICS's topic policy: two Allow statements with NotAction",
      yaml: `Resources:
  OrdersTopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref OrdersTopic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            NotAction: s3:DeleteBucket
            Resource: arn:aws:s3:::*
          - Effect: Allow
            NotAction: iam:*
            Resource: "*"
  OrdersTopic:
    Type: AWS::SNS::Topic
`,
      errors: [
        {
          messageId: "notAction",
          message:
            "NotAction of resource policy OrdersTopicPolicy allows every action except s3:DeleteBucket on " +
            "arn:aws:s3:::*, including every action AWS adds later. List the allowed actions in Action instead.",
          resource: "OrdersTopicPolicy",
          yaml: [9, 24, 9, 39],
          json: [15, 28, 15, 45],
        },
        {
          messageId: "notAction",
          message:
            "NotAction of resource policy OrdersTopicPolicy allows every action except iam:*, including every " +
            "action AWS adds later. List the allowed actions in Action instead.",
          resource: "OrdersTopicPolicy",
          yaml: [12, 24, 12, 29],
          json: [20, 28, 20, 35],
        },
      ],
    },
    {
      name: "NotAction list in an identity policy, reported at the list",
      yaml: managedPolicy(`          - Effect: Allow
            NotAction:
              - iam:*
              - organizations:*
              - account:*
              - secretsmanager:DeleteSecret
            Resource: "*"
`),
      errors: [
        {
          messageId: "notAction",
          message:
            "NotAction of policy DeveloperPolicy allows every action except iam:*, organizations:*, account:* and " +
            "1 more, including every action AWS adds later. List the allowed actions in Action instead.",
          resource: "DeveloperPolicy",
          yaml: [12, 15, 16, 1],
          json: [15, 28, 20, 16],
        },
      ],
    },
    {
      name: "NotResource in an identity policy",
      yaml: managedPolicy(`          - Effect: Allow
            Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]
            NotResource:
              - arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*
`),
      errors: [
        {
          messageId: "notResource",
          message:
            "NotResource of policy DeveloperPolicy allows secretsmanager:GetSecretValue and " +
            "secretsmanager:DescribeSecret on every resource except " +
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*, including resources created later. List " +
            "the allowed resources in Resource instead.",
          resource: "DeveloperPolicy",
          yaml: [13, 15, 14, 1],
          json: [19, 30, 21, 16],
        },
      ],
    },
    {
      name: "NotPrincipal with Allow in a secret's resource policy",
      yaml: secretPolicy(`          - Effect: Allow
            NotPrincipal:
              AWS: arn:aws:iam::111122223333:role/orders-writer
            Action: secretsmanager:GetSecretValue
            Resource: "*"
`),
      errors: [
        {
          messageId: "notPrincipal",
          message:
            "NotPrincipal of resource policy OrdersDbSecretPolicy allows secretsmanager:GetSecretValue to every " +
            "principal except arn:aws:iam::111122223333:role/orders-writer, anonymous callers and every other AWS " +
            "account included. Name the allowed principals in Principal instead.",
          resource: "OrdersDbSecretPolicy",
          yaml: [14, 15, 15, 1],
          json: [18, 31, 20, 16],
        },
      ],
    },
    {
      name: "all three in a policy written as a JSON string",
      yaml: `Resources:
  OrdersKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: '{"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "NotAction": "kms:ScheduleKeyDeletion", "NotResource": "arn:aws:kms:eu-west-1:111122223333:key/other"}]}'
`,
      errors: [
        {
          messageId: "notAction",
          message:
            "NotAction of the key policy of KMS key OrdersKey allows every action except kms:ScheduleKeyDeletion, " +
            "including every action AWS adds later. List the allowed actions in Action instead.",
          resource: "OrdersKey",
          yaml: [5, 18, 5, 218],
          json: [6, 22, 6, 242],
        },
        {
          messageId: "notPrincipal",
          message:
            "NotPrincipal of the key policy of KMS key OrdersKey allows every action except " +
            "kms:ScheduleKeyDeletion to every principal except arn:aws:iam::111122223333:root, anonymous callers " +
            "and every other AWS account included. Name the allowed principals in Principal instead.",
          resource: "OrdersKey",
          yaml: [5, 18, 5, 218],
          json: [6, 22, 6, 242],
        },
        {
          messageId: "notResource",
          message:
            "NotResource of the key policy of KMS key OrdersKey allows every action except " +
            "kms:ScheduleKeyDeletion on every resource except arn:aws:kms:eu-west-1:111122223333:key/other, " +
            "including resources created later. List the allowed resources in Resource instead.",
          resource: "OrdersKey",
          yaml: [5, 18, 5, 218],
          json: [6, 22, 6, 242],
        },
      ],
    },
  ],
};

testRule(rule, cases);

describe("policy-not-action in standalone documents", () => {
  it("reports Allow with NotAction in JSON, and not the Deny with NotAction", async () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "NotAction": ["iam:*", "kms:*"], "Resource": "*" },
    { "Effect": "Deny", "NotAction": "secretsmanager:GetSecretValue", "Resource": "*" }
  ]
}
`;
    const findings = await analyze([rule], [{ path: "policies/developer.json", text }]);
    expect(findings.map((f) => [f.messageId, f.line, f.column, f.endLine, f.endColumn, f.message])).toEqual([
      [
        "notAction",
        4,
        39,
        4,
        57,
        "NotAction of policy document policies/developer.json allows every action except iam:* and kms:*, including every " +
          "action AWS adds later. List the allowed actions in Action instead.",
      ],
    ]);
  });

  it("reports Allow with NotPrincipal in a YAML bucket policy", async () => {
    const text = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    NotPrincipal:
      AWS:
        - arn:aws:iam::111122223333:role/auditor
        - arn:aws:iam::111122223333:user/alice
    Action: [s3:GetObject, s3:ListBucket]
    Resource: arn:aws:s3:::orders-exports/*
`;
    const findings = await analyze([rule], [{ path: "policies/exports-bucket.yaml", text }]);
    // The value of NotPrincipal is a block mapping: its span runs to the start of the next line.
    expect(findings.map((f) => [f.messageId, f.line, f.column, f.endLine, f.endColumn, f.message])).toEqual([
      [
        "notPrincipal",
        5,
        7,
        8,
        1,
        "NotPrincipal of policy document policies/exports-bucket.yaml allows s3:GetObject and s3:ListBucket to every " +
          "principal except arn:aws:iam::111122223333:role/auditor and arn:aws:iam::111122223333:user/alice, anonymous " +
          "callers and every other AWS account included. Name the allowed principals in Principal instead.",
      ],
    ]);
  });
});

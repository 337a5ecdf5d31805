import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

/** A secret with a resource policy; `statements` are indented for the `Statement` list. */
const secretPolicy = (statements: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/db
  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref OrdersDbSecret
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
${statements}`;

const reader = (action: string, effect = "Allow") => `          - Effect: ${effect}
            Principal:
              AWS: arn:aws:iam::444455556666:role/orders-reader
            Action: ${action}
            Resource: "*"
`;

const ROOT = `          - Sid: EnableIamPolicies
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
`;

/** AWS's default key administrators statement, as the console writes it. */
const ADMINS = `          - Sid: AllowKeyAdministration
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/KeyAdmin
            Action: [kms:Create*, kms:Describe*, kms:Enable*, kms:List*, kms:Put*, kms:Update*, kms:Revoke*, kms:Disable*, kms:Get*, kms:Delete*, kms:TagResource, kms:UntagResource, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion]
            Resource: "*"
`;

const keyPolicy = (statements: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SecretsKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
${statements}`;

const SECRETSMANAGER_SENSITIVE =
  "including secretsmanager:GetSecretValue, which reads secret values, and 8 more sensitive actions: " +
  "secretsmanager:BatchGetSecretValue, secretsmanager:PutResourcePolicy, secretsmanager:DeleteResourcePolicy, " +
  "secretsmanager:PutSecretValue and 4 others";

const KMS_SENSITIVE =
  "including kms:Decrypt, which decrypts data, secret values included, and 5 more sensitive actions: kms:CreateGrant, " +
  "kms:PutKeyPolicy, kms:ScheduleKeyDeletion, kms:DisableKey and 1 other";

/** A role whose trust policy and inline policy take the given statements. */
const role = (trust: string, inline: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
${trust}      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
${inline}`;

const LAMBDA_TRUST = `          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole*
`;

const inline = (action: string, resource = '"*"', effect = "Allow") => `              - Effect: ${effect}
                Action: ${action}
                Resource: ${resource}
`;

const iamPolicy = (type: string, statements: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AdminPolicy:
    Type: ${type}
    Properties:
      PolicyName: admin
      Groups: [admins]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
${statements}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: named actions",
    tf: `resource "aws_iam_role_policy" "reader" {
  role = "orders-app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      Resource = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/*"
    }]
  })
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: all actions in a role's inline policy",
    tf: `resource "aws_iam_role" "admin" {
  name = "orders-admin"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })

  inline_policy {
    name = "everything"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
    })
  }
}
`,
    errors: [
      {
        messageId: "allActions",
        message:
          "Action * of an inline policy of role aws_iam_role.admin allows all actions of all AWS services, reading secrets, decrypting and changing permissions included.",
        resource: "aws_iam_role.admin",
        tf: [12, 49, 12, 52],
        tfjson: [9, 21, 9, 126],
      },
    ],
  },
  {
    name: "Terraform: every Secrets Manager action in a data source",
    tf: `data "aws_iam_policy_document" "secrets" {
  statement {
    actions   = ["secretsmanager:*"]
    resources = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/*"]
  }
}

resource "aws_iam_policy" "secrets" {
  policy = data.aws_iam_policy_document.secrets.json
}
`,
    errors: [
      {
        messageId: "serviceActions",
        severity: "warning",
        message:
          "Action secretsmanager:* of policy aws_iam_policy.secrets allows all 23 actions of secretsmanager, including secretsmanager:GetSecretValue, which reads secret values, and 8 more sensitive actions: secretsmanager:BatchGetSecretValue, secretsmanager:PutResourcePolicy, secretsmanager:DeleteResourcePolicy, secretsmanager:PutSecretValue and 4 others.",
        resource: "aws_iam_policy.secrets",
        tf: [3, 18, 3, 36],
        tfjson: [7, 13, 7, 31],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "an inline policy with non-sensitive wildcards, and a trust policy with sts:AssumeRole*",
      yaml: role(
        LAMBDA_TRUST,
        inline("[s3:ListBucket*, s3:Get*]", "arn:aws:s3:::orders-reports/*") + inline("logs:CreateLog*"),
      ),
    },
    {
      name: "an IAM policy that denies everything outside one region",
      yaml: iamPolicy(
        "AWS::IAM::Policy",
        `          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
              StringNotEquals:
                aws:RequestedRegion: eu-west-1
`,
      ),
    },
    {
      name: "wildcards that expand only to metadata actions",
      yaml: secretPolicy(reader("[secretsmanager:Describe*, secretsmanager:List*]")),
    },
    {
      name: "a wildcard that expands to exactly one action, kms:Decrypt",
      yaml: keyPolicy(ROOT + reader("[kms:Decrypt*, kms:DescribeKey]")),
    },
    {
      name: "explicit sensitive actions, in any case",
      yaml: secretPolicy(reader("[secretsmanager:getsecretvalue, SecretsManager:DescribeSecret]")),
    },
    {
      name: "a Deny of everything",
      yaml: secretPolicy(reader('"*"', "Deny") + reader("secretsmanager:GetSecretValue")),
    },
    { name: "an effect that is not literally Allow", yaml: secretPolicy(reader('"*"', "allow")) },
    { name: "the default key-policy root statement", yaml: keyPolicy(ROOT) },
    {
      name: "the default root statement written with !Ref AWS::AccountId, a literal account and Action *",
      yaml: keyPolicy(`          - Effect: Allow
            Principal:
              AWS: [!Ref AWS::AccountId, "arn:aws:iam::111122223333:root"]
            Action: "*"
            Resource: "*"
`),
    },
    {
      name: "kms:* to an account root that cannot be read",
      yaml: keyPolicy(`          - Effect: Allow
            Principal:
              AWS: [!Sub "arn:\${AWS::Partition}:iam::\${KeyAccount}:root", !Ref KeyOwnerRoot]
            Action: kms:*
            Resource: "*"
`).replace("Resources:", "Parameters:\n  KeyAccount:\n    Type: String\n  KeyOwnerRoot:\n    Type: String\nResources:"),
    },
    { name: "the default key administrators statement (management wildcards only)", yaml: keyPolicy(ROOT + ADMINS) },
    {
      name: "key users with ReEncrypt* and GenerateDataKey*",
      yaml: keyPolicy(ROOT + reader("[kms:Encrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey]")),
    },
    {
      name: "actions of another service in a key policy grant nothing there",
      yaml: keyPolicy(ROOT + reader("[s3:*, iam:Pass*]")),
    },
    {
      name: "an action built with an unresolved placeholder",
      yaml: secretPolicy(reader('!Sub "${Service}:*"'), "Parameters:\n  Service:\n    Type: String\n"),
    },
    {
      name: "an action from a parameter without default",
      yaml: secretPolicy(reader("!Ref Verb"), "Parameters:\n  Verb:\n    Type: String\n"),
    },
    { name: "an unknown service (policy-unknown-action reports it)", yaml: secretPolicy(reader("secretmanager:*")) },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "Action * in an IAM policy",
      yaml: iamPolicy(
        "AWS::IAM::Policy",
        `          - Effect: Allow
            Action: ["*"]
            Resource: "*"
`,
      ),
      errors: [
        {
          messageId: "allActions",
          message:
            "Action * of policy AdminPolicy allows all actions of all AWS services, reading secrets, decrypting and changing permissions included.",
          resource: "AdminPolicy",
          yaml: [12, 22, 12, 25],
          json: [17, 17, 17, 20],
        },
      ],
    },
    {
      name: "Action * limited to one resource is still all actions",
      yaml: iamPolicy(
        "AWS::IAM::ManagedPolicy",
        `          - Effect: Allow
            Action: "*"
            Resource: arn:aws:iam::aws:policy/AdministratorAccess
`,
      ),
      errors: [
        {
          messageId: "allActions",
          severity: "warning",
          resource: "AdminPolicy",
          message:
            "Action * of policy AdminPolicy allows all actions of all AWS services, reading secrets, decrypting and changing permissions included.",
          yaml: [12, 21, 12, 24],
          json: [16, 25, 16, 28],
        },
      ],
    },
    {
      name: "a role's inline policy with secretsmanager:Get* on one secret",
      yaml: role(LAMBDA_TRUST, inline("[secretsmanager:Describe*, secretsmanager:Get*]", "!Ref OrdersDbSecret")),
      errors: [
        {
          messageId: "sensitiveWildcard",
          severity: "warning",
          message:
            "Action secretsmanager:Get* of an inline policy of role AppRole allows 3 actions, including secretsmanager:GetSecretValue, " +
            "which reads secret values.",
          resource: "AppRole",
          yaml: [19, 52, 19, 71],
          json: [29, 21, 29, 42],
        },
      ],
    },
    {
      name: "a SAM function's inline policy statement",
      yaml: `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Policies:
        - AWSSecretsManagerGetSecretValuePolicy:
            SecretArn: !Ref OrdersDbSecret
        - Statement:
            - Effect: Allow
              Action: ssm:GetParameters*
              Resource: !Sub arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/orders/*
`,
      errors: [
        {
          messageId: "sensitiveWildcard",
          severity: "warning",
          message:
            "Action ssm:GetParameters* of the Policies of function OrdersFunction allows 2 actions, including ssm:GetParameters, which " +
            "reads parameter values, SecureString ones decrypted, and 1 more sensitive action: ssm:GetParametersByPath.",
          resource: "OrdersFunction",
          yaml: [15, 23, 15, 41],
          json: [23, 27, 23, 47],
        },
      ],
    },
    {
      name: "a wildcard that expands to GetSecretValue",
      yaml: secretPolicy(reader("secretsmanager:Get*")),
      errors: [
        {
          messageId: "sensitiveWildcard",
          severity: "warning",
          message:
            "Action secretsmanager:Get* of resource policy OrdersDbSecretPolicy allows 3 actions, including " +
            "secretsmanager:GetSecretValue, which reads secret values.",
          resource: "OrdersDbSecretPolicy",
          yaml: [17, 21, 17, 40],
          json: [24, 25, 24, 46],
        },
      ],
    },
    {
      name: "a lower-case wildcard expands the same",
      yaml: secretPolicy(reader("[secretsmanager:describe*, secretsmanager:get*]")),
      errors: [
        {
          messageId: "sensitiveWildcard",
          severity: "warning",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:get* of resource policy OrdersDbSecretPolicy allows 3 actions, including " +
            "secretsmanager:GetSecretValue, which reads secret values.",
          yaml: [17, 48, 17, 67],
          json: [26, 17, 26, 38],
        },
      ],
    },
    {
      name: "Action * in a secret's resource policy, to a single account",
      yaml: secretPolicy(reader('"*"')),
      errors: [
        {
          messageId: "serviceActions",
          severity: "warning",
          resource: "OrdersDbSecretPolicy",
          message: `Action * of resource policy OrdersDbSecretPolicy allows all 23 actions of secretsmanager, ${SECRETSMANAGER_SENSITIVE}.`,
          yaml: [17, 21, 17, 24],
          json: [24, 25, 24, 28],
        },
      ],
    },
    {
      name: "secretsmanager:* from a parameter's default",
      yaml: secretPolicy(
        reader("!Ref Verb"),
        "Parameters:\n  Verb:\n    Type: String\n    Default: secretsmanager:*\n",
      ),
      errors: [
        {
          messageId: "serviceActions",
          severity: "warning",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:* (default of parameter Verb) of resource policy OrdersDbSecretPolicy allows all 23 actions of " +
            `secretsmanager, ${SECRETSMANAGER_SENSITIVE}.`,
          yaml: [21, 21, 21, 30],
          json: [30, 25, 32, 16],
        },
      ],
    },
    {
      name: "a policy written as a JSON string",
      yaml: `Resources:
  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: prod/orders/db
      ResourcePolicy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["secretsmanager:Describe*", "secretsmanager:*Value"], "Resource": "*"}]}'
`,
      errors: [
        {
          messageId: "sensitiveWildcard",
          severity: "warning",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:*Value of resource policy OrdersDbSecretPolicy allows 3 actions, including " +
            "secretsmanager:GetSecretValue, which reads secret values, and 2 more sensitive actions: " +
            "secretsmanager:BatchGetSecretValue and secretsmanager:PutSecretValue.",
          yaml: [6, 23, 6, 224],
          json: [7, 27, 7, 254],
        },
      ],
    },
    {
      name: "kms:* to a role besides the default root statement",
      yaml: keyPolicy(ROOT + reader("kms:*")),
      errors: [
        {
          messageId: "serviceActions",
          severity: "warning",
          message: `Action kms:* of the key policy of KMS key SecretsKey allows all 56 actions of kms, ${KMS_SENSITIVE}.`,
          resource: "SecretsKey",
          yaml: [19, 21, 19, 26],
          json: [27, 25, 27, 32],
        },
      ],
    },
    {
      name: "kms:* to a role of the template, whose account is the own one",
      yaml: keyPolicy(`          - Effect: Allow
            Principal:
              AWS: !GetAtt KeyAdminRole.Arn
            Action: kms:*
            Resource: "*"
  KeyAdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Ref AWS::AccountId }
            Action: sts:AssumeRole
`),
      errors: [
        {
          messageId: "serviceActions",
          severity: "warning",
          resource: "SecretsKey",
          message: `Action kms:* of the key policy of KMS key SecretsKey allows all 56 actions of kms, ${KMS_SENSITIVE}.`,
          yaml: [13, 21, 13, 26],
          json: [21, 25, 21, 32],
        },
      ],
    },
    {
      name: "kms:* to everyone, and to the own root together with everyone",
      yaml: keyPolicy(`          - Effect: Allow
            Principal: "*"
            Action: kms:*
            Resource: "*"
          - Effect: Allow
            Principal:
              AWS: ["*", !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"]
            Action: "*"
            Resource: "*"
`),
      errors: [
        {
          messageId: "serviceActions",
          severity: "warning",
          resource: "SecretsKey",
          message: `Action kms:* of the key policy of KMS key SecretsKey allows all 56 actions of kms, ${KMS_SENSITIVE}.`,
          yaml: [12, 21, 12, 26],
          json: [14, 25, 14, 32],
        },
        {
          messageId: "serviceActions",
          severity: "warning",
          resource: "SecretsKey",
          message: `Action * of the key policy of KMS key SecretsKey allows all 56 actions of kms, ${KMS_SENSITIVE}.`,
          yaml: [17, 21, 17, 24],
          json: [27, 25, 27, 28],
        },
      ],
    },
    {
      name: "a key-policy wildcard that includes Decrypt",
      yaml: keyPolicy(ROOT + ADMINS + reader("[kms:Encrypt, kms:De*]")),
      errors: [
        {
          messageId: "sensitiveWildcard",
          resource: "SecretsKey",
          message:
            "Action kms:De* of the key policy of KMS key SecretsKey allows 7 actions, including kms:Decrypt, which decrypts data, " +
            "secret values included, and 1 more sensitive action: kms:DeleteImportedKeyMaterial.",
          severity: "warning",
          yaml: [25, 35, 25, 42],
          json: [55, 17, 55, 26],
        },
      ],
    },
  ],
});

describe("policy-wildcard-action without the catalogue's actions", () => {
  it("says all actions of a service whose actions were not loaded, without a count", async () => {
    const { IamCatalogue } = await import("../../knowledge/iam-catalogue.js");
    const { SourceFile } = await import("../../core/positioned.js");
    const file = new SourceFile("p.json", "");
    const node = { kind: "scalar" as const, value: "", start: 0, end: 0, file, path: [] };
    const messages: string[] = [];
    const context = {
      iam: new IamCatalogue([], new Set(["s3"])),
      ownAccounts: [],
      report: (r: { data?: Record<string, string> }) => messages.push(`${r.data?.all} of ${r.data?.service}`),
    };
    rule.create(context as never).policy?.({
      kind: "policy",
      platform: "policy",
      file,
      unit: "p.json",
      resource: "",
      node,
      type: "policy document",
      policyType: "identity",
      attachedTo: [],
      documentNode: node,
      statements: [
        {
          node,
          effect: { value: "Allow", node },
          principals: [],
          notPrincipals: [],
          actions: [
            { value: "s3:*", node },
            { value: "s3:Get*", node },
          ],
          notActions: [],
          resources: [],
          notResources: [],
          conditions: [],
        },
      ],
    });
    expect(messages).toEqual(["all actions of s3"]);
  });
});

describe("policy-wildcard-action in standalone policy documents", () => {
  const identity = JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" },
        {
          Sid: "Params",
          Effect: "Allow",
          Action: ["ssm:GetParameter*", "ssm:Describe*"],
          Resource: "arn:aws:ssm:eu-west-1:111122223333:parameter/orders/*",
        },
        { Sid: "Roles", Effect: "Allow", Action: ["iam:Pass*", "iam:Get*", "iam:List*"], Resource: "*" },
        { Sid: "Logs", Effect: "Allow", Action: ["logs:*"], Resource: "*" },
        {
          Sid: "OneGroup",
          Effect: "Allow",
          Action: ["logs:*"],
          Resource: "arn:aws:logs:eu-west-1:111122223333:log-group:/orders/api:*",
        },
        { Sid: "Sessions", Effect: "Allow", Action: ["ssmmessages:*", "ec2messages:*"], Resource: "*" },
        { Sid: "Secrets", Effect: "Allow", Action: ["secretsmanager:*"], Resource: "*" },
        { Sid: "Keys", Effect: "Allow", Action: ["kms:Decrypt*"], Resource: "*" },
        { Sid: "NoDeletion", Effect: "Deny", Action: ["secretsmanager:*", "kms:*"], Resource: "*" },
      ],
    },
    null,
    2,
  );

  it("reports each wildcard of a JSON identity policy at the action", async () => {
    const findings = await analyze([rule], [{ path: "policies/app-policy.json", text: identity }]);
    // iam:Pass* and kms:Decrypt* expand to one action each (iam:PassRole, kms:Decrypt): as if named, not reported.
    expect(findings.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.severity, f.messageId, f.message])).toEqual(
      [
        [
          7,
          17,
          7,
          20,
          "error",
          "allActions",
          "Action * of policy document policies/app-policy.json allows all actions of all AWS services, reading secrets, decrypting " +
            "and changing permissions included.",
        ],
        [
          14,
          9,
          14,
          28,
          "warning",
          "sensitiveWildcard",
          "Action ssm:GetParameter* of policy document policies/app-policy.json allows 4 actions, including ssm:GetParameter, which " +
            "reads parameter values, SecureString ones decrypted, and 3 more sensitive actions: ssm:GetParameters, " +
            "ssm:GetParametersByPath and ssm:GetParameterHistory.",
        ],
        [
          33,
          9,
          33,
          17,
          "warning",
          "serviceActions",
          "Action logs:* of policy document policies/app-policy.json allows all 133 actions of logs.",
        ],
        [
          41,
          9,
          41,
          17,
          "note",
          "serviceActions",
          "Action logs:* of policy document policies/app-policy.json allows all 133 actions of logs.",
        ],
        [
          49,
          9,
          49,
          24,
          "note",
          "serviceActions",
          "Action ssmmessages:* of policy document policies/app-policy.json allows all 4 actions of ssmmessages.",
        ],
        [
          50,
          9,
          50,
          24,
          "note",
          "serviceActions",
          "Action ec2messages:* of policy document policies/app-policy.json allows all 6 actions of ec2messages.",
        ],
        [
          58,
          9,
          58,
          27,
          "error",
          "serviceActions",
          "Action secretsmanager:* of policy document policies/app-policy.json allows all 23 actions of secretsmanager, including " +
            "secretsmanager:GetSecretValue, which reads secret values, and 8 more sensitive actions: secretsmanager:BatchGetSecretValue, " +
            "secretsmanager:PutResourcePolicy, secretsmanager:DeleteResourcePolicy, secretsmanager:PutSecretValue and 4 others.",
        ],
      ],
    );
  });

  it("reads YAML documents, and leaves trust policies to the principal rules", async () => {
    const text = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    Action: [sts:AssumeRole*, sts:TagSession]
    Resource: "*"
  - Effect: Allow
    Action: secretsmanager:*Get*
    Resource: "*"
`;
    const trust = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    Principal:
      Service: lambda.amazonaws.com
    Action: sts:AssumeRole*
`;
    const findings = await analyze(
      [rule],
      [
        { path: "policies/reader.yaml", text },
        { path: "policies/trust.yaml", text: trust },
      ],
    );
    expect(findings.map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn, f.messageId, f.message])).toEqual([
      [
        "policies/reader.yaml",
        4,
        14,
        4,
        29,
        "sensitiveWildcard",
        "Action sts:AssumeRole* of policy document policies/reader.yaml allows 3 actions, including sts:AssumeRole, which takes on " +
          "the permissions of roles that trust the account.",
      ],
      [
        "policies/reader.yaml",
        7,
        13,
        7,
        33,
        "sensitiveWildcard",
        "Action secretsmanager:*Get* of policy document policies/reader.yaml allows 4 actions, including " +
          "secretsmanager:GetSecretValue, which reads secret values, and 1 more sensitive action: secretsmanager:BatchGetSecretValue.",
      ],
    ]);
  });

  it("does not take a literal account for the own one when ownAccounts says otherwise", async () => {
    const text = keyPolicy(`          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::444455556666:root
            Action: kms:*
            Resource: "*"
`);
    expect(await analyze([rule], [{ path: "key.yaml", text }], {}, [])).toEqual([]);
    expect(await analyze([rule], [{ path: "key.yaml", text }], {}, ["444455556666"])).toEqual([]);
    const findings = await analyze([rule], [{ path: "key.yaml", text }], {}, ["111122223333"]);
    expect(findings.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.messageId])).toEqual([
      [13, 21, 13, 26, "serviceActions"],
    ]);
  });
});

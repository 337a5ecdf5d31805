import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import { IamCatalogue } from "../../knowledge/iam-catalogue.js";
import type { PolicyDocument } from "../../model/entities.js";
import { SourceFile, type PNode } from "../../core/positioned.js";
import type { RuleContext } from "../../knowledge/rule-contract.js";
import rule from "./rule.js";

/** A secret's resource policy; `statements` are indented for the `Statement` list. */
const secretPolicy = (statements: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: prod/orders/db
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
${statements}`;

const statement = (action: string, effect = "Allow", element = "Action") => `          - Effect: ${effect}
            Principal:
              AWS: arn:aws:iam::444455556666:role/orders-reader
            ${element}: ${action}
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
          - Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
${statements}`;

const iamPolicy = (statements: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ReportsPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
${statements}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: known actions in a data source",
    tf: `data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "kms:Decrypt"]
    resources = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/*"]
  }
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: a misspelled action",
    tf: `data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["secretsmanager:GetSecretValues"]
    resources = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/*"]
  }
}
`,
    errors: [
      {
        messageId: "unknownAction",
        message:
          "Action secretsmanager:GetSecretValues of policy data.aws_iam_policy_document.reader is not an action of secretsmanager (did you mean secretsmanager:GetSecretValue?); it allows nothing.",
        resource: "data.aws_iam_policy_document.reader",
        tf: [3, 18, 3, 50],
        tfjson: [7, 13, 7, 45],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "actions in any case",
      yaml: secretPolicy(
        statement(
          "[secretsmanager:getsecretvalue, SecretsManager:DescribeSecret, SECRETSMANAGER:ListSecretVersionIds]",
        ),
      ),
    },
    {
      name: "wildcards that match something",
      yaml: secretPolicy(statement('[secretsmanager:Get*, secretsmanager:Describe?ecret, "*"]')),
    },
    {
      name: "NotAction and Deny with real actions",
      yaml: secretPolicy(
        statement("secretsmanager:DeleteSecret", "Deny") + statement("[secretsmanager:*]", "Allow", "NotAction"),
      ),
    },
    {
      name: "the default key policy and key users",
      yaml: keyPolicy(statement("[kms:Decrypt, kms:GenerateDataKey*, kms:ReEncrypt*]")),
    },
    {
      name: "unresolved actions are not judged",
      yaml: secretPolicy(
        statement('[!Sub "${Service}:GetSecretValue", !Sub "secretsmanager:${Verb}", !Ref Other]'),
        "Parameters:\n  Service:\n    Type: String\n  Verb:\n    Type: String\n  Other:\n    Type: String\n",
      ),
    },
    {
      name: "an action from a parameter's default that exists",
      yaml: secretPolicy(
        statement("!Ref Verb"),
        "Parameters:\n  Verb:\n    Type: String\n    Default: secretsmanager:GetSecretValue\n",
      ),
    },
    { name: "a wildcard in the service prefix is left alone", yaml: secretPolicy(statement('"*:GetSecretValue"')) },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "a misspelt action in an Allow",
      yaml: secretPolicy(statement("secretsmanager:GetSecretVaule")),
      errors: [
        {
          messageId: "unknownAction",
          message:
            "Action secretsmanager:GetSecretVaule of resource policy OrdersDbSecretPolicy is not an action of secretsmanager " +
            "(did you mean secretsmanager:GetSecretValue?); it allows nothing.",
          resource: "OrdersDbSecretPolicy",
          yaml: [13, 21, 13, 50],
          json: [16, 25, 16, 56],
        },
      ],
    },
    {
      name: "a misspelt service prefix",
      yaml: secretPolicy(statement("[secretmanager:GetSecretValue, secretsmanager:DescribeSecret]")),
      errors: [
        {
          messageId: "unknownService",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretmanager:GetSecretValue of resource policy OrdersDbSecretPolicy names the service prefix secretmanager, which " +
            "does not exist (did you mean secretsmanager:GetSecretValue?); it allows nothing.",
          yaml: [13, 22, 13, 50],
          json: [17, 17, 17, 47],
        },
      ],
    },
    {
      name: "a wildcard that matches nothing",
      yaml: secretPolicy(statement("secretsmanager:Gte*")),
      errors: [
        {
          messageId: "noMatch",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action pattern secretsmanager:Gte* of resource policy OrdersDbSecretPolicy matches no action of secretsmanager " +
            "(did you mean secretsmanager:Get*?); it allows nothing.",
          yaml: [13, 21, 13, 40],
          json: [16, 25, 16, 46],
        },
      ],
    },
    {
      name: "a misspelt action in a Deny, and in the NotAction of a Deny",
      yaml: secretPolicy(
        statement("secretsmanager:DeleteScret", "Deny") +
          statement("[secretsmanager:DescribeSecrets]", "Deny", "NotAction"),
      ),
      errors: [
        {
          messageId: "unknownAction",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:DeleteScret of resource policy OrdersDbSecretPolicy is not an action of secretsmanager " +
            "(did you mean secretsmanager:DeleteSecret?); this Deny statement silently denies nothing through it.",
          yaml: [13, 21, 13, 47],
          json: [16, 25, 16, 53],
        },
        {
          messageId: "unknownAction",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:DescribeSecrets of resource policy OrdersDbSecretPolicy is not an action of secretsmanager " +
            "(did you mean secretsmanager:DescribeSecret?); NotAction excludes nothing through it, so the statement denies more " +
            "than intended.",
          yaml: [18, 25, 18, 55],
          json: [25, 17, 25, 49],
        },
      ],
    },
    {
      name: "a misspelt action in the NotAction of an Allow, and an effect that is not literally Allow or Deny",
      yaml: secretPolicy(
        statement("[secretsmanager:ListSecret]", "Allow", "NotAction") +
          statement("secretsmanager:GetSecretValues", "allow"),
      ),
      errors: [
        {
          messageId: "unknownAction",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:ListSecret of resource policy OrdersDbSecretPolicy is not an action of secretsmanager " +
            "(did you mean secretsmanager:ListSecrets?); NotAction excludes nothing through it, so the statement allows more than intended.",
          yaml: [13, 25, 13, 50],
          json: [17, 17, 17, 44],
        },
        {
          messageId: "unknownAction",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:GetSecretValues of resource policy OrdersDbSecretPolicy is not an action of secretsmanager " +
            "(did you mean secretsmanager:GetSecretValue?); it matches nothing.",
          yaml: [18, 21, 18, 51],
          json: [26, 25, 26, 57],
        },
      ],
    },
    {
      name: "an action without a service prefix",
      yaml: secretPolicy(statement("GetSecretValue")),
      errors: [
        {
          messageId: "malformed",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action GetSecretValue of resource policy OrdersDbSecretPolicy is not of the form service:action; it allows nothing.",
          yaml: [13, 21, 13, 35],
          json: [16, 25, 16, 41],
        },
      ],
    },
    {
      name: "object property names are neither services nor actions",
      yaml: secretPolicy(statement("[secretsmanager:constructor, __proto__:GetSecretValue, toString:valueOf]")),
      errors: [
        {
          messageId: "unknownAction",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:constructor of resource policy OrdersDbSecretPolicy is not an action of secretsmanager; it allows nothing.",
          yaml: [13, 22, 13, 48],
          json: [17, 17, 17, 45],
        },
        {
          messageId: "unknownService",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action __proto__:GetSecretValue of resource policy OrdersDbSecretPolicy names the service prefix __proto__, which does not " +
            "exist; it allows nothing.",
          yaml: [13, 50, 13, 74],
          json: [18, 17, 18, 43],
        },
        {
          messageId: "unknownService",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action toString:valueOf of resource policy OrdersDbSecretPolicy names the service prefix toString, which does not exist; " +
            "it allows nothing.",
          yaml: [13, 76, 13, 92],
          json: [19, 17, 19, 35],
        },
      ],
    },
    {
      name: "a misspelt action from a parameter's default",
      yaml: secretPolicy(
        statement("!Ref Verb"),
        "Parameters:\n  Verb:\n    Type: String\n    Default: secretsmanager:PutSecretVal\n",
      ),
      errors: [
        {
          messageId: "unknownAction",
          resource: "OrdersDbSecretPolicy",
          message:
            "Action secretsmanager:PutSecretVal (default of parameter Verb) of resource policy OrdersDbSecretPolicy is not an action of " +
            "secretsmanager (did you mean secretsmanager:PutSecretValue?); it allows nothing.",
          yaml: [17, 21, 17, 30],
          json: [22, 25, 24, 16],
        },
      ],
    },
    {
      name: "a key policy with a misspelt action and one of the wrong service",
      yaml: keyPolicy(statement("[kms:Decypt, kms:GetSecretValue]")),
      errors: [
        {
          messageId: "unknownAction",
          message:
            "Action kms:Decypt of the key policy of KMS key SecretsKey is not an action of kms (did you mean kms:Decrypt?); it allows nothing.",
          resource: "SecretsKey",
          yaml: [18, 22, 18, 32],
          json: [27, 17, 27, 29],
        },
        {
          messageId: "unknownAction",
          resource: "SecretsKey",
          message:
            "Action kms:GetSecretValue of the key policy of KMS key SecretsKey is not an action of kms (did you mean " +
            "secretsmanager:GetSecretValue?); it allows nothing.",
          yaml: [18, 34, 18, 52],
          json: [28, 17, 28, 37],
        },
      ],
    },
    {
      name: "an IAM policy naming an S3 API operation that is not an IAM action",
      yaml: iamPolicy(`          - Effect: Allow
            Action: [s3:ListBucket, s3:HeadBucket, s3:GetObject]
            Resource: ["arn:aws:s3:::orders-reports", "arn:aws:s3:::orders-reports/*"]
`),
      errors: [
        {
          messageId: "unknownAction",
          message: "Action s3:HeadBucket of policy ReportsPolicy is not an action of s3; it allows nothing.",
          resource: "ReportsPolicy",
          yaml: [10, 37, 10, 50],
          json: [14, 17, 14, 32],
        },
      ],
    },
  ],
});

describe("policy-unknown-action in standalone policy documents", () => {
  it("reports a JSON identity policy's misspellings at the action", async () => {
    const text = JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["ssm:GetParamter", "ssm:GetParametersByPath", "kms:Decrypt"], Resource: "*" },
          { Effect: "Deny", Action: "secretsmanger:DeleteSecret", Resource: "*" },
        ],
      },
      null,
      2,
    );
    const findings = await analyze([rule], [{ path: "policies/app-policy.json", text }]);
    expect(findings.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.messageId, f.message])).toEqual([
      [
        7,
        9,
        7,
        26,
        "unknownAction",
        "Action ssm:GetParamter of policy document policies/app-policy.json is not an action of ssm (did you mean " +
          "ssm:GetParameter?); it allows nothing.",
      ],
      [
        15,
        17,
        15,
        45,
        "unknownService",
        "Action secretsmanger:DeleteSecret of policy document policies/app-policy.json names the service prefix secretsmanger, " +
          "which does not exist (did you mean secretsmanager:DeleteSecret?); this Deny statement silently denies nothing through it.",
      ],
    ]);
  });

  it("reads YAML documents", async () => {
    const text = `Version: "2012-10-17"
Statement:
  - Effect: Allow
    Action:
      - secretsmanager:GetSecretValue
      - secretsmanager:List*s
      - secretsmanager:Lsit*
    Resource: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/*
`;
    const findings = await analyze([rule], [{ path: "policies/reader.yaml", text }]);
    expect(findings.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.messageId, f.message])).toEqual([
      [
        7,
        9,
        7,
        29,
        "noMatch",
        "Action pattern secretsmanager:Lsit* of policy document policies/reader.yaml matches no action of secretsmanager (did you " +
          "mean secretsmanager:List*?); it allows nothing.",
      ],
    ]);
  });
});

describe("policy-unknown-action's catalogue guards", () => {
  const file = new SourceFile("p.json", "");
  const node: PNode = { kind: "scalar", value: "", start: 0, end: 0, file, path: [] };
  const policy = (action: string): PolicyDocument => ({
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
        actions: [{ value: action, node }],
        notActions: [],
        resources: [],
        notResources: [],
        conditions: [],
      },
    ],
  });
  const run = (catalogue: IamCatalogue, action: string): string[] => {
    const messages: string[] = [];
    const context = {
      iam: catalogue,
      report: (r: { messageId: string }) => messages.push(r.messageId),
    } as unknown as RuleContext<never>;
    rule.create(context as never).policy?.(policy(action));
    return messages;
  };

  it("judges nothing with an empty catalogue", () => {
    for (const action of ["secretmanager:GetSecretValue", "secretsmanager:GetSecretVaule", "constructor:x"]) {
      expect(run(IamCatalogue.empty(), action)).toEqual([]);
    }
  });

  it("does not judge the actions of a known service that was not loaded", () => {
    const catalogue = new IamCatalogue([], new Set(["s3", "secretsmanager"]));
    expect(run(catalogue, "s3:GetObjekt")).toEqual([]);
    expect(run(catalogue, "s4:GetObject")).toEqual(["unknownService"]);
  });
});

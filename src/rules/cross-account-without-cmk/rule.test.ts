import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

const FOREIGN = "444455556666";

/** A secret (with `secretProperties` after its Name), its resource policy with one statement, and `extra` resources. */
const template = ({
  secretProperties = "",
  statement,
  extra = "",
  parameters = "",
}: {
  secretProperties?: string;
  statement: string;
  extra?: string;
  parameters?: string;
}) => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/db
${secretProperties}  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref OrdersDbSecret
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
${statement}${extra}`;

/** An Allow statement of the resource policy for `principal` (YAML, indented under `Principal:`). */
const allow = (
  principal: string,
  action = "secretsmanager:GetSecretValue",
  condition = "",
) => `          - Effect: Allow
            Principal:
${principal}
            Action: ${action}
            Resource: "*"
${condition}`;

const KEY = (keyPolicyStatements: string) => `  SecretsKey:
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
${keyPolicyStatements}`;

const CMK = "      KmsKeyId: !GetAtt SecretsKey.Arn\n";

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TF_KEY_AND_SECRET = (keyStatements: string) => `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "secrets" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },${keyStatements}
    ]
  })
}

resource "aws_secretsmanager_secret" "db" {
  name       = "prod/orders/db"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = aws_secretsmanager_secret.db.arn
  policy     = data.aws_iam_policy_document.partner_read.json
}

data "aws_iam_policy_document" "partner_read" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}
`;

const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: the key policy lets the other account decrypt",
    tf: TF_KEY_AND_SECRET(`
      {
        Sid       = "PartnerDecrypt"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "kms:Decrypt"
        Resource  = "*"
      },`),
  },
  {
    name: "Terraform: a grant to the own account through aws_caller_identity",
    tf: `data "aws_caller_identity" "current" {}

resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/reader" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: inline policy grants another account a secret on the AWS-managed key",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}
`,
    errors: [
      {
        messageId: "awsManagedKey",
        message:
          "Secret aws_secretsmanager_secret.db grants account 444455556666 access in resource policy aws_secretsmanager_secret.db, but the grant cannot work: the secret has no kms_key_id, so it is encrypted with the AWS-managed key aws/secretsmanager, whose key policy cannot let another account decrypt. Encrypt it with a customer-managed KMS key that allows account 444455556666 kms:Decrypt.",
        resource: "aws_secretsmanager_secret.db",
        tf: [7, 27, 7, 59],
        tfjson: [6, 19, 6, 211],
      },
    ],
  },
  {
    name: "Terraform: the customer-managed key does not let the other account decrypt",
    tf: TF_KEY_AND_SECRET(""),
    errors: [
      {
        messageId: "keyWithoutGrant",
        severity: "warning",
        message:
          "Secret aws_secretsmanager_secret.db grants account 444455556666 access in resource policy aws_secretsmanager_secret_policy.db, but the grant cannot work: the key policy of its KMS key aws_kms_key.secrets gives account 444455556666 no kms:Decrypt. Allow it in the key policy, limited to Secrets Manager with kms:ViaService.",
        resource: "aws_secretsmanager_secret_policy.db",
        tf: [36, 22, 36, 54],
        tfjson: [18, 15, 18, 47],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "own account through Sub ${AWS::AccountId}",
      yaml: template({ statement: allow("              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root") }),
    },
    {
      name: "own account through !Ref AWS::AccountId",
      yaml: template({ statement: allow("              AWS: !Ref AWS::AccountId") }),
    },
    {
      name: "a role of the same template is in the own account",
      yaml: template({
        statement: allow("              AWS: !GetAtt ReaderRole.Arn"),
        extra: "  ReaderRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n",
      }),
    },
    {
      name: "a Deny statement naming another account",
      yaml: template({ statement: allow(`              AWS: "${FOREIGN}"`).replace("Effect: Allow", "Effect: Deny") }),
    },
    {
      name: "another account may only describe the secret, which needs no key",
      yaml: template({
        statement: allow(
          `              AWS: arn:aws:iam::${FOREIGN}:root`,
          "[secretsmanager:DescribeSecret, secretsmanager:ListSecretVersionIds]",
        ),
      }),
    },
    {
      name: "public principal without a condition is policy-public-principal's business",
      yaml: template({ statement: allow('              AWS: "*"') }),
    },
    {
      name: "public principal excluding an organization is not limited to it",
      yaml: template({
        statement: allow(
          '              AWS: "*"',
          "secretsmanager:GetSecretValue",
          "            Condition:\n              StringNotEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n",
        ),
      }),
    },
    {
      name: "principal * limited to the own account",
      yaml: template({
        statement: allow(
          "              AWS: '*'",
          "secretsmanager:GetSecretValue",
          "            Condition:\n              StringEquals:\n                aws:PrincipalAccount: !Ref AWS::AccountId\n",
        ),
      }),
    },
    {
      name: "a service principal is not an account",
      yaml: template({ statement: allow("              Service: lambda.amazonaws.com") }),
    },
    {
      name: "an account from a parameter without default is unresolved",
      yaml: template({
        parameters: "Parameters:\n  ConsumerAccount:\n    Type: String\n",
        statement: allow("              AWS: !Sub arn:aws:iam::${ConsumerAccount}:root"),
      }),
    },
    {
      name: "customer-managed key whose key policy lets the account decrypt through Secrets Manager",
      yaml: template({
        secretProperties: CMK,
        statement: allow(`              AWS: arn:aws:iam::${FOREIGN}:role/orders-reader`),
        extra: KEY(`          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::${FOREIGN}:root
            Action: [kms:Decrypt, kms:DescribeKey]
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: !Sub secretsmanager.\${AWS::Region}.amazonaws.com
`),
      }),
    },
    {
      name: "customer-managed key whose key policy allows everyone in the account's organization",
      yaml: template({
        secretProperties: CMK,
        statement: allow(`              AWS: "${FOREIGN}"`),
        extra: KEY(`          - Effect: Allow
            Principal: "*"
            Action: kms:De*
            Resource: "*"
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
`),
      }),
    },
    {
      name: "customer-managed key without a key policy in the template",
      yaml: template({
        secretProperties: "      KmsKeyId: !Ref PlainKey\n",
        statement: allow(`              AWS: "${FOREIGN}"`),
        extra: "  PlainKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n",
      }),
    },
    {
      name: "a key outside the project",
      yaml: template({
        secretProperties:
          "      KmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n",
        statement: allow(`              AWS: "${FOREIGN}"`),
      }),
    },
    {
      name: "a key imported from another stack",
      yaml: template({
        secretProperties: "      KmsKeyId: !ImportValue SharedSecretsKeyArn\n",
        statement: allow(`              AWS: "${FOREIGN}"`),
      }),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "account id, no KmsKeyId",
      yaml: template({ statement: allow(`              AWS: "${FOREIGN}"`) }),
      errors: [
        {
          messageId: "awsManagedKey",
          message:
            "Secret OrdersDbSecret grants account 444455556666 access in resource policy OrdersDbSecretPolicy, but the grant cannot work: " +
            "the secret has no KmsKeyId, so it is encrypted with the AWS-managed key aws/secretsmanager, whose key policy cannot let " +
            "another account decrypt. Encrypt it with a customer-managed KMS key that allows account 444455556666 kms:Decrypt.",
          resource: "OrdersDbSecretPolicy",
          yaml: [16, 20, 16, 34],
          json: [22, 24, 22, 38],
        },
      ],
    },
    {
      name: "root ARN, AWS-managed key from a parameter default, unquoted account number",
      yaml: template({
        parameters: "Parameters:\n  SecretsKey:\n    Type: String\n    Default: alias/aws/secretsmanager\n",
        secretProperties: "      KmsKeyId: !Ref SecretsKey\n",
        statement: allow(
          "              AWS:\n                - arn:aws:iam::444455556666:root\n                - 777788889999",
          "secretsmanager:Get*",
        ),
      }),
      errors: [
        {
          messageId: "awsManagedKey",
          resource: "OrdersDbSecretPolicy",
          message:
            "Secret OrdersDbSecret grants account 444455556666 access in resource policy OrdersDbSecretPolicy, but the grant cannot work: " +
            "the secret is encrypted with the AWS-managed key alias/aws/secretsmanager (default of parameter SecretsKey), whose key policy " +
            "cannot let another account decrypt. Encrypt it with a customer-managed KMS key that allows account 444455556666 kms:Decrypt.",
          yaml: [22, 19, 22, 49],
          json: [32, 19, 32, 51],
        },
        {
          messageId: "awsManagedKey",
          resource: "OrdersDbSecretPolicy",
          message:
            "Secret OrdersDbSecret grants account 777788889999 access in resource policy OrdersDbSecretPolicy, but the grant cannot work: " +
            "the secret is encrypted with the AWS-managed key alias/aws/secretsmanager (default of parameter SecretsKey), whose key policy " +
            "cannot let another account decrypt. Encrypt it with a customer-managed KMS key that allows account 777788889999 kms:Decrypt.",
          yaml: [23, 19, 23, 31],
          json: [33, 19, 33, 31],
        },
      ],
    },
    {
      name: "a role in another account next to the own account, account from a parameter default, NotAction",
      yaml: template({
        parameters: "Parameters:\n  ConsumerAccount:\n    Type: String\n    Default: '444455556666'\n",
        secretProperties:
          "      KmsKeyId: !Sub arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/secretsmanager\n",
        statement: allow(
          "              AWS:\n                - !Sub arn:aws:iam::${AWS::AccountId}:role/orders-admin\n                - !Sub arn:aws:iam::${ConsumerAccount}:role/orders-reader",
          "secretsmanager:DescribeSecret",
        ).replace(
          "Action: secretsmanager:DescribeSecret",
          "NotAction: [secretsmanager:DeleteSecret, secretsmanager:PutResourcePolicy]",
        ),
      }),
      errors: [
        {
          messageId: "awsManagedKey",
          resource: "OrdersDbSecretPolicy",
          message:
            "Secret OrdersDbSecret grants account 444455556666 (default of parameter ConsumerAccount) access in resource policy " +
            "OrdersDbSecretPolicy, but the grant cannot work: the secret is encrypted with the AWS-managed key " +
            "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/secretsmanager, whose key policy cannot let another " +
            "account decrypt. Encrypt it with a customer-managed KMS key that allows account 444455556666 kms:Decrypt.",
          yaml: [23, 19, 23, 74],
          json: [35, 19, 37, 20],
        },
      ],
    },
    {
      name: "principal * limited to an organization",
      yaml: template({
        statement: allow(
          '            "*"',
          "secretsmanager:GetSecretValue",
          "            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n",
        ).replace('Principal:\n            "*"', 'Principal: "*"'),
      }),
      errors: [
        {
          messageId: "awsManagedKey",
          resource: "OrdersDbSecretPolicy",
          message:
            "Secret OrdersDbSecret grants the accounts of organization o-a1b2c3d4e5 access in resource policy OrdersDbSecretPolicy, but the " +
            "grant cannot work: the secret has no KmsKeyId, so it is encrypted with the AWS-managed key aws/secretsmanager, whose key policy " +
            "cannot let another account decrypt. Encrypt it with a customer-managed KMS key that allows the accounts of organization " +
            "o-a1b2c3d4e5 kms:Decrypt.",
          yaml: [20, 37, 20, 49],
          json: [26, 41, 26, 55],
        },
      ],
    },
    {
      name: "AWS * limited to accounts, one of them the own account",
      yaml: template({
        statement: allow(
          "              AWS: '*'",
          "secretsmanager:GetSecretValue",
          "            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n                aws:PrincipalAccount:\n                  - !Ref AWS::AccountId\n                  - '444455556666'\n",
        ),
      }),
      errors: [
        {
          messageId: "awsManagedKey",
          resource: "OrdersDbSecretPolicy",
          message:
            "Secret OrdersDbSecret grants account 444455556666 access in resource policy OrdersDbSecretPolicy, but the grant cannot work: " +
            "the secret has no KmsKeyId, so it is encrypted with the AWS-managed key aws/secretsmanager, whose key policy cannot let " +
            "another account decrypt. Encrypt it with a customer-managed KMS key that allows account 444455556666 kms:Decrypt.",
          yaml: [24, 21, 24, 35],
          json: [33, 21, 33, 35],
        },
      ],
    },
    {
      name: "resource policy written as a JSON string",
      yaml: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/db
  OrdersDbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref OrdersDbSecret
      ResourcePolicy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "secretsmanager:*", "Resource": "*"}]}'
`,
      errors: [
        {
          messageId: "awsManagedKey",
          resource: "OrdersDbSecretPolicy",
          message:
            "Secret OrdersDbSecret grants account 444455556666 access in resource policy OrdersDbSecretPolicy, but the grant cannot work: " +
            "the secret has no KmsKeyId, so it is encrypted with the AWS-managed key aws/secretsmanager, whose key policy cannot let " +
            "another account decrypt. Encrypt it with a customer-managed KMS key that allows account 444455556666 kms:Decrypt.",
          yaml: [11, 23, 11, 189],
          json: [16, 27, 16, 217],
        },
      ],
    },
    {
      name: "customer-managed key whose policy lets only the own account decrypt",
      yaml: template({
        secretProperties: CMK,
        statement: allow(`              AWS: arn:aws:iam::${FOREIGN}:role/orders-reader`),
        extra: KEY(""),
      }),
      errors: [
        {
          messageId: "keyWithoutGrant",
          severity: "warning",
          resource: "OrdersDbSecretPolicy",
          message:
            "Secret OrdersDbSecret grants account 444455556666 access in resource policy OrdersDbSecretPolicy, but the grant cannot work: " +
            "the key policy of its KMS key SecretsKey gives account 444455556666 no kms:Decrypt. Allow it in the key policy, limited to " +
            "Secrets Manager with kms:ViaService.",
          yaml: [17, 20, 17, 64],
          json: [28, 24, 28, 70],
        },
      ],
    },
    {
      name: "customer-managed key whose policy lets a different account decrypt, or the right one only encrypt",
      yaml: template({
        secretProperties: "      KmsKeyId: !Ref SecretsKey\n",
        statement: allow(`              AWS: "${FOREIGN}"`),
        extra: KEY(`          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::777788889999:root
            Action: kms:Decrypt
            Resource: "*"
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::${FOREIGN}:root
            Action: [kms:Encrypt, kms:GenerateDataKey*]
            Resource: "*"
          - Effect: Allow
            Principal: "*"
            Action: kms:Decrypt
            Resource: "*"
            Condition:
              StringEquals:
                kms:CallerAccount: "777788889999"
          - Effect: Deny
            Principal:
              AWS: arn:aws:iam::${FOREIGN}:root
            Action: kms:Decrypt
            Resource: "*"
`),
      }),
      errors: [
        {
          messageId: "keyWithoutGrant",
          severity: "warning",
          resource: "OrdersDbSecretPolicy",
          message:
            "Secret OrdersDbSecret grants account 444455556666 access in resource policy OrdersDbSecretPolicy, but the grant cannot work: " +
            "the key policy of its KMS key SecretsKey gives account 444455556666 no kms:Decrypt. Allow it in the key policy, limited to " +
            "Secrets Manager with kms:ViaService.",
          yaml: [17, 20, 17, 34],
          json: [25, 24, 25, 38],
        },
      ],
    },
  ],
});

describe("cross-account-without-cmk across files and settings", () => {
  const secretFile = {
    path: "infra/secrets.yaml",
    text: `Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/db
`,
  };
  const policyFile = (principal: string) => ({
    path: "infra/sharing.json",
    text: JSON.stringify(
      {
        Resources: {
          SharedOrdersDb: {
            Type: "AWS::SecretsManager::ResourcePolicy",
            Properties: {
              SecretId: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-AbC123",
              ResourcePolicy: {
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { AWS: principal },
                    Action: "secretsmanager:GetSecretValue",
                    Resource: "*",
                  },
                ],
              },
            },
          },
        },
      },
      null,
      2,
    ),
  });

  it("reports a policy in another template that names the secret by ARN, in the policy's file", async () => {
    const findings = await analyze([rule], [secretFile, policyFile(`arn:aws:iam::${FOREIGN}:role/reader`)]);
    expect(findings.map((f) => [f.file, f.line, f.column, f.resource, f.severity, f.messageId])).toEqual([
      ["infra/sharing.json", 12, 24, "SharedOrdersDb", "error", "awsManagedKey"],
    ]);
  });

  it("does not report an account the configuration lists in ownAccounts", async () => {
    expect(await analyze([rule], [secretFile, policyFile(FOREIGN)], {}, ["111122223333", FOREIGN])).toEqual([]);
  });

  it("still reports accounts that are not in ownAccounts", async () => {
    const findings = await analyze([rule], [secretFile, policyFile(FOREIGN)], {}, ["111122223333"]);
    expect(findings.map((f) => f.messageId)).toEqual(["awsManagedKey"]);
  });

  it("reports a customer-managed key without the grant as a warning", async () => {
    const text = template({
      secretProperties: CMK,
      statement: allow(`              AWS: "${FOREIGN}"`),
      extra: KEY(""),
    });
    const findings = await analyze([rule], [{ path: "t.yaml", text }]);
    expect(findings.map((f) => [f.messageId, f.severity])).toEqual([["keyWithoutGrant", "warning"]]);
  });
});

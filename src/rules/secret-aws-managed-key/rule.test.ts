import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import rule from "./rule.js";
import { isAwsManagedSecretsKey } from "../../knowledge/aws-managed-keys.js";

const template = (properties: string, extra = "") => `AWSTemplateFormatVersion: "2010-09-09"
${extra}Resources:
  AppKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
${properties}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: customer-managed key by reference, replica with its own key",
    tf: `resource "aws_kms_key" "secrets" {
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "db" {
  name       = "prod/orders/db"
  kms_key_id = aws_kms_key.secrets.arn

  replica {
    region     = "eu-central-1"
    kms_key_id = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}
`,
  },
  {
    name: "Terraform: a customer alias by its aws_kms_alias, a variable without default",
    tf: `variable "replica_key" {
  type = string
}

resource "aws_kms_alias" "orders" {
  name          = "alias/orders-secrets"
  target_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_secretsmanager_secret" "db" {
  kms_key_id = aws_kms_alias.orders.name

  replica {
    region     = "us-west-2"
    kms_key_id = var.replica_key
  }
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: no kms_key_id",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}
`,
    errors: [
      {
        messageId: "missing",
        message:
          "Secret aws_secretsmanager_secret.db has no kms_key_id, so it is encrypted with the AWS-managed key aws/secretsmanager.",
        resource: "aws_secretsmanager_secret.db",
        tf: [1, 10, 1, 42],
        tfjson: [4, 7, 4, 11],
      },
    ],
  },
  {
    name: "Terraform: the AWS-managed key looked up by a data source",
    tf: `data "aws_kms_alias" "secretsmanager" {
  name = "alias/aws/secretsmanager"
}

resource "aws_secretsmanager_secret" "db" {
  name       = "prod/orders/db"
  kms_key_id = data.aws_kms_alias.secretsmanager.target_key_arn
}
`,
    errors: [
      {
        messageId: "managed",
        message:
          "Secret aws_secretsmanager_secret.db is encrypted with the AWS-managed key alias/aws/secretsmanager (looked up by data.aws_kms_alias.secretsmanager).",
        resource: "aws_secretsmanager_secret.db",
        tf: [7, 16, 7, 64],
        tfjson: [13, 23, 13, 76],
      },
    ],
  },
  {
    name: "Terraform: replicas without a key and with the AWS-managed key from a variable's default",
    tf: `variable "replica_key" {
  default = "alias/aws/secretsmanager"
}

resource "aws_kms_key" "secrets" {}

resource "aws_secretsmanager_secret" "db" {
  kms_key_id = aws_kms_key.secrets.key_id

  replica {
    region = "us-west-2"
  }

  replica {
    region     = "eu-central-1"
    kms_key_id = var.replica_key
  }
}
`,
    errors: [
      {
        messageId: "replicaMissing",
        message:
          "Replica of secret aws_secretsmanager_secret.db in us-west-2 has no kms_key_id, so it is encrypted with the AWS-managed key aws/secretsmanager.",
        resource: "aws_secretsmanager_secret.db",
        tf: [11, 5, 11, 11],
        tfjson: [16, 13, 16, 21],
      },
      {
        messageId: "replicaManaged",
        message:
          "Replica of secret aws_secretsmanager_secret.db in eu-central-1 is encrypted with the AWS-managed key alias/aws/secretsmanager (default of variable replica_key).",
        resource: "aws_secretsmanager_secret.db",
        tf: [16, 18, 16, 33],
        tfjson: [20, 27, 20, 47],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    { name: "customer-managed key by Ref", yaml: template("      KmsKeyId: !Ref AppKey\n") },
    { name: "customer-managed key by GetAtt", yaml: template("      KmsKeyId: !GetAtt AppKey.Arn\n") },
    {
      name: "customer-managed key ARN literal",
      yaml: template("      KmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n"),
    },
    { name: "customer alias", yaml: template("      KmsKeyId: alias/orders-secrets\n") },
    {
      name: "imported key is unresolved, not guessed",
      yaml: template("      KmsKeyId: !ImportValue SharedSecretsKeyArn\n"),
    },
    {
      name: "parameter without default is unresolved",
      yaml: template("      KmsKeyId: !Ref KeyArn\n", "Parameters:\n  KeyArn:\n    Type: String\n"),
    },
    {
      name: "replicas with their own keys",
      yaml: template(
        "      KmsKeyId: !Ref AppKey\n      ReplicaRegions:\n        - Region: us-west-2\n          KmsKeyId: alias/orders-secrets\n",
      ),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "no KmsKeyId",
      yaml: template("      Description: orders database\n"),
      errors: [
        {
          messageId: "missing",
          message: "Secret DbSecret has no KmsKeyId, so it is encrypted with the AWS-managed key aws/secretsmanager.",
          resource: "DbSecret",
          yaml: [7, 3, 7, 11],
          json: [10, 5, 10, 15],
        },
      ],
    },
    {
      name: "alias/aws/secretsmanager",
      yaml: template("      KmsKeyId: alias/aws/secretsmanager\n"),
      errors: [
        {
          messageId: "managed",
          resource: "DbSecret",
          message: "Secret DbSecret is encrypted with the AWS-managed key alias/aws/secretsmanager.",
          yaml: [10, 17, 10, 41],
          json: [13, 21, 13, 47],
        },
      ],
    },
    {
      name: "aws/secretsmanager without alias/",
      yaml: template("      KmsKeyId: 'aws/secretsmanager'\n"),
      errors: [
        {
          messageId: "managed",
          resource: "DbSecret",
          message: "Secret DbSecret is encrypted with the AWS-managed key aws/secretsmanager.",
          yaml: [10, 17, 10, 37],
          json: [13, 21, 13, 41],
        },
      ],
    },
    {
      name: "alias ARN built with Sub",
      yaml: template(
        "      KmsKeyId: !Sub arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/secretsmanager\n",
      ),
      errors: [
        {
          messageId: "managed",
          resource: "DbSecret",
          message:
            "Secret DbSecret is encrypted with the AWS-managed key arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/secretsmanager.",
          yaml: [10, 17, 10, 105],
          json: [13, 21, 15, 10],
        },
      ],
    },
    {
      name: "parameter default is the AWS-managed key",
      yaml: template(
        "      KmsKeyId: !Ref SecretsKey\n",
        "Parameters:\n  SecretsKey:\n    Type: String\n    Default: alias/aws/secretsmanager\n",
      ),
      errors: [
        {
          messageId: "managed",
          resource: "DbSecret",
          message:
            "Secret DbSecret is encrypted with the AWS-managed key alias/aws/secretsmanager (default of parameter SecretsKey).",
          yaml: [14, 17, 14, 32],
          json: [19, 21, 21, 10],
        },
      ],
    },
    {
      name: "replica regions without a key and with the AWS-managed key",
      yaml: template(
        "      KmsKeyId: !Ref AppKey\n      ReplicaRegions:\n        - Region: us-west-2\n        - Region: eu-central-1\n          KmsKeyId: arn:aws:kms:eu-central-1:111122223333:alias/aws/secretsmanager\n",
      ),
      errors: [
        {
          messageId: "replicaMissing",
          resource: "DbSecret",
          message:
            "Replica of secret DbSecret in us-west-2 has no KmsKeyId, so it is encrypted with the AWS-managed key aws/secretsmanager.",
          yaml: [12, 11, 12, 17],
          json: [18, 13, 18, 21],
        },
        {
          messageId: "replicaManaged",
          resource: "DbSecret",
          message:
            "Replica of secret DbSecret in eu-central-1 is encrypted with the AWS-managed key arn:aws:kms:eu-central-1:111122223333:alias/aws/secretsmanager.",
          yaml: [14, 21, 14, 83],
          json: [22, 25, 22, 89],
        },
      ],
    },
  ],
});

describe("isAwsManagedSecretsKey", () => {
  it.each([
    ["alias/aws/secretsmanager", true],
    ["aws/secretsmanager", true],
    ["arn:aws:kms:us-east-1:111122223333:alias/aws/secretsmanager", true],
    ["arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/secretsmanager", true],
    ["alias/aws/secretsmanager-copy", false],
    ["alias/aws/s3", false],
    ["alias/secretsmanager", false],
    ["arn:aws:kms:us-east-1:111122223333:key/aws/secretsmanager", false],
  ])("%s -> %s", (key, expected) => {
    expect(isAwsManagedSecretsKey(key)).toBe(expected);
  });
});

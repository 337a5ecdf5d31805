import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import rule from "./rule.js";

const key = (properties: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  SecretsKey:
    Type: AWS::KMS::Key
    Properties:
${properties}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: rotation enabled",
    tf: `resource "aws_kms_key" "secrets" {\n  enable_key_rotation     = true\n  rotation_period_in_days = 180\n}\n`,
  },
  {
    name: "Terraform: asymmetric key cannot rotate",
    tf: `resource "aws_kms_key" "signing" {\n  customer_master_key_spec = "RSA_2048"\n  key_usage                = "SIGN_VERIFY"\n}\n`,
  },
  {
    name: "Terraform: key in a custom key store cannot rotate automatically",
    tf: `resource "aws_kms_key" "hsm" {\n  custom_key_store_id = "cks-1234567890abcdef0"\n}\n`,
  },
  {
    name: "Terraform: imported key material cannot rotate automatically",
    tf: `resource "aws_kms_external_key" "imported" {\n  description = "imported"\n}\n`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: rotation not set",
    tf: `resource "aws_kms_key" "secrets" {\n  description = "orders secrets"\n}\n`,
    errors: [
      {
        messageId: "missing",
        message: "KMS key aws_kms_key.secrets does not enable automatic key rotation (enable_key_rotation is not set).",
        resource: "aws_kms_key.secrets",
        tf: [1, 10, 1, 33],
        tfjson: [4, 7, 4, 16],
      },
    ],
  },
  {
    name: "Terraform: rotation disabled",
    tf: `resource "aws_kms_key" "secrets" {\n  key_spec            = "SYMMETRIC_DEFAULT"\n  enable_key_rotation = false\n}\n`,
    errors: [
      {
        messageId: "disabled",
        message: "KMS key aws_kms_key.secrets disables automatic key rotation (enable_key_rotation is false).",
        resource: "aws_kms_key.secrets",
        tf: [3, 25, 3, 30],
        tfjson: [6, 32, 6, 37],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    { name: "rotation enabled", yaml: key("      EnableKeyRotation: true\n") },
    {
      name: "rotation enabled as a string",
      yaml: key("      EnableKeyRotation: 'true'\n      KeySpec: SYMMETRIC_DEFAULT\n"),
    },
    {
      name: "asymmetric signing key cannot rotate",
      yaml: key("      KeySpec: RSA_2048\n      KeyUsage: SIGN_VERIFY\n"),
    },
    {
      name: "asymmetric encryption key cannot rotate",
      yaml: key("      KeySpec: ECC_NIST_P256\n      EnableKeyRotation: false\n"),
    },
    { name: "HMAC key cannot rotate", yaml: key("      KeySpec: HMAC_256\n      KeyUsage: GENERATE_VERIFY_MAC\n") },
    { name: "legacy CustomerMasterKeySpec", yaml: key("      CustomerMasterKeySpec: RSA_4096\n") },
    { name: "imported key material cannot rotate automatically", yaml: key("      Origin: EXTERNAL\n") },
    {
      name: "unresolved rotation flag is not guessed",
      yaml: key("      EnableKeyRotation: !Ref Rotate\n", "Parameters:\n  Rotate:\n    Type: String\n"),
    },
    {
      name: "unresolved key spec is not assumed symmetric",
      yaml: key("      KeySpec: !Ref Spec\n", "Parameters:\n  Spec:\n    Type: String\n"),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "rotation not set",
      yaml: key("      Description: encrypts the orders secrets\n"),
      errors: [
        {
          messageId: "missing",
          message: "KMS key SecretsKey does not enable automatic key rotation (EnableKeyRotation is not set).",
          resource: "SecretsKey",
          yaml: [3, 3, 3, 13],
          json: [4, 5, 4, 17],
        },
      ],
    },
    {
      name: "rotation disabled",
      yaml: key("      KeySpec: SYMMETRIC_DEFAULT\n      EnableKeyRotation: false\n"),
      errors: [
        {
          messageId: "disabled",
          resource: "SecretsKey",
          message: "KMS key SecretsKey disables automatic key rotation (EnableKeyRotation is false).",
          yaml: [7, 26, 7, 31],
          json: [8, 30, 8, 35],
        },
      ],
    },
    {
      name: "rotation disabled as the string False",
      yaml: key("      EnableKeyRotation: 'False'\n"),
      errors: [
        {
          messageId: "disabled",
          resource: "SecretsKey",
          message: "KMS key SecretsKey disables automatic key rotation (EnableKeyRotation is false).",
          yaml: [6, 26, 6, 33],
          json: [7, 30, 7, 37],
        },
      ],
    },
    {
      name: "rotation disabled through a parameter default",
      yaml: key(
        "      EnableKeyRotation: !Ref Rotate\n",
        "Parameters:\n  Rotate:\n    Type: String\n    AllowedValues: [true, false]\n    Default: false\n",
      ),
      errors: [
        {
          messageId: "disabled",
          resource: "SecretsKey",
          message:
            "KMS key SecretsKey disables automatic key rotation (EnableKeyRotation is false, default of parameter Rotate).",
          yaml: [11, 26, 11, 37],
          json: [17, 30, 19, 10],
        },
      ],
    },
  ],
});

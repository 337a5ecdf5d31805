import type { Platform } from "../engine/types.js";
import type { PolicyDocument } from "./entities.js";

/** How a policy is named in messages: `resource policy OrdersDbSecretPolicy`, `policy document policies/app.json`. */
export function policyLabel(policy: PolicyDocument): string {
  if (policy.platform === "policy" || policy.resource === "") return `policy document ${policy.file.path}`;
  switch (policy.policyType) {
    case "key-policy":
      return `the key policy of KMS key ${policy.resource}`;
    case "trust-policy":
      return `the trust policy of role ${policy.resource}`;
    case "secret-resource-policy":
    case "resource-policy":
      return `resource policy ${policy.resource}`;
    case "identity":
      return `${INLINE_OWNER[policy.type] ?? "policy"} ${policy.resource}`;
  }
}

/** Resources whose identity policies are written inside them (`Policies`), by type: how messages name their owner. */
const INLINE_OWNER: Readonly<Record<string, string>> = {
  "AWS::IAM::Role": "an inline policy of role",
  "AWS::IAM::User": "an inline policy of user",
  "AWS::IAM::Group": "an inline policy of group",
  "AWS::Serverless::Function": "the Policies of function",
};

/** Terraform's names of the CloudFormation properties that messages mention. */
const TERRAFORM_NAMES: Readonly<Record<string, string>> = {
  EnableKeyRotation: "enable_key_rotation",
  KmsKeyId: "kms_key_id",
};

/** A property as the platform writes it: `KmsKeyId` in a template, `kms_key_id` in Terraform. */
export function propertyName(platform: Platform, cloudFormationName: string): string {
  return platform === "terraform" ? (TERRAFORM_NAMES[cloudFormationName] ?? cloudFormationName) : cloudFormationName;
}

import type { PolicyDocument } from "./entities.js";

/** How a policy is named in messages: `resource policy OrdersDbSecretPolicy`, `policy document policies/app.json`. */
export function policyLabel(policy: PolicyDocument): string {
  // A file that holds several policies (`aws iam get-account-authorization-details`) names each one.
  if (policy.platform === "policy" && policy.resource !== "") return `policy ${policy.resource} in ${policy.file.path}`;
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
      return `${(Object.hasOwn(INLINE_OWNER, policy.type) ? INLINE_OWNER[policy.type] : undefined) ?? "policy"} ${policy.resource}`;
  }
}

/**
 * The short name of a policy, for the columns and `policy` fields of `secretwarden access`: `resource policy
 * OrdersDbSecretPolicy`, `key policy of OrdersKey`, `inline policy of ReaderRole`, `policy file policies/app.json`.
 */
export function shortPolicyLabel(policy: PolicyDocument): string {
  if (policy.platform === "policy") return `policy file ${policy.file.path}`;
  switch (policy.policyType) {
    case "secret-resource-policy":
      return `resource policy ${policy.resource}`;
    case "key-policy":
      return `key policy of ${policy.resource}`;
    case "identity":
      if (/^AWS::IAM::(Role|User|Group)$/.test(policy.type)) return `inline policy of ${policy.resource}`;
      if (policy.type === "AWS::Serverless::Function") return `Policies of function ${policy.resource}`;
      return `policy ${policy.resource}`;
    default:
      return `policy ${policy.resource}`;
  }
}

/** Resources whose identity policies are written inside them (`Policies`), by type: how messages name their owner. */
const INLINE_OWNER: Readonly<Record<string, string>> = {
  "AWS::IAM::Role": "an inline policy of role",
  "AWS::IAM::User": "an inline policy of user",
  "AWS::IAM::Group": "an inline policy of group",
  "AWS::Serverless::Function": "the Policies of function",
};

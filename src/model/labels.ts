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
      return `${policy.inlineIn ? INLINE_OWNER[policy.inlineIn] : "policy"} ${policy.resource}`;
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
      if (policy.inlineIn === "function") return `Policies of function ${policy.resource}`;
      return policy.inlineIn ? `inline policy of ${policy.resource}` : `policy ${policy.resource}`;
    default:
      return `policy ${policy.resource}`;
  }
}

/** How messages name the owner of an inline identity policy, by what holds it. */
const INLINE_OWNER: Readonly<Record<NonNullable<PolicyDocument["inlineIn"]>, string>> = {
  role: "an inline policy of role",
  user: "an inline policy of user",
  group: "an inline policy of group",
  function: "the Policies of function",
};

import type { PNode } from "../../core/positioned.js";
import { encryptionOf } from "../../knowledge/secret-encryption.js";
import { crossAccountGrants, keyPolicyDecrypt } from "../../knowledge/cross-account-grants.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

/**
 * The secret operations that use the secret's KMS key, and so need `kms:Decrypt` on it in the caller's account:
 * reading the value, and writing a new one (which also needs `kms:GenerateDataKey`). Every other operation a resource
 * policy can grant across accounts (DescribeSecret, ListSecretVersionIds, TagResource...) works with any key.
 */
const KEY_USING_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecret",
];

export default defineRule({
  meta: {
    id: "cross-account-without-cmk",
    title: "Cross-account access to a secret whose key does not allow it",
    severity: "error",
    securitySeverity: 7.0,
    // SARIF precision from measured false positives (ACCURACY.md): structural, but the key policy may live outside the scanned files.
    precision: "high",
    appliesTo: INFRASTRUCTURE,
    entities: ["secret", "policy", "kms-key"],
    messages: {
      awsManagedKey:
        "Secret {{secret}} grants {{grantee}}{{via}} access in resource policy {{policy}}, but the grant cannot work: the secret " +
        "{{encryption}}, whose key policy cannot let another account decrypt. Encrypt it with a customer-managed KMS key " +
        "that allows {{grantee}} kms:Decrypt.",
      keyWithoutGrant:
        "Secret {{secret}} grants {{grantee}}{{via}} access in resource policy {{policy}}, but the grant cannot work: the key " +
        "policy of its KMS key {{key}} gives {{grantee}} no kms:Decrypt. Allow it in the key policy, limited to Secrets " +
        "Manager with kms:ViaService.",
    },
    related: { checkov: ["CKV_AWS_149"], kics: ["c8ae9ba9-c2f7-4e5c-b32e-a4b7712d4d22"] },
    tags: ["CWE-732"],
    docs: {
      description:
        "Another account can read a secret only if both the secret's resource policy and the policy of the KMS key that " +
        "encrypts it let that account in. The AWS-managed key aws/secretsmanager has a key policy nobody can change, so a " +
        "cross-account grant on a secret encrypted with it never works; a customer-managed key whose key policy does not " +
        "allow the other account kms:Decrypt fails the same way. The grant looks like working access in review, fails at " +
        "run time, and invites someone to widen policies until it does.",
      remediation:
        "Encrypt the secret with a customer-managed KMS key (`KmsKeyId`) whose key policy allows the other account " +
        "(or the roles in it) `kms:Decrypt`, with a `kms:ViaService` condition of `secretsmanager.<region>.amazonaws.com`. " +
        "Changing the key re-encrypts only new versions: put a new secret value afterwards. The other account's roles also " +
        "need an identity policy allowing `secretsmanager:GetSecretValue` on the secret and `kms:Decrypt` on the key.",
    },
  },
  // A secret, its resource policies, its key and the key's policy (`Project.resourcePoliciesFor`, `encryptionOf`).
  needs: (entity) =>
    entity.kind === "secret" ||
    entity.kind === "kms-key" ||
    (entity.kind === "policy" &&
      (entity.policyType === "secret-resource-policy" || entity.policyType === "key-policy")),
  create(context) {
    const { project, ownAccounts } = context;
    return {
      secret(secret) {
        const policies = project.resourcePoliciesFor(secret);
        if (policies.length === 0) return;
        const encryption = encryptionOf(secret, project);
        // A key outside the project, or one whose key policy is not written out: nothing can be said about its grants.
        if (encryption.kind !== "aws-managed" && encryption.kind !== "customer-managed") return;
        const reported = new Set<PNode>();
        for (const policy of policies) {
          for (const grant of crossAccountGrants(policy, KEY_USING_ACTIONS, ownAccounts)) {
            if (reported.has(grant.node)) continue;
            const data = {
              secret: secret.resource,
              grantee: grant.text,
              via: grant.via ? ` (${grant.via})` : "",
              policy: policy.resource,
            };
            if (encryption.kind === "aws-managed") {
              reported.add(grant.node);
              context.report({
                node: grant.node,
                entity: policy,
                messageId: "awsManagedKey",
                data: { ...data, encryption: encryption.text },
              });
              continue;
            }
            // Only a key policy that certainly gives the grantee no kms:Decrypt is reported: a conditional or unknown
            // grant (an organization that may hold the account, an unresolved principal) may work.
            const decision = keyPolicyDecrypt(secret, encryption.key, encryption.keyPolicy, grant.requester, {
              ownAccounts,
            });
            if (decision.level !== "no") continue;
            reported.add(grant.node);
            // Less certain than the AWS-managed case: an identity-side grant (kms:CreateGrant) could still make it work.
            context.report({
              node: grant.node,
              entity: policy,
              messageId: "keyWithoutGrant",
              severity: "warning",
              data: { ...data, key: encryption.key.resource },
            });
          }
        }
      },
    };
  },
});

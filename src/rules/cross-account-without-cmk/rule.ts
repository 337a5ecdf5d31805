import { literal, type Field, type PolicyDocument, type PolicyStatement, type Secret } from "../../model/entities.js";
import type { PNode } from "../../parsers/positioned.js";
import {
  accountOfField,
  isForeignAccount,
  principalAccount,
  principalScope,
  statementCoversAction,
  statementEffect,
  type PrincipalScope,
} from "../../knowledge/principals.js";
import { isAwsManagedSecretsKey } from "../secret-aws-managed-key/rule.js";
import { defineRule } from "../define.js";

/**
 * The secret operations that use the secret's KMS key, and so need `kms:Decrypt` on it in the caller's account:
 * reading the value, and writing a new one (which also needs `kms:GenerateDataKey`). Every other operation a resource
 * policy can grant across accounts (DescribeSecret, ListSecretVersionIds, TagResource...) works with any key.
 */
const KEY_USING_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret"];
const DECRYPT = ["kms:Decrypt"];

/** Who a resource policy statement lets in from outside: one account, or the accounts of an organization (path). */
interface Grantee {
  /** Where the grantee is written: the principal value, or the condition value that limits `"*"`. */
  node: PNode;
  /** For messages: `account 444455556666`, `the accounts of organization o-a1b2c3d4e5`. */
  text: string;
  via?: string;
  /** Set for a single account; unset for an organization. */
  account?: string;
}

/** How the secret is encrypted, as far as the project tells. */
type Encryption =
  | { kind: "aws-managed"; text: string }
  | { kind: "customer-managed"; key: string; keyPolicy: PolicyDocument };

const viaText = (field: Field<string>): string => (field.via ? ` (${field.via})` : "");

export default defineRule({
  meta: {
    id: "cross-account-without-cmk",
    title: "Cross-account access to a secret whose key does not allow it",
    severity: "error",
    securitySeverity: 7.0,
    appliesTo: ["cloudformation", "terraform"],
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
        "Encrypt the secret with a customer-managed `AWS::KMS::Key` (`KmsKeyId`) whose key policy allows the other account " +
        "(or the roles in it) `kms:Decrypt`, with a `kms:ViaService` condition of `secretsmanager.<region>.amazonaws.com`. " +
        "Changing the key re-encrypts only new versions: put a new secret value afterwards. The other account's roles also " +
        "need an identity policy allowing `secretsmanager:GetSecretValue` on the secret and `kms:Decrypt` on the key.",
    },
  },
  create(context) {
    const { project, ownAccounts } = context;

    function encryptionOf(secret: Secret): Encryption | undefined {
      if (!secret.kmsKeyId) return { kind: "aws-managed", text: "has no KmsKeyId, so it is encrypted with the AWS-managed key aws/secretsmanager" };
      const keyId = literal(secret.kmsKeyId);
      if (keyId !== undefined && isAwsManagedSecretsKey(keyId)) {
        return { kind: "aws-managed", text: `is encrypted with the AWS-managed key ${keyId}${viaText(secret.kmsKeyId)}` };
      }
      const key = project.keyOf(secret.unit, secret.kmsKeyId);
      const keyPolicy = key && project.keyPolicyOf(key);
      // A key or key policy outside the project: nothing can be said about its grants.
      return key && keyPolicy ? { kind: "customer-managed", key: key.resource, keyPolicy } : undefined;
    }

    /** The outside accounts or organizations an `Allow` statement grants, each where it is written. */
    function grantees(statement: PolicyStatement): Grantee[] {
      const out: Grantee[] = [];
      let everyone = false;
      for (const principal of statement.principals) {
        const account = principalAccount(principal);
        if (account.kind === "everyone") everyone = true;
        else if (isForeignAccount(account, ownAccounts)) {
          out.push({ node: principal.value.node, text: `account ${account.account}`, account: account.account, ...via(principal.value) });
        }
      }
      // `"*"` limited to accounts or organizations by a condition names them in the condition; without one it is
      // public, which is policy-public-principal's business.
      const scope = everyone ? principalScope(statement) : undefined;
      if (scope) out.push(...scopeGrantees(scope));
      return out;
    }

    function scopeGrantees(scope: PrincipalScope): Grantee[] {
      // Conditions are ANDed: an account list is the narrowest limit, and then the organization adds nothing.
      if (scope.accounts.length > 0) {
        return scope.accounts.flatMap((field) => {
          const account = accountOfField(field);
          return isForeignAccount(account, ownAccounts)
            ? [{ node: field.node, text: `account ${account.account}`, account: account.account, ...via(field) }]
            : [];
        });
      }
      // An unresolved organization may be anyone's; a written one holds other accounts by definition.
      const written = (field: Field<string>): string | undefined =>
        typeof field.value === "string" && !field.value.includes("${") ? field.value : undefined;
      const [fields, describe] =
        scope.orgIds.length > 0
          ? [scope.orgIds, (org: string) => `the accounts of organization ${org}`]
          : [scope.orgPaths, (path: string) => `the accounts under organization path ${path}`];
      return fields.flatMap((field) => {
        const value = written(field);
        return value === undefined ? [] : [{ node: field.node, text: describe(value), ...via(field) }];
      });
    }

    /** Whether some statement of the key policy may allow the grantee kms:Decrypt; unknowns count as allowing. */
    function keyAllowsDecrypt(keyPolicy: PolicyDocument, grantee: Grantee): boolean {
      return keyPolicy.statements.some((statement) => {
        if (statementEffect(statement) === "deny") return false;
        if (statementCoversAction(statement, DECRYPT) === "no") return false;
        if (statement.notPrincipals.length > 0) return true;
        return statement.principals.some((principal) => {
          const account = principalAccount(principal);
          switch (account.kind) {
            case "unknown":
              return principal.type === "AWS" || principal.type === "*";
            case "own":
              return false;
            case "account":
              // Any principal of the account covers it: the grant to the account's roles is then the account's choice.
              return grantee.account !== undefined ? account.account === grantee.account : !ownAccounts.includes(account.account);
            case "everyone": {
              const scope = principalScope(statement);
              return !scope || scopeMayInclude(scope, grantee);
            }
          }
        });
      });
    }

    function scopeMayInclude(scope: PrincipalScope, grantee: Grantee): boolean {
      if (scope.accounts.length > 0) {
        return scope.accounts.some((field) => {
          const account = accountOfField(field);
          if (account.kind === "unknown") return true;
          if (account.kind !== "account") return false;
          return grantee.account !== undefined ? account.account === grantee.account : !ownAccounts.includes(account.account);
        });
      }
      // Which accounts an organization (or a path in it) holds is not in the templates: it may hold the grantee.
      return true;
    }

    return {
      secret(secret) {
        const policies = project.resourcePoliciesFor(secret);
        if (policies.length === 0) return;
        const encryption = encryptionOf(secret);
        if (!encryption) return;
        const reported = new Set<PNode>();
        for (const policy of policies) {
          for (const statement of policy.statements) {
            if (statementEffect(statement) !== "allow") continue;
            if (statementCoversAction(statement, KEY_USING_ACTIONS) !== "yes") continue;
            for (const grantee of grantees(statement)) {
              if (reported.has(grantee.node)) continue;
              const data = { secret: secret.resource, grantee: grantee.text, via: grantee.via ? ` (${grantee.via})` : "", policy: policy.resource };
              if (encryption.kind === "aws-managed") {
                reported.add(grantee.node);
                context.report({ node: grantee.node, entity: policy, messageId: "awsManagedKey", data: { ...data, encryption: encryption.text } });
              } else if (!keyAllowsDecrypt(encryption.keyPolicy, grantee)) {
                reported.add(grantee.node);
                // Less certain than the AWS-managed case: an identity-side grant (kms:CreateGrant) could still make it work.
                context.report({ node: grantee.node, entity: policy, messageId: "keyWithoutGrant", severity: "warning", data: { ...data, key: encryption.key } });
              }
            }
          }
        }
      },
    };
  },
});

function via(field: Field<string>): { via?: string } {
  return field.via ? { via: field.via } : {};
}

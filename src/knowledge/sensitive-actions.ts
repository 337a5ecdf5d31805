/**
 * IAM actions that matter most for secrets: those that read or change secret values and the keys that protect them,
 * and those that let a caller give itself (or anyone) more access than its policy says. Policy rules use this list to
 * tell a wildcard that merely lists things (`secretsmanager:Describe*`) from one that hands out secret values
 * (`secretsmanager:Get*` includes `GetSecretValue`), and to name the dangerous part of a grant in their messages.
 *
 * The list is curated, not derived from the catalogue's access levels: `kms:Decrypt` is a "Write" action there and
 * `secretsmanager:GetResourcePolicy` a "Read" one, yet the first reveals secrets and the second does not.
 *
 * Deliberately not listed (each is harmless to secrets on its own, or only in setups we cannot see):
 * - metadata and listing: `secretsmanager:DescribeSecret`, `ListSecrets`, `ListSecretVersionIds`,
 *   `GetResourcePolicy`, `kms:DescribeKey`, `kms:GetKeyPolicy`, `kms:List*`, `ssm:DescribeParameters`;
 * - `secretsmanager:GetRandomPassword` (generates a password, reads nothing), `CreateSecret` (a new secret holds
 *   nothing of anyone else's), `RestoreSecret`, `CancelRotateSecret`, `ValidateResourcePolicy`;
 * - `kms:Encrypt`, `kms:GenerateDataKey*` (they produce new ciphertext and data keys, not existing plaintext) and
 *   `kms:ReEncrypt*` (the plaintext never leaves KMS);
 * - `secretsmanager:TagResource`/`kms:TagResource`: tags grant access only under attribute-based policies
 *   (`aws:ResourceTag` conditions), which a rule that needs them must check itself;
 * - `sts:AssumeRoleWithSAML`/`AssumeRoleWithWebIdentity`: callers are not authorised by identity policies, the role's
 *   trust policy decides.
 */

/** What a sensitive action does to secrets; rules may weigh the categories differently. */
export type SensitiveCategory =
  /** Reveals secret material: a secret's value, a decrypted ciphertext, a SecureString parameter. */
  | "read"
  /** Changes or destroys secret material or the key protecting it. */
  | "write"
  /** Changes who may do what: policies, grants, credentials, roles. */
  | "escalate";

export interface SensitiveAction {
  /** Service prefix, lower case: `secretsmanager`. */
  service: string;
  /** Action name in AWS's case: `GetSecretValue`. */
  name: string;
  category: SensitiveCategory;
  /** What the action does, as a clause for messages: `reads secret values`. */
  effect: string;
}

const LIST: readonly SensitiveAction[] = [
  // Secrets Manager: the secret values, and the resource policy that says who reads them.
  { service: "secretsmanager", name: "GetSecretValue", category: "read", effect: "reads secret values" },
  {
    service: "secretsmanager",
    name: "BatchGetSecretValue",
    category: "read",
    effect: "reads the values of many secrets in one call",
  },
  { service: "secretsmanager", name: "PutSecretValue", category: "write", effect: "replaces secret values" },
  {
    service: "secretsmanager",
    name: "UpdateSecret",
    category: "write",
    effect: "replaces secret values and the key that encrypts them",
  },
  {
    service: "secretsmanager",
    name: "UpdateSecretVersionStage",
    category: "write",
    effect: "changes which version of a secret is current",
  },
  {
    service: "secretsmanager",
    name: "RotateSecret",
    category: "write",
    effect: "replaces secret values through a rotation function the caller may choose",
  },
  { service: "secretsmanager", name: "DeleteSecret", category: "write", effect: "deletes secrets" },
  {
    service: "secretsmanager",
    name: "PutResourcePolicy",
    category: "escalate",
    effect: "changes who may read a secret",
  },
  {
    service: "secretsmanager",
    name: "DeleteResourcePolicy",
    category: "escalate",
    effect: "removes a secret's resource policy and the denials in it",
  },
  // KMS: decryption of whatever the key protects (secrets included), and control over the key.
  { service: "kms", name: "Decrypt", category: "read", effect: "decrypts data, secret values included" },
  {
    service: "kms",
    name: "CreateGrant",
    category: "escalate",
    effect: "lets the caller give any principal use of the key, decryption included",
  },
  { service: "kms", name: "PutKeyPolicy", category: "escalate", effect: "changes who may use and manage the key" },
  {
    service: "kms",
    name: "ScheduleKeyDeletion",
    category: "write",
    effect: "deletes the key, making everything encrypted with it unreadable",
  },
  {
    service: "kms",
    name: "DisableKey",
    category: "write",
    effect: "disables the key, making everything encrypted with it unreadable",
  },
  {
    service: "kms",
    name: "DeleteImportedKeyMaterial",
    category: "write",
    effect: "deletes the key's material, making everything encrypted with it unreadable",
  },
  // Systems Manager Parameter Store: SecureString values come back decrypted with WithDecryption.
  {
    service: "ssm",
    name: "GetParameter",
    category: "read",
    effect: "reads parameter values, SecureString ones decrypted",
  },
  {
    service: "ssm",
    name: "GetParameters",
    category: "read",
    effect: "reads parameter values, SecureString ones decrypted",
  },
  {
    service: "ssm",
    name: "GetParametersByPath",
    category: "read",
    effect: "reads every parameter under a path, SecureString ones decrypted",
  },
  {
    service: "ssm",
    name: "GetParameterHistory",
    category: "read",
    effect: "reads past parameter values, SecureString ones decrypted",
  },
  { service: "ssm", name: "PutParameter", category: "write", effect: "replaces parameter values" },
  // IAM and STS: the classic privilege escalations (a caller that can do these can do anything the account can).
  {
    service: "iam",
    name: "PassRole",
    category: "escalate",
    effect: "hands a role, and its permissions, to a service the caller controls",
  },
  {
    service: "iam",
    name: "CreateAccessKey",
    category: "escalate",
    effect: "creates long-term credentials for IAM users",
  },
  { service: "iam", name: "CreateLoginProfile", category: "escalate", effect: "sets a console password for IAM users" },
  {
    service: "iam",
    name: "UpdateLoginProfile",
    category: "escalate",
    effect: "changes the console password of IAM users",
  },
  { service: "iam", name: "AttachRolePolicy", category: "escalate", effect: "attaches any managed policy to a role" },
  { service: "iam", name: "AttachUserPolicy", category: "escalate", effect: "attaches any managed policy to a user" },
  { service: "iam", name: "AttachGroupPolicy", category: "escalate", effect: "attaches any managed policy to a group" },
  { service: "iam", name: "PutRolePolicy", category: "escalate", effect: "writes any inline policy into a role" },
  { service: "iam", name: "PutUserPolicy", category: "escalate", effect: "writes any inline policy into a user" },
  { service: "iam", name: "PutGroupPolicy", category: "escalate", effect: "writes any inline policy into a group" },
  { service: "iam", name: "CreatePolicyVersion", category: "escalate", effect: "rewrites managed policies" },
  {
    service: "iam",
    name: "SetDefaultPolicyVersion",
    category: "escalate",
    effect: "switches managed policies to another version",
  },
  { service: "iam", name: "UpdateAssumeRolePolicy", category: "escalate", effect: "changes who may assume a role" },
  {
    service: "iam",
    name: "AddUserToGroup",
    category: "escalate",
    effect: "adds users to groups, and so to their permissions",
  },
  {
    service: "sts",
    name: "AssumeRole",
    category: "escalate",
    effect: "takes on the permissions of roles that trust the account",
  },
];

/** service (lower case) -> action name (lower case) -> entry; Maps, so `constructor` or `__proto__` is never an action. */
const BY_SERVICE: ReadonlyMap<string, ReadonlyMap<string, SensitiveAction>> = (() => {
  const out = new Map<string, Map<string, SensitiveAction>>();
  for (const action of LIST) {
    const names = out.get(action.service) ?? new Map<string, SensitiveAction>();
    names.set(action.name.toLowerCase(), action);
    out.set(action.service, names);
  }
  return out;
})();

/** The entry for an action, matched without regard to case as IAM does; undefined when it is not sensitive. */
export function sensitiveAction(service: string, name: string): SensitiveAction | undefined {
  return BY_SERVICE.get(service.toLowerCase())?.get(name.toLowerCase());
}

/** Whether an action reads or changes secrets or the keys that protect them, or escalates privilege. */
export function isSensitiveAction(service: string, name: string): boolean {
  return sensitiveAction(service, name) !== undefined;
}

/** Every sensitive action, in the documented order (for docs and tests). */
export function sensitiveActions(): readonly SensitiveAction[] {
  return LIST;
}

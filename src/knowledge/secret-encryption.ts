import {
  isReference,
  isUnresolved,
  literal,
  type Field,
  type KmsKey,
  type PolicyDocument,
  type Secret,
} from "../model/entities.js";
import type { Project } from "../model/project.js";
import { dialectOf } from "../model/dialect.js";
import { isAwsManagedSecretsKey } from "./aws-managed-keys.js";

/** How a secret is encrypted, as far as the project tells. */
export type Encryption =
  /** No `KmsKeyId` (`kms_key_id`), or `aws/secretsmanager` in any spelling: usable by the secret's own account only. */
  | { kind: "aws-managed"; text: string }
  /** A key of the project with its key policy written out. */
  | { kind: "customer-managed"; key: KmsKey; keyPolicy: PolicyDocument }
  /** A key of the project without a key policy in the project: it gets one at deployment that we do not guess. */
  | { kind: "key-without-policy"; key: KmsKey }
  /** A key outside the project (an ARN, an alias, an import) or a value that is not known. */
  | { kind: "outside"; text: string };

const viaText = (field: Field<string>): string => (field.via ? ` (${field.via})` : "");

export function encryptionOf(secret: Secret, project: Project): Encryption {
  if (!secret.kmsKeyId) {
    return {
      kind: "aws-managed",
      text: `has no ${dialectOf(secret.platform).kmsKeyProperty}, so it is encrypted with the AWS-managed key aws/secretsmanager`,
    };
  }
  const keyId = literal(secret.kmsKeyId);
  if (keyId !== undefined && isAwsManagedSecretsKey(keyId)) {
    return { kind: "aws-managed", text: `is encrypted with the AWS-managed key ${keyId}${viaText(secret.kmsKeyId)}` };
  }
  const key = project.keyOf(secret.unit, secret.kmsKeyId);
  if (key) {
    const keyPolicy = project.keyPolicyOf(key);
    return keyPolicy ? { kind: "customer-managed", key, keyPolicy } : { kind: "key-without-policy", key };
  }
  const { value } = secret.kmsKeyId;
  const text = isUnresolved(value) ? value.expression : isReference(value) ? value.target : value;
  return { kind: "outside", text };
}

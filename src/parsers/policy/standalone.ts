import { get, type PNode, type SourceFile } from "../../core/positioned.js";
import type { Field, PolicyDocument, PolicyStatement, PolicyType } from "../../model/entities.js";
import { normalizePolicy } from "./normalize.js";

/** A document is a standalone policy when its top level has `Statement` (and usually `Version`). */
export function isPolicyDocument(root: PNode | undefined): boolean {
  return root?.kind === "object" && get(root, "Statement") !== undefined && get(root, "Resources") === undefined;
}

/** Standalone documents hold literals only: no intrinsic functions, no interpolation. */
function literalField(node: PNode): Field<string> | undefined {
  if (node.kind !== "scalar" || node.value === null) return undefined;
  return { value: String(node.value), node };
}

/**
 * A standalone policy file as a PolicyDocument. Its type comes from what it says and its name. Without `Principal` or
 * `NotPrincipal` it is an identity policy. With them it is a key policy when the file is named like one
 * (`kms-key-policy.json`) or grants `kms:` actions; a trust policy when the file is named like one (`trust-policy.json`,
 * `lambda-assume-role.json`), names a `Federated` principal, or grants only `sts:` actions among which an
 * `sts:AssumeRole*`; a secret's resource policy when it grants `secretsmanager:` actions; otherwise a resource policy.
 */
export function standalonePolicy(
  root: PNode,
  file: SourceFile,
  known: { resource?: string; policyType?: PolicyType } = {},
): PolicyDocument {
  const statements = normalizePolicy(root, literalField);
  return {
    kind: "policy",
    platform: "policy",
    file,
    unit: file.path,
    // The policy's name inside a file that holds several (`role/app/read-secrets` in authorization details).
    resource: known.resource ?? "",
    node: root,
    type: "policy document",
    policyType: known.policyType ?? classify(file.path, statements, hasPrincipalKey(root)),
    attachedTo: [],
    documentNode: root,
    statements,
  };
}

/** Whether a statement has a `Principal` or `NotPrincipal` key, even one whose value cannot be read. */
function hasPrincipalKey(root: PNode): boolean {
  const statements = get(root, "Statement");
  const list = statements?.kind === "array" ? statements.items : statements ? [statements] : [];
  return list.some((s) => get(s, "Principal") !== undefined || get(s, "NotPrincipal") !== undefined);
}

/** `kms-key-policy.json`, `key_policy.yaml`, `keypolicies.json`, `KmsKeyPolicy.json`; not `monkey-policy.json`. */
const KEY_POLICY_NAME = /(^|[^a-z])key[-_.]?polic(y|ies)/i;
/** `trust-policy.json`, `role-trust.json`, `lambda-assume-role.json`, `AssumeRolePolicy.json`; not `trusted-ips.json`. */
const TRUST_POLICY_NAME = /(^|[^a-z])(trust|assume[-_.]?role)([-_.]?polic(y|ies))?([^a-z]|$)/i;

function classify(path: string, statements: PolicyStatement[], principalKey: boolean): PolicyType {
  // Every resource, key and trust policy names principals; an identity policy never does, whatever the file is called
  // (`assume-role-policy.json` often allows a user `sts:AssumeRole`).
  const principals = statements.flatMap((s) => [...s.principals, ...s.notPrincipals]);
  if (principals.length === 0 && !principalKey) return "identity";
  // `KmsKeyPolicy.json` reads as `Kms-Key-Policy.json`, so that words start where the case changes.
  const name = (path.split("/").pop() ?? path).replace(/([a-z0-9])([A-Z])/g, "$1-$2");
  if (KEY_POLICY_NAME.test(name)) return "key-policy";
  if (TRUST_POLICY_NAME.test(name)) return "trust-policy";
  const names = statements
    .flatMap((s) => [...s.actions, ...s.notActions])
    .flatMap((a) => (typeof a.value === "string" ? [a.value.trim().toLowerCase()] : []));
  if (names.some((n) => n.startsWith("kms:"))) return "key-policy";
  const assumesRole = names.some((n) => n.startsWith("sts:assumerole")) && names.every((n) => n.startsWith("sts:"));
  if (assumesRole || principals.some((p) => p.type === "Federated")) return "trust-policy";
  if (names.some((n) => n.startsWith("secretsmanager:"))) return "secret-resource-policy";
  return "resource-policy";
}

export { looksLikePolicy } from "./sniff.js";

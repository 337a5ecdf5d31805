import { get, type PNode, type SourceFile } from "../positioned.js";
import type { Field, PolicyDocument, PolicyType } from "../../model/entities.js";
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
 * A standalone policy file as a PolicyDocument. Its type comes from what it says: statements with a `Principal`
 * make a resource policy, a key policy when the file is named like one or grants `kms:` actions, a trust policy when
 * it grants `sts:AssumeRole*`, a secret's resource policy when it grants `secretsmanager:` actions; otherwise it is
 * an identity policy.
 */
export function standalonePolicy(root: PNode, file: SourceFile): PolicyDocument {
  const statements = normalizePolicy(root, literalField);
  return {
    kind: "policy",
    platform: "policy",
    file,
    unit: file.path,
    resource: "",
    node: root,
    type: "policy document",
    policyType: classify(file.path, statements.flatMap((s) => [...s.actions, ...s.notActions]), statements.some((s) => s.principals.length + s.notPrincipals.length > 0) || hasPrincipalKey(root)),
    attachedTo: [],
    documentNode: root,
    statements,
  };
}

function hasPrincipalKey(root: PNode): boolean {
  const statements = get(root, "Statement");
  const list = statements?.kind === "array" ? statements.items : statements ? [statements] : [];
  return list.some((s) => get(s, "Principal") !== undefined || get(s, "NotPrincipal") !== undefined);
}

function classify(path: string, actions: Field<string>[], withPrincipals: boolean): PolicyType {
  if (!withPrincipals) return "identity";
  const names = actions.flatMap((a) => (typeof a.value === "string" ? [a.value.toLowerCase()] : []));
  if (/key[-_.]?policy/i.test(path.split("/").pop() ?? "") || names.some((n) => n.startsWith("kms:"))) return "key-policy";
  if (names.length > 0 && names.every((n) => n.startsWith("sts:assumerole"))) return "trust-policy";
  if (names.some((n) => n.startsWith("secretsmanager:"))) return "secret-resource-policy";
  return "resource-policy";
}

/** Cheap text test used before parsing, so a broken file that is not a policy is not reported as an error. */
export function looksLikePolicy(text: string): boolean {
  return /["']?Statement["']?\s*:/.test(text) && /["']?(Effect|Action)["']?\s*:/.test(text);
}

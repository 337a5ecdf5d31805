import { get, stringValue, type PNode, type SourceFile } from "../../core/positioned.js";
import type { PolicyDocument, PolicyType } from "../../model/entities.js";
import { policyFromJsonString } from "./normalize.js";
import { isPolicyDocument, standalonePolicy } from "./standalone.js";

/**
 * Policy documents inside what the IAM API and CLI print, read as standalone policies:
 * - `aws iam get-policy-version`: `{"PolicyVersion": {"Document": ...}}`;
 * - `aws iam get-account-authorization-details`: the inline policies of users, groups and roles, each role's trust
 *   policy, and the default version of each managed policy (`Policies[].PolicyVersionList[]`; other versions are not
 *   in force).
 * A `Document` is an object (the CLI decodes it) or the API's URL-encoded JSON text (`%7B%22Version%22...`), whose
 * inner positions then all take the span of the string.
 */
export function wrappedPolicies(root: PNode, file: SourceFile): PolicyDocument[] {
  if (root.kind !== "object") return [];
  const out: PolicyDocument[] = [];
  const add = (node: PNode | undefined, resource: string, policyType?: PolicyType): void => {
    const document = node && documentOf(node);
    if (document) out.push(standalonePolicy(document, file, { resource, ...(policyType ? { policyType } : {}) }));
  };
  const version = get(root, "PolicyVersion");
  if (version) add(get(version, "Document"), `version ${text(get(version, "VersionId")) ?? ""}`.trim());

  for (const [list, nameKey, policiesKey, kind] of DETAIL_LISTS) {
    for (const holder of items(get(root, list))) {
      const name = text(get(holder, nameKey)) ?? "?";
      for (const inline of items(get(holder, policiesKey)))
        add(get(inline, "PolicyDocument"), `${kind}/${name}/${text(get(inline, "PolicyName")) ?? "?"}`);
      if (kind === "role") add(get(holder, "AssumeRolePolicyDocument"), `role/${name} trust policy`, "trust-policy");
    }
  }
  for (const managed of items(get(root, "Policies"))) {
    const name = text(get(managed, "PolicyName")) ?? "?";
    const versions = items(get(managed, "PolicyVersionList"));
    const current = versions.find((v) => {
      const flag = get(v, "IsDefaultVersion");
      return flag?.kind === "scalar" && flag.value === true;
    });
    add(get(current ?? versions[0] ?? managed, "Document"), `managed/${name}`);
  }
  return out;
}

/** Whether a parsed document is one of the shapes `wrappedPolicies` reads. */
export function isWrappedPolicyRoot(root: PNode): boolean {
  if (root.kind !== "object") return false;
  const version = get(root, "PolicyVersion");
  if (version) return get(version, "Document") !== undefined;
  return (
    DETAIL_LISTS.some(([list]) => get(root, list)?.kind === "array") ||
    items(get(root, "Policies")).some((p) => get(p, "PolicyVersionList") !== undefined)
  );
}

const DETAIL_LISTS: readonly [string, string, string, string][] = [
  ["UserDetailList", "UserName", "UserPolicyList", "user"],
  ["GroupDetailList", "GroupName", "GroupPolicyList", "group"],
  ["RoleDetailList", "RoleName", "RolePolicyList", "role"],
];

function items(node: PNode | undefined): PNode[] {
  return node?.kind === "array" ? node.items : [];
}

function text(node: PNode | undefined): string | undefined {
  return node ? stringValue(node) : undefined;
}

/** The policy a `Document`/`PolicyDocument` value holds: the object itself, or its JSON text, URL-encoded or not. */
function documentOf(node: PNode): PNode | undefined {
  if (node.kind === "object") return isPolicyDocument(node) ? node : undefined;
  const written = stringValue(node);
  if (written === undefined) return undefined;
  const inner = policyFromJsonString(node, decodeUrl);
  return inner && isPolicyDocument(inner) ? inner : undefined;
}

/** `%7B%22Version%22...` as the IAM API returns documents; text that is not URL-encoded is returned as it is. */
function decodeUrl(text: string): string {
  if (!/^\s*%7B/i.test(text)) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

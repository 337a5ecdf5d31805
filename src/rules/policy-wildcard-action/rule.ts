import {
  isUnresolved,
  type Field,
  type PolicyDocument,
  type PolicyPrincipal,
  type PolicyStatement,
} from "../../model/entities.js";
import type { Severity } from "../../core/finding.js";
import type { IamCatalogue } from "../../knowledge/iam-catalogue.js";
import {
  arnParts,
  isDefaultKeyPolicyRootStatement,
  isOwnAccountRoot,
  mayBeOwnAccountRoot,
  statementEffect,
} from "../../knowledge/principals.js";
import { sensitiveAction, sensitiveActions, type SensitiveAction } from "../../knowledge/sensitive-actions.js";
import { policyLabel } from "../../model/labels.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE_AND_POLICIES } from "../../core/platform.js";

/**
 * The only service whose actions a resource policy can grant: a key policy governs one key, a secret's resource policy
 * one secret. There `Action: "*"` means all actions of that service on that resource.
 */
function serviceOfPolicy(policy: PolicyDocument): string | undefined {
  if (policy.policyType === "key-policy") return "kms";
  if (policy.policyType === "secret-resource-policy") return "secretsmanager";
  return undefined;
}

/**
 * A principal that may be an account root, but whose account cannot be read: `!Ref KeyAccountRoot` without default,
 * `!Sub arn:aws:iam::${KeyAccount}:root`, `${AccountParameter}`.
 */
function unresolvedRoot(principal: PolicyPrincipal): boolean {
  if (principal.type !== "AWS") return false;
  const { value } = principal.value;
  if (isUnresolved(value)) return true;
  if (typeof value !== "string") return false;
  const text = value.trim();
  if (/^\$\{[^}]+\}$/.test(text)) return true;
  const arn = arnParts(text);
  return arn !== undefined && arn.service === "iam" && arn.resource === "root" && arn.account.includes("${");
}

/**
 * AWS's default key-policy statement (see `isDefaultKeyPolicyRootStatement`), or one that may be it: `kms:*` to an account
 * root whose account is unresolved, or a literal account while `ownAccounts` is not configured (AWS's documentation
 * writes the default statement with the account spelled out, and nothing tells it from another account). That cannot
 * be judged, and is not reported.
 */
function isOrMayBeDefaultRootStatement(statement: PolicyStatement, ownAccounts: readonly string[]): boolean {
  if (isDefaultKeyPolicyRootStatement(statement, ownAccounts)) return true;
  const undecided = (p: PolicyPrincipal): boolean => unresolvedRoot(p) || mayBeOwnAccountRoot(p, ownAccounts);
  const rootLike = statement.principals.every((p) => isOwnAccountRoot(p, ownAccounts) || undecided(p));
  if (!rootLike || !statement.principals.some(undecided)) return false;
  return onlyAllKmsActions(statement);
}

function onlyAllKmsActions(statement: PolicyStatement): boolean {
  return (
    statementEffect(statement) === "allow" &&
    statement.notPrincipals.length === 0 &&
    statement.actions.length > 0 &&
    statement.actions.every((a) => typeof a.value === "string" && /^(\*|kms:\*)$/i.test(a.value.trim()))
  );
}

/** The action as written, when it can be judged: a literal without `${...}` placeholders. */
function literalAction(field: Field<string>): string | undefined {
  return typeof field.value === "string" && !field.value.includes("${") ? field.value.trim() : undefined;
}

const CATEGORY_ORDER: Record<SensitiveAction["category"], number> = { read: 0, escalate: 1, write: 2 };
const MORE_NAMED = 4;

/** Reads first, then escalations, then writes; within a category in the documented order. */
function bySeverity(a: SensitiveAction, b: SensitiveAction): number {
  const list = sensitiveActions();
  return CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] || list.indexOf(a) - list.indexOf(b);
}

/**
 * `, including kms:Decrypt, which decrypts data, and 4 more sensitive actions: kms:CreateGrant, ...`, or `, kms:Decrypt,
 * which decrypts data` when that is the only action; empty without sensitive actions.
 */
function sensitiveText(sensitive: SensitiveAction[], total: number): string {
  const [first, ...rest] = [...sensitive].sort(bySeverity);
  if (!first) return "";
  const name = (a: SensitiveAction): string => `${a.service}:${a.name}`;
  if (total === 1 && rest.length === 0) return `, ${name(first)}, which ${first.effect}`;
  let text = `, including ${name(first)}, which ${first.effect}`;
  if (rest.length > 0) {
    const named = rest.slice(0, MORE_NAMED).map(name);
    const others = rest.length - named.length;
    const list = others > 0 ? `${named.join(", ")} and ${others} other${others === 1 ? "" : "s"}` : joinAnd(named);
    text += `, and ${rest.length} more sensitive action${rest.length === 1 ? "" : "s"}: ${list}`;
  }
  return text;
}

function joinAnd(items: string[]): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] as string}`;
}

function sensitiveOf(
  iam: IamCatalogue,
  pattern: string,
): { count: number; sensitive: SensitiveAction[]; wildcardOnly: boolean } {
  const actions = iam.expand(pattern);
  return {
    count: actions.length,
    sensitive: actions.flatMap((a) => sensitiveAction(a.service, a.name) ?? []),
    wildcardOnly: actions.length > 0 && actions.every((a) => a.isWildcardOnly),
  };
}

/**
 * Whether a statement of an identity policy applies to every resource: `Resource: "*"`, or `NotResource`. In a resource
 * or key policy `"*"` is the resource the policy is attached to, so this is never true there.
 */
function onEveryResource(policy: PolicyDocument, statement: PolicyStatement): boolean {
  if (policy.policyType !== "identity") return false;
  if (statement.resources.length === 0) return statement.notResources.length > 0;
  return statement.resources.some((r) => typeof r.value === "string" && /^\*+$/.test(r.value.trim()));
}

/**
 * How bad a wildcard is (see the README's "Severity"): `error` for an administrator (`*` on every resource) and for a
 * service wildcard on every resource that reads secrets or escalates privilege (`secretsmanager:*`, `iam:*` on `*`);
 * `note` for a service wildcard of a service with no sensitive action whose grant is narrow: the resource is named, or
 * the service's actions cannot be limited to resources anyway (`ssmmessages:*`, `ec2messages:*`); `warning` otherwise.
 */
function serviceSeverity(sensitive: readonly SensitiveAction[], wide: boolean, wildcardOnly: boolean): Severity {
  if (sensitive.length === 0) return !wide || wildcardOnly ? "note" : "warning";
  return wide && sensitive.some((a) => a.category !== "write") ? "error" : "warning";
}

export default defineRule({
  meta: {
    id: "policy-wildcard-action",
    title: "Policy allows all actions, or a wildcard that includes sensitive actions",
    severity: "error",
    securitySeverity: 6.0,
    // SARIF precision from measured false positives (ACCURACY.md): real repositories 21/21 true; IaC corpus 0 of 21 negatives reported.
    precision: "very-high",
    appliesTo: INFRASTRUCTURE_AND_POLICIES,
    entities: ["policy"],
    messages: {
      allActions:
        "Action {{action}}{{via}} of {{policy}} allows all actions of all AWS services, reading secrets, decrypting and " +
        "changing permissions included.",
      serviceActions: "Action {{action}}{{via}} of {{policy}} allows {{all}} of {{service}}{{sensitive}}.",
      sensitiveWildcard: "Action {{action}}{{via}} of {{policy}} allows {{count}}{{sensitive}}.",
    },
    related: {
      checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_1", "CKV_AWS_49", "CKV2_AWS_40"],
      kics: ["953b3cdb-ce13-428a-aa12-318726506661", "f62aa827-4ade-4dc4-89e4-1433d384a368"],
      cfnNag: ["F2", "F3", "F4", "F5"],
      cdkNag: ["AwsSolutions-IAM5"],
    },
    tags: ["CWE-732"],
    docs: {
      description:
        "An `Allow` whose `Action` is `*` or `service:*` grants every action of every service (or of one), including the " +
        "ones that read secret values, decrypt with KMS keys or change who may do what, and every action AWS adds later. " +
        "A narrower wildcard is as dangerous when it expands to such actions: `secretsmanager:Get*` includes " +
        "`GetSecretValue`. The rule expands each wildcard with the IAM action catalogue and says which sensitive actions " +
        "it includes.",
      remediation:
        "List the actions the principal needs by name (`secretsmanager:GetSecretValue`, `kms:Decrypt`), or narrow the " +
        "wildcard so that it no longer includes the sensitive actions the message names (`secretsmanager:Describe*`).",
    },
  },
  create(context) {
    const { iam, ownAccounts } = context;

    function judge(policy: PolicyDocument, statement: PolicyStatement, field: Field<string>): void {
      const action = literalAction(field);
      if (action === undefined || !/[*?]/.test(action)) return;
      const via = field.via ? ` (${field.via})` : "";
      const common = { action, via, policy: policyLabel(policy) };
      const wide = onEveryResource(policy, statement);
      const report = (
        messageId: "allActions" | "serviceActions" | "sensitiveWildcard",
        data: Record<string, string>,
        severity: Severity,
      ): void =>
        context.report({ node: field.node, entity: policy, messageId, data: { ...common, ...data }, severity });
      const reportService = (service: string): void => {
        const loaded = iam.isLoaded(service);
        const { count, sensitive, wildcardOnly } = sensitiveOf(iam, `${service}:*`);
        const data = {
          all: loaded ? `all ${count} actions` : "all actions",
          service,
          sensitive: sensitiveText(sensitive, count),
        };
        // A service the catalogue does not hold cannot be judged harmless.
        report("serviceActions", data, loaded ? serviceSeverity(sensitive, wide, wildcardOnly) : "warning");
      };

      if (/^\*+$/.test(action)) {
        const service = serviceOfPolicy(policy);
        if (service === undefined) return report("allActions", {}, wide ? "error" : "warning");
        return reportService(service);
      }
      const colon = action.indexOf(":");
      // Not of the form service:action (policy-unknown-action reports it), or a wildcard in the service prefix, which
      // IAM's grammar does not provide for: nothing this rule can expand.
      if (colon <= 0 || /[*?]/.test(action.slice(0, colon))) return;
      const service = action.slice(0, colon).toLowerCase();
      const name = action.slice(colon + 1);
      // An unknown service grants nothing (policy-unknown-action reports it).
      if (!iam.isKnownService(service)) return;
      // A key policy or a secret's resource policy grants nothing of other services.
      const only = serviceOfPolicy(policy);
      if (only !== undefined && only !== service) return;
      if (/^\*+$/.test(name)) return reportService(service);

      const { count, sensitive } = sensitiveOf(iam, action);
      // A wildcard that expands to one action (`kms:Decrypt*`) grants what naming that action grants.
      if (count === 1) return;
      // A key policy governs one key: wildcards over administration actions (`kms:Create*`, `kms:Put*`...) are what AWS's
      // default key administrators statement writes. There only a wildcard that decrypts is reported.
      const judged = policy.policyType === "key-policy" ? sensitive.filter((a) => a.category === "read") : sensitive;
      if (judged.length === 0) return;
      report(
        "sensitiveWildcard",
        { count: `${count} action${count === 1 ? "" : "s"}`, sensitive: sensitiveText(sensitive, count) },
        "warning",
      );
    }

    return {
      policy(policy) {
        // A trust policy can only grant the sts actions that assume or tag its own role; who it trusts is what matters,
        // and policy-public-principal judges that.
        if (policy.policyType === "trust-policy") return;
        for (const statement of policy.statements) {
          if (statementEffect(statement) !== "allow") continue;
          if (policy.policyType === "key-policy" && isOrMayBeDefaultRootStatement(statement, ownAccounts)) continue;
          for (const field of statement.actions) judge(policy, statement, field);
        }
      },
    };
  },
});

import type { Field, PolicyStatement } from "../../model/entities.js";
import type { IamCatalogue } from "../../knowledge/iam-catalogue.js";
import {
  arnParts,
  conditionValueLimits,
  fieldText,
  isLimitingOperator,
  listText,
  statementEffect,
  statementElementNode,
} from "../../knowledge/principals.js";
import { sensitiveAction } from "../../knowledge/sensitive-actions.js";
import type { Severity } from "../../core/finding.js";
import { policyLabel } from "../../model/labels.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE_AND_POLICIES } from "../../core/platform.js";

/** What a statement's actions are, as far as resources go. */
interface Actions {
  /** `Action: "*"`, or `NotAction`: actions the catalogue cannot list (every service), most of them scopable. */
  everything?: string;
  /** The written actions that include scopable ones, for messages: `secretsmanager:GetSecretValue`, `s3:Get* (61 actions)`. */
  written: { text: string; service: string; count: number; risky: boolean }[];
  /** Actions that work on `"*"` only (`secretsmanager:ListSecrets`): fine on a wide resource. */
  wildcardOnly: string[];
}

/** A resource that covers more than it names: `"*"`, or an ARN whose resource part is only wildcards. */
type Wide = { kind: "wildcard" } | { kind: "allOfType"; service: string; what: string };

const ONLY_WILDCARDS = /^[*?]+$/;

/**
 * `"*"`, or an ARN that names no resource in particular: a resource part of wildcards only (`arn:aws:s3:::*`,
 * `arn:aws:sns:*:*:*`, every object of every bucket), or a resource type and wildcards after a colon (`secret:*`,
 * `log-group:*`). After a slash the first word may be a type (`key/*`) or a name (`my-bucket/*`), which the scanner
 * cannot tell apart: those are not reported. Anything literal in the name (`secret:prod/orders/*`, `secret:db-*`)
 * narrows it.
 */
function wideResource(field: Field<string>): Wide | undefined {
  if (typeof field.value !== "string") return undefined;
  const text = field.value.trim();
  if (text === "*") return { kind: "wildcard" };
  const arn = arnParts(text);
  if (!arn || arn.service.includes("${")) return undefined;
  const service = arn.service.toLowerCase();
  if (/^[*?]+(?:[:/][*?]+)*$/.test(arn.resource)) {
    return {
      kind: "allOfType",
      service,
      what: ONLY_WILDCARDS.test(service) ? "resource of every service" : `${service} resource`,
    };
  }
  const typed = /^([A-Za-z][A-Za-z0-9-]*):[*?]+(?:[:/][*?]+)*$/.exec(arn.resource);
  return typed ? { kind: "allOfType", service, what: typed[1] as string } : undefined;
}

/** The action as written, when it can be judged: a literal without `${...}` placeholders. */
function literalAction(field: Field<string>): string | undefined {
  return typeof field.value === "string" && !field.value.includes("${") ? field.value.trim() : undefined;
}

/**
 * Sorts the statement's actions into those that can be limited to resources and those that cannot, expanding
 * wildcards with the catalogue. Actions the catalogue does not know (a typo, an unknown service) are left out:
 * policy-unknown-action reports them.
 */
function classify(statement: PolicyStatement, iam: IamCatalogue): Actions {
  const out: Actions = { wildcardOnly: [], written: [] };
  if (statement.actions.length === 0 && statement.notActions.length > 0) {
    const excluded = statement.notActions.map(fieldText);
    // `NotAction: "*"` allows nothing.
    if (!excluded.some((a) => ONLY_WILDCARDS.test(a))) out.everything = `every action except ${listText(excluded)}`;
    return out;
  }
  for (const field of statement.actions) {
    const action = literalAction(field);
    if (action === undefined) continue;
    if (ONLY_WILDCARDS.test(action)) {
      out.everything = `every action ("${action}")`;
      continue;
    }
    const colon = action.indexOf(":");
    if (colon <= 0) continue;
    const name = action.slice(colon + 1);
    const single = iam.action(action.slice(0, colon), name);
    const known = /[*?]/.test(name) ? iam.expand(action) : single ? [single] : [];
    for (const pushed of known.filter((entry) => entry.isWildcardOnly).map((entry) => `${entry.service}:${entry.name}`))
      out.wildcardOnly.push(pushed);
    const scopable = known.filter((entry) => !entry.isWildcardOnly);
    const [first] = scopable;
    if (!first) continue;
    const service = first.service;
    // An exact action in AWS's case; a wildcard with what it expands to (the names when few, else how many).
    const text = !/[*?]/.test(name)
      ? `${service}:${first.name}`
      : scopable.length <= 3
        ? `${action} (${listText(scopable.map((entry) => entry.name))})`
        : `${action} (${scopable.length} actions)`;
    // Reading secret material or escalating privilege on every resource is what makes the grant an error.
    const risky = scopable.some(
      (entry) => (sensitiveAction(entry.service, entry.name)?.category ?? "write") !== "write",
    );
    out.written.push({ text, service, count: scopable.length, risky });
  }
  out.wildcardOnly = [...new Set(out.wildcardOnly)];
  return out;
}

/**
 * Conditions that narrow the resources themselves: tags of the resource (`aws:ResourceTag/team`,
 * `secretsmanager:ResourceTag/team`, attribute-based access control) and a service's resource attributes
 * (`secretsmanager:resource/AllowRotationLambdaArn`, `secretsmanager:SecretId`). With one of them, `Resource: "*"` is
 * the documented pattern, not a wide grant.
 */
const RESOURCE_CONDITION_KEY = /^[a-z0-9-]+:(?:ResourceTag\/.+|resource\/.+|SecretId)$/i;

function resourcesLimitedByCondition(statement: PolicyStatement): boolean {
  return statement.conditions.some(
    ({ operator, key, values }) =>
      isLimitingOperator(operator) &&
      RESOURCE_CONDITION_KEY.test(key.trim()) &&
      values.length > 0 &&
      values.every(conditionValueLimits),
  );
}

/** `secretsmanager:GetSecretValue`, `s3:GetObject and s3:Get* (61 actions)`, for the written actions of `services`. */
function actionsText(
  actions: Actions,
  service?: string,
): { text: string; count: number; services: string[]; severity: Severity } {
  const written = actions.written.filter((w) => service === undefined || w.service === service);
  return {
    text: listText(written.map((w) => w.text)),
    count: written.reduce((sum, w) => sum + w.count, 0),
    services: written.map((w) => w.service),
    severity: actions.everything !== undefined || written.some((w) => w.risky) ? "error" : "warning",
  };
}

const pronoun = (count: number): string => (count === 1 ? "it" : "they");

/**
 * How to name resources instead (`where`: `by ARN`, `in Resource`), with the form of a secret's ARN (and its random
 * suffix) when secrets are concerned.
 */
function hint(services: string[], where: string): string {
  if (services.includes("secretsmanager")) {
    return (
      `Name the secrets ${where} instead, e.g. arn:aws:secretsmanager:<region>:<account>:secret:<name>-* ` +
      "(the -* matches the random suffix of a secret's ARN)."
    );
  }
  if (services.length > 0 && services.every((s) => s === "kms"))
    return `Name the keys ${where} instead, e.g. arn:aws:kms:<region>:<account>:key/<key-id>.`;
  return `Name the resources ${where} instead.`;
}

export default defineRule({
  meta: {
    id: "policy-wildcard-resource",
    title: "Identity policy allows actions on every resource",
    severity: "error",
    securitySeverity: 5.0,
    // SARIF precision from measured false positives (ACCURACY.md): real repositories 1 false of 101 classified (a kms:RequestAlias condition).
    precision: "high",
    appliesTo: INFRASTRUCTURE_AND_POLICIES,
    entities: ["policy"],
    messages: {
      wildcard:
        'Resource "*"{{via}} of {{policy}} allows {{actions}} on every resource, though {{they}} can be limited to named ' +
        "resources{{split}}. {{hint}}",
      allOfType: "Resource {{resource}}{{via}} of {{policy}} allows {{actions}} on every {{what}}. {{hint}}",
      notResource:
        "NotResource of {{policy}} allows {{actions}} on every resource except {{except}}, though {{they}} can be limited " +
        "to named resources. {{hint}}",
    },
    related: {
      checkov: [
        "CKV_AWS_107",
        "CKV_AWS_108",
        "CKV_AWS_109",
        "CKV_AWS_110",
        "CKV_AWS_111",
        "CKV_AWS_355",
        "CKV_AWS_356",
      ],
      kics: ["e835bd0d-65da-49f7-b6d1-b646da8727e6", "f62aa827-4ade-4dc4-89e4-1433d384a368"],
      cfnNag: ["W11", "W12", "W13", "F38", "F39"],
      cdkNag: ["AwsSolutions-IAM5"],
    },
    tags: ["CWE-732"],
    docs: {
      description:
        'An identity policy that allows actions on `Resource: "*"` (or on everything but a `NotResource`) gives them on ' +
        "every resource of the account, those created later included: `secretsmanager:GetSecretValue` on `*` reads every " +
        "secret, not the one the workload needs. Actions that AWS cannot limit to resources (`secretsmanager:ListSecrets`, " +
        '`secretsmanager:GetRandomPassword`) are exempt, and so are resource and key policies, where `"*"` means the ' +
        "resource the policy is attached to.",
      remediation:
        "Name the resources by ARN. A secret's ARN ends in a random six-character suffix, so write " +
        "`arn:aws:secretsmanager:<region>:<account>:secret:<name>-*` (or `!Ref` the secret). Keep actions that only work " +
        'on `"*"` in a statement of their own.',
    },
  },
  create(context) {
    const { iam } = context;
    return {
      policy(policy) {
        // In a resource or key policy `"*"` is the resource the policy is attached to; a trust policy's is the role.
        if (policy.policyType !== "identity") return;
        const label = policyLabel(policy);
        for (const statement of policy.statements) {
          if (statementEffect(statement) !== "allow" || resourcesLimitedByCondition(statement)) continue;
          const wide = statement.resources.flatMap((field) => {
            const kind = wideResource(field);
            return kind ? [{ field, kind }] : [];
          });
          if (wide.length === 0 && statement.notResources.length === 0) continue;
          const actions = classify(statement, iam);
          const split =
            actions.wildcardOnly.length > 0
              ? `; ${listText(actions.wildcardOnly)} cannot be limited and may keep "*" in a statement of ${actions.wildcardOnly.length === 1 ? "its" : "their"} own`
              : "";

          for (const { field, kind } of wide) {
            const via = field.via ? ` (${field.via})` : "";
            if (kind.kind === "wildcard") {
              const named = actionsText(actions);
              if (!actions.everything && named.count === 0) continue;
              context.report({
                node: field.node,
                entity: policy,
                messageId: "wildcard",
                severity: named.severity,
                data: {
                  via,
                  policy: label,
                  actions: actions.everything ?? named.text,
                  they: actions.everything ? "most actions" : pronoun(named.count),
                  split,
                  hint: hint(actions.everything ? [] : named.services, "by ARN"),
                },
              });
            } else {
              // Only the actions of the ARN's service apply to it.
              const named = actionsText(actions, ONLY_WILDCARDS.test(kind.service) ? undefined : kind.service);
              if (!actions.everything && named.count === 0) continue;
              context.report({
                node: field.node,
                entity: policy,
                messageId: "allOfType",
                severity: named.severity,
                data: {
                  resource: fieldText(field),
                  via,
                  policy: label,
                  actions: named.count > 0 ? named.text : (actions.everything as string),
                  what: kind.what,
                  hint: hint([kind.service], "by ARN"),
                },
              });
            }
          }

          if (statement.notResources.length > 0) {
            const named = actionsText(actions);
            if (!actions.everything && named.count === 0) continue;
            context.report({
              node: statementElementNode(statement, "NotResource", statement.notResources),
              entity: policy,
              messageId: "notResource",
              severity: named.severity,
              data: {
                policy: label,
                actions: actions.everything ?? named.text,
                except: listText(statement.notResources.map(fieldText)),
                they: actions.everything ? "most actions" : pronoun(named.count),
                hint: hint(actions.everything ? [] : named.services, "in Resource"),
              },
            });
          }
        }
      },
    };
  },
});

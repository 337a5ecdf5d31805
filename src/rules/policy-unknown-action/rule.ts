import type { Field, PolicyDocument, PolicyStatement } from "../../model/entities.js";
import type { IamCatalogue } from "../../knowledge/iam-catalogue.js";
import { statementEffect } from "../../knowledge/principals.js";
import { policyLabel } from "../../model/labels.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE_AND_POLICIES } from "../../core/platform.js";
import { closest, type EditBudget } from "../../knowledge/edit-distance.js";

type MessageId = "unknownService" | "unknownAction" | "noMatch" | "malformed";

/**
 * Table cells of edit distance one run of the rule may compute for its suggestions (a few tenths of a second). A project
 * with more distinct misspellings than that pays for (about a thousand) still gets every finding, the later ones without
 * a suggestion: the work is bounded by this count, not by a clock, so the report is the same on every machine and with any `--jobs`.
 */
export const SUGGESTION_CELLS = 10_000_000;

/** What a misspelt action does to its statement, for messages. */
function consequence(statement: PolicyStatement, element: "Action" | "NotAction"): string {
  const effect = statementEffect(statement);
  if (element === "Action") {
    if (effect === "allow") return "it allows nothing";
    if (effect === "deny") return "this Deny statement silently denies nothing through it";
    return "it matches nothing";
  }
  if (effect === "allow") return "NotAction excludes nothing through it, so the statement allows more than intended";
  if (effect === "deny") return "NotAction excludes nothing through it, so the statement denies more than intended";
  return "NotAction excludes nothing through it";
}

export default defineRule({
  meta: {
    id: "policy-unknown-action",
    title: "Policy names an action or service that does not exist",
    severity: "warning",
    securitySeverity: 3.0,
    // SARIF precision from measured false positives (ACCURACY.md): real repositories 12/12 true; an action newer than the IAM catalogue would be a false positive.
    precision: "high",
    appliesTo: INFRASTRUCTURE_AND_POLICIES,
    entities: ["policy"],
    messages: {
      unknownService:
        "Action {{action}}{{via}} of {{policy}} names the service prefix {{service}}, which does not exist{{suggestion}}; {{consequence}}.",
      unknownAction:
        "Action {{action}}{{via}} of {{policy}} is not an action of {{service}}{{suggestion}}; {{consequence}}.",
      noMatch:
        "Action pattern {{action}}{{via}} of {{policy}} matches no action of {{service}}{{suggestion}}; {{consequence}}.",
      malformed: "Action {{action}}{{via}} of {{policy}} is not of the form service:action; {{consequence}}.",
    },
    tags: ["correctness"],
    docs: {
      description:
        "IAM accepts a policy whose action is misspelt (`secretsmanager:GetSecretVaule`) or whose service prefix does not " +
        "exist (`secretmanager:`), and then matches nothing with it. In an `Allow` the access silently does not work; in a " +
        "`Deny` the protection silently does not exist; in a `NotAction` the statement covers more than intended.",
      remediation:
        "Correct the action to the name the message suggests, or look it up in the Service Authorization Reference. Action " +
        "names are case-insensitive, so only the spelling matters.",
    },
  },
  // `needs` also makes the rule one of the project (its suggestions come from every service the project's policies
  // load in the IAM catalogue). A policy in which the unit's catalogue finds nothing wrong is never reported: the
  // project's catalogue covers the same services, and more loaded services only change the suggestions.
  needs: (entity, iam) =>
    entity.kind === "policy" &&
    entity.statements.some((statement) =>
      [...statement.actions, ...statement.notActions].some((field) => {
        const action = literalAction(field);
        return action !== undefined && faultOf(action, iam) !== undefined;
      }),
    ),
  create(context) {
    const { iam } = context;
    const budget: EditBudget = { cells: SUGGESTION_CELLS };
    // One suggestion per distinct misspelling: a policy repeating one unknown action 100,000 times computes it once.
    const suggestions = new Map<string, string>();
    const suggested = (key: string, compute: () => string): string => {
      let suggestion = suggestions.get(key);
      if (suggestion === undefined) {
        suggestion = compute();
        suggestions.set(key, suggestion);
      }
      return suggestion;
    };
    let serviceNames: string[] | undefined;
    let loadedServices: string[] | undefined;

    function judge(
      policy: PolicyDocument,
      statement: PolicyStatement,
      field: Field<string>,
      element: "Action" | "NotAction",
    ): void {
      const action = literalAction(field);
      const fault = action === undefined ? undefined : faultOf(action, iam);
      if (action === undefined || fault === undefined || fault === "unjudged") return;
      const data = {
        action,
        via: field.via ? ` (${field.via})` : "",
        policy: policyLabel(policy),
        consequence: consequence(statement, element),
      };
      const report = (messageId: MessageId, extra: Record<string, string> = {}): void =>
        context.report({ node: field.node, entity: policy, messageId, data: { ...data, ...extra } });
      switch (fault.messageId) {
        case "malformed":
          return report("malformed");
        case "unknownService": {
          const better = suggested(
            `service\0${fault.service.toLowerCase()}`,
            () => closest(fault.service, (serviceNames ??= iam.serviceNames()), budget) ?? "",
          );
          return report("unknownService", {
            service: fault.service,
            suggestion: better ? ` (did you mean ${better}:${fault.name}?)` : "",
          });
        }
        case "noMatch": {
          const better = suggested(
            `pattern\0${fault.service}\0${fault.name.toLowerCase()}`,
            () => closestPattern(iam, fault.service, fault.name, budget) ?? "",
          );
          return report("noMatch", {
            service: fault.service,
            suggestion: better ? ` (did you mean ${fault.service}:${better}?)` : "",
          });
        }
        case "unknownAction":
          return report("unknownAction", {
            service: fault.service,
            suggestion: suggested(`action\0${fault.service}\0${fault.name.toLowerCase()}`, () =>
              suggestAction(
                iam,
                fault.service,
                fault.name,
                budget,
                (loadedServices ??= (serviceNames ??= iam.serviceNames())
                  .filter((other) => iam.isLoaded(other))
                  .sort()),
              ),
            ),
          });
      }
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          for (const field of statement.actions) judge(policy, statement, field, "Action");
          for (const field of statement.notActions) judge(policy, statement, field, "NotAction");
        }
      },
    };
  },
});

/** The action a field names, trimmed; undefined for what could be anything (an unresolved value, a `${...}` placeholder). */
function literalAction(field: Field<string>): string | undefined {
  return typeof field.value !== "string" || field.value.includes("${") ? undefined : field.value.trim();
}

/**
 * What is wrong with an action as far as the catalogue can tell. Undefined when nothing is, or when it is never judged
 * (all wildcards; a wildcard in the service prefix, outside IAM's grammar for actions, left alone rather than guessed
 * at); `unjudged` when the catalogue cannot tell (it has no service loaded, or not this service's actions).
 */
type Fault =
  | { messageId: "malformed" }
  | { messageId: "unknownService" | "noMatch" | "unknownAction"; service: string; name: string }
  | "unjudged";

function faultOf(action: string, iam: IamCatalogue): Fault | undefined {
  if (/^\*+$/.test(action)) return undefined;
  const colon = action.indexOf(":");
  if (colon <= 0 || colon === action.length - 1) return { messageId: "malformed" };
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (/[*?]/.test(service)) return undefined;
  if (!iam.isKnownService(service))
    return iam.serviceNames().length === 0 ? "unjudged" : { messageId: "unknownService", service, name };
  if (!iam.isLoaded(service)) return "unjudged";
  const lower = service.toLowerCase();
  if (/[*?]/.test(name))
    return iam.expand(`${lower}:${name}`).length > 0 ? undefined : { messageId: "noMatch", service: lower, name };
  return iam.action(lower, name) ? undefined : { messageId: "unknownAction", service: lower, name };
}

/** ` (did you mean secretsmanager:GetSecretValue?)`: the closest action of the service, or the same name in another loaded one. */
function suggestAction(
  iam: IamCatalogue,
  service: string,
  name: string,
  budget: EditBudget,
  loaded: readonly string[],
): string {
  const better = closest(
    name,
    iam.actions(service).map((a) => a.name),
    budget,
  );
  if (better) return ` (did you mean ${service}:${better}?)`;
  const elsewhere = loaded.filter((other) => other !== service).flatMap((other) => iam.action(other, name) ?? []);
  const [first] = elsewhere;
  return first ? ` (did you mean ${first.service}:${first.name}?)` : "";
}

/**
 * For a wildcard pattern that matches nothing (`Gte*`): the pattern with its literal start (or end) replaced by the
 * closest start (end) of an action name, when that matches something (`Get*`).
 */
function closestPattern(iam: IamCatalogue, service: string, pattern: string, budget: EditBudget): string | undefined {
  const first = pattern.search(/[*?]/);
  const last = Math.max(pattern.lastIndexOf("*"), pattern.lastIndexOf("?"));
  const prefix = pattern.slice(0, first);
  const suffix = pattern.slice(last + 1);
  const names = iam.actions(service).map((a) => a.name);
  const candidates = new Set<string>();
  if (prefix.length > 0) {
    const starts = [...new Set(names.map((n) => n.slice(0, prefix.length)))];
    const better = closest(prefix, starts, budget);
    if (better) candidates.add(better + pattern.slice(first));
  } else if (suffix.length > 0) {
    const ends = [...new Set(names.map((n) => n.slice(Math.max(0, n.length - suffix.length))))];
    const better = closest(suffix, ends, budget);
    if (better) candidates.add(pattern.slice(0, last + 1) + better);
  }
  return [...candidates].find((candidate) => iam.expand(`${service}:${candidate}`).length > 0);
}

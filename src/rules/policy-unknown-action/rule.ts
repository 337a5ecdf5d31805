import type { Field, PolicyDocument, PolicyStatement } from "../../model/entities.js";
import type { IamCatalogue } from "../../knowledge/iam-catalogue.js";
import { statementEffect } from "../../knowledge/principals.js";
import { policyLabel } from "../../model/labels.js";
import { defineRule } from "../define.js";

type MessageId = "unknownService" | "unknownAction" | "noMatch" | "malformed";

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `Vaule` is one edit from `Value`, as a
 * typist would count it.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const previous = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** How far a misspelling may be from what was meant: one edit in four characters, at least two. */
const tolerance = (text: string): number => Math.max(2, Math.ceil(text.length / 4));

/** The candidate closest to `text` (case-insensitive), if it is close enough; ties go to the alphabetically first. */
export function closest(text: string, candidates: readonly string[]): string | undefined {
  const wanted = text.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance > tolerance(wanted)) continue;
    if (!best || distance < best.distance || (distance === best.distance && candidate < best.candidate)) best = { candidate, distance };
  }
  return best?.candidate;
}

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
    appliesTo: ["cloudformation", "terraform", "policy"],
    // Suggestions come from every service the project's policies load in the IAM catalogue.
    scope: "project",
    messages: {
      unknownService:
        "Action {{action}}{{via}} of {{policy}} names the service prefix {{service}}, which does not exist{{suggestion}}; {{consequence}}.",
      unknownAction: "Action {{action}}{{via}} of {{policy}} is not an action of {{service}}{{suggestion}}; {{consequence}}.",
      noMatch: "Action pattern {{action}}{{via}} of {{policy}} matches no action of {{service}}{{suggestion}}; {{consequence}}.",
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
  // A policy every action of which the unit's catalogue already knows is never reported: the project's catalogue
  // covers the same services, and more loaded services only change the suggestions.
  needs: (entity, iam) =>
    entity.kind === "policy" &&
    entity.statements.some((statement) => [...statement.actions, ...statement.notActions].some((field) => !knownAction(field, iam))),
  create(context) {
    const { iam } = context;

    function judge(policy: PolicyDocument, statement: PolicyStatement, field: Field<string>, element: "Action" | "NotAction"): void {
      // Only literals: an unresolved value or a `${...}` placeholder could be anything.
      if (typeof field.value !== "string" || field.value.includes("${")) return;
      const action = field.value.trim();
      if (/^\*+$/.test(action)) return;
      const data = { action, via: field.via ? ` (${field.via})` : "", policy: policyLabel(policy), consequence: consequence(statement, element) };
      const report = (messageId: MessageId, extra: Record<string, string> = {}): void =>
        context.report({ node: field.node, entity: policy, messageId, data: { ...data, ...extra } });

      const colon = action.indexOf(":");
      if (colon <= 0 || colon === action.length - 1) return report("malformed");
      const service = action.slice(0, colon);
      const name = action.slice(colon + 1);
      // A wildcard in the service prefix is outside IAM's grammar for actions; it is left alone rather than guessed at.
      if (/[*?]/.test(service)) return;
      if (!iam.isKnownService(service)) {
        const known = iam.serviceNames();
        // An empty catalogue (no policy was loaded) knows no service: nothing can be judged.
        if (known.length === 0) return;
        const better = closest(service, known);
        return report("unknownService", { service, suggestion: better ? ` (did you mean ${better}:${name}?)` : "" });
      }
      // A known service whose actions were not loaded cannot be judged.
      if (!iam.isLoaded(service)) return;
      const lowerService = service.toLowerCase();
      if (/[*?]/.test(name)) {
        if (iam.expand(`${lowerService}:${name}`).length > 0) return;
        const better = closestPattern(iam, lowerService, name);
        return report("noMatch", { service: lowerService, suggestion: better ? ` (did you mean ${lowerService}:${better}?)` : "" });
      }
      if (iam.action(lowerService, name)) return;
      return report("unknownAction", { service: lowerService, suggestion: suggestAction(iam, lowerService, name) });
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

/**
 * Whether the catalogue proves an action right, or it is never judged (not a literal, all wildcards, a wildcard
 * service): the cases in which `judge` reports nothing whatever else the project loads.
 */
function knownAction(field: Field<string>, iam: IamCatalogue): boolean {
  if (typeof field.value !== "string" || field.value.includes("${")) return true;
  const action = field.value.trim();
  if (/^\*+$/.test(action)) return true;
  const colon = action.indexOf(":");
  if (colon <= 0 || colon === action.length - 1) return false;
  const service = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  if (/[*?]/.test(service)) return true;
  if (!iam.isKnownService(service) || !iam.isLoaded(service)) return false;
  return /[*?]/.test(name) ? iam.expand(`${service}:${name}`).length > 0 : iam.action(service, name) !== undefined;
}

/** ` (did you mean secretsmanager:GetSecretValue?)`: the closest action of the service, or the same name in another loaded one. */
function suggestAction(iam: IamCatalogue, service: string, name: string): string {
  const better = closest(name, iam.actions(service).map((a) => a.name));
  if (better) return ` (did you mean ${service}:${better}?)`;
  const elsewhere = iam
    .serviceNames()
    .filter((other) => other !== service && iam.isLoaded(other))
    .sort()
    .flatMap((other) => iam.action(other, name) ?? []);
  const [first] = elsewhere;
  return first ? ` (did you mean ${first.service}:${first.name}?)` : "";
}

/**
 * For a wildcard pattern that matches nothing (`Gte*`): the pattern with its literal start (or end) replaced by the
 * closest start (end) of an action name, when that matches something (`Get*`).
 */
function closestPattern(iam: IamCatalogue, service: string, pattern: string): string | undefined {
  const first = pattern.search(/[*?]/);
  const last = Math.max(pattern.lastIndexOf("*"), pattern.lastIndexOf("?"));
  const prefix = pattern.slice(0, first);
  const suffix = pattern.slice(last + 1);
  const names = iam.actions(service).map((a) => a.name);
  const candidates = new Set<string>();
  if (prefix.length > 0) {
    const starts = [...new Set(names.map((n) => n.slice(0, prefix.length)))];
    const better = closest(prefix, starts);
    if (better) candidates.add(better + pattern.slice(first));
  } else if (suffix.length > 0) {
    const ends = [...new Set(names.map((n) => n.slice(Math.max(0, n.length - suffix.length))))];
    const better = closest(suffix, ends);
    if (better) candidates.add(pattern.slice(0, last + 1) + better);
  }
  return [...candidates].find((candidate) => iam.expand(`${service}:${candidate}`).length > 0);
}

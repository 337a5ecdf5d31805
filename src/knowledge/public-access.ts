/**
 * Whether a policy, read as a whole, keeps strangers out of an `Allow` to `"*"`: an explicit `Deny` in the same policy
 * that applies to every caller except the ones a negated condition on a caller key names
 * (`StringNotEquals: {aws:SourceVpce: vpce-...}`, `StringNotEquals: {aws:PrincipalOrgID: o-...}`). AWS evaluates every
 * statement of a policy and an explicit Deny wins, so the Allow only reaches callers the Deny lets through.
 *
 * This is the access evaluator's Deny rule (`src/knowledge/policy-evaluation.ts`) asked of an unknown caller, for whom every caller
 * key is absent or another value: the Deny must apply to each action and resource the Allow grants (matched with the
 * evaluator's own wildcard and ARN matching), and every condition of the Deny must hold for that caller.
 */
import { matchAction, matchArn, subjectArnOf } from "./arn-match.js";
import { operatorSpec } from "./condition-operators.js";
import {
  conditionValueLimits,
  everyonePrincipals,
  fieldText,
  isCallerKey,
  statementEffect,
  type StatementCondition,
} from "./principals.js";
import type { Field, PolicyStatement } from "../model/entities.js";

/** A literal without placeholders; anything else cannot be compared and never counts as covered. */
function literalOf(field: Field<string>): string | undefined {
  return typeof field.value === "string" && !field.value.includes("${") ? field.value.trim() : undefined;
}

/**
 * Whether a condition of a Deny holds for any caller but the ones it names: a negated operator (`StringNotEquals`,
 * `ArnNotLike`, `NotIpAddress`, also `...IfExists`; all hold when the key is absent) on a caller key, with values that
 * each name something. `ForAllValues:`/`ForAnyValue:` are not read: on single-valued caller keys they are a mistake.
 */
function excludesOnlyNamedCallers({ operator, key, values }: StatementCondition): boolean {
  if (/^For(All|Any)Values:/i.test(operator.trim())) return false;
  const spec = operatorSpec(operator);
  return spec?.negated === true && isCallerKey(key) && values.length > 0 && values.every(conditionValueLimits);
}

/** Whether `deny` names each action `allow` grants: `Action: "*"`, or a pattern that covers each of the Allow's. */
function coversActions(deny: PolicyStatement, allow: PolicyStatement): boolean {
  if (deny.notActions.length > 0 || deny.actions.length === 0) return false;
  const patterns = deny.actions.map(literalOf);
  if (patterns.includes("*")) return true;
  if (allow.actions.length === 0) return false;
  return allow.actions.every((field) => {
    const action = literalOf(field);
    // The Allow's own wildcard is a character of the text here: `s3:*` covers `s3:Get*`, `s3:GetObject` does not.
    return action !== undefined && patterns.some((p) => p !== undefined && matchAction(p, action) === "yes");
  });
}

/** Whether `deny` names each resource `allow` grants on (or, both without `Resource`, the policy's own resource). */
function coversResources(deny: PolicyStatement, allow: PolicyStatement): boolean {
  if (deny.notResources.length > 0) return false;
  if (deny.resources.length === 0) return allow.resources.length === 0 && allow.notResources.length === 0;
  const patterns = deny.resources.map(literalOf);
  if (patterns.includes("*")) return true;
  if (allow.resources.length === 0) return false;
  // The same value written in both (`${aws_api_gateway_rest_api.api.execution_arn}*`, `!GetAtt Bucket.Arn`) names the
  // same resources, whatever it resolves to.
  const written = new Set(deny.resources.map(fieldText));
  return allow.resources.every((field) => {
    if (written.has(fieldText(field))) return true;
    // `${AWS::AccountId}` and other placeholders in the Allow's ARN are unknown parts, matched only where the Deny has a wildcard.
    const arn = typeof field.value === "string" ? subjectArnOf(field.value.trim()) : undefined;
    return (
      arn !== undefined &&
      patterns.some((p) => p !== undefined && matchArn(p, arn, { ownAccounts: [], shortArns: "no-match" }) === "yes")
    );
  });
}

/** Whether a statement denies everyone outside the callers its conditions name. */
function deniesStrangers(deny: PolicyStatement): boolean {
  if (statementEffect(deny) !== "deny" || deny.notPrincipals.length > 0 || everyonePrincipals(deny).length === 0)
    return false;
  return deny.conditions.every(excludesOnlyNamedCallers);
}

/**
 * The Deny statements of `statements` that keep an unknown caller out of everything `allow` grants. An empty list
 * means the policy as a whole leaves the Allow open.
 */
export function strangerDenials(statements: readonly PolicyStatement[], allow: PolicyStatement): PolicyStatement[] {
  return statements.filter(
    (deny) => deny !== allow && deniesStrangers(deny) && coversActions(deny, allow) && coversResources(deny, allow),
  );
}

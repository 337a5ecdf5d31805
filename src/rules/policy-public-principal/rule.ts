import { isReference, literal, type Field, type PolicyDocument, type PolicyPrincipal } from "../../model/entities.js";
import {
  callerLimitingConditions,
  everyonePrincipals,
  statementActionsText,
  statementEffect,
} from "../../knowledge/principals.js";
import { strangerDenials } from "../../knowledge/public-access.js";
import { policyLabel } from "../../model/labels.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE_AND_POLICIES } from "../../core/platform.js";

const viaText = (field: Field<string> | Field<boolean>): string => (field.via ? ` (${field.via})` : "");

/** How the principal is written: `"*"` for `Principal: "*"`, `AWS: "*"` for the object form. */
function principalText(principal: PolicyPrincipal): string {
  return principal.type === "*" ? '"*"' : `${principal.type}: "*"`;
}

/** ` for secret OrdersDbSecret` when the policy names the secret it governs. */
function secretText(policy: PolicyDocument): string {
  const target = policy.target;
  if (!target || policy.policyType !== "secret-resource-policy") return "";
  const name = isReference(target.value) ? target.value.target : literal(target);
  return name === undefined ? "" : ` for secret ${name}`;
}

/**
 * What `BlockPublicPolicy` does with a public secret policy: `accepted` when it is false, `refused` when it is true
 * (the parser applies a platform's default of true, with a `via` that says so), `unknown` otherwise (unresolved, or
 * not set on a platform whose default lets the policy through without saying so).
 */
function blockPublicPolicy(
  policy: PolicyDocument,
): { kind: "accepted"; via: string } | { kind: "refused"; text: string } | { kind: "unknown" } {
  if (policy.policyType !== "secret-resource-policy") return { kind: "unknown" };
  const field = policy.blockPublicPolicy;
  const value = literal(field);
  if (field && value === false) return { kind: "accepted", via: viaText(field) };
  if (field && value === true) return { kind: "refused", text: `true${viaText(field)}` };
  return { kind: "unknown" };
}

export default defineRule({
  meta: {
    id: "policy-public-principal",
    title: "Resource, key or trust policy allows anyone",
    severity: "error",
    securitySeverity: 8.5,
    // SARIF precision from measured false positives (ACCURACY.md): IaC corpus: 1 of 24 negatives reported.
    precision: "high",
    appliesTo: INFRASTRUCTURE_AND_POLICIES,
    entities: ["policy"],
    messages: {
      public:
        "Principal {{principal}}{{via}} of {{policy}}{{secret}} allows {{actions}} to anyone: no condition limits the caller " +
        "to an organization, account, source or network (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceVpce...).",
      publicSecretUnblocked:
        "Principal {{principal}}{{via}} of {{policy}}{{secret}} allows {{actions}} to anyone, with no condition that limits " +
        "the caller, and {{blockProperty}} is false{{blockVia}}, so Secrets Manager accepts the public policy.",
      publicSecretBlocked:
        "Principal {{principal}}{{via}} of {{policy}}{{secret}} allows {{actions}} to anyone, with no condition that limits " +
        "the caller; Secrets Manager refuses public policies while {{blockProperty}} is {{block}}, so the deployment fails. " +
        "Limit the caller with a condition instead of turning {{blockProperty}} off.",
    },
    related: {
      checkov: ["CKV_AWS_33", "CKV_AWS_60", "CKV_AWS_70", "CKV_AWS_283", "CKV_AWS_32"],
      kics: [
        "f6049677-ec4a-43af-8779-5190b6d03cba",
        "da905474-7454-43c0-b8d2-5756ab951aba",
        "7772bb8c-c0f3-42d4-8e4e-f1b8939ad085",
        "ae53ce91-42b5-46bf-a84f-9a13366a4f13",
        "1d6e16f1-5d8a-4379-bfb3-2dadd38ed5a7",
        "75be209d-1948-41f6-a8c8-e22dd0121134",
        "fa00ce45-386d-4718-8392-fb485e1f3c5b",
      ],
      cfnNag: ["F16", "F18", "F21"],
    },
    tags: ["CWE-284"],
    docs: {
      description:
        '`Principal: "*"` (or `AWS: "*"`) in a resource policy, KMS key policy or role trust policy lets every AWS ' +
        "account, and for some services anonymous callers, use the grant, unless a condition limits who the caller is: " +
        "an organization (`aws:PrincipalOrgID`), an account (`aws:PrincipalAccount`, `aws:SourceAccount`, " +
        "`kms:CallerAccount`), a principal, a calling service's resource (`aws:SourceArn`) or a network (`aws:SourceVpce`, " +
        "`aws:SourceIp`). On a secret or the key that encrypts it, that is the secret's value for anyone who asks.",
      remediation:
        'Name the principals (`arn:aws:iam::<account>:role/<name>`), or keep `"*"` and add a condition on who the caller ' +
        "is, e.g. `StringEquals: {aws:PrincipalOrgID: o-xxxxxxxxxx}`. Negated operators, `...IfExists` and `ForAllValues:` " +
        "do not limit the caller, and neither do values such as `*` or `0.0.0.0/0`. Keep `BlockPublicPolicy` on for " +
        "secrets.",
    },
  },
  create(context) {
    return {
      policy(policy) {
        // An identity policy has no Principal; one written there is invalid, and not a grant to anyone.
        if (policy.policyType === "identity") return;
        for (const statement of policy.statements) {
          if (statementEffect(statement) !== "allow") continue;
          if (callerLimitingConditions(statement).length > 0) continue;
          // A Deny of the same policy that lets through only named callers (`StringNotEquals aws:SourceVpce`) limits it too.
          if (strangerDenials(policy.statements, statement).length > 0) continue;
          for (const principal of everyonePrincipals(statement)) {
            const data = {
              principal: principalText(principal),
              via: viaText(principal.value),
              policy: policyLabel(policy),
              secret: secretText(policy),
              actions: statementActionsText(statement),
            };
            const node = principal.value.node;
            const block = blockPublicPolicy(policy);
            if (block.kind === "accepted") {
              const blockProperty = context.words(policy).blockPublicPolicyProperty;
              context.report({
                node,
                entity: policy,
                messageId: "publicSecretUnblocked",
                data: { ...data, blockProperty, blockVia: block.via },
              });
            } else if (block.kind === "refused") {
              // Nothing is exposed while Secrets Manager refuses the policy: the template is broken, not public.
              const blockProperty = context.words(policy).blockPublicPolicyProperty;
              context.report({
                node,
                entity: policy,
                messageId: "publicSecretBlocked",
                severity: "warning",
                data: { ...data, blockProperty, block: block.text },
              });
            } else {
              context.report({ node, entity: policy, messageId: "public", data });
            }
          }
        }
      },
    };
  },
});

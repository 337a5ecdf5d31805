import {
  fieldText,
  listText,
  statementActionsText,
  statementEffect,
  statementElementNode,
} from "../../knowledge/principals.js";
import { policyLabel } from "../../model/labels.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE_AND_POLICIES } from "../../core/platform.js";

export default defineRule({
  meta: {
    id: "policy-not-action",
    title: "Policy allows with NotAction, NotResource or NotPrincipal",
    severity: "warning",
    securitySeverity: 5.0,
    // SARIF precision from measured false positives (ACCURACY.md): IaC corpus: 4/4 found, 0 of 4 negatives reported.
    precision: "very-high",
    appliesTo: INFRASTRUCTURE_AND_POLICIES,
    entities: ["policy"],
    messages: {
      notAction:
        "NotAction of {{policy}} allows every action except {{except}}{{on}}, including every action AWS adds later. " +
        "List the allowed actions in Action instead.",
      notResource:
        "NotResource of {{policy}} allows {{actions}} on every resource except {{except}}, including resources created " +
        "later. List the allowed resources in Resource instead.",
      notPrincipal:
        "NotPrincipal of {{policy}} allows {{actions}} to every principal except {{except}}, anonymous callers and every " +
        "other AWS account included. Name the allowed principals in Principal instead.",
    },
    related: {
      kics: ["818f38ed-8446-4132-9c03-474d49e10195"],
      cfnNag: ["W14", "W15", "W16", "W17", "W21", "W22", "W23", "F6", "F9"],
    },
    tags: ["CWE-732"],
    docs: {
      description:
        "`NotAction`, `NotResource` and `NotPrincipal` in an `Allow` statement grant everything except what they list: " +
        "every other action (also the ones AWS adds later, such as a new way to read secrets), every other resource (also " +
        "the secrets created later), every other principal (anonymous callers and every other AWS account included). " +
        "What such a statement allows cannot be read off the policy. In a `Deny` the same elements are a sound pattern " +
        "(deny everything except...) and are not reported.",
      remediation:
        "Turn the statement around: list what it should allow in `Action`, `Resource` or `Principal`. To exclude " +
        "something from a wide grant, keep the grant narrow and add a `Deny` statement for the exception.",
    },
  },
  create(context) {
    return {
      policy(policy) {
        const label = policyLabel(policy);
        for (const statement of policy.statements) {
          if (statementEffect(statement) !== "allow") continue;
          if (statement.notActions.length > 0) {
            const resources = statement.resources.map(fieldText);
            const on = resources.length === 0 || resources.includes("*") ? "" : ` on ${listText(resources)}`;
            context.report({
              node: statementElementNode(statement, "NotAction", statement.notActions),
              entity: policy,
              messageId: "notAction",
              data: { policy: label, except: listText(statement.notActions.map(fieldText)), on },
            });
          }
          if (statement.notResources.length > 0) {
            context.report({
              node: statementElementNode(statement, "NotResource", statement.notResources),
              entity: policy,
              messageId: "notResource",
              data: {
                policy: label,
                actions: statementActionsText(statement),
                except: listText(statement.notResources.map(fieldText)),
              },
            });
          }
          if (statement.notPrincipals.length > 0) {
            context.report({
              node: statementElementNode(
                statement,
                "NotPrincipal",
                statement.notPrincipals.map((p) => p.value),
              ),
              entity: policy,
              messageId: "notPrincipal",
              data: {
                policy: label,
                actions: statementActionsText(statement),
                except: listText(statement.notPrincipals.map((p) => fieldText(p.value))),
              },
            });
          }
        }
      },
    };
  },
});

import type { AuditControl } from "../../model/entities.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

/** AWS Config managed rules that evaluate Secrets Manager secrets (their `SourceIdentifier`s). */
export const SECRETS_CONFIG_RULES = new Set([
  "SECRETSMANAGER_ROTATION_ENABLED_CHECK",
  "SECRETSMANAGER_SCHEDULED_ROTATION_SUCCESS_CHECK",
  "SECRETSMANAGER_SECRET_PERIODIC_ROTATION",
  "SECRETSMANAGER_SECRET_UNUSED",
  "SECRETSMANAGER_USING_CMK",
]);

/**
 * Whether an audit control may record or check what happens to secrets. A trail always counts (how it is configured
 * is other checks' business). A Config rule counts when its identifier is one of the managed secrets rules, and also
 * when the identifier cannot be read (a parameter without default, or a custom rule's Lambda function): it may be one.
 */
function auditsSecrets(control: AuditControl): boolean {
  if (control.control === "cloudtrail-trail") return true;
  const value = control.identifier?.value;
  if (value === undefined) return false;
  if (typeof value !== "string") return true;
  return SECRETS_CONFIG_RULES.has(value.trim().toUpperCase());
}

export default defineRule({
  meta: {
    id: "audit-trail-missing",
    title: "Project defines secrets but no audit trail",
    severity: "note",
    securitySeverity: 2.0,
    // SARIF precision from measured false positives (ACCURACY.md): wrong whenever an organization trail outside the repository records reads, which the files cannot show.
    precision: "medium",
    appliesTo: INFRASTRUCTURE,
    entities: ["secret", "audit-control"],
    messages: {
      missing:
        "The scanned project defines {{secrets}} (the first is {{name}}) but no CloudTrail trail and no AWS Config rule that " +
        "checks secrets, so nothing in it records who reads secret values. If an organization trail or AWS Control Tower " +
        "outside this repository records them already, this note does not apply.",
    },
    related: {
      checkov: ["CKV_AWS_36", "CKV_AWS_67", "CKV_AWS_251"],
      kics: [
        "5c0b06d5-b7a4-484c-aeb0-75a836269ff0",
        "058ac855-989f-4378-ba4d-52d004020da7",
        "2a3560fe-52ca-4443-b34f-bf0ed5eb74c8",
      ],
    },
    tags: ["CWE-778"],
    docs: {
      description:
        "Every read of a secret value is a GetSecretValue call that CloudTrail can record: who read which secret, when, " +
        "from where. Without a trail there is no way to tell whether a leaked secret was read, or by whom. Many " +
        "organizations run CloudTrail centrally (an organization trail, AWS Control Tower), outside the repository that " +
        "defines the secrets, so this is a note: a prompt to confirm that secret access is audited somewhere.",
      remediation:
        "Confirm that an organization trail or AWS Control Tower records management events for the accounts the secrets " +
        "live in. If not, add a CloudTrail trail (multi-region, log file validation on, `IsLogging: true`), and " +
        "consider AWS Config managed rules for secrets such as `SECRETSMANAGER_ROTATION_ENABLED_CHECK` and " +
        "`SECRETSMANAGER_SECRET_UNUSED`. If trails live elsewhere, turn this rule off in the configuration.",
    },
  },
  create(context) {
    return {
      projectEnd() {
        const secrets = context.project.all("secret");
        const first = secrets[0];
        if (!first) return;
        if (context.project.all("audit-control").some(auditsSecrets)) return;
        const count = secrets.length === 1 ? "1 secret" : `${secrets.length} secrets`;
        context.report({
          node: first.node,
          entity: first,
          messageId: "missing",
          data: { secrets: count, name: first.resource },
          identity: "project",
        });
      },
    };
  },
});

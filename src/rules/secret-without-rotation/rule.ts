import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

export default defineRule({
  meta: {
    id: "secret-without-rotation",
    title: "Secret has no automatic rotation",
    severity: "warning",
    securitySeverity: 5.5,
    // SARIF precision from measured false positives (ACCURACY.md): a rotation set up outside the scanned files makes it wrong; real repositories 5/5 sampled true.
    precision: "high",
    appliesTo: INFRASTRUCTURE,
    entities: ["secret", "rotation-schedule"],
    messages: { missing: "Secret {{name}} has no rotation schedule." },
    related: { checkov: ["CKV2_AWS_57"], cdkNag: ["AwsSolutions-SMG4"] },
    tags: ["CWE-324"],
    docs: {
      description:
        "A secret that never rotates stays valid for as long as it exists: a copy leaked into a log, a laptop or a former " +
        "employee's notes keeps working. Automatic rotation bounds how long a leaked value is useful.",
      remediation:
        "Add a Secrets Manager rotation schedule whose `SecretId` is the secret, with a `RotationLambdaARN` or a " +
        "`HostedRotationLambda` and `RotationRules` of at most 60 days. A schedule in another template or module of the " +
        "scanned project counts when its `SecretId` is the secret's literal name or ARN.",
    },
  },
  create(context) {
    return {
      secret(secret) {
        if (context.project.rotationsFor(secret).length === 0) {
          context.report({ node: secret.node, entity: secret, messageId: "missing", data: { name: secret.resource } });
        }
      },
    };
  },
});

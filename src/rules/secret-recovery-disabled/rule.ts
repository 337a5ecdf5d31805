import { literal } from "../../model/entities.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

export default defineRule({
  meta: {
    id: "secret-recovery-disabled",
    title: "Secret is deleted without a recovery window",
    severity: "note",
    securitySeverity: 3.0,
    // SARIF precision from measured false positives (ACCURACY.md): a literal recovery window of 0 days.
    precision: "very-high",
    appliesTo: INFRASTRUCTURE,
    entities: ["secret"],
    messages: {
      disabled:
        "Secret {{name}} sets {{property}} to 0{{via}}, so when {{platform}} deletes it (a destroy, a removed block, " +
        "a change that replaces it) the secret and every version of its value are gone at once, with no way to restore " +
        "them; keep a recovery window of 7 to 30 days.",
    },
    tags: ["CWE-404"],
    docs: {
      description:
        "Secrets Manager keeps a deleted secret restorable for its recovery window (30 days unless set), so a secret " +
        "deleted by mistake, or by a plan nobody read closely, can be brought back with RestoreSecret while the " +
        "applications that read it are fixed. `recovery_window_in_days = 0` forces deletion without recovery: the value " +
        "is lost the moment the deployment deletes the secret, and whatever still depends on it fails until someone creates " +
        "and distributes a new credential.",
      remediation:
        "Remove `recovery_window_in_days` (the default is 30 days) or set it between 7 and 30. If a name must be reusable " +
        "at once in a throwaway environment, set the window from a variable that only that environment sets to 0.",
    },
  },
  create(context) {
    return {
      secret(secret) {
        const field = secret.recoveryWindowInDays;
        if (!field || literal(field) !== 0) return;
        context.report({
          node: field.node,
          entity: secret,
          messageId: "disabled",
          data: {
            name: secret.resource,
            property: context.words(secret).recoveryWindowProperty,
            platform: context.words(secret).platform,
            via: field.via ? ` (${field.via})` : "",
          },
        });
      },
    };
  },
});

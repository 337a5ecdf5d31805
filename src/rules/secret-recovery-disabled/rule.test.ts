import { testRule } from "../../test-support/rule-tester.js";
import rule from "./rule.js";

const secret = (attributes: string, extra = "") => `${extra}resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
${attributes}}
`;

testRule(rule, {
  valid: [
    { name: "no recovery window: the default 30 days", tf: secret("") },
    { name: "shortest window that keeps the secret restorable", tf: secret("  recovery_window_in_days = 7\n") },
    { name: "window of 30 days as a string", tf: secret('  recovery_window_in_days = "30"\n') },
    {
      name: "variable without default is not guessed",
      tf: secret(
        "  recovery_window_in_days = var.recovery_days\n",
        'variable "recovery_days" {\n  type = number\n}\n\n',
      ),
    },
    {
      name: "conditional window is not guessed",
      tf: secret(
        '  recovery_window_in_days = var.env == "dev" ? 0 : 30\n',
        'variable "env" {\n  default = "prod"\n}\n\n',
      ),
    },
    { name: "null is unset", tf: secret("  recovery_window_in_days = null\n") },
  ],
  invalid: [
    {
      name: "recovery window of 0 days",
      tf: secret("  recovery_window_in_days = 0\n"),
      errors: [
        {
          messageId: "disabled",
          message:
            "Secret aws_secretsmanager_secret.db sets recovery_window_in_days to 0, so when Terraform deletes it (a destroy, a removed " +
            "block, a change that replaces it) the secret and every version of its value are gone at once, with no way to restore " +
            "them; keep a recovery window of 7 to 30 days.",
          resource: "aws_secretsmanager_secret.db",
          tf: [3, 29, 3, 30],
          tfjson: [6, 36, 6, 37],
        },
      ],
    },
    {
      name: "recovery window of 0 days from a variable's default",
      tf: secret("  recovery_window_in_days = var.recovery_days\n", 'variable "recovery_days" {\n  default = 0\n}\n\n'),
      errors: [
        {
          messageId: "disabled",
          resource: "aws_secretsmanager_secret.db",
          message:
            "Secret aws_secretsmanager_secret.db sets recovery_window_in_days to 0 (default of variable recovery_days), so when " +
            "Terraform deletes it (a destroy, a removed block, a change that replaces it) the secret and every version of its value " +
            "are gone at once, with no way to restore them; keep a recovery window of 7 to 30 days.",
          tf: [7, 29, 7, 46],
          tfjson: [11, 36, 11, 58],
        },
      ],
    },
  ],
});

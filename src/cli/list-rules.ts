import type { RuleMeta } from "../core/rule.js";
import { ruleHelpUri } from "../reporters/rule-docs.js";
import type { Format } from "./args.js";

/** `--list-rules`: aligned columns for people, a JSON array for machines (`--format json`); each with its documentation. */
export function formatRuleList(rules: readonly RuleMeta[], format: Format): string {
  if (format !== "text") {
    return `${JSON.stringify(
      rules.map(({ id, severity, title }) => ({ id, severity, title, helpUri: ruleHelpUri(id) })),
      null,
      2,
    )}\n`;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const titleWidth = Math.max(...rules.map((r) => r.title.length));
  return rules
    .map(
      (r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.title.padEnd(titleWidth)}  ${ruleHelpUri(r.id)}\n`,
    )
    .join("");
}

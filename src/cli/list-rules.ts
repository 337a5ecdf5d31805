import type { RuleMeta } from "../engine/types.js";
import type { Format } from "./args.js";

/** `--list-rules`: aligned columns for people, a JSON array for machines (`--format json`). */
export function formatRuleList(rules: readonly RuleMeta[], format: Format): string {
  if (format !== "text") {
    return `${JSON.stringify(rules.map(({ id, severity, title }) => ({ id, severity, title })), null, 2)}\n`;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.title}\n`).join("");
}

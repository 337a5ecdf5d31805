/**
 * Where each rule is documented: one URL for SARIF `helpUri`, the JSON report's `helpUri`, the text report and
 * `--list-rules`. The URLs point at the repository rather than at files in the npm package, so that they open in a
 * browser from a GitHub alert as well as from a terminal.
 */
import { INVALID_SUPPRESSION, UNUSED_SUPPRESSION } from "../engine/suppressions.js";

export const INFORMATION_URI = "https://github.com/secretwarden/secretwarden";

/** Rules the engine reports itself have no rule folder: the README's section on suppressions documents them. */
const ENGINE_RULE_DOCS: Readonly<Record<string, string>> = {
  [UNUSED_SUPPRESSION]: "README.md#suppressions",
  [INVALID_SUPPRESSION]: "README.md#suppressions",
};

export function ruleHelpUri(ruleId: string): string {
  return `${INFORMATION_URI}/blob/main/${ENGINE_RULE_DOCS[ruleId] ?? `src/rules/${ruleId}/README.md`}`;
}

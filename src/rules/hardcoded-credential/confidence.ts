/**
 * How sure a credential finding without a well-known format is. A format match carries its detector's confidence;
 * this decides for the values that are credentials only because of where they are or the name they are under.
 */
import type { Confidence } from "../../knowledge/credential-patterns.js";
import { words } from "../../knowledge/secret-names.js";

/** A word of a value that is longer than this is not a word of a language but a run of random letters. */
const MAX_WORD = 24;

/**
 * Whether a value reads as words rather than random characters: letters only (no digit, no symbol other than a
 * separator between words), split into words (`myApiToken`, `sample-token`) of 3 to 24 letters on average and none
 * longer. `Tr0ub4dor`, `s3cr3t!` and `AbCdEfGhIj` are not word-like.
 */
export function isWordLike(value: string): boolean {
  const text = value.trim();
  if (text.length === 0 || !/^[A-Za-z]+(?:[-_. ][A-Za-z]+)*$/.test(text)) return false;
  const list = words(text);
  if (list.length === 0 || list.some((word) => word.length > MAX_WORD)) return false;
  return list.reduce((sum, word) => sum + word.length, 0) / list.length >= 3;
}

/** Whether a name says its value is a password (`DB_PASSWORD`, `dbPasswd`, `pwd`, `passphrase`), not any secret. */
export function isPasswordName(name: string): boolean {
  return words(name).some((word) => /^(pass|pwd|pw|passphrase)$/.test(word) || /password|passwd/.test(word));
}

/**
 * The confidence of a generic credential (no well-known format):
 * - `property`: the value of a credential property (`MasterUserPassword`, `AuthToken`) is a credential whatever it
 *   looks like: `medium`;
 * - `name`: a literal under a secret-like name is `medium` when the name says password (a weak password is still a
 *   password, and a worse one) or the value looks random, `low` when the value reads as words (`API_TOKEN:
 *   sampletoken`), which is how configuration names and examples look.
 */
export function genericConfidence(basis: "property" | "name", name: string, value: string): Confidence {
  if (basis === "property" || isPasswordName(name)) return "medium";
  return isWordLike(value) ? "low" : "medium";
}

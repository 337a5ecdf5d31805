/**
 * What a literal looks like, for the confidence of a credential found only through its name: words
 * (`createSecret`, `NextToken`, `my-session-token`), or a random-looking string (`Xk29dj2kd92kdK`, a hex digest, a
 * base64 run). A password name needs neither: a weak password is still a hardcoded password.
 */
import type { Confidence } from "../core/finding.js";
import { isPasswordName, words } from "./secret-names.js";

export type ValueShape = "empty" | "words" | "random" | "mixed";

/** Identifiers are split into words the way names are: by case, digits-to-letters, and `-`, `_`, `.`, spaces. */
const LETTERS_AND_SEPARATORS = /^[A-Za-z][A-Za-z ._-]*$/;

/** English words and identifier parts are short; a run of 21 letters or more is no word (`abcdefghijabcdefghijab`). */
const LONGEST_WORD = 20;

/**
 * Whether a value reads as words: letters only (with `-`, `_`, `.` or spaces between them), split by case into parts
 * of 3 letters or more on average and none over 20. `createSecret`, `NextToken`, `AWSAccessKeyId`, `sample token`
 * do; `Tr0ub4dor`, `s3cr3t!`, `AbCdEfGh` (parts of two letters) and a 24-letter run do not.
 */
export function isWordLike(value: string): boolean {
  const v = value.trim();
  if (!LETTERS_AND_SEPARATORS.test(v)) return false;
  const parts = words(v);
  if (parts.length === 0) return false;
  let letters = 0;
  for (const part of parts) {
    if (part.length > LONGEST_WORD) return false;
    letters += part.length;
  }
  return letters / parts.length >= 3;
}

/** Shannon entropy of the characters, in bits per character. */
export function entropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Whether a value looks like a generated secret: 8 characters or more, not words, at least two kinds of characters
 * (lower case, upper case, digits, symbols) or 16 characters of one kind, and 2.5 bits of entropy per character or
 * more (`abcd1234` has 3; `aaaa1111` has 1).
 */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 8 || /\s/.test(v) || isWordLike(v)) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  if (kinds < 2 && v.length < 16) return false;
  return entropy(v) >= 2.5;
}

/** `empty`, `words`, `random` or `mixed` (neither: `hunter2`, `admin-2024`, a short code). */
export function valueShape(value: string): ValueShape {
  const v = value.trim();
  if (v === "") return "empty";
  if (isWordLike(v) || /\s/.test(v)) return "words";
  return looksRandom(v) ? "random" : "mixed";
}

const letters = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The confidence of a literal found through the name it is assigned to (not a placeholder, not a reference: the
 * caller has checked): `medium` under a password name whatever the value (`MYSQL_ROOT_PASSWORD: whalehello`), and
 * under any other secret-like name unless the value reads as words or spells the name (`token: "NextToken"`,
 * `ACCESS_KEY = "AWSAccessKeyId"`, `step: "createSecret"`), which is `low`.
 */
export function keywordConfidence(name: string, value: string): Confidence {
  const v = value.trim();
  if (letters(v) !== "" && letters(v) === letters(name)) return "low";
  // Said to be a test's: under a test name (`TEST_PASSWORD`), or a value that says so (`TestPassword123!`). Not any
  // value that starts with `test`: Lob's and Stripe's test-mode keys (`test_75bc...`) are keys.
  if (words(name).includes("test") || /^test[-_]?pass(?:word)?(?![a-z])/i.test(v)) return "low";
  if (isPasswordName(name)) return /\s/.test(v) ? "low" : "medium";
  return valueShape(v) === "words" ? "low" : "medium";
}

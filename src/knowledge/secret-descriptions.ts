/** Whether a description says its value is a secret: shared by parameter-without-noecho and ssm-parameter-secret. */
import { isSecretLikeName, words } from "./secret-names.js";

/**
 * Words that end a description's subject: prepositions, relative pronouns and participles that start a
 * qualifier. In "ARN of the secret that holds the password" the subject is "ARN"; in "Password for the master
 * user" it is "Password". This is English grammar, not a vocabulary of secrets: which subjects are secrets is
 * decided by `isSecretLikeName` alone.
 */
const SUBJECT_ENDS = new Set([
  "of",
  "for",
  "to",
  "from",
  "in",
  "into",
  "on",
  "at",
  "by",
  "with",
  "without",
  "that",
  "which",
  "who",
  "whose",
  "where",
  "when",
  "if",
  "as",
  "used",
  "stored",
  "holding",
  "containing",
  "kept",
  "passed",
  "read",
  "generated",
  "created",
]);

/** Clauses that only say whether the parameter is needed ("(Optional) The password"): the subject comes after. */
const NOTE_CLAUSES = new Set(["optional", "required"]);

/** Punctuation that ends the first clause of a description. */
const CLAUSE_END = /[.,;:()[\]{}!?"'`]|\s[-–—]\s/;

/**
 * Whether a parameter's description says that its value is a secret: the subject of its first clause (the words
 * before the first punctuation mark or qualifier) is a secret-like name. "The database master password" and
 * "Password for the admin user" are; "ARN of the secret that holds the password", "Name of the SSM parameter with
 * the DB password", "Secret ARN" and "KMS key for the secret" are not.
 */
export function describesSecret(description: string): boolean {
  const clause = description
    .split(CLAUSE_END)
    .map((part) => words(part))
    .find((list) => list.length > 0 && !(list.length === 1 && NOTE_CLAUSES.has(list[0] as string)));
  const subject: string[] = [];
  for (const word of clause ?? []) {
    if (SUBJECT_ENDS.has(word)) break;
    subject.push(word);
  }
  return subject.length > 0 && isSecretLikeName(subject.join(" "));
}

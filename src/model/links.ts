import type { EntityKind } from "./entities.js";

/**
 * Pairs of what the model holds whose entities refer to one another across files: a rotation schedule or a resource
 * policy names a secret of another template, a secret's key sits in another module, a trail anywhere audits every
 * secret, a function's handler is a source file (`document`), a rotation schedule names its function. A rule that
 * reads both sides of one pair cannot judge a file alone: it runs over the whole project (`scopeOf`).
 */
export const LINKED_ACROSS_FILES: readonly (readonly [EntityKind | "document", EntityKind | "document"])[] = [
  ["secret", "rotation-schedule"],
  ["secret", "policy"],
  ["secret", "kms-key"],
  ["secret", "audit-control"],
  ["lambda-function", "document"],
  ["rotation-schedule", "lambda-function"],
];

/**
 * The evaluator's wildcard and ARN matching lives in `src/knowledge/arn-match.ts`, shared with the rules that decide
 * whether a policy is public (`src/knowledge/public-access.ts`).
 */
export * from "../knowledge/arn-match.js";

/**
 * Whether application code is a Secrets Manager rotation function: it names the four steps of a rotation
 * (`createSecret`, `setSecret`, `testSecret`, `finishSecret`) as string literals, the values of `event["Step"]` it
 * dispatches on. Such a function must read the secret's current and pending versions fresh on every step.
 */
const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

/** One pass per step over the text; each a plain substring search, never a backtracking pattern. */
export function namesRotationSteps(text: string): boolean {
  return STEPS.every((step) => ['"', "'", "`"].some((quote) => text.includes(`${quote}${step}${quote}`)));
}

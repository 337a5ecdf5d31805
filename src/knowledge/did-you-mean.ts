/**
 * "Did you mean ...?" for names users type: options, configuration keys, rule ids, enum values, with the bounded edit
 * distance of edit-distance.ts (as the IAM names' suggestions). Texts longer than MAX_LENGTH get no suggestion.
 */
import { editDistance } from "./edit-distance.js";

/** Longer texts are not compared: no option, key or rule id is this long. */
export const MAX_LENGTH = 64;

/** One edit in three characters, at least one and at most three: `warn` is not `want`, `fromat` is `format`. */
function tolerance(text: string): number {
  return Math.max(1, Math.min(3, Math.floor(text.length / 3)));
}

/**
 * The candidate closest to `text`, compared without regard to case, if it is close enough; else a candidate that
 * `text` begins (`warn` -> `warning`) when `text` has at least three characters. Ties go to the earlier candidate.
 * Undefined when nothing is close, `text` is a candidate itself, or `text` is longer than MAX_LENGTH.
 */
export function didYouMean(text: string, candidates: readonly string[]): string | undefined {
  const wanted = text.toLowerCase();
  if (wanted.length === 0 || wanted.length > MAX_LENGTH || candidates.includes(text)) return undefined;
  const limit = tolerance(wanted);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.length > MAX_LENGTH) continue;
    const distance = editDistance(wanted, candidate.toLowerCase(), limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  if (best) return best.candidate;
  if (wanted.length < 3) return undefined;
  return candidates.find((candidate) => candidate.toLowerCase().startsWith(wanted));
}

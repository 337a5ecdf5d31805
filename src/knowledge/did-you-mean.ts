/**
 * "Did you mean ...?" for names users type: options, configuration keys, rule ids, enum values. Bounded on purpose:
 * the distance table is length × length, so texts longer than MAX_LENGTH get no suggestion rather than a slow one.
 */

/** Longer texts are not compared: no option, key or rule id is this long, and the table stays 64 × 64 at most. */
export const MAX_LENGTH = 64;

/**
 * Edit distance with adjacent transpositions (optimal string alignment: `formt` and `fromat` are one edit from
 * `format`), or `limit + 1` as soon as every path through the table exceeds `limit`.
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      row.push(best);
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length] ?? 0, limit + 1);
}

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
    const distance = boundedEditDistance(wanted, candidate.toLowerCase(), limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  if (best) return best.candidate;
  if (wanted.length < 3) return undefined;
  return candidates.find((candidate) => candidate.toLowerCase().startsWith(wanted));
}

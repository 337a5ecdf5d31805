/**
 * Bounded edit distance for did-you-mean suggestions (this module's `closest` for IAM names, did-you-mean.ts for names
 * users type: options, configuration keys, rule ids). The full table of two strings is quadratic in their lengths (a
 * 200,000-character IAM action kept a scan busy for minutes), and a suggestion is only wanted when the distance is
 * small: so only the diagonal band of width `2 * limit + 1` is computed, a pair whose lengths differ by more than
 * `limit` is not compared at all, and a row whose every cell is over `limit` ends the comparison.
 */

/** Names longer than this get no suggestion: no IAM service or action name comes near it (the longest are ~60). */
export const MAX_SUGGESTED_LENGTH = 128;

/** A budget of table cells shared by a series of comparisons (one rule run), so that their total work is bounded. */
export interface EditBudget {
  /** Cells left; once none are, no comparison is started (the last one may overdraw by its own size). */
  cells: number;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment: `Vaule` is one edit from `Value`, as a typist
 * would count it), or `limit + 1` when it is over `limit`. Work is O(|a| × limit) cells, charged to `budget`;
 * `undefined` when the budget is spent before it starts.
 */
export function editDistance(a: string, b: string, limit?: number): number;
export function editDistance(a: string, b: string, limit: number, budget: EditBudget | undefined): number | undefined;
export function editDistance(
  a: string,
  b: string,
  limit = Math.max(a.length, b.length),
  budget?: EditBudget,
): number | undefined {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  if (budget && budget.cells <= 0) return undefined;
  // Three rows (the transposition looks two back).
  let before = new Array<number>(b.length + 1).fill(over);
  let previous = new Array<number>(b.length + 1).fill(over);
  let row = new Array<number>(b.length + 1).fill(over);
  for (let j = 0; j <= Math.min(b.length, limit); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    // Only the band and one cell either side of it are written: clearing whole rows would be quadratic again.
    row[0] = i <= limit ? i : over;
    row[from - 1] = from - 1 === 0 ? row[0] : over;
    if (to + 1 <= b.length) row[to + 1] = over;
    let smallest = row[0] as number;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (before[j - 2] as number) + 1);
      row[j] = Math.min(best, over);
      if (best < smallest) smallest = best;
    }
    if (budget) budget.cells -= to - from + 1;
    if (smallest > limit) return over;
    [before, previous, row] = [previous, row, before];
  }
  return Math.min(previous[b.length] as number, over);
}

/** How far a misspelling may be from what was meant: one edit in four characters, at least two. */
export const tolerance = (text: string): number => Math.max(2, Math.ceil(text.length / 4));

/**
 * The candidate closest to `text` (case-insensitive), if it is close enough; ties go to the alphabetically first.
 * Nothing for a `text` over `MAX_SUGGESTED_LENGTH`, or once `budget` is spent.
 */
export function closest(text: string, candidates: readonly string[], budget?: EditBudget): string | undefined {
  if (text.length > MAX_SUGGESTED_LENGTH) return undefined;
  const wanted = text.toLowerCase();
  const limit = tolerance(wanted);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase(), limit, budget);
    if (distance === undefined) return undefined;
    if (distance > limit) continue;
    if (!best || distance < best.distance || (distance === best.distance && candidate < best.candidate))
      best = { candidate, distance };
  }
  return best?.candidate;
}

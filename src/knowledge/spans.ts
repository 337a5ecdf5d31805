/**
 * Lookups in lists of text spans sorted by start: the credential search keeps its findings so, and asks for each new
 * match, and for each literal of a file, which findings are near (one look at each pair was quadratic: a 4 MB file with
 * 20,000 matches took 29 s).
 */
export interface Span {
  start: number;
  end: number;
}

/** How many spans of `sorted` (sorted by start) start before `offset`: the index of the first that does not. */
export function countStartingBefore(sorted: readonly { start: number }[], offset: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as { start: number }).start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Whether `[start, end)` overlaps a span of `sorted` (sorted by start, no two overlapping, so their ends rise too):
 * only the last span starting before `end` can reach past `start`.
 */
export function overlapsSorted(sorted: readonly Span[], start: number, end: number): boolean {
  const before = countStartingBefore(sorted, end);
  return before > 0 && (sorted[before - 1] as Span).end > start;
}

/** The spans of `sorted` (sorted by start, not overlapping) that lie within `[start, end)`: a run of the list. */
export function spansWithin<S extends Span>(sorted: readonly S[], start: number, end: number): S[] {
  const inside: S[] = [];
  for (let i = countStartingBefore(sorted, start); i < sorted.length && (sorted[i] as S).start < end; i++) {
    const span = sorted[i] as S;
    if (span.end <= end) inside.push(span);
  }
  return inside;
}

/** Whether a span overlaps one of `spans` (any order, possibly overlapping each other): sorted, with the furthest end so far. */
export function overlapTest(spans: readonly Span[]): (start: number, end: number) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const furthest: number[] = [];
  for (const span of sorted) furthest.push(Math.max(span.end, furthest[furthest.length - 1] ?? -Infinity));
  return (start, end) => {
    const before = countStartingBefore(sorted, end);
    return before > 0 && (furthest[before - 1] as number) > start;
  };
}

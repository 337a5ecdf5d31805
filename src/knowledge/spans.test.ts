import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countStartingBefore, overlapTest, overlapsSorted, spansWithin, type Span } from "./spans.js";

const span = fc.tuple(fc.nat(200), fc.nat(30)).map(([start, length]): Span => ({ start, end: start + length }));
/** Sorted by start and not overlapping, as the credential search keeps its findings. */
const disjoint = fc.array(fc.tuple(fc.nat(20), fc.nat(20)), { maxLength: 30 }).map((gaps) => {
  const out: Span[] = [];
  let at = 0;
  for (const [gap, length] of gaps) {
    out.push({ start: at + gap, end: at + gap + length + 1 });
    at += gap + length + 1;
  }
  return out;
});
const overlaps = (a: Span, start: number, end: number) => start < a.end && a.start < end;

describe("span lookups agree with looking at every span", () => {
  it("countStartingBefore, overlapsSorted and spansWithin over sorted, disjoint spans", () => {
    fc.assert(
      fc.property(disjoint, span, (sorted, { start, end }) => {
        expect(countStartingBefore(sorted, start)).toBe(sorted.filter((s) => s.start < start).length);
        expect(overlapsSorted(sorted, start, end)).toBe(sorted.some((s) => overlaps(s, start, end)));
        expect(spansWithin(sorted, start, end)).toEqual(sorted.filter((s) => start <= s.start && s.end <= end));
      }),
      { numRuns: 500 },
    );
  });

  it("overlapTest over spans in any order that may overlap each other", () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), span, (spans, { start, end }) => {
        expect(overlapTest(spans)(start, end)).toBe(spans.some((s) => overlaps(s, start, end)));
      }),
      { numRuns: 500 },
    );
  });
});

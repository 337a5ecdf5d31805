import { describe, expect, it } from "vitest";
import { closest, editDistance, MAX_SUGGESTED_LENGTH } from "./edit-distance.js";

/** The whole table, as the distance was computed before it was bounded: the reference the band must agree with. */
function fullTable(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const previous = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** A small seeded generator (mulberry32), so that a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("editDistance", () => {
  it.each([
    ["format", "format", 3, 0],
    ["formt", "format", 3, 1],
    ["fromat", "format", 3, 1],
    ["severty", "severity", 3, 1],
    ["kitten", "sitting", 3, 3],
    // Over the limit: limit + 1, whatever the true distance.
    ["kitten", "sitting", 2, 3],
    ["a", "abcdef", 2, 3],
  ])("%s -> %s within %i is %i", (a, b, limit, distance) => {
    expect(editDistance(a, b, limit)).toBe(distance);
  });

  it("counts substitutions, insertions, deletions and adjacent transpositions", () => {
    expect(editDistance("getsecretvaule", "getsecretvalue")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("ca", "abc")).toBe(3);
  });

  it("agrees with the whole table within the limit, and says limit + 1 beyond it", () => {
    const next = random(16);
    const word = () => Array.from({ length: Math.floor(next() * 9) }, () => "abc"[Math.floor(next() * 3)]).join("");
    const disagreements: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const a = word();
      const b = word();
      const limit = Math.floor(next() * 5);
      const exact = fullTable(a, b);
      if (editDistance(a, b) !== exact) disagreements.push(`${a}/${b}`);
      if (editDistance(a, b, limit) !== Math.min(exact, limit + 1)) disagreements.push(`${a}/${b} within ${limit}`);
    }
    expect(disagreements).toEqual([]);
  });

  it("does work linear in the length for a bounded limit (two 200,000-character strings)", () => {
    const budget = { cells: 10_000_000 };
    expect(editDistance("g".repeat(200_000), `${"g".repeat(199_999)}hh`, 3, budget)).toBe(2);
    // At most |a| × (2 × limit + 1) cells, not |a| × |b|.
    expect(10_000_000 - budget.cells).toBeLessThanOrEqual(200_000 * 7);
  });

  it("does not compare strings whose lengths differ by more than the limit", () => {
    const budget = { cells: 100 };
    expect(editDistance("a", "a".repeat(200_000), 3, budget)).toBe(4);
    expect(budget.cells).toBe(100);
  });

  it("starts no comparison once the budget is spent", () => {
    const budget = { cells: 0 };
    expect(editDistance("abcdef", "abcdeg", 2, budget)).toBeUndefined();
    expect(budget.cells).toBe(0);
  });
});

describe("closest", () => {
  it("suggests the nearest candidate within one edit in four characters", () => {
    expect(closest("secretmanager", ["secretsmanager", "ssm", "sms"])).toBe("secretsmanager");
    expect(closest("GetSecretVaule", ["GetSecretValue", "PutSecretValue"])).toBe("GetSecretValue");
    expect(closest("HeadBucket", ["ListBucket", "CreateBucket"])).toBeUndefined();
    expect(closest("constructor", [])).toBeUndefined();
  });

  it("suggests nothing for a name longer than any real one, without comparing it", () => {
    const budget = { cells: 1 };
    expect(closest("g".repeat(MAX_SUGGESTED_LENGTH + 1), ["g".repeat(MAX_SUGGESTED_LENGTH)], budget)).toBeUndefined();
    expect(budget.cells).toBe(1);
  });

  it("suggests nothing once the budget is spent", () => {
    expect(closest("GetSecretVaule", ["GetSecretValue"], { cells: 0 })).toBeUndefined();
  });
});

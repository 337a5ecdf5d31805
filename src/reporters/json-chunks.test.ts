import { describe, expect, it } from "vitest";
import { jsonChunks } from "./json-chunks.js";

describe("jsonChunks", () => {
  it.each([
    [
      "a report-like object",
      {
        schemaVersion: 1,
        findings: [
          { a: 1, b: "x\ny", c: [1, { d: null }], e: undefined },
          { f: [], g: {} },
        ],
        errors: [],
        summary: { n: 0, m: { o: [1, 2] } },
      },
    ],
    [
      "arrays with holes and functions",
      [1, undefined, () => 1, [[], [[3]]], "é\u001b", { toJSON: () => "custom" }, new Date(0)],
    ],
    ["scalars", "text"],
    ["empty", {}],
  ])("%s: the same text as JSON.stringify(value, null, 2), at every depth", (_name, value) => {
    for (const levels of [0, 1, 2, 3, 5]) {
      expect([...jsonChunks(value, levels)].join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
    }
  });

  it("never holds the whole report in one piece: each element of a long array is its own chunk", () => {
    const value = { findings: Array.from({ length: 1_000 }, (_, i) => ({ i, text: "x".repeat(100) })) };
    const pieces = [...jsonChunks(value)];
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(200);
    expect(pieces.join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});

import { describe, expect, it } from "vitest";
import { shares } from "./pool.js";
import type { ScanUnit } from "./unit.js";

const unit = (...paths: string[]): ScanUnit => ({
  sources: paths.map((path) => ({ absolutePath: `/repo/${path}`, path, explicit: false })),
});

describe("shares", () => {
  it("orders the units by their first file's extension, case-insensitively, then by path order, and cuts one share per worker", () => {
    const units = [
      unit("a/app.ts"),
      unit("a/stack.yaml"),
      unit("b/job.py"),
      unit("b/App.TS"),
      unit("c/main.tf", "c/vars.tf"),
      unit("Makefile"),
      unit("d/x.yaml"),
    ];
    const { byKind, shares: list } = shares(units, 2);
    // "" (Makefile), .py, .tf, .ts (app.ts, App.TS in path order), .yaml (stack.yaml, x.yaml)
    expect(byKind).toEqual([5, 2, 4, 0, 3, 1, 6]);
    expect(list).toEqual([
      { next: 0, end: 3 },
      { next: 3, end: 7 },
    ]);
  });

  it("takes the extension of the file name only, not of a folder", () => {
    const { byKind } = shares([unit("v1.2/README"), unit("a.b/c.json"), unit("z/.env")], 1);
    expect(byKind).toEqual([0, 2, 1]);
  });

  it("gives every unit to exactly one share, whatever the number of workers", () => {
    const units = Array.from({ length: 11 }, (_, i) => unit(`f${i}.${["js", "yaml", "py"][i % 3]}`));
    for (const threads of [1, 2, 3, 4]) {
      const { byKind, shares: list } = shares(units, threads);
      expect([...byKind].sort((a, b) => a - b)).toEqual(units.map((_, i) => i));
      expect(list).toHaveLength(threads);
      expect(list[0]?.next).toBe(0);
      expect(list[threads - 1]?.end).toBe(11);
      for (let i = 1; i < threads; i++) expect(list[i]?.next).toBe(list[i - 1]?.end);
    }
  });
});

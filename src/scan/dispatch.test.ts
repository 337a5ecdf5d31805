import { describe, expect, it } from "vitest";
import { Dispatch, kindOf } from "./dispatch.js";
import type { ScanUnit } from "./unit.js";

const unit = (...paths: string[]): ScanUnit => ({
  sources: paths.map((path) => ({ absolutePath: `/repo/${path}`, path, explicit: false })),
});

describe("kindOf", () => {
  it("names the reader of the unit's first file: a document syntax, or a source language", () => {
    expect(
      [
        unit("a/stack.yaml"),
        unit("a/STACK.YML"),
        unit("b/policy.json"),
        unit("c/main.tf", "c/vars.tf"),
        unit("d/job.py"),
        unit("d/App.TS"),
        unit("d/app.mjs"),
        unit("v1.2/README"),
        unit("e/.env"),
      ].map(kindOf),
    ).toEqual(["yaml", "yaml", "json", "hcl", "python", "javascript", "javascript", "text", "dotenv"]);
  });
});

describe("Dispatch", () => {
  it("gives each worker the units of the kind it claimed, in the order added, before any other kind", () => {
    const dispatch = new Dispatch<string>();
    for (const [index, kind] of ["yaml", "yaml", "javascript", "yaml", "javascript", "json"].entries())
      dispatch.add(index, kind);
    // A claims yaml (the most units waiting), B javascript (the most of what nobody claimed), then json.
    expect([dispatch.take("A"), dispatch.take("B"), dispatch.take("A"), dispatch.take("B")]).toEqual([0, 2, 1, 4]);
    expect([dispatch.take("B"), dispatch.take("A")]).toEqual([5, 3]);
    expect([dispatch.take("A"), dispatch.take("B"), dispatch.size]).toEqual([undefined, undefined, 0]);
  });

  it("lets a worker with nothing of its own take from the back of the kind with the most units waiting", () => {
    const dispatch = new Dispatch<string>();
    for (const [index, kind] of ["yaml", "yaml", "yaml", "yaml", "json", "json"].entries()) dispatch.add(index, kind);
    expect(dispatch.take("A")).toBe(0);
    expect(dispatch.take("B")).toBe(4);
    expect(dispatch.take("B")).toBe(5);
    // B's json is done: it takes yaml from the back, A keeps taking from the front.
    expect([dispatch.take("B"), dispatch.take("A"), dispatch.take("B"), dispatch.take("A")]).toEqual([
      3,
      1,
      2,
      undefined,
    ]);
  });

  it("claims kinds as they come: units added later go to the worker that claimed their kind", () => {
    const dispatch = new Dispatch<string>();
    dispatch.add(0, "yaml");
    dispatch.add(1, "python");
    expect([dispatch.take("A"), dispatch.take("B")]).toEqual([0, 1]);
    dispatch.add(2, "python");
    dispatch.add(3, "yaml");
    expect([dispatch.take("A"), dispatch.take("B")]).toEqual([3, 2]);
  });

  it("gives the units a stopped worker had to whoever asks first, and its kinds to its replacement", () => {
    const dispatch = new Dispatch<string>();
    for (const [index, kind] of ["yaml", "json", "yaml", "json", "yaml"].entries()) dispatch.add(index, kind);
    expect([dispatch.take("A"), dispatch.take("B")]).toEqual([0, 1]);
    dispatch.giveBack([0]);
    dispatch.handOver("A", "C");
    expect(dispatch.size).toBe(4);
    expect([dispatch.take("B"), dispatch.take("C"), dispatch.take("B"), dispatch.take("C")]).toEqual([0, 2, 3, 4]);
  });

  it("leaves the kinds of a worker that has no replacement to the others", () => {
    const dispatch = new Dispatch<string>();
    for (const [index, kind] of ["yaml", "json", "yaml", "yaml"].entries()) dispatch.add(index, kind);
    expect([dispatch.take("A"), dispatch.take("B"), dispatch.take("B")]).toEqual([0, 1, 3]);
    dispatch.handOver("A", undefined);
    // yaml is nobody's now: B claims it and takes from the front.
    dispatch.add(4, "yaml");
    expect([dispatch.take("B"), dispatch.take("B")]).toEqual([2, 4]);
  });
});

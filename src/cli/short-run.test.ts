import { describe, expect, it } from "vitest";
import { keepShortRunOnBaselineWasm, SHORT_RUN_FILES } from "./short-run.js";

describe("keepShortRunOnBaselineWasm", () => {
  // In this order: the flag is the process's, raised at most once.
  it("leaves V8's tiering alone for a run over more files than a short run has", () => {
    expect(keepShortRunOnBaselineWasm(SHORT_RUN_FILES + 1)).toBe(false);
  });

  it("raises it for a short run, and it stays raised for the process", () => {
    expect(keepShortRunOnBaselineWasm(1)).toBe(true);
    expect(keepShortRunOnBaselineWasm(SHORT_RUN_FILES + 1)).toBe(true);
  });
});

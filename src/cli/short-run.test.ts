import { describe, expect, it } from "vitest";
import { keepShortRunOnBaselineWasm, SHORT_RUN_FILES } from "./short-run.js";

describe("keepShortRunOnBaselineWasm", () => {
  // In this order: the flag is the process's, raised at most once.
  it("leaves V8's tiering alone for a long run, and for a short one that starts no WebAssembly", () => {
    expect(keepShortRunOnBaselineWasm(Array.from({ length: SHORT_RUN_FILES + 1 }, (_, i) => `m${i}/main.tf`))).toBe(
      false,
    );
    expect(keepShortRunOnBaselineWasm(["stack.yaml", "app.js", "plan.tf.json"])).toBe(false);
  });

  it("raises it for a short run with a Terraform or tree-sitter file, and it stays raised for the process", () => {
    expect(keepShortRunOnBaselineWasm(["stack.yaml", "infra/main.tf"])).toBe(true);
    expect(keepShortRunOnBaselineWasm(["stack.yaml"])).toBe(true);
  });
});

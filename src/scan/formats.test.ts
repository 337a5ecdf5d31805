import { describe, expect, it } from "vitest";
import { readsWithWebAssembly } from "./formats.js";

describe("readsWithWebAssembly", () => {
  it("is true for Terraform's native syntax and the languages web-tree-sitter parses", () => {
    expect(
      ["main.tf", "handler.py", "main.go", "App.java", "app.rb", "Program.cs", "index.php"].map(readsWithWebAssembly),
    ).toEqual([true, true, true, true, true, true, true]);
  });

  it("is false for what YAML, JSON and the JavaScript readers read", () => {
    expect(
      ["stack.yaml", "plan.tf.json", "policy.json", "app.ts", "app.js", ".env", "README.md"].map(readsWithWebAssembly),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});

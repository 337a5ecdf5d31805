import { describe, expect, it } from "vitest";
import { SourceFile } from "../core/positioned.js";
import { parseHcl } from "./terraform/hcl.js";
import { parseTreeSitter } from "./source/treesitter.js";

describe("one tree-sitter runtime", () => {
  it("parses Terraform and Python started at the same time, both completely", async () => {
    // Each grammar used to initialise its own runtime; the second swapped it under the first and its parse came back
    // empty, so findings depended on the order files finished reading.
    const tf = new SourceFile("main.tf", 'resource "aws_secretsmanager_secret" "db" {\n  name = "prod/orders/db"\n}\n');
    const py = new SourceFile("app.py", 'DB_PASSWORD = "Tr0ub4dor&3-Horse!"\n');
    const [hcl, python, go] = await Promise.all([
      parseHcl(tf),
      parseTreeSitter(py, "python"),
      parseTreeSitter(new SourceFile("a.go", 'package a\nconst apiToken = "tok-9f8e7d6c5b4a3928"\n'), "go"),
    ]);
    expect(hcl.blocks.map((b) => b.labels)).toEqual([["aws_secretsmanager_secret", "db"]]);
    expect((python.literals ?? []).map((l) => l.name)).toEqual(["DB_PASSWORD"]);
    expect((go.literals ?? []).map((l) => l.name)).toEqual(["apiToken"]);
  });
});

import { describe, expect, it } from "vitest";
import { loadDocumentFile } from "./load.js";
import { SourceFile } from "../core/positioned.js";

describe("a Terraform file that does not parse", () => {
  it("keeps its syntax error and is read as code for credentials: quoted values, not HCL expressions", async () => {
    const text = `if ("Zx81-Spectrum-48k" == passwd) {\npassword = m{{h}o)p${"$"}{e]nob(ody[finds>-_$#thisone}}\n`;
    const loaded = await loadDocumentFile(new SourceFile("snippet.tf", text), "hcl");
    expect(loaded.error?.message).toBe("Terraform syntax error: unexpected name");
    const literals = loaded.documents?.[0]?.source?.literals ?? [];
    expect(literals.map((l) => [l.name, l.binding, l.node.value, l.node.start, l.node.end])).toEqual([
      ["passwd", "assignment", "Zx81-Spectrum-48k", 4, 23],
    ]);
    expect(loaded.documents?.[0]?.source?.language).toBe("code");
  });

  it("a file that parses gives no text document", async () => {
    const loaded = await loadDocumentFile(
      new SourceFile("main.tf", `locals {\n  password = "Zx81-Spectrum-48k"\n}\n`),
      "hcl",
    );
    expect(loaded.error).toBeUndefined();
    expect(loaded.documents).toBeUndefined();
  });
});

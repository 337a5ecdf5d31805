import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grammarDirectories, grammarFile, grammarInput, treeSitterParser } from "./tree-sitter.js";

describe("where grammars are found", () => {
  it("looks in dist/grammars beside the compiled module, a bundled CLI, and the checkout's dist from src", () => {
    expect(grammarDirectories("file:///pkg/dist/parsers/tree-sitter.js")).toEqual([
      "/pkg/dist/grammars/",
      "/pkg/grammars/",
      "/pkg/dist/parsers/grammars/",
    ]);
    expect(grammarDirectories("file:///pkg/dist/cli/main.js")[0]).toBe("/pkg/dist/grammars/");
    // A chunk of the bundled CLI (scripts/bundle.mjs).
    expect(grammarDirectories("file:///pkg/dist/cli/chunks/chunk-ABC.js")[1]).toBe("/pkg/dist/grammars/");
    expect(grammarDirectories("file:///repo/src/parsers/tree-sitter.ts")[3]).toBe("/repo/dist/grammars/");
  });

  it("prefers a copied grammar over the installed package, and falls back to the package", () => {
    const dir = mkdtempSync(join(tmpdir(), "sw-grammars-"));
    writeFileSync(join(dir, "tree-sitter-ruby.wasm"), "copy");
    expect(grammarFile("tree-sitter-ruby/tree-sitter-ruby.wasm", [join(dir, "missing"), dir])).toBe(
      join(dir, "tree-sitter-ruby.wasm"),
    );
    expect(grammarFile("tree-sitter-php/tree-sitter-php.wasm", [dir])).toMatch(
      /node_modules\/tree-sitter-php\/tree-sitter-php\.wasm$/,
    );
    expect(grammarFile("tree-sitter-cobol/tree-sitter-cobol.wasm", [dir])).toBeUndefined();
  });

  it("prefers the gzipped copy the build writes, and gives Language.load the bytes of either", () => {
    const dir = mkdtempSync(join(tmpdir(), "sw-grammars-"));
    const wasm = readFileSync(createRequire(import.meta.url).resolve("tree-sitter-go/tree-sitter-go.wasm"));
    writeFileSync(join(dir, "tree-sitter-go.wasm"), "plain copy");
    writeFileSync(join(dir, "tree-sitter-go.wasm.gz"), gzipSync(wasm));
    const file = grammarFile("tree-sitter-go/tree-sitter-go.wasm", [dir]);
    expect(file).toBe(join(dir, "tree-sitter-go.wasm.gz"));
    expect(Buffer.from(grammarInput(file as string)).equals(wasm)).toBe(true);
    expect(Buffer.from(grammarInput(join(dir, "tree-sitter-go.wasm"))).toString()).toBe("plain copy");
  });

  it.each([
    ["tree-sitter-ruby/tree-sitter-ruby.wasm", `password = "x"\n`, "program"],
    ["tree-sitter-c-sharp/tree-sitter-c_sharp.wasm", `class A { string p = "x"; }\n`, "compilation_unit"],
    ["tree-sitter-php/tree-sitter-php.wasm", `<?php $p = "x";\n`, "program"],
  ])("web-tree-sitter loads %s (its ABI) and parses without errors", async (grammar, text, root) => {
    const tree = (await treeSitterParser(grammar)).parse(text);
    expect(tree?.rootNode.type).toBe(root);
    expect(tree?.rootNode.hasError).toBe(false);
    tree?.delete();
  });
});

import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { cacheable, cacheDirectory } from "./compile-cache.js";

const temporary = mkdtempSync(join(tmpdir(), "secretwarden-compile-cache-test-"));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));
let count = 0;
const base = () => join(temporary, `base-${count++}`);
const perNode = `${process.versions.v8}-${process.arch}-`;
/** The folder `cacheDirectory` gives under `base`, by its name's start. */
const under = (base: string, directory: string | undefined) => {
  expect(directory?.startsWith(join(base, perNode))).toBe(true);
  return directory as string;
};
const isRoot = process.getuid?.() === 0;

describe("cacheDirectory", () => {
  it("is a folder per V8 version, architecture and V8 options in SECRETWARDEN_COMPILE_CACHE, created private", () => {
    const dir = base();
    const directory = under(dir, cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: dir }));
    expect(lstatSync(directory).mode & 0o777).toBe(0o700);
    expect(cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: dir })).toBe(directory);
    // Other options, other code: a folder of their own, not a cache each run rewrites.
    const other = under(
      dir,
      cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: dir, NODE_OPTIONS: "--max-semi-space-size=64" }),
    );
    expect(other).not.toBe(directory);
  });

  it("resolves a relative SECRETWARDEN_COMPILE_CACHE from the current folder", () => {
    const relativePath = relative(process.cwd(), join(temporary, "relative"));
    expect(isAbsolute(relativePath)).toBe(false);
    under(join(temporary, "relative"), cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: relativePath }));
  });

  it("is off when SECRETWARDEN_DISABLE_COMPILE_CACHE or Node's NODE_DISABLE_COMPILE_CACHE is set, and creates nothing", () => {
    const dir = base();
    expect(
      cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: dir, SECRETWARDEN_DISABLE_COMPILE_CACHE: "1" }),
    ).toBeUndefined();
    expect(cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: dir, NODE_DISABLE_COMPILE_CACHE: "1" })).toBeUndefined();
    expect(() => lstatSync(dir)).toThrow();
  });

  it("is off when the folder can be written by others, is a symbolic link or is not a folder", () => {
    const open = base();
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: open })).toBeUndefined();

    const target = base();
    mkdirSync(target, { mode: 0o700 });
    const link = base();
    symlinkSync(target, link);
    expect(cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: link })).toBeUndefined();

    const file = base();
    writeFileSync(file, "");
    expect(cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: file })).toBeUndefined();
  });

  it.skipIf(!isRoot)("is off when the folder belongs to another user (run as root, which can give it away)", () => {
    const other = base();
    mkdirSync(other, { mode: 0o700 });
    chownSync(other, 4321, 4321);
    expect(cacheDirectory({ SECRETWARDEN_COMPILE_CACHE: other })).toBeUndefined();
  });
});

describe("cacheable", () => {
  it("leaves a file that may import dynamically to Node, except TypeScript's compiler", () => {
    expect(cacheable('module.exports = require("./a.cjs");', "/pkg/dist/cli/chunks/a.cjs")).toBe(true);
    expect(cacheable('const fs = await import("fs/promises");', "/pkg/node_modules/web-tree-sitter/x.cjs")).toBe(false);
    expect(cacheable('parts.push({ text: "import(" });', "/app/node_modules/typescript/lib/typescript.js")).toBe(true);
  });

  it("TypeScript's compiler calls no import(): every `import(` in it is in a string or a comment", () => {
    const path = join(import.meta.dirname, "../../node_modules/typescript/lib/typescript.js");
    const text = readFileSync(path, "utf8");
    expect(text).toContain("import(");
    const calls: number[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) calls.push(node.pos);
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile("typescript.js", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
    expect(calls).toEqual([]);
  }, 60_000);
});

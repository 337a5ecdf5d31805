/**
 * Every test asserts, and none returns early without asserting: a test that passes when its precondition is missing is
 * a failing test in disguise (vitest's `expect-expect`, which Biome does not have). A test that cannot run here says
 * so with `it.skipIf(...)` and a reason in its name.
 */
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parse, simpleTraverse, type TSESTree } from "@typescript-eslint/typescript-estree";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const TEST_FILES = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "*.test.ts"], {
  cwd: ROOT,
  encoding: "utf8",
})
  .split("\n")
  .filter((file) => file !== "" && !file.includes("/fixtures/"));

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;
const isFunction = (node: TSESTree.Node): node is FunctionNode =>
  node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression" || node.type === "FunctionDeclaration";

type Callback = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;
const isCallback = (node: TSESTree.CallExpressionArgument): node is Callback =>
  node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression";

/** `it`, `test`, `it.each(...)`, `it.skipIf(...)`, `it.concurrent`...: the name the call chain starts from. */
function baseName(callee: TSESTree.Node): string | undefined {
  let node = callee;
  while (node.type === "MemberExpression" || node.type === "CallExpression")
    node = node.type === "MemberExpression" ? node.object : node.callee;
  return node.type === "Identifier" ? node.name : undefined;
}

/** A bare `return;` in the function's own body (not in a function nested in it). */
function bareReturns(fn: FunctionNode): TSESTree.ReturnStatement[] {
  const found: TSESTree.ReturnStatement[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node !== fn && isFunction(node)) return;
    if (node.type === "ReturnStatement" && node.argument === null) found.push(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === "parent") continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item.type === "string") visit(item);
      } else if (value && typeof value === "object" && typeof (value as TSESTree.Node).type === "string") {
        visit(value as TSESTree.Node);
      }
    }
  };
  visit(fn.body);
  return found;
}

interface Problem {
  where: string;
  what: string;
}

function problemsOf(file: string): Problem[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const ast = parse(text, { loc: true, range: true, jsx: false });
  // Helpers of the file that assert (`const check = (...) => { expect(...) }`): a test calling one asserts.
  const asserting = new Set<string>();
  simpleTraverse(ast, {
    enter(node) {
      const named =
        node.type === "FunctionDeclaration" && node.id
          ? { name: node.id.name, body: node }
          : node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.init && isFunction(node.init)
            ? { name: node.id.name, body: node.init }
            : undefined;
      if (named && /\b(expect|assert)\w*\s*[(.]/.test(text.slice(named.body.range[0], named.body.range[1])))
        asserting.add(named.name);
    },
  });
  const problems: Problem[] = [];
  simpleTraverse(ast, {
    enter(node) {
      if (node.type !== "CallExpression" || !["it", "test"].includes(baseName(node.callee) ?? "")) return;
      const fn = node.arguments.find(isCallback);
      if (!fn) return;
      const where = `${file}:${node.loc.start.line}`;
      const body = text.slice(fn.body.range[0], fn.body.range[1]);
      const calls = [...body.matchAll(/\b([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1] as string);
      if (!/\b(expect|assert)\w*\s*[(.]/.test(body) && !calls.some((name) => asserting.has(name))) {
        problems.push({ where, what: "no expect or assertion" });
      }
      for (const early of bareReturns(fn))
        problems.push({ where: `${file}:${early.loc.start.line}`, what: "returns early: use it.skipIf with a reason" });
    },
  });
  return problems;
}

describe("tests assert", () => {
  it("finds the test files", () => {
    expect(TEST_FILES.length).toBeGreaterThan(50);
  });

  it("every it()/test() asserts, and none returns early without asserting", () => {
    expect(TEST_FILES.flatMap(problemsOf)).toEqual([]);
  });

  it("this check catches both faults", () => {
    // Its own fixtures, parsed as a test file would be.
    const probe = (source: string): string[] => {
      const ast = parse(source, { loc: true, range: true });
      const found: string[] = [];
      simpleTraverse(ast, {
        enter(node) {
          if (node.type === "CallExpression" && baseName(node.callee) === "it") {
            const fn = node.arguments.find(isCallback);
            if (fn) for (const early of bareReturns(fn)) found.push(`return@${early.loc.start.line}`);
          }
        },
      });
      return found;
    };
    expect(probe('it("x", () => {\n  if (!ok) return;\n  expect(1).toBe(1);\n});')).toEqual(["return@2"]);
    expect(probe('it("x", () => {\n  [1].forEach(() => { return; });\n  expect(1).toBe(1);\n});')).toEqual([]);
  });
});

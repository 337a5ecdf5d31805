/**
 * No regular expression of the knowledge modules or the parsers can backtrack catastrophically: every regex literal
 * and `new RegExp("...")` in `src/knowledge/*.ts` and `src/parsers/**` is found with the TypeScript parser and run
 * against adversarial inputs built from its own characters (long runs of each atom, then a character that makes
 * the match fail at the end), under a time bound. The exported text functions get the same treatment.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { wildcardMatcher } from "../../src/knowledge/iam-catalogue.js";
import { actionMatches } from "../../src/knowledge/principals.js";
import { describe, expect, it } from "vitest";
import { findCredentials, identifyCredential, isAwsSecretKeyName } from "../../src/knowledge/credential-patterns.js";
import { dynamicReferences, isSecretStoreReference } from "../../src/knowledge/dynamic-references.js";
import { isPlaceholder, isMarkedFixture } from "../../src/knowledge/placeholders.js";
import { isSecretLikeName, namesSecretAttribute, words } from "../../src/knowledge/secret-names.js";
import { parseSchedule } from "../../src/knowledge/schedule.js";
import { arnParts, isAccountId, parseAwsPrincipal } from "../../src/knowledge/principals.js";
import { mask } from "../../src/knowledge/mask.js";
import { loadOne } from "./support.js";
import { cpuNow } from "../../src/test-support/cpu-now.js";

const ROOT = join(import.meta.dirname, "../..");
/** Long enough that quadratic backtracking shows (2.5e9 steps), short enough that a linear scan is instant. */
const LENGTH = 50_000;
const BOUND_MS = 250;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

interface Found {
  where: string;
  regex: RegExp;
}

function regexesIn(file: string): Found[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Found[] = [];
  const visit = (node: ts.Node): void => {
    let regex: RegExp | undefined;
    if (ts.isRegularExpressionLiteral(node)) {
      const literal = node.text;
      const slash = literal.lastIndexOf("/");
      regex = new RegExp(literal.slice(1, slash), literal.slice(slash + 1));
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp") {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern && ts.isStringLiteralLike(pattern))
        regex = new RegExp(pattern.text, flags && ts.isStringLiteralLike(flags) ? flags.text : "");
    }
    if (regex) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push({ where: `${relative(ROOT, file)}:${line + 1} ${regex}`, regex });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Pieces an attacker would pump: the regex's own literal characters and classes, plus the usual suspects. */
function atoms(regex: RegExp): string[] {
  const set = new Set<string>([
    "a",
    "A",
    "0",
    " ",
    "\t",
    "=",
    ":",
    "-",
    "_",
    ".",
    "/",
    "+",
    "\\",
    '"',
    "'",
    "{",
    "}",
    "$",
    "a1",
    "a ",
    "=a",
    "\n",
    "\r\n",
    "*",
    "?",
  ]);
  const body = regex.source.replace(/\\[dDwWsSbB]/g, " ");
  for (const ch of body.replace(/[\\^$()[\]|?*+{}]/g, "")) set.add(ch);
  for (const [, word] of body.matchAll(/([A-Za-z_-]{3,})/g)) set.add(word as string);
  return [...set];
}

function adversarial(regex: RegExp): string[] {
  const inputs: string[] = [];
  const words = [...regex.source.matchAll(/([A-Za-z_-]{3,})/g)].map((m) => m[1] as string).slice(0, 6);
  for (const atom of atoms(regex)) {
    const run = atom.repeat(Math.ceil(LENGTH / atom.length)).slice(0, LENGTH);
    inputs.push(`${run}\u0000`, `${run}!`);
    for (const word of words) inputs.push(`${word}${run}\u0000`, `${word} = ${run}\u0000`);
  }
  return inputs;
}

const ALL = [...sources(join(ROOT, "src/knowledge")), ...sources(join(ROOT, "src/parsers"))].flatMap(regexesIn);

describe("regular expressions cannot backtrack catastrophically", () => {
  it("finds the patterns to test", () => {
    expect(ALL.length).toBeGreaterThan(40);
  });

  const check = (regex: RegExp): void => {
    for (const input of adversarial(regex)) {
      const probe = new RegExp(regex.source, regex.flags.replace("y", ""));
      const start = cpuNow();
      if (probe.global) for (const _match of input.matchAll(probe)) void _match;
      else probe.exec(input);
      const ms = cpuNow() - start;
      expect(ms, `${JSON.stringify(input.slice(0, 40))}... took ${ms.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
    }
  };
  const known = (where: string) => KNOWN_SLOW.find((prefix) => where.replace(/:\d+ /, " ").startsWith(prefix));
  it.each(ALL.filter((f) => !known(f.where)).map((f) => [f.where, f] as const))("%s", (_, { regex }) => check(regex));
  // Quadratic on a long run of one character (every start position rescans the run). These files belong to other
  // work in progress (src/knowledge, src/parsers/source): skipped here, listed in BENCHMARKS.md; take an entry off the
  // list once its pattern is fixed.
  it.skip.each(ALL.filter((f) => known(f.where)).map((f) => [f.where, f] as const))("known slow: %s", (_, { regex }) =>
    check(regex),
  );
});

/** `file regex` (no line number: the files move). */
const KNOWN_SLOW: string[] = [];

describe("regression: quadratic regular expressions fixed in the parsers", () => {
  it("hcl.ts compact() is linear on an expression with a long run of spaces (was /\\s*\\n\\s*/g)", async () => {
    const text = `locals {\n  y = var.c${" ".repeat(LENGTH)}\n  z = var.a${" ".repeat(LENGTH)}? 1 : 2\n}\n`;
    const start = cpuNow();
    const loaded = await loadOne("main.tf", text);
    expect(cpuNow() - start).toBeLessThan(1_000);
    expect(loaded?.error).toBeUndefined();
  });
});

describe("text functions of the knowledge modules stay linear on hostile strings", () => {
  const inputs = [
    "A".repeat(LENGTH),
    "AKIA".repeat(LENGTH / 4),
    "password=".repeat(LENGTH / 9),
    `password = "${"a".repeat(LENGTH)}`,
    `-----BEGIN RSA PRIVATE KEY-----${"A".repeat(LENGTH)}`,
    `{{resolve:secretsmanager:${":".repeat(LENGTH)}`,
    "${".repeat(LENGTH / 2),
    `https://user:${"a".repeat(LENGTH)}@`,
    `postgres://${"a:".repeat(LENGTH / 2)}`,
    `eyJ${"a".repeat(LENGTH)}.`,
    `${"ab_".repeat(LENGTH / 3)}!`,
    `${"a".repeat(LENGTH)}\u0000`,
    "x-".repeat(LENGTH / 2),
    `cron(${" *".repeat(LENGTH / 2)}`,
    `rate(${"1".repeat(LENGTH)}`,
    `arn:${"a:".repeat(LENGTH / 2)}`,
    `${"*?".repeat(LENGTH / 2)}`,
  ];
  const functions: [string, (s: string) => unknown][] = [
    ["findCredentials", (s) => findCredentials(s)],
    ["findCredentials with a keyword", (s) => findCredentials(s, { name: "aws_secret_access_key" })],
    ["identifyCredential", (s) => identifyCredential(s, { name: "password" })],
    ["isAwsSecretKeyName", isAwsSecretKeyName],
    ["dynamicReferences", dynamicReferences],
    ["isSecretStoreReference", isSecretStoreReference],
    ["isPlaceholder", isPlaceholder],
    ["isMarkedFixture", isMarkedFixture],
    ["isSecretLikeName", isSecretLikeName],
    ["namesSecretAttribute", namesSecretAttribute],
    ["words", words],
    ["parseSchedule", parseSchedule],
    ["arnParts", arnParts],
    ["isAccountId", isAccountId],
    ["parseAwsPrincipal", parseAwsPrincipal],
    ["mask", mask],
    ["wildcardMatcher", (input: string) => wildcardMatcher(input).test(input.slice(1))],
  ];
  // `words` (secret-names.ts) was quadratic on a long run of capitals (`/([A-Z]+)([A-Z][a-z])/g`), and so was
  // everything built on it, `isAwsSecretKeyName` included; it is a single pass now.
  it.each(functions)("%s", (_, fn) => {
    for (const input of inputs) {
      const start = cpuNow();
      fn(input);
      const ms = cpuNow() - start;
      expect(ms, `${JSON.stringify(input.slice(0, 30))}... took ${ms.toFixed(0)} ms`).toBeLessThan(1_000);
    }
  });
});

describe("exponential and quadratic cases found earlier, now linear", () => {
  // iam-catalogue.ts wildcardMatcher and principals.ts actionMatches used to turn an IAM action pattern into
  // /^.*.*...$/ (150 s on this input); they now use the linear glob matcher of src/knowledge/wildcard.ts.
  it("an IAM action pattern with many wildcards matches in linear time", () => {
    const pattern = `${"*?".repeat(100)}${"*e".repeat(16)}X`;
    const start = cpuNow();
    expect(wildcardMatcher(pattern).test("DescribeSecretsVersionsEverywhereEveryEvent")).toBe(false);
    expect(
      actionMatches(`secretsmanager:${pattern}`, "secretsmanager:DescribeSecretsVersionsEverywhereEveryEvent"),
    ).toBe(false);
    expect(cpuNow() - start).toBeLessThan(1_000);
  });

  // Whitespace where an expression may start was quadratic inside tree-sitter itself (50,000 spaces: 70 s): the
  // grammar's scanner skips the whole run on every character. hcl.ts hides long runs as comments of the same length.
  it.each([
    ["between the arguments of a call", `locals {\n  x = concat(var.a,${" ".repeat(LENGTH)}var.b)\n}\n`],
    ["after =", `locals {\n  x =${" ".repeat(LENGTH)}var.b\n}\n`],
    ["newlines in a tuple", `locals {\n  x = [var.a,${"\n".repeat(LENGTH)}var.b]\n}\n`],
    ["tabs inside an interpolation", `locals {\n  x = "\${concat(var.a,${"\t".repeat(LENGTH)}var.b)}"\n}\n`],
  ])("a .tf expression with a long run of whitespace %s parses in linear time", async (_, text) => {
    const start = cpuNow();
    const loaded = await loadOne("main.tf", text);
    expect(cpuNow() - start).toBeLessThan(1_000);
    expect(loaded?.error).toBeUndefined();
  });
});

/**
 * Honest exits and output (issue 16, section 5): a run that read nothing says so with exit 2, in the scan, `access` and
 * `inventory` alike; "N files scanned" counts files that were parsed; the text report never prints a raw control
 * character from a file name; numeric configuration is range-checked when it loads.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Log } from "sarif";
import { cli, json } from "../e2e/cli.js";
import { CFN_HEADER, GOOD_TEMPLATE, canUnshare, tree } from "./support.js";
import { formatText } from "../../src/reporters/text.js";
import { describeErrors, reportValidator } from "../../src/test-support/schemas.js";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const BROKEN = `${CFN_HEADER}  X: [\n`;
const BROKEN_ERROR =
  "a.yaml:4:1: YAML syntax error: bad indentation; structural rules skipped, text searched for credentials";

/**
 * A directory nobody can list. Tests run as root here, where permission bits are not enforced: inside `unshare -r` a
 * directory owned by an unmapped user is out of reach even for the namespace's root (as in hostile.test.ts).
 */
function lockedDirectory(): { dir: string; run: (args: string[]) => ReturnType<typeof spawnSync> } | undefined {
  const dir = tree({ "closed/t.yaml": GOOD_TEMPLATE });
  chmodSync(join(dir, "closed"), 0o000);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    if (!canUnshare()) return undefined;
    chownSync(join(dir, "closed"), 65534, 65534);
  }
  const probe = isRoot
    ? spawnSync("unshare", ["-r", "ls", join(dir, "closed")])
    : spawnSync("ls", [join(dir, "closed")]);
  if (probe.status === 0) return undefined;
  const run = (args: string[]) =>
    isRoot
      ? spawnSync("unshare", ["-r", process.execPath, CLI, ...args], { cwd: dir, encoding: "utf8" })
      : spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8" });
  return { dir, run };
}

const locked = lockedDirectory();
if (!locked)
  console.warn(
    "SKIPPED: directory permissions cannot be enforced here (root without unshare); the unreadable-directory case is untested",
  );

describe("an unreadable directory named on the command line", () => {
  it.skipIf(!locked)("is a skip entry `unreadable` and counts toward nothing could be scanned (exit 2)", () => {
    const { run } = locked as NonNullable<typeof locked>;
    const text = run(["closed"]);
    expect([text.status, text.stderr, text.stdout]).toEqual([
      2,
      "secretwarden: nothing could be scanned: every file failed (1 unreadable); see the report\n",
      "skipped  closed  skipped: cannot list directory: EACCES\n\nNo findings in 0 files scanned; 1 file skipped.\n",
    ]);
    const report = JSON.parse(run(["--format", "json", "closed"]).stdout as string) as ReturnType<typeof json>;
    expect(report.skipped).toEqual([
      { file: "closed", reason: "unreadable", message: "skipped: cannot list directory: EACCES" },
    ]);
    expect(report.summary).toEqual({
      filesScanned: 0,
      filesFailed: 0,
      filesSkipped: 1,
      errors: 0,
      findings: { error: 0, warning: 0, note: 0 },
    });
  });
});

describe("access and inventory over files that all failed to parse", () => {
  it("follow the scan's rule: the report, then exit 2 and nothing could be scanned", () => {
    const dir = tree({ "a.yaml": BROKEN });
    const failure =
      "secretwarden: nothing could be scanned: every file failed (1 with an error entry); see the report\n";
    expect(cli(["access", "."], { cwd: dir })).toEqual({
      status: 2,
      stderr: failure,
      stdout: [
        "Who can read each secret (secretsmanager:GetSecretValue):",
        "",
        "No secrets in 0 files scanned (1 file could not be parsed).",
        "",
        "Files that could not be read:",
        `  ${BROKEN_ERROR}`,
        "",
      ].join("\n"),
    });
    const inventory = cli(["inventory", "."], { cwd: dir });
    expect([inventory.status, inventory.stderr]).toEqual([2, failure]);
    expect(inventory.stdout).toContain(
      `No secrets in 0 files scanned (1 file could not be parsed).\n\nFiles that could not be read:\n  ${BROKEN_ERROR}\n`,
    );
    const inventoryJson = cli(["inventory", "--format", "json", "."], { cwd: dir });
    expect(inventoryJson.status).toBe(2);
    expect(JSON.parse(inventoryJson.stdout).summary).toEqual({
      filesScanned: 0,
      filesFailed: 1,
      secrets: 0,
      replicas: 0,
      billedSecrets: 0,
      monthlyCost: 0,
    });
  });

  it("one parsed file is enough for exit 0", () => {
    const dir = tree({ "a.yaml": BROKEN, "b.yaml": GOOD_TEMPLATE });
    const run = cli(["access", "--format", "json", "."], { cwd: dir });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout).summary).toEqual({
      filesScanned: 1,
      filesFailed: 1,
      secrets: 1,
      readable: 0,
      entries: 0,
    });
  });
});

describe("files scanned means files parsed, in every format", () => {
  const dir = tree({
    "a.yaml": BROKEN,
    "b.yaml": GOOD_TEMPLATE,
    "c.json": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {',
  });

  it("JSON: filesScanned 1, filesFailed 2, and the report still matches its schema", () => {
    const report = json(cli(["--format", "json", "."], { cwd: dir }));
    expect(report.summary).toEqual({
      filesScanned: 1,
      filesFailed: 2,
      filesSkipped: 0,
      errors: 2,
      findings: { error: 1, warning: 3, note: 1 },
    });
    const valid = reportValidator(report);
    expect(describeErrors(reportValidator.errors)).toBe("");
    expect(valid).toBe(true);
  });

  it("text: 1 file scanned; 2 files could not be parsed", () => {
    const run = cli(["."], { cwd: dir });
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe(
      "5 findings (1 error, 3 warnings, 1 note) in 1 file scanned; 2 files could not be parsed",
    );
  });

  it("SARIF: the invocation's properties carry the same counts", () => {
    const log = JSON.parse(cli(["--format", "sarif", "."], { cwd: dir }).stdout) as Log;
    expect(log.runs[0]?.invocations?.[0]?.properties).toEqual({ filesScanned: 1, filesFailed: 2, filesSkipped: 0 });
  });
});

describe("the text report escapes control characters from file names", () => {
  it("ESC, newline, carriage return, DEL, C1 and line separators are written as escapes", () => {
    const name = "infra/\u001b[2Jevil\nname\r\u007f\u009b\u2028.yaml";
    const text = formatText(
      {
        tool: { name: "secretwarden", version: "0.1.0" },
        findings: [
          {
            ruleId: "hardcoded-credential",
            severity: "error",
            message: "A password is written in the file.",
            file: name,
            line: 2,
            column: 5,
            endLine: 2,
            endColumn: 9,
            fingerprint: "f",
          },
        ],
        errors: [{ file: `${name}x`, line: 1, column: 1, message: "key \u001b]0;owned\u0007 is odd" }],
        skipped: [{ file: "bin\u001b[31m.yaml", reason: "binary", message: "skipped: binary file" }],
        filesScanned: 1,
        rules: [],
      },
      { color: false },
    );
    expect(text).toBe(
      [
        "infra/\\u001b[2Jevil\\nname\\r\\u007f\\u009b\\u2028.yaml",
        "  2:5    error    A password is written in the file.  hardcoded-credential",
        "",
        "infra/\\u001b[2Jevil\\nname\\r\\u007f\\u009b\\u2028.yamlx",
        "  1:1    error    key \\u001b]0;owned\\u0007 is odd  (parse error)",
        "",
        "skipped  bin\\u001b[31m.yaml  skipped: binary file",
        "",
        "Rule documentation:",
        "  hardcoded-credential  https://github.com/secretwarden/secretwarden/blob/main/src/rules/hardcoded-credential/README.md",
        "",
        "1 finding (1 error, 0 warnings, 0 notes) in 1 file scanned; 1 file could not be parsed; 1 file skipped",
        "",
      ].join("\n"),
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028]/);
  });

  it("through the CLI, a file whose name holds ESC and a newline is one escaped line", () => {
    const dir = tree({ "a\u001b[31m\nb.env": 'DB_PASSWORD="Zq8vRt2mXk9pLw4s"\n' });
    const run = cli(["."], { cwd: dir });
    expect(run.stdout.split("\n")[0]).toBe("a\\u001b[31m\\nb.env");
    expect(run.stdout).not.toContain("\u001b");
  });
});

describe("numeric configuration is range-checked when it loads", () => {
  it.each([
    ['{ "pricing": { "perSecretMonth": 1e308 } }', "/pricing/perSecretMonth: must be <= 1000 (line 1, column 16)"],
    ['{ "pricing": { "perSecretMonth": -1 } }', "/pricing/perSecretMonth: must be >= 0 (line 1, column 16)"],
    ['{ "maxFileSize": 1e308 }', "/maxFileSize: must be <= 1073741824 (line 1, column 3)"],
  ])("%s is an error, not $Infinity", (config, problem) => {
    const dir = tree({ "secretwarden.config.json": config, "t.yaml": GOOD_TEMPLATE });
    const run = cli(["inventory", "."], { cwd: dir });
    expect([run.status, run.stdout, run.stderr]).toEqual([
      2,
      "",
      `secretwarden: config file ${join(dir, "secretwarden.config.json")} is invalid:\n  ${problem}\n`,
    ]);
  });

  it("a price of 1000 per secret per month is accepted and printed as a number", () => {
    const dir = tree({
      "secretwarden.config.json": '{ "pricing": { "perSecretMonth": 1000 } }',
      "t.yaml": GOOD_TEMPLATE,
    });
    const run = cli(["inventory", "."], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Total: 1 secret and 0 replicas: 1 billed secret, $1000.00 per month.");
  });
});

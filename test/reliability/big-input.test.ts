/**
 * Big but legal input (issue 16, section 4): nothing crashes on sizes a real repository can reach. Each case was a
 * crash before: a spread of a file-sized array into a call (`Math.max(...rows)`), a recursion as deep as a policy
 * action is long, a report too long for one string, a table keyed by input text that found Object.prototype.
 */
import { describe, expect, it } from "vitest";
import { cli } from "../e2e/cli.js";
import { tree } from "./support.js";
import { matchAction, matchPattern, subjectOf } from "../../src/access/match.js";
import type { AccessJson } from "../../src/access/format.js";
import type { InventoryJson } from "../../src/inventory/format.js";
import { parseSchedule } from "../../src/knowledge/schedule.js";
import { formatText, MAX_LISTED_SKIPS } from "../../src/reporters/text.js";
import type { ScanResult, SkippedFile } from "../../src/engine/types.js";
import { scan } from "../../src/scan/scan.js";
import { cpuNow } from "../../src/test-support/cpu-now.js";

/** A JSON template with `secrets` secrets and `roles` roles, each role allowed `action` on every resource. */
function matrix(secrets: number, roles: number, action = "secretsmanager:GetSecretValue"): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < secrets; i++)
    resources[`S${i}`] = { Type: "AWS::SecretsManager::Secret", Properties: { Name: `app/s${i}` } };
  for (let i = 0; i < roles; i++) {
    resources[`R${i}`] = {
      Type: "AWS::IAM::Role",
      Properties: {
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
        Policies: [
          {
            PolicyName: "p",
            PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] },
          },
        ],
      },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", Resources: resources }, null, 1);
}

describe("access and inventory on big projects", () => {
  it("access (text) with 370 secrets and 370 roles: no RangeError; secrets read by more than 50 principals list them by group", () => {
    const dir = tree({ "t.json": matrix(370, 370) });
    const run = cli(["access", "."], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "Who can read each secret (secretsmanager:GetSecretValue):",
      "",
      "t.json",
      "  SECRET  PRINCIPAL                                            FROM    VIA  READ  DECRYPT",
      "  S0      370 roles (role R0, role R1, role R10 and 367 more)  t.json  -    yes   yes (AWS-managed key, same account)",
    ]);
    expect(lines.slice(-6)).toEqual([
      "",
      "Notes:",
      "  370 secrets are readable by more than 50 principals: their readers are counted by kind, origin, read and decrypt answers (accessGroups), not listed one by one.",
      "",
      "370 secrets in 1 file scanned; 370 can be read by a principal of the project or one its resource policies name (136900 entries).",
      "",
    ]);
    expect(lines).toHaveLength(380);
  }, 180_000);

  it("access and inventory --format json: the matrix is bounded (accessGroups, readerGroups), the totals still count everyone", () => {
    const dir = tree({ "t.json": matrix(3, 60) });
    const access = cli(["access", "--format", "json", "."], { cwd: dir });
    expect(access.status, access.stderr).toBe(0);
    const report = JSON.parse(access.stdout) as AccessJson;
    expect(report.secrets.map((s) => [s.secret, s.access.length, s.accessGroups])).toEqual(
      ["S0", "S1", "S2"].map((secret) => [
        secret,
        0,
        [
          {
            kind: "role",
            from: "t.json",
            read: "yes",
            decrypt: "yes",
            principals: 60,
            examples: ["role R0", "role R1", "role R10"],
          },
        ],
      ]),
    );
    expect(report.summary).toEqual({ filesScanned: 1, filesFailed: 0, secrets: 3, readable: 3, entries: 180 });
    expect(report.notes).toEqual([
      "3 secrets are readable by more than 50 principals: their readers are counted by kind, origin, read and decrypt answers (accessGroups), not listed one by one.",
    ]);
    const inventory = cli(["inventory", "--format", "json", "."], { cwd: dir });
    expect(inventory.status, inventory.stderr).toBe(0);
    const entries = (JSON.parse(inventory.stdout) as InventoryJson).secrets;
    expect(entries.map((e) => [e.secret, e.readers, e.readerGroups])).toEqual(
      ["S0", "S1", "S2"].map((secret) => [
        secret,
        [],
        [
          {
            kind: "role",
            from: "t.json",
            read: "yes",
            decrypt: "yes",
            principals: 60,
            examples: ["role R0", "role R1", "role R10"],
          },
        ],
      ]),
    );
    const text = cli(["inventory", "."], { cwd: dir });
    expect(text.stdout).toContain("  app/s0     4  AWS-managed  none      -         none      60    $0.40\n");
  }, 120_000);

  it("at 50 readers a secret still lists each one", () => {
    const dir = tree({ "t.json": matrix(1, 50) });
    const report = JSON.parse(cli(["access", "--format", "json", "."], { cwd: dir }).stdout) as AccessJson;
    expect(report.secrets[0]?.access).toHaveLength(50);
    expect(report.secrets[0]?.accessGroups).toBeUndefined();
    expect(report.notes).toEqual([]);
  }, 60_000);
});

describe("a policy action of 4,000 wildcards", () => {
  const action = `*:${"*".repeat(4000)}a`;

  it("access and inventory finish, exit 0, and the action matches nothing that does not end in a", () => {
    const dir = tree({ "t.json": matrix(1, 1, action) });
    const access = cli(["access", "."], { cwd: dir });
    expect(access).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "Who can read each secret (secretsmanager:GetSecretValue):",
        "",
        "t.json",
        "  SECRET  PRINCIPAL                      FROM  VIA  READ  DECRYPT",
        "  S0      (no principal of the project)  -     -    -     -",
        "",
        "1 secret in 1 file scanned; 0 can be read by a principal of the project or one its resource policies name (0 entries).",
        "",
      ].join("\n"),
    });
    const inventory = cli(["inventory", "."], { cwd: dir });
    expect(inventory.status, inventory.stderr).toBe(0);
    expect(inventory.stdout).toContain("  app/s0     4  AWS-managed  none      -         none       0    $0.40\n");
  }, 60_000);

  it("the matcher is iterative: long runs of * and ? in actions and resources, and with placeholders, answer at once", () => {
    const start = cpuNow();
    expect(matchAction(action, "secretsmanager:GetSecretValue")).toBe("no");
    expect(matchAction(`*:${"*".repeat(4000)}e`, "secretsmanager:GetSecretValue")).toBe("yes");
    expect(matchAction(`secretsmanager:${"*?".repeat(5000)}`, "secretsmanager:GetSecretValue")).toBe("no");
    expect(matchAction(`secretsmanager:${"*?".repeat(6)}`, "secretsmanager:GetSecretValue")).toBe("yes");
    // With a placeholder the table walk runs (no recursion either).
    expect(matchAction(`\${Service}:${"*".repeat(20_000)}Value`, "secretsmanager:GetSecretValue")).toBe("unknown");
    const subject = subjectOf("prod/${Stage}/db-abcdef");
    expect(
      matchPattern(`prod/x${"*".repeat(20_000)}`, subject, { wildcards: true, ignoreCase: false, ownAccounts: [] }),
    ).toBe("unknown");
    expect(
      matchPattern(`dev/${"*".repeat(20_000)}`, subject, { wildcards: true, ignoreCase: false, ownAccounts: [] }),
    ).toBe("no");
    expect(cpuNow() - start).toBeLessThan(5_000);
  });
});

describe("the text report with 140,000 skipped files", () => {
  it("counts skips by reason past the limit, and the real finding is still printed", () => {
    const skipped: SkippedFile[] = Array.from({ length: 140_000 }, (_, i) => ({
      file: `assets/b${String(i).padStart(6, "0")}.yaml`,
      reason: "binary",
      message: "skipped: binary file",
    }));
    skipped.push({
      file: "dump.json",
      reason: "too-large",
      message: "skipped: 9000000 bytes, above the limit of 8388608 bytes (maxFileSize)",
    });
    const result: ScanResult = {
      tool: { name: "secretwarden", version: "0.1.0" },
      findings: [
        {
          ruleId: "hardcoded-credential",
          severity: "error",
          message: "A password is written in the file.",
          file: "app/config.yaml",
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 29,
          fingerprint: "f",
        },
      ],
      errors: [],
      skipped,
      filesScanned: 1,
      rules: [],
    };
    expect(formatText(result, { color: false })).toBe(
      [
        "app/config.yaml",
        "  3:13   error    A password is written in the file.  hardcoded-credential",
        "",
        "skipped  140000 files: binary (first: assets/b000000.yaml)",
        "skipped  1 file: too-large (first: dump.json)",
        `skipped  (140001 files, more than ${MAX_LISTED_SKIPS}: counted by reason; the JSON and SARIF reports list each)`,
        "",
        "Rule documentation:",
        "  hardcoded-credential  https://github.com/secretwarden/secretwarden/blob/main/src/rules/hardcoded-credential/README.md",
        "",
        "1 finding (1 error, 0 warnings, 0 notes) in 1 file scanned; 140001 files skipped",
        "",
      ].join("\n"),
    );
  });

  it(`up to ${MAX_LISTED_SKIPS} skipped files are listed one a line`, () => {
    const skipped: SkippedFile[] = Array.from({ length: MAX_LISTED_SKIPS }, (_, i) => ({
      file: `b${i}.yaml`,
      reason: "binary",
      message: "skipped: binary file",
    }));
    const text = formatText(
      {
        tool: { name: "secretwarden", version: "0.1.0" },
        findings: [],
        errors: [],
        skipped,
        filesScanned: 0,
        rules: [],
      },
      { color: false },
    );
    expect(text.split("\n").filter((line) => line.startsWith("skipped "))).toHaveLength(MAX_LISTED_SKIPS);
    expect(text).toContain("skipped  b0.yaml   skipped: binary file\n");
  });
});

describe("tables keyed by input text never find Object.prototype", () => {
  it.each([
    "rate(900 __proto__)",
    "rate(1 constructors)",
    "rate(2 toStrings)",
    "rate(3 hasOwnProperty)",
    "rate(1 valueOf)",
  ])("%s is an unreadable schedule", (expression) => {
    const unit = (/\d+ (\w+)\)/.exec(expression) as RegExpExecArray)[1] as string;
    expect(parseSchedule(expression)).toEqual({
      kind: "invalid",
      reason: `rate unit ${unit} is not one of minutes, hours, days`,
    });
  });

  it("a rotation schedule of rate(900 __proto__) is reported as unreadable, at the expression", async () => {
    const dir = tree({
      "t.yaml": [
        'AWSTemplateFormatVersion: "2010-09-09"',
        "Resources:",
        "  Secret:",
        "    Type: AWS::SecretsManager::Secret",
        "    Properties:",
        "      Name: prod/orders/api",
        "  Rotation:",
        "    Type: AWS::SecretsManager::RotationSchedule",
        "    Properties:",
        "      SecretId: !Ref Secret",
        "      RotationRules:",
        "        ScheduleExpression: rate(900 __proto__)",
        "",
      ].join("\n"),
    });
    const result = await scan({ cwd: dir, paths: ["."] });
    expect(
      result.findings
        .filter((f) => f.ruleId === "rotation-interval-too-long")
        .map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`),
    ).toEqual([
      "12:29-12:48 Rotation schedule Rotation has a ScheduleExpression secretwarden cannot read, rate(900 __proto__): rate unit __proto__ is not one of minutes, hours, days.",
    ]);
  });

  it("a file named x.constructor is text; a Markdown fence tagged toString is text; a condition operator named constructor is not known", async () => {
    const dir = tree({
      "notes.constructor": 'db_password = "Zq8vRt2mXk9pLw4s"\n',
      "README.md": '# x\n\n```toString\ndb_password = "Zq8vRt2mXk9pLw4s"\n```\n',
      "p.json": JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
            Condition: { constructor: { "aws:PrincipalOrgID": "o-1" }, __proto__: { a: "b" } },
          },
        ],
      }),
    });
    const result = await scan({ cwd: dir, paths: ["."] });
    expect(result.errors).toEqual([]);
    expect(
      result.findings
        .filter((f) => f.ruleId === "hardcoded-credential")
        .map((f) => `${f.file} ${f.line}:${f.column}`)
        .sort(),
    ).toEqual(["README.md 4:15", "notes.constructor 1:15"]);
  });
});

/**
 * The worker pool (`--jobs`) and the per-file time budget (`maxFileSeconds`), through the built CLI: worker threads
 * run `dist/scan/worker.js`, which vitest does not transform. Trees are above the pool's threshold (200 files).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { cli, json } from "../e2e/cli.js";
import { tree } from "./support.js";

const template = (i: number) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: admin
      MasterUserPassword: "Xk9mQ2vL7pR4wZ${String(i).padStart(3, "0")}"
  AppSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: app/secret-${i}
`;

/** `count` small templates, each with a finding of scope file (hardcoded-credential) and one of scope project. */
function templates(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`stacks/s${String(i).padStart(3, "0")}/template.yaml`, template(i)]),
  );
}

/**
 * A template that takes seconds to parse: items by the tens of thousands in its `Metadata`. (Big YAML that is no
 * template is read by the streaming reader, in a fraction of that.)
 */
function slowYaml(bytes: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', "Metadata:", " items:"];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = `  - id: ${i}\n    name: item-${i}\n    owner: team-${i % 7}\n    tags: [a, b, c]`;
    lines.push(item);
    size += item.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

describe("--jobs", () => {
  it("rejects what is not a whole number of threads", () => {
    const run = cli(["--jobs", "0", "."]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--jobs must be a whole number from 1 to 9999; got "0"');
  });
});

describe("the per-file time budget (maxFileSeconds)", () => {
  it("gives a file that runs over it an error entry, terminates its worker, and reports every other file's findings", () => {
    // About 3 s of parsing. (Should it run a capped worker heap out of memory instead, it is scanned again on the
    // main thread, which checks the budget once the file is done: the report is the same.)
    const dir = tree({
      ...templates(210),
      "data/slow.yaml": slowYaml(1_200_000),
      "secretwarden.config.json": JSON.stringify({ maxFileSeconds: 1 }),
    });
    for (const jobs of ["1", "2"]) {
      const started = Date.now();
      const run = cli(["--format", "json", "--jobs", jobs, "."], { cwd: dir });
      const report = json(run);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(report.errors).toEqual([
        {
          file: "data/slow.yaml",
          message:
            "not scanned: took longer than 1 s (maxFileSeconds); structural rules skipped, text searched for credentials",
        },
      ]);
      // The file over budget is counted apart (issue 16): 210 scanned, 1 failed.
      expect([report.summary.filesScanned, report.summary.filesFailed]).toEqual([210, 1]);
      const byRule = (id: string) =>
        report.findings.filter((f) => f.ruleId === id).map((f) => `${f.file}:${f.line}:${f.column}`);
      expect(byRule("hardcoded-credential")).toEqual(
        Array.from({ length: 210 }, (_, i) => `stacks/s${String(i).padStart(3, "0")}/template.yaml:7:27`),
      );
      expect(byRule("secret-without-rotation")).toHaveLength(210);
      expect(run.status).toBe(1);
    }
  }, 120_000);
});

describe("determinism across --jobs", () => {
  it("JSON and SARIF are byte-identical with --jobs 1, --jobs 2 and on the main thread", () => {
    // Templates with findings of both scopes, Terraform modules split over files, source files that read secrets,
    // inline suppressions, and files that fail to parse: enough files for the pool.
    // (Mostly files without findings: the CLI helper reads at most 1 MB of output.)
    const files: Record<string, string> = { ...templates(20) };
    for (let i = 0; i < 190; i++) files[`config/c${i}.json`] = JSON.stringify({ name: `service-${i}`, port: 8000 + i });
    for (let i = 0; i < 12; i++) {
      files[`modules/m${i}/main.tf`] = `resource "aws_secretsmanager_secret" "db" {\n  name = "prod/db-${i}"\n}\n`;
      files[`modules/m${i}/rotation.tf`] =
        i % 2 === 0
          ? `resource "aws_secretsmanager_secret_rotation" "db" {\n  secret_id = aws_secretsmanager_secret.db.id\n  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}\n`
          : `variable "password" {\n  default = "Xk9mQ2vL7pR4wZt8" # secretwarden-ignore hardcoded-credential: test value\n}\n`;
      files[`app/handler${i}.js`] =
        `const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");\n` +
        `const client = new SecretsManagerClient({});\n` +
        `exports.handler = async () => {\n  const s = await client.send(new GetSecretValueCommand({ SecretId: "prod/db-${i}" }));\n  return s.SecretString;\n};\n`;
      files[`broken/b${i}.yaml`] = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X: [unclosed\n`;
    }
    // No budget: `--jobs 1` is then the main thread (the file is scanned as configuration in every run alike).
    files["settings/main-thread.json"] = JSON.stringify({ maxFileSeconds: 0 });
    const dir = tree(files);
    const mainThread = ["--jobs", "1", "--config", "settings/main-thread.json"];
    for (const format of ["json", "sarif"]) {
      const one = cli(["--format", format, "--jobs", "1", "."], { cwd: dir }).stdout;
      expect(one.length).toBeGreaterThan(1000);
      expect(cli(["--format", format, "--jobs", "2", "."], { cwd: dir }).stdout).toBe(one);
      expect(cli(["--format", format, ...mainThread, "."], { cwd: dir }).stdout).toBe(one);
    }
    const report = json(cli(["--format", "json", "--jobs", "2", "."], { cwd: dir }));
    expect(report.errors).toHaveLength(12);
    expect(
      report.findings
        .filter((f) => f.ruleId === "secret-without-rotation" && f.file.startsWith("modules/"))
        .map((f) => f.file),
    ).toEqual([1, 3, 5, 7, 9, 11].map((i) => `modules/m${i}/main.tf`).sort());
    expect(report.findings.filter((f) => f.ruleId === "secret-fetch-without-cache")).toHaveLength(12);
  }, 120_000);
});

describe("a unit that runs its worker out of memory", () => {
  it("is left for the main thread; the other units' results come from the worker", async () => {
    // The compiled modules: the pool starts `dist/scan/worker.js`, which vitest does not transform.
    const dist = join(import.meta.dirname, "../../dist/scan");
    const { runPool } = (await import(
      pathToFileURL(join(dist, "pool.js")).href
    )) as typeof import("../../src/scan/pool.js");
    const { groupUnits } = (await import(
      pathToFileURL(join(dist, "unit.js")).href
    )) as typeof import("../../src/scan/unit.js");
    const dir = tree({
      "a/template.yaml": template(1),
      "b/big.yaml": slowYaml(3_000_000),
      "c/template.yaml": template(2),
    });
    const units = groupUnits(
      ["a/template.yaml", "b/big.yaml", "c/template.yaml"].map((path) => ({
        path,
        absolutePath: join(dir, path),
        explicit: false,
      })),
    );
    const results = await runPool(units, {
      threads: 1,
      settings: { config: {}, maxFileSize: 5_000_000, maxFileSeconds: 0 },
      // Enough to start and scan a small template, far too little for a 3 MB template's tree.
      limits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 8 },
    });
    const findings = (name: string) =>
      [
        "database-password-unmanaged 7:27",
        "hardcoded-credential 7:27",
        "secret-aws-managed-key 8:3",
        "secret-naming-convention 11:13",
      ].map((f) => `${name} ${f}`);
    expect(results.map((r) => r?.findings.map((f) => `${f.file} ${f.ruleId} ${f.line}:${f.column}`))).toEqual([
      findings("a/template.yaml"),
      undefined,
      findings("c/template.yaml"),
    ]);
  }, 60_000);
});

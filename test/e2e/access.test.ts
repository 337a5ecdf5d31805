import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, type CliRun } from "./cli.js";
import type { AccessJson } from "../../src/access/format.js";

const FIXTURE = "test/fixtures/access";
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-access-"));
  temporary.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const report = (run: CliRun): AccessJson => JSON.parse(run.stdout) as AccessJson;

/** `Secret principal: read / decrypt`, one per entry. */
const entries = (json: AccessJson): string[] =>
  json.secrets.flatMap((s) => s.access.map((a) => `${s.secret} ${a.principal.label}: ${a.read} / ${a.decrypt}`));

describe("secretwarden access on the examples", () => {
  it("prints who can read each secret, through which policy, and whether the key lets them decrypt", () => {
    expect(cli(["access", "examples/"])).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "Who can read each secret (secretsmanager:GetSecretValue):",
        "",
        "examples/infra/everything-wrong.yaml",
        "  SECRET                               PRINCIPAL                                        FROM                                            VIA                                                            READ  DECRYPT",
        "  BillingApiSecret                     arn:aws:iam::444455556666:role/reporting         examples/infra/everything-wrong.yaml:38         resource policy BillingApiSecretPolicy #1                      yes   no (AWS-managed key, other account) [1]",
        "",
        "examples/infra/orders-secrets.yaml",
        "  SECRET                               PRINCIPAL                                        FROM                                            VIA                                                            READ  DECRYPT",
        "  OrdersDbSecret                       (no principal of the project)                    -                                               -                                                              -     -",
        "  OrdersApiToken                       (no principal of the project)                    -                                               -                                                              -     -",
        "",
        "examples/infra/payments-secrets.yaml",
        "  SECRET                               PRINCIPAL                                        FROM                                            VIA                                                            READ  DECRYPT",
        "  PaymentsDbSecret                     role PaymentsApiRole                             examples/infra/payments-secrets.yaml:59         inline policy of PaymentsApiRole [ReadPaymentsSecrets]         yes   yes (key PaymentsSecretsKey)",
        "  PaymentsWebhookSecret                role PaymentsApiRole                             examples/infra/payments-secrets.yaml:59         inline policy of PaymentsApiRole [ReadPaymentsSecrets]         yes   yes (key PaymentsSecretsKey)",
        "",
        "examples/infra/reporting.json",
        "  SECRET                               PRINCIPAL                                        FROM                                            VIA                                                            READ  DECRYPT",
        "  WarehouseSecret                      (no principal of the project)                    -                                               -                                                              -     -",
        "",
        "examples/terraform/clean/main.tf",
        "  SECRET                               PRINCIPAL                                        FROM                                            VIA                                                            READ  DECRYPT",
        "  aws_secretsmanager_secret.exports    role aws_iam_role.exporter (report-exporter-v2)  examples/terraform/clean/main.tf:53             policy aws_iam_role_policy.exporter #1                         yes   yes (key aws_kms_key.reports)",
        "",
        "examples/terraform/everything-wrong/main.tf",
        "  SECRET                               PRINCIPAL                                        FROM                                            VIA                                                            READ  DECRYPT",
        "  aws_secretsmanager_secret.warehouse  account 444455556666                             examples/terraform/everything-wrong/main.tf:23  resource policy aws_secretsmanager_secret_policy.warehouse #1  yes   no (AWS-managed key, other account) [2]",
        "  aws_secretsmanager_secret.exports    (no principal of the project)                    -                                               -                                                              -     -",
        "",
        "[1] BillingApiSecret, arn:aws:iam::444455556666:role/reporting: The secret uses the AWS-managed key aws/secretsmanager, whose key policy cannot let another account decrypt. Assumes an identity policy in account 444455556666 (not in the project) allows secretsmanager:GetSecretValue.",
        "[2] aws_secretsmanager_secret.warehouse, account 444455556666: The secret uses the AWS-managed key aws/secretsmanager, whose key policy cannot let another account decrypt. Assumes an identity policy in account 444455556666 (not in the project) allows secretsmanager:GetSecretValue.",
        "",
        "9 secrets in 25 files scanned; 5 can be read by a principal of the project or one its resource policies name (5 entries).",
        "",
      ].join("\n"),
    });
  });

  it("writes the same as JSON, with the statements that decide", () => {
    const run = cli(["access", "examples/", "--format", "json"]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    const json = report(run);
    expect(Object.keys(json)).toEqual([
      "schemaVersion",
      "tool",
      "action",
      "secrets",
      "notEvaluated",
      "notes",
      "errors",
      "skipped",
      "summary",
    ]);
    expect(json.secrets.map((s) => [s.secret, s.file, s.encryption.kind, s.access.length])).toEqual([
      ["BillingApiSecret", "examples/infra/everything-wrong.yaml", "aws-managed", 1],
      ["OrdersDbSecret", "examples/infra/orders-secrets.yaml", "aws-managed", 0],
      ["OrdersApiToken", "examples/infra/orders-secrets.yaml", "customer-managed", 0],
      ["PaymentsDbSecret", "examples/infra/payments-secrets.yaml", "customer-managed", 1],
      ["PaymentsWebhookSecret", "examples/infra/payments-secrets.yaml", "customer-managed", 1],
      ["WarehouseSecret", "examples/infra/reporting.json", "aws-managed", 0],
      ["aws_secretsmanager_secret.exports", "examples/terraform/clean/main.tf", "customer-managed", 1],
      ["aws_secretsmanager_secret.warehouse", "examples/terraform/everything-wrong/main.tf", "aws-managed", 1],
      ["aws_secretsmanager_secret.exports", "examples/terraform/everything-wrong/main.tf", "key-without-policy", 0],
    ]);
    const payments = json.secrets[3]?.access[0];
    expect(payments?.readVia.map((s) => [s.policy, s.file, s.line, s.sid, s.result])).toEqual([
      ["inline policy of PaymentsApiRole", "examples/infra/payments-secrets.yaml", 74, "ReadPaymentsSecrets", "yes"],
    ]);
    expect(payments?.decryptVia.map((s) => [s.policy, s.sid ?? s.statement])).toEqual([
      ["inline policy of PaymentsApiRole", "DecryptThroughSecretsManager"],
      ["key policy of PaymentsSecretsKey", "AccountAdministration"],
    ]);
    expect(json.summary).toEqual({ filesScanned: 25, filesFailed: 0, secrets: 9, readable: 5, entries: 5 });
  });
});

describe("secretwarden access on a project", () => {
  it("follows roles, users through their groups, policy files, other accounts and the organization", () => {
    const json = report(cli(["access", FIXTURE, "--format", "json"]));
    expect(entries(json)).toEqual([
      "OrdersDbSecret role OrdersApiRole (orders-api): yes / yes",
      "OrdersDbSecret user Auditor (auditor): yes / no",
      "OrdersDbSecret group Auditors: yes / no",
      "OrdersDbSecret arn:aws:iam::444455556666:role/orders-sync: yes / yes",
      'OrdersDbSecret everyone (Principal "*"): conditional / no',
      "ReportsSecret role ReportsRole: yes / yes",
      "ReportsSecret user Auditor (auditor): yes / yes",
      "ReportsSecret group Auditors: yes / yes",
    ]);
    expect(json.notEvaluated.map((n) => [n.principal, n.policy])).toEqual([
      ["role OrdersApiRole (orders-api)", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    ]);
    // The policy file names a literal account: another account, unless the configuration says it is ours.
    expect(json.notes).toEqual([
      "Account 111122223333 (in test/fixtures/access/policies/support-policy.json) is taken to be another account than the one the " +
        "project is deployed to; list it in the configuration's ownAccounts if it is that account.",
    ]);
  });

  it("honours ownAccounts from --config", () => {
    const json = report(cli(["access", FIXTURE, "--config", `${FIXTURE}/secretwarden.json`, "--format", "json"]));
    expect(entries(json).filter((e) => e.includes("policy file"))).toEqual([
      "OrdersDbSecret whoever holds policy file test/fixtures/access/policies/support-policy.json: yes / no",
      "ReportsSecret whoever holds policy file test/fixtures/access/policies/support-policy.json: yes / yes",
    ]);
    expect(json.notes).toEqual([]);
  });

  it("writes the report to --output, and nothing to stdout", () => {
    const dir = tempDir({});
    const out = join(dir, "access.json");
    expect(cli(["access", FIXTURE, "--format", "json", "--output", out])).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
    });
    expect(report({ status: 0, stdout: readFileSync(out, "utf8"), stderr: "" }).summary.secrets).toBe(2);
  });

  it("takes a first positional access for the command; ./access scans a folder of that name", () => {
    const dir = tempDir({
      "access/app.yaml":
        "Resources:\n  AppSecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/app\n",
    });
    const scan = cli(["./access", "--format", "json"], { cwd: dir });
    expect(scan.status).toBe(1);
    expect((JSON.parse(scan.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toContain(
      "access/app.yaml",
    );
    for (const args of [
      ["access", "access", "--format", "json"],
      ["access", "--format", "json"],
    ]) {
      const run = cli(args, { cwd: dir });
      expect(run.status).toBe(0);
      expect(report(run).secrets.map((s) => [s.secret, s.file])).toEqual([["AppSecret", "access/app.yaml"]]);
    }
  });

  it("says so when there is no secret", () => {
    expect(cli(["access", "docs-that-do-not-exist"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "secretwarden: no such file or directory: docs-that-do-not-exist\n",
    });
    const dir = tempDir({ "README.md": "# nothing here\n" });
    expect(cli(["access"], { cwd: dir })).toEqual({
      status: 0,
      stdout: "Who can read each secret (secretsmanager:GetSecretValue):\n\nNo secrets in 1 file scanned.\n",
      stderr: "",
    });
  });
});

describe("secretwarden access usage", () => {
  it("has its own help, and the main help mentions it", () => {
    const own = cli(["access", "--help"]);
    expect(own.status).toBe(0);
    expect(own.stdout).toMatch(/^Usage: secretwarden access \[options\] \[paths\.\.\.\]/);
    for (const option of ["--format <text|json>", "--output", "--config"]) expect(own.stdout).toContain(option);
    expect(cli(["--help"]).stdout).toContain("secretwarden access [options] [paths...]");
  });

  it.each([
    [
      ["access", "--format", "sarif"],
      'secretwarden: --format must be one of text, json; got "sarif"\nRun secretwarden access --help for usage.\n',
    ],
    [
      ["access", "--fail-on", "critical"],
      'secretwarden: --fail-on must be one of error, warning, note, none; got "critical"\nRun secretwarden access --help for usage.\n',
    ],
    [
      ["access", "--min-confidence", "low"],
      "secretwarden: --min-confidence does not apply to secretwarden access\nRun secretwarden access --help for usage.\n",
    ],
    [
      ["access", "--quiet"],
      "secretwarden: --quiet does not apply to secretwarden access\nRun secretwarden access --help for usage.\n",
    ],
    [
      ["access", "--list-rules"],
      "secretwarden: --list-rules does not apply to secretwarden access\nRun secretwarden access --help for usage.\n",
    ],
  ])("exits 2 on a usage error: %j", (args, stderr) => {
    expect(cli(args)).toEqual({ status: 2, stdout: "", stderr });
  });
});

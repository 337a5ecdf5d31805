import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, type CliRun } from "./cli.js";
import type { InventoryJson } from "../../src/inventory/format.js";

const FIXTURE = "src/inventory/fixtures/project";
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-inventory-"));
  temporary.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const report = (run: CliRun): InventoryJson => JSON.parse(run.stdout) as InventoryJson;

describe("secretwarden inventory on the examples", () => {
  it("prints one row per secret, grouped by file, within 100 columns, with the totals last", () => {
    const run = cli(["inventory", "examples/"]);
    expect(run).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "Secrets of the project and their estimated monthly storage cost:",
        "",
        "examples/infra/everything-wrong.yaml",
        "  SECRET                    LINE  KEY              ROTATION  REPLICAS      POLICY      READ  $/MONTH",
        "  BillingApiSecret            23  AWS-managed      92 days   -             cross-acct     1    $0.40",
        "",
        "examples/infra/orders-secrets.yaml",
        "  SECRET                    LINE  KEY              ROTATION  REPLICAS      POLICY      READ  $/MONTH",
        "  prod/orders/db/master       13  AWS-managed      none      -             none           0    $0.40",
        "  prod/orders/api/token       39  OrdersApiToken…  30 days   eu-central-1  none           0    $0.80",
        "",
        "examples/infra/payments-secrets.yaml",
        "  SECRET                    LINE  KEY              ROTATION  REPLICAS      POLICY      READ  $/MONTH",
        "  prod/payments/db/master     21  PaymentsSecret…  30 days   -             none           1    $0.40",
        "  prod/payments/webhook/s…    51  PaymentsSecret…  30 days   -             none           1    $0.40",
        "",
        "examples/infra/reporting.json",
        "  SECRET                    LINE  KEY              ROTATION  REPLICAS      POLICY      READ  $/MONTH",
        "  prod/reporting/warehous…     5  AWS-managed      30 days   -             none           0    $0.40",
        "",
        "examples/terraform/clean/main.tf",
        "  SECRET                    LINE  KEY              ROTATION  REPLICAS      POLICY      READ  $/MONTH",
        "  prod/reports/exports/si…    20  aws_kms_key.re…  30 days   -             none           1    $0.40",
        "",
        "examples/terraform/everything-wrong/main.tf",
        "  SECRET                    LINE  KEY              ROTATION  REPLICAS      POLICY      READ  $/MONTH",
        "  WarehouseCredentials        12  AWS-managed      none      -             cross-acct     1    $0.40",
        "  prod/reports/exports/si…    30  aws_kms_key.re…  92 days   -             none           0    $0.40",
        "",
        "READ: how many principals may read the secret (secretwarden access tells who, and how).",
        "POLICY: who the resource policy lets read it: none, same acct, cross-acct, public or unknown.",
        "",
        "Cost: storage only, $0.40 per secret per month, each replica billed as a secret (configuration:",
        "pricing.perSecretMonth). Not included: API calls ($0.05 per 10,000) and rotation Lambda invocations.",
        "Total: 9 secrets and 1 replica: 10 billed secrets, $4.00 per month.",
        "",
      ].join("\n"),
    });
    for (const line of run.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe("secretwarden inventory on a project", () => {
  it("gives the same as JSON, with ownAccounts from --config", () => {
    const run = cli(["inventory", FIXTURE, "--format", "json", "--config", "src/inventory/fixtures/config.json"]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    const json = report(run);
    expect(Object.keys(json)).toEqual(["schemaVersion", "tool", "pricing", "secrets", "errors", "skipped", "summary"]);
    expect(
      json.secrets.map((s) => [
        s.secret,
        s.file,
        s.line,
        s.key.kind,
        s.rotation?.intervalDays ?? null,
        s.replicas.map((r) => r.region),
        s.resourcePolicy,
        s.monthlyCost,
      ]),
    ).toEqual([
      [
        "OrdersDbSecret",
        `${FIXTURE}/orders.yaml`,
        19,
        "customer-managed",
        30,
        ["eu-central-1", "us-west-2"],
        "none",
        1.2,
      ],
      ["PartnerToken", `${FIXTURE}/orders.yaml`, 54, "aws-managed", 0.5, [], "cross-account", 0.4],
      ["SigningKey", `${FIXTURE}/orders.yaml`, 77, "unknown", null, [], "public", 0.4],
      [
        "aws_secretsmanager_secret.exports",
        `${FIXTURE}/terraform/main.tf`,
        7,
        "customer-managed",
        31,
        ["eu-central-1"],
        "none",
        0.8,
      ],
      [
        "aws_secretsmanager_secret.legacy",
        `${FIXTURE}/terraform/main.tf`,
        25,
        "aws-managed",
        null,
        [],
        "same-account",
        0.4,
      ],
    ]);
    expect(json.pricing).toEqual({
      currency: "USD",
      perSecretMonth: 0.4,
      notIncluded: ["API calls ($0.05 per 10,000)", "rotation Lambda invocations"],
    });
    expect(json.summary).toEqual({
      filesScanned: 2,
      filesFailed: 0,
      secrets: 5,
      replicas: 3,
      billedSecrets: 8,
      monthlyCost: 3.2,
    });
  });

  it("takes the price from the configuration's pricing.perSecretMonth", () => {
    const dir = tempDir({ "secretwarden.json": JSON.stringify({ pricing: { perSecretMonth: 0.45 } }) });
    const run = cli(["inventory", FIXTURE, "--config", join(dir, "secretwarden.json")]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toContain("Cost: storage only, $0.45 per secret per month");
    expect(run.stdout.trimEnd().split("\n").pop()).toBe(
      "Total: 5 secrets and 3 replicas: 8 billed secrets, $3.60 per month.",
    );
    const json = report(cli(["inventory", FIXTURE, "--config", join(dir, "secretwarden.json"), "--format", "json"]));
    expect([json.pricing.perSecretMonth, json.summary.monthlyCost]).toEqual([0.45, 3.6]);
  });

  it("writes the report to --output, and nothing to stdout", () => {
    const dir = tempDir({});
    const out = join(dir, "inventory.json");
    expect(cli(["inventory", FIXTURE, "--format", "json", "--output", out])).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
    });
    expect((JSON.parse(readFileSync(out, "utf8")) as InventoryJson).summary.secrets).toBe(5);
  });

  it("says so when there is no secret", () => {
    const dir = tempDir({ "README.md": "# nothing here\n" });
    expect(cli(["inventory"], { cwd: dir })).toEqual({
      status: 0,
      stdout: [
        "Secrets of the project and their estimated monthly storage cost:",
        "",
        "No secrets in 1 file scanned.",
        "",
        "Cost: storage only, $0.40 per secret per month, each replica billed as a secret (configuration:",
        "pricing.perSecretMonth). Not included: API calls ($0.05 per 10,000) and rotation Lambda invocations.",
        "Total: 0 secrets and 0 replicas: 0 billed secrets, $0.00 per month.",
        "",
      ].join("\n"),
      stderr: "",
    });
  });
});

describe("secretwarden inventory usage", () => {
  it("has its own help, and the main help mentions it", () => {
    const own = cli(["inventory", "--help"]);
    expect(own.status).toBe(0);
    expect(own.stdout).toMatch(/^Usage: secretwarden inventory \[options\] \[paths\.\.\.\]/);
    for (const option of ["--format <text|json>", "--output", "--config"]) expect(own.stdout).toContain(option);
    expect(cli(["--help"]).stdout).toContain("secretwarden inventory [options] [paths...]");
  });

  it.each([
    [
      ["inventory", "--format", "sarif"],
      'secretwarden: --format must be one of text, json; got "sarif"\nRun secretwarden inventory --help for usage.\n',
    ],
    [
      ["inventory", "--fail-on", "critical"],
      'secretwarden: --fail-on must be one of error, warning, note, none; got "critical"\nRun secretwarden inventory --help for usage.\n',
    ],
    [
      ["--account-per-folder"],
      "secretwarden: --account-per-folder applies to secretwarden access and inventory only\nRun secretwarden --help for usage.\n",
    ],
  ])("exits 2 on a usage error: %j", (args, stderr) => {
    expect(cli(args)).toEqual({ status: 2, stdout: "", stderr });
  });
});

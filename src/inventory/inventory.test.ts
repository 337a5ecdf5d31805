import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadProject } from "../scan/load-project.js";
import { Project } from "../model/project.js";
import { formatInventoryJson, formatInventoryText, inventoryJson, TEXT_WIDTH, type InventoryRun } from "./format.js";
import { DEFAULT_PRICE_PER_SECRET_MONTH, inventory, type InventoryOptions } from "./inventory.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = "src/inventory/fixtures/project";
const TOOL = { name: "secretwarden", version: "0" };

/** The inventory of a folder, read exactly as the CLI reads it. */
async function runOf(path: string, options: InventoryOptions = {}): Promise<InventoryRun> {
  const loaded = await loadProject({ paths: [path], cwd: ROOT });
  return {
    inventory: inventory(loaded.project, options),
    errors: loaded.errors,
    skipped: loaded.skipped,
    filesScanned: loaded.filesScanned,
    tool: TOOL,
  };
}

describe("inventory of a project with CloudFormation and Terraform secrets, replicas and rotation", () => {
  it("gives every secret with its key, rotation, replicas, reach, readers and cost, as JSON", async () => {
    const run = await runOf(FIXTURE, { ownAccounts: ["111122223333"] });
    expect(inventoryJson(run)).toEqual({
      schemaVersion: 1,
      tool: TOOL,
      pricing: {
        currency: "USD",
        perSecretMonth: 0.4,
        notIncluded: ["API calls ($0.05 per 10,000)", "rotation Lambda invocations"],
      },
      secrets: [
        {
          secret: "OrdersDbSecret",
          name: "prod/orders/db",
          file: "src/inventory/fixtures/project/orders.yaml",
          line: 19,
          column: 3,
          platform: "cloudformation",
          key: {
            kind: "customer-managed",
            id: "OrdersKey",
          },
          rotation: {
            schedule: "OrdersDbRotation",
            rule: "AutomaticallyAfterDays 30",
            intervalDays: 30,
          },
          replicas: [
            {
              region: "eu-central-1",
              key: {
                kind: "customer-managed",
                id: "alias/orders-replica",
              },
            },
            {
              region: "us-west-2",
              key: {
                kind: "aws-managed",
              },
            },
          ],
          resourcePolicy: "none",
          readers: [
            {
              principal: "role OrdersApiRole",
              kind: "role",
              read: "yes",
              decrypt: "no",
            },
          ],
          billedSecrets: 3,
          monthlyCost: 1.2,
        },
        {
          secret: "PartnerToken",
          name: "prod/partners/token",
          file: "src/inventory/fixtures/project/orders.yaml",
          line: 54,
          column: 3,
          platform: "cloudformation",
          key: {
            kind: "aws-managed",
          },
          rotation: {
            schedule: "PartnerTokenRotation",
            rule: "rate(12 hours)",
            intervalDays: 0.5,
          },
          replicas: [],
          resourcePolicy: "cross-account",
          readers: [
            {
              principal: "account 444455556666",
              kind: "account",
              read: "yes",
              decrypt: "no",
            },
          ],
          billedSecrets: 1,
          monthlyCost: 0.4,
        },
        {
          secret: "SigningKey",
          file: "src/inventory/fixtures/project/orders.yaml",
          line: 77,
          column: 3,
          platform: "cloudformation",
          key: {
            kind: "unknown",
            id: "Ref SigningKeyArn",
          },
          replicas: [],
          resourcePolicy: "public",
          readers: [
            {
              principal: 'everyone (Principal "*")',
              kind: "everyone",
              read: "yes",
              decrypt: "unknown",
            },
          ],
          billedSecrets: 1,
          monthlyCost: 0.4,
        },
        {
          secret: "aws_secretsmanager_secret.exports",
          name: "prod/reports/exports-signing-key",
          file: "src/inventory/fixtures/project/terraform/main.tf",
          line: 7,
          column: 10,
          platform: "terraform",
          key: {
            kind: "customer-managed",
            id: "aws_kms_key.reports",
          },
          rotation: {
            schedule: "aws_secretsmanager_secret_rotation.exports",
            rule: "cron(0 4 1 * ? *)",
            intervalDays: 31,
          },
          replicas: [
            {
              region: "eu-central-1",
              key: {
                kind: "aws-managed",
              },
            },
          ],
          resourcePolicy: "none",
          readers: [],
          billedSecrets: 2,
          monthlyCost: 0.8,
        },
        {
          secret: "aws_secretsmanager_secret.legacy",
          name: "prod/reports/legacy",
          file: "src/inventory/fixtures/project/terraform/main.tf",
          line: 25,
          column: 10,
          platform: "terraform",
          key: {
            kind: "aws-managed",
          },
          replicas: [],
          resourcePolicy: "same-account",
          readers: [
            {
              principal: "role OrdersApiRole",
              kind: "role",
              read: "unknown",
              decrypt: "yes",
            },
            {
              principal: "arn:aws:iam::111122223333:role/reporting",
              kind: "role",
              read: "yes",
              decrypt: "yes",
            },
          ],
          billedSecrets: 1,
          monthlyCost: 0.4,
        },
      ],
      errors: [],
      skipped: [],
      summary: { filesScanned: 2, filesFailed: 0, secrets: 5, replicas: 3, billedSecrets: 8, monthlyCost: 3.2 },
    });
    expect(JSON.parse(formatInventoryJson(run))).toEqual(inventoryJson(run));
  });

  it("prints the same as a table that fits a 100-column terminal, the totals last", async () => {
    const text = formatInventoryText(await runOf(FIXTURE, { ownAccounts: ["111122223333"] }));
    expect(text).toBe(
      [
        "Secrets of the project and their estimated monthly storage cost:",
        "",
        "src/inventory/fixtures/project/orders.yaml",
        "  SECRET                    LINE  KEY              ROTATION  REPLICAS      POLICY      READ  $/MONTH",
        "  prod/orders/db              19  OrdersKey        30 days   2 regions     none           1    $1.20",
        "  prod/partners/token         54  AWS-managed      12 hours  -             cross-acct     1    $0.40",
        "  SigningKey                  77  unknown          none      -             public         1    $0.40",
        "",
        "src/inventory/fixtures/project/terraform/main.tf",
        "  SECRET                    LINE  KEY              ROTATION  REPLICAS      POLICY      READ  $/MONTH",
        "  prod/reports/exports-si\u2026     7  aws_kms_key.re\u2026  31 days   eu-central-1  none           0    $0.80",
        "  prod/reports/legacy         25  AWS-managed      none      -             same acct      2    $0.40",
        "",
        "READ: how many principals may read the secret (secretwarden access tells who, and how).",
        "POLICY: who the resource policy lets read it: none, same acct, cross-acct, public or unknown.",
        "",
        "Cost: storage only, $0.40 per secret per month, each replica billed as a secret (configuration:",
        "pricing.perSecretMonth). Not included: API calls ($0.05 per 10,000) and rotation Lambda invocations.",
        "Total: 5 secrets and 3 replicas: 8 billed secrets, $3.20 per month.",
        "",
      ].join("\n"),
    );
    for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(TEXT_WIDTH);
  });
});

describe("pricing", () => {
  it("defaults to the published $0.40 per secret per month", () => {
    expect(DEFAULT_PRICE_PER_SECRET_MONTH).toBe(0.4);
  });

  it("takes the price per secret per month as an option, and counts each replica as a secret", async () => {
    const run = await runOf(FIXTURE, { perSecretMonth: 0.45 });
    expect(run.inventory.secrets.map((s) => [s.secret, s.billedSecrets, s.monthlyCost])).toEqual([
      ["OrdersDbSecret", 3, 1.35],
      ["PartnerToken", 1, 0.45],
      ["SigningKey", 1, 0.45],
      ["aws_secretsmanager_secret.exports", 2, 0.9],
      ["aws_secretsmanager_secret.legacy", 1, 0.45],
    ]);
    expect(run.inventory.totals).toEqual({ secrets: 5, replicas: 3, billedSecrets: 8, monthlyCost: 3.6 });
    const text = formatInventoryText(run);
    expect(text).toContain("Cost: storage only, $0.45 per secret per month");
    expect(text.trimEnd().split("\n").pop()).toBe(
      "Total: 5 secrets and 3 replicas: 8 billed secrets, $3.60 per month.",
    );
  });

  it("says that a project without secrets costs nothing", () => {
    const run: InventoryRun = {
      inventory: inventory(new Project([])),
      errors: [],
      skipped: [],
      filesScanned: 3,
      tool: TOOL,
    };
    expect(formatInventoryText(run)).toBe(
      [
        "Secrets of the project and their estimated monthly storage cost:",
        "",
        "No secrets in 3 files scanned.",
        "",
        "Cost: storage only, $0.40 per secret per month, each replica billed as a secret (configuration:",
        "pricing.perSecretMonth). Not included: API calls ($0.05 per 10,000) and rotation Lambda invocations.",
        "Total: 0 secrets and 0 replicas: 0 billed secrets, $0.00 per month.",
        "",
      ].join("\n"),
    );
  });
});

describe("README", () => {
  it("shows the inventory of examples/ as the command prints it", async () => {
    const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
    const shown = /```\n\$ npx secretwarden inventory examples\/\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(formatInventoryText(await runOf("examples/")));
  });
});

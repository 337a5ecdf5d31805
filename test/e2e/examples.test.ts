import { describe, expect, it } from "vitest";
import { cli, json } from "./cli.js";
import { RULES } from "../../src/rules/index.js";

/** `secret-fetch-without-cache` reports the orders worker's handler once the rule is registered. */
const fetchRuleRegistered = RULES.some((rule) => rule.meta.id === "secret-fetch-without-cache");

const ruleIds = (args: string[]) =>
  [...new Set(json(cli([...args, "--format", "json"])).findings.map((f) => f.ruleId))].sort();

describe("the bundled examples", () => {
  it("everything-wrong.yaml, scanned on its own, triggers every Secrets Manager rule", () => {
    // On its own: named without --no-context, the repository is its context, and its fixtures' trails answer the audit note.
    expect(ruleIds(["--no-context", "examples/infra/everything-wrong.yaml"])).toEqual([
      "audit-trail-missing",
      "cross-account-without-cmk",
      "database-password-unmanaged",
      "hardcoded-credential",
      "lambda-env-secret",
      "parameter-without-noecho",
      "rotation-interval-too-long",
      "secret-aws-managed-key",
      "secret-naming-convention",
    ]);
  });

  it("the payments stack and its shared rotation schedule trigger nothing", () => {
    expect(cli(["examples/infra/payments-secrets.yaml", "examples/infra/shared-rotation.json"])).toEqual({
      status: 0,
      stdout: "No findings in 2 files scanned.\n",
      stderr: "",
    });
  });

  it("the Terraform module everything-wrong, scanned on its own, triggers every rule that applies to Terraform", () => {
    expect(ruleIds(["examples/terraform/everything-wrong"])).toEqual([
      "audit-trail-missing",
      "cross-account-without-cmk",
      "database-password-unmanaged",
      "hardcoded-credential",
      "kms-key-rotation-disabled",
      "lambda-env-secret",
      "policy-not-action",
      "policy-public-principal",
      "policy-unknown-action",
      "policy-wildcard-action",
      "policy-wildcard-resource",
      "rotation-interval-too-long",
      "secret-aws-managed-key",
      "secret-naming-convention",
      "secret-recovery-disabled",
      "secret-without-rotation",
    ]);
  });

  it("the clean Terraform module triggers nothing", () => {
    expect(cli(["examples/terraform/clean"])).toEqual({
      status: 0,
      stdout: "No findings in 1 file scanned.\n",
      stderr: "",
    });
  });

  it("the whole folder, as the README scans it, fails on warnings and shows every bad template", () => {
    const run = cli(["examples/", "--format", "json"]);
    expect(run.status).toBe(1);
    expect([...new Set(json(run).findings.map((f) => f.file))]).toEqual([
      "examples/app/billing-legacy/PaymentsClient.cs",
      "examples/app/billing-legacy/config.rb",
      "examples/app/billing-legacy/db.php",
      "examples/app/orders-worker/.env.production",
      "examples/app/orders-worker/Dockerfile",
      "examples/app/orders-worker/db.ts",
      ...(fetchRuleRegistered ? ["examples/app/orders-worker/handler.ts"] : []),
      "examples/app/orders-worker/notify.py",
      "examples/infra/everything-wrong.yaml",
      "examples/infra/orders-secrets.yaml",
      "examples/infra/reporting.json",
      "examples/terraform/everything-wrong/main.tf",
    ]);
  });

  it("the orders worker's code and configuration hold hardcoded credentials, and read secrets without a cache", () => {
    const findings = json(cli(["examples/app/orders-worker", "--format", "json"])).findings;
    expect(findings.map((f) => `${f.ruleId} ${f.file.replace("examples/app/orders-worker/", "")}:${f.line}`)).toEqual([
      "hardcoded-credential .env.production:2",
      "hardcoded-credential Dockerfile:2",
      "hardcoded-credential db.ts:7",
      "hardcoded-credential db.ts:10",
      ...(fetchRuleRegistered ? ["secret-fetch-without-cache handler.ts:8"] : []),
      "hardcoded-credential notify.py:4",
      ...(fetchRuleRegistered ? ["secret-fetch-without-cache notify.py:9"] : []),
    ]);
  });

  it("the clean twin of the orders worker triggers nothing", () => {
    expect(cli(["examples/app/orders-worker-clean"])).toEqual({
      status: 0,
      stdout: "No findings in 5 files scanned.\n",
      stderr: "",
    });
  });
});

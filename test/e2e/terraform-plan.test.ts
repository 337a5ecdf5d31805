import { describe, expect, it } from "vitest";
import { cli, json, where } from "./cli.js";

describe("a Terraform plan (terraform show -json)", () => {
  it("gets the same rules as the configuration, at positions in the plan file", () => {
    const run = cli(["test/fixtures/terraform-plan/plan.json", "--format", "json"]);
    expect(run.status).toBe(1);
    const report = json(run);
    expect(where(report)).toEqual([
      "test/fixtures/terraform-plan/plan.json 12:22-12:43 kms-key-rotation-disabled aws_kms_key.secrets",
      "test/fixtures/terraform-plan/plan.json 23:95-23:96 secret-recovery-disabled aws_secretsmanager_secret.db",
      "test/fixtures/terraform-plan/plan.json 30:152-30:154 rotation-interval-too-long aws_secretsmanager_secret_rotation.db",
      "test/fixtures/terraform-plan/plan.json 44:33-44:153 policy-wildcard-action aws_iam_policy.read",
      "test/fixtures/terraform-plan/plan.json 44:33-44:153 policy-wildcard-resource aws_iam_policy.read",
      "test/fixtures/terraform-plan/plan.json 70:45-70:67 hardcoded-credential provider.aws",
      "test/fixtures/terraform-plan/plan.json 112:42-112:59 database-password-unmanaged aws_db_instance.orders",
    ]);
    // The variable's value given at plan time is not in the repository: no hardcoded-credential for it.
    expect(report.findings.filter((f) => f.resource === "aws_db_instance.orders").map((f) => f.ruleId)).toEqual([
      "database-password-unmanaged",
    ]);
    expect(JSON.stringify(report)).not.toContain("Sup3rS3cretPassw0rd");
  });
});

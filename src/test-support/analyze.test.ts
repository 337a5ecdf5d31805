import { describe, expect, it } from "vitest";
import { analyze } from "./analyze.js";
import secretWithoutRotation from "../rules/secret-without-rotation/rule.js";

const SECRET = "Resources:\n  LedgerDbSecret:\n    Type: AWS::SecretsManager::Secret\n";

describe("analyze: rule tests go through the scan's pipeline", () => {
  it("links a project rule's entities across files, in path order", async () => {
    const schedule = {
      path: "infra/b-rotation.yaml",
      text:
        "Resources:\n  LedgerRotation:\n    Type: AWS::SecretsManager::RotationSchedule\n    Properties:\n" +
        "      SecretId: ledger/db\n      RotationRules:\n        AutomaticallyAfterDays: 30\n",
    };
    const named = { path: "infra/a-secret.yaml", text: `${SECRET}    Properties:\n      Name: ledger/db\n` };
    const other = { path: "infra/c-other.yaml", text: SECRET.replace(/Ledger/g, "Audit") };
    const findings = await analyze([secretWithoutRotation], [other, schedule, named]);
    expect(findings.map((f) => [f.file, f.line, f.column, f.resource, f.messageId])).toEqual([
      ["infra/c-other.yaml", 2, 3, "AuditDbSecret", "missing"],
    ]);
  });

  it("applies suppressions and reports the unused ones", async () => {
    const text =
      "Resources:\n  # secretwarden-ignore secret-without-rotation: rotated by the vendor's job\n  LedgerDbSecret:\n" +
      "    Type: AWS::SecretsManager::Secret\n  # secretwarden-ignore secret-without-rotation: stale\n  Other: {}\n";
    const findings = await analyze([secretWithoutRotation], [{ path: "template.yaml", text }]);
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.messageId])).toEqual([
      ["unused-suppression", 5, 3, "unused-suppression"],
    ]);
  });

  it("names the CDK construct of a synthesized template", async () => {
    const text = `${SECRET}    Metadata:\n      aws:cdk:path: LedgerStack/LedgerDbSecret/Resource\n`;
    const findings = await analyze([secretWithoutRotation], [{ path: "cdk.out/LedgerStack.template.yaml", text }]);
    expect(findings.map((f) => [f.line, f.column, f.resource, f.message])).toEqual([
      [
        2,
        3,
        "LedgerStack/LedgerDbSecret/Resource",
        "Secret LedgerDbSecret has no rotation schedule. CDK construct: LedgerStack/LedgerDbSecret/Resource.",
      ],
    ]);
  });
});

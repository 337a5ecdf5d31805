/** How each reporter carries a credential finding's confidence, and the count of findings below the floor. */
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import type { Finding } from "../core/finding.js";
import type { RuleMeta } from "../core/rule.js";
import type { ScanResult } from "../engine/types.js";
import { describeErrors, reportValidator, sarifValidator } from "../test-support/schemas.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

const RULE: RuleMeta = {
  id: "hardcoded-credential",
  title: "Credential is hardcoded",
  severity: "error",
  securitySeverity: 9,
  appliesTo: ["source"],
  messages: { literal: "{{binding}} is hardcoded." },
  docs: { description: "Anyone who can read the repository can use it.", remediation: "Revoke it." },
};

const finding = (line: number, confidence: Finding["confidence"], kind = "generic-password"): Finding => ({
  ruleId: "hardcoded-credential",
  severity: "error",
  message: `Key TOKEN_${line} is hardcoded.`,
  file: "config/.env",
  line,
  column: 9,
  endLine: line,
  endColumn: 21,
  kind,
  ...(confidence !== undefined ? { confidence } : {}),
  fingerprint: `f${line}`,
});

/** A credential finding without a confidence (a rule that does not set one) and one finding of each level. */
const NO_CONFIDENCE: Finding = { ...finding(4, undefined), kind: "aws-access-key" };

function result(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    tool: { name: "secretwarden", version: "0.1.0" },
    findings: [finding(1, "high", "github-token"), finding(2, "medium"), finding(3, "low"), NO_CONFIDENCE],
    errors: [],
    skipped: [],
    filesScanned: 1,
    rules: [RULE],
    ...overrides,
  };
}

describe("confidence in the JSON report", () => {
  it("follows kind, before the fingerprint, only on findings that have one", () => {
    const report = JSON.parse(formatJson(result())) as { findings: Record<string, unknown>[] };
    // helpUri (the rule's documentation) closes every finding.
    expect(report.findings.map((f) => Object.keys(f).slice(-4))).toEqual([
      ["kind", "confidence", "fingerprint", "helpUri"],
      ["kind", "confidence", "fingerprint", "helpUri"],
      ["kind", "confidence", "fingerprint", "helpUri"],
      ["endColumn", "kind", "fingerprint", "helpUri"],
    ]);
    expect(report.findings.map((f) => f.confidence)).toEqual(["high", "medium", "low", undefined]);
  });

  it("counts the findings below the floor in the summary, and validates against the schema", () => {
    const text = formatJson(result({ belowMinConfidence: { minConfidence: "medium", count: 2 } }));
    const report = JSON.parse(text) as { summary: Record<string, unknown> };
    expect(report.summary).toEqual({
      filesScanned: 1,
      filesFailed: 0,
      filesSkipped: 0,
      errors: 0,
      findings: { error: 4, warning: 0, note: 0 },
      belowMinConfidence: 2,
    });
    const valid = reportValidator(JSON.parse(text));
    expect(describeErrors(reportValidator.errors)).toBe("");
    expect(valid).toBe(true);
  });

  it("has a schema that rejects a confidence it does not know", () => {
    const report = JSON.parse(formatJson(result())) as { findings: Record<string, unknown>[] };
    (report.findings[0] as Record<string, unknown>).confidence = "certain";
    expect(reportValidator(report)).toBe(false);
  });
});

describe("confidence in SARIF", () => {
  it("is properties.confidence and the result's rank (high 90, medium 60, low 30; none without a confidence)", () => {
    const text = formatSarif(result(), {});
    const log = JSON.parse(text) as Log;
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => [r.rank, r.properties])).toEqual([
      [90, { kind: "github-token", confidence: "high" }],
      [60, { kind: "generic-password", confidence: "medium" }],
      [30, { kind: "generic-password", confidence: "low" }],
      [undefined, { kind: "aws-access-key" }],
    ]);
    const valid = sarifValidator(log);
    expect(describeErrors(sarifValidator.errors)).toBe("");
    expect(valid).toBe(true);
  });
});

describe("confidence in the text report", () => {
  it("follows the message of each credential finding that has one, and the summary says how many are not shown", () => {
    const text = formatText(result({ belowMinConfidence: { minConfidence: "high", count: 1 } }), { color: false });
    expect(text).toBe(
      [
        "config/.env",
        "  1:9    error    Key TOKEN_1 is hardcoded. (high confidence)    hardcoded-credential",
        "  2:9    error    Key TOKEN_2 is hardcoded. (medium confidence)  hardcoded-credential",
        "  3:9    error    Key TOKEN_3 is hardcoded. (low confidence)     hardcoded-credential",
        "  4:9    error    Key TOKEN_4 is hardcoded.                      hardcoded-credential",
        "",
        "Rule documentation:",
        "  hardcoded-credential  https://github.com/secretwarden/secretwarden/blob/main/src/rules/hardcoded-credential/README.md",
        "",
        "4 findings (4 errors, 0 warnings, 0 notes) in 1 file scanned; 1 finding below high confidence not shown",
        "",
      ].join("\n"),
    );
  });
});

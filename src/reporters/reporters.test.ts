import { gzipSync } from "node:zlib";
import { describeErrors, reportValidator, sarifValidator } from "../test-support/schemas.js";
import type { Log, Result, Run } from "sarif";
import { describe, expect, it } from "vitest";
import type { Finding } from "../core/finding.js";
import type { RuleMeta } from "../core/rule.js";
import type { ScanResult } from "../engine/types.js";
import { formatJson } from "./json.js";
import { MAX_RESULTS_PER_RUN, formatSarif, pascalCase } from "./sarif.js";
import { formatText } from "./text.js";

// ---------------------------------------------------------------------------------------------
// Fixture

const ROTATION: RuleMeta = {
  id: "secret-without-rotation",
  title: "Secret has no rotation schedule",
  severity: "warning",
  securitySeverity: 5.5,
  appliesTo: ["cloudformation", "terraform"],
  messages: { default: "Secret {resource} has no rotation schedule." },
  docs: {
    description: "A secret that never rotates stays valid for as long as it leaks.",
    remediation: "Add an `AWS::SecretsManager::RotationSchedule` for the secret.",
  },
  tags: ["CWE-324"],
  precision: "high",
};

const HARDCODED: RuleMeta = {
  id: "hardcoded-secret-value",
  title: "Secret value written in the repository",
  severity: "error",
  securitySeverity: 8,
  appliesTo: ["cloudformation", "source"],
  messages: { default: "Hardcoded value for {resource}." },
  docs: {
    description: "Anyone who can read the repository can read the secret.",
    remediation: "Generate the value with `GenerateSecretString` or read it at run time.",
  },
  // "security" is already here on purpose: the SARIF reporter must not duplicate it.
  tags: ["security", "CWE-798"],
  precision: "medium",
};

const ROTATION_FINDING: Finding = {
  ruleId: "secret-without-rotation",
  severity: "warning",
  message: "Secret OrdersApiSecret has no rotation schedule.",
  file: "examples/bad.yaml",
  line: 11,
  column: 3,
  endLine: 11,
  endColumn: 18,
  resource: "OrdersApiSecret",
  fingerprint: "4f1c2a9e0b7d5e31",
};

const HARDCODED_FINDING: Finding = {
  ruleId: "hardcoded-secret-value",
  severity: "error",
  message: "Hardcoded value for DbPassword.",
  file: "examples/bad.yaml",
  line: 24,
  column: 7,
  endLine: 24,
  endColumn: 31,
  resource: "DbPassword",
  fingerprint: "9b0e77d1c3a25f60",
};

/** No resource, a severity below the rule's default, and a space in its path. */
const SOURCE_FINDING: Finding = {
  ruleId: "hardcoded-secret-value",
  severity: "note",
  message: "String literal looks like an AWS secret access key.",
  file: "src/app config/db.ts",
  line: 3,
  column: 15,
  endLine: 3,
  endColumn: 55,
  fingerprint: "c7d3e5f1a2b4c6d8",
};

const YAML_MESSAGE =
  "YAML syntax error: Implicit map keys need to be followed by map values at line 4, column 1:\n\n  foo\n  ^^^\n";

function scanResult(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    tool: { name: "secretwarden", version: "0.1.0" },
    findings: [ROTATION_FINDING, HARDCODED_FINDING, SOURCE_FINDING],
    errors: [{ file: "examples/broken.yaml", line: 4, column: 1, message: YAML_MESSAGE }],
    skipped: [{ file: "assets/logo.png", reason: "binary", message: "Binary file." }],
    filesScanned: 12,
    rules: [ROTATION, HARDCODED],
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function sarif(result: ScanResult, repositoryRoot?: string): Log {
  return JSON.parse(formatSarif(result, repositoryRoot === undefined ? {} : { repositoryRoot })) as Log;
}

function onlyRun(log: Log): Run {
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  if (run === undefined) throw new Error("no run");
  return run;
}

function results(log: Log): Result[] {
  return onlyRun(log).results ?? [];
}

/**
 * GitHub code scanning upload limits that our output can reach, from "SARIF results exceed one or more
 * limits" (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit)
 * and "SARIF results file is too large" (.../troubleshooting-sarif-uploads/file-too-large):
 * - runs per file: 20 (we always write 1);
 * - results per run: 25,000, above which the upload is rejected (only the top 5,000 by severity are shown);
 * - rules per run: 25,000;
 * - locations per result: 1,000 (only 100 shown);
 * - tags per rule: 20 (only 10 shown, so we hold ourselves to 10);
 * - the gzip-compressed SARIF file: 10 MB.
 * GitHub documents no limit on a rule's help markdown; 8 KB is our own budget for a readable help pane.
 */
function expectWithinGitHubLimits(text: string): void {
  const log = JSON.parse(text) as Log;
  expect(log.runs.length).toBeLessThanOrEqual(20);
  for (const run of log.runs) {
    expect(run.results?.length ?? 0).toBeLessThanOrEqual(25_000);
    const rules = run.tool.driver.rules ?? [];
    expect(rules.length).toBeLessThanOrEqual(25_000);
    for (const rule of rules) {
      const tags: unknown = rule.properties?.tags;
      expect(Array.isArray(tags) ? tags.length : 0).toBeLessThanOrEqual(10);
      expect(rule.help?.markdown?.length ?? 0).toBeLessThanOrEqual(8 * 1024);
    }
    for (const result of run.results ?? []) expect(result.locations?.length ?? 0).toBeLessThanOrEqual(1_000);
  }
  expect(gzipSync(text).length).toBeLessThanOrEqual(10 * 1024 * 1024);
}

// ---------------------------------------------------------------------------------------------
// JSON

describe("formatJson", () => {
  it("writes the documented contract byte for byte", () => {
    const small = scanResult({
      findings: [ROTATION_FINDING],
      errors: [{ file: "examples/broken.yaml", message: "Unexpected end of file." }],
      skipped: [],
      filesScanned: 3,
    });
    const expected = `{
  "schemaVersion": 1,
  "tool": {
    "name": "secretwarden",
    "version": "0.1.0"
  },
  "findings": [
    {
      "ruleId": "secret-without-rotation",
      "severity": "warning",
      "message": "Secret OrdersApiSecret has no rotation schedule.",
      "file": "examples/bad.yaml",
      "line": 11,
      "column": 3,
      "endLine": 11,
      "endColumn": 18,
      "resource": "OrdersApiSecret",
      "fingerprint": "4f1c2a9e0b7d5e31",
      "helpUri": "https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md"
    }
  ],
  "errors": [
    {
      "file": "examples/broken.yaml",
      "message": "Unexpected end of file."
    }
  ],
  "skipped": [],
  "summary": {
    "filesScanned": 3,
    "filesFailed": 0,
    "filesSkipped": 0,
    "errors": 1,
    "findings": {
      "error": 0,
      "warning": 1,
      "note": 0
    }
  }
}
`;
    const text = formatJson(small);
    expect(text).toBe(expected);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(expected));
    expect(Object.keys(parsed)).toEqual(["schemaVersion", "tool", "findings", "errors", "skipped", "summary"]);
  });

  it("orders keys as documented, omits an absent resource and keeps the engine's order", () => {
    const report = JSON.parse(formatJson(scanResult())) as {
      findings: Record<string, unknown>[];
      errors: Record<string, unknown>[];
      skipped: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    const [first, , third] = report.findings;
    expect(Object.keys(first ?? {})).toEqual([
      "ruleId",
      "severity",
      "message",
      "file",
      "line",
      "column",
      "endLine",
      "endColumn",
      "resource",
      "fingerprint",
      "helpUri",
    ]);
    expect(Object.keys(third ?? {})).toEqual([
      "ruleId",
      "severity",
      "message",
      "file",
      "line",
      "column",
      "endLine",
      "endColumn",
      "fingerprint",
      "helpUri",
    ]);
    expect(report.findings.map((finding) => finding.fingerprint)).toEqual([
      "4f1c2a9e0b7d5e31",
      "9b0e77d1c3a25f60",
      "c7d3e5f1a2b4c6d8",
    ]);
    expect(report.errors).toEqual([{ file: "examples/broken.yaml", line: 4, column: 1, message: YAML_MESSAGE }]);
    expect(Object.keys(report.errors[0] ?? {})).toEqual(["file", "line", "column", "message"]);
    expect(report.skipped).toEqual([{ file: "assets/logo.png", reason: "binary", message: "Binary file." }]);
    expect(report.summary).toEqual({
      filesScanned: 12,
      filesFailed: 0,
      filesSkipped: 1,
      errors: 1,
      findings: { error: 1, warning: 1, note: 1 },
    });
  });

  it("validates against report.schema.json", () => {
    for (const result of [scanResult(), scanResult({ findings: [], errors: [], skipped: [] })]) {
      const valid = reportValidator(JSON.parse(formatJson(result)));
      expect(describeErrors(reportValidator.errors)).toBe("");
      expect(valid).toBe(true);
    }
  });

  it("has a schema that rejects unknown properties", () => {
    const report = JSON.parse(formatJson(scanResult())) as { findings: Record<string, unknown>[] };
    const first = report.findings[0];
    if (first !== undefined) first.extra = true;
    expect(reportValidator(report)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// SARIF

describe("formatSarif", () => {
  it("validates against the SARIF 2.1.0 schema", () => {
    for (const text of [
      formatSarif(scanResult(), {}),
      formatSarif(scanResult(), { repositoryRoot: "/home/dev/my repo" }),
      formatSarif(scanResult({ findings: [], errors: [], skipped: [], rules: [] }), {}),
    ]) {
      const valid = sarifValidator(JSON.parse(text));
      expect(describeErrors(sarifValidator.errors)).toBe("");
      expect(valid).toBe(true);
      expectWithinGitHubLimits(text);
    }
  });

  it("uses a validator that rejects an unencoded space in a URI", () => {
    const log = sarif(scanResult());
    const location = log.runs[0]?.artifacts?.[1]?.location;
    if (location !== undefined) location.uri = "src/app config/db.ts";
    expect(sarifValidator(log)).toBe(false);
    expect(describeErrors(sarifValidator.errors)).toContain('must match format "uri-reference"');
  });

  it("has the log envelope, one run and the driver", () => {
    const log = sarif(scanResult());
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    const run = onlyRun(log);
    expect(run.tool.driver.name).toBe("secretwarden");
    expect(run.tool.driver.version).toBe("0.1.0");
    expect(run.tool.driver.semanticVersion).toBe("0.1.0");
    expect(run.tool.driver.informationUri).toBe("https://github.com/secretwarden/secretwarden");
    expect(run.automationDetails).toEqual({ id: "secretwarden/" });
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.originalUriBaseIds).toBeUndefined();
  });

  it("describes rules in the order given", () => {
    const rules = onlyRun(sarif(scanResult())).tool.driver.rules;
    expect(rules?.map((rule) => rule.id)).toEqual(["secret-without-rotation", "hardcoded-secret-value"]);
    expect(rules?.[0]).toEqual({
      id: "secret-without-rotation",
      name: "SecretWithoutRotation",
      shortDescription: { text: "Secret has no rotation schedule" },
      fullDescription: { text: "A secret that never rotates stays valid for as long as it leaks." },
      help: {
        text:
          "A secret that never rotates stays valid for as long as it leaks.\n\n" +
          "Add an `AWS::SecretsManager::RotationSchedule` for the secret.",
        markdown:
          "**Secret has no rotation schedule**\n\n" +
          "A secret that never rotates stays valid for as long as it leaks.\n\n" +
          "## Remediation\n\n" +
          "Add an `AWS::SecretsManager::RotationSchedule` for the secret.\n\n" +
          "[Documentation for secret-without-rotation](https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md)",
      },
      helpUri: "https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md",
      defaultConfiguration: { level: "warning" },
      properties: { "security-severity": "5.5", tags: ["security", "CWE-324"], precision: "high" },
    });
    expect(rules?.[1]?.properties).toEqual({
      "security-severity": "8.0",
      tags: ["security", "CWE-798"],
      precision: "medium",
    });
  });

  it("turns kebab-case ids into PascalCase names", () => {
    expect(pascalCase("secret-without-rotation")).toBe("SecretWithoutRotation");
    expect(pascalCase("kms-key-v2")).toBe("KmsKeyV2");
  });

  it("keeps rules[] and ruleIndex consistent", () => {
    const run = onlyRun(sarif(scanResult()));
    const rules = run.tool.driver.rules ?? [];
    expect((run.results ?? []).map((result) => [result.ruleId, result.ruleIndex])).toEqual([
      ["secret-without-rotation", 0],
      ["hardcoded-secret-value", 1],
      ["hardcoded-secret-value", 1],
    ]);
    for (const result of run.results ?? []) expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
  });

  it("writes each result with its own level, location, fingerprint and resource", () => {
    const [rotation, , source] = results(sarif(scanResult()));
    expect(rotation).toEqual({
      ruleId: "secret-without-rotation",
      ruleIndex: 0,
      level: "warning",
      message: { text: "Secret OrdersApiSecret has no rotation schedule." },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "examples/bad.yaml", uriBaseId: "%SRCROOT%", index: 0 },
            region: { startLine: 11, startColumn: 3, endLine: 11, endColumn: 18 },
          },
        },
      ],
      partialFingerprints: { "secretwarden/v1": "4f1c2a9e0b7d5e31" },
      properties: { resource: "OrdersApiSecret" },
    });
    // Severity "note" although the rule's default is "error"; no resource, so no property bag.
    expect(source?.level).toBe("note");
    expect(source?.properties).toBeUndefined();
  });

  it("sets partialFingerprints to the finding fingerprints", () => {
    expect(results(sarif(scanResult())).map((result) => result.partialFingerprints)).toEqual([
      { "secretwarden/v1": "4f1c2a9e0b7d5e31" },
      { "secretwarden/v1": "9b0e77d1c3a25f60" },
      { "secretwarden/v1": "c7d3e5f1a2b4c6d8" },
    ]);
  });

  it("keeps partialFingerprints when only the line moved", () => {
    const moved: Finding = { ...ROTATION_FINDING, line: 40, endLine: 40 };
    const [before] = results(sarif(scanResult({ findings: [ROTATION_FINDING] })));
    const [after] = results(sarif(scanResult({ findings: [moved] })));
    expect(after?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(40);
    expect(before?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(11);
    expect(after?.partialFingerprints).toEqual(before?.partialFingerprints);
    expect(after?.partialFingerprints).toEqual({ "secretwarden/v1": "4f1c2a9e0b7d5e31" });
  });

  it("lists each file with findings once in artifacts and percent-encodes spaces", () => {
    const run = onlyRun(sarif(scanResult()));
    expect(run.artifacts).toEqual([
      { location: { uri: "examples/bad.yaml", uriBaseId: "%SRCROOT%" } },
      { location: { uri: "src/app%20config/db.ts", uriBaseId: "%SRCROOT%" } },
    ]);
    const [, hardcoded, source] = run.results ?? [];
    expect(hardcoded?.locations?.[0]?.physicalLocation?.artifactLocation?.index).toBe(0);
    expect(source?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({
      uri: "src/app%20config/db.ts",
      uriBaseId: "%SRCROOT%",
      index: 1,
    });
  });

  it("encodes characters that would change the meaning of a URI reference", () => {
    const odd: Finding = { ...SOURCE_FINDING, file: "a b/#1 100%?.yaml" };
    const [result] = results(sarif(scanResult({ findings: [odd] })));
    expect(result?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe("a%20b/%231%20100%25%3F.yaml");
  });

  it("sets %SRCROOT% to the repository root as a directory URL only when given", () => {
    const run = onlyRun(sarif(scanResult(), "/home/dev/my repo"));
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///home/dev/my%20repo/" } });
    const trailing = onlyRun(sarif(scanResult(), "/home/dev/repo/"));
    expect(trailing.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///home/dev/repo/" } });
  });

  it("reports parse errors and skipped files as notifications of a successful run", () => {
    const [invocation] = onlyRun(sarif(scanResult())).invocations ?? [];
    expect(invocation).toEqual({
      executionSuccessful: true,
      properties: { filesScanned: 12, filesFailed: 0, filesSkipped: 1 },
      toolExecutionNotifications: [
        {
          level: "error",
          message: { text: YAML_MESSAGE },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: "examples/broken.yaml", uriBaseId: "%SRCROOT%" },
                region: { startLine: 4, startColumn: 1 },
              },
            },
          ],
          descriptor: { id: "parse-error" },
        },
        {
          level: "note",
          message: { text: "Binary file." },
          locations: [{ physicalLocation: { artifactLocation: { uri: "assets/logo.png", uriBaseId: "%SRCROOT%" } } }],
          descriptor: { id: "file-skipped" },
          properties: { reason: "binary" },
        },
      ],
    });
  });

  it("omits the region of a parse error without a line", () => {
    const [invocation] =
      onlyRun(sarif(scanResult({ errors: [{ file: "x.json", message: "Empty file." }], skipped: [] }))).invocations ??
      [];
    expect(invocation?.toolExecutionNotifications).toEqual([
      {
        level: "error",
        message: { text: "Empty file." },
        locations: [{ physicalLocation: { artifactLocation: { uri: "x.json", uriBaseId: "%SRCROOT%" } } }],
        descriptor: { id: "parse-error" },
      },
    ]);
  });

  it(`caps results at ${MAX_RESULTS_PER_RUN} per run, dropping the least severe, and says so`, () => {
    expect(MAX_RESULTS_PER_RUN).toBe(25_000);
    const many: Finding[] = Array.from({ length: MAX_RESULTS_PER_RUN }, (_, i) => ({
      ...HARDCODED_FINDING,
      line: i + 1,
      endLine: i + 1,
      fingerprint: `fp-${i}`,
    }));
    // The note comes first in the engine's order but is the one to go.
    const text = formatSarif(scanResult({ findings: [SOURCE_FINDING, ...many], errors: [], skipped: [] }), {});
    const run = onlyRun(JSON.parse(text) as Log);
    expect(run.results).toHaveLength(25_000);
    expect(run.results?.[0]?.partialFingerprints).toEqual({ "secretwarden/v1": "fp-0" });
    expect(run.results?.[24_999]?.partialFingerprints).toEqual({ "secretwarden/v1": "fp-24999" });
    expect(run.artifacts).toEqual([{ location: { uri: "examples/bad.yaml", uriBaseId: "%SRCROOT%" } }]);
    expect(run.invocations?.[0]?.toolExecutionNotifications).toEqual([
      {
        level: "warning",
        message: {
          text:
            "1 of 25001 results were dropped because GitHub code scanning accepts at most 25000 results per run; " +
            "the least severe were dropped first.",
        },
        descriptor: { id: "results-truncated" },
      },
    ]);
    expectWithinGitHubLimits(text);
  });

  it("does not truncate at exactly the cap", () => {
    const exactly = Array.from({ length: MAX_RESULTS_PER_RUN }, () => ROTATION_FINDING);
    const run = onlyRun(sarif(scanResult({ findings: exactly, errors: [], skipped: [] })));
    expect(run.results).toHaveLength(25_000);
    expect(run.invocations?.[0]?.toolExecutionNotifications).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Text

describe("formatText", () => {
  it("prints the documented layout byte for byte", () => {
    const expected = [
      "examples/bad.yaml",
      "  11:3   warning  Secret OrdersApiSecret has no rotation schedule.  secret-without-rotation",
      "  24:7   error    Hardcoded value for DbPassword.                   hardcoded-secret-value",
      "",
      "src/app config/db.ts",
      "  3:15   note     String literal looks like an AWS secret access key.  hardcoded-secret-value",
      "",
      "examples/broken.yaml",
      "  4:1    error    YAML syntax error: Implicit map keys need to be followed by map values at line 4, column 1:  (parse error)",
      "",
      "skipped  assets/logo.png  Binary file.",
      "",
      "Rule documentation:",
      "  secret-without-rotation  https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md",
      "  hardcoded-secret-value   https://github.com/secretwarden/secretwarden/blob/main/src/rules/hardcoded-secret-value/README.md",
      "",
      "3 findings (1 error, 1 warning, 1 note) in 12 files scanned; 1 file could not be parsed; 1 file skipped",
      "",
    ].join("\n");
    expect(formatText(scanResult(), { color: false })).toBe(expected);
  });

  it("lines up columns like the documented example", () => {
    const result = scanResult({
      findings: [ROTATION_FINDING, { ...HARDCODED_FINDING, ruleId: "some-rule-id", message: "..." }],
      errors: [{ file: "examples/broken.yaml", line: 4, column: 1, message: "YAML syntax error: ..." }],
      skipped: [],
    });
    expect(formatText(result, { color: false })).toBe(
      [
        "examples/bad.yaml",
        "  11:3   warning  Secret OrdersApiSecret has no rotation schedule.  secret-without-rotation",
        "  24:7   error    ...                                               some-rule-id",
        "",
        "examples/broken.yaml",
        "  4:1    error    YAML syntax error: ...  (parse error)",
        "",
        "Rule documentation:",
        "  secret-without-rotation  https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md",
        "  some-rule-id             https://github.com/secretwarden/secretwarden/blob/main/src/rules/some-rule-id/README.md",
        "",
        "2 findings (1 error, 1 warning, 0 notes) in 12 files scanned; 1 file could not be parsed",
        "",
      ].join("\n"),
    );
  });

  it("merges parse errors into their file's group by line", () => {
    const result = scanResult({
      errors: [
        { file: "examples/bad.yaml", line: 20, column: 1, message: "Duplicate key." },
        { file: "examples/bad.yaml", message: "File has mixed line endings." },
      ],
      skipped: [],
      findings: [ROTATION_FINDING, HARDCODED_FINDING],
      filesScanned: 1,
    });
    expect(formatText(result, { color: false })).toBe(
      [
        "examples/bad.yaml",
        "         error    File has mixed line endings.                      (parse error)",
        "  11:3   warning  Secret OrdersApiSecret has no rotation schedule.  secret-without-rotation",
        "  20:1   error    Duplicate key.                                    (parse error)",
        "  24:7   error    Hardcoded value for DbPassword.                   hardcoded-secret-value",
        "",
        "Rule documentation:",
        "  secret-without-rotation  https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md",
        "  hardcoded-secret-value   https://github.com/secretwarden/secretwarden/blob/main/src/rules/hardcoded-secret-value/README.md",
        "",
        "2 findings (1 error, 1 warning, 0 notes) in 1 file scanned; 1 file could not be parsed",
        "",
      ].join("\n"),
    );
  });

  it("widens the position column of a group that needs it", () => {
    const far: Finding = { ...ROTATION_FINDING, line: 12345, column: 67 };
    const result = scanResult({ findings: [far], errors: [], skipped: [], filesScanned: 1 });
    expect(formatText(result, { color: false })).toBe(
      [
        "examples/bad.yaml",
        "  12345:67  warning  Secret OrdersApiSecret has no rotation schedule.  secret-without-rotation",
        "",
        "Rule documentation:",
        "  secret-without-rotation  https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md",
        "",
        "1 finding (0 errors, 1 warning, 0 notes) in 1 file scanned",
        "",
      ].join("\n"),
    );
  });

  it("says so when there is nothing to report", () => {
    const empty = scanResult({ findings: [], errors: [], skipped: [] });
    expect(formatText(empty, { color: false })).toBe("No findings in 12 files scanned.\n");
    expect(formatText({ ...empty, filesScanned: 1 }, { color: false })).toBe("No findings in 1 file scanned.\n");
    expect(formatText({ ...empty, filesScanned: 0 }, { color: true })).toBe("No findings in 0 files scanned.\n");
    const skippedOnly = scanResult({ findings: [], errors: [] });
    expect(formatText(skippedOnly, { color: false })).toBe(
      "skipped  assets/logo.png  Binary file.\n\nNo findings in 12 files scanned; 1 file skipped.\n",
    );
  });

  it("colours only when asked", () => {
    const colored = formatText(scanResult(), { color: true });
    const plainText = formatText(scanResult(), { color: false });
    expect(colored).toContain("\u001b[");
    expect(plainText).not.toContain("\u001b");
    expect(colored).toContain("\u001b[4mexamples/bad.yaml\u001b[24m");
    expect(colored).toContain(
      "  \u001b[2m11:3\u001b[22m   \u001b[33mwarning\u001b[39m  Secret OrdersApiSecret has no rotation schedule.  " +
        "\u001b[2msecret-without-rotation\u001b[22m\n",
    );
    expect(colored).toContain("\u001b[31merror\u001b[39m    ");
    expect(colored).toContain("\u001b[36mnote\u001b[39m     ");
    // Stripping the escape codes gives back the plain layout: padding is computed on visible text.
    expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(plainText);
  });

  it("hides findings below minSeverity and the skipped list in quiet mode", () => {
    const quiet = formatText(scanResult(), { color: false, minSeverity: "warning" });
    expect(quiet).toBe(
      [
        "examples/bad.yaml",
        "  11:3   warning  Secret OrdersApiSecret has no rotation schedule.  secret-without-rotation",
        "  24:7   error    Hardcoded value for DbPassword.                   hardcoded-secret-value",
        "",
        "examples/broken.yaml",
        "  4:1    error    YAML syntax error: Implicit map keys need to be followed by map values at line 4, column 1:  (parse error)",
        "",
        "Rule documentation:",
        "  secret-without-rotation  https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md",
        "  hardcoded-secret-value   https://github.com/secretwarden/secretwarden/blob/main/src/rules/hardcoded-secret-value/README.md",
        "",
        "2 findings (1 error, 1 warning, 0 notes) in 12 files scanned; 1 file could not be parsed; 1 file skipped",
        "",
      ].join("\n"),
    );
    expect(quiet).not.toContain("String literal");
    expect(quiet).not.toContain("assets/logo.png");

    const errorsOnly = formatText(scanResult({ errors: [] }), { color: false, minSeverity: "error" });
    expect(errorsOnly).not.toContain("secret-without-rotation");
    expect(errorsOnly).toContain("hardcoded-secret-value");
    expect(formatText(scanResult(), { color: false, minSeverity: "note" })).not.toContain("skipped  ");
  });
});

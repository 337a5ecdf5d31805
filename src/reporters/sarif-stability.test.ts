/**
 * What GitHub code scanning needs to keep alerts stable between runs (issue 15): paths relative to the repository
 * root wherever the scan ran, a category users can set, an honest run status, and rule properties that mean something.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Log, Run } from "sarif";
import { describe, expect, it } from "vitest";
import type { Finding } from "../core/finding.js";
import type { RuleMeta } from "../core/rule.js";
import type { ScanResult } from "../engine/types.js";
import { SUPPRESSION_RULES } from "../engine/suppressions.js";
import { RULES } from "../rules/index.js";
import { describeErrors, reportValidator, sarifValidator } from "../test-support/schemas.js";
import { buildJsonReport } from "./json.js";
import { buildSarifLog, type SarifOptions } from "./sarif.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const RULE: RuleMeta = {
  id: "secret-without-rotation",
  title: "Secret has no rotation schedule",
  severity: "warning",
  securitySeverity: 5.5,
  appliesTo: ["cloudformation"],
  messages: {},
  docs: { description: "Rotates never.", remediation: "Rotate." },
  tags: ["CWE-324"],
  precision: "high",
};

function finding(file: string): Finding {
  return {
    ruleId: RULE.id,
    severity: "warning",
    message: "Secret AppSecret has no rotation schedule.",
    file,
    line: 4,
    column: 3,
    endLine: 4,
    endColumn: 12,
    resource: "AppSecret",
    fingerprint: `fp-${file}`,
  };
}

function result(files: string[], overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    tool: { name: "secretwarden", version: "0.1.0" },
    findings: files.map(finding),
    errors: [],
    skipped: [],
    filesScanned: files.length,
    rules: [RULE],
    ...overrides,
  };
}

function onlyRun(log: Log): Run {
  const valid = sarifValidator(log);
  expect(describeErrors(sarifValidator.errors)).toBe("");
  expect(valid).toBe(true);
  const [run] = log.runs;
  if (run === undefined || log.runs.length !== 1) throw new Error("expected one run");
  return run;
}

const uris = (run: Run): unknown[] =>
  (run.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation);

describe("SARIF paths relative to the repository root", () => {
  it("writes infra/template.yaml when the scan ran in infra/", () => {
    const run = onlyRun(
      buildSarifLog(result(["template.yaml"]), { repositoryRoot: "/work/app", cwd: "/work/app/infra" }),
    );
    expect(uris(run)).toEqual([{ uri: "infra/template.yaml", uriBaseId: "%SRCROOT%", index: 0 }]);
    expect(run.artifacts).toEqual([{ location: { uri: "infra/template.yaml", uriBaseId: "%SRCROOT%" } }]);
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///work/app/" } });
  });

  it("writes app/stack.yaml, not ../app/stack.yaml, for `secretwarden ../app` run from a sibling folder", () => {
    const run = onlyRun(
      buildSarifLog(result(["../app/stack.yaml"]), { repositoryRoot: "/work/repo", cwd: "/work/repo/tools" }),
    );
    expect(uris(run)).toEqual([{ uri: "app/stack.yaml", uriBaseId: "%SRCROOT%", index: 0 }]);
  });

  it("gives the same URIs wherever the scan ran", () => {
    const fromRoot = onlyRun(buildSarifLog(result(["infra/a b.yaml"]), { repositoryRoot: "/r", cwd: "/r" }));
    const fromInfra = onlyRun(buildSarifLog(result(["a b.yaml"]), { repositoryRoot: "/r", cwd: "/r/infra" }));
    const fromOutside = onlyRun(buildSarifLog(result(["r/infra/a b.yaml"]), { repositoryRoot: "/r", cwd: "/" }));
    expect(uris(fromRoot)).toEqual([{ uri: "infra/a%20b.yaml", uriBaseId: "%SRCROOT%", index: 0 }]);
    expect(uris(fromInfra)).toEqual(uris(fromRoot));
    expect(uris(fromOutside)).toEqual(uris(fromRoot));
  });

  it("gives a file outside the root an absolute file: URI without a base", () => {
    const run = onlyRun(
      buildSarifLog(result(["../elsewhere/x.yaml"]), { repositoryRoot: "/work/repo", cwd: "/work/repo" }),
    );
    expect(uris(run)).toEqual([{ uri: "file:///work/elsewhere/x.yaml", index: 0 }]);
  });

  it("puts parse errors and skipped files under the same root", () => {
    const run = onlyRun(
      buildSarifLog(
        result([], {
          errors: [{ file: "broken.yaml", line: 2, message: "Bad YAML." }],
          skipped: [{ file: "logo.png", reason: "binary", message: "Binary file." }],
        }),
        { repositoryRoot: "/r", cwd: "/r/infra" },
      ),
    );
    expect(
      run.invocations?.[0]?.toolExecutionNotifications?.map(
        (n) => n.locations?.[0]?.physicalLocation?.artifactLocation,
      ),
    ).toEqual([
      { uri: "infra/broken.yaml", uriBaseId: "%SRCROOT%" },
      { uri: "infra/logo.png", uriBaseId: "%SRCROOT%" },
    ]);
  });

  it("keeps a backslash in a file name, percent-encoded, instead of making it a folder", () => {
    const withRoot = onlyRun(buildSarifLog(result(["infra/a\\b.yaml"]), { repositoryRoot: "/r", cwd: "/r" }));
    expect(uris(withRoot)).toEqual([{ uri: "infra/a%5Cb.yaml", uriBaseId: "%SRCROOT%", index: 0 }]);
    const without = onlyRun(buildSarifLog(result(["infra/a\\b.yaml"]), {}));
    expect(uris(without)).toEqual([{ uri: "infra/a%5Cb.yaml", uriBaseId: "%SRCROOT%", index: 0 }]);
  });
});

describe("SARIF category and run status", () => {
  it.each<[SarifOptions, string]>([
    [{}, "secretwarden/"],
    [{ category: "infra" }, "infra/"],
    [{ category: "secretwarden-app/" }, "secretwarden-app/"],
  ])("sets automationDetails.id from %j to %s", (options, id) => {
    expect(onlyRun(buildSarifLog(result(["a.yaml"]), options)).automationDetails).toEqual({ id });
  });

  it("marks a run that could scan nothing as unsuccessful, with the reason first among the notifications", () => {
    const reason = "nothing could be scanned: every file failed (1 with an error entry); see the report";
    const failed = result([], { errors: [{ file: "a.yaml", message: "Bad YAML." }], filesScanned: 0, filesFailed: 1 });
    const run = onlyRun(buildSarifLog(failed, { failure: reason }));
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        properties: { filesScanned: 0, filesFailed: 1, filesSkipped: 0 },
        toolExecutionNotifications: [
          { level: "error", message: { text: reason }, descriptor: { id: "nothing-scanned" } },
          {
            level: "error",
            message: { text: "Bad YAML." },
            locations: [{ physicalLocation: { artifactLocation: { uri: "a.yaml", uriBaseId: "%SRCROOT%" } } }],
            descriptor: { id: "parse-error" },
          },
        ],
      },
    ]);
    expect(onlyRun(buildSarifLog(failed, {})).invocations?.[0]?.executionSuccessful).toBe(true);
  });
});

describe("SARIF rule properties", () => {
  const properties = (rules: readonly RuleMeta[]): Record<string, unknown> =>
    Object.fromEntries(
      (onlyRun(buildSarifLog(result([], { rules: [...rules] }), {})).tool.driver.rules ?? []).map((r) => [
        r.id,
        r.properties,
      ]),
    );

  it("gives each rule its measured precision, and security-severity only to security rules", () => {
    expect(properties([...RULES.map((rule) => rule.meta), ...SUPPRESSION_RULES])).toEqual({
      "audit-trail-missing": { "security-severity": "2.0", tags: ["security", "CWE-778"], precision: "medium" },
      "cross-account-without-cmk": { "security-severity": "7.0", tags: ["security", "CWE-732"], precision: "high" },
      "database-password-unmanaged": {
        "security-severity": "6.0",
        tags: ["security", "CWE-522"],
        precision: "very-high",
      },
      "hardcoded-credential": { "security-severity": "9.0", tags: ["security", "CWE-798"], precision: "medium" },
      "kms-key-rotation-disabled": {
        "security-severity": "4.0",
        tags: ["security", "CWE-320"],
        precision: "very-high",
      },
      "lambda-env-secret": { "security-severity": "6.5", tags: ["security", "CWE-526"], precision: "high" },
      "parameter-without-noecho": { "security-severity": "5.0", tags: ["security", "CWE-200"], precision: "high" },
      "policy-not-action": { "security-severity": "5.0", tags: ["security", "CWE-732"], precision: "very-high" },
      "policy-public-principal": { "security-severity": "8.5", tags: ["security", "CWE-284"], precision: "high" },
      "policy-unknown-action": { "security-severity": "3.0", tags: ["security", "correctness"], precision: "high" },
      "policy-wildcard-action": { "security-severity": "6.0", tags: ["security", "CWE-732"], precision: "very-high" },
      "policy-wildcard-resource": { "security-severity": "5.0", tags: ["security", "CWE-732"], precision: "high" },
      "rotation-interval-too-long": {
        "security-severity": "4.0",
        tags: ["security", "CWE-324"],
        precision: "very-high",
      },
      "secret-aws-managed-key": { "security-severity": "5.0", tags: ["security", "CWE-311"], precision: "very-high" },
      "secret-fetch-without-cache": { tags: ["performance", "availability"], precision: "medium" },
      "secret-naming-convention": { tags: ["maintainability"], precision: "very-high" },
      "secret-recovery-disabled": { "security-severity": "3.0", tags: ["security", "CWE-404"], precision: "very-high" },
      "secret-without-rotation": { "security-severity": "5.5", tags: ["security", "CWE-324"], precision: "high" },
      "ssm-parameter-secret": { "security-severity": "6.5", tags: ["security", "CWE-312"], precision: "high" },
      "unused-suppression": { tags: ["maintainability"], precision: "very-high" },
      "invalid-suppression": { tags: ["maintainability"], precision: "very-high" },
    });
  });

  it("says nothing of precision for a rule that declares none", () => {
    const { precision: _unused, ...undeclared } = RULE;
    expect(properties([undeclared])).toEqual({
      "secret-without-rotation": { "security-severity": "5.5", tags: ["security", "CWE-324"] },
    });
  });
});

describe("rule documentation links", () => {
  const all = [...RULES.map((rule) => rule.meta), ...SUPPRESSION_RULES];

  it("point at a file of the repository for every rule, the same in SARIF and in the JSON report", () => {
    const log = buildSarifLog(result([], { rules: all }), {});
    const prefix = "https://github.com/secretwarden/secretwarden/blob/main/";
    for (const rule of log.runs[0]?.tool.driver.rules ?? []) {
      expect(rule.helpUri?.startsWith(prefix)).toBe(true);
      const [path, anchor] = (rule.helpUri ?? "").slice(prefix.length).split("#");
      expect(existsSync(`${ROOT}${path}`), `${rule.id}: ${path}`).toBe(true);
      if (anchor !== undefined)
        expect(readFileSync(`${ROOT}${path}`, "utf8")).toMatch(new RegExp(`^## ${anchor}$`, "im"));
      const json = buildJsonReport({ ...result([]), findings: [{ ...finding("a.yaml"), ruleId: rule.id }] });
      expect(json.findings[0]?.helpUri).toBe(rule.helpUri);
    }
    expect(log.runs[0]?.tool.driver.rules?.find((r) => r.id === "unused-suppression")?.helpUri).toBe(
      `${prefix}README.md#suppressions`,
    );
    expect(log.runs[0]?.tool.driver.rules?.find((r) => r.id === "hardcoded-credential")?.helpUri).toBe(
      `${prefix}src/rules/hardcoded-credential/README.md`,
    );
  });

  it("adds root to the JSON report only when given, and the report still validates", () => {
    const withRoot = buildJsonReport(result(["a.yaml"]), { root: ".." });
    expect(Object.keys(withRoot).slice(0, 3)).toEqual(["schemaVersion", "tool", "root"]);
    expect(withRoot.root).toBe("..");
    expect(reportValidator(withRoot), describeErrors(reportValidator.errors)).toBe(true);
    expect("root" in buildJsonReport(result(["a.yaml"]))).toBe(false);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineRule } from "../knowledge/rule-contract.js";
import { Project } from "../model/project.js";
import type { Secret } from "../model/entities.js";
import { SourceFile } from "../core/positioned.js";
import { ConfigError, loadConfig, ruleSettings } from "./config.js";
import { interpolate, runRules, sortFindings } from "./run.js";
import type { Finding } from "../core/finding.js";

const file = new SourceFile(
  "infra/app.yaml",
  "Resources:\n  A:\n    Type: AWS::SecretsManager::Secret\n  B:\n    Type: AWS::SecretsManager::Secret\n",
);
const secret = (resource: string, start: number): Secret => ({
  kind: "secret",
  platform: "cloudformation",
  file,
  unit: file.path,
  resource,
  type: "AWS::SecretsManager::Secret",
  replicas: [],
  node: { kind: "scalar", value: resource, start, end: start + 1, file, path: ["Resources", resource] },
});
const project = new Project([secret("B", 54), secret("A", 13)]);

const probe = defineRule({
  meta: {
    id: "probe-rule",
    title: "A rule for engine tests",
    severity: "error",
    securitySeverity: 5,
    appliesTo: ["cloudformation"],
    messages: { seen: "Saw {{name}} with limit {{limit}}.", soft: "Soft finding on {{name}}." },
    docs: { description: "Only for tests of the engine.", remediation: "None." },
  },
  options: { schema: { properties: { limit: { type: "integer", minimum: 1 } } }, defaults: { limit: 60 } },
  create(context) {
    return {
      secret(s) {
        context.report({
          node: s.node,
          entity: s,
          messageId: "seen",
          data: { name: s.resource, limit: String(context.options.limit) },
        });
        context.report({ node: s.node, entity: s, messageId: "soft", data: { name: s.resource }, severity: "note" });
      },
    };
  },
});

describe("runRules", () => {
  it("interpolates messages, applies default options, orders findings, lowers severity only on request", () => {
    const findings = runRules(project, [probe], ruleSettings([probe], {}));
    expect(findings.map((f) => [f.line, f.severity, f.message, f.resource])).toEqual([
      [2, "error", "Saw A with limit 60.", "A"],
      [2, "note", "Soft finding on A.", "A"],
      [4, "error", "Saw B with limit 60.", "B"],
      [4, "note", "Soft finding on B.", "B"],
    ]);
  });

  it("lets the configuration set options and severities, and turn a rule off", () => {
    const warning = runRules(
      project,
      [probe],
      ruleSettings([probe], { rules: { "probe-rule": { severity: "warning", options: { limit: 90 } } } }),
    );
    expect(warning.map((f) => [f.severity, f.message])[0]).toEqual(["warning", "Saw A with limit 90."]);
    expect(runRules(project, [probe], ruleSettings([probe], { rules: { "probe-rule": "off" } }))).toEqual([]);
  });

  it("gives fingerprints that depend on the node's path, not its line", () => {
    const first = runRules(project, [probe], ruleSettings([probe], {}));
    const moved = new Project([secret("A", 30)]);
    const again = runRules(moved, [probe], ruleSettings([probe], {}));
    expect(again[0]?.fingerprint).toBe(first[0]?.fingerprint);
    expect(new Set(first.map((f) => f.fingerprint)).size).toBe(4);
  });
});

describe("interpolate", () => {
  it("fills known placeholders and leaves unknown ones visible", () => {
    expect(interpolate("{{a}} and {{ b }} and {{c}}", { a: 1, b: "two" })).toBe("1 and two and {{c}}");
  });
});

describe("sortFindings", () => {
  it("sorts by file, line, column, rule id and message", () => {
    const f = (file: string, line: number, column: number, ruleId: string): Finding => ({
      ruleId,
      severity: "note",
      message: "m",
      file,
      line,
      column,
      endLine: line,
      endColumn: column + 1,
      fingerprint: "x",
    });
    const sorted = sortFindings([f("b", 1, 1, "r"), f("a", 2, 1, "r"), f("a", 1, 5, "r"), f("a", 1, 5, "a")]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.column}:${x.ruleId}`)).toEqual([
      "a:1:5:a",
      "a:1:5:r",
      "a:2:1:r",
      "b:1:1:r",
    ]);
  });
});

describe("loadConfig", () => {
  const write = (name: string, text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "secretwarden-config-"));
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("reads JSON and YAML", async () => {
    expect(await loadConfig(write("c.json", '{"rules": {"probe-rule": "note"}, "maxFileSize": 10}'), [probe])).toEqual({
      rules: { "probe-rule": "note" },
      maxFileSize: 10,
    });
    expect(await loadConfig(write("c.yaml", "ownAccounts: ['111122223333']\n"), [probe])).toEqual({
      ownAccounts: ["111122223333"],
    });
  });

  it.each([
    ['{"rules": {"probe-rule": {"options": {"limit": 0}}}}', "/rules/probe-rule/options/limit: must be >= 1"],
    [
      '{"rules": {"probe-rule": {"options": {"lmit": 3}}}}',
      '/rules/probe-rule/options: must NOT have additional properties "lmit"',
    ],
    ['{"ownAccounts": ["12345"]}', '/ownAccounts/0: must match pattern "^[0-9]{12}$"'],
    ['{"maxfilesize": 3}', '(top level): must NOT have additional properties "maxfilesize"'],
  ])("rejects %s naming the bad key", async (text, problem) => {
    const path = write("c.json", text);
    await expect(loadConfig(path, [probe])).rejects.toThrow(ConfigError);
    await expect(loadConfig(path, [probe])).rejects.toThrow(problem);
  });

  it("says when the file is not valid JSON", async () => {
    const path = write("c.json", "{ rules: }");
    await expect(loadConfig(path, [probe])).rejects.toThrow(`config file ${path} is not valid JSON`);
  });

  // Positions come from SourceFile.locate, as findings' do: a lone CR ends a line there too (old Mac line endings).
  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("places a problem at its line and column with %s line endings", async (_name, eol) => {
    const text = ["{", '  "ownAccounts": [', '    "111122223333",', '    "12345"', "  ]", "}"].join(eol);
    await expect(loadConfig(write("c.json", text), [probe])).rejects.toThrow(
      '/ownAccounts/1: must match pattern "^[0-9]{12}$" (line 4, column 5)',
    );
  });
});

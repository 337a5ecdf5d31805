import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineRule, type Rule } from "../knowledge/rule-contract.js";
import type { Entity, Secret } from "../model/entities.js";
import { SourceFile } from "../core/positioned.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { interpolate, reportsAny, runRulesWithIds, sortFindings } from "./run.js";
import { Project } from "../model/project.js";
import { IamCatalogue } from "../knowledge/iam-catalogue.js";
import { analyse, fileStage, planRules } from "./analyse.js";
import { parseDirectives } from "./suppressions.js";
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

const probe = defineRule({
  meta: {
    id: "probe-rule",
    title: "A rule for engine tests",
    severity: "error",
    securitySeverity: 5,
    appliesTo: ["cloudformation"],
    entities: ["secret"],
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

/** The findings of `rules` over the entities, as one unit, through the whole pipeline. */
async function analysed(entities: Entity[], config: Config = {}, rules: readonly Rule[] = [probe]) {
  const plan = planRules(rules, config);
  const unit = await fileStage({ entities, documents: [], inline: [] }, plan);
  return analyse([unit], plan, { config });
}

describe("the pipeline over the probe rule", () => {
  it("interpolates messages, applies default options, orders findings, lowers severity only on request", async () => {
    const { findings } = await analysed([secret("B", 54), secret("A", 13)]);
    expect(findings.map((f) => [f.line, f.severity, f.message, f.resource])).toEqual([
      [2, "error", "Saw A with limit 60.", "A"],
      [2, "note", "Soft finding on A.", "A"],
      [4, "error", "Saw B with limit 60.", "B"],
      [4, "note", "Soft finding on B.", "B"],
    ]);
  });

  it("lets the configuration set options and severities, and turn a rule off", async () => {
    const warning = await analysed([secret("A", 13)], {
      rules: { "probe-rule": { severity: "warning", options: { limit: 90 } } },
    });
    expect(warning.findings.map((f) => [f.severity, f.message])[0]).toEqual(["warning", "Saw A with limit 90."]);
    const off = await analysed([secret("A", 13)], { rules: { "probe-rule": "off" } });
    expect(off.findings).toEqual([]);
    expect(off.rules).toEqual([]);
  });

  it("gives fingerprints that depend on the node's path, not its line", async () => {
    const first = (await analysed([secret("B", 54), secret("A", 13)])).findings;
    const again = (await analysed([secret("A", 30)])).findings;
    expect(again[0]?.fingerprint).toBe(first[0]?.fingerprint);
    expect(new Set(first.map((f) => f.fingerprint)).size).toBe(4);
  });

  it("leaves the message id out unless asked for it", async () => {
    const plan = planRules([probe], {});
    const unit = await fileStage({ entities: [secret("A", 13)], documents: [], inline: [] }, plan);
    expect((await analyse([unit], plan, { config: {} })).findings[0]).not.toHaveProperty("messageId");
    const kept = await analyse([unit], plan, { config: {}, messageIds: true });
    expect(kept.findings.map((f) => f.messageId)).toEqual(["seen", "soft"]);
  });
});

/** A rule of scope `project` that lists the secrets it was given, and says it needs only secret `A`. */
const projectProbe = defineRule({
  meta: {
    id: "project-probe",
    title: "A project rule for engine tests",
    severity: "warning",
    securitySeverity: 1,
    appliesTo: ["cloudformation"],
    entities: ["secret"],
    messages: { saw: "Saw {{name}} at the project level." },
    docs: { description: "Only for tests of the engine.", remediation: "None." },
  },
  needs: (entity) => entity.kind === "secret" && entity.resource === "A",
  create(context) {
    return {
      secret(s) {
        context.report({ node: s.node, entity: s, messageId: "saw", data: { name: s.resource } });
      },
    };
  },
});

describe("analyse", () => {
  it("gives the project rules only the entities their `needs` keep, and all when asked", async () => {
    const plan = planRules([projectProbe], {});
    const unit = await fileStage({ entities: [secret("B", 54), secret("A", 13)], documents: [], inline: [] }, plan);
    expect(unit.findings).toEqual([]);
    expect(unit.entities.map((e) => e.resource)).toEqual(["A"]);
    const { findings } = await analyse([unit], plan, { config: {} });
    expect(findings.map((f) => [f.line, f.column, f.ruleId, f.message])).toEqual([
      [2, 3, "project-probe", "Saw A at the project level."],
    ]);
    const all = planRules([projectProbe], {}, { keepAllEntities: true });
    const whole = await fileStage({ entities: [secret("B", 54), secret("A", 13)], documents: [], inline: [] }, all);
    expect(whole.entities.map((e) => e.resource)).toEqual(["B", "A"]);
  });

  it("merges units, sorts once across file and project rules, and names CDK constructs", async () => {
    const plan = planRules([probe, projectProbe], {});
    const built = { ...secret("A", 13), cdkPath: "App/Stack/A/Resource" };
    const unit = await fileStage({ entities: [secret("B", 54), built], documents: [], inline: [] }, plan);
    const { findings, rules } = await analyse([unit], plan, { config: {} });
    expect(findings.map((f) => [f.line, f.ruleId, f.resource, f.message])).toEqual([
      [2, "probe-rule", "App/Stack/A/Resource", "Saw A with limit 60. CDK construct: App/Stack/A/Resource."],
      [2, "probe-rule", "App/Stack/A/Resource", "Soft finding on A. CDK construct: App/Stack/A/Resource."],
      [2, "project-probe", "App/Stack/A/Resource", "Saw A at the project level. CDK construct: App/Stack/A/Resource."],
      [4, "probe-rule", "B", "Saw B with limit 60."],
      [4, "probe-rule", "B", "Soft finding on B."],
    ]);
    expect(rules.map((rule) => rule.id)).toEqual(["probe-rule", "project-probe"]);
  });

  it("applies inline suppressions, reports unused ones, and drops the findings of context files", async () => {
    const plan = planRules([probe], {});
    const inline = parseDirectives(
      file.path,
      "\n# secretwarden-ignore probe-rule: a test secret\n# secretwarden-ignore probe-rule: nothing here\n",
    );
    const unit = await fileStage({ entities: [secret("A", 13)], documents: [], inline }, plan);
    const { findings, suppressed, rules } = await analyse([unit], plan, { config: {} });
    expect(suppressed.map((f) => [f.line, f.message, f.suppression.reason])).toEqual([
      [2, "Saw A with limit 60.", "a test secret"],
      [2, "Soft finding on A.", "a test secret"],
    ]);
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual([[3, "unused-suppression"]]);
    expect(rules.map((rule) => rule.id)).toEqual(["probe-rule", "unused-suppression"]);
    const context = await analyse([unit], plan, { config: {}, contextFiles: new Set([file.path]) });
    expect([context.findings, context.suppressed]).toEqual([[], []]);
    // Nor are the suppressions of context files checked: no note of theirs is listed with the rules.
    expect(context.rules.map((rule) => rule.id)).toEqual(["probe-rule"]);
  });

  it("makes no finding of a report in a context file, in a unit or at the project level, and still sees it", async () => {
    const other = new SourceFile("infra/other.yaml", file.text);
    const elsewhere: Secret = {
      ...secret("C", 13),
      file: other,
      unit: other.path,
      node: { ...secret("C", 13).node, file: other },
    };
    const plan = planRules([probe, projectProbe], {});
    const context = new Set([other.path]);
    const unit = await fileStage({ entities: [secret("A", 13), elsewhere], documents: [], inline: [], context }, plan);
    expect(unit.findings.map((f) => [f.file, f.message])).toEqual([
      ["infra/app.yaml", "Saw A with limit 60."],
      ["infra/app.yaml", "Soft finding on A."],
    ]);
    const project = new Project([elsewhere], []);
    const shared = { ownAccounts: [], iam: IamCatalogue.empty(), context };
    expect(runRulesWithIds(project, [probe], plan.settings, shared)).toEqual([]);
    expect(reportsAny(project, [probe], plan.settings, shared)).toBe(true);
    expect(reportsAny(new Project([], []), [probe], plan.settings)).toBe(false);
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

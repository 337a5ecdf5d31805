import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULES } from "./index.js";
import { analyze } from "../test-support/analyze.js";
import { VISITOR_OF } from "../model/visitors.js";
import { scopeOf, type Reads, type Rule } from "../knowledge/rule-contract.js";
import { Project } from "../model/project.js";
import { IamCatalogue } from "../knowledge/iam-catalogue.js";
import { dialectOf } from "../model/dialect.js";

const here = dirname(fileURLToPath(import.meta.url));
const folders = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** Every rule README has these sections, in this order. */
const HEADINGS = [
  "## Why",
  "## Bad",
  "## Good",
  "## Remediation",
  "## Options",
  "## Unresolved values",
  "## Related checks",
];

interface Example {
  kind: "bad" | "good";
  /**
   * A bad example's findings, from the comment line after its block: `<!-- expect: 3:5 missing, 9:7 wildcard -->`,
   * each `line:column messageId` (a finding of another rule, e.g. the engine's notes about suppressions, as
   * `rule-id/line:column messageId`), in report order.
   */
  expect?: string[];
  /** `hcl` examples are Terraform, run as a `.tf` file; `ts`, `js` and `python` examples are application code. */
  syntax: "yaml" | "json" | "hcl" | "ts" | "js" | "python";
  code: string;
}

const EXTENSIONS: Record<Example["syntax"], string> = {
  yaml: "yaml",
  json: "json",
  hcl: "tf",
  ts: "ts",
  js: "js",
  python: "py",
};

function examples(readme: string): Example[] {
  const out: Example[] = [];
  const blocks = /^```(yaml|json|hcl|ts|js|python) (bad|good)\n([\s\S]*?)^```\n(?:<!-- expect: (.*) -->\n)?/gm;
  for (const match of readme.matchAll(blocks)) {
    out.push({
      syntax: match[1] as Example["syntax"],
      kind: match[2] as Example["kind"],
      code: match[3] as string,
      ...(match[4] !== undefined ? { expect: match[4].split(", ") } : {}),
    });
  }
  return out;
}

/** What the visitors a rule returns read: each visited entity kind, and `document`. */
function visited(rule: Rule): Reads[] {
  const visitors = rule.create({
    project: new Project([]),
    ownAccounts: [],
    iam: IamCatalogue.empty(),
    options: { ...rule.options?.defaults },
    words: (of) => dialectOf(of.platform),
    report: () => undefined,
  });
  const kinds = Object.entries(VISITOR_OF)
    .filter(([, visitor]) => visitors[visitor] !== undefined)
    .map(([kind]) => kind as Reads);
  return visitors.document ? [...kinds, "document"] : kinds;
}

describe("rule conformance", () => {
  it("lists every rule folder exactly once, sorted by id", () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(folders);
  });

  for (const rule of RULES) {
    const { id } = rule.meta;
    const folder = join(here, id);
    describe(id, () => {
      it("has a kebab-case id, a title, messages, docs and a sane security severity", () => {
        expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(rule.meta.title.length).toBeGreaterThan(10);
        expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
        expect(rule.meta.docs.description.length).toBeGreaterThan(40);
        expect(rule.meta.docs.remediation.length).toBeGreaterThan(20);
        expect(rule.meta.securitySeverity).toBeGreaterThanOrEqual(0);
        expect(rule.meta.securitySeverity).toBeLessThanOrEqual(10);
      });

      it("declares what it reads (`meta.entities`): every kind it visits, each once", () => {
        const declared = rule.meta.entities;
        expect(new Set(declared).size).toBe(declared.length);
        expect(visited(rule).filter((kind) => !declared.includes(kind))).toEqual([]);
      });

      it("keeps its code, tests and docs side by side", () => {
        for (const file of ["rule.ts", "rule.test.ts", "README.md"])
          expect(existsSync(join(folder, file)), file).toBe(true);
      });

      const readme = existsSync(join(folder, "README.md")) ? readFileSync(join(folder, "README.md"), "utf8") : "";

      it("documents itself under the fixed headings", () => {
        expect(readme.startsWith(`# ${id}\n`)).toBe(true);
        const positions = HEADINGS.map((h) => readme.indexOf(`\n${h}\n`));
        expect(
          positions.every((p) => p > 0),
          `missing one of ${HEADINGS.join(", ")}`,
        ).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(readme).toContain(`Default severity: **${rule.meta.severity}**`);
      });

      const docs = examples(readme);
      it("has at least one bad and one good example", () => {
        expect(docs.some((e) => e.kind === "bad")).toBe(true);
        expect(docs.some((e) => e.kind === "good")).toBe(true);
      });

      docs.forEach((example, i) => {
        const what = example.kind === "bad" ? "produces exactly the findings its expect line pins" : "produces none";
        it(`README example ${i + 1} (${example.kind}) ${what}`, async () => {
          const findings = await analyze(
            [rule],
            [{ path: `${id}-example.${EXTENSIONS[example.syntax]}`, text: example.code }],
          );
          const pinned = findings.map(
            (f) => `${f.ruleId === id ? "" : `${f.ruleId}/`}${f.line}:${f.column} ${f.messageId}`,
          );
          if (example.kind === "good") expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
          else {
            if (!example.expect)
              throw new Error(`bad example ${i + 1} has no <!-- expect: ... --> line after its block`);
            expect(example.expect.length).toBeGreaterThan(0);
            expect(pinned).toEqual(example.expect);
          }
        });
      });
    });
  }
});

describe("where each rule runs, derived from what it reads", () => {
  // No rule declares its scope (`RuleMeta` has no such field), so it cannot drift from what the rule reads.
  it("runs over the whole project exactly the rules that read both sides of a link across files, or narrow with needs", () => {
    const project = RULES.filter((rule) => scopeOf(rule) === "project").map((rule) => rule.meta.id);
    expect(project.sort()).toEqual([
      "audit-trail-missing",
      "cross-account-without-cmk",
      "policy-unknown-action",
      "secret-fetch-without-cache",
      "secret-without-rotation",
    ]);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { analyze, underline } from "./analyze.js";
import type { Rule } from "../rules/define.js";
import type { Finding } from "../engine/types.js";
import { parseYaml } from "../parsers/yaml.js";
import { SourceFile, toPlain } from "../parsers/positioned.js";

/** `[line, column, endLine, endColumn]`, 1-based, end exclusive. */
export type Loc = [number, number, number, number];

export interface ExpectedFinding {
  messageId: string;
  message: string;
  resource?: string;
  /** The credential kind, for rules that report one. */
  kind?: string;
  /** Where the finding is in the YAML source as written. */
  yaml: Loc;
  /** Where it is in the JSON twin (the same template in long form, `JSON.stringify(…, null, 2)`). */
  json: Loc;
}

export interface ValidCase {
  name: string;
  yaml: string;
  options?: Record<string, unknown>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

/** The JSON twin of a YAML template: short-form tags become long forms, exactly as CloudFormation reads them. */
export function jsonTwin(yaml: string): string {
  const [root] = parseYaml(new SourceFile("twin.yaml", yaml)).documents;
  if (!root) throw new Error("empty template");
  return `${JSON.stringify(toPlain(root), null, 2)}\n`;
}

/**
 * ESLint's RuleTester, for templates: every case runs as YAML and as its JSON twin, every expected finding states
 * its exact location in both, and the suite fails if a message id of the rule is never exercised.
 */
export function testRule(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const exercised = new Set<string>();
  let invalidRuns = 0;
  describe(rule.meta.id, () => {
    for (const syntax of ["yaml", "json"] as const) {
      describe(syntax, () => {
        for (const c of cases.valid) {
          it(`valid: ${c.name}`, async () => {
            const findings = await run(rule, c, syntax);
            expect(findings.map((f) => describeFinding(f, source(c, syntax)))).toEqual([]);
          });
        }
        for (const c of cases.invalid) {
          it(`invalid: ${c.name}`, async () => {
            if (c.errors.length === 0) throw new Error(`invalid case "${c.name}" lists no expected finding`);
            const text = source(c, syntax);
            const findings = await run(rule, c, syntax);
            const actual = findings.map((f) => ({
              messageId: f.messageId,
              message: f.message,
              resource: f.resource,
              kind: f.kind,
              loc: [f.line, f.column, f.endLine, f.endColumn],
              underlined: underline(text, f),
            }));
            const expected = c.errors.map((e) => {
              const loc = e[syntax];
              return {
                messageId: e.messageId,
                message: e.message,
                resource: e.resource ?? actual.find((a) => a.message === e.message)?.resource,
                kind: e.kind ?? actual.find((a) => a.message === e.message)?.kind,
                loc,
                underlined: underline(text, { line: loc[0], column: loc[1], endLine: loc[2], endColumn: loc[3] }),
              };
            });
            // SW_SHOW_FINDINGS=1 prints what the rule found, spans underlined, for writing a new case.
            if (process.env.SW_SHOW_FINDINGS) {
              for (const a of actual) console.log(`${c.name} [${syntax}] ${JSON.stringify(a.loc)} ${a.messageId}\n${a.underlined}`);
            }
            expect(actual).toEqual(expected);
            for (const e of c.errors) exercised.add(e.messageId);
            invalidRuns++;
          });
        }
      });
    }
    afterAll(() => {
      const missing = Object.keys(rule.meta.messages).filter((id) => !exercised.has(id));
      // Only meaningful when every invalid case ran and passed (not under a name filter).
      if (invalidRuns === cases.invalid.length * 2 && missing.length > 0) throw new Error(`${rule.meta.id}: message ids never exercised: ${missing.join(", ")}`);
    });
  });
}

function source(c: ValidCase, syntax: "yaml" | "json"): string {
  return syntax === "yaml" ? c.yaml : jsonTwin(c.yaml);
}

async function run(rule: Rule, c: ValidCase, syntax: "yaml" | "json"): Promise<(Finding & { messageId: string })[]> {
  return analyze([rule], [{ path: `template.${syntax}`, text: source(c, syntax) }], c.options ?? {});
}

function describeFinding(f: Finding, text: string): string {
  return `${f.line}:${f.column} ${f.message}\n${underline(text, f)}`;
}

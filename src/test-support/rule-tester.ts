import { afterAll, describe, expect, it } from "vitest";
import { analyze, underline } from "./analyze.js";
import type { Rule } from "../knowledge/rule-contract.js";
import type { Finding, Severity } from "../core/finding.js";
import { parseYaml } from "../parsers/yaml.js";
import { SourceFile, toPlain, type PNode, type Plain } from "../core/positioned.js";
import { parseHcl } from "../parsers/terraform/hcl.js";
import { EXPRESSIONS, type TfBlock } from "../parsers/terraform/syntax.js";

/** `[line, column, endLine, endColumn]`, 1-based, end exclusive. */
export type Loc = [number, number, number, number];

export interface ExpectedFinding {
  messageId: string;
  message: string;
  /** The finding's resource; always compared: leave it out only where the rule reports none. */
  resource?: string;
  /** The credential kind; always compared: leave it out only where the rule reports none. */
  kind?: string;
  /** The finding's severity; the rule's default severity when left out. */
  severity?: Severity;
  /** Where the finding is in the YAML source as written (required when the case has `yaml`). */
  yaml?: Loc;
  /** Where it is in the JSON twin (the same template in long form, `JSON.stringify(…, null, 2)`). */
  json?: Loc;
  /** Where it is in the Terraform source as written (required when the case has `tf`). */
  tf?: Loc;
  /** Where it is in the `.tf.json` twin of the Terraform source (see `tfJsonTwin`). */
  tfjson?: Loc;
  /** Where it is in a case's `files`: the file's path and the location in it (required when the case has `files`). */
  files?: [path: string, ...loc: Loc];
}

export interface ValidCase {
  name: string;
  /** A CloudFormation template; the case also runs as its JSON twin. */
  yaml?: string;
  /** A Terraform configuration (`main.tf`); the case also runs as its `.tf.json` twin. */
  tf?: string;
  /**
   * Files scanned as one project, each by its path and as written, with no twin: several files that link (a secret and
   * its rotation elsewhere), application source, a standalone policy document. A case has `yaml`, `tf`, `files` or several.
   */
  files?: Record<string, string>;
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
 * The `.tf.json` twin of a Terraform configuration: the same blocks in Terraform's JSON syntax (nested objects keyed by
 * label; repeated nested blocks as lists), every expression as the `${...}` template JSON uses for it, a heredoc as its
 * string, and `jsonencode(...)` as the JSON text it produces (as `.tf.json` authors write policies).
 */
export async function tfJsonTwin(tf: string): Promise<string> {
  const parsed = await parseHcl(new SourceFile("twin.tf", tf));
  if (parsed.error) throw new Error(`twin.tf: ${parsed.error.message}`);
  const out: { [key: string]: Plain } = {};
  for (const block of parsed.blocks) insertBlock(out, block);
  return `${JSON.stringify(out, null, 2)}\n`;
}

function insertBlock(out: { [key: string]: Plain }, block: TfBlock): void {
  let level = out;
  const keys = [block.type, ...block.labels];
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      const body = twinBody(block.body);
      const existing = level[key];
      // A key used twice (two `locals` blocks, aliased providers) becomes a list of bodies.
      level[key] = existing === undefined ? body : Array.isArray(existing) ? [...existing, body] : [existing, body];
      return;
    }
    const next = level[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) level[key] = {};
    level = level[key] as { [key: string]: Plain };
  });
}

/** A block body: attributes as values, nested blocks (their paths end in an index) as objects, repeated ones as lists. */
function twinBody(body: PNode): Plain {
  if (body.kind !== "object") return twinValue(body);
  const out: { [key: string]: Plain } = {};
  for (const { key, value } of body.entries) {
    const isBlock = typeof value.path[value.path.length - 1] === "number" && value.kind === "object";
    if (!isBlock) {
      out[key.value] = twinValue(value);
      continue;
    }
    const existing = out[key.value];
    const converted = twinBody(value);
    out[key.value] =
      existing === undefined ? converted : Array.isArray(existing) ? [...existing, converted] : [existing, converted];
  }
  return out;
}

function twinValue(node: PNode): Plain {
  const info = EXPRESSIONS.get(node);
  if (info?.kind === "call") {
    const [argument] = node.kind === "array" ? node.items : [];
    if (info.name === "jsonencode" && argument && !EXPRESSIONS.has(argument))
      return JSON.stringify(twinValue(argument));
    return `\${${info.text}}`;
  }
  if (info?.kind === "other") return `\${${info.text}}`;
  if (node.kind === "array") return node.items.map(twinValue);
  if (node.kind === "object") return Object.fromEntries(node.entries.map((e) => [e.key.value, twinValue(e.value)]));
  return node.value;
}

type Syntax = "yaml" | "json" | "tf" | "tfjson" | "files";

/** The syntaxes a case runs in: YAML and its JSON twin for `yaml`, Terraform and its `.tf.json` twin for `tf`. */
function syntaxesOf(c: ValidCase): Syntax[] {
  return [
    ...(c.yaml !== undefined ? (["yaml", "json"] as const) : []),
    ...(c.tf !== undefined ? (["tf", "tfjson"] as const) : []),
    ...(c.files !== undefined ? (["files"] as const) : []),
  ];
}

/**
 * ESLint's RuleTester, for templates: every case runs as YAML and as its JSON twin, and as Terraform and its `.tf.json`
 * twin when it has `tf`, and its `files` as one project (several linked files, application source, standalone
 * policies); every expected finding states its exact location in each, and the suite fails if a message id of the rule
 * is never exercised.
 */
export function testRule(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const exercised = new Set<string>();
  let invalidRuns = 0;
  const expectedRuns = cases.invalid.reduce((sum, c) => sum + syntaxesOf(c).length, 0);
  describe(rule.meta.id, () => {
    for (const syntax of ["yaml", "json", "tf", "tfjson", "files"] as const) {
      const valid = cases.valid.filter((c) => syntaxesOf(c).includes(syntax));
      const invalid = cases.invalid.filter((c) => syntaxesOf(c).includes(syntax));
      if (valid.length + invalid.length === 0) continue;
      describe(syntax, () => {
        for (const c of valid) {
          it(`valid: ${c.name}`, async () => {
            const texts = await sources(c, syntax);
            const findings = await run(rule, c, texts);
            expect(findings.map((f) => describeFinding(f, texts))).toEqual([]);
          });
        }
        for (const c of invalid) {
          it(`invalid: ${c.name}`, async () => {
            if (c.errors.length === 0) throw new Error(`invalid case "${c.name}" lists no expected finding`);
            const texts = await sources(c, syntax);
            const findings = await run(rule, c, texts);
            const actual = findings.map((f) => ({
              messageId: f.messageId,
              message: f.message,
              resource: f.resource,
              kind: f.kind,
              severity: f.severity,
              ...(syntax === "files" ? { file: f.file } : {}),
              loc: [f.line, f.column, f.endLine, f.endColumn],
              underlined: underline(texts[f.file] ?? "", f),
            }));
            const expected = c.errors.map((e) => {
              const at = syntax === "files" ? e.files : undefined;
              const [file, ...loc] = at ?? [
                PATHS[syntax as Exclude<Syntax, "files">],
                ...(e[syntax as Exclude<Syntax, "files">] ?? []),
              ];
              if (loc.length !== 4)
                throw new Error(`invalid case "${c.name}": an expected finding has no ${syntax} location`);
              return {
                messageId: e.messageId,
                message: e.message,
                // Never copied from what the rule found: an expectation that leaves out the resource or the kind says
                // the rule reports none, and one without a severity expects the rule's default.
                resource: e.resource,
                kind: e.kind,
                severity: e.severity ?? rule.meta.severity,
                ...(syntax === "files" ? { file } : {}),
                loc,
                underlined: underline(texts[file] ?? "", {
                  line: loc[0] as number,
                  column: loc[1] as number,
                  endLine: loc[2] as number,
                  endColumn: loc[3] as number,
                }),
              };
            });
            // SW_SHOW_FINDINGS=1 prints what the rule found, spans underlined, for writing a new case.
            if (process.env.SW_SHOW_FINDINGS) {
              for (const a of actual)
                console.log(`${c.name} [${syntax}] ${JSON.stringify(a.loc)} ${a.messageId}\n${a.underlined}`);
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
      if (invalidRuns === expectedRuns && missing.length > 0)
        throw new Error(`${rule.meta.id}: message ids never exercised: ${missing.join(", ")}`);
    });
  });
}

/** The files a case runs as in one syntax, by path. */
async function sources(c: ValidCase, syntax: Syntax): Promise<Record<string, string>> {
  switch (syntax) {
    case "yaml":
      return { [PATHS.yaml]: c.yaml as string };
    case "json":
      return { [PATHS.json]: jsonTwin(c.yaml as string) };
    case "tf":
      return { [PATHS.tf]: c.tf as string };
    case "tfjson":
      return { [PATHS.tfjson]: await tfJsonTwin(c.tf as string) };
    case "files":
      return c.files as Record<string, string>;
  }
}

const PATHS: Record<Exclude<Syntax, "files">, string> = {
  yaml: "template.yaml",
  json: "template.json",
  tf: "main.tf",
  tfjson: "main.tf.json",
};

async function run(
  rule: Rule,
  c: ValidCase,
  texts: Record<string, string>,
): Promise<(Finding & { messageId: string })[]> {
  const files = Object.entries(texts).map(([path, text]) => ({ path, text }));
  return analyze([rule], files, c.options ?? {});
}

function describeFinding(f: Finding, texts: Record<string, string>): string {
  return `${f.file} ${f.line}:${f.column} ${f.message}\n${underline(texts[f.file] ?? "", f)}`;
}

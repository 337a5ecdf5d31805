import type { Project } from "../model/project.js";
import { analyse, planRules, type AnalyseOptions, type FindingWithId } from "../engine/analyse.js";
import type { Config } from "../engine/config.js";
import type { Rule } from "../knowledge/rule-contract.js";
import type { Finding } from "../core/finding.js";
import { analyseUnit, groupUnits, readUnit, unitContext, type UnitResult } from "../scan/unit.js";

/**
 * Runs rules over in-memory files through the scan's own pipeline: the files are grouped into units as the scan groups
 * them (a Terraform module folder is one unit), each unit is parsed and checked by the rules of scope `file` by the
 * scan's unit step, and `analyse()` does the rest (merge, the rules of scope `project` over the entities their `needs`
 * keep, suppressions, construct paths, the one sort). A file is read by its name as the scanner reads it. Every
 * confidence is kept (no `minConfidence` floor). A file or module that does not load is a thrown error.
 */
export async function analyze(
  rules: readonly Rule[],
  files: { path: string; text: string }[],
  options: Record<string, unknown> = {},
  ownAccounts: readonly string[] = [],
): Promise<(Finding & { messageId: string })[]> {
  const settings = new Map(
    rules.map((rule) => [
      rule.meta.id,
      { severity: rule.meta.severity, options: { ...rule.options?.defaults, ...options } },
    ]),
  );
  const config: Config = { ownAccounts: [...ownAccounts], minConfidence: "low" };
  const { findings } = await throughPipeline(rules, files, config, settings, { messageIds: true });
  return findings.map((finding) => withMessageId(finding));
}

/** The project of in-memory files, named as for `analyze`, with every entity kept (as `access` and `inventory` read it). */
export async function projectOfFiles(files: readonly { path: string; text: string }[]): Promise<Project> {
  let project: Project | undefined;
  await throughPipeline([], files, {}, new Map(), { onProject: (built) => (project = built) }, true);
  if (!project) throw new Error("the pipeline built no project");
  return project;
}

async function throughPipeline(
  rules: readonly Rule[],
  files: readonly { path: string; text: string }[],
  config: Config,
  settings: ReturnType<typeof planRules>["settings"],
  options: Omit<AnalyseOptions, "config">,
  keepAllEntities = false,
) {
  const context = unitContext(
    {
      config,
      maxFileSize: Number.POSITIVE_INFINITY,
      maxFileSeconds: 0,
      ...(keepAllEntities ? { keepAllEntities } : {}),
    },
    rules,
    settings,
  );
  const sources = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => ({ absolutePath: `/${file.path}`, path: file.path, explicit: true, text: file.text }));
  const results: UnitResult[] = [];
  for (const unit of groupUnits(sources)) {
    const result = await analyseUnit(await readUnit(unit, context.settings.maxFileSize), context);
    const [error] = result.errors;
    if (error) throw new Error(`${error.file}: ${error.message}`);
    const [skip] = result.skipped;
    if (skip) throw new Error(`${skip.file}: ${skip.message}`);
    results.push(result);
  }
  return analyse(results, planRules(rules, config, { settings, keepAllEntities }), { config, ...options });
}

function withMessageId(finding: FindingWithId): Finding & { messageId: string } {
  // The engine's own notes about suppressions have no message id: their rule id stands for one.
  return { ...finding, messageId: finding.messageId ?? finding.ruleId };
}

/** Shows a finding's span under its source lines (`^^^`), so a wrong range is visible to a reader. */
export function underline(text: string, f: Pick<Finding, "line" | "column" | "endLine" | "endColumn">): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let n = f.line; n <= f.endLine; n++) {
    const source = lines[n - 1] ?? "";
    const from = Math.max(0, n === f.line ? f.column - 1 : source.length - source.trimStart().length);
    const to = n === f.endLine ? f.endColumn - 1 : source.length;
    out.push(source, " ".repeat(from) + "^".repeat(Math.max(1, to - from)));
  }
  return out.join("\n");
}

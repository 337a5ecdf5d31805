import { crypto } from "../knowledge/lazy-crypto.js";
import type { Entity } from "../model/entities.js";
import { IamCatalogue } from "../knowledge/iam-catalogue.js";
import type { Project } from "../model/project.js";
import { dialectOf } from "../model/dialect.js";
import { VISITOR_OF } from "../model/visitors.js";
import type { Reads, Report, Rule, Visitors } from "../knowledge/rule-contract.js";
import { SEVERITY_RANK, type Finding, type Severity } from "../core/finding.js";
import type { Platform } from "../core/platform.js";

export interface RuleSetting {
  severity: Severity;
  options: Record<string, unknown>;
}

/** Settings that every rule sees, from the top level of the configuration. */
export interface SharedSettings {
  ownAccounts: readonly string[];
  iam: IamCatalogue;
  /**
   * Files whose reports do not become findings: context (see `scan/context.ts`), whose findings would be dropped. Their
   * fingerprints are never computed (`node:crypto` is loaded for the first).
   */
  context?: ReadonlySet<string>;
}

const NO_SHARED: SharedSettings = { ownAccounts: [], iam: IamCatalogue.empty() };

/**
 * Runs each enabled rule over every entity of the project and returns its findings with their message ids,
 * de-duplicated, in the order they were reported: the pipeline (`analyse.ts`) sorts once, at the end.
 */
export function runRulesWithIds(
  project: Project,
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  shared: SharedSettings = NO_SHARED,
): (Finding & { messageId: string })[] {
  const findings: (Finding & { messageId: string })[] = [];
  visitWith(project, rules, settings, shared, (rule, setting, report) => {
    if (!shared.context?.has(report.node.file.path)) findings.push(toFinding(rule, setting.severity, report));
  });
  return dedupe(findings);
}

/** Whether any enabled rule of `rules` reports anything in `project` (no finding is made: nothing is fingerprinted). */
export function reportsAny(
  project: Project,
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  shared: SharedSettings = NO_SHARED,
): boolean {
  let reported = false;
  visitWith(project, rules, settings, shared, () => {
    reported = true;
  });
  return reported;
}

/** Runs each enabled rule over the project, handing its reports to `onReport`. */
function visitWith(
  project: Project,
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  shared: SharedSettings,
  onReport: (rule: Rule, setting: RuleSetting, report: Report) => void,
): void {
  for (const rule of rules) {
    const setting = settings.get(rule.meta.id);
    if (!setting) continue;
    const visitors = rule.create({
      project,
      ownAccounts: shared.ownAccounts,
      iam: shared.iam,
      options: setting.options,
      words: (of) => dialectOf(of.platform),
      report: (report) => onReport(rule, setting, report),
    });
    // A rule sees only the platforms it was written and tested for (`meta.appliesTo`), and only what it says it reads
    // (`meta.entities`): the project rules are given nothing else.
    const applies = new Set(rule.meta.appliesTo);
    visit(project.entities, visitors, applies, new Set(rule.meta.entities));
    if (visitors.document && rule.meta.entities.includes("document"))
      for (const document of project.documents) if (applies.has(document.platform)) visitors.document(document);
    visitors.projectEnd?.();
  }
}

function visit(
  entities: readonly Entity[],
  visitors: Visitors,
  platforms: ReadonlySet<Platform>,
  reads: ReadonlySet<Reads>,
): void {
  for (const entity of entities) {
    const visitor = visitors[VISITOR_OF[entity.kind]] as ((e: Entity) => void) | undefined;
    if (visitor && platforms.has(entity.platform) && reads.has(entity.kind)) visitor(entity);
  }
}

/** The lower of the configured severity and the one the report asks for. */
function effectiveSeverity(configured: Severity, requested: Severity | undefined): Severity {
  return requested !== undefined && SEVERITY_RANK[requested] < SEVERITY_RANK[configured] ? requested : configured;
}

function toFinding(rule: Rule, configured: Severity, report: Report): Finding & { messageId: string } {
  const severity = effectiveSeverity(configured, report.severity);
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown message id ${report.messageId}`);
  const { node } = report;
  const span = node.file.span(node);
  // Standalone policy documents have no resource: their entity's resource is empty.
  const resource = (report.entity?.resource || undefined) ?? report.resource;
  return {
    ruleId: rule.meta.id,
    severity,
    message: interpolate(template, report.data ?? {}),
    file: node.file.path,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    ...(resource !== undefined ? { resource } : {}),
    ...(report.kind !== undefined ? { kind: report.kind } : {}),
    // Not part of the fingerprint: a detector that grows surer of a finding must not make it a new one.
    ...(report.confidence !== undefined ? { confidence: report.confidence } : {}),
    fingerprint: fingerprint(
      report.identity !== undefined
        ? [rule.meta.id, report.identity, report.messageId]
        : [rule.meta.id, node.file.path, resource ?? "", JSON.stringify(node.path), report.messageId],
    ),
    messageId: report.messageId,
  };
}

export function interpolate(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/**
 * Content-based, never line-based: the rule, the file, the resource and the path of the node inside its document,
 * so a finding keeps its identity when lines move or the template is reformatted.
 */
export function fingerprint(parts: readonly string[]): string {
  return crypto().createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);
}

/** Drops repeated findings (same fingerprint, position and message), keeping the first. */
export function dedupe<F extends Finding>(findings: F[]): F[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.fingerprint}\0${f.line}\0${f.column}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const compare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Stable order: file, line, column, rule id, message. */
export function sortFindings<F extends Finding>(findings: F[]): F[] {
  return findings.sort(
    (a, b) =>
      compare(a.file, b.file) ||
      compare(a.line, b.line) ||
      compare(a.column, b.column) ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.message, b.message),
  );
}

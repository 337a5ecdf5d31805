/**
 * The findings pipeline: the one way findings are made, for the scan (main thread and worker pool), `access`,
 * `inventory` and the rule tester alike. Its stages, in this order:
 *
 *   1. file rules      `fileStage`, once per unit (a file, or a Terraform module folder), where the unit was parsed:
 *                      the rules of scope `file` run, and only what the later stages need is kept (the entities the
 *                      project rules need, source summaries, suppression directives, construct paths).
 *   2. merge           `analyse` from here on: the units' entities and documents become one project.
 *   3. project rules   the rules of scope `project` over that project.
 *   4. suppressions    inline comments and `Metadata` entries; unused and invalid ones become findings.
 *   5. report set      findings in context files (see `scan/context.ts`) are dropped.
 *   6. construct paths a CDK template's findings name their construct.
 *   7. sort            the one order of findings (file, line, column, rule, message): the baseline matches in it.
 *   8. baseline        findings the baseline knows become suppressed ones.
 *   9. confidence      the `minConfidence` floor.
 *
 * Plain data in, plain data out: the stages read no file and keep no state (the IAM catalogue is loaded lazily for the
 * services the project names).
 */
import type { Entity, SourceDocument, SourceInfo } from "../model/entities.js";
import { Project } from "../model/project.js";
import type { ScalarNode } from "../core/positioned.js";
import type { IamCatalogue } from "../knowledge/iam-catalogue.js";
import type { Confidence, Finding } from "../core/finding.js";
import type { RuleMeta } from "../core/rule.js";
import { needsEntity, scopeOf, type Rule } from "../knowledge/rule-contract.js";
import { ruleSettings, type Config } from "./config.js";
import { dedupe, runRulesWithIds, sortFindings, type RuleSetting } from "./run.js";
import { catalogueFor } from "./catalogue.js";
import { applySuppressions, metadataDirectives, type Directive } from "./suppressions.js";
import { applyBaseline, type BaselineFile } from "./baseline.js";
import { applyConfidenceFloor, DEFAULT_MIN_CONFIDENCE } from "./confidence.js";
import type { BaselineStatus, SuppressedFinding } from "./types.js";

/** A finding with the message id its rule reported it with (the rule tester compares it; reports leave it out). */
export type FindingWithId = Finding & { messageId?: string };

/** A source document as kept for the project-level rules: a source file's summary, with an empty `root`. */
export type DocumentSummary = Omit<SourceDocument, "resourceAt">;

/** What one unit's file stage gave: plain data only, it crosses from a worker thread by structured clone. */
export interface FileStageResult {
  /** Findings of the rules of scope `file`, in the order they were reported. */
  findings: FindingWithId[];
  /** The entities of the unit the rules of scope `project` need (see `Rule.needs`), sorted by file. */
  entities: Entity[];
  /** Summaries (`source` without `literals`, no `root`) of the source files that read a secret. */
  documents: DocumentSummary[];
  inline: Directive[];
  metadata: Directive[];
  /** `file\0resource` -> CDK construct path (`aws:cdk:path`). */
  constructPaths: [string, string][];
}

/** The rules of one analysis, split by scope, with their settings. */
export interface RulePlan {
  /** Every rule, in the order given (the report's `rules` list keeps it). */
  rules: readonly Rule[];
  /** The rules of scope `file`: they run on each unit (stage 1). */
  fileRules: readonly Rule[];
  /** The rules of scope `project`: they run once on the merged project (stage 3). */
  projectRules: readonly Rule[];
  /** The enabled rules (a rule the configuration turns off has none) with their severity and options. */
  settings: ReadonlyMap<string, RuleSetting>;
  ownAccounts: readonly string[];
  /** Which entities of a unit to keep for the project rules; undefined: all of them. */
  needed?: (entity: Entity, iam: IamCatalogue) => boolean;
}

export function isFileScoped(rule: Rule): boolean {
  return scopeOf(rule) === "file";
}

/**
 * The plan for `rules` under `config`. The units keep only the entities some project rule reads (`meta.entities`,
 * narrowed by `needs`), and all of them when `keepAllEntities` asks (`access` and `inventory` read them all).
 */
export function planRules(
  rules: readonly Rule[],
  config: Config,
  options: { settings?: ReadonlyMap<string, RuleSetting>; keepAllEntities?: boolean } = {},
): RulePlan {
  const projectRules = rules.filter((rule) => !isFileScoped(rule));
  const plan: RulePlan = {
    rules,
    fileRules: rules.filter(isFileScoped),
    projectRules,
    settings: options.settings ?? ruleSettings(rules, config),
    ownAccounts: config.ownAccounts ?? [],
  };
  if (options.keepAllEntities) return plan;
  return { ...plan, needed: (entity, iam) => projectRules.some((rule) => needsEntity(rule, entity, iam)) };
}

/**
 * Stage 1, file rules: runs the rules of scope `file` over one unit's parsed entities and documents (sorted by file)
 * and keeps what the later stages need. `catalogue` gives an IAM catalogue that covers the services the unit's
 * policies name (by default, exactly those).
 */
export async function fileStage(
  unit: {
    entities: readonly Entity[];
    documents: readonly SourceDocument[];
    inline: readonly Directive[];
    /** Its files that are context: the rules' reports there do not become findings. */
    context?: ReadonlySet<string>;
  },
  plan: Pick<RulePlan, "fileRules" | "settings" | "ownAccounts" | "needed">,
  catalogue: (project: Project) => Promise<IamCatalogue> = catalogueFor,
): Promise<FileStageResult> {
  const project = new Project([...unit.entities], [...unit.documents]);
  const iam = await catalogue(project);
  const findings = runRulesWithIds(project, plan.fileRules, plan.settings, {
    ownAccounts: plan.ownAccounts,
    iam,
    ...(unit.context ? { context: unit.context } : {}),
  });
  const constructPaths: [string, string][] = [];
  for (const entity of unit.entities)
    if (entity.cdkPath) constructPaths.push([`${entity.file.path}\0${entity.resource}`, entity.cdkPath]);
  const needed = plan.needed;
  return {
    findings,
    entities: needed ? unit.entities.filter((entity) => needed(entity, iam)) : [...unit.entities],
    documents: unit.documents.flatMap(summaryOf),
    inline: [...unit.inline],
    metadata: metadataDirectives(unit.entities),
    constructPaths,
  };
}

/** A source file's summary for the project-level rules; other documents are not kept. */
function summaryOf(document: SourceDocument): DocumentSummary[] {
  const source = document.source;
  if (document.platform !== "source" || !source) return [];
  // A file that reads no secret gives the project-level rules nothing to link.
  if ((source.secretFetches ?? []).length === 0) return [];
  const root: ScalarNode = { kind: "scalar", value: null, start: 0, end: 0, file: document.file, path: [] };
  return [
    {
      kind: "document",
      platform: document.platform,
      file: document.file,
      unit: document.unit,
      root,
      // All of the summary but the literals (the per-file credential rules' input, by far the largest part).
      source: withoutLiterals(source),
    },
  ];
}

function withoutLiterals(source: SourceInfo): SourceInfo {
  const { literals: _literals, ...rest } = source;
  return rest;
}

const comparePaths = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders entities and documents by their files' paths, compared by `order` (default: as strings). */
const byFileIn =
  (order: (a: string, b: string) => number = comparePaths) =>
  (a: { file: { path: string } }, b: { file: { path: string } }): number =>
    order(a.file.path, b.file.path);

/** Orders entities and documents by file path. */
export const byFile = byFileIn();

export const noResource = (): undefined => undefined;

export interface AnalyseOptions {
  /** `ownAccounts` and `minConfidence` are read from it (the rules' settings are in the plan). */
  config: Config;
  /** Every rule id a suppression may name without being "not a secretwarden rule". Default: the plan's rules. */
  knownRules?: ReadonlySet<string>;
  /** Files whose findings are not reported (context, see `scan/context.ts`). */
  contextFiles?: ReadonlySet<string>;
  /** Findings it knows are reported as suppressed; `file` names it in the report. */
  baseline?: { data: BaselineFile; file: string };
  /** Called with the merged project before the project rules run. */
  onProject?: (project: Project) => void;
  /** Keep each finding's `messageId` (the rule tester compares it); reports leave it out. */
  messageIds?: boolean;
  /**
   * How files are ordered in the project (default: by path). The scan passes `repositoryOrder(cwd)`, so that the
   * project rules see the files in the same order from any directory.
   */
  fileOrder?: (a: string, b: string) => number;
}

export interface Analysis {
  findings: FindingWithId[];
  suppressed: SuppressedFinding[];
  /** Metadata of the enabled rules, then of the engine's suppression checks that reported something. */
  rules: RuleMeta[];
  baseline?: BaselineStatus;
  belowMinConfidence?: { minConfidence: Confidence; count: number };
}

/** What the units of a scan give together (stage 2): the project, and what the later stages read of each unit. */
export interface MergedUnits {
  project: Project;
  fileFindings: FindingWithId[];
  inline: Directive[];
  metadata: Directive[];
  constructPaths: Map<string, string>;
}

/**
 * Stage 2, merge. Units are in path order, a Terraform module where its first file is: entities are ordered by file (as
 * `fileOrder` compares paths) so that the project rules see a stable project.
 */
export function mergeUnits(
  units: readonly FileStageResult[],
  fileOrder?: (a: string, b: string) => number,
): MergedUnits {
  const entities: Entity[] = [];
  const documents: SourceDocument[] = [];
  const fileFindings: FindingWithId[] = [];
  const inline: Directive[] = [];
  const metadata: Directive[] = [];
  const constructPaths = new Map<string, string>();
  for (const unit of units) {
    for (const pushed of unit.findings) fileFindings.push(pushed);
    for (const pushed of unit.entities) entities.push(pushed);
    for (const summary of unit.documents) documents.push({ ...summary, resourceAt: noResource });
    for (const pushed of unit.inline) inline.push(pushed);
    for (const pushed of unit.metadata) metadata.push(pushed);
    for (const [key, cdkPath] of unit.constructPaths) constructPaths.set(key, cdkPath);
  }
  const order = byFileIn(fileOrder);
  entities.sort(order);
  documents.sort(order);
  return { project: new Project(entities, documents), fileFindings, inline, metadata, constructPaths };
}

/** Stages 2 to 9: from the units' file stages (in unit order) to the findings a report shows. */
export async function analyse(
  units: readonly FileStageResult[],
  plan: RulePlan,
  options: AnalyseOptions,
): Promise<Analysis> {
  const { project, fileFindings, inline, metadata, constructPaths } = mergeUnits(units, options.fileOrder);
  options.onProject?.(project);

  // 3. project rules.
  const iam = await catalogueFor(project);
  const projectFindings = runRulesWithIds(project, plan.projectRules, plan.settings, {
    ownAccounts: plan.ownAccounts,
    iam,
    ...(options.contextFiles?.size ? { context: options.contextFiles } : {}),
  });

  // 4. suppressions. Those of context files are left out with their findings (5.): whether they suppress anything is
  // the question of a run that reports on those files, and their checks' notes would be dropped.
  const reported = <T extends { file: string }>(items: T[]): T[] => outsideContext(items, options.contextFiles);
  const suppression = applySuppressions({
    findings: dedupe([...fileFindings, ...projectFindings]),
    inline: reported(inline),
    metadata: reported(metadata),
    knownRules: options.knownRules ?? new Set(plan.rules.map((rule) => rule.meta.id)),
    enabledRules: new Set(plan.settings.keys()),
  });

  // 5. report set.
  // 6. construct paths, 7. the one sort of findings.
  let findings = sortFindings(withConstructPaths(reported(suppression.findings), constructPaths));
  const suppressed: SuppressedFinding[] = withConstructPaths(reported(suppression.suppressed), constructPaths);

  // 8. baseline.
  let baseline: BaselineStatus | undefined;
  if (options.baseline) {
    const applied = applyBaseline(findings, options.baseline.data, options.baseline.file);
    findings = applied.findings;
    for (const pushed of applied.suppressed) suppressed.push(pushed);
    baseline = applied.status;
  }

  // 9. confidence floor: after suppressions and the baseline, so that a comment or a baseline entry that matches a
  // finding below the floor is still used (never reported as unused or stale only because of this run's floor).
  const minConfidence = options.config.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const floored = applyConfidenceFloor(findings, minConfidence);
  const shownSuppressed = applyConfidenceFloor(suppressed, minConfidence).kept;
  return {
    findings: options.messageIds ? floored.kept : floored.kept.map(withoutMessageId),
    // The suppressed list gathers two stages (suppressions, baseline): ordered once, as the findings are.
    suppressed: sortFindings(options.messageIds ? shownSuppressed : shownSuppressed.map(withoutMessageId)),
    rules: [
      ...plan.rules.filter((rule) => plan.settings.has(rule.meta.id)).map((rule) => rule.meta),
      ...suppression.rules,
    ],
    ...(baseline ? { baseline } : {}),
    ...(floored.below > 0 ? { belowMinConfidence: { minConfidence, count: floored.below } } : {}),
  };
}

function withoutMessageId<F extends FindingWithId>(finding: F): F {
  if (finding.messageId === undefined) return finding;
  const { messageId: _, ...rest } = finding;
  return rest as F;
}

/**
 * In a template synthesized by the AWS CDK, a finding names the construct path (`aws:cdk:path` metadata) in its message
 * and as its `resource`, so that a CDK user finds the construct in their code (the rules' messages name the logical ID).
 * The fingerprint was computed from the logical ID before and does not change.
 */
function withConstructPaths<F extends { file: string; resource?: string; message: string }>(
  findings: F[],
  paths: ReadonlyMap<string, string>,
): F[] {
  if (paths.size === 0) return findings;
  return findings.map((finding) => {
    const cdkPath = finding.resource !== undefined ? paths.get(`${finding.file}\0${finding.resource}`) : undefined;
    if (!cdkPath) return finding;
    const message = `${finding.message.replace(/\s+$/, "")} CDK construct: ${cdkPath}.`;
    return { ...finding, message, resource: cdkPath };
  });
}

/** The items located outside the context files (which a run reads, never reports on: `scan/context.ts`). */
export function outsideContext<T extends { file: string }>(items: T[], context: ReadonlySet<string> | undefined): T[] {
  return context === undefined || context.size === 0 ? items : items.filter((item) => !context.has(item.file));
}

import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type ignore from "ignore";
import type { Entity, SourceDocument } from "../model/entities.js";
import { Project } from "../model/project.js";
import { RULES } from "../rules/index.js";
import type { Rule } from "../rules/define.js";
import { CONFIG_FILE_NAMES, DEFAULT_MAX_FILE_SECONDS, DEFAULT_MAX_FILE_SIZE, ruleSettings, type Config } from "../engine/config.js";
import { dedupe, runRules, sortFindings } from "../engine/run.js";
import { catalogueFor } from "../engine/catalogue.js";
import type { Finding, ScanError, ScanResult, SkippedFile, SuppressedFinding } from "../engine/types.js";
import { applySuppressions, type Directive } from "../engine/suppressions.js";
import { applyBaseline, type BaselineFile } from "../engine/baseline.js";
import { applyConfidenceFloor, DEFAULT_MIN_CONFIDENCE } from "../engine/confidence.js";
import { VERSION } from "../version.js";
import { discover, installTargetAbove, type DiscoveredFile, type LoadedFile } from "./discover.js";
import { isCandidate, isGeneratedText } from "./formats.js";
import {
  analyseUnit,
  byFile,
  groupUnits,
  isFileScoped,
  noResource,
  overBudget,
  readUnit,
  unitContext,
  type ScanUnit,
  type UnitContext,
  type UnitResult,
  type UnitSettings,
} from "./unit.js";

export interface ScanOptions {
  /** Files and directories to scan; default the current directory. */
  paths?: string[];
  /** Absolute; reported paths are relative to it. Default `process.cwd()`. */
  cwd?: string;
  config?: Config;
  rules?: readonly Rule[];
  /** Include/exclude globs, each list judged relative to its own folder (the configuration's, or cwd for flags). */
  filters?: PathFilter[];
  /**
   * Contents to scan instead of the file system (`--staged`: the git index; `--diff-base`: a commit). Paths are
   * relative to cwd with forward slashes; `paths`, ignore files and discovery do not apply, filters do.
   */
  files?: { path: string; text: string }[];
  /** Findings it knows are reported as suppressed; `file` names it in the report. */
  baseline?: { data: BaselineFile; file: string };
  /** Called with the project once it is built (`--diff-base` compares the policies of two scans). */
  onProject?: (project: Project) => void;
  /** Called as files are read and when the rules run, for a progress line. */
  onProgress?: (progress: Progress) => void;
  /**
   * Worker threads (`--jobs`); default `os.availableParallelism()`. Below `WORKER_THRESHOLD` files, or with custom
   * `rules`, the scan runs on the main thread whatever this says. `1` is one worker when a time budget is set
   * (`maxFileSeconds`, by default), so that the budget can be enforced; with `maxFileSeconds: 0`, the main thread.
   */
  jobs?: number;
}

/**
 * Fewer files than this are scanned on the main thread: a worker pays its own module loading (tens of milliseconds),
 * which the pre-commit case (one or a few files) must not pay. There, the time budget is checked once a file is done
 * (it cannot interrupt it): a file over budget gets the same error entry as with workers.
 */
export const WORKER_THRESHOLD = 200;

export interface Progress {
  phase: "reading" | "analysing";
  done: number;
  total: number;
}

/** gitignore-style globs relative to `base` (absolute): `include` (when given) keeps only matches, `exclude` drops them. */
export interface PathFilter {
  base: string;
  include?: string[];
  exclude?: string[];
}

type Ignore = ignore.Ignore;

/** One predicate for all filters, over paths relative to cwd. Paths outside a filter's folder are not judged by it. */
export function pathFilter(cwd: string, filters: readonly PathFilter[]): (relative: string) => boolean {
  const active = filters.filter((f) => (f.include?.length ?? 0) > 0 || (f.exclude?.length ?? 0) > 0);
  if (active.length === 0) return () => true;
  const factory = createRequire(import.meta.url)("ignore") as typeof ignore;
  const compiled = active.map((f) => ({
    base: f.base,
    include: f.include?.length ? (factory({ ignorecase: false }).add(f.include) as Ignore) : undefined,
    exclude: f.exclude?.length ? (factory({ ignorecase: false }).add(f.exclude) as Ignore) : undefined,
  }));
  return (relative) => {
    const absolute = path.resolve(cwd, relative);
    for (const filter of compiled) {
      const inside = path.relative(filter.base, absolute).split(path.sep).join("/");
      if (inside === "" || inside.startsWith("../") || path.isAbsolute(inside)) continue;
      if (filter.include && !filter.include.ignores(inside)) return false;
      if (filter.exclude?.ignores(inside)) return false;
    }
    return true;
  };
}

export class PathNotFoundError extends Error {
  override name = "PathNotFoundError";
}

/** How many units are read ahead of the one being parsed on the main thread: enough to overlap I/O with parsing. */
const READ_AHEAD = 16;

/** The one entry point of the pipeline: discover, parse, model, rules, findings. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? {};
  const rules = options.rules ?? RULES;
  const maxFileSize = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const paths = options.paths?.length ? options.paths : ["."];

  const filter = pathFilter(cwd, options.filters ?? []);
  // The configuration file is read as configuration, not scanned as a document.
  const wants = (relative: string) => isCandidate(relative) && filter(relative) && !(CONFIG_FILE_NAMES as readonly string[]).includes(path.posix.basename(relative));
  let sources: (DiscoveredFile | LoadedFile)[];
  // A generated or third-party file named on the command line (or staged) is not read either, but said so: found
  // by the walk of a folder, it is passed over in silence.
  let rejected: string[];
  // Named files in an install target (a Lambda layer's `python/` beside `*.dist-info`...): third-party too.
  let installed: string[];
  let thirdPartyFolders: string[] = [];
  if (options.files) {
    sources = [];
    rejected = [];
    installed = [];
    const listings = new Map<string, Promise<string[]>>();
    for (const file of options.files) {
      const absolutePath = path.resolve(cwd, file.path);
      if (!wants(file.path)) rejected.push(file.path);
      else if ((await installTargetAbove(path.dirname(absolutePath), cwd, listings)) !== undefined) installed.push(file.path);
      else sources.push({ absolutePath, path: file.path, explicit: true, text: file.text });
    }
  } else {
    const discovered = await discover({ paths, cwd, maxFileSize, wants });
    if (discovered.missing.length > 0) throw new PathNotFoundError(`no such file or directory: ${discovered.missing.join(", ")}`);
    sources = discovered.files;
    rejected = discovered.rejected;
    installed = discovered.installed;
    thirdPartyFolders = discovered.thirdParty;
  }
  const generated = [...rejected.filter((relative) => isGeneratedText(relative) && filter(relative)), ...installed].map(generatedSkip);

  const settings = ruleSettings(rules, config);
  const unitSettings: UnitSettings = {
    config,
    maxFileSize,
    maxFileSeconds: config.maxFileSeconds ?? DEFAULT_MAX_FILE_SECONDS,
    ...(options.onProject ? { keepAllEntities: true } : {}),
  };
  const context = unitContext(unitSettings, rules, settings);
  const units = groupUnits(sources);
  const progress = options.onProgress;
  let filesRead = 0;
  const done = (unit: ScanUnit) => progress?.({ phase: "reading", done: (filesRead += unit.sources.length), total: sources.length });

  const threads = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  const pooled = sources.length >= WORKER_THRESHOLD && rules === RULES && (threads > 1 || unitSettings.maxFileSeconds > 0);
  let results: (UnitResult | undefined)[] = [];
  if (pooled) {
    const { runPool } = await import("./pool.js");
    results = await runPool(units, { threads, settings: unitSettings, onDone: done });
  }
  // Without a pool, or for what a pool that could not start left over.
  results = await onMainThread(units, results, context, done);

  const entities: Entity[] = [];
  const documents: SourceDocument[] = [];
  const errors: ScanError[] = [];
  const warnings: ScanError[] = [];
  const skipped: SkippedFile[] = [...generated];
  const unitFindings: Finding[] = [];
  const inline: Directive[] = [];
  const metadata: Directive[] = [];
  const constructPaths = new Map<string, string>();
  let filesScanned = 0;
  for (const result of results as UnitResult[]) {
    for (const pushed of result.findings) unitFindings.push(pushed);
    for (const pushed of result.errors) errors.push(pushed);
    for (const pushed of result.warnings ?? []) warnings.push(pushed);
    for (const pushed of result.skipped) skipped.push(pushed);
    filesScanned += result.filesScanned;
    for (const pushed of result.entities) entities.push(pushed);
    for (const summary of result.documents) documents.push({ ...summary, resourceAt: noResource });
    for (const pushed of result.inline) inline.push(pushed);
    for (const pushed of result.metadata) metadata.push(pushed);
    for (const [key, cdkPath] of result.constructPaths) constructPaths.set(key, cdkPath);
  }

  // Units are in path order, a Terraform module where its first file is: entities are ordered by file so that the
  // project-level rules see a stable project.
  entities.sort(byFile);
  documents.sort(byFile);

  const project = new Project(entities, documents);
  options.onProject?.(project);
  const iam = await catalogueFor(project);
  progress?.({ phase: "analysing", done: 0, total: rules.length });
  const projectFindings = runRules(project, rules.filter((rule) => !isFileScoped(rule)), settings, { ownAccounts: config.ownAccounts ?? [], iam });
  const raw = sortFindings(dedupe([...unitFindings, ...projectFindings]));
  const suppression = applySuppressions({
    findings: raw,
    inline,
    metadata,
    knownRules: new Set(RULES.map((rule) => rule.meta.id).concat(rules.map((rule) => rule.meta.id))),
    enabledRules: new Set(settings.keys()),
  });
  let findings = sortFindings(withConstructPaths(suppression.findings, constructPaths));
  const suppressed: SuppressedFinding[] = withConstructPaths(suppression.suppressed, constructPaths);
  let baseline: ScanResult["baseline"];
  if (options.baseline) {
    const applied = applyBaseline(findings, options.baseline.data, options.baseline.file);
    findings = applied.findings;
    for (const pushed of applied.suppressed) suppressed.push(pushed);
    baseline = applied.status;
  }
  // After suppressions and the baseline, so that a comment or a baseline entry that matches a finding below the floor
  // is still used (never reported as unused or stale only because of the floor chosen for this run).
  const minConfidence = config.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const floored = applyConfidenceFloor(findings, minConfidence);
  findings = floored.kept;
  const shownSuppressed = applyConfidenceFloor(suppressed, minConfidence).kept;
  progress?.({ phase: "analysing", done: rules.length, total: rules.length });
  return {
    tool: { name: "secretwarden", version: VERSION },
    findings,
    errors: errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    ...(warnings.length > 0 ? { warnings: warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) } : {}),
    skipped: skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    filesScanned,
    rules: [...rules.filter((rule) => settings.has(rule.meta.id)).map((rule) => rule.meta), ...suppression.rules],
    suppressed: sortFindings(shownSuppressed),
    ...(baseline ? { baseline } : {}),
    ...(thirdPartyFolders.length > 0 ? { thirdPartyFolders } : {}),
    ...(floored.below > 0 ? { belowMinConfidence: { minConfidence, count: floored.below } } : {}),
  };
}

/**
 * Scans on the main thread the units that have no result yet, one at a time, reading ahead. The time budget cannot
 * interrupt a file here: it is checked once the unit is done, so that the report is the same as with workers.
 */
async function onMainThread(
  units: readonly ScanUnit[],
  results: readonly (UnitResult | undefined)[],
  context: UnitContext,
  done: (unit: ScanUnit) => void,
): Promise<UnitResult[]> {
  const todo = units.map((_, index) => index).filter((index) => results[index] === undefined);
  const out = [...results];
  const reads = new Map<number, ReturnType<typeof readUnit>>();
  const readAhead = (position: number) => {
    const index = todo[position];
    if (index === undefined) return;
    const reading = readUnit(units[index] as ScanUnit, context.settings.maxFileSize);
    reading.catch(() => undefined);
    reads.set(index, reading);
  };
  for (let position = 0; position < READ_AHEAD; position++) readAhead(position);
  const budgetMs = context.settings.maxFileSeconds * 1000;
  for (const [position, index] of todo.entries()) {
    const unit = units[index] as ScanUnit;
    const loaded = await (reads.get(index) as ReturnType<typeof readUnit>);
    reads.delete(index);
    readAhead(position + READ_AHEAD);
    const started = performance.now();
    let result = await analyseUnit(loaded, context);
    if (budgetMs > 0 && performance.now() - started > budgetMs * unit.sources.length) result = overBudget(unit, context.settings.maxFileSeconds);
    out[index] = result;
    done(unit);
  }
  return out as UnitResult[];
}

/**
 * In a template synthesized by the AWS CDK, a finding names the construct path (`aws:cdk:path` metadata) in its message
 * and as its `resource`, so that a CDK user finds the construct in their code (the rules' messages name the logical ID).
 * The fingerprint was computed from the logical ID before and does not change.
 */
function withConstructPaths<F extends { file: string; resource?: string; message: string }>(findings: F[], paths: ReadonlyMap<string, string>): F[] {
  if (paths.size === 0) return findings;
  return findings.map((finding) => {
    const cdkPath = finding.resource !== undefined ? paths.get(`${finding.file}\0${finding.resource}`) : undefined;
    if (!cdkPath) return finding;
    const message = `${finding.message.replace(/\s+$/, "")} CDK construct: ${cdkPath}.`;
    return { ...finding, message, resource: cdkPath };
  });
}

/** The skip note of a generated or third-party file named explicitly. */
function generatedSkip(file: string): SkippedFile {
  return { file, reason: "generated", message: "skipped: generated or third-party file (lock file, bundle, source map, vendor/...), not read" };
}

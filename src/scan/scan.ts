import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import type ignore from "ignore";
import type { Project } from "../model/project.js";
import { RULES } from "../rules/index.js";
import type { Rule } from "../knowledge/rule-contract.js";
import {
  CONFIG_FILE_NAMES,
  DEFAULT_MAX_FILE_SECONDS,
  DEFAULT_MAX_FILE_SIZE,
  MAX_FILE_SECONDS,
  ruleSettings,
  unitBudgetMs,
  type Config,
} from "../engine/config.js";
import { analyse, mergeUnits, outsideContext, planRules } from "../engine/analyse.js";
import type { RuleSetting } from "../engine/run.js";
import type { ScanError, ScanResult, SkippedFile } from "../engine/types.js";
import type { BaselineFile } from "../engine/baseline.js";
import { VERSION } from "../version.js";
import {
  discover,
  installTargetAbove,
  isSkipped,
  type DiscoveredFile,
  type LoadedFile,
  type SkippedFile as SkippedRead,
} from "./discover.js";
import { isCandidate, isGeneratedText } from "./formats.js";
import { boundedGlobs } from "../engine/ignore-globs.js";
import {
  afterOverBudget,
  analyseUnit,
  contextFor,
  groupUnits,
  overBudget,
  readUnit,
  unitContext,
  type ScanUnit,
  type UnitContext,
  type UnitResult,
  type UnitSettings,
} from "./unit.js";
import { StreamingScan } from "./stream.js";
import { repositoryOrder } from "./path-order.js";

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
  /** Keep every entity in the project `onProject` gets (default: yes), not only those the project rules need. */
  keepAllEntities?: boolean;
  /**
   * Context (see `./context.ts`): files read, parsed and linked with the others, so that the cross-file rules judge the
   * scanned files as a scan of the whole repository would, but never reported on: their findings, errors, skip notes
   * and counts are left out of the result. Paths relative to cwd; a file also scanned is scanned.
   */
  context?: (DiscoveredFile | LoadedFile)[];
  /**
   * Unit results kept across the scans of one run with context (`./context.ts` scans the report set again with more
   * context): a unit of the same files, as report set or as context, with the same texts, is not read, parsed and
   * checked again. Its result is data the later stages only read.
   */
  unitCache?: UnitResultCache;
  /** Called as files are read and when the rules run, for a progress line. */
  onProgress?: (progress: Progress) => void;
  /**
   * Worker threads (`--jobs`); default `os.availableParallelism()`, and never more than that unless `jobsForce` (more
   * threads than cores only add memory: each holds its own parsers and heap). Below `WORKER_THRESHOLD` files, or with
   * custom `rules`, the small units run on the main thread whatever this says, and the larger ones (`SLOW_UNIT_CHARS`)
   * in workers when a time budget is set (`maxFileSeconds`, by default), so that the budget can stop them. `1` is one
   * worker when a time budget is set; with `maxFileSeconds: 0`, the main thread.
   */
  jobs?: number;
  /** Use `jobs` threads even when that is more than the machine's cores (`--jobs-force`). */
  jobsForce?: boolean;
}

/**
 * Fewer files than this are scanned on the main thread, but for the units of `SLOW_UNIT_CHARS` or more: a worker pays
 * its own module loading (tens of milliseconds), which the pre-commit case (one or a few files) must not pay.
 */
export const WORKER_THRESHOLD = 200;

/**
 * A unit this large (in characters, all its files together) goes to a worker even in a small scan, so that its time
 * budget can stop it; a smaller one runs on the main thread, where the budget is checked once it is done. Every parser
 * is linear or close to it, so a file this small takes a small fraction of its budget; going through a worker would
 * cost a one-file pre-commit run about a quarter more CPU (measured on one small `.tf`, 15 runs on a busy 2-core
 * machine: median 0.80 s of CPU instead of 0.62 s, min 0.72 instead of 0.59; nearly all of it the worker loading the
 * parsers and rules a second time), for a case no input reaches unless a parser has a superlinear bug. Large files
 * are where that happens (50,000 YAML keys, thousands of policy actions, a long `Metadata` list).
 */
export const SLOW_UNIT_CHARS = 64 * 1024;

/** The worker threads to use: `jobs` (default one per core), capped at the number of cores unless forced. */
export function threadsFor(jobs: number | undefined, force = false): number {
  const cores = availableParallelism();
  const wanted = Math.max(1, Math.floor(jobs ?? cores));
  return force ? wanted : Math.min(wanted, cores);
}

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
    include: f.include?.length ? (factory({ ignorecase: false }).add(boundedGlobs(f.include)) as Ignore) : undefined,
    exclude: f.exclude?.length ? (factory({ ignorecase: false }).add(boundedGlobs(f.exclude)) as Ignore) : undefined,
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

/** See `ScanOptions.unitCache`: by the unit's role and paths, with the texts it was given (undefined: read from disk). */
export type UnitResultCache = Map<string, { texts: (string | undefined)[]; result: UnitResult }>;

const unitKey = (unit: ScanUnit): string => {
  const context = new Set(unit.context);
  return unit.sources.map((source) => `${context.has(source.path) ? "context" : "report"}:${source.path}`).join("\0");
};
const unitTexts = (unit: ScanUnit): (string | undefined)[] =>
  unit.sources.map((source) => ("text" in source ? source.text : undefined));

/** How many units are read ahead of the one being parsed on the main thread: enough to overlap I/O with parsing. */
const READ_AHEAD = 16;

/** The one entry point of the pipeline: discover, parse, model, rules, findings. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  return reportOf(await scanUnits(options), options);
}

/** The rules of scope `project` over a unit stage of `options` (`scanUnits`), and the result a report shows. */
export async function reportOf(stage: UnitStage, options: ScanOptions): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? {};
  const rules = options.rules ?? RULES;
  const { results, generated, thirdPartyFolders, contextPaths, settings } = stage;
  const progress = options.onProgress;

  const errors: ScanError[] = [];
  const warnings: ScanError[] = [];
  const skipped: SkippedFile[] = [...generated];
  let filesScanned = 0;
  let filesFailed = 0;
  for (const result of results) {
    for (const pushed of result.errors) errors.push(pushed);
    for (const pushed of result.warnings ?? []) warnings.push(pushed);
    for (const pushed of result.skipped) skipped.push(pushed);
    filesScanned += result.filesScanned;
    filesFailed += result.filesFailed;
  }

  progress?.({ phase: "analysing", done: 0, total: rules.length });
  const analysis = await analyse(results, planRules(rules, config, { settings }), {
    config,
    knownRules: new Set(RULES.map((rule) => rule.meta.id).concat(rules.map((rule) => rule.meta.id))),
    contextFiles: contextPaths,
    fileOrder: repositoryOrder(cwd),
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.onProject ? { onProject: options.onProject } : {}),
  });
  const reported = <T extends { file: string }>(items: T[]): T[] => outsideContext(items, contextPaths);
  if (contextPaths.size > 0) {
    const counts = contextCounts(contextPaths, errors, skipped);
    filesScanned -= counts.scanned;
    filesFailed -= counts.failed;
  }
  progress?.({ phase: "analysing", done: rules.length, total: rules.length });
  return {
    tool: { name: "secretwarden", version: VERSION },
    findings: analysis.findings,
    errors: reported(errors).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    ...(reported(warnings).length > 0
      ? { warnings: reported(warnings).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) }
      : {}),
    skipped: reported(skipped).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    filesScanned,
    filesFailed,
    rules: analysis.rules,
    suppressed: analysis.suppressed,
    ...(analysis.baseline ? { baseline: analysis.baseline } : {}),
    ...(thirdPartyFolders.length > 0 ? { thirdPartyFolders } : {}),
    ...(analysis.belowMinConfidence ? { belowMinConfidence: analysis.belowMinConfidence } : {}),
  };
}

/** What `scan` has before the rules of scope `project`: every unit's result, and what discovery passed over. */
export interface UnitStage {
  results: UnitResult[];
  /** Skip notes of generated or third-party files named explicitly, and of folders that could not be listed. */
  generated: SkippedFile[];
  thirdPartyFolders: string[];
  contextPaths: Set<string>;
  settings: ReadonlyMap<string, RuleSetting>;
}

/** Discovery, reading, parsing and the rules of scope `file`, unit by unit (in the worker pool or here). */
export async function scanUnits(options: ScanOptions): Promise<UnitStage> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? {};
  const rules = options.rules ?? RULES;
  const maxFileSize = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const paths = options.paths?.length ? options.paths : ["."];

  const filter = pathFilter(cwd, options.filters ?? []);
  const wants = wantedBy(filter);
  let sources: (DiscoveredFile | LoadedFile)[];
  // A generated or third-party file named on the command line (or staged) is not read either, but said so: found
  // by the walk of a folder, it is passed over in silence.
  let rejected: string[];
  // Named files in an install target (a Lambda layer's `python/` beside `*.dist-info`...): third-party too.
  let installed: string[];
  let thirdPartyFolders: string[] = [];
  let unlistable: SkippedFile[] = [];
  const unitSettings: UnitSettings = {
    config,
    maxFileSize,
    // A library caller's configuration is not validated as a file is: clamped to what a timer can hold.
    maxFileSeconds: Math.min(config.maxFileSeconds ?? DEFAULT_MAX_FILE_SECONDS, MAX_FILE_SECONDS),
    ...((options.keepAllEntities ?? options.onProject !== undefined) ? { keepAllEntities: true } : {}),
  };
  const threads = threadsFor(options.jobs, options.jobsForce);
  // Workers run the built-in rules only (they load them themselves).
  const workable = rules === RULES;
  const budgeted = unitSettings.maxFileSeconds > 0;
  const progress = options.onProgress;
  let filesRead = 0;
  let total: number | undefined;
  const done = (unit: ScanUnit) =>
    progress?.({ phase: "reading", done: (filesRead += unit.sources.length), total: total ?? stream?.files ?? 0 });
  // The walk hands its files to the pool as it finds them (one path given: no file can come twice).
  const stream =
    !options.files && !options.context?.length && paths.length === 1 && workable && (threads > 1 || budgeted)
      ? new StreamingScan(WORKER_THRESHOLD, { threads, settings: unitSettings, onDone: done })
      : undefined;
  if (options.files) {
    sources = [];
    rejected = [];
    installed = [];
    const listings = new Map<string, Promise<string[]>>();
    for (const file of options.files) {
      const absolutePath = path.resolve(cwd, file.path);
      if (!wants(file.path)) rejected.push(file.path);
      else if ((await installTargetAbove(path.dirname(absolutePath), cwd, listings)) !== undefined)
        installed.push(file.path);
      else sources.push({ absolutePath, path: file.path, explicit: true, text: file.text });
    }
  } else {
    const discovered = await discover({
      paths,
      cwd,
      maxFileSize,
      wants,
      ...(stream ? { onFiles: stream.add } : {}),
    }).catch((error: unknown) => {
      stream?.cancel();
      throw error;
    });
    if (discovered.missing.length > 0) {
      stream?.cancel();
      throw new PathNotFoundError(`no such file or directory: ${discovered.missing.join(", ")}`);
    }
    sources = discovered.files;
    rejected = discovered.rejected;
    installed = discovered.installed;
    thirdPartyFolders = discovered.thirdParty;
    unlistable = discovered.unlistable;
  }
  const contextPaths = new Set<string>();
  if (options.context && options.context.length > 0) {
    const scanned = new Set(sources.map((source) => source.path));
    for (const source of options.context)
      if (!scanned.has(source.path) && wants(source.path)) contextPaths.add(source.path);
    sources = [...sources, ...options.context.filter((source) => contextPaths.has(source.path))].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    );
  }
  const generated = [...rejected.filter((relative) => isGeneratedText(relative) && filter(relative)), ...installed]
    .map(generatedSkip)
    .concat(unlistable);

  const settings = ruleSettings(rules, config);
  const context = unitContext(unitSettings, rules, settings);
  const units = groupUnits(sources);
  if (contextPaths.size > 0)
    for (const unit of units) {
      const context = unit.sources.flatMap((source) => (contextPaths.has(source.path) ? [source.path] : []));
      if (context.length > 0) unit.context = context;
    }
  total = sources.length;
  const pooled = sources.length >= WORKER_THRESHOLD && workable && (threads > 1 || budgeted);
  let results: (UnitResult | undefined)[] = new Array<UnitResult | undefined>(units.length).fill(undefined);
  const cache = options.unitCache;
  if (cache)
    for (const [index, unit] of units.entries()) {
      const kept = cache.get(unitKey(unit));
      const texts = unitTexts(unit);
      if (kept && kept.texts.length === texts.length && kept.texts.every((text, i) => text === texts[i]))
        results[index] = kept.result;
    }
  const streamed = await stream?.results(units);
  if (streamed) results = streamed;
  else {
    /** Scans the units at `indices` in the worker pool, into `results`. */
    const inPool = async (indices: number[], poolThreads: number) => {
      if (indices.length === 0) return;
      const { runPool } = await import("./pool.js");
      const pooledResults = await runPool(
        indices.map((index) => units[index] as ScanUnit),
        { threads: poolThreads, settings: unitSettings, onDone: done },
      );
      for (const [position, index] of indices.entries()) results[index] = pooledResults[position];
    };
    if (pooled) {
      // The units a former pass of the same run scanned already (`unitCache`) are not scanned again.
      await inPool(
        units.flatMap((_, index) => (results[index] === undefined ? [index] : [])),
        threads,
      );
    } else if (workable && budgeted) {
      // A small scan: the small units here, the large ones in workers, where their budget can stop them.
      const large: number[] = [];
      results = await onMainThread(units, results, context, done, (index) => large.push(index));
      await inPool(large, Math.min(threads, large.length));
    }
  }
  // Without a pool, or for what a pool could not scan (no worker could start; a unit ran one out of memory).
  const scanned = await onMainThread(units, results, context, done);
  // The one place a unit that ran out of its budget is handed on (issue 16: it still gets the text-level search).
  results = await Promise.all(
    scanned.map((result, index) =>
      result.overBudget
        ? afterOverBudget(units[index] as ScanUnit, result, contextFor(units[index] as ScanUnit, context))
        : result,
    ),
  );

  if (cache)
    for (const [index, unit] of units.entries())
      cache.set(unitKey(unit), { texts: unitTexts(unit), result: results[index] as UnitResult });
  return { results: results as UnitResult[], generated, thirdPartyFolders, contextPaths, settings };
}

/**
 * The project a unit stage of `options` builds, before the rules of scope `project` run: what the entities are, not
 * what is wrong with them.
 */
export const projectOf = (stage: UnitStage, options: ScanOptions): Project =>
  mergeUnits(stage.results, repositoryOrder(options.cwd ?? process.cwd())).project;

/**
 * What the context files added to the counts, as a unit counts them: a file read without an error entry is scanned, one
 * with an error entry failed, one skipped neither. The counts of the result are those of the report set alone.
 */
function contextCounts(
  contextPaths: ReadonlySet<string>,
  errors: readonly ScanError[],
  skipped: readonly SkippedFile[],
): { scanned: number; failed: number } {
  const failed = new Set(errors.filter((error) => contextPaths.has(error.file)).map((error) => error.file));
  const passedOver = new Set(skipped.filter((skip) => contextPaths.has(skip.file)).map((skip) => skip.file));
  let scanned = 0;
  for (const file of contextPaths) if (!failed.has(file) && !passedOver.has(file)) scanned++;
  return { scanned, failed: failed.size };
}

/** Whether a file (relative to cwd) is read at all: a candidate by name, kept by the filters, not a configuration file. */
export function wantedBy(filter: (relative: string) => boolean): (relative: string) => boolean {
  // The configuration file is read as configuration, not scanned as a document.
  return (relative) =>
    isCandidate(relative) &&
    filter(relative) &&
    !(CONFIG_FILE_NAMES as readonly string[]).includes(path.posix.basename(relative));
}

/**
 * Scans on the main thread the units that have no result yet, one at a time, reading ahead. The time budget cannot
 * interrupt a unit here: it is checked, in the main thread's CPU time, once the unit is done, so that the report is
 * the same as with workers. With `defer`, a unit of `SLOW_UNIT_CHARS` or more is not scanned but handed to it (for a
 * worker, where the budget can stop it), and left without a result.
 */
async function onMainThread(
  units: readonly ScanUnit[],
  results: readonly (UnitResult | undefined)[],
  context: UnitContext,
  done: (unit: ScanUnit) => void,
  defer?: (index: number) => void,
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
  // The process's CPU time, in microseconds: no worker runs while the main thread scans (a pool runs before or after
  // this loop), so it is this thread's, with a finer grain than the per-thread clock of `/proc` (10 ms).
  const cpuNow = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  for (const [position, index] of todo.entries()) {
    const unit = units[index] as ScanUnit;
    const loaded = await (reads.get(index) as ReturnType<typeof readUnit>);
    reads.delete(index);
    readAhead(position + READ_AHEAD);
    if (defer && loadedChars(loaded) >= SLOW_UNIT_CHARS) {
      // The worker reads the files again: keeping them here meanwhile could hold hundreds of megabytes.
      defer(index);
      continue;
    }
    const budgetMs = unitBudgetMs(context.settings.maxFileSeconds, unit.sources.length);
    const started = cpuNow();
    let result = await analyseUnit(loaded, contextFor(unit, context));
    if (budgetMs > 0 && cpuNow() - started > budgetMs) result = overBudget(unit, context.settings.maxFileSeconds);
    out[index] = result;
    done(unit);
  }
  return out as UnitResult[];
}

function loadedChars(loaded: readonly (LoadedFile | SkippedRead)[]): number {
  let chars = 0;
  for (const item of loaded) if (!isSkipped(item)) chars += item.text.length;
  return chars;
}

/** The skip note of a generated or third-party file named explicitly. */
function generatedSkip(file: string): SkippedFile {
  return {
    file,
    reason: "generated",
    message: "skipped: generated or third-party file (lock file, bundle, source map, vendor/...), not read",
  };
}

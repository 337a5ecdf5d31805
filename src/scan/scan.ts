import { createRequire } from "node:module";
import path from "node:path";
import type ignore from "ignore";
import { SourceFile } from "../parsers/positioned.js";
import { loadDocumentFile, terraformEntities, type FileLoad } from "../parsers/load.js";
import type { TfFile } from "../parsers/terraform/syntax.js";
import type { Entity, SourceDocument } from "../model/entities.js";
import { Project } from "../model/project.js";
import { RULES } from "../rules/index.js";
import type { Rule } from "../rules/define.js";
import { CONFIG_FILE_NAMES, DEFAULT_MAX_FILE_SIZE, ruleSettings, type Config } from "../engine/config.js";
import { runRules, sortFindings } from "../engine/run.js";
import { catalogueFor } from "../engine/catalogue.js";
import type { ScanError, ScanResult, SkippedFile, SuppressedFinding } from "../engine/types.js";
import { applySuppressions } from "../engine/suppressions.js";
import { applyBaseline, type BaselineFile } from "../engine/baseline.js";
import { VERSION } from "../version.js";
import { discover, isSkipped, readCandidate, type DiscoveredFile, type LoadedFile } from "./discover.js";
import { isCandidate, syntaxOf } from "./formats.js";

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

/** How many files are read at once: enough to overlap I/O with parsing, few enough to bound memory. */
const READ_CONCURRENCY = 16;

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
  if (options.files) {
    sources = options.files
      .filter((file) => wants(file.path))
      .map((file) => ({ absolutePath: path.resolve(cwd, file.path), path: file.path, explicit: true, text: file.text }));
  } else {
    const { files, missing } = await discover({ paths, cwd, maxFileSize, wants });
    if (missing.length > 0) throw new PathNotFoundError(`no such file or directory: ${missing.join(", ")}`);
    sources = files;
  }

  const entities: Entity[] = [];
  const documents: SourceDocument[] = [];
  const errors: ScanError[] = [];
  const skipped: SkippedFile[] = [];
  const terraform: TfFile[] = [];
  const texts = new Map<string, string>();
  let filesScanned = 0;
  let filesRead = 0;
  const progress = options.onProgress;

  await forEachLoaded(sources, maxFileSize, async (loaded) => {
    progress?.({ phase: "reading", done: ++filesRead, total: sources.length });
    if (isSkipped(loaded)) {
      skipped.push(loaded);
      return;
    }
    filesScanned++;
    const file = new SourceFile(loaded.path, loaded.text);
    const syntax = syntaxOf(loaded.path, loaded.text);
    if (!syntax) return;
    let result: FileLoad;
    try {
      result = await loadDocumentFile(file, syntax);
    } catch (error) {
      // A bug of ours on one odd file must not lose the findings of all the others.
      result = { entities: [], error: { message: `internal error while reading this file: ${(error as Error).message}` } };
    }
    if (result.entities.length > 0 || (result.documents?.length ?? 0) > 0 || result.terraform) texts.set(file.path, loaded.text);
  entities.push(...result.entities);
    documents.push(...(result.documents ?? []));
    if (result.terraform) terraform.push(result.terraform);
    if (result.error) {
      const at = result.error.offset !== undefined ? file.locate(result.error.offset) : undefined;
      errors.push({ file: file.path, ...(at ? { line: at.line, column: at.column } : {}), message: result.error.message });
    }
  });

  // Terraform references link across the files of a folder: its entities are built once every file is read.
  const modules = await terraformEntities(terraform);
  entities.push(...modules.entities);
  documents.push(...modules.documents);
  for (const { file, message } of modules.errors) errors.push({ file: file.path, message });

  // Files finish reading in any order; entities are ordered by file so rules see a stable project.
  const byFile = (a: { file: { path: string } }, b: { file: { path: string } }) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0);
  entities.sort(byFile);
  documents.sort(byFile);
  const settings = ruleSettings(rules, config);
  const project = new Project(entities, documents);
  options.onProject?.(project);
  const iam = await catalogueFor(project);
  progress?.({ phase: "analysing", done: 0, total: rules.length });
  const raw = runRules(project, rules, settings, { ownAccounts: config.ownAccounts ?? [], iam });
  const suppression = applySuppressions({
    findings: raw,
    texts,
    entities,
    knownRules: new Set(RULES.map((rule) => rule.meta.id).concat(rules.map((rule) => rule.meta.id))),
    enabledRules: new Set(settings.keys()),
  });
  let findings = sortFindings(withConstructPaths(suppression.findings, entities));
  const suppressed: SuppressedFinding[] = withConstructPaths(suppression.suppressed, entities);
  let baseline: ScanResult["baseline"];
  if (options.baseline) {
    const applied = applyBaseline(findings, options.baseline.data, options.baseline.file);
    findings = applied.findings;
    suppressed.push(...applied.suppressed);
    baseline = applied.status;
  }
  progress?.({ phase: "analysing", done: rules.length, total: rules.length });
  return {
    tool: { name: "secretwarden", version: VERSION },
    findings,
    errors: errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    skipped: skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    filesScanned,
    rules: [...rules.filter((rule) => settings.has(rule.meta.id)).map((rule) => rule.meta), ...suppression.rules],
    suppressed: sortFindings(suppressed),
    ...(baseline ? { baseline } : {}),
  };
}

async function forEachLoaded(
  files: readonly (DiscoveredFile | LoadedFile)[],
  maxFileSize: number,
  handle: (loaded: LoadedFile | SkippedFile) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as DiscoveredFile | LoadedFile;
      await handle("text" in file ? inMemory(file, maxFileSize) : await readCandidate(file, maxFileSize));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
}

/** The size and binary guards of `readCandidate`, for contents that come from git rather than the disk. */
function inMemory(file: LoadedFile, maxFileSize: number): LoadedFile | SkippedFile {
  const size = Buffer.byteLength(file.text);
  if (size > maxFileSize) {
    return { file: file.path, reason: "too-large", message: `skipped: ${size} bytes, above the limit of ${maxFileSize} bytes (maxFileSize)` };
  }
  if (file.text.includes("\u0000")) return { file: file.path, reason: "binary", message: "skipped: binary file" };
  return file;
}

/**
 * In a template synthesized by the AWS CDK, a finding names the construct path (`aws:cdk:path` metadata) in its message
 * and as its `resource`, so that a CDK user finds the construct in their code (the rules' messages name the logical ID).
 * The fingerprint was computed from the logical ID before and does not change.
 */
function withConstructPaths<F extends { file: string; resource?: string; message: string }>(findings: F[], entities: readonly Entity[]): F[] {
  const paths = new Map<string, string>();
  for (const entity of entities) if (entity.cdkPath) paths.set(`${entity.file.path}\0${entity.resource}`, entity.cdkPath);
  if (paths.size === 0) return findings;
  return findings.map((finding) => {
    const cdkPath = finding.resource !== undefined ? paths.get(`${finding.file}\0${finding.resource}`) : undefined;
    if (!cdkPath) return finding;
    const message = `${finding.message.replace(/\s+$/, "")} CDK construct: ${cdkPath}.`;
    return { ...finding, message, resource: cdkPath };
  });
}

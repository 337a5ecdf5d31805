/**
 * The per-unit step of the streaming scan. A unit is what the rules of scope `file` need together: one file, or the
 * `.tf`/`.tf.json` files of one Terraform module folder (their references link across files). A unit is read,
 * parsed, modelled and checked by those rules at once; then its trees and texts are let go, and only plain data is
 * kept for the rest of the scan: located findings, error and skip entries, suppression directives, and the entities
 * (with a line index instead of their file's text) that the rules of scope `project` and `onProject` need.
 *
 * The same code runs on the main thread and in worker threads, so the report does not depend on `--jobs`.
 */
import { SourceFile } from "../core/positioned.js";
import { isTerraformPath, isTfvarsPath, loadDocumentFile, terraformEntities, type FileLoad } from "../parsers/load.js";
import type { TfFile } from "../parsers/terraform/syntax.js";
import type { Entity, SourceDocument } from "../model/entities.js";
import type { Project } from "../model/project.js";
import type { Rule } from "../knowledge/rule-contract.js";
import type { Config } from "../engine/config.js";
import type { RuleSetting } from "../engine/run.js";
import {
  byFile,
  fileStage,
  isFileScoped,
  noResource,
  planRules,
  type DocumentSummary,
  type FileStageResult,
  type RulePlan,
} from "../engine/analyse.js";
import { servicesOf } from "../engine/catalogue.js";
import { IamCatalogue } from "../knowledge/iam-catalogue.js";
import { inlineDirectives, type Directive } from "../engine/suppressions.js";
import type { ScanError, SkippedFile } from "../engine/types.js";
import { isSkipped, readCandidate, readCandidateSync, type DiscoveredFile, type LoadedFile } from "./discover.js";
import { syntaxOf } from "./formats.js";
import { internalErrorKind, TEXT_FALLBACK_NOTE, withTextFallback } from "./text-fallback.js";

/** A file to scan: found on disk, or given with its contents (`--staged`, `--diff-base`). */
export type UnitSource = DiscoveredFile | LoadedFile;

export interface ScanUnit {
  sources: UnitSource[];
  /**
   * Its files that are context (see `ScanOptions.context`), when any: findings there would be dropped, so the rules'
   * reports there do not become findings, and when every file is, the rules of scope `file` do not run.
   */
  context?: string[];
}

/** Whether every file of `unit` is context. */
const contextOnly = (unit: ScanUnit): boolean => unit.context?.length === unit.sources.length;

/** The unit context for `unit`: without the rules of scope `file` for a unit of context only. */
export function contextFor(unit: ScanUnit, context: UnitContext): UnitContext {
  if (!unit.context?.length) return context;
  return contextOnly(unit) ? { ...context, rules: [] } : { ...context, contextFiles: new Set(unit.context) };
}

export { byFile, isFileScoped, noResource, type DocumentSummary };

/** What one unit gave: its file stage (see `engine/analyse.ts`) and its files' entries. Plain data only: it crosses from a worker thread by structured clone. */
export interface UnitResult extends FileStageResult {
  errors: ScanError[];
  /** See `ScanResult.warnings`. */
  warnings?: ScanError[];
  skipped: SkippedFile[];
  /** Files read and parsed without an error entry. */
  filesScanned: number;
  /** Files read that ended with an error entry (did not parse, ran over the time budget): not counted as scanned. */
  filesFailed: number;
  /** Every `SourceFile` the entities and documents reach: a worker's result gets their prototype back from this list. */
  files: SourceFile[];
  /** The unit ran out of its time budget: only its error entries are here (see `afterOverBudget`). */
  overBudget?: true;
}

/** Settings of the per-unit step; plain data, the worker threads get them as `workerData`. */
export interface UnitSettings {
  config: Config;
  maxFileSize: number;
  /** 0: no budget. */
  maxFileSeconds: number;
  /** Keep every entity for the project level, not only those the project rules need: `access` and `inventory` read them all. */
  keepAllEntities?: boolean;
}

/** The rules of scope `file` and their settings, resolved once per thread. */
export interface UnitContext {
  settings: UnitSettings;
  /** The rules of scope `file`: they run on the unit. */
  rules: readonly Rule[];
  ruleSettings: ReadonlyMap<string, RuleSetting>;
  /** Which entities to keep for the project level; undefined: all of them. */
  needed?: (entity: Entity, iam: IamCatalogue) => boolean;
  /** The unit's files that are context, when it also holds others (see `ScanUnit.context`). */
  contextFiles?: ReadonlySet<string>;
}

/**
 * Units in path order: a Terraform file (and a `.tfvars` file, which gives its variables values) joins the unit of its
 * folder (the module), any other file is a unit of its own. `sources` must be sorted by path, as discovery returns them.
 */
export function groupUnits(sources: readonly UnitSource[]): ScanUnit[] {
  const units: ScanUnit[] = [];
  const modules = new Map<string, ScanUnit>();
  for (const source of sources) {
    if (!isTerraformPath(source.path) && !isTfvarsPath(source.path)) {
      units.push({ sources: [source] });
      continue;
    }
    const folder = moduleFolder(source.path);
    const unit = modules.get(folder);
    if (unit) unit.sources.push(source);
    else {
      const created = { sources: [source] };
      modules.set(folder, created);
      units.push(created);
    }
  }
  return units;
}

/** As `moduleOf` in `parsers/terraform/load.ts`, which is not loaded unless there is Terraform to read. */
function moduleFolder(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : path.slice(0, slash) || "/";
}

/**
 * Reads the files of a unit (contents already given are checked against the same guards). A worker reads with blocking
 * calls (`blocking`: it has nothing else to do meanwhile); the main thread overlaps reads. Said by the caller, not
 * asked of `worker_threads`, whose load a one-file run would pay for.
 */
export async function readUnit(
  unit: ScanUnit,
  maxFileSize: number,
  blocking = false,
): Promise<(LoadedFile | SkippedFile)[]> {
  const read = blocking ? readCandidateSync : readCandidate;
  return Promise.all(
    unit.sources.map((source) => ("text" in source ? inMemory(source, maxFileSize) : read(source, maxFileSize))),
  );
}

/** The size and binary guards of `readCandidate`, for contents that come from git rather than the disk. */
function inMemory(file: LoadedFile, maxFileSize: number): LoadedFile | SkippedFile {
  const size = Buffer.byteLength(file.text);
  if (size > maxFileSize) {
    return {
      file: file.path,
      reason: "too-large",
      message: `skipped: ${size} bytes, above the limit of ${maxFileSize} bytes (maxFileSize)`,
    };
  }
  if (file.text.includes("\u0000")) return { file: file.path, reason: "binary", message: "skipped: binary file" };
  return file;
}

/** Parses, models and checks one unit's files (as `readUnit` gave them), then lets their texts and trees go. */
export async function analyseUnit(
  loaded: readonly (LoadedFile | SkippedFile)[],
  context: UnitContext,
): Promise<UnitResult> {
  const entities: Entity[] = [];
  const documents: SourceDocument[] = [];
  const errors: ScanError[] = [];
  const warnings: ScanError[] = [];
  const skipped: SkippedFile[] = [];
  const terraform: TfFile[] = [];
  const inline: Directive[] = [];
  let filesScanned = 0;
  for (const item of loaded) {
    if (isSkipped(item)) {
      skipped.push(item);
      continue;
    }
    filesScanned++;
    const file = new SourceFile(item.path, item.text);
    if (item.keyContainer) {
      const { keyContainerDocument } = await import("../parsers/source/load.js");
      documents.push(keyContainerDocument(file, item.keyContainer));
      continue;
    }
    const syntax = syntaxOf(item.path, item.text);
    if (!syntax) continue;
    let result: FileLoad;
    try {
      result = await loadDocumentFile(file, syntax);
    } catch (error) {
      // A bug of ours on one odd file must not lose the findings of all the others.
      result = {
        entities: [],
        error: { message: `internal error while reading this file: ${internalErrorKind(error)}` },
      };
    }
    result = await withTextFallback(file, syntax, result);
    if (result.entities.length > 0 || (result.documents?.length ?? 0) > 0 || result.terraform)
      for (const pushed of inlineDirectives(file.path, item.text)) inline.push(pushed);
    for (const pushed of result.entities) entities.push(pushed);
    for (const pushed of result.documents ?? []) documents.push(pushed);
    if (result.terraform) terraform.push(result.terraform);
    if (result.error) {
      const at = result.error.offset !== undefined ? file.locate(result.error.offset) : undefined;
      errors.push({
        file: file.path,
        ...(at ? { line: at.line, column: at.column } : {}),
        message: result.error.message,
      });
    }
    for (const warning of result.warnings ?? []) {
      const at = file.locate(warning.offset);
      warnings.push({ file: file.path, line: at.line, column: at.column, message: warning.message });
    }
  }
  // Terraform references link across the files of a folder: the unit is that folder.
  const modules = await terraformEntities(terraform);
  for (const pushed of modules.entities) entities.push(pushed);
  for (const pushed of modules.documents) documents.push(pushed);
  for (const { file, message } of modules.errors) errors.push({ file: file.path, message });
  entities.sort(byFile);
  documents.sort(byFile);

  const stage = await fileStage(
    { entities, documents, inline, ...(context.contextFiles ? { context: context.contextFiles } : {}) },
    planOf(context),
    catalogueCovering,
  );
  // A file with an error entry did not parse (or not wholly): it is not "scanned", whatever was still found in it.
  const filesFailed = new Set(errors.map((error) => error.file)).size;
  return {
    ...stage,
    errors,
    ...(warnings.length > 0 ? { warnings } : {}),
    skipped,
    filesScanned: filesScanned - filesFailed,
    filesFailed,
    files: detachFiles([stage.entities, stage.documents]),
  };
}

/** The error entries of a unit that ran out of its time budget (`afterOverBudget` may add to them). */
export function overBudget(unit: ScanUnit, seconds: number): UnitResult {
  const what = unit.sources.length > 1 ? "its Terraform module took" : "took";
  return { ...emptyResult(unit, `not scanned: ${what} longer than ${seconds} s (maxFileSeconds)`), overBudget: true };
}

/**
 * The text-level credential search for a unit that ran out of its time budget (issue 16): `scan` calls this for every
 * such unit, whether it ran in a worker or on the main thread. Each file is read again and searched as text (well-known
 * formats, `name = "value"` assignments: linear, line by line), and the file-level rules run on what the search found.
 * A slow file is as likely to hold a credential as any other; the structural rules could not finish, the error entry
 * says so.
 */
export async function afterOverBudget(unit: ScanUnit, result: UnitResult, context: UnitContext): Promise<UnitResult> {
  const { loadSourceFile } = await import("../parsers/source/load.js");
  const documents: SourceDocument[] = [];
  for (const item of await readUnit(unit, context.settings.maxFileSize)) {
    if (isSkipped(item)) continue;
    const file = new SourceFile(item.path, item.text);
    // In HCL `name = value` unquoted is an expression, no literal; in YAML and JSON text it is a value.
    const document = await loadSourceFile(file, syntaxOf(item.path, item.text) === "hcl" ? "code" : "text");
    if (document) documents.push(document);
  }
  const errors = result.errors.map((error) => ({ ...error, message: `${error.message}; ${TEXT_FALLBACK_NOTE}` }));
  if (documents.length === 0) return { ...result, errors };
  const { findings } = await fileStage(
    { entities: [], documents, inline: [], ...(context.contextFiles ? { context: context.contextFiles } : {}) },
    planOf(context),
    noCatalogue,
  );
  return { ...result, errors, findings: [...result.findings, ...findings] };
}

const noCatalogue = async (): Promise<IamCatalogue> => IamCatalogue.empty();

/** The error entries of a unit whose worker thread stopped (out of memory, a crash of ours). */
export function workerFailed(unit: ScanUnit, reason: string): UnitResult {
  return emptyResult(unit, `not scanned: internal error, the worker thread stopped: ${reason}`);
}

function emptyResult(unit: ScanUnit, message: string): UnitResult {
  return {
    findings: [],
    errors: unit.sources.map((source) => ({ file: source.path, message })),
    skipped: [],
    filesScanned: 0,
    filesFailed: unit.sources.length,
    entities: [],
    documents: [],
    inline: [],
    metadata: [],
    constructPaths: [],
    files: [],
  };
}

/**
 * Detaches every `SourceFile` reachable from `roots` (each keeps its line index, not its text) and lists them. The
 * walk also proves the result clonable: a function or class instance other than `SourceFile` in it is a bug here.
 */
function detachFiles(roots: unknown[]): SourceFile[] {
  const files: SourceFile[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [roots];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof SourceFile) {
      value.detach();
      files.push(value);
      continue;
    }
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "object" && item !== null) stack.push(item);
      continue;
    }
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === "object" && item !== null) stack.push(item);
    }
  }
  return files;
}

/**
 * After a structured clone: the files' prototype back, and every string value replaced by one shared copy. A clone
 * copies each string anew ("scalar", "Resources", a file's path in every node of it...): over a large scan the main
 * thread held a million copies of a few thousand strings, a third of its heap.
 */
export function reviveResult(result: UnitResult, strings: StringTable = new Map()): UnitResult {
  for (const file of result.files) Object.setPrototypeOf(file, SourceFile.prototype);
  shareStrings(result, strings);
  return result;
}

/** Strings already seen by `reviveResult`, shared across the results of one scan. */
export type StringTable = Map<string, string>;

function shareStrings(root: object, strings: StringTable): void {
  const seen = new Set<object>();
  const stack: object[] = [root];
  const shared = (value: string): string => {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  };
  while (stack.length > 0) {
    const value = stack.pop() as Record<string, unknown> | unknown[];
    if (seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (typeof item === "string") value[i] = shared(item);
        else if (typeof item === "object" && item !== null) stack.push(item);
      }
      continue;
    }
    for (const key in value) {
      const item = value[key];
      if (typeof item === "string") value[key] = shared(item);
      else if (typeof item === "object" && item !== null && !ArrayBuffer.isView(item)) stack.push(item);
    }
  }
}

/**
 * An IAM catalogue that covers every service this unit's policies name. It only grows within a thread: the rules
 * of scope `file` ask it about their own policy's services only, so a larger catalogue gives them the same answers,
 * and a thread loads each service once instead of once per unit. (Asking about other loaded services, as
 * `policy-unknown-action`'s suggestions do, is why that rule is of scope `project`.)
 */
let catalogue: { services: Set<string>; iam: IamCatalogue } | undefined;

async function catalogueCovering(project: Project): Promise<IamCatalogue> {
  const wanted = servicesOf(project);
  if (wanted.size === 0) return catalogue?.iam ?? IamCatalogue.empty();
  if (catalogue && [...wanted].every((service) => catalogue?.services.has(service))) return catalogue.iam;
  const services = new Set([...(catalogue?.services ?? []), ...wanted]);
  const { loadIamCatalogue } = await import("../knowledge/iam-catalogue.js");
  catalogue = { services, iam: await loadIamCatalogue(services) };
  return catalogue.iam;
}

/**
 * The rules of scope `file` among `rules`, with the settings the configuration gives them, and which entities the
 * rules of scope `project` need (all, if one of them does not say, or if the settings ask to keep all).
 */
export function unitContext(
  settings: UnitSettings,
  rules: readonly Rule[],
  ruleSettings: ReadonlyMap<string, RuleSetting>,
): UnitContext {
  const plan = planRules(rules, settings.config, {
    settings: ruleSettings,
    ...(settings.keepAllEntities ? { keepAllEntities: true } : {}),
  });
  return { settings, rules: plan.fileRules, ruleSettings, ...(plan.needed ? { needed: plan.needed } : {}) };
}

/** The part of the analysis plan the file stage reads, from a unit context. */
function planOf(context: UnitContext): Pick<RulePlan, "fileRules" | "settings" | "ownAccounts" | "needed"> {
  return {
    fileRules: context.rules,
    settings: context.ruleSettings,
    ownAccounts: context.settings.config.ownAccounts ?? [],
    ...(context.needed ? { needed: context.needed } : {}),
  };
}

import { SourceFile } from "../parsers/positioned.js";
import { loadDocumentFile, terraformEntities, type FileLoad } from "../parsers/load.js";
import type { TfFile } from "../parsers/terraform/syntax.js";
import type { Entity, SourceDocument } from "../model/entities.js";
import { Project } from "../model/project.js";
import { RULES } from "../rules/index.js";
import type { Rule } from "../rules/define.js";
import { DEFAULT_MAX_FILE_SIZE, ruleSettings, type Config } from "../engine/config.js";
import { runRules } from "../engine/run.js";
import { catalogueFor } from "../engine/catalogue.js";
import type { ScanError, ScanResult, SkippedFile } from "../engine/types.js";
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

  const { files, missing } = await discover({ paths, cwd, maxFileSize, wants: isCandidate });
  if (missing.length > 0) throw new PathNotFoundError(`no such file or directory: ${missing.join(", ")}`);

  const entities: Entity[] = [];
  const documents: SourceDocument[] = [];
  const errors: ScanError[] = [];
  const skipped: SkippedFile[] = [];
  const terraform: TfFile[] = [];
  let filesScanned = 0;

  await forEachLoaded(files, maxFileSize, async (loaded) => {
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
  const iam = await catalogueFor(project);
  const findings = runRules(project, rules, settings, { ownAccounts: config.ownAccounts ?? [], iam });
  return {
    tool: { name: "secretwarden", version: VERSION },
    findings,
    errors: errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    skipped: skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    filesScanned,
    rules: rules.filter((rule) => settings.has(rule.meta.id)).map((rule) => rule.meta),
  };
}

async function forEachLoaded(
  files: readonly DiscoveredFile[],
  maxFileSize: number,
  handle: (loaded: LoadedFile | SkippedFile) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as DiscoveredFile;
      await handle(await readCandidate(file, maxFileSize));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
}

/**
 * The report set and its context. Files named on the command line, staged (`--staged`) or passed by the pre-commit
 * framework (one batch of `pre-commit run --all-files` at a time) are the report set: findings are reported there only.
 * The cross-file rules judge them against the rest of the repository, the context: the other files of a Terraform file's
 * module folder (always), and the templates, policies, plans and Terraform files under the repository root that can
 * link to what the report set defines. Context is found by cheap text tests over the files (see `LINKS`), parsed only
 * when it can matter, and never reported on, so a file's findings are those of a scan of the whole repository.
 *
 * What can link across files is what `Project` links (rotation schedules and secret resource policies to secrets by
 * literal name or ARN), what the rules of scope `project` read of the whole project (every secret and audit control
 * for the audit note; the services every kept policy names, for the suggestions of unknown actions), and the Lambda
 * handlers templates name in source files. Everything else links within a unit (a template, a module folder).
 */
import path from "node:path";
import type { Entity, SourceDocument } from "../model/entities.js";
import type { Project } from "../model/project.js";
import { isTerraformPath, isTfvarsPath } from "../parsers/load.js";
import { ruleSettings, DEFAULT_MAX_FILE_SIZE } from "../engine/config.js";
import { runRules } from "../engine/run.js";
import type { ScanResult } from "../engine/types.js";
import { RULES } from "../rules/index.js";
import { discover, isSkipped, readCandidate, type DiscoveredFile, type LoadedFile } from "./discover.js";
import { pathFilter, scan, wantedBy, type ScanOptions } from "./scan.js";

/** What a context file must say to be worth parsing, by what it would link to in the report set. */
const LINKS = {
  /** A rotation schedule of a secret in the report set. */
  rotation: /rotat/i,
  /** A CloudTrail trail or AWS Config rule: the audit note is about the whole repository. */
  audit: /trail|config_?rule/i,
  /** A secret a resource policy of the report set names; every secret, when the audit note is given. */
  secret: /secret/i,
  /** A policy whose services join the project's IAM catalogue, which an unknown action's suggestion comes from. */
  action: /action/i,
  /** A Lambda function whose handler is a source file of the report set (and the rotation schedule naming it). */
  handler: /handler/i,
} as const;

type Link = keyof typeof LINKS;

/** Project-level notes: reported once for the whole repository, at its first secret. */
const PROJECT_NOTES = new Set(["audit-trail-missing"]);

/**
 * Which context a report-set entity needs, from the entities a unit keeps for the rules of scope `project` (their
 * `needs`). An entity of a kind not listed here needs all context that says any of `LINKS`: a new project rule stays
 * right before this table learns about it.
 */
function linksOf(entity: Entity): Link[] | "all" {
  switch (entity.kind) {
    case "secret":
      return ["rotation", "audit"];
    case "policy":
      if (entity.policyType === "secret-resource-policy") return ["secret"];
      // A key policy is read with its key, in the same unit; any other policy is kept only for an unknown action.
      return entity.policyType === "key-policy" ? [] : ["action"];
    // Keys link to secrets within a unit; what reports on schedules, functions and trails is at secrets and sources.
    case "kms-key":
    case "rotation-schedule":
    case "lambda-function":
    case "audit-control":
      return [];
    default:
      return "all";
  }
}

/** Source files that read a secret: the templates naming their handler. */
const documentLinks = (document: SourceDocument): Link[] => ((document.source?.secretFetches ?? []).length > 0 ? ["handler"] : []);

/** Where the context is read: the work tree, or the git index (`--staged`). */
export interface ContextSource {
  /** Absolute: the git work tree root, or the scan root outside git. */
  root: string;
  /**
   * The files of the index that `wants` keeps (paths relative to cwd), their contents read on demand; undefined: the
   * work tree.
   */
  index?: (wants: (relative: string) => boolean) => Promise<{ path: string; read: () => Promise<string | undefined> }[]>;
}

/** A context candidate, relative to cwd: found in the work tree (read when needed) or in the index. */
interface Candidate {
  path: string;
  load: () => Promise<LoadedFile | undefined>;
}

/**
 * Scans `options` (paths, or `files` for `--staged`) as the report set, with the context of `source.root`. Up to three
 * scans, each over the report set and more context: its Terraform module folders; then the context its entities can
 * link to; then every secret of the repository when the audit note is given (its count and place are the repository's).
 */
export async function scanWithContext(options: ScanOptions, source: ContextSource): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? {};
  const wants = wantedBy(pathFilter(cwd, options.filters ?? []));
  let report: Set<string>;
  if (options.files) report = new Set(options.files.map((file) => file.path));
  else {
    const found = await discover({ paths: options.paths?.length ? options.paths : ["."], cwd, maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, wants });
    // A missing path is the scan's error to give.
    if (found.missing.length > 0) return scan(options);
    report = new Set(found.files.map((file) => file.path));
  }

  let listing: Promise<Candidate[]> | undefined;
  const candidates = () => (listing ??= list(source, cwd, wants, config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, report));
  const modules = (paths: Iterable<string>) => new Set([...paths].filter(isModuleFile).map(folderOf));
  const matesOf = async (folders: Set<string>) => (folders.size === 0 ? [] : (await candidates()).filter((c) => isModuleFile(c.path) && folders.has(folderOf(c.path))));

  let project: Project | undefined;
  const withContext = async (context: Candidate[]) => {
    const loaded = (await Promise.all(context.map((c) => c.load()))).filter((file): file is LoadedFile => file !== undefined);
    return scan({ ...options, context: loaded, keepAllEntities: false, onProject: (built) => (project = built) });
  };

  // 1. The report set with its module folders: the rules of scope `file` read a Terraform module as one unit.
  const mates = await matesOf(modules(report));
  const first = await withContext(mates);
  const links = new Set<Link>();
  for (const entity of (project as Project | undefined)?.entities ?? []) {
    if (!report.has(entity.file.path)) continue;
    const wanted = linksOf(entity);
    for (const link of wanted === "all" ? (Object.keys(LINKS) as Link[]) : wanted) links.add(link);
  }
  for (const document of (project as Project | undefined)?.documents ?? []) if (report.has(document.file.path)) for (const link of documentLinks(document)) links.add(link);
  if (links.size === 0) return first;

  // 2. The context those entities can link to, each file with its module folder.
  const taken = new Set([...report, ...mates.map((m) => m.path)]);
  const select = async (wanted: Set<Link>): Promise<Candidate[]> => {
    const patterns = [...wanted].map((link) => LINKS[link]);
    const others = (await candidates()).filter((c) => !taken.has(c.path));
    const texts = await Promise.all(others.map((c) => c.load()));
    const chosen = others.filter((_, i) => {
      const text = texts[i]?.text;
      return text !== undefined && patterns.some((pattern) => pattern.test(text));
    });
    const folders = modules(chosen.map((c) => c.path));
    const chosenPaths = new Set(chosen.map((c) => c.path));
    const extra = (await matesOf(folders)).filter((c) => !taken.has(c.path) && !chosenPaths.has(c.path));
    return [...chosen, ...extra];
  };
  let context = [...mates, ...(await select(links))];
  const second = await withContext(context);
  if (!links.has("audit") || !noteGiven(project, options)) return second;

  // 3. The audit note counts the repository's secrets and sits at the first of them.
  for (const c of context) taken.add(c.path);
  context = [...context, ...(await select(new Set<Link>(["secret"])))];
  return withContext(context);
}

/** Whether a project-level note is given for `project` (wherever it sits). */
function noteGiven(project: Project | undefined, options: ScanOptions): boolean {
  if (!project) return false;
  const rules = (options.rules ?? RULES).filter((rule) => PROJECT_NOTES.has(rule.meta.id));
  return runRules(project, rules, ruleSettings(rules, options.config ?? {})).length > 0;
}

const isModuleFile = (relative: string) => isTerraformPath(relative) || isTfvarsPath(relative);
const folderOf = (relative: string) => path.posix.dirname(relative);

/** Every file under the root the scan would read, but those of the report set; contents read once, on demand. */
async function list(source: ContextSource, cwd: string, wants: (relative: string) => boolean, maxFileSize: number, report: Set<string>): Promise<Candidate[]> {
  const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= make());
  };
  if (source.index) {
    const files = await source.index((relative) => !report.has(relative) && wants(relative));
    return files
      .filter((file) => !report.has(file.path) && wants(file.path))
      .map((file) => ({
        path: file.path,
        load: once(async () => {
          const text = await file.read();
          return text === undefined || Buffer.byteLength(text) > maxFileSize || text.includes("\u0000")
            ? undefined
            : { absolutePath: path.resolve(cwd, file.path), path: file.path, explicit: false, text };
        }),
      }));
  }
  const root = path.relative(cwd, source.root).split(path.sep).join("/") || ".";
  const found = await discover({ paths: [root], cwd, maxFileSize, wants });
  return found.files
    .filter((file) => !report.has(file.path))
    .map((file: DiscoveredFile) => ({
      path: file.path,
      load: once(async () => {
        const read = await readCandidate(file, maxFileSize);
        return isSkipped(read) ? undefined : read;
      }),
    }));
}

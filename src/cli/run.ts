// Over 500 lines: the commands' one path from parsed arguments to exit code (scan, --staged, --diff-base, access and
// inventory share the configuration, the filters, the report writing and the error exits).
import { mkdir, open, writeFile } from "node:fs/promises";
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ACCESS_HELP, HELP, INVENTORY_HELP, parseCliArgs, UsageError, type CliOptions, type FailOn } from "./args.js";
import { SEVERITY_RANK } from "../core/finding.js";
import type { ScanResult } from "../engine/types.js";
import type { Rule } from "../knowledge/rule-contract.js";
import type { Config } from "../engine/config.js";
import type { PathFilter, Progress } from "../scan/scan.js";
import type { Project } from "../model/project.js";
import type { ContextSource } from "../scan/context.js";
import { VERSION } from "../version.js";
import { keepShortRunOnBaselineWasm } from "./short-run.js";

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** The whole command line: parses arguments, scans, writes the report, and returns the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = error.command === "scan" ? "secretwarden --help" : `secretwarden ${error.command} --help`;
    io.stderr.write(`secretwarden: ${error.message}\nRun ${help} for usage.\n`);
    return EXIT_ERROR;
  }
  if (options.help) {
    io.stdout.write(
      options.command === "access" ? ACCESS_HELP : options.command === "inventory" ? INVENTORY_HELP : HELP,
    );
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  try {
    return await execute(options, io);
  } catch (error) {
    const expected = ["ConfigError", "PathNotFoundError", "OutputError", "BaselineError", "GitError"].includes(
      (error as Error).name,
    );
    io.stderr.write(
      `secretwarden: ${expected ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`,
    );
    return EXIT_ERROR;
  }
}

async function execute(options: CliOptions, io: CliIo): Promise<number> {
  // git lists the index while the rules load: its processes run beside the compilation of the rules' module (10-15 ms
  // of a one-file pre-commit run). Its failure (no repository) is reported where it was, after the configuration's.
  const indexing = options.command === "scan" && options.staged && !options.listRules ? listIndex(io.cwd) : undefined;
  indexing?.catch(() => undefined);
  const { RULES } = await import("../rules/index.js");
  if (options.command === "access") return access(options, io, RULES);
  if (options.command === "inventory") return inventoryCommand(options, io, RULES);
  if (options.listRules) {
    const { formatRuleList } = await import("./list-rules.js");
    await emit(
      formatRuleList(
        RULES.map((r) => r.meta),
        options.format,
      ),
      options,
      io,
    );
    return EXIT_OK;
  }
  const found = await configFor(options, io, RULES);
  const { configDir } = found;
  // The flag wins over the configuration's key; the scan applies the floor (and to the --diff-base scan alike).
  const config: Config =
    options.minConfidence !== undefined ? { ...found.config, minConfidence: options.minConfidence } : found.config;
  const failOn: FailOn = options.failOnGiven ? options.failOn : (config.failOn ?? options.failOn);
  const { scan } = await import("../scan/scan.js");
  const filters = pathFilters(options, config, configDir, io.cwd);
  const baselinePath = options.baseline
    ? resolve(io.cwd, options.baseline)
    : config.baseline && !options.writeBaseline
      ? resolve(configDir, config.baseline)
      : undefined;
  // biome-ignore lint/suspicious/noImplicitAnyLet: assigned in the try below; TypeScript types it by control flow
  let baseline;
  if (baselinePath) {
    const { readBaseline } = await import("../engine/baseline.js");
    baseline = { data: await readBaseline(baselinePath), file: options.baseline ?? (config.baseline as string) };
  }
  const progress = await progressLine(options, io);
  const scanOptions = {
    paths: options.paths,
    cwd: io.cwd,
    config,
    rules: RULES,
    filters,
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.jobsForce ? { jobsForce: true } : {}),
    ...(baseline ? { baseline } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
  };
  let result: ScanResult;
  try {
    const given = options.staged ? undefined : await givenPaths(options.paths, io);
    if (given && given.folders.size === 0) keepShortRunOnBaselineWasm(options.paths);
    const named = options.context && given ? await namedFiles(given, io) : undefined;
    if (options.staged) {
      const { stagedFiles, storedFiles, filesWithout } = await import("./git.js");
      const snapshot = await (indexing ?? listIndex(io.cwd));
      try {
        const files = await stagedFiles(io.cwd, options.paths, snapshot);
        keepShortRunOnBaselineWasm(files.map((file) => file.path));
        if (options.context) {
          const { scanWithContext } = await import("../scan/context.js");
          result = await scanWithContext(
            { ...scanOptions, files },
            {
              roots: [snapshot.root],
              stored: {
                names: snapshot.entries.map((entry) => entry.name),
                files: (wants) => storedFiles(io.cwd, snapshot, wants),
                withoutMatch: (pattern, within) => filesWithout(snapshot.root, pattern, within),
              },
            },
          );
        } else result = await scan({ ...scanOptions, files });
      } finally {
        snapshot.blobs.close();
      }
    } else if (named && !options.diffBase) {
      const { scanWithContext } = await import("../scan/context.js");
      result = await scanWithContext(scanOptions, named);
    } else {
      let currentProject: Project | undefined;
      const keepProject = { onProject: (project: Project) => (currentProject = project) };
      if (named) {
        // The report set is judged in its context; the policies it broadens are its own (no rule runs for them).
        const { scanWithContext } = await import("../scan/context.js");
        result = await scanWithContext(scanOptions, named);
        await scan({ ...scanOptions, rules: [], ...keepProject });
      } else {
        // The project (every entity kept to the end) only for the list of broadened policies.
        result = await scan({ ...scanOptions, ...(options.diffBase ? keepProject : {}) });
      }
      if (options.diffBase) {
        const { commitSnapshot, filesAt, storedFiles } = await import("./git.js");
        let baseProject: Project | undefined;
        const snapshot = await commitSnapshot(io.cwd, options.diffBase);
        let base: ScanResult;
        try {
          const files = await filesAt(io.cwd, options.paths, snapshot);
          const baseOptions = { paths: options.paths, cwd: io.cwd, config, rules: RULES, filters, files };
          const keepBase = { onProject: (project: Project) => (baseProject = project) };
          if (named) {
            // The base as a scan of the whole repository at the base commit would judge the same files.
            const { scanWithContext } = await import("../scan/context.js");
            base = await scanWithContext(baseOptions, {
              roots: [snapshot.root],
              stored: {
                names: snapshot.entries.map((entry) => entry.name),
                files: (wants) => storedFiles(io.cwd, snapshot, wants),
              },
            });
            await scan({ ...baseOptions, rules: [], ...keepBase });
          } else base = await scan({ ...baseOptions, ...keepBase });
        } finally {
          snapshot.blobs.close();
        }
        result = onlyNew(result, base, options.diffBase);
        if (currentProject && baseProject && result.diffBase) {
          const { policyBroadenings } = await import("./policy-diff.js");
          result.diffBase.broadened = await policyBroadenings(currentProject, baseProject);
        }
      }
    }
  } finally {
    progress?.done();
  }
  if (options.writeBaseline) {
    const { writeBaseline } = await import("../engine/baseline.js");
    await writeBaseline(resolve(io.cwd, options.writeBaseline), result.findings);
    io.stderr.write(
      `secretwarden: wrote ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"} to the baseline ${options.writeBaseline}\n`,
    );
  }
  const failure = nothingScanned(result);
  await emit(await format(result, { ...options, failOn }, io, failure), options, io);
  if (failure) {
    io.stderr.write(`secretwarden: ${failure}\n`);
    return EXIT_ERROR;
  }
  if (options.writeBaseline) return EXIT_OK;
  return failingCount(result, failOn) > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** The paths given, by kind: the folders of the files given, and the folders given. */
interface GivenPaths {
  fileFolders: Set<string>;
  folders: Set<string>;
}

/** The git index of the repository at `cwd` (`indexSnapshot`), with the module that reads it loaded first. */
async function listIndex(cwd: string): ReturnType<typeof import("./git.js").indexSnapshot> {
  const { indexSnapshot } = await import("./git.js");
  return indexSnapshot(cwd);
}

async function givenPaths(paths: readonly string[], io: CliIo): Promise<GivenPaths> {
  const given: GivenPaths = { fileFolders: new Set(), folders: new Set() };
  for (const path of paths) {
    const absolute = resolve(io.cwd, path);
    try {
      if ((await stat(absolute)).isFile()) given.fileFolders.add(dirname(absolute));
      else given.folders.add(absolute);
    } catch {
      // A missing path is the scan's error to give.
    }
  }
  return given;
}

/**
 * When a path given is a file, the context of the paths: files named (by hand, or by pre-commit) are judged in their
 * repository (each file's own: the git work tree that holds it, whatever the current directory's is); a file in no
 * repository, with the other Terraform files of its folder only. Undefined when only folders are given: a folder is
 * scanned as a project of its own, as before.
 */
async function namedFiles(given: GivenPaths, io: CliIo): Promise<ContextSource | undefined> {
  if (given.fileFolders.size === 0) return undefined;
  const folders = new Set([...given.fileFolders, ...given.folders]);
  // Not from git.js: finding a work tree starts no git process, and child_process costs a one-file run its load.
  const { repositoryOf } = await import("./project-root.js");
  const roots = new Set<string>();
  const outside = new Set<string>();
  const known = new Map<string, string | undefined>();
  for (const folder of folders) {
    const root = repositoryOf(folder, io.env, known);
    if (root === undefined) outside.add(folder);
    else roots.add(root);
  }
  return { roots: [...roots], folders: [...outside] };
}

/**
 * The include and exclude globs of the configuration (relative to its folder) and of the flags (relative to cwd), for
 * the scan, `access` and `inventory` alike. Flags replace the configuration's include: a configured include would
 * otherwise still narrow the run; `--exclude` adds to the configuration's.
 */
function pathFilters(options: CliOptions, config: Config, configDir: string, cwd: string): PathFilter[] {
  const configured: PathFilter = {
    base: configDir,
    ...(config.include && !options.include.length ? { include: config.include } : {}),
    ...(config.exclude ? { exclude: config.exclude } : {}),
  };
  return [
    configured,
    { base: cwd, ...(options.include.length ? { include: options.include } : {}), exclude: options.exclude },
  ];
}

/**
 * `--config`, else the first configuration file found from the scanned folder upward (`--no-config`: none). Relative
 * paths of the configuration (include, exclude, baseline) are relative to its folder.
 */
async function configFor(
  options: CliOptions,
  io: CliIo,
  rules: readonly Rule[],
): Promise<{ config: Config; configDir: string; path?: string }> {
  if (options.noConfig) return { config: {}, configDir: io.cwd };
  const { loadConfig, findConfig } = await import("../engine/config.js");
  let path = options.config ? resolve(io.cwd, options.config) : undefined;
  if (!path) {
    const first = resolve(io.cwd, options.paths[0] ?? ".");
    let start = first;
    try {
      if (!(await stat(first)).isDirectory()) start = dirname(first);
    } catch {
      start = io.cwd;
    }
    path = await findConfig(start);
  }
  if (!path) return { config: {}, configDir: io.cwd };
  return { config: await loadConfig(path, rules), configDir: dirname(path), path };
}

/** `--diff-base`: the findings whose fingerprint the base commit does not have (as many times). */
function onlyNew(current: ScanResult, base: ScanResult, ref: string): ScanResult {
  const known = new Map<string, number>();
  for (const finding of [...base.findings, ...(base.suppressed ?? [])])
    known.set(finding.fingerprint, (known.get(finding.fingerprint) ?? 0) + 1);
  const findings = current.findings.filter((finding) => {
    const count = known.get(finding.fingerprint) ?? 0;
    if (count === 0) return true;
    known.set(finding.fingerprint, count - 1);
    return false;
  });
  return { ...current, findings, diffBase: { ref, unchanged: current.findings.length - findings.length } };
}

/** A progress line on stderr, only on a terminal and never in CI (`CI` set) or with `--no-progress`. */
async function progressLine(
  options: CliOptions,
  io: CliIo,
): Promise<{ update: (p: Progress) => void; done: () => void } | undefined> {
  const wanted = options.progress ?? (io.stderr.isTTY === true && !io.env.CI && io.env.TERM !== "dumb");
  if (!wanted) return undefined;
  let shown = false;
  let last = 0;
  const clear = "\r\x1b[2K";
  return {
    update: (p) => {
      const now = Date.now();
      if (p.phase === "reading" && p.done < p.total && now - last < 100) return;
      last = now;
      shown = true;
      const text =
        p.phase === "reading"
          ? `secretwarden: reading files ${p.done}/${p.total}`
          : `secretwarden: analysing (${p.total} rules)`;
      io.stderr.write(`${clear}${text}`);
    },
    done: () => {
      if (shown) io.stderr.write(clear);
    },
  };
}

/** `secretwarden access`: who can read each secret. The configuration is read (and validated) as for the scan. */
async function access(options: CliOptions, io: CliIo, rules: readonly Rule[]): Promise<number> {
  const { effectiveAccess } = await import("../access/effective-access.js");
  const { accessJson, formatAccessText } = await import("../access/format.js");
  // Written in pieces (reporters/json-chunks.ts): a big project's report is never one string.
  const { jsonChunks } = await import("../reporters/json-chunks.js");
  const { mergeAccessReports, projectsByFolder } = await import("../access/folders.js");
  return projectReport(options, io, rules, async (loaded, config) => {
    const own = { ownAccounts: config.ownAccounts ?? [] };
    const report = options.accountPerFolder
      ? mergeAccessReports(
          projectsByFolder(loaded.project, options.paths).map(({ project }) => effectiveAccess(project, own)),
        )
      : effectiveAccess(loaded.project, own);
    const run = { ...loaded.run, report };
    return options.format === "json" ? jsonChunks(accessJson(run)) : formatAccessText(run);
  });
}

/** `secretwarden inventory`: every secret with its protection and monthly cost. */
async function inventoryCommand(options: CliOptions, io: CliIo, rules: readonly Rule[]): Promise<number> {
  const { inventory, mergeInventories } = await import("../inventory/inventory.js");
  const { inventoryJson, formatInventoryText } = await import("../inventory/format.js");
  const { jsonChunks } = await import("../reporters/json-chunks.js");
  const { projectsByFolder } = await import("../access/folders.js");
  return projectReport(options, io, rules, async (loaded, config) => {
    const perSecretMonth = config.pricing?.perSecretMonth;
    const settings = {
      ownAccounts: config.ownAccounts ?? [],
      ...(perSecretMonth !== undefined ? { perSecretMonth } : {}),
    };
    const result = options.accountPerFolder
      ? mergeInventories(
          projectsByFolder(loaded.project, options.paths).map(({ project }) => inventory(project, settings)),
        )
      : inventory(loaded.project, settings);
    const run = { ...loaded.run, inventory: result };
    return options.format === "json" ? jsonChunks(inventoryJson(run)) : formatInventoryText(run);
  });
}

type LoadedProject = Awaited<ReturnType<typeof import("../scan/load-project.js").loadProject>>;

/** The subcommands that report on the project as a whole: load it as the scan would, then format and write. */
async function projectReport(
  options: CliOptions,
  io: CliIo,
  rules: readonly Rule[],
  render: (loaded: { project: LoadedProject["project"]; run: RunBase }, config: Config) => Promise<Report>,
): Promise<number> {
  const { config, configDir } = await configFor(options, io, rules);
  const { loadProject } = await import("../scan/load-project.js");
  const failOn: FailOn = options.failOnGiven ? options.failOn : "none";
  // `--fail-on`: the scan's rules run over the same files, and its findings decide the exit code as for the scan.
  const loaded = await loadProject({
    paths: options.paths,
    cwd: io.cwd,
    config,
    filters: pathFilters(options, config, configDir, io.cwd),
    ...(failOn !== "none" ? { rules } : {}),
  });
  const run: RunBase = {
    errors: loaded.errors,
    skipped: loaded.skipped,
    filesScanned: loaded.filesScanned,
    filesFailed: loaded.filesFailed,
    tool: { name: "secretwarden", version: VERSION },
  };
  await emit(await render({ project: loaded.project, run }, config), options, io);
  // The scan's rule: a run in which every file failed (parse errors, unreadable) is not a clean report.
  const failure = nothingScanned({ ...loaded, findings: loaded.findings ?? [] });
  if (failure) {
    io.stderr.write(`secretwarden: ${failure}\n`);
    return EXIT_ERROR;
  }
  if (loaded.findings && failingCount({ findings: loaded.findings }, failOn) > 0) return EXIT_FINDINGS;
  return EXIT_OK;
}

interface RunBase {
  errors: LoadedProject["errors"];
  skipped: LoadedProject["skipped"];
  filesScanned: number;
  filesFailed: number;
  tool: { name: string; version: string };
}

async function format(
  result: ScanResult,
  options: CliOptions,
  io: CliIo,
  failure: string | undefined,
): Promise<Report> {
  switch (options.format) {
    case "json": {
      const { projectRoot, rootFromCwd } = await import("./project-root.js");
      const root = rootFromCwd(io.cwd, await projectRoot(io.cwd, options.paths, options.root));
      return (await import("../reporters/json.js")).streamJson(result, { root });
    }
    case "sarif": {
      const { projectRoot } = await import("./project-root.js");
      return (await import("../reporters/sarif.js")).formatSarif(result, {
        repositoryRoot: await projectRoot(io.cwd, options.paths, options.root),
        cwd: io.cwd,
        ...(options.sarifCategory !== undefined ? { category: options.sarifCategory } : {}),
        ...(failure !== undefined ? { failure } : {}),
      });
    }
    case "text": {
      const { formatText } = await import("../reporters/text.js");
      const minSeverity = options.quiet && options.failOn !== "none" ? options.failOn : undefined;
      const text = formatText(result, { color: useColor(options, io), ...(minSeverity ? { minSeverity } : {}) });
      return options.quiet && failingCount(result, options.failOn) === 0 && result.errors.length === 0 ? "" : text;
    }
  }
}

/** Colour only on a terminal, unless asked for or against: `--color`/`--no-color`, then NO_COLOR / FORCE_COLOR. */
function useColor(options: CliOptions, io: CliIo): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output) return false;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== "0";
  return io.stdout.isTTY === true;
}

class OutputError extends Error {
  override name = "OutputError";
}

/** A report as one string, or in pieces for one too big to be a string (JSON: `reporters/json-chunks.ts`). */
type Report = string | Iterable<string>;

/** Pieces are gathered up to this many characters per write. */
const WRITE_BATCH = 1 << 16;

function* batched(report: Iterable<string>): Generator<string> {
  let pending = "";
  for (const piece of report) {
    pending += piece;
    if (pending.length >= WRITE_BATCH) {
      yield pending;
      pending = "";
    }
  }
  if (pending !== "") yield pending;
}

async function emit(report: Report, options: CliOptions, io: CliIo): Promise<void> {
  if (!options.output) {
    if (typeof report === "string") {
      io.stdout.write(report);
      return;
    }
    for (const piece of batched(report)) {
      // Waits for a full pipe to drain, so that the report is not buffered whole in memory.
      const stream = io.stdout as {
        write(text: string): unknown;
        once?: (event: "drain", listener: () => void) => unknown;
      };
      if (stream.write(piece) === false && stream.once) await new Promise<void>((done) => stream.once?.("drain", done));
    }
    return;
  }
  try {
    const path = resolve(io.cwd, options.output);
    // `--output reports/secretwarden.sarif` in a fresh CI checkout: the folder is part of the name asked for.
    await mkdir(dirname(path), { recursive: true });
    if (typeof report === "string") await writeFile(path, report);
    else {
      const handle = await open(path, "w");
      try {
        for (const piece of batched(report)) await handle.write(piece);
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    throw new OutputError(`cannot write the report to ${options.output}: ${(error as Error).message}`);
  }
}

/**
 * Why the run scanned nothing although there were files to scan: every file read ended in an error entry or could not
 * be read at all (exit 2: a green check would be a lie). Undefined when at least one file was scanned, or when there
 * was nothing to scan. Binary, too-large and outside-root skips are the scan's own decisions, not failures: they count
 * neither way, so a run over binary files alone is exit 0 with notes.
 */
export function nothingScanned(
  result: Pick<ScanResult, "errors" | "skipped" | "filesScanned" | "filesFailed" | "findings" | "suppressed">,
): string | undefined {
  const failed = new Set(result.errors.map((error) => error.file)).size;
  const unreadable = result.skipped.filter((skipped) => skipped.reason === "unreadable").length;
  // `filesScanned` counts the files without an error entry; a result built without `filesFailed` counted them all.
  const clean = result.filesFailed === undefined ? result.filesScanned - failed : result.filesScanned;
  const found = clean + failed + unreadable;
  // A file with an error entry may still have given findings (an error in one Terraform block, not the others).
  if (found === 0 || clean > 0 || result.findings.length > 0 || (result.suppressed?.length ?? 0) > 0) return undefined;
  const why = [failed > 0 ? `${failed} with an error entry` : "", unreadable > 0 ? `${unreadable} unreadable` : ""]
    .filter(Boolean)
    .join(", ");
  return `nothing could be scanned: every file failed (${why}); see the report`;
}

export function failingCount(result: Pick<ScanResult, "findings">, failOn: FailOn): number {
  if (failOn === "none") return 0;
  return result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]).length;
}

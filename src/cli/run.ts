import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ACCESS_HELP, HELP, parseCliArgs, UsageError, type CliOptions, type FailOn } from "./args.js";
import { SEVERITY_RANK, type ScanResult } from "../engine/types.js";
import type { Rule } from "../rules/define.js";
import { VERSION } from "../version.js";

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
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
    const help = error.command === "access" ? "secretwarden access --help" : "secretwarden --help";
    io.stderr.write(`secretwarden: ${error.message}\nRun ${help} for usage.\n`);
    return EXIT_ERROR;
  }
  if (options.help) {
    io.stdout.write(options.command === "access" ? ACCESS_HELP : HELP);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  try {
    return await execute(options, io);
  } catch (error) {
    const expected = ["ConfigError", "PathNotFoundError", "OutputError"].includes((error as Error).name);
    io.stderr.write(`secretwarden: ${expected ? (error as Error).message : (error as Error).stack ?? String(error)}\n`);
    return EXIT_ERROR;
  }
}

async function execute(options: CliOptions, io: CliIo): Promise<number> {
  const { RULES } = await import("../rules/index.js");
  if (options.command === "access") return access(options, io, RULES);
  if (options.listRules) {
    const { formatRuleList } = await import("./list-rules.js");
    await emit(formatRuleList(RULES.map((r) => r.meta), options.format), options, io);
    return EXIT_OK;
  }
  const config = options.config ? await (await import("../engine/config.js")).loadConfig(resolve(io.cwd, options.config), RULES) : {};
  const { scan } = await import("../scan/scan.js");
  const result = await scan({ paths: options.paths, cwd: io.cwd, config, rules: RULES });
  await emit(await format(result, options, io), options, io);
  return failingCount(result, options.failOn) > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** `secretwarden access`: who can read each secret. The configuration is read (and validated) as for the scan. */
async function access(options: CliOptions, io: CliIo, rules: readonly Rule[]): Promise<number> {
  const config = options.config ? await (await import("../engine/config.js")).loadConfig(resolve(io.cwd, options.config), rules) : {};
  const { loadProject } = await import("../access/load.js");
  const { effectiveAccess } = await import("../access/effective-access.js");
  const { formatAccessJson, formatAccessText } = await import("../access/format.js");
  const loaded = await loadProject({ paths: options.paths, cwd: io.cwd, config });
  const run = {
    report: effectiveAccess(loaded.project, { ownAccounts: config.ownAccounts ?? [] }),
    errors: loaded.errors,
    skipped: loaded.skipped,
    filesScanned: loaded.filesScanned,
    tool: { name: "secretwarden", version: VERSION },
  };
  await emit(options.format === "json" ? formatAccessJson(run) : formatAccessText(run), options, io);
  return EXIT_OK;
}

async function format(result: ScanResult, options: CliOptions, io: CliIo): Promise<string> {
  switch (options.format) {
    case "json":
      return (await import("../reporters/json.js")).formatJson(result);
    case "sarif":
      return (await import("../reporters/sarif.js")).formatSarif(result, { repositoryRoot: io.cwd });
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

async function emit(text: string, options: CliOptions, io: CliIo): Promise<void> {
  if (!options.output) {
    io.stdout.write(text);
    return;
  }
  try {
    await writeFile(resolve(io.cwd, options.output), text);
  } catch (error) {
    throw new OutputError(`cannot write the report to ${options.output}: ${(error as Error).message}`);
  }
}

export function failingCount(result: ScanResult, failOn: FailOn): number {
  if (failOn === "none") return 0;
  return result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]).length;
}



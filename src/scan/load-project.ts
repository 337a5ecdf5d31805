import type { Config } from "../engine/config.js";
import type { Finding } from "../core/finding.js";
import type { ScanError, SkippedFile } from "../engine/types.js";
import type { Rule } from "../knowledge/rule-contract.js";
import { Project } from "../model/project.js";
import { scan, type PathFilter } from "./scan.js";

export interface LoadedProject {
  project: Project;
  errors: ScanError[];
  skipped: SkippedFile[];
  /** Files read and parsed without an error entry. */
  filesScanned: number;
  /** Files read that ended with an error entry. */
  filesFailed: number;
  /** With `rules`: the findings of the scan of the same files. */
  findings?: Finding[];
}

/**
 * What `access` and `inventory` read (the CLI hands them the project; they run no scan of their own). Reads the files
 * under `paths` into a project exactly as the scan does (discovery, ignore files, size and binary
 * guards, every parser, Terraform modules): the scan hands over the project it builds, and runs no rule.
 */
export async function loadProject(options: {
  paths?: string[];
  cwd: string;
  config?: Config;
  filters?: PathFilter[];
  /** Rules to run as the scan would (for `--fail-on`); none by default. */
  rules?: readonly Rule[];
}): Promise<LoadedProject> {
  let project: Project | undefined;
  const result = await scan({
    ...(options.paths ? { paths: options.paths } : {}),
    cwd: options.cwd,
    config: options.rules ? { ...options.config } : { ...options.config, rules: {} },
    rules: options.rules ?? [],
    ...(options.filters ? { filters: options.filters } : {}),
    onProject: (built) => (project = built),
  });
  const loaded = {
    project: project ?? new Project([]),
    errors: result.errors,
    skipped: result.skipped,
    filesScanned: result.filesScanned,
    filesFailed: result.filesFailed ?? 0,
  };
  return options.rules ? { ...loaded, findings: result.findings } : loaded;
}

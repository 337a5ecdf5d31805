import type { Config } from "../engine/config.js";
import type { ScanError, SkippedFile } from "../engine/types.js";
import { Project } from "../model/project.js";

export interface LoadedProject {
  project: Project;
  errors: ScanError[];
  skipped: SkippedFile[];
  filesScanned: number;
}

/**
 * Reads the files under `paths` into a project exactly as the scan does (discovery, ignore files, size and binary
 * guards, every parser, Terraform modules): the scan hands over the project it builds, and runs no rule.
 */
export async function loadProject(options: { paths?: string[]; cwd: string; config?: Config }): Promise<LoadedProject> {
  let project: Project | undefined;
  const { scan } = await import("../scan/scan.js");
  const result = await scan({
    ...(options.paths ? { paths: options.paths } : {}),
    cwd: options.cwd,
    config: { ...options.config, rules: {} },
    rules: [],
    onProject: (built) => (project = built),
  });
  return { project: project ?? new Project([]), errors: result.errors, skipped: result.skipped, filesScanned: result.filesScanned };
}

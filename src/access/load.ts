import type { Config } from "../engine/config.js";
import type { ScanError, SkippedFile } from "../engine/types.js";
import { Project } from "../model/project.js";
import { defineRule } from "../rules/define.js";

export interface LoadedProject {
  project: Project;
  errors: ScanError[];
  skipped: SkippedFile[];
  filesScanned: number;
}

/**
 * Reads the files under `paths` into a project exactly as the scan does (discovery, ignore files, size and binary
 * guards, every parser, Terraform modules), by running the scan with one rule that only keeps the project it is
 * given. No finding is made; the configuration's rule settings do not apply.
 */
export async function loadProject(options: { paths?: string[]; cwd: string; config?: Config }): Promise<LoadedProject> {
  let project: Project | undefined;
  const keepProject = defineRule({
    meta: {
      id: "access-project",
      title: "Keeps the project for the access analysis",
      severity: "note",
      securitySeverity: 0,
      appliesTo: [],
      messages: {},
      docs: { description: "", remediation: "" },
    },
    create(context) {
      project = context.project;
      return {};
    },
  });
  const { scan } = await import("../scan/scan.js");
  const result = await scan({
    ...(options.paths ? { paths: options.paths } : {}),
    cwd: options.cwd,
    config: { ...options.config, rules: {} },
    rules: [keepProject],
  });
  return { project: project ?? new Project([]), errors: result.errors, skipped: result.skipped, filesScanned: result.filesScanned };
}

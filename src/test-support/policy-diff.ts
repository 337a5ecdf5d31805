/** Builds projects from in-memory files as the scanner's loaders do, and compares their policies as `--diff-base` does. */
import type { Project } from "../model/project.js";
import { projectOfFiles } from "./analyze.js";
import type { PolicyBroadening } from "../engine/types.js";
import { policyBroadenings } from "../cli/policy-diff.js";

/** The project of in-memory files keyed by path (`.tf` HCL, one module per folder; `.json` JSON; YAML otherwise). */
export const projectOf = (files: Record<string, string>): Promise<Project> =>
  projectOfFiles(Object.entries(files).map(([path, text]) => ({ path, text })));

/** What `--diff-base` reports when `before` is the base and `after` the work tree. */
export async function broadened(
  before: Record<string, string>,
  after: Record<string, string>,
): Promise<PolicyBroadening[]> {
  return policyBroadenings(await projectOf(after), await projectOf(before));
}

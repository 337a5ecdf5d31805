/** Builds projects from in-memory files as the scanner's loaders do, and compares their policies as `--diff-base` does. */
import { SourceFile } from "../parsers/positioned.js";
import { loadDocumentFile, terraformEntities } from "../parsers/load.js";
import type { TfFile } from "../parsers/terraform/syntax.js";
import { Project } from "../model/project.js";
import type { PolicyBroadening } from "../engine/types.js";
import { policyBroadenings } from "../cli/policy-diff.js";

/** `.tf` files are HCL (one module per folder), `.json` JSON, anything else YAML. */
export async function projectOf(files: Record<string, string>): Promise<Project> {
  const entities = [];
  const documents = [];
  const terraform: TfFile[] = [];
  for (const [path, text] of Object.entries(files)) {
    const loaded = await loadDocumentFile(new SourceFile(path, text), path.endsWith(".tf") ? "hcl" : path.endsWith(".json") ? "json" : "yaml");
    if (loaded.error) throw new Error(`${path}: ${loaded.error.message}`);
    entities.push(...loaded.entities);
    documents.push(...(loaded.documents ?? []));
    if (loaded.terraform) terraform.push(loaded.terraform);
  }
  const modules = await terraformEntities(terraform);
  entities.push(...modules.entities);
  documents.push(...modules.documents);
  return new Project(entities, documents);
}

/** What `--diff-base` reports when `before` is the base and `after` the work tree. */
export async function broadened(before: Record<string, string>, after: Record<string, string>): Promise<PolicyBroadening[]> {
  return policyBroadenings(await projectOf(after), await projectOf(before));
}

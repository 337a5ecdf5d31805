import { SourceFile } from "../core/positioned.js";
import { loadDocumentFile, terraformEntities, type DocumentSyntax } from "../parsers/load.js";
import type { TfFile } from "../parsers/terraform/syntax.js";
import { Project } from "../model/project.js";
import { runRulesWithIds } from "../engine/run.js";
import { catalogueFor } from "../engine/catalogue.js";
import type { Rule } from "../knowledge/rule-contract.js";
import type { Finding } from "../core/finding.js";
import { syntaxOf } from "../scan/formats.js";

/**
 * Runs rules over in-memory files, as the scanner would over files with these paths: `.tf` and `.tf.json` files are
 * Terraform (linked by folder), other `.json` files JSON, application source and configuration (`.ts`, `.py`, `.env`,
 * `Dockerfile`...) `source`, anything else YAML.
 */
export async function analyze(
  rules: readonly Rule[],
  files: { path: string; text: string }[],
  options: Record<string, unknown> = {},
  ownAccounts: readonly string[] = [],
): Promise<(Finding & { messageId: string })[]> {
  const project = await projectOfFiles(files);
  const settings = new Map(
    rules.map((rule) => [
      rule.meta.id,
      { severity: rule.meta.severity, options: { ...rule.options?.defaults, ...options } },
    ]),
  );
  return runRulesWithIds(project, rules, settings, { ownAccounts, iam: await catalogueFor(project) });
}

/** The project of in-memory files, named as for `analyze`; a file or module that does not load is a thrown error. */
export async function projectOfFiles(files: readonly { path: string; text: string }[]): Promise<Project> {
  const entities = [];
  const documents = [];
  const terraform: TfFile[] = [];
  for (const { path, text } of files) {
    const syntax: DocumentSyntax = path.endsWith(".tf")
      ? "hcl"
      : path.endsWith(".json")
        ? "json"
        : isSourcePath(path)
          ? "source"
          : "yaml";
    const loaded = await loadDocumentFile(new SourceFile(path, text), syntax);
    if (loaded.error) throw new Error(`${path}: ${loaded.error.message}`);
    for (const pushed of loaded.entities) entities.push(pushed);
    for (const pushed of loaded.documents ?? []) documents.push(pushed);
    if (loaded.terraform) terraform.push(loaded.terraform);
  }
  const modules = await terraformEntities(terraform);
  const [moduleError] = modules.errors;
  if (moduleError) throw new Error(`${moduleError.file.path}: ${moduleError.message}`);
  for (const pushed of modules.entities) entities.push(pushed);
  for (const pushed of modules.documents) documents.push(pushed);
  return new Project(entities, documents);
}

/** A source file by name; a name without an extension (other than a Dockerfile) stays YAML, as tests long assumed. */
const isSourcePath = (path: string): boolean =>
  syntaxOf(path) === "source" && (/\.[^/.]+$/.test(path) || /(^|\/)(Dockerfile|Containerfile)[^/]*$/.test(path));

/** Shows a finding's span under its source lines (`^^^`), so a wrong range is visible to a reader. */
export function underline(text: string, f: Pick<Finding, "line" | "column" | "endLine" | "endColumn">): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let n = f.line; n <= f.endLine; n++) {
    const source = lines[n - 1] ?? "";
    const from = Math.max(0, n === f.line ? f.column - 1 : source.length - source.trimStart().length);
    const to = n === f.endLine ? f.endColumn - 1 : source.length;
    out.push(source, " ".repeat(from) + "^".repeat(Math.max(1, to - from)));
  }
  return out.join("\n");
}

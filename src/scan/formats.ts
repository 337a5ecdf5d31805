import type { DocumentSyntax } from "../parsers/load.js";

/** The syntax a file is read with, by name; undefined for files this version does not read at all. */
export function syntaxOf(path: string, text?: string): DocumentSyntax | undefined {
  const lower = path.toLowerCase();
  if (/\.tf$/.test(lower)) return "hcl";
  if (/\.ya?ml$/.test(lower)) return "yaml";
  if (/\.json$/.test(lower)) return "json";
  // `.template` (the CloudFormation console's old default) holds either syntax: JSON starts with a brace.
  if (/\.template$/.test(lower)) return text === undefined || /^\s*\{/.test(text) ? "json" : "yaml";
  return undefined;
}

/** Lock files and source maps are JSON or YAML by name but never templates; skipping them saves reading them. */
const NEVER_TEMPLATES = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock)$|\.map$/i;

export function isCandidate(path: string): boolean {
  return syntaxOf(path) !== undefined && !NEVER_TEMPLATES.test(path);
}

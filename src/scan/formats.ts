import type { DocumentSyntax } from "../parsers/load.js";
import { isPkcs12Path } from "../knowledge/pkcs12.js";
import { isJsonPolicyText } from "../parsers/policy/sniff.js";
import { isGenerated, isTreeSitterLanguage, sourceLanguageOf } from "../parsers/source/languages.js";
import { isInThirdPartyFolder } from "./third-party.js";

/**
 * The syntax a file is read with, by name: `yaml`, `json` and `hcl` documents (templates, policies, Terraform, and
 * YAML or JSON configuration), and `source` for application code, configuration and any other text file (read for
 * hardcoded credentials). Undefined for files never read: binary files by extension.
 */
export function syntaxOf(path: string, text?: string): DocumentSyntax | undefined {
  const lower = path.toLowerCase();
  if (/\.tf$/.test(lower)) return "hcl";
  if (/\.ya?ml$/.test(lower)) return "yaml";
  if (/\.json$/.test(lower)) return "json";
  // `.template` (the CloudFormation console's old default) holds either syntax: JSON starts with a brace.
  if (/\.template$/.test(lower)) return text === undefined || /^\s*\{/.test(text) ? "json" : "yaml";
  const language = sourceLanguageOf(path);
  // A name that says nothing (`admin-policy`, `policy.txt`): a small file whose text is a JSON policy is one. The text
  // is only there once the file is read, so discovery is not slowed; the test is two regular expressions.
  if (language === "text" && text !== undefined && isJsonPolicyText(text)) return "json";
  return language !== undefined ? "source" : undefined;
}

const isGeneratedOrVendored = (path: string): boolean => isGenerated(path) || isInThirdPartyFolder(path);

/**
 * Lock files, source maps, minified bundles, declaration files and third-party folders (`vendor/`, `node_modules/`,
 * `site-packages/`...) are never read: generated or third-party text, where nobody typed a credential, and where most
 * of the bytes are.
 */
export function isCandidate(path: string): boolean {
  // A PKCS#12 file is read for its bytes only: it may be a private key anyone can open (`knowledge/pkcs12.ts`).
  return (syntaxOf(path) !== undefined || isPkcs12Path(path)) && !isGeneratedOrVendored(path);
}

/** A file that would be read, were it not generated or vendored: named explicitly, it gets a skip note. */
export function isGeneratedText(path: string): boolean {
  return syntaxOf(path) !== undefined && isGeneratedOrVendored(path);
}

/** Whether reading a file starts web-tree-sitter: a Terraform `.tf` file, or source in a language it parses. */
export function readsWithWebAssembly(path: string): boolean {
  return syntaxOf(path) === "hcl" || isTreeSitterLanguage(sourceLanguageOf(path));
}

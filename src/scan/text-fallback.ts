/**
 * The text-level credential search for a file whose structured reading failed or was refused (a syntax error, a
 * YAML alias in a template, nesting too deep, a crash of ours): the same search an unknown text file gets, well-known
 * formats anywhere and `name = "value"` assignments, at exact positions. A broken file is the one a developer is
 * editing; going silent on it would hide exactly the credential they are about to commit. The error entry stays, and
 * says that the structural rules could not read the file in full.
 */
import type { SourceFile } from "../core/positioned.js";
import { isTerraformPath, type DocumentSyntax, type FileLoad } from "../parsers/load.js";

/** Appended to the error entry of a file that got the text-level search instead of (or besides) its structural rules. */
export const TEXT_FALLBACK_NOTE = "structural rules skipped, text searched for credentials";

/**
 * `load` with the text-level search added when it carries an error and no text search yet, or, for a file that parsed,
 * over the parts its structural rules cannot read (see `text-fallback-unread.ts`).
 */
export async function withTextFallback(file: SourceFile, syntax: DocumentSyntax, load: FileLoad): Promise<FileLoad> {
  const error = load.error;
  if (!error) return withUnreadParts(file, syntax, load);
  const noted = { ...error, message: `${error.message}; ${TEXT_FALLBACK_NOTE}` };
  // A Terraform file's loader already reads it as code when it does not parse (`parsers/load.ts`).
  if (
    (load.documents ?? []).some((document) => document.platform === "source" && document.source?.literals !== undefined)
  )
    return { ...load, error: noted };
  try {
    const { loadSourceFile } = await import("../parsers/source/load.js");
    // In HCL `name = value` unquoted is an expression, no literal; in YAML and JSON text it is a value.
    const document = await loadSourceFile(file, syntax === "hcl" || isTerraformPath(file.path) ? "code" : "text");
    return { ...load, error: noted, ...(document ? { documents: [...(load.documents ?? []), document] } : {}) };
  } catch (caught) {
    // The search is line by line and has no recursion; should it still fail, the error entry says so.
    return {
      ...load,
      error: {
        ...error,
        message: `${error.message}; the text-level credential search failed too (${internalErrorKind(caught)})`,
      },
    };
  }
}

/** Where the unread parts of a file that parsed are searched as text, the warning says so (never quoting the file). */
const UNREAD_NOTE = "structural rules skipped there, text searched for credentials";

async function withUnreadParts(file: SourceFile, syntax: DocumentSyntax, load: FileLoad): Promise<FileLoad> {
  const { unreadTerraformBlocks, onlyWithin, withUnreadTemplateParts, unreadTemplateParts, uncoveredLines } =
    await import("./text-fallback-unread.js");
  if (load.terraform) {
    const unread = unreadTerraformBlocks(load.terraform);
    if (!unread) return load;
    const { loadSourceFile } = await import("../parsers/source/load.js");
    const document = await loadSourceFile(onlyWithin(file, unread.spans), "code");
    const warnings = unread.spans.map((s) => ({ offset: s.start, message: `${s.reason}: ${UNREAD_NOTE}` }));
    return {
      ...load,
      terraform: unread.tf,
      ...(document ? { documents: [...(load.documents ?? []), document] } : {}),
      warnings: [...(load.warnings ?? []), ...warnings],
    };
  }
  const documents = load.documents ?? [];
  if (!documents.some((d) => d.platform === "cloudformation")) return load;
  const warnings = documents.flatMap((d) =>
    d.platform === "cloudformation"
      ? (unreadTemplateParts(d.root)?.unread ?? []).map((entry) => ({
          offset: entry.key.start,
          message: `a key the template format does not have here, or a resource without a Type: ${UNREAD_NOTE}`,
        }))
      : [],
  );
  const replaced =
    warnings.length > 0 ? await withUnreadTemplateParts(documents, syntax === "json" ? "json" : "yaml") : undefined;
  const read = replaced ?? documents;
  // Text the YAML library left out of the tree without an error (our JSON parser leaves nothing out).
  const left =
    syntax === "json"
      ? []
      : uncoveredLines(
          file,
          read.map((d) => d.root),
        );
  const { loadSourceFile } = await import("../parsers/source/load.js");
  const leftDocument = left.length > 0 ? await loadSourceFile(onlyWithin(file, left), "text") : undefined;
  if (leftDocument)
    warnings.push({
      offset: (left[0] as { start: number }).start,
      message: `lines the YAML parser left out of the document without an error: ${UNREAD_NOTE}`,
    });
  if (warnings.length === 0) return load;
  return {
    ...load,
    documents: [...read, ...(leftDocument ? [leftDocument] : [])],
    warnings: [...(load.warnings ?? []), ...warnings].sort((a, b) => a.offset - b.offset),
  };
}

/**
 * What an internal error was, for an error entry: its class and, when it reads as one of ours or the runtime's
 * (no quote, short), its message. A message that could quote the file (`Unexpected token 'A', "AKIA..." is not
 * valid JSON`) is left out.
 */
export function internalErrorKind(caught: unknown): string {
  if (!(caught instanceof Error)) return "unknown error";
  const message = caught.message.split("\n")[0] ?? "";
  return message.length <= 120 && /^[\w .,:;()/-]*$/.test(message) && message !== ""
    ? `${caught.name}: ${message}`
    : caught.name;
}

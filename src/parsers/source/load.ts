/**
 * Application source and configuration files as `source` documents: the prefilter first, then the language's
 * parser, imported on first use (TypeScript's parser for JavaScript and TypeScript, tree-sitter for Python, Go,
 * Java, Ruby, C# and PHP). A file that fails the prefilter gives no document and loads nothing.
 */
import type { CodeLiteral, KeyContainer, SourceDocument, SourceInfo, SourceLanguage } from "../../model/entities.js";
import { configLiterals, withEmbeddedLiterals } from "./config-literals.js";
import { SourceFile, type PNode } from "../../core/positioned.js";
import { isTreeSitterLanguage, sourceLanguageOf } from "./languages.js";
import { mayContainCredential, needsParser } from "./prefilter.js";
import { namesRotationSteps } from "./rotation-steps.js";

/**
 * Generated code, not worth a parser (its text is still searched for well-known formats): a file over 1 MB
 * (`typescript.js`, a vendored SDK), which nobody edits by hand.
 */
const looksMinified = (text: string): boolean => text.length > 1_000_000;

/** A line longer than this (a bundle's line, a data URI) is left out of the name-based search: only that line. */
export const LONG_LINE = 5000;

/**
 * The file with every line longer than `LONG_LINE` blanked (spaces, so every offset and line stays), or undefined when
 * it has none. A long line limits the work on that line, never the detection on the others: a data URI on line 1
 * once turned off name-based detection for the whole file. Well-known formats are still searched in the original text.
 */
function withoutLongLines(file: SourceFile): SourceFile | undefined {
  const text = file.text;
  if (text.length <= LONG_LINE) return undefined;
  let out: string[] | undefined;
  let from = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    if (lineEnd - lineStart > LONG_LINE) {
      out ??= [];
      out.push(text.slice(from, lineStart), " ".repeat(lineEnd - lineStart));
      from = lineEnd;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  if (!out) return undefined;
  out.push(text.slice(from));
  return new SourceFile(file.path, out.join(""));
}

/** Points every reference to `from` inside `root` at `to`: the literals of a blanked copy belong to the file itself. */
function rebind(root: object, from: SourceFile, to: SourceFile): void {
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const value = stack.pop() as Record<string, unknown>;
    if (seen.has(value) || value instanceof SourceFile) continue;
    seen.add(value);
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === from) value[key] = to;
      else if (typeof item === "object" && item !== null) stack.push(item);
    }
  }
}

/** The languages read through a parser; other files are read as text. */
const PARSED: ReadonlySet<SourceLanguage> = new Set([
  "javascript",
  "typescript",
  "python",
  "go",
  "java",
  "ruby",
  "csharp",
  "php",
]);

async function literalsOf(file: SourceFile, language: SourceLanguage): Promise<Omit<SourceInfo, "language">> {
  const parsed = PARSED.has(language);
  if (parsed && looksMinified(file.text)) return { literals: [], unparsed: true };
  if (parsed && !needsParser(file.text)) return { literals: [] };
  if (language === "markdown") {
    const { markdownLiterals } = await import("./markdown.js");
    // Each block is read as a file of its language: its own prefilter, and its parser only when it needs one.
    return {
      literals: await markdownLiterals(
        file,
        async (block, blockLanguage) => (await literalsOf(block, blockLanguage)).literals ?? [],
      ),
    };
  }
  const { textLiterals } = await import("./text.js");
  // PHP outside `<?php ... ?>` is text the server prints, not code: a snippet without the tag is read as other code.
  if (language === "php" && !file.text.includes("<?")) return { literals: textLiterals(file, "code"), unparsed: true };
  try {
    if (isTreeSitterLanguage(language)) {
      const { parseTreeSitter } = await import("./treesitter.js");
      return await parseTreeSitter(file, language);
    }
    switch (language) {
      case "javascript":
      case "typescript": {
        // The light reader first: a file it accepts needs no TypeScript, the largest load of a one-file run.
        const { readLightJavascript } = await import("./javascript-light.js");
        const light = readLightJavascript(file);
        if (light) return light;
        const { parseJavascript } = await import("./javascript.js");
        return parseJavascript(file, language === "javascript" || /\.tsx$/i.test(file.path));
      }
      default:
        return { literals: textLiterals(file, language) };
    }
  } catch {
    // A file that does not parse as its language (a template, a fragment): read as text.
    return { literals: textLiterals(file, "code", language), unparsed: true };
  }
}

/** A `source` document for an application file that may hold a credential; undefined when the prefilter says not. */
export async function loadSourceFile(
  file: SourceFile,
  language: SourceLanguage | undefined = sourceLanguageOf(file.path),
): Promise<SourceDocument | undefined> {
  if (language === undefined || !mayContainCredential(file.text)) return undefined;
  const blanked = PARSED.has(language) && !looksMinified(file.text) ? withoutLongLines(file) : undefined;
  const info: SourceInfo = { language, ...(await literalsOf(blanked ?? file, language)) };
  if (blanked) rebind(info, blanked, file);
  if ((info.secretFetches ?? []).length > 0 && namesRotationSteps(file.text)) info.rotationSteps = true;
  if (language === "markdown") info.documentation = true;
  return sourceDocument(file, info, rootOf(file, info.literals ?? []));
}

/** A `source` document for a YAML or JSON file that is no template, policy or Terraform: its parsed strings are read. */
export function configDocument(file: SourceFile, language: "yaml" | "json", root: PNode): SourceDocument | undefined {
  if (!mayContainCredential(file.text)) return undefined;
  return sourceDocument(file, { language, treeLiterals: withEmbeddedLiterals(configLiterals(root, undefined)) }, root);
}

/**
 * A big YAML or JSON data file read by a streaming reader instead of the full parse: only its literals that can hold a
 * credential are kept, and no tree is built (a 4 MB YAML file took 3 s and 500 MB as a tree). Undefined when the
 * reader does not follow the file (a syntax error, an anchor, an explicit key...): the caller parses it in full. Null
 * when the prefilter says the file holds no credential.
 */
export async function streamedConfigDocument(
  file: SourceFile,
  language: "yaml" | "json",
): Promise<SourceDocument | null | undefined> {
  if (!mayContainCredential(file.text)) return null;
  const literals =
    language === "json"
      ? (await import("./json-stream.js")).streamJsonLiterals(file)
      : (await import("./yaml-stream.js")).streamYamlLiterals(file);
  if (literals === undefined) return undefined;
  // The whole text is one region for the format search, as for a source file; the literals carry the tree's paths.
  return sourceDocument(file, { language, literals: withEmbeddedLiterals(literals) }, rootOf(file, literals));
}

/** A binary key container anyone can open, as a `source` document with no text: reported at its first position. */
export function keyContainerDocument(file: SourceFile, keyContainer: KeyContainer): SourceDocument {
  return sourceDocument(file, { language: "text", literals: [], keyContainer }, rootOf(file, []));
}

function sourceDocument(file: SourceFile, source: SourceInfo, root: PNode): SourceDocument {
  return { kind: "document", platform: "source", file, unit: file.path, root, source, resourceAt: () => undefined };
}

/** The whole file as one object: each named literal an entry, so that rules walking `root` see them too. */
function rootOf(file: SourceFile, literals: readonly CodeLiteral[]): PNode {
  return {
    kind: "object",
    start: 0,
    end: file.text.length,
    file,
    path: [],
    entries: literals.map((l) => ({ key: { ...l.node, value: l.name }, value: l.node })),
  };
}

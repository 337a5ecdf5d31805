/**
 * Markdown (`.md`, `.markdown`, `.mdx`): documentation. Its fenced code blocks are read with their language's reader
 * (```` ```python ````, ```` ```ts ````, ```` ```bash ````...) at their exact place in the file, an untagged block as
 * plain text; prose binds no literal to a name (`secrets = boto3.client(...)` in a sentence is no assignment). The
 * well-known formats are still searched in the whole text by the credential check.
 */
import type { CodeLiteral, SourceLanguage } from "../../model/entities.js";
import { SourceFile } from "../../core/positioned.js";
import { codeLiteral } from "./literal.js";

/** A fenced block's info word, as people write it, to the reader that reads it. */
const FENCE_LANGUAGES: Record<string, SourceLanguage> = {
  js: "javascript",
  javascript: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  node: "javascript",
  ts: "typescript",
  typescript: "typescript",
  tsx: "typescript",
  py: "python",
  python: "python",
  python3: "python",
  go: "go",
  golang: "go",
  java: "java",
  rb: "ruby",
  ruby: "ruby",
  cs: "csharp",
  csharp: "csharp",
  "c#": "csharp",
  php: "php",
  sh: "shell",
  bash: "shell",
  shell: "shell",
  zsh: "shell",
  console: "shell",
  shellsession: "shell",
  powershell: "shell",
  ps1: "shell",
  dotenv: "dotenv",
  env: "dotenv",
  properties: "properties",
  ini: "ini",
  cfg: "ini",
  conf: "ini",
  toml: "toml",
  dockerfile: "dockerfile",
  docker: "dockerfile",
  // YAML, JSON and HCL read as text: `key: value`, `"key": "value"`, `key = "value"` lines.
  yaml: "text",
  yml: "text",
  json: "text",
  jsonc: "text",
  hcl: "text",
  terraform: "text",
  tf: "text",
};

export interface FencedBlock {
  /** The reader for the block; `text` for an untagged or unknown one. */
  language: SourceLanguage;
  /** Offsets of the block's content in the file: the lines between the fences. */
  start: number;
  end: number;
}

/** The fenced code blocks of a Markdown text, in one pass over its lines. An unclosed block runs to the end. */
export function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { fence: string; language: SourceLanguage; start: number } | undefined;
  let at = 0;
  while (at <= text.length) {
    const newline = text.indexOf("\n", at);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(at, lineEnd);
    const fence = /^[ \t]*(`{3,}|~{3,})[ \t]*([^\s`{]*)/.exec(line);
    if (open === undefined && fence) {
      const tag = (fence[2] as string).toLowerCase().replace(/^\{?\.?/, "");
      open = {
        fence: fence[1] as string,
        language: (Object.hasOwn(FENCE_LANGUAGES, tag) ? FENCE_LANGUAGES[tag] : undefined) ?? "text",
        start: Math.min(lineEnd + 1, text.length),
      };
    } else if (
      open !== undefined &&
      fence &&
      (fence[1] as string)[0] === open.fence[0] &&
      (fence[1] as string).length >= open.fence.length &&
      line.trim() === fence[1]
    ) {
      blocks.push({ language: open.language, start: open.start, end: Math.max(open.start, at - 1) });
      open = undefined;
    }
    if (newline < 0) break;
    at = newline + 1;
  }
  if (open !== undefined) blocks.push({ language: open.language, start: open.start, end: text.length });
  return blocks;
}

type Reader = (file: SourceFile, language: SourceLanguage) => Promise<CodeLiteral[]>;

/**
 * The named literals of a Markdown file's code blocks, each read by `read` as a file of its own and placed back at
 * its offsets in the Markdown file; occurrence counters run over the whole file, as for any source file.
 */
export async function markdownLiterals(file: SourceFile, read: Reader): Promise<CodeLiteral[]> {
  const out: CodeLiteral[] = [];
  const seen = new Map<string, number>();
  for (const block of fencedBlocks(file.text)) {
    if (block.end <= block.start) continue;
    const inner = new SourceFile(file.path, file.text.slice(block.start, block.end));
    for (const literal of await read(inner, block.language)) {
      const { node } = literal;
      out.push(
        codeLiteral(
          file,
          literal.name,
          literal.binding,
          node.value,
          node.start + block.start,
          node.end + block.start,
          seen,
        ),
      );
    }
  }
  return out;
}

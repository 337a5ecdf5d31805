/**
 * One web-tree-sitter runtime for the whole process. `Parser.init()` instantiates the WebAssembly runtime; called
 * again while parsers of an earlier call are in use (Terraform and Python files read concurrently), it swaps the
 * runtime under them and their parses silently come back empty. Every grammar loads through here.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Parser as TsParser, Query as TsQuery } from "web-tree-sitter";

let runtime: Promise<typeof import("web-tree-sitter")> | undefined;
const parsers = new Map<string, Promise<TsParser>>();

function initRuntime(): Promise<typeof import("web-tree-sitter")> {
  runtime ??= (async () => {
    const module = await import("web-tree-sitter");
    await module.Parser.init();
    return module;
  })();
  return runtime;
}

/**
 * Starts web-tree-sitter's runtime ahead of the first parse: its WebAssembly compiles off the main thread while the
 * command lists and reads the files it will parse. A failure is the first parse's to report.
 */
export function startTreeSitter(): void {
  initRuntime().catch(() => undefined);
}

/**
 * Folders that may hold the grammars copied at build time (`scripts/copy-grammars.mjs` writes `dist/grammars/`):
 * beside the compiled module's folder (`dist/parsers/` or a bundled `dist/cli/` both give `dist/grammars/`), and
 * `dist/grammars/` of the package when this module runs from `src/` (vitest). Exported so that a bundler setup can
 * see (and test) where grammars are looked for.
 */
export function grammarDirectories(moduleUrl: string = import.meta.url): string[] {
  // dist/parsers/ (tsc) and dist/cli/main.js: ../grammars; dist/cli/chunks/ (the bundle): ../../grammars;
  // src/parsers/ (a checkout under vitest): ../../dist/grammars.
  const urls = [
    new URL("../grammars/", moduleUrl),
    new URL("../../grammars/", moduleUrl),
    new URL("./grammars/", moduleUrl),
    new URL("../../dist/grammars/", moduleUrl),
  ];
  return [...new Set(urls.map((url) => fileURLToPath(url)))];
}

/**
 * The file of a grammar named like an import (`tree-sitter-ruby/tree-sitter-ruby.wasm`): the copy in a grammar
 * folder when there is one (gzipped, `tree-sitter-ruby.wasm.gz`, as the build writes it; or as is), so that the
 * published package needs no grammar package at run time; otherwise the installed package (a checkout running from
 * `src/`). Undefined when neither exists.
 */
export function grammarFile(
  wasmModulePath: string,
  directories: readonly string[] = grammarDirectories(),
): string | undefined {
  const base = wasmModulePath.slice(wasmModulePath.lastIndexOf("/") + 1);
  for (const directory of directories) {
    for (const name of [`${base}.gz`, base]) {
      const candidate = directory.endsWith("/") ? directory + name : `${directory}/${name}`;
      if (existsSync(candidate)) return candidate;
    }
  }
  try {
    return createRequire(import.meta.url).resolve(wasmModulePath);
  } catch {
    return undefined;
  }
}

/**
 * The bytes `Language.load` takes for a grammar file, plain or gzipped (`node:zlib` loaded then only: Terraform's
 * grammar, the one most runs read, is not gzipped). Bytes, never the path: given a path, `Language.load` reads it
 * through `import("fs/promises")`, which code compiled with the command line's code cache cannot run
 * (src/cli/compile-cache.ts).
 */
export function grammarInput(file: string): Uint8Array {
  const bytes = readFileSync(file);
  if (!file.endsWith(".gz")) return bytes;
  const { gunzipSync } = createRequire(import.meta.url)("node:zlib") as typeof import("node:zlib");
  return new Uint8Array(gunzipSync(bytes));
}

/** A parser for the grammar at `wasmModulePath` (resolved like an import), created once per process. */
/**
 * A query over a grammar's trees (`Query` of the same runtime as the parser): it matches in WebAssembly and hands
 * back only the captured nodes, where walking a tree from JavaScript makes an object of every node.
 */
export async function treeSitterQuery(parser: TsParser, source: string): Promise<TsQuery> {
  const { Query } = await initRuntime();
  const language = parser.language;
  if (!language) throw new Error("tree-sitter parser without a language");
  return new Query(language, source);
}

export function treeSitterParser(wasmModulePath: string): Promise<TsParser> {
  let parser = parsers.get(wasmModulePath);
  if (!parser) {
    parser = (async () => {
      const { Parser, Language } = await initRuntime();
      const file = grammarFile(wasmModulePath);
      if (!file)
        throw new Error(
          `tree-sitter grammar ${wasmModulePath} not found (looked in ${grammarDirectories().join(", ")} and node_modules)`,
        );
      const language = await Language.load(grammarInput(file));
      const created = new Parser();
      created.setLanguage(language);
      return created;
    })();
    parsers.set(wasmModulePath, parser);
  }
  return parser;
}

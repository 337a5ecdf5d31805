/**
 * One web-tree-sitter runtime for the whole process. `Parser.init()` instantiates the WebAssembly runtime; called
 * again while parsers of an earlier call are in use (Terraform and Python files read concurrently), it swaps the
 * runtime under them and their parses silently come back empty. Every grammar loads through here.
 */
import { createRequire } from "node:module";
import type { Parser as TsParser } from "web-tree-sitter";

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

/** A parser for the grammar at `wasmModulePath` (resolved like an import), created once per process. */
export function treeSitterParser(wasmModulePath: string): Promise<TsParser> {
  let parser = parsers.get(wasmModulePath);
  if (!parser) {
    parser = (async () => {
      const { Parser, Language } = await initRuntime();
      const language = await Language.load(createRequire(import.meta.url).resolve(wasmModulePath));
      const created = new Parser();
      created.setLanguage(language);
      return created;
    })();
    parsers.set(wasmModulePath, parser);
  }
  return parser;
}

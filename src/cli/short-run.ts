/**
 * A run over a few named or staged files (a pre-commit hook) is mostly start-up. V8 tiers a hot WebAssembly function
 * up to its optimising compiler after a budget of executed code, and web-tree-sitter's own start makes some functions
 * hot enough: compiling them cost a one-file Terraform run about 45 ms of 205 (measured in BENCHMARKS.md), for a parse
 * that then takes a few milliseconds. A short run raises the budget so that its WebAssembly stays on the baseline
 * code; a scan of many files keeps V8's default, where tiering up pays (5% on 337 Terraform files).
 */
import { readsWithWebAssembly } from "../scan/formats.js";
import { setV8Flags } from "./compile-cache.js";

/** Up to this many files to report on, a run is short. */
export const SHORT_RUN_FILES = 16;

/** A budget no start-up reaches: tiering up then happens only in a parse long enough to repay it. */
export const SHORT_RUN_TIERING_BUDGET = 1_000_000_000;

let raised = false;

/**
 * Raises the tiering budget when `paths` (the files named or staged) are a short run with a file web-tree-sitter reads,
 * once per process, and starts web-tree-sitter's runtime. Called before anything compiles WebAssembly (and before
 * workers start): V8 reads the flag when a module is compiled, and the flag is the process's. Whether it is raised, for
 * tests.
 */
export function keepShortRunOnBaselineWasm(paths: readonly string[]): boolean {
  if (raised || paths.length > SHORT_RUN_FILES || !paths.some(readsWithWebAssembly)) return raised;
  // Through the compile cache: the code compiled so far was cached under the flags before this one.
  setV8Flags(`--wasm-tiering-budget=${SHORT_RUN_TIERING_BUDGET}`);
  raised = true;
  // Its WebAssembly compiles while the files are listed; the first parse reports any failure.
  import("../parsers/tree-sitter.js").then(
    (treeSitter) => treeSitter.startTreeSitter(),
    () => undefined,
  );
  return raised;
}

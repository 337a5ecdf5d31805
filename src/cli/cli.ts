/**
 * The command line itself: bundled into dist/cli/chunks/cli.cjs (scripts/bundle.mjs), started by dist/cli/main.js
 * (main.ts) once the compile cache is set up.
 */
import { EXIT_ERROR, run } from "./run.js";
import { watchOutput } from "./output-failure.js";

const output = watchOutput(process.stdout, process.stderr, () => {
  process.exitCode = EXIT_ERROR;
});
void run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
}).then((code) => {
  // A write that already failed keeps its exit 2; one that fails later sets it from the handler.
  process.exitCode = output.failed ? EXIT_ERROR : code;
});

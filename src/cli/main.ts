#!/usr/bin/env node
import { EXIT_ERROR, run } from "./run.js";
import { watchOutput } from "./output-failure.js";

const output = watchOutput(process.stdout, process.stderr, () => {
  process.exitCode = EXIT_ERROR;
});
const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
// A write that already failed keeps its exit 2; one that fails later sets it from the handler.
process.exitCode = output.failed ? EXIT_ERROR : code;

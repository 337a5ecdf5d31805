/**
 * The GitHub Action's scan step, run the way the runner runs it: action.yml's `env:` with its `${{ }}` expressions
 * filled in from the inputs (defaults from action.yml, given values on top), the step's `run:` text written to a file
 * and run with `bash --noprofile --norc -eo pipefail FILE` (GitHub's command for `shell: bash`), and a fresh
 * GITHUB_OUTPUT file that the action's outputs are then read from.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { ROOT } from "./cli.js";

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  if?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}

export interface ActionFile {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

export const ACTION = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionFile;

/** `${{ expr }}` replaced by `values[expr]`; an expression without a value is an error (the test would not mean what it says). */
export function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const value = values[expr];
    if (value === undefined) throw new Error(`no value for the expression \${{ ${expr} }}`);
    return value;
  });
}

/**
 * A workflow step's `if:`, for the forms a README workflow uses: terms joined by `&&`, each `always()`, `success()`,
 * a comparison `A == 'x'` / `A != 'x'`, or a value (true unless empty).
 */
export function condition(text: string, values: Record<string, string>, succeeded: boolean): boolean {
  const expr = text.replace(/^\$\{\{\s*|\s*\}\}$/g, "");
  return expr.split("&&").every((term) => {
    const t = term.trim();
    if (t === "always()") return true;
    if (t === "success()") return succeeded;
    if (t === "failure()") return !succeeded;
    const comparison = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(t);
    const value = (name: string) => {
      const found = values[name];
      if (found === undefined) throw new Error(`no value for ${name} in the condition ${text}`);
      return found;
    };
    if (comparison) return (value(comparison[1] as string) === comparison[3]) === (comparison[2] === "==");
    return value(t) !== "";
  });
}

export interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The GITHUB_OUTPUT file as the step left it. */
  written: string;
  /** The action's outputs (action.yml `outputs`), evaluated from what the step wrote. */
  outputs: Record<string, string>;
}

/** Reads `name=value` lines, as the runner does for values without a newline. */
function outputLines(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/**
 * Runs the step `id: scan` of action.yml in `cwd` (the workspace) with the given inputs. `actionPath` is where the
 * action is checked out (its dist/ and scripts/): this checkout unless a test stands a fake CLI there.
 */
export function runScanStep(given: Record<string, string>, cwd: string, actionPath: string = ROOT): StepRun {
  for (const name of Object.keys(given))
    if (!(name in ACTION.inputs)) throw new Error(`action.yml has no input "${name}"`);
  const step = ACTION.runs.steps.find((s) => s.id === "scan");
  if (!step?.run || step.shell !== "bash") throw new Error("action.yml has no bash step with id scan");
  const inputs = {
    ...Object.fromEntries(Object.entries(ACTION.inputs).map(([name, input]) => [name, input.default ?? ""])),
    ...given,
  };
  const values: Record<string, string> = {
    "github.action_path": actionPath,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`inputs.${name}`, value])),
  };
  const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value, values)]));
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-step-"));
  try {
    const script = join(dir, "step.sh");
    const output = join(dir, "github-output");
    writeFileSync(script, expand(step.run, values));
    writeFileSync(output, "");
    const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...env,
        GITHUB_OUTPUT: output,
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_WORKSPACE: cwd,
        RUNNER_OS: "Linux",
        CI: "true",
      },
      timeout: 120_000,
    });
    const written = readFileSync(output, "utf8");
    const steps = Object.fromEntries(
      Object.entries(outputLines(written)).map(([name, value]) => [`steps.scan.outputs.${name}`, value]),
    );
    const outputs = Object.fromEntries(
      Object.entries(ACTION.outputs).map(([name, output]) => [name, expand(output.value, steps)]),
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, written, outputs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

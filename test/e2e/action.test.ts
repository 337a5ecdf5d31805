/**
 * The GitHub Action (action.yml): its scan step run as the runner runs it (test/e2e/action.ts), for a scan that
 * passes, fails on findings and cannot run; inputs with spaces; the install step's cache key; and the README's two
 * workflows, read from the README and run through the same step, with a real full and a real shallow clone.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ACTION, condition, expand, runScanStep, type Step } from "./action.js";
import { cli, git, ROOT, temporaryRepos, SECRET_TEMPLATE as SECRET, PASSWORD_TEMPLATE as PASSWORD } from "./cli.js";
import { readmeBlock } from "./readme.js";
import { describeErrors, sarifValidator } from "../../src/test-support/schemas.js";

const tempRepo = temporaryRepos("secretwarden-action-");

/** Findings by level: note audit-trail-missing; warning secret-aws-managed-key, secret-without-rotation, database-password-unmanaged; error hardcoded-credential. */
const project = () => tempRepo({ "infra/stack.yaml": SECRET, "my app/db.yaml": PASSWORD });

interface Sarif {
  runs: {
    automationDetails?: { id: string };
    results: {
      ruleId: string;
      level: string;
      suppressions?: unknown[];
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}
const sarifAt = (file: string): Sarif => {
  const sarif = JSON.parse(readFileSync(file, "utf8")) as Sarif;
  expect(sarifValidator(sarif), describeErrors(sarifValidator.errors)).toBe(true);
  return sarif;
};
/** The active results (a baselined or suppressed finding is carried with `suppressions`), as `uri ruleId`. */
const located = (sarif: Sarif) =>
  sarif.runs[0]?.results
    .filter((r) => !r.suppressions)
    .map((r) => `${r.locations[0]?.physicalLocation.artifactLocation.uri} ${r.ruleId}`);

describe("action.yml", () => {
  it("maps each output to what the scan step writes, and caches the install under the key the key step writes", () => {
    expect(ACTION.runs.using).toBe("composite");
    expect(Object.fromEntries(Object.entries(ACTION.outputs).map(([name, o]) => [name, o.value]))).toEqual({
      "sarif-file": "${{ steps.scan.outputs.sarif-file }}",
      findings: "${{ steps.scan.outputs.findings }}",
      "exit-code": "${{ steps.scan.outputs.exit-code }}",
    });
    const uses = (prefix: string) => ACTION.runs.steps.filter((s) => s.uses?.startsWith(prefix));
    const [restore] = uses("actions/cache/restore@");
    const [save] = uses("actions/cache/save@");
    expect(restore?.with).toEqual(save?.with);
    expect(restore?.with?.key).toBe("${{ steps.key.outputs.key }}");
    expect(String(restore?.with?.path).trim().split("\n")).toEqual([
      "${{ steps.key.outputs.dir }}/node_modules",
      "${{ steps.key.outputs.dir }}/dist",
    ]);
    // The install (and the save) run only on a cache miss; the install is the script, which builds at most once.
    const install = ACTION.runs.steps.find((s) => s.name === "Install secretwarden") as Step;
    expect(install.if).toBe(`steps.${restore?.id}.outputs.cache-hit != 'true'`);
    expect(save?.if).toBe(install.if);
    expect(install.run).toBe("bash scripts/action-install.sh");
  });
});

describe("the scan step writes its outputs whether the scan passes or fails", () => {
  it("exit 0: fail-on none (the default) passes and counts every finding", () => {
    const dir = project();
    const run = runScanStep({}, dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.written).toBe("sarif-file=secretwarden.sarif\nfindings=5\nexit-code=0\n");
    expect(run.outputs).toEqual({ "sarif-file": "secretwarden.sarif", findings: "5", "exit-code": "0" });
    expect(located(sarifAt(join(dir, "secretwarden.sarif")))).toEqual([
      "infra/stack.yaml audit-trail-missing",
      "infra/stack.yaml secret-aws-managed-key",
      "infra/stack.yaml secret-without-rotation",
      "my%20app/db.yaml database-password-unmanaged",
      "my%20app/db.yaml hardcoded-credential",
    ]);
  });

  it("exit 1: fail-on warning fails the step after writing the outputs, with the SARIF for the upload", () => {
    const dir = project();
    const run = runScanStep({ "fail-on": "warning", "sarif-file": "secret warden.sarif" }, dir);
    expect(run.status).toBe(1);
    expect(run.written).toBe("sarif-file=secret warden.sarif\nfindings=4\nexit-code=1\n");
    expect(sarifAt(join(dir, "secret warden.sarif")).runs[0]?.results).toHaveLength(5);
    const errors = runScanStep({ "fail-on": "error" }, dir);
    expect(errors.status).toBe(1);
    expect(errors.written).toBe("sarif-file=secretwarden.sarif\nfindings=1\nexit-code=1\n");
  });

  it("exit 2: a scan that cannot run writes the outputs with no report, and no earlier report passes for this one", () => {
    const dir = project();
    writeFileSync(join(dir, "secretwarden.sarif"), "left by an earlier run\n");
    const run = runScanStep({ paths: "no-such-folder" }, dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("secretwarden: no such file or directory: no-such-folder\n");
    expect(run.written).toBe("sarif-file=\nfindings=0\nexit-code=2\n");
    expect(existsSync(join(dir, "secretwarden.sarif"))).toBe(false);
  });
});

describe("inputs with spaces", () => {
  it("paths are read one a line: a folder named `my app` is one path", () => {
    const dir = project();
    mkdirSync(join(dir, "other"));
    writeFileSync(join(dir, "other/db.yaml"), PASSWORD);
    // Indented and with a Windows line end, as a YAML block scalar or an edited file may give them.
    const run = runScanStep({ paths: "  my app\r\ninfra\n\n" }, dir);
    expect(run.status, run.stderr).toBe(0);
    expect(located(sarifAt(join(dir, "secretwarden.sarif")))).toEqual([
      "infra/stack.yaml audit-trail-missing",
      "infra/stack.yaml secret-aws-managed-key",
      "infra/stack.yaml secret-without-rotation",
      "my%20app/db.yaml database-password-unmanaged",
      "my%20app/db.yaml hardcoded-credential",
    ]);
  });

  it("args are one option a line, its value the rest of the line; min-confidence is passed", () => {
    const dir = project();
    expect(cli(["--write-baseline", "old findings.json"], { cwd: dir }).status).toBe(0);
    // Low confidence: a secret-like name that is not a password name, with a value that reads as words.
    writeFileSync(join(dir, "my app/.env"), "API_TOKEN=bluewhalesong\n");
    const inputs = { args: "--baseline old findings.json", "fail-on": "error" };
    const medium = runScanStep(inputs, dir);
    expect(medium.written).toBe("sarif-file=secretwarden.sarif\nfindings=0\nexit-code=0\n");
    const low = runScanStep({ ...inputs, "min-confidence": "low" }, dir);
    expect(low.written).toBe("sarif-file=secretwarden.sarif\nfindings=1\nexit-code=1\n");
    expect(located(sarifAt(join(dir, "secretwarden.sarif")))).toEqual(["my%20app/.env hardcoded-credential"]);
  });
});

describe("the scan step's command line and count, with a stand-in CLI", () => {
  /**
   * An action folder whose dist/cli/main.js records its arguments, writes a SARIF with one result of each level, one
   * without a level and a suppressed error, and exits with `exit`.
   */
  const actionWithFake = (argsFile: string, exit: number) => {
    const fake = `import { writeFileSync } from "node:fs";
const args = process.argv.slice(2);
writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(args));
const result = (level, suppressed) => ({ ruleId: "r", ...(level ? { level } : {}), message: { text: "m" }, ...(suppressed ? { suppressions: [{ kind: "inSource" }] } : {}) });
writeFileSync(args[args.indexOf("--output") + 1], JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "fake" } }, results: [result("error"), result("warning"), result("note"), result(undefined), result("error", true)] }] }));
process.exit(${exit});
`;
    const dir = tempRepo({ "dist/cli/main.js": fake });
    mkdirSync(join(dir, "scripts"));
    copyFileSync(join(ROOT, "scripts/action-scan.sh"), join(dir, "scripts/action-scan.sh"));
    return dir;
  };

  it("passes every input as its own argument, the paths after `--`", () => {
    const workspace = tempRepo({});
    const argsFile = join(workspace, "args.json");
    const actionPath = actionWithFake(argsFile, 0);
    const run = runScanStep(
      {
        paths: "infra\nmy app\n-odd-name",
        category: "infra",
        "min-confidence": "low",
        args: "--diff-base origin/main\n--baseline old findings.json\n--no-context",
      },
      workspace,
      actionPath,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(argsFile, "utf8"))).toEqual([
      ...[
        "--format",
        "sarif",
        "--output",
        "secretwarden.sarif",
        "--fail-on",
        "none",
        "--no-progress",
        "--sarif-category",
        "infra",
        "--min-confidence",
        "low",
      ],
      ...[
        "--diff-base",
        "origin/main",
        "--baseline",
        "old findings.json",
        "--no-context",
        "--",
        "infra",
        "my app",
        "-odd-name",
      ],
    ]);
    // Empty category and min-confidence are not passed: the CLI's and the configuration's defaults apply.
    runScanStep({}, workspace, actionPath);
    expect(JSON.parse(readFileSync(argsFile, "utf8"))).toEqual([
      "--format",
      "sarif",
      "--output",
      "secretwarden.sarif",
      "--fail-on",
      "none",
      "--no-progress",
      "--",
      ".",
    ]);
  });

  it.each([
    ["none", 0, "findings=4\nexit-code=0"],
    ["note", 1, "findings=4\nexit-code=1"],
    ["warning", 1, "findings=3\nexit-code=1"],
    ["error", 1, "findings=1\nexit-code=1"],
    ["error", 2, "findings=1\nexit-code=2"],
  ])(
    "fail-on %s, scan exit %s: counts the unsuppressed results at or above it (no level is a warning)",
    (failOn, exit, expected) => {
      const workspace = tempRepo({});
      const run = runScanStep({ "fail-on": failOn }, workspace, actionWithFake(join(workspace, "args.json"), exit));
      expect(run.status).toBe(exit);
      expect(run.written).toBe(`sarif-file=secretwarden.sarif\n${expected}\n`);
    },
  );

  it("a --fail-on in args wins over the input, in the CLI (the later flag) and in the count alike", () => {
    const workspace = tempRepo({});
    const argsFile = join(workspace, "args.json");
    const actionPath = actionWithFake(argsFile, 1);
    expect(runScanStep({ args: "--fail-on warning" }, workspace, actionPath).written).toBe(
      "sarif-file=secretwarden.sarif\nfindings=3\nexit-code=1\n",
    );
    expect(JSON.parse(readFileSync(argsFile, "utf8")).slice(4, 6)).toEqual(["--fail-on", "none"]);
    expect(runScanStep({ args: "--fail-on=error", "fail-on": "note" }, workspace, actionPath).written).toBe(
      "sarif-file=secretwarden.sarif\nfindings=1\nexit-code=1\n",
    );
  });
});

describe("the install step's cache key", () => {
  const key = (dir: string) => {
    // Not one of the hashed sources, so writing it changes no key.
    const output = join(dir, "github-output");
    writeFileSync(output, "");
    execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", join(ROOT, "scripts/action-install.sh"), "key"], {
      cwd: dir,
      env: { ...process.env, GITHUB_OUTPUT: output, RUNNER_OS: "Linux" },
    });
    return readFileSync(output, "utf8");
  };

  it("hashes the lockfile and the sources; a shipped dist/ is the release mode, hashed too", () => {
    const dir = tempRepo({
      "package-lock.json": "{}\n",
      "package.json": "{}\n",
      "src/a.ts": "export {};\n",
      "scripts/b.mjs": "\n",
    });
    const first = key(dir);
    expect(first).toMatch(
      new RegExp(
        `^key=secretwarden-Linux-node${process.versions.node.split(".")[0]}-build-[0-9a-f]{32}\\ndir=${dir}\\n$`,
      ),
    );
    expect(key(dir)).toBe(first);
    writeFileSync(join(dir, "src/a.ts"), "export const changed = 1;\n");
    const changed = key(dir);
    expect(changed).not.toBe(first);
    writeFileSync(join(dir, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
    expect(key(dir)).not.toBe(changed);
    mkdirSync(join(dir, "dist/cli"), { recursive: true });
    writeFileSync(join(dir, "dist/cli/main.js"), "// built\n");
    const release = key(dir);
    expect(release).toMatch(/-release-[0-9a-f]{32}\ndir=/);
    writeFileSync(join(dir, "dist/cli/main.js"), "// built again\n");
    expect(key(dir)).not.toBe(release);
  });
});

describe("README: the GitHub Actions workflows, run through the action's scan step", () => {
  const workflowOf = (tag: string) =>
    parse(readmeBlock("GitHub Actions code scanning", "yaml", tag)) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
  /** Our step's `with:`, as the inputs the runner hands the action, with the workflow's expressions filled in. */
  const inputsOf = (step: Step, values: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries(step.with ?? {}).map(([name, value]) => [name, expand(String(value), values)]));
  const ours = (steps: Step[]) => {
    const found = steps.filter((s) => s.uses?.startsWith("secretwarden/secretwarden@"));
    expect(found).toHaveLength(1);
    return found[0] as Step;
  };

  it("the code scanning workflow has the permissions a private repository needs", () => {
    expect(workflowOf("workflow").permissions).toEqual({
      contents: "read",
      "security-events": "write",
      actions: "read",
    });
  });

  it("the code scanning workflow writes the SARIF under its category and uploads it, also when the scan fails", () => {
    const steps = Object.values(workflowOf("workflow").jobs).flatMap((job) => job.steps);
    const step = ours(steps);
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@")) as Step;
    const dir = project();
    for (const failOn of ["none", "warning"]) {
      const run = runScanStep({ ...inputsOf(step), "fail-on": failOn }, dir);
      expect(run.status).toBe(failOn === "none" ? 0 : 1);
      const outputs = Object.fromEntries(
        Object.entries(run.outputs).map(([name, value]) => [`steps.${step.id}.outputs.${name}`, value]),
      );
      expect(condition(upload.if ?? "success()", outputs, run.status === 0)).toBe(true);
      const sarifFile = expand(String(upload.with?.sarif_file), outputs);
      expect(sarifAt(join(dir, sarifFile)).runs[0]?.automationDetails).toEqual({ id: `${step.with?.category}/` });
    }
    // No report (the scan could not run): the upload is skipped rather than failing on an empty path.
    const failed = runScanStep({ ...inputsOf(step), paths: "no-such-folder" }, dir);
    const outputs = Object.fromEntries(
      Object.entries(failed.outputs).map(([name, value]) => [`steps.${step.id}.outputs.${name}`, value]),
    );
    expect(condition(upload.if ?? "success()", outputs, false)).toBe(false);
  });

  /** A repository with `main` (a secret) and a pull request branch that adds a hardcoded password, as the origin. */
  const origin = () => {
    const dir = tempRepo({ "infra/stack.yaml": SECRET });
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    git(dir, "checkout", "-qb", "feature");
    mkdirSync(join(dir, "my app"));
    writeFileSync(join(dir, "my app/db.yaml"), PASSWORD);
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "change");
    return dir;
  };
  const gate = () => {
    const workflow = workflowOf("workflow pull-request");
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    return { checkout: steps.find((s) => s.uses?.startsWith("actions/checkout@")) as Step, step: ours(steps) };
  };

  it("the pull-request gate, on a checkout with the history it asks for, fails only on what the branch adds", () => {
    const { checkout, step } = gate();
    expect(checkout.with?.["fetch-depth"]).toBe(0);
    const clone = join(tempRepo({}), "work");
    // fetch-depth: 0 is a full clone; the runner checks out the pull request's head.
    execFileSync("git", ["clone", "-q", "--branch", "feature", `file://${origin()}`, clone]);
    const run = runScanStep(inputsOf(step, { "github.base_ref": "main" }), clone);
    expect(run.stderr).toBe("");
    expect(run.written).toBe("sarif-file=secretwarden.sarif\nfindings=2\nexit-code=1\n");
    expect(located(sarifAt(join(clone, "secretwarden.sarif")))).toEqual([
      "my%20app/db.yaml database-password-unmanaged",
      "my%20app/db.yaml hardcoded-credential",
    ]);
  });

  it("on a shallow clone it stops with a message naming fetch-depth: 0, not a git error", () => {
    const { step } = gate();
    const clone = join(tempRepo({}), "work");
    execFileSync("git", ["clone", "-q", "--depth", "1", "--branch", "feature", `file://${origin()}`, clone]);
    const message =
      "secretwarden: --diff-base origin/main: this is a shallow clone and origin/main is not in it. Fetch the history: in GitHub Actions, give actions/checkout `fetch-depth: 0`; elsewhere, run `git fetch --unshallow` and fetch the base branch.\n";
    const run = runScanStep(inputsOf(step, { "github.base_ref": "main" }), clone);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(message);
    expect(run.written).toBe("sarif-file=\nfindings=0\nexit-code=2\n");
    // A parent commit cut off by the shallow history is missing alike.
    expect(cli(["--diff-base", "HEAD~1"], { cwd: clone })).toEqual({
      status: 2,
      stdout: "",
      stderr: message.replaceAll("origin/main", "HEAD~1"),
    });
    // A full clone without that ref keeps git's own answer: there the ref is simply wrong.
    const full = join(tempRepo({}), "work");
    execFileSync("git", ["clone", "-q", `file://${origin()}`, full]);
    const wrong = cli(["--diff-base", "origin/nope"], { cwd: full });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).not.toContain("fetch-depth");
  });
});

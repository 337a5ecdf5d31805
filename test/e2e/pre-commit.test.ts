/**
 * The pre-commit framework, for real: a git repository whose .pre-commit-config.yaml points at a copy of this checkout
 * (committed, since pre-commit clones a revision), a clean commit that passes and a hardcoded password that is blocked.
 * `.ci/run` installs pre-commit (Debian package `pre-commit`); without it the test is skipped with a message.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateContextRepo } from "../../bench/context-repo.mjs";
import { ROOT, type JsonReport } from "./cli.js";
import { committedRepos, findingsIn, trackedFiles, wholeScan } from "./context-repos.js";
import { readmeBlock } from "./readme.js";

const hasPreCommit = spawnSync("pre-commit", ["--version"]).status === 0;
const temporary: string[] = [];
// The pre-commit cache holds a whole Node environment, and the batch test thousands of files: removing them can
// outlast the default 10 s hook timeout.
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })), 120_000);

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
  });

describe.skipIf(!hasPreCommit)("pre-commit hook (skipped: pre-commit is not installed; .ci/run installs it)", () => {
  it("passes a clean template and blocks a hardcoded password", () => {
    const base = mkdtempSync(join(tmpdir(), "secretwarden-pre-commit-"));
    temporary.push(base);
    // This checkout as a repository pre-commit can clone: its tracked and new files, as they are now.
    const hook = join(base, "hook");
    execFileSync("mkdir", ["-p", hook]);
    const files = git(ROOT, "ls-files", "-co", "--exclude-standard", "-z")
      .split("\0")
      .filter((f) => f !== "" && !f.startsWith("bench/"));
    execFileSync("tar", [
      "-cf",
      join(base, "src.tar"),
      "--ignore-failed-read",
      "-C",
      ROOT,
      ...files.filter((f) => spawnSync("test", ["-e", join(ROOT, f)]).status === 0),
    ]);
    execFileSync("tar", ["-xf", join(base, "src.tar"), "-C", hook]);
    git(hook, "init", "-q");
    git(hook, "add", "-A");
    git(hook, "commit", "-qm", "hook");
    const rev = git(hook, "rev-parse", "HEAD").trim();

    const repo = join(base, "repo");
    execFileSync("mkdir", ["-p", repo]);
    git(repo, "init", "-q");
    // The README's snippet as written; only the values of `repo:` (this checkout's copy) and `rev:` (its commit) are replaced.
    const snippet = readmeBlock("pre-commit", "yaml", "pre-commit");
    expect(snippet).toContain("id: secretwarden");
    writeFileSync(
      join(repo, ".pre-commit-config.yaml"),
      snippet.replace(/repo: \S+/, `repo: ${hook}`).replace(/rev: \S+/, `rev: ${rev}`),
    );
    const env = {
      ...process.env,
      PRE_COMMIT_HOME: join(base, "cache"),
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    };
    execFileSync("pre-commit", ["install"], { cwd: repo, env });

    writeFileSync(
      join(repo, "stack.yaml"),
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
    );
    git(repo, "add", ".");
    const clean = spawnSync("git", ["commit", "-qm", "clean"], { cwd: repo, env, encoding: "utf8", timeout: 600_000 });
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);

    writeFileSync(
      join(repo, "db.yaml"),
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      MasterUsername: admin\n      MasterUserPassword: Tr0ub4dor-and-3\n',
    );
    git(repo, "add", "db.yaml");
    const blocked = spawnSync("git", ["commit", "-qm", "password"], {
      cwd: repo,
      env,
      encoding: "utf8",
      timeout: 600_000,
    });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain("hardcoded-credential");
    expect(blocked.stdout + blocked.stderr).not.toContain("Tr0ub4dor-and-3");
  }, 900_000);
});

/**
 * The hook as `.pre-commit-hooks.yaml` defines it (types, serial runs), run by the real framework from this checkout's
 * build (`repo: local`, so no clone and no npm install), with the arguments a test needs. pre-commit passes the files
 * of each commit, or of each batch of `--all-files`: the report set; the repository is the context.
 */
function localHook(args: string[]): string {
  const [hook] = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as HookDefinition[];
  if (!hook) throw new Error(".pre-commit-hooks.yaml defines no hook");
  const local = {
    id: hook.id,
    name: hook.name,
    entry: `${process.execPath} ${join(ROOT, "dist/cli/main.js")}`,
    language: "system",
    types_or: hook.types_or,
    require_serial: hook.require_serial,
    args,
    verbose: true,
  };
  return JSON.stringify({ repos: [{ repo: "local", hooks: [local] }] }, null, 2);
}

interface HookDefinition {
  id: string;
  name: string;
  args: string[];
  types_or: string[];
  require_serial: boolean;
}

/** The JSON reports in pre-commit's output: one per batch of files. */
function reportsIn(output: string): JsonReport[] {
  return [...output.matchAll(/^\{\n[\s\S]*?^\}$/gm)].map((match) => JSON.parse(match[0]) as JsonReport);
}

const preCommitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
};
const repoOf = committedRepos();
const JSON_ARGS = ["--format", "json", "--fail-on", "none", "--no-progress"];

function preCommit(repo: string, ...args: string[]) {
  return spawnSync("pre-commit", args, {
    cwd: repo,
    env: { ...preCommitEnv, PRE_COMMIT_HOME: join(repo, ".git", "pre-commit-cache") },
    encoding: "utf8",
    timeout: 600_000,
    maxBuffer: 256 * 1024 * 1024,
  });
}

describe.skipIf(!hasPreCommit)(
  "pre-commit hook with the repository as context (skipped: pre-commit is not installed; .ci/run installs it)",
  () => {
    it("a commit of a Terraform secret whose rotation is committed in another file of its module passes", () => {
      const repo = repoOf("test/fixtures/context/terraform");
      const hook = (extra: string[]) => {
        writeFileSync(join(repo, ".pre-commit-config.yaml"), localHook([...readHookArgs(), ...extra]));
        git(repo, "add", ".pre-commit-config.yaml");
      };
      hook([]);
      execFileSync("pre-commit", ["install"], {
        cwd: repo,
        env: { ...preCommitEnv, PRE_COMMIT_HOME: join(repo, ".git", "pre-commit-cache") },
      });
      const secret = join(repo, "infra/secrets/main.tf");
      writeFileSync(secret, `${readFileSync(secret, "utf8")}\n# reviewed\n`);
      git(repo, "add", "infra/secrets/main.tf");
      const commit = spawnSync("git", ["commit", "-qm", "edit the secrets"], {
        cwd: repo,
        env: { ...preCommitEnv, PRE_COMMIT_HOME: join(repo, ".git", "pre-commit-cache") },
        encoding: "utf8",
        timeout: 600_000,
      });
      expect(commit.status, commit.stdout + commit.stderr).toBe(0);
      expect(commit.stdout + commit.stderr).not.toContain("secret-without-rotation");

      // The same commit judged without context is blocked: both secrets look unrotated.
      hook(["--no-context"]);
      writeFileSync(secret, `${readFileSync(secret, "utf8")}# reviewed again\n`);
      git(repo, "add", "infra/secrets/main.tf");
      const blocked = spawnSync("git", ["commit", "-qm", "edit again"], {
        cwd: repo,
        env: { ...preCommitEnv, PRE_COMMIT_HOME: join(repo, ".git", "pre-commit-cache") },
        encoding: "utf8",
        timeout: 600_000,
      });
      expect(blocked.status).not.toBe(0);
      // Finding lines only (`  3:1  warning  ...  secret-without-rotation`), not the rule documentation block after them.
      expect((blocked.stdout + blocked.stderr).match(/^ +\d+:\d+ .*secret-without-rotation$/gm)).toHaveLength(2);
    }, 900_000);

    it.each(["test/fixtures/context/terraform", "test/fixtures/context/cloudformation", "examples"])(
      "each file of %s, run alone through pre-commit, gets the whole scan's findings for it",
      (fixture) => {
        const repo = repoOf(fixture);
        writeFileSync(join(repo, ".pre-commit-config.yaml"), localHook(JSON_ARGS));
        const whole = wholeScan(repo);
        const files = trackedFiles(repo).filter((file) => /\.(ya?ml|json|tf|py|ts)$/.test(file));
        expect(files.length).toBeGreaterThan(5);
        for (const file of files) {
          const run = preCommit(repo, "run", "--files", file);
          expect(run.status, run.stdout + run.stderr).toBe(0);
          const reports = reportsIn(run.stdout);
          expect(reports, `${file}: ${run.stdout}`).toHaveLength(1);
          expect(reports[0]?.findings, file).toEqual(findingsIn(whole, file));
        }
      },
      900_000,
    );

    it("pre-commit run --all-files over 2,500 files, split into batches, gives the whole scan's findings", () => {
      const repo = mkdtempSync(join(tmpdir(), "secretwarden-batches-"));
      temporary.push(repo);
      generateContextRepo(repo, { files: 2500 });
      git(repo, "init", "-q");
      writeFileSync(join(repo, ".pre-commit-config.yaml"), localHook(JSON_ARGS));
      git(repo, "add", "-A");
      git(repo, "commit", "-qm", "generated");
      const whole = wholeScan(repo);
      const run = preCommit(repo, "run", "--all-files");
      expect(run.status, run.stderr).toBe(0);
      const reports = reportsIn(run.stdout);
      // pre-commit's command line holds at most 128 KB: these paths (158 KB) take two batches.
      expect(reports.length).toBeGreaterThanOrEqual(2);
      // The 2,500 files and .pre-commit-config.yaml, each in one batch.
      expect(whole.summary.filesScanned).toBe(2501);
      expect(reports.reduce((sum, report) => sum + report.summary.filesScanned, 0)).toBe(2501);
      // In the report's own order: file, line, column, rule, message.
      const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
      const fromBatches = reports
        .flatMap((report) => report.findings)
        .sort(
          (a, b) =>
            compare(a.file, b.file) ||
            compare(a.line, b.line) ||
            compare(a.column, b.column) ||
            compare(a.ruleId, b.ruleId) ||
            compare(a.message, b.message),
        );
      expect(fromBatches).toEqual(whole.findings);
      // The project-level note once, for the repository: 250 CloudFormation and 250 Terraform secrets, no trail.
      expect(
        fromBatches
          .filter((finding) => finding.ruleId === "audit-trail-missing")
          .map((finding) => `${finding.file} ${/defines (\d+ secrets)/.exec(finding.message)?.[1]}`),
      ).toEqual(["services/service-number-00000/infrastructure/secret.yaml 500 secrets"]);
    }, 900_000);
  },
);

/** The arguments `.pre-commit-hooks.yaml` gives the hook. */
function readHookArgs(): string[] {
  const [hook] = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as HookDefinition[];
  return hook?.args ?? [];
}

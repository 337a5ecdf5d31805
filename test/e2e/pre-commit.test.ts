/**
 * The pre-commit framework, for real: a git repository whose .pre-commit-config.yaml points at a copy of this checkout
 * (committed, since pre-commit clones a revision), a clean commit that passes and a hardcoded password that is blocked.
 * `.ci/run` installs pre-commit (Debian package `pre-commit`); without it the test is skipped with a message.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./cli.js";
import { readmeBlock } from "./readme.js";

const hasPreCommit = spawnSync("pre-commit", ["--version"]).status === 0;
const temporary: string[] = [];
// The pre-commit cache holds a whole Node environment: removing it can outlast the default 10 s hook timeout.
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })), 120_000);

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });

describe.skipIf(!hasPreCommit)("pre-commit hook (skipped: pre-commit is not installed; .ci/run installs it)", () => {
  it("passes a clean template and blocks a hardcoded password", () => {
    const base = mkdtempSync(join(tmpdir(), "secretwarden-pre-commit-"));
    temporary.push(base);
    // This checkout as a repository pre-commit can clone: its tracked and new files, as they are now.
    const hook = join(base, "hook");
    execFileSync("mkdir", ["-p", hook]);
    const files = git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0").filter((f) => f !== "" && !f.startsWith("bench/"));
    execFileSync("tar", ["-cf", join(base, "src.tar"), "--ignore-failed-read", "-C", ROOT, ...files.filter((f) => spawnSync("test", ["-e", join(ROOT, f)]).status === 0)]);
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
    writeFileSync(join(repo, ".pre-commit-config.yaml"), snippet.replace(/repo: \S+/, `repo: ${hook}`).replace(/rev: \S+/, `rev: ${rev}`));
    const env = { ...process.env, PRE_COMMIT_HOME: join(base, "cache"), GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
    execFileSync("pre-commit", ["install"], { cwd: repo, env });

    writeFileSync(join(repo, "stack.yaml"), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    git(repo, "add", ".");
    const clean = spawnSync("git", ["commit", "-qm", "clean"], { cwd: repo, env, encoding: "utf8", timeout: 600_000 });
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);

    writeFileSync(
      join(repo, "db.yaml"),
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      MasterUsername: admin\n      MasterUserPassword: Tr0ub4dor-and-3\n',
    );
    git(repo, "add", "db.yaml");
    const blocked = spawnSync("git", ["commit", "-qm", "password"], { cwd: repo, env, encoding: "utf8", timeout: 600_000 });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain("hardcoded-credential");
    expect(blocked.stdout + blocked.stderr).not.toContain("Tr0ub4dor-and-3");
  }, 900_000);
});

/**
 * Repositories for the report-set-and-context tests: a copy of a fixture folder as a committed git repository, and
 * what a scan of the whole repository reports for one file of it.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { cli, git, ROOT, type JsonReport } from "./cli.js";

/** Every folder of examples and fixtures with a finding that depends on another file (a rotation, a key policy, a role, a handler, a trail elsewhere). */
export const CROSS_FILE_SETS = [
  "examples",
  "test/fixtures/context/terraform",
  "test/fixtures/context/cloudformation",
  "test/fixtures/project",
  "test/fixtures/access",
];

/** Copies of fixture folders as committed repositories, removed after the calling test file. */
export function committedRepos(): (fixture: string) => string {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })), 120_000);
  return (fixture) => {
    const dir = mkdtempSync(join(tmpdir(), "secretwarden-context-"));
    made.push(dir);
    cpSync(join(ROOT, fixture), dir, { recursive: true });
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "fixture");
    return dir;
  };
}

export const SCAN_JSON = ["--format", "json", "--fail-on", "none", "--no-progress"];

/** The JSON report of a scan of the whole repository, from its root. */
export function wholeScan(repo: string): JsonReport {
  const run = cli(SCAN_JSON, { cwd: repo });
  if (run.status !== 0) throw new Error(`whole scan of ${repo} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as JsonReport;
}

/** The tracked files of a repository, as the scan names them from its root. */
export const trackedFiles = (repo: string): string[] =>
  git(repo, "ls-files", "-z")
    .split("\0")
    .filter((name) => name !== "");

export const findingsIn = (report: JsonReport, file: string): JsonReport["findings"] =>
  report.findings.filter((finding) => finding.file === file);

/**
 * Runs `check` while `file` is the only staged change: it is dropped from the last commit, then added back to the index
 * (the work tree keeps it all along), and committed again afterwards.
 */
export function withOnlyStaged<T>(repo: string, file: string, check: () => T): T {
  git(repo, "rm", "--cached", "-q", "--", file);
  git(repo, "commit", "-qm", `drop ${file}`);
  git(repo, "add", "--", file);
  try {
    return check();
  } finally {
    git(repo, "commit", "-qm", `back ${file}`);
  }
}

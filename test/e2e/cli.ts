import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI exactly as a user would: a separate node process, in a chosen directory. */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    ...options.env,
  };
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function json(run: CliRun): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

export interface JsonReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    resource?: string;
    fingerprint: string;
    kind?: string;
    confidence?: "high" | "medium" | "low";
  }[];
  errors: { file: string; line?: number; column?: number; message: string }[];
  skipped: { file: string; reason: string; message: string }[];
  summary: {
    filesScanned: number;
    filesFailed: number;
    filesSkipped: number;
    errors: number;
    findings: Record<string, number>;
  };
}

/** `file line:column-endLine:endColumn ruleId resource`, one string per finding: easy to read in a failing diff. */
export const where = (report: JsonReport): string[] =>
  report.findings.map(
    (f) => `${f.file} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.resource ?? "-"}`,
  );

/**
 * A maker of temporary repositories holding the given files, all removed after the calling test file. Call it at
 * the top level of a test file (it registers an `afterAll`).
 */
export function temporaryRepos(prefix: string): (files: Record<string, string>) => string {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  return (files) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  };
}

/** git in `cwd` with a throwaway identity and no signing, whatever the machine's configuration. */
export const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
  });

/** A template with one secret and nothing else: the audit, key and rotation findings of the secret. */
export const SECRET_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppSecret:
    Type: AWS::SecretsManager::Secret
`;

/** A template whose database has a hardcoded master password. */
export const PASSWORD_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      MasterUsername: admin
      MasterUserPassword: Tr0ub4dor-and-3
`;

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { SourceFile } from "../../src/core/positioned.js";
import { loadDocumentFile, type FileLoad } from "../../src/parsers/load.js";
import { syntaxOf } from "../../src/scan/formats.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the system temp dir holding `files` (relative path -> text or bytes); removed after the suite. */
export function tree(files: Record<string, string | Buffer>, prefix = "sw-reliability-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** Wall milliseconds of a synchronous or asynchronous call, with its result. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/**
 * One file through the per-file part of the pipeline (parse, model) exactly as `scan` calls it: by name and text.
 * Returns what `scan` would keep: entities, or an error entry. Anything thrown here would be a crash of the scan's
 * per-file step (scan catches it as an "internal error", so it is a bug of ours either way).
 */
export async function loadOne(path: string, text: string): Promise<FileLoad | undefined> {
  const syntax = syntaxOf(path, text);
  if (!syntax) return undefined;
  return loadDocumentFile(new SourceFile(path, text), syntax);
}

/** Whether `unshare -rn` works here (a user and network namespace without privileges). */
export function canUnshare(): boolean {
  const probe = spawnSync("unshare", ["-rn", "true"], { stdio: "ignore" });
  return probe.status === 0;
}

export const CFN_HEADER = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';

/** A template with one hardcoded password and one secret without rotation: two findings at known places. */
export const GOOD_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUsername: admin
      MasterUserPassword: Zq8vRt2mXk9pLw4s
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/api
`;

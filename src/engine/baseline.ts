/**
 * Baselines: `--write-baseline FILE` records the current findings by fingerprint (content-based: rule, file, resource
 * and the node's path in its document, never a line number); `--baseline FILE` then reports only findings that are not
 * in it, and lists the entries that no finding matches any more.
 */
import { readFile, writeFile } from "node:fs/promises";
import type { BaselineEntry, BaselineStatus, Finding, SuppressedFinding } from "./types.js";

export const BASELINE_VERSION = 1;

export interface BaselineFile {
  /** Bumped only if the fingerprint algorithm changes. */
  version: typeof BASELINE_VERSION;
  tool: "secretwarden";
  findings: BaselineEntry[];
}

export class BaselineError extends Error {
  override name = "BaselineError";
}

const order = (a: BaselineEntry, b: BaselineEntry): number =>
  a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint) || a.message.localeCompare(b.message);

export function toBaseline(findings: readonly Finding[]): BaselineFile {
  const entries = findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, ...(f.resource !== undefined ? { resource: f.resource } : {}), message: f.message }));
  return { version: BASELINE_VERSION, tool: "secretwarden", findings: entries.sort(order) };
}

export async function writeBaseline(path: string, findings: readonly Finding[]): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(toBaseline(findings), null, 2)}\n`);
  } catch (error) {
    throw new BaselineError(`cannot write the baseline ${path}: ${(error as Error).message}`);
  }
}

export async function readBaseline(path: string): Promise<BaselineFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`the baseline ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const file = data as Partial<BaselineFile>;
  const valid =
    typeof data === "object" && data !== null && file.version === BASELINE_VERSION && Array.isArray(file.findings) &&
    file.findings.every((e) => typeof e === "object" && e !== null && typeof e.fingerprint === "string" && typeof e.ruleId === "string" && typeof e.file === "string");
  if (!valid) throw new BaselineError(`the baseline ${path} is not a secretwarden baseline (version ${BASELINE_VERSION}); write it with --write-baseline`);
  return file as BaselineFile;
}

/**
 * Splits findings into new ones and those the baseline knows. Matching counts: a baseline entry matches one finding,
 * so a second identical finding is new.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: BaselineFile,
  file: string,
): { findings: Finding[]; suppressed: SuppressedFinding[]; status: BaselineStatus } {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) remaining.set(entry.fingerprint, [...(remaining.get(entry.fingerprint) ?? []), entry]);
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const entries = remaining.get(finding.fingerprint);
    if (entries && entries.length > 0) {
      entries.shift();
      suppressed.push({ ...finding, suppression: { kind: "baseline", reason: `recorded in the baseline ${file}` } });
    } else kept.push(finding);
  }
  const stale = [...remaining.values()].flat().sort(order);
  return { findings: kept, suppressed, status: { file, matched: suppressed.length, stale } };
}

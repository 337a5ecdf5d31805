/**
 * Baselines: `--write-baseline FILE` records the current findings by fingerprint (content-based: rule, file, resource
 * and the node's path in its document, never a line number); `--baseline FILE` then reports only findings that are not
 * in it, and lists the entries that no finding matches any more.
 */
import { readFile, writeFile } from "node:fs/promises";
import type { BaselineEntry, BaselineStatus, SuppressedFinding } from "./types.js";
import type { Finding } from "../core/finding.js";

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
  a.file.localeCompare(b.file) ||
  a.ruleId.localeCompare(b.ruleId) ||
  a.fingerprint.localeCompare(b.fingerprint) ||
  a.message.localeCompare(b.message);

export function toBaseline(findings: readonly Finding[]): BaselineFile {
  const entries = findings.map((f) => ({
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    file: f.file,
    ...(f.resource !== undefined ? { resource: f.resource } : {}),
    message: f.message,
  }));
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
  } catch {
    // Not `error.message`: JSON.parse quotes the text it stopped at, and a file passed here by mistake may be a
    // credentials file. The kind of error and its position come from the JSON parser the scan uses.
    throw new BaselineError(`the baseline ${path} is not valid JSON: ${await jsonErrorAt(text)}`);
  }
  const file = data as Partial<BaselineFile>;
  const valid =
    typeof data === "object" &&
    data !== null &&
    file.version === BASELINE_VERSION &&
    Array.isArray(file.findings) &&
    file.findings.every(
      (e) =>
        typeof e === "object" &&
        e !== null &&
        typeof e.fingerprint === "string" &&
        typeof e.ruleId === "string" &&
        typeof e.file === "string",
    );
  if (!valid)
    throw new BaselineError(
      `the baseline ${path} is not a secretwarden baseline (version ${BASELINE_VERSION}); write it with --write-baseline`,
    );
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
  for (const entry of baseline.findings)
    remaining.set(entry.fingerprint, [...(remaining.get(entry.fingerprint) ?? []), entry]);
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

/** The first syntax error of a text `JSON.parse` rejects, as its kind and position: "value expected at line 1, column 1". */
async function jsonErrorAt(text: string): Promise<string> {
  const { parse, printParseErrorCode } = await import("jsonc-parser");
  const errors: import("jsonc-parser").ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  // jsonc-parser accepts a few texts JSON.parse refuses (a byte order mark): say so without quoting anything.
  if (!first) return "not readable as strict JSON";
  const before = text.slice(0, first.offset);
  const line = before.split("\n").length;
  const column = first.offset - (before.lastIndexOf("\n") + 1) + 1;
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return `${what} at line ${line}, column ${column}`;
}

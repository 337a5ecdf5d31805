/**
 * JSON reporter: a stable, versioned, machine-readable report (schema in ./report.schema.json).
 * Objects are built field by field so the key order is part of the contract, independent of how
 * the engine happens to construct its own objects.
 */
import { ruleHelpUri } from "./rule-docs.js";
import type { BaselineStatus, ScanError, ScanResult, SkippedFile, SuppressedFinding } from "../engine/types.js";
import type { Finding, Severity } from "../core/finding.js";
import { jsonChunks } from "./json-chunks.js";

/** Bump only on a breaking change of the report shape; consumers branch on it. */
export const JSON_REPORT_SCHEMA_VERSION = 1;

/** The report's entries have the engine's fields, in an order the reporter fixes, and the rule's documentation. */
export type JsonFinding = Finding & { helpUri: string };
export type JsonError = ScanError;
export type JsonSkipped = SkippedFile;

export interface JsonReport {
  schemaVersion: typeof JSON_REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /**
   * The project root (the git work tree, `--root`, or the current directory) relative to the current directory, with
   * forward slashes: SARIF paths are relative to it, `file` paths are not. Present when the CLI writes the report.
   */
  root?: string;
  findings: JsonFinding[];
  errors: JsonError[];
  /** Files read the way CloudFormation reads them rather than as YAML 1.2 does (duplicate keys, lenient indentation). */
  warnings?: JsonError[];
  skipped: JsonSkipped[];
  /** Findings suppressed inline, by CloudFormation Metadata or by the baseline: not counted, not failing. */
  suppressed?: (JsonFinding & { suppression: SuppressedFinding["suppression"] })[];
  baseline?: BaselineStatus;
  diffBase?: ScanResult["diffBase"];
  summary: {
    /** Files read and parsed without an error entry. */
    filesScanned: number;
    /** Files read that ended with an error entry (parse error, time budget). */
    filesFailed: number;
    filesSkipped: number;
    errors: number;
    findings: Record<Severity, number>;
    suppressed?: number;
    /** Third-party folders (`node_modules`, `vendor`, installed packages) not read; present when there were some. */
    thirdPartyFolders?: number;
    belowMinConfidence?: number;
  };
}

export interface JsonOptions {
  /** The project root relative to the current directory (see `JsonReport.root`). */
  root?: string;
}

/** The JSON report in pieces, for writing a report too big for one string (see `json-chunks.ts`). */
export function streamJson(result: ScanResult, options: JsonOptions = {}): Iterable<string> {
  return jsonChunks(buildJsonReport(result, options));
}

export function formatJson(result: ScanResult, options: JsonOptions = {}): string {
  return `${JSON.stringify(buildJsonReport(result, options), null, 2)}\n`;
}

export function buildJsonReport(result: ScanResult, options: JsonOptions = {}): JsonReport {
  return {
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: { name: result.tool.name, version: result.tool.version },
    ...(options.root !== undefined ? { root: options.root } : {}),
    // The engine already sorted findings; re-sorting here would make two sources of truth.
    findings: result.findings.map(toJsonFinding),
    errors: result.errors.map(toJsonError),
    // Present only when there is one, so that other reports keep their 0.1 shape.
    ...(result.warnings?.length ? { warnings: result.warnings.map(toJsonError) } : {}),
    skipped: result.skipped.map(toJsonSkipped),
    // Present only when something was suppressed, so that reports without suppressions keep their 0.1 shape.
    ...(result.suppressed?.length
      ? {
          suppressed: result.suppressed.map((f) => ({
            ...toJsonFinding(f),
            suppression: { kind: f.suppression.kind, reason: f.suppression.reason },
          })),
        }
      : {}),
    ...(result.baseline
      ? {
          baseline: {
            file: result.baseline.file,
            matched: result.baseline.matched,
            stale: result.baseline.stale.map((e) => ({
              fingerprint: e.fingerprint,
              ruleId: e.ruleId,
              file: e.file,
              ...(e.resource !== undefined ? { resource: e.resource } : {}),
              message: e.message,
            })),
          },
        }
      : {}),
    ...(result.diffBase
      ? {
          diffBase: {
            ref: result.diffBase.ref,
            unchanged: result.diffBase.unchanged,
            ...(result.diffBase.broadened ? { broadened: result.diffBase.broadened } : {}),
          },
        }
      : {}),
    summary: {
      filesScanned: result.filesScanned,
      filesFailed: result.filesFailed ?? 0,
      filesSkipped: result.skipped.length,
      errors: result.errors.length,
      findings: countBySeverity(result.findings),
      ...(result.suppressed?.length ? { suppressed: result.suppressed.length } : {}),
      ...(result.thirdPartyFolders?.length ? { thirdPartyFolders: result.thirdPartyFolders.length } : {}),
      ...(result.belowMinConfidence ? { belowMinConfidence: result.belowMinConfidence.count } : {}),
    },
  };
}

function toJsonFinding(finding: Finding): JsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    // Omitted rather than null, and spread in place so the key order stays as documented.
    ...(finding.resource !== undefined ? { resource: finding.resource } : {}),
    ...(finding.kind !== undefined ? { kind: finding.kind } : {}),
    ...(finding.confidence !== undefined ? { confidence: finding.confidence } : {}),
    fingerprint: finding.fingerprint,
    // The same page as SARIF's helpUri: a reader of the report (or a bot commenting on a pull request) can link it.
    helpUri: ruleHelpUri(finding.ruleId),
  };
}

function toJsonError(error: ScanError): JsonError {
  return {
    file: error.file,
    ...(error.line !== undefined ? { line: error.line } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
    message: error.message,
  };
}

function toJsonSkipped(skipped: SkippedFile): JsonSkipped {
  return { file: skipped.file, reason: skipped.reason, message: skipped.message };
}

/** Always has all three keys, in severity order, so the summary shape never varies. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

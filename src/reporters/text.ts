/**
 * Human-readable reporter, laid out like ESLint's "stylish" formatter: one block per file, then a
 * one-line summary.
 */
import { SEVERITIES, type Finding, type Severity } from "../core/finding.js";
import { ruleHelpUri } from "./rule-docs.js";
import type { PolicyBroadening, ScanError, ScanResult, SkippedFile } from "../engine/types.js";
import { printable } from "../knowledge/printable.js";

export interface TextOptions {
  color: boolean;
  /** Quiet mode: findings below this severity are not printed, nor is the skipped-file list. */
  minSeverity?: Severity;
}

/**
 * Minimum widths keep short groups aligned with each other in the common case ("999:9", "warning");
 * a group with longer positions widens its own column only.
 */
const MIN_POSITION_WIDTH = 5;
const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((severity) => severity.length));
const GAP = "  ";
const INDENT = "  ";
const PARSE_ERROR_MARKER = "(parse error)";
const LENIENT_READ_MARKER = "(read leniently)";
/** Messages up to this long are padded so that the rule ids after them form a column; longer ones are not. */
const MAX_ALIGNED_MESSAGE = 100;
/**
 * Skipped files are listed one a line up to this many; past it they are counted by reason (140,000 binary files once
 * made a report too long for one string, and the real finding was lost with it). The JSON and SARIF reports list each.
 */
export const MAX_LISTED_SKIPS = 100;

export function formatText(result: ScanResult, options: TextOptions): string {
  const paint = painter(options.color);
  const findings = visibleFindings(result.findings, options.minSeverity);
  const warnings = options.minSeverity === undefined || options.minSeverity !== "error" ? (result.warnings ?? []) : [];
  const blocks = groupByFile(findings, result.errors, warnings).map((group) => formatGroup(group, paint));
  if (options.minSeverity === undefined && result.skipped.length > 0) {
    blocks.push(formatSkipped(result.skipped, paint));
  }
  if (options.minSeverity === undefined && result.baseline && result.baseline.stale.length > 0) {
    const stale = result.baseline.stale;
    blocks.push(
      [
        `${plural(stale.length, "baseline entry", "baseline entries")} of ${result.baseline.file} no longer match a finding (fixed, or changed); write the baseline again to drop them:`,
        ...stale.map(
          (entry) =>
            `${INDENT}${printable(entry.file)}${entry.resource ? ` ${printable(entry.resource)}` : ""}  ${entry.ruleId}  ${printable(entry.message)}`,
        ),
      ].join("\n"),
    );
  }
  const broadened = result.diffBase?.broadened ?? [];
  if (options.minSeverity === undefined && broadened.length > 0) {
    blocks.push(
      [
        `Policies this change broadens (relative to ${result.diffBase?.ref}):`,
        ...broadened.map((b) => {
          const added = [
            ...(b.principals.length ? [`principals ${b.principals.join(", ")}`] : []),
            ...(b.actions.length
              ? [`actions ${b.actions.map((action) => actionText(action, b.actionWildcards)).join(", ")}`]
              : []),
            ...(b.resources.length ? [`resources ${b.resources.join(", ")}`] : []),
          ];
          return `${INDENT}${printable(b.file)}:${b.line} ${b.resource} (${b.policyType}${b.newPolicy ? ", new" : ""}): ${added.join("; ")}`;
        }),
      ].join("\n"),
    );
  }
  if (findings.length > 0) blocks.push(formatRuleDocs(findings, paint));
  blocks.push(summaryLine(result, findings));
  return `${blocks.join("\n\n")}\n`;
}

/** `secretsmanager:* (adds 22 actions, 9 sensitive: secretsmanager:BatchGetSecretValue, ... and 6 more)`. */
function actionText(action: string, wildcards: PolicyBroadening["actionWildcards"]): string {
  const wildcard = wildcards?.find((w) => w.action === action);
  if (!wildcard) return action;
  const shown = wildcard.sensitive.slice(0, 3);
  const more = wildcard.sensitive.length - shown.length;
  const sensitive = wildcard.sensitive.length
    ? `, ${wildcard.sensitive.length} sensitive: ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`
    : "";
  return `${action} (adds ${wildcard.adds} action${wildcard.adds === 1 ? "" : "s"}${sensitive})`;
}

/**
 * Quiet mode drops findings before anything is counted, like `eslint --quiet`: the summary then
 * describes what was printed. Parse errors are never hidden.
 */
function visibleFindings(findings: readonly Finding[], minSeverity: Severity | undefined): Finding[] {
  if (minSeverity === undefined) return [...findings];
  const limit = SEVERITIES.indexOf(minSeverity);
  return findings.filter((finding) => SEVERITIES.indexOf(finding.severity) <= limit);
}

// ---------------------------------------------------------------------------------------------
// Grouping

interface Row {
  line: number;
  column: number;
  position: string;
  severity: Severity;
  message: string;
  ruleId: string;
}

interface FileGroup {
  file: string;
  rows: Row[];
}

/** Files appear in the order of their first finding, then files that only have parse errors. */
function groupByFile(
  findings: readonly Finding[],
  errors: readonly ScanError[],
  warnings: readonly ScanError[],
): FileGroup[] {
  const groups = new Map<string, Row[]>();
  const rowsOf = (file: string): Row[] => {
    let rows = groups.get(file);
    if (rows === undefined) {
      rows = [];
      groups.set(file, rows);
    }
    return rows;
  };
  for (const finding of findings) rowsOf(finding.file).push(findingRow(finding));
  for (const error of errors) rowsOf(error.file).push(errorRow(error));
  for (const warning of warnings)
    rowsOf(warning.file).push({ ...errorRow(warning), severity: "warning", ruleId: LENIENT_READ_MARKER });
  // Array.prototype.sort is stable: equal positions keep the engine's order, findings before errors.
  return [...groups].map(([file, rows]) => ({
    file,
    rows: rows.sort((a, b) => a.line - b.line || a.column - b.column),
  }));
}

function findingRow(finding: Finding): Row {
  return {
    line: finding.line,
    column: finding.column,
    position: `${finding.line}:${finding.column}`,
    severity: finding.severity,
    // Credential findings say how sure they are, so that a reader weighs a word-like value under `API_TOKEN` rightly.
    message:
      singleLine(finding.message) + (finding.confidence !== undefined ? ` (${finding.confidence} confidence)` : ""),
    ruleId: finding.ruleId,
  };
}

/** An error without a line is about the whole file, so it sorts first and shows no position. */
function errorRow(error: ScanError): Row {
  const line = error.line ?? 0;
  const column = error.column ?? 0;
  let position = "";
  if (error.line !== undefined) position = error.column !== undefined ? `${line}:${column}` : `${line}`;
  return { line, column, position, severity: "error", message: singleLine(error.message), ruleId: PARSE_ERROR_MARKER };
}

/**
 * Parser messages can carry a multi-line code frame; only the first line fits a table row. What is left is escaped:
 * a message may quote a key or a file name holding control characters.
 */
function singleLine(message: string): string {
  return printable((message.split(/\r?\n/, 1)[0] ?? "").trimEnd());
}

// ---------------------------------------------------------------------------------------------
// Layout

function formatGroup(group: FileGroup, paint: Painter): string {
  // Loops, not `Math.max(...rows)`: a file can have more findings than a call takes arguments.
  let positionWidth = MIN_POSITION_WIDTH;
  // Rule ids line up after the messages, but a few long messages must not push every id off the screen.
  let messageWidth = 0;
  for (const row of group.rows) {
    positionWidth = Math.max(positionWidth, row.position.length);
    if (row.message.length <= MAX_ALIGNED_MESSAGE) messageWidth = Math.max(messageWidth, row.message.length);
  }
  const lines = group.rows.map(
    (row) =>
      INDENT +
      padded(row.position, positionWidth, paint.dim) +
      GAP +
      padded(row.severity, SEVERITY_WIDTH, paint[row.severity]) +
      GAP +
      padded(row.message, messageWidth, plain) +
      GAP +
      paint.dim(row.ruleId),
  );
  return [paint.underline(printable(group.file)), ...lines].join("\n");
}

/**
 * Each rule id that a printed finding names, with the page that explains it and how to fix it (the SARIF helpUri), in
 * the order of first appearance: a row's rule id leads to its line here.
 */
function formatRuleDocs(findings: readonly Finding[], paint: Painter): string {
  const ids = [...new Set(findings.map((finding) => finding.ruleId))];
  let idWidth = 0;
  for (const id of ids) idWidth = Math.max(idWidth, id.length);
  return [
    "Rule documentation:",
    ...ids.map((id) => INDENT + padded(id, idWidth, paint.dim) + GAP + ruleHelpUri(id)),
  ].join("\n");
}

function formatSkipped(skipped: readonly SkippedFile[], paint: Painter): string {
  if (skipped.length > MAX_LISTED_SKIPS) return skipsByReason(skipped, paint);
  const files = skipped.map((entry) => printable(entry.file));
  let fileWidth = 0;
  for (const file of files) fileWidth = Math.max(fileWidth, file.length);
  return skipped
    .map(
      (entry, i) =>
        paint.dim("skipped") + GAP + padded(files[i] as string, fileWidth, plain) + GAP + singleLine(entry.message),
    )
    .join("\n");
}

/** `skipped  140000 files: binary (first: assets/a.yaml)`, one line per reason, in order of first appearance. */
function skipsByReason(skipped: readonly SkippedFile[], paint: Painter): string {
  const reasons = new Map<SkippedFile["reason"], { count: number; first: string }>();
  for (const entry of skipped) {
    const seen = reasons.get(entry.reason);
    if (seen) seen.count++;
    else reasons.set(entry.reason, { count: 1, first: entry.file });
  }
  const lines = [...reasons].map(
    ([reason, { count, first }]) =>
      `${paint.dim("skipped")}${GAP}${plural(count, "file")}: ${reason} (first: ${printable(first)})`,
  );
  lines.push(
    `${paint.dim("skipped")}${GAP}(${skipped.length} files, more than ${MAX_LISTED_SKIPS}: counted by reason; the JSON and SARIF reports list each)`,
  );
  return lines.join("\n");
}

/** Pads outside the escape codes so that widths are measured on visible characters only. */
function padded(text: string, width: number, style: Style): string {
  return style(text) + " ".repeat(Math.max(0, width - text.length));
}

// ---------------------------------------------------------------------------------------------
// Summary

function summaryLine(result: ScanResult, findings: readonly Finding[]): string {
  const unparsable = new Set(result.errors.map((error) => error.file)).size;
  const tail = [
    ...(unparsable > 0 ? [`${plural(unparsable, "file")} could not be parsed`] : []),
    ...(result.skipped.length > 0 ? [`${plural(result.skipped.length, "file")} skipped`] : []),
    ...(result.thirdPartyFolders?.length
      ? [`${plural(result.thirdPartyFolders.length, "third-party folder")} not read`]
      : []),
    ...suppressedTail(result),
    ...(result.belowMinConfidence
      ? [
          `${plural(result.belowMinConfidence.count, "finding")} below ${result.belowMinConfidence.minConfidence} confidence not shown`,
        ]
      : []),
    ...(result.diffBase
      ? [`${plural(result.diffBase.unchanged, "finding")} already in ${result.diffBase.ref} not shown`]
      : []),
  ];
  const scanned = `${plural(result.filesScanned, "file")} scanned`;
  if (findings.length === 0 && unparsable === 0) return `${[`No findings in ${scanned}`, ...tail].join("; ")}.`;
  const counts = SEVERITIES.map((severity) =>
    plural(findings.filter((finding) => finding.severity === severity).length, severity),
  );
  return [`${plural(findings.length, "finding")} (${counts.join(", ")}) in ${scanned}`, ...tail].join("; ");
}

function suppressedTail(result: ScanResult): string[] {
  const suppressed = result.suppressed ?? [];
  const inBaseline = suppressed.filter((f) => f.suppression.kind === "baseline").length;
  const other = suppressed.length - inBaseline;
  return [...(other > 0 ? [`${other} suppressed`] : []), ...(inBaseline > 0 ? [`${inBaseline} in the baseline`] : [])];
}

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

// ---------------------------------------------------------------------------------------------
// Colour: a handful of SGR codes, written out because util.styleText is missing from early Node 20.

type Style = (text: string) => string;
type Painter = Record<Severity | "dim" | "underline", Style>;

const plain: Style = (text) => text;

function sgr(open: number, close: number): Style {
  return (text) => (text.length === 0 ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

function painter(color: boolean): Painter {
  if (!color) return { error: plain, warning: plain, note: plain, dim: plain, underline: plain };
  return {
    error: sgr(31, 39),
    warning: sgr(33, 39),
    note: sgr(36, 39),
    dim: sgr(2, 22),
    underline: sgr(4, 24),
  };
}

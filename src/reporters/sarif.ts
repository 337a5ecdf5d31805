/**
 * SARIF 2.1.0 reporter, shaped for GitHub code scanning (upload-sarif) as well as generic viewers.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  Artifact,
  ArtifactLocation,
  Location,
  Log,
  Notification,
  Region,
  ReportingDescriptor,
  Result,
  Run,
} from "sarif";
import { INFORMATION_URI, ruleHelpUri } from "./rule-docs.js";
import { SEVERITY_RANK, type Confidence, type Finding } from "../core/finding.js";
import type { RuleMeta } from "../core/rule.js";
import type { ScanError, ScanResult, SkippedFile, SuppressedFinding } from "../engine/types.js";

export interface SarifOptions {
  /**
   * Absolute directory that URIs are relative to (the git work tree root, `--root`, or the current directory outside
   * git); becomes `originalUriBaseIds["%SRCROOT%"]` when given. GitHub code scanning matches alerts between runs by
   * path, so the paths must not depend on where the scan was started.
   */
  repositoryRoot?: string;
  /**
   * Absolute directory the findings' `file` paths are relative to (the current directory). When given with
   * `repositoryRoot`, paths are rewritten to be relative to the root; otherwise they are taken as relative to it.
   */
  cwd?: string;
  /** `--sarif-category`: `automationDetails.id` is `<category>/`, so that two uploads for one commit do not replace each other. */
  category?: string;
  /** Why the run failed (exit 2: nothing could be scanned): `executionSuccessful` is then false, with this as a notification. */
  failure?: string;
}

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export { INFORMATION_URI, ruleHelpUri };
export const SRCROOT = "%SRCROOT%";
/** Versioned key: if the fingerprint algorithm ever changes, a new key keeps old alerts from being remapped wrongly. */
export const FINGERPRINT_KEY = "secretwarden/v1";

/**
 * GitHub code scanning rejects a run with more than 25,000 results ("Results per run: 25,000",
 * https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit;
 * it then displays only the top 5,000 by severity). Truncating ourselves keeps the upload accepted.
 */
export const MAX_RESULTS_PER_RUN = 25_000;

/**
 * SARIF `result.rank` (SARIF 2.1.0 §3.27.24: 0.0 to 100.0, higher is more important; absent means -1, "no rank")
 * from a credential finding's confidence. Findings without a confidence carry no rank: their rule's level says it all.
 */
export const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { high: 90, medium: 60, low: 30 };

export function formatSarif(result: ScanResult, options: SarifOptions): string {
  return `${JSON.stringify(buildSarifLog(result, options), null, 2)}\n`;
}

export function buildSarifLog(result: ScanResult, options: SarifOptions): Log {
  // Suppressed findings are carried as results with `suppressions` (GitHub shows them as dismissed), after the active ones.
  const all: Finding[] = [...result.findings, ...(result.suppressed ?? [])];
  const { kept, dropped } = capResults(all, MAX_RESULTS_PER_RUN);
  const locate = artifactLocator(options);
  const artifacts = new ArtifactIndex(locate);
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  const results = kept.map((finding) => toResult(finding, ruleIndex, artifacts));

  const run: Run = {
    tool: {
      driver: {
        name: "secretwarden",
        semanticVersion: result.tool.version,
        version: result.tool.version,
        informationUri: INFORMATION_URI,
        rules: result.rules.map(toReportingDescriptor),
      },
    },
    automationDetails: { id: automationId(options.category) },
    ...(options.repositoryRoot !== undefined
      ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.repositoryRoot) } } }
      : {}),
    artifacts: artifacts.list(),
    columnKind: "utf16CodeUnits",
    invocations: [
      {
        // A file that does not parse is reported, not a failed run: the other files were still analysed. A run that
        // analysed nothing (exit 2) is a failed run, or the upload would show a green analysis over no files.
        executionSuccessful: options.failure === undefined,
        // The counts of the JSON report's summary: files parsed, files that ended with an error entry, files skipped.
        properties: {
          filesScanned: result.filesScanned,
          filesFailed: result.filesFailed ?? 0,
          filesSkipped: result.skipped.length,
        },
        toolExecutionNotifications: [
          ...(options.failure !== undefined ? [failureNotification(options.failure)] : []),
          ...result.errors.map((error) => parseErrorNotification(error, locate)),
          ...(result.warnings ?? []).map((warning) => readingWarningNotification(warning, locate)),
          ...result.skipped.map((skipped) => skippedNotification(skipped, locate)),
          ...(dropped > 0 ? [truncationNotification(dropped, result.findings.length)] : []),
        ],
      },
    ],
    results,
  };
  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
}

/** GitHub's upload-sarif reads the category as everything before the id's last "/". */
function automationId(category: string | undefined): string {
  if (category === undefined) return "secretwarden/";
  return category.endsWith("/") ? category : `${category}/`;
}

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * Tags naming a kind of finding that is not a security weakness: such a rule gets no "security" tag and no
 * security-severity, so GitHub lists its alerts apart from the security ones instead of rating them.
 */
const NOT_SECURITY_TAGS: ReadonlySet<string> = new Set(["maintainability", "performance"]);

export function isSecurityRule(rule: Pick<RuleMeta, "tags">): boolean {
  const tags = rule.tags ?? [];
  return tags.includes("security") || !tags.some((tag) => NOT_SECURITY_TAGS.has(tag));
}

/** "secret-without-rotation" -> "SecretWithoutRotation" (SARIF `name` is meant to be an identifier). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

function toReportingDescriptor(rule: RuleMeta): ReportingDescriptor {
  const helpUri = ruleHelpUri(rule.id);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.description },
    help: {
      text: `${rule.docs.description}\n\n${rule.docs.remediation}`,
      markdown:
        `**${rule.title}**\n\n${rule.docs.description}\n\n## Remediation\n\n${rule.docs.remediation}\n\n` +
        `[Documentation for ${rule.id}](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: rule.severity },
    properties: ruleProperties(rule),
  };
}

function ruleProperties(rule: RuleMeta): NonNullable<ReportingDescriptor["properties"]> {
  const security = isSecurityRule(rule);
  return {
    // GitHub reads this string (0.0-10.0) to bucket alerts into critical/high/medium/low: security rules only.
    ...(security ? { "security-severity": rule.securitySeverity.toFixed(1) } : {}),
    // RuleMeta.tags may already contain "security"; duplicates would be noise in the UI.
    tags: security ? [...new Set(["security", ...(rule.tags ?? [])])] : [...(rule.tags ?? [])],
    ...(rule.precision !== undefined ? { precision: rule.precision } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Results

function toResult(finding: Finding, ruleIndex: ReadonlyMap<string, number>, artifacts: ArtifactIndex): Result {
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    // Omitted rather than wrong when the engine reports a rule it did not list (a bug upstream).
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: finding.severity,
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { ...artifacts.locationOf(finding.file), index: artifacts.indexOf(finding.file) },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    ...(finding.confidence !== undefined ? { rank: CONFIDENCE_RANK[finding.confidence] } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...("suppression" in finding
      ? {
          suppressions: [
            {
              // A comment or template metadata is in the source; a baseline is kept outside it.
              kind:
                (finding as SuppressedFinding).suppression.kind === "baseline"
                  ? ("external" as const)
                  : ("inSource" as const),
              status: "accepted" as const,
              justification: (finding as SuppressedFinding).suppression.reason,
            },
          ],
        }
      : {}),
    ...(finding.resource !== undefined || finding.kind !== undefined || finding.confidence !== undefined
      ? {
          properties: {
            ...(finding.resource !== undefined ? { resource: finding.resource } : {}),
            ...(finding.kind !== undefined ? { kind: finding.kind } : {}),
            ...(finding.confidence !== undefined ? { confidence: finding.confidence } : {}),
          },
        }
      : {}),
  };
}

/**
 * Keeps the `limit` most severe findings (ties broken by the engine's order) and returns them in the
 * engine's order, so that what survives truncation is what GitHub would have prioritised anyway.
 */
export function capResults(findings: readonly Finding[], limit: number): { kept: Finding[]; dropped: number } {
  if (findings.length <= limit) return { kept: [...findings], dropped: 0 };
  const keep = findings
    // Suppressed findings are dropped first when the cap bites: GitHub would only show them as dismissed.
    .map((finding, position) => ({ rank: "suppression" in finding ? 0 : -SEVERITY_RANK[finding.severity], position }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .slice(0, limit)
    .map((entry) => entry.position)
    .sort((a, b) => a - b);
  const kept = keep.flatMap((position) => {
    const finding = findings[position];
    return finding === undefined ? [] : [finding];
  });
  return { kept, dropped: findings.length - kept.length };
}

// ---------------------------------------------------------------------------------------------
// Artifacts and URIs

/** `run.artifacts[]` in order of first appearance; results point into it by index. */
class ArtifactIndex {
  private readonly indices = new Map<string, number>();
  private readonly artifacts: Artifact[] = [];

  constructor(readonly locationOf: ArtifactLocator) {}

  indexOf(file: string): number {
    const known = this.indices.get(file);
    if (known !== undefined) return known;
    const index = this.artifacts.length;
    this.indices.set(file, index);
    this.artifacts.push({ location: this.locationOf(file) });
    return index;
  }

  list(): Artifact[] {
    return this.artifacts;
  }
}

/** A finding's `file` (relative to the current directory) as a SARIF artifact location. */
type ArtifactLocator = (file: string) => ArtifactLocation;

/**
 * Paths relative to the root, under `%SRCROOT%`, whatever directory the scan ran in and however the paths were
 * given (`cd infra && secretwarden` and `secretwarden infra` both give `infra/template.yaml`). A file outside the
 * root (a scanned path beside the repository) keeps an absolute `file:` URI: a `../` path would name a different
 * file for every root GitHub might resolve it against.
 */
function artifactLocator(options: SarifOptions): ArtifactLocator {
  const { repositoryRoot: root, cwd } = options;
  if (root === undefined || cwd === undefined) return (file) => ({ uri: relativeFileUri(file), uriBaseId: SRCROOT });
  return (file) => {
    const absolute = resolve(cwd, file);
    const fromRoot = relative(root, absolute);
    if (fromRoot === ".." || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot))
      return { uri: pathToFileURL(absolute).href };
    return { uri: relativeFileUri(fromRoot, sep), uriBaseId: SRCROOT };
  };
}

/**
 * A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `?`, `%`, `:` which would otherwise
 * make "c:x" look like a scheme, and `\` which is a character of the name on POSIX, not a separator) while the
 * separators become `/`. `separator` is the platform's: Windows paths also separate with `\`.
 */
export function relativeFileUri(file: string, separator = "/"): string {
  const segments = separator === "/" ? file.split("/") : file.split(/[\\/]/);
  return segments.map(encodeURIComponent).join("/");
}

/** SARIF requires base URIs to end with "/" or relative references would replace the last segment. */
function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith("/") ? href : `${href}/`;
}

// ---------------------------------------------------------------------------------------------
// Notifications

function failureNotification(reason: string): Notification {
  return { level: "error", message: { text: reason }, descriptor: { id: "nothing-scanned" } };
}

function parseErrorNotification(error: ScanError, locate: ArtifactLocator): Notification {
  return {
    level: "error",
    message: { text: error.message },
    locations: [notificationLocation(locate(error.file), errorRegion(error))],
    descriptor: { id: "parse-error" },
  };
}

function readingWarningNotification(warning: ScanError, locate: ArtifactLocator): Notification {
  return {
    level: "warning",
    message: { text: warning.message },
    locations: [notificationLocation(locate(warning.file), errorRegion(warning))],
    descriptor: { id: "lenient-read" },
  };
}

function errorRegion(error: ScanError): Region | undefined {
  if (error.line === undefined) return undefined;
  return {
    startLine: error.line,
    ...(error.column !== undefined ? { startColumn: error.column } : {}),
  };
}

function skippedNotification(skipped: SkippedFile, locate: ArtifactLocator): Notification {
  return {
    level: "note",
    message: { text: skipped.message },
    locations: [notificationLocation(locate(skipped.file), undefined)],
    descriptor: { id: "file-skipped" },
    properties: { reason: skipped.reason },
  };
}

function truncationNotification(dropped: number, total: number): Notification {
  return {
    level: "warning",
    message: {
      text:
        `${dropped} of ${total} results were dropped because GitHub code scanning accepts at most ` +
        `${MAX_RESULTS_PER_RUN} results per run; the least severe were dropped first.`,
    },
    descriptor: { id: "results-truncated" },
  };
}

function notificationLocation(artifactLocation: ArtifactLocation, region: Region | undefined): Location {
  return {
    physicalLocation: {
      artifactLocation,
      ...(region !== undefined ? { region } : {}),
    },
  };
}

/** What a rule's report becomes: the data that flows from the engine to the reporters, with its severity scale. */

export type Severity = "error" | "warning" | "note";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "note"];

/** Higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 1, warning: 2, error: 3 };

/**
 * How sure a credential finding is. `high`: a provider format with a valid checksum or an unmistakable structure;
 * `medium`: a secret-like name with a random-looking value (or any literal under a password name); `low`: a
 * secret-like name with a word-like value. Users choose the floor with `--min-confidence` (default `medium`).
 */
export type Confidence = "high" | "medium" | "low";

export const CONFIDENCES: readonly Confidence[] = ["low", "medium", "high"];

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to the current directory, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** CloudFormation logical ID or Terraform address, where there is one. */
  resource?: string;
  /** For credential findings: what the credential is (`aws-access-key`, `private-key`, `generic-password`...). */
  kind?: string;
  /** For credential findings: how sure the finding is (see `Confidence`). */
  confidence?: Confidence;
  /** Survives line shifts and reformatting: derived from rule, file, resource and the node's path, never a line. */
  fingerprint: string;
}

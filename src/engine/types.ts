/** The data that flows from the engine to the reporters. Reporters read only these types and rule metadata. */

export type Severity = "error" | "warning" | "note";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "note"];

/** Higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 1, warning: 2, error: 3 };

export type Platform = "cloudformation" | "terraform" | "policy" | "source";

export interface RuleMeta {
  /** kebab-case, equals the rule's folder name; stable API. */
  id: string;
  title: string;
  severity: Severity;
  /** GitHub code scanning's 0-10 scale. */
  securitySeverity: number;
  appliesTo: Platform[];
  messages: Record<string, string>;
  /** Similar checks in other tools, by tool name. */
  related?: Partial<Record<"checkov" | "kics" | "cfnNag" | "cdkNag" | "trivy" | "cfnLint", string[]>>;
  docs: {
    /** One paragraph: why this matters. SARIF `fullDescription`. */
    description: string;
    /** Markdown: how to fix it. Part of SARIF `help`. */
    remediation: string;
  };
  /** e.g. ["security", "CWE-326"]; "security" is always added by the SARIF reporter. */
  tags?: string[];
}

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
  /** Survives line shifts and reformatting: derived from rule, file, resource and the node's path, never a line. */
  fingerprint: string;
}

export interface ScanError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface SkippedFile {
  file: string;
  reason: "binary" | "too-large" | "unreadable";
  message: string;
}

export interface ScanResult {
  tool: { name: string; version: string };
  findings: Finding[];
  errors: ScanError[];
  skipped: SkippedFile[];
  filesScanned: number;
  /** Metadata of every rule that ran, in a stable order (for SARIF `rules[]`). */
  rules: RuleMeta[];
}

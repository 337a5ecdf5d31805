/** The data that flows from the engine to the reporters. Reporters read only these types and rule metadata. */
import type { Confidence } from "../knowledge/credential-patterns.js";

export type { Confidence };

export type Severity = "error" | "warning" | "note";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "note"];

/** Higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 1, warning: 2, error: 3 };

export type Platform = "cloudformation" | "terraform" | "policy" | "source";

export type RuleScope = "file" | "project";

export interface RuleMeta {
  /** kebab-case, equals the rule's folder name; stable API. */
  id: string;
  title: string;
  severity: Severity;
  /** GitHub code scanning's 0-10 scale. */
  securitySeverity: number;
  appliesTo: Platform[];
  /**
   * `file` (the default): the rule needs only the unit at hand (a template, a file, a Terraform module folder), so it
   * runs right after that unit is parsed, in a worker thread when the scan has a pool, and the unit's trees are then
   * dropped. `project`: it links across files or concludes about the whole project; it runs once over the merged
   * project, which holds every entity but, of the documents, only those of source files that read a secret
   * (`source.secretFetches` non-empty), with their `source` summary but its `literals` (`root` is an empty
   * placeholder).
   */
  scope?: RuleScope;
  messages: Record<string, string>;
  /** Similar checks in other tools, by tool name. */
  related?: Partial<Record<"checkov" | "kics" | "cfnNag" | "cdkNag" | "trivy" | "cfnLint", string[]>>;
  docs: {
    /** One paragraph: why this matters. SARIF `fullDescription`. */
    description: string;
    /** Markdown: how to fix it. Part of SARIF `help`. */
    remediation: string;
  };
  /**
   * e.g. ["CWE-326"]. The SARIF reporter adds "security" (and a security-severity) unless a tag names a category that
   * is not a security weakness: "maintainability" or "performance".
   */
  tags?: string[];
  /**
   * How often a finding of this rule is right, as measured (ACCURACY.md): SARIF `precision`, which GitHub code scanning
   * uses to order alerts. Absent: unknown, and SARIF says nothing.
   */
  precision?: RulePrecision;
}

/** SARIF's `precision` scale (the values CodeQL uses); "low" is for rules wrong often enough to be opt-in. */
export type RulePrecision = "very-high" | "high" | "medium" | "low";

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

export interface ScanError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface SkippedFile {
  file: string;
  reason: "binary" | "too-large" | "unreadable" | "outside-root" | "generated";
  message: string;
}

/** Why a finding is not counted: a comment or resource metadata with a reason, or an entry of the baseline. */
export interface Suppression {
  /** `inline`: a `secretwarden-ignore` comment; `metadata`: CloudFormation `Metadata.secretwarden.ignore`; `baseline`. */
  kind: "inline" | "metadata" | "baseline";
  reason: string;
}

export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

/** One finding recorded by `--write-baseline`. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  resource?: string;
  message: string;
}

export interface BaselineStatus {
  /** As given (`--baseline` or the configuration's `baseline`). */
  file: string;
  /** Findings that the baseline knows and that are therefore not reported. */
  matched: number;
  /** Baseline entries that no current finding matches: fixed, or changed beyond recognition. */
  stale: BaselineEntry[];
}

export interface ScanResult {
  tool: { name: string; version: string };
  findings: Finding[];
  errors: ScanError[];
  /** Files read, but not as YAML 1.2 or JSON would read them: duplicate keys, lenient indentation (CloudFormation's reading). */
  warnings?: ScanError[];
  skipped: SkippedFile[];
  /** Files read and parsed without an error entry. */
  filesScanned: number;
  /**
   * Files read that ended with an error entry (a parse error, the time budget): counted apart so that "N files
   * scanned" means what it says. Always set by `scan()`; absent (0) in results built by hand.
   */
  filesFailed?: number;
  /** Metadata of every rule that ran, in a stable order (for SARIF `rules[]`). */
  rules: RuleMeta[];
  /** Findings suppressed inline, by resource metadata or by the baseline: reported apart, never counted. */
  suppressed?: SuppressedFinding[];
  baseline?: BaselineStatus;
  /** Findings left out because their confidence is below `--min-confidence` (present only when some were). */
  belowMinConfidence?: { minConfidence: Confidence; count: number };
  /** `--diff-base`: the findings reported are those the base commit does not have; `unchanged` counts the others. */
  diffBase?: { ref: string; unchanged: number; broadened?: PolicyBroadening[] };
  /**
   * Third-party folders the walk did not enter (`node_modules`, `vendor`, installed Python packages...), relative
   * paths; absent when there were none.
   */
  thirdPartyFolders?: string[];
}

/** `--diff-base`: a policy whose Allow statements name principals, actions or resources the base did not cover. */
export interface PolicyBroadening {
  file: string;
  resource: string;
  policyType: string;
  line: number;
  /** The policy did not exist at the base. */
  newPolicy: boolean;
  principals: string[];
  actions: string[];
  resources: string[];
  /** For each new action wildcard the IAM catalogue expands: how many actions it adds, and the sensitive ones. */
  actionWildcards?: ActionWildcard[];
}

export interface ActionWildcard {
  action: string;
  /** Actions the wildcard allows that the base did not. */
  adds: number;
  /** The sensitive ones among them (`src/knowledge/sensitive-actions.ts`), in that list's order. */
  sensitive: string[];
}

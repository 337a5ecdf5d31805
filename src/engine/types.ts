/** The report the engine hands the reporters, around the findings of src/core/finding.ts. */
import type { Confidence, Finding } from "../core/finding.js";
import type { RuleMeta } from "../core/rule.js";

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

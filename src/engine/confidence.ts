/**
 * The confidence floor (`--min-confidence`, the configuration's `minConfidence`): one filter, applied by the scan
 * after inline suppressions and the baseline, before anything is reported.
 */
import { CONFIDENCES, type Confidence, type Finding } from "../core/finding.js";

export const DEFAULT_MIN_CONFIDENCE: Confidence = "medium";

/**
 * Whether a finding is shown under the floor. A finding without a confidence (everything but credential findings)
 * is never filtered: the floor is about how sure a detector is, not about a rule's question.
 */
export function meetsConfidence(finding: Pick<Finding, "confidence">, floor: Confidence): boolean {
  return finding.confidence === undefined || CONFIDENCES.indexOf(finding.confidence) >= CONFIDENCES.indexOf(floor);
}

/** The findings at or above the floor, and how many were below it. */
export function applyConfidenceFloor<F extends Pick<Finding, "confidence">>(
  findings: readonly F[],
  floor: Confidence,
): { kept: F[]; below: number } {
  const kept = findings.filter((finding) => meetsConfidence(finding, floor));
  return { kept, below: findings.length - kept.length };
}

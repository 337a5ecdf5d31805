/** Types of the functions scripts/accuracy.mjs exports for its test (test/scripts/accuracy.test.ts). */
export interface ScoreRow {
  key: string;
  positives: number;
  detected: number;
  recall: string;
  negatives: number;
  falsePositives: number;
  fpRate: string;
}
export interface Totals {
  positives: number;
  detected: number;
  recall: string;
  negatives: number;
  falsePositives: number;
  fpRate: string;
}
type Floor = "high" | "medium" | "low";
interface ReportFinding {
  ruleId: string;
  file: string;
  line: number;
  confidence?: Floor;
  [key: string]: unknown;
}
export const START_MARKER: string;
export const END_MARKER: string;
export const FLOORS: readonly { floor: Floor; label: string }[];
export function atFloor<R extends { findings?: ReportFinding[] }>(
  report: R,
  floor: Floor,
): R & { findings: ReportFinding[] };
export function parseScoreTable(text: string): ScoreRow[];
export function totals(rows: readonly ScoreRow[]): Totals;
export function percent(part: number, whole: number): string;
export function totalsLine(totals: Totals): string;
export function markdownTable(rows: readonly ScoreRow[], firstColumn: string): string;
export function secretlintReport(results: unknown): { findings: ReportFinding[] };
export function generatedSection(input: {
  iac: readonly ScoreRow[];
  secrets: readonly ScoreRow[];
  floors: readonly { floor: Floor; label: string; rows: readonly ScoreRow[] }[];
  secretlint: { version: string; rows: readonly ScoreRow[] } | { reason: string; rows?: undefined };
}): string;
export function replaceGenerated(document: string | undefined, section: string): string;

export { scan, type ScanOptions } from "./scan/scan.js";
export type { Finding, Severity } from "./core/finding.js";
export type { ScanError, ScanResult, SkippedFile } from "./engine/types.js";
export type { RuleMeta } from "./core/rule.js";
export { RULES } from "./rules/index.js";
export { formatJson } from "./reporters/json.js";
export { formatSarif } from "./reporters/sarif.js";
export { formatText } from "./reporters/text.js";
export { effectiveAccess, type AccessReport, type SecretAccess } from "./access/effective-access.js";

/**
 * Suppressions: `secretwarden-ignore` comments and CloudFormation `Metadata.secretwarden.ignore`. A suppression needs a
 * reason; one without a reason, or naming no rule, suppresses nothing and is reported; so is one that matches no
 * finding (ESLint's "unused disable directive").
 *
 *   # secretwarden-ignore hardcoded-credential: test fixture, never deployed
 *   Password: hunter2   # secretwarden-ignore hardcoded-credential: test fixture
 *   // secretwarden-ignore policy-wildcard-resource[secretsmanager:GetSecretValue], secret-without-rotation: reason
 *
 * A comment alone on its line applies to the next line that is not itself such a comment; at the end of a line, to
 * that line. It matches a finding that starts on that line. A sub-id in brackets narrows it to findings whose `kind`
 * is the sub-id or whose message names it.
 */
import type { Entity, MetadataSuppression } from "../model/entities.js";
import { didYouMean } from "../knowledge/did-you-mean.js";
import { fingerprint } from "./run.js";
import type { Finding } from "../core/finding.js";
import type { RuleMeta } from "../core/rule.js";
import type { SuppressedFinding } from "./types.js";

export const UNUSED_SUPPRESSION = "unused-suppression";
export const INVALID_SUPPRESSION = "invalid-suppression";

const EXAMPLE = "`# secretwarden-ignore hardcoded-credential: test fixture, never deployed`";

/** The engine's own checks of suppressions, listed in SARIF `rules[]` when they report something. */
export const SUPPRESSION_RULES: readonly RuleMeta[] = [
  {
    id: UNUSED_SUPPRESSION,
    title: "Suppression that suppresses nothing",
    severity: "note",
    securitySeverity: 0,
    // Exact: a comment either names a known rule and matches a finding or does not.
    precision: "very-high",
    appliesTo: ["cloudformation", "terraform", "policy", "source"],
    messages: {},
    docs: {
      description:
        "A secretwarden-ignore comment or a Metadata ignore entry matches no finding: the problem was fixed or moved, and the stale " +
        "suppression would silently hide a future finding on that line or resource.",
      remediation:
        "Remove the suppression, or move the comment to the line just before the finding (or to the end of its line).",
    },
    tags: ["maintainability"],
  },
  {
    id: INVALID_SUPPRESSION,
    title: "Suppression without a reason or with an unknown rule",
    severity: "note",
    securitySeverity: 0,
    // Exact: a comment either names a known rule and matches a finding or does not.
    precision: "very-high",
    appliesTo: ["cloudformation", "terraform", "policy", "source"],
    messages: {},
    docs: {
      description:
        "A suppression must name a rule and say why the finding is acceptable; one that does not suppresses nothing.",
      remediation: `Write the rule id, a colon and the reason: ${EXAMPLE}; in CloudFormation, \`Metadata: { secretwarden: { ignore: [{ rule: hardcoded-credential, reason: "..." }] } }\`.`,
    },
    tags: ["maintainability"],
  },
];

interface RuleRef {
  id: string;
  sub?: string;
  /** As written, for messages. */
  text: string;
}

/** A suppression found in one file: plain data, so that a worker thread can hand it over (structured clone). */
export interface Directive {
  kind: "inline" | "metadata";
  file: string;
  /** The line a comment applies to; for metadata, unused. */
  target: number;
  rules: RuleRef[];
  reason?: string;
  /** Where to report the directive itself. */
  at: { line: number; column: number; endLine: number; endColumn: number };
  /** Metadata only: the resource it belongs to. */
  resource?: string;
  used: Set<number>;
}

const DOCUMENTATION = /\.(md|markdown|mdx|rst|adoc|txt)$/i;

const MARKER = /(^|\s)(#|\/\/)\s*secretwarden-ignore(?=\s|:|$)(.*)$/;

/**
 * The inline suppressions of one scanned file, taken while its text is at hand (the text is not kept for the whole
 * scan). Documentation shows suppressions as examples; they are not directives.
 */
export function inlineDirectives(file: string, text: string): Directive[] {
  return text.includes("secretwarden-ignore") && !DOCUMENTATION.test(file) ? parseDirectives(file, text) : [];
}

/** The `secretwarden-ignore` comments of one file. */
export function parseDirectives(file: string, text: string): Directive[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Directive[] = [];
  const standalone: Directive[] = [];
  lines.forEach((line, index) => {
    const match = MARKER.exec(line);
    if (!match) {
      // A line of code (not blank) ends the run of comments that apply to it.
      if (line.trim() !== "") for (const directive of standalone.splice(0)) directive.target = index + 1;
      return;
    }
    const column = match.index + (match[1] ?? "").length + 1;
    const { rules, reason } = parseBody((match[3] ?? "").replace(/\*\/\s*$/, ""));
    const alone = line.slice(0, match.index).trim() === "";
    const directive: Directive = {
      kind: "inline",
      file,
      target: index + 1,
      rules,
      ...(reason ? { reason } : {}),
      at: { line: index + 1, column, endLine: index + 1, endColumn: line.trimEnd().length + 1 },
      used: new Set(),
    };
    if (alone) standalone.push(directive);
    out.push(directive);
  });
  // A comment at the very end applies to nothing: its target stays its own line, where no finding starts.
  return out;
}

function parseBody(body: string): { rules: RuleRef[]; reason?: string } {
  let depth = 0;
  let colon = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "[") depth++;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === ":" && depth === 0) {
      colon = i;
      break;
    }
  }
  const list = colon < 0 ? body : body.slice(0, colon);
  const reason = colon < 0 ? undefined : body.slice(colon + 1).trim();
  const rules = list
    .split(/,(?![^[]*\])/)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(parseRuleRef);
  return { rules, ...(reason ? { reason } : {}) };
}

function parseRuleRef(text: string): RuleRef {
  const match = /^([A-Za-z0-9-]+)(?:\[(.+)\])?$/.exec(text);
  if (!match) return { id: text, text };
  return { id: match[1] as string, ...(match[2] ? { sub: match[2].trim() } : {}), text };
}

function matches(ref: RuleRef, finding: Finding): boolean {
  if (ref.id !== finding.ruleId) return false;
  if (ref.sub === undefined) return true;
  return finding.kind === ref.sub || finding.message.includes(ref.sub);
}

export interface SuppressionInput {
  findings: readonly Finding[];
  /** `inlineDirectives` of every file that was parsed into entities or documents. */
  inline: readonly Directive[];
  /** `metadataDirectives` of the entities. */
  metadata: readonly Directive[];
  /** Every rule id secretwarden has (a directive naming another is invalid). */
  knownRules: ReadonlySet<string>;
  /** The rules that ran (a directive for a rule turned off is not "unused"). */
  enabledRules: ReadonlySet<string>;
}

export interface SuppressionOutput {
  /** Findings still reported, plus the notes about suppressions, sorted as the engine sorts. */
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** The synthetic rules that reported something (for SARIF `rules[]`). */
  rules: RuleMeta[];
}

export function applySuppressions(input: SuppressionInput): SuppressionOutput {
  const directives = input.inline;
  const inlineAt = new Map<string, Directive[]>();
  for (const directive of directives) {
    const key = `${directive.file}\0${directive.target}`;
    inlineAt.set(key, [...(inlineAt.get(key) ?? []), directive]);
  }
  const metadata = input.metadata;
  const metadataOf = new Map<string, Directive[]>();
  for (const directive of metadata) {
    const key = `${directive.file}\0${directive.resource ?? ""}`;
    metadataOf.set(key, [...(metadataOf.get(key) ?? []), directive]);
  }

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of input.findings) {
    const candidates = [
      ...(inlineAt.get(`${finding.file}\0${finding.line}`) ?? []),
      ...(finding.resource !== undefined ? (metadataOf.get(`${finding.file}\0${finding.resource}`) ?? []) : []),
    ];
    let by: Directive | undefined;
    for (const directive of candidates) {
      if (!directive.reason) continue;
      const index = directive.rules.findIndex((ref) => matches(ref, finding));
      if (index < 0) continue;
      directive.used.add(index);
      by ??= directive;
    }
    if (by?.reason) suppressed.push({ ...finding, suppression: { kind: by.kind, reason: by.reason } });
    else kept.push(finding);
  }

  const notes: Finding[] = [];
  for (const directive of [...directives, ...metadata])
    for (const pushed of problemsOf(directive, input)) notes.push(pushed);
  const reporting = new Set(notes.map((note) => note.ruleId));
  return {
    findings: [...kept, ...notes],
    suppressed,
    rules: SUPPRESSION_RULES.filter((rule) => reporting.has(rule.id)),
  };
}

/** The CloudFormation `Metadata.secretwarden.ignore` entries of entities, located. */
export function metadataDirectives(entities: readonly Entity[]): Directive[] {
  const seen = new Set<MetadataSuppression>();
  const out: Directive[] = [];
  for (const entity of entities) {
    for (const suppression of entity.suppressions ?? []) {
      if (seen.has(suppression)) continue;
      seen.add(suppression);
      const span = suppression.node.file.span(suppression.node);
      out.push({
        kind: "metadata",
        file: entity.file.path,
        target: 0,
        rules: [parseRuleRef(suppression.rule)],
        ...(suppression.reason ? { reason: suppression.reason } : {}),
        at: { line: span.start.line, column: span.start.column, endLine: span.end.line, endColumn: span.end.column },
        resource: entity.resource,
        used: new Set(),
      });
    }
  }
  return out;
}

function problemsOf(directive: Directive, input: SuppressionInput): Finding[] {
  const where =
    directive.kind === "metadata"
      ? `The secretwarden ignore entry in the Metadata of ${directive.resource}`
      : "This secretwarden-ignore comment";
  const problems: { ruleId: string; message: string }[] = [];
  if (directive.rules.length === 0) {
    problems.push({
      ruleId: INVALID_SUPPRESSION,
      message: `${where} names no rule, so it suppresses nothing. Write it as ${EXAMPLE}.`,
    });
  } else {
    const unknown = directive.rules.filter((ref) => !input.knownRules.has(ref.id));
    for (const ref of unknown) {
      const suggestion = didYouMean(ref.id, [...input.knownRules]);
      const hint = suggestion !== undefined ? ` (did you mean ${suggestion}?)` : "";
      problems.push({
        ruleId: INVALID_SUPPRESSION,
        message: `${where} names ${ref.text}, which is not a secretwarden rule${hint}, so it suppresses nothing.`,
      });
    }
    const names = directive.rules.map((ref) => ref.text).join(", ");
    if (!directive.reason) {
      problems.push({
        ruleId: INVALID_SUPPRESSION,
        message: `${where} for ${names} gives no reason, so it suppresses nothing. A suppression must say why the finding is acceptable: ${
          directive.kind === "metadata"
            ? "add a reason to the entry."
            : `write the reason after a colon, as in ${EXAMPLE}.`
        }`,
      });
    } else {
      directive.rules.forEach((ref, index) => {
        if (directive.used.has(index) || !input.knownRules.has(ref.id) || !input.enabledRules.has(ref.id)) return;
        problems.push({
          ruleId: UNUSED_SUPPRESSION,
          message:
            directive.kind === "metadata"
              ? `${where} for ${ref.text} suppresses nothing: ${directive.resource} has no such finding. Remove the entry.`
              : `${where} for ${ref.text} suppresses nothing: no such finding starts on line ${directive.target}. Remove the comment, or put it on the line just before the finding.`,
        });
      });
    }
  }
  return problems.map(({ ruleId, message }) => ({
    ruleId,
    severity: "note" as const,
    message,
    file: directive.file,
    ...directive.at,
    ...(directive.resource !== undefined ? { resource: directive.resource } : {}),
    fingerprint: fingerprint([
      ruleId,
      directive.file,
      directive.resource ?? "",
      directive.rules.map((ref) => ref.text).join(","),
      directive.reason ?? "",
      ruleId === UNUSED_SUPPRESSION ? "unused" : message.replace(/line \d+/, ""),
    ]),
  }));
}

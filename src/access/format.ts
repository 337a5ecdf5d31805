/**
 * The access report as JSON (a documented, stable shape: `AccessJson`) and as a text table
 * (secret | principal | via which policy | read | decrypt).
 */
import { literal, type PolicyType } from "../model/entities.js";
import { get, stringValue, type PNode } from "../core/positioned.js";
import { shortPolicyLabel } from "../model/labels.js";
import type { ScanError, SkippedFile } from "../engine/types.js";
import type { Level, StatementHit } from "../knowledge/policy-evaluation.js";
import { READ_ACTION, type AccessReport, type ReaderAccess, type SecretAccess } from "./effective-access.js";
import type { ReaderKind } from "./readers.js";
import { secretArn, arnText } from "../knowledge/policy-subjects.js";
import { MAX_LISTED_READERS, originOf, readerGroups, type ReaderGroup } from "./reader-groups.js";

export type AccessLevel = Exclude<Level, "no">;

/** A policy statement that grants (or takes away) access. */
export interface StatementJson {
  /** The policy as people call it: `resource policy BillingApiSecretPolicy`, `inline policy of ReaderRole`, `policy file policies/app.json`. */
  policy: string;
  /** The policy's logical ID (CloudFormation) or address; empty for a standalone policy file. */
  resource: string;
  policyType: PolicyType;
  file: string;
  /** Where the statement is written (1-based). */
  line: number;
  column: number;
  /** 1-based position of the statement in its policy. */
  statement: number;
  sid?: string;
  /** Whether the statement applies: certainly, under conditions that cannot be checked statically, or not known. */
  result: AccessLevel;
  /** The conditions not checked statically, as written: `StringEquals aws:PrincipalOrgID`. */
  conditions?: string[];
  /** What the project does not give: `Resource Fn::ImportValue`, `Principal Ref ConsumerRoleArn`. */
  unknowns?: string[];
}

export interface PrincipalJson {
  kind: ReaderKind;
  /** How the text table names it. */
  label: string;
  /** The ARN as far as known: `${AWS::AccountId}` for the deploying account, `*` for a generated name. */
  arn?: string;
  /** `${AWS::AccountId}`, a 12-digit account id, `any` (everyone) or `unknown`. */
  account: string;
  /** For a role, user or group of the project: its logical ID. */
  resource?: string;
  /** Where it is declared, or named in a resource policy. */
  file: string;
  line: number;
  column: number;
}

export interface AccessJsonEntry {
  principal: PrincipalJson;
  /** Whether the principal can call `secretsmanager:GetSecretValue` on the secret (`no` is not listed). */
  read: AccessLevel;
  readVia: StatementJson[];
  /** Deny statements that may apply (under conditions, or on unknown values). */
  readLimitedBy: StatementJson[];
  /** Whether the secret's KMS key lets the principal decrypt it through Secrets Manager. */
  decrypt: Level;
  decryptReason: string;
  /** The key policy and identity statements that allow `kms:Decrypt` (customer-managed keys of the project). */
  decryptVia: StatementJson[];
  decryptLimitedBy: StatementJson[];
  /** What the answer takes for granted: identity policies outside the project. */
  requires: string[];
}

export interface SecretJson {
  /** Logical ID (CloudFormation) or address. */
  secret: string;
  /** The secret's name, when the project gives it. */
  name?: string;
  /** Its ARN as far as known (`??????` is the random suffix, `*` an unknown part). */
  arn: string;
  file: string;
  line: number;
  column: number;
  encryption: {
    kind: "aws-managed" | "customer-managed" | "key-without-policy" | "outside";
    /** The KMS key: logical ID for a key of the project, the value as written otherwise. */
    key?: string;
  };
  /**
   * Who can read it; empty when no principal of the project, and none its resource policy names, can, and empty when
   * more than `MAX_LISTED_READERS` can: `accessGroups` then counts them.
   */
  access: AccessJsonEntry[];
  /** Present when more than `MAX_LISTED_READERS` principals can read the secret: its readers by group. */
  accessGroups?: ReaderGroup[];
}

export interface AccessJson {
  schemaVersion: 1;
  tool: { name: string; version: string };
  action: typeof READ_ACTION;
  secrets: SecretJson[];
  /** Policies that apply to a principal but could not be evaluated (AWS managed policies, policies of other stacks). */
  notEvaluated: { principal: string; policy: string; file: string; line: number; column: number; reason: string }[];
  notes: string[];
  errors: ScanError[];
  skipped: SkippedFile[];
  /** `filesScanned`: files read and parsed; `filesFailed`: files read that ended with an error entry. */
  summary: { filesScanned: number; filesFailed: number; secrets: number; readable: number; entries: number };
}

export interface AccessRun {
  report: AccessReport;
  errors: ScanError[];
  skipped: SkippedFile[];
  filesScanned: number;
  /** Files read that ended with an error entry; absent means none. */
  filesFailed?: number;
  tool: { name: string; version: string };
}

function where(node: PNode): { file: string; line: number; column: number } {
  const at = node.file.locate(node.start);
  return { file: node.file.path, line: at.line, column: at.column };
}

function sidOf(hit: StatementHit): string | undefined {
  return stringValue(get(hit.statement.node, "Sid"));
}

function statementJson(hit: StatementHit): StatementJson {
  const sid = sidOf(hit);
  return {
    policy: shortPolicyLabel(hit.policy),
    resource: hit.policy.resource,
    policyType: hit.policy.policyType,
    ...where(hit.statement.node),
    statement: hit.index + 1,
    ...(sid ? { sid } : {}),
    result: hit.level,
    ...(hit.conditions.length > 0 ? { conditions: hit.conditions } : {}),
    ...(hit.unknowns.length > 0 ? { unknowns: hit.unknowns } : {}),
  };
}

/** Statements that may apply: under conditions, or on unknown values. */
const maybe = (hits: readonly StatementHit[]) =>
  once(hits.filter((h) => h.level === "conditional" || h.level === "unknown"));

/** The statements that decide: for a certain answer the certain grants, otherwise every grant that may apply. */
function decisive(level: Level, grants: readonly StatementHit[]): StatementHit[] {
  return once(level === "yes" ? grants.filter((g) => g.level === "yes") : grants);
}

const RANK: Record<Level, number> = { yes: 3, unknown: 2, conditional: 1, no: 0 };

/** Each statement once (a statement may apply both to the principal and to its account), at its strongest. */
function once(hits: readonly StatementHit[]): StatementHit[] {
  const out: StatementHit[] = [];
  for (const hit of hits) {
    const i = out.findIndex((h) => h.policy === hit.policy && h.index === hit.index);
    if (i < 0) out.push(hit);
    else if (RANK[hit.level] > RANK[(out[i] as StatementHit).level]) out[i] = hit;
  }
  return out;
}

function entryJson(access: ReaderAccess): AccessJsonEntry {
  const { reader, read, decrypt } = access;
  const decision = decrypt.decision;
  return {
    principal: {
      kind: reader.kind,
      label: reader.label,
      ...(reader.arn ? { arn: reader.arn } : {}),
      account: reader.account,
      ...(reader.entity ? { resource: reader.entity.resource } : {}),
      ...where(reader.node),
    },
    read: read.level as AccessLevel,
    readVia: decisive(read.level, read.grants).map(statementJson),
    readLimitedBy: maybe(read.denials).map(statementJson),
    decrypt: decrypt.level,
    decryptReason: decrypt.reason,
    decryptVia: decision && decision.level !== "no" ? decisive(decision.level, decision.grants).map(statementJson) : [],
    decryptLimitedBy: decision ? maybe(decision.denials).map(statementJson) : [],
    requires: access.requires,
  };
}

function secretJson(entry: SecretAccess): SecretJson {
  const over = entry.readers.length > MAX_LISTED_READERS;
  const { secret, encryption } = entry;
  const name = literal(secret.name);
  const key =
    encryption.kind === "customer-managed" || encryption.kind === "key-without-policy"
      ? encryption.key.resource
      : encryption.kind === "outside"
        ? encryption.text
        : undefined;
  return {
    secret: secret.resource,
    ...(name !== undefined ? { name } : {}),
    arn: arnText(secretArn(secret)),
    ...where(secret.node),
    encryption: { kind: encryption.kind, ...(key !== undefined ? { key } : {}) },
    access: over ? [] : entry.readers.map(entryJson),
    ...(over
      ? {
          accessGroups: readerGroups(
            entry.readers.map((r) => ({
              kind: r.reader.kind,
              label: r.reader.label,
              from: originOf(r.reader.node.file.path),
              read: r.read.level as AccessLevel,
              decrypt: r.decrypt.level,
            })),
          ),
        }
      : {}),
  };
}

/** How many principals can read the secret, listed or grouped. */
const readerCount = (secret: SecretJson): number =>
  secret.access.length + (secret.accessGroups ?? []).reduce((sum, g) => sum + g.principals, 0);

export function accessJson(run: AccessRun): AccessJson {
  const secrets = run.report.secrets.map(secretJson);
  const grouped = secrets.filter((s) => s.accessGroups !== undefined).length;
  const notes =
    grouped > 0
      ? [
          ...run.report.notes,
          `${grouped} ${grouped === 1 ? "secret is" : "secrets are"} readable by more than ${MAX_LISTED_READERS} principals: their readers are counted by kind, origin, read and decrypt answers (accessGroups), not listed one by one.`,
        ]
      : run.report.notes;
  return {
    schemaVersion: 1,
    tool: run.tool,
    action: READ_ACTION,
    secrets,
    notEvaluated: run.report.notEvaluated.map((n) => ({
      principal: n.principal,
      policy: n.policy,
      ...where(n.node),
      reason: n.reason,
    })),
    notes,
    errors: run.errors,
    skipped: run.skipped,
    summary: {
      filesScanned: run.filesScanned,
      filesFailed: run.filesFailed ?? 0,
      secrets: secrets.length,
      readable: secrets.filter((s) => readerCount(s) > 0).length,
      entries: secrets.reduce((sum, s) => sum + readerCount(s), 0),
    },
  };
}

export function formatAccessJson(run: AccessRun): string {
  return `${JSON.stringify(accessJson(run), null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Text

const HEADER = ["SECRET", "PRINCIPAL", "FROM", "VIA", "READ", "DECRYPT"] as const;

/**
 * A secret's readers grouped by where they come from: those of the secret's own template or module first, then the
 * others by template or module, each group in the evaluator's order (a stable sort).
 */
function byOrigin(secret: SecretJson, entries: readonly AccessJsonEntry[]): AccessJsonEntry[] {
  const own = originOf(secret.file);
  const key = (entry: AccessJsonEntry) => {
    const origin = originOf(entry.principal.file);
    return origin === own ? "" : origin;
  };
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
const GAP = "  ";
const INDENT = "  ";

function statementText(statement: StatementJson): string {
  return `${statement.policy} ${statement.sid ? `[${statement.sid}]` : `#${statement.statement}`}`;
}

/** The short reason next to a decrypt answer: the key and, for AWS-managed keys, why. */
function decryptCell(secret: SecretJson, entry: Pick<AccessJsonEntry, "decrypt">): string {
  switch (secret.encryption.kind) {
    case "aws-managed":
      return `${entry.decrypt} (AWS-managed key${entry.decrypt === "yes" ? ", same account" : entry.decrypt === "no" ? ", other account" : ""})`;
    case "customer-managed":
      return `${entry.decrypt} (key ${secret.encryption.key ?? ""})`;
    case "key-without-policy":
      return `${entry.decrypt} (key ${secret.encryption.key ?? ""} has no key policy here)`;
    case "outside":
      return `${entry.decrypt} (key not in the project)`;
  }
}

/** What a footnote says about one entry: conditions, unknown values, assumptions, why decrypting fails. */
function footnote(entry: AccessJsonEntry): string | undefined {
  const parts: string[] = [];
  const conditions = [...entry.readVia, ...entry.readLimitedBy].flatMap((s) =>
    (s.conditions ?? []).map((c) => `${c} (${statementText(s)})`),
  );
  const unknowns = [...entry.readVia, ...entry.readLimitedBy].flatMap((s) =>
    (s.unknowns ?? []).map((u) => `${u} (${statementText(s)})`),
  );
  if (entry.read !== "yes") {
    if (conditions.length > 0) parts.push(`read depends on ${[...new Set(conditions)].join(", ")}`);
    if (unknowns.length > 0)
      parts.push(`read depends on values the project does not give: ${[...new Set(unknowns)].join(", ")}`);
  }
  if (entry.readLimitedBy.length > 0)
    parts.push(`a Deny may apply: ${entry.readLimitedBy.map(statementText).join(", ")}`);
  if (entry.decrypt !== "yes") parts.push(entry.decryptReason.replace(/\.$/, ""));
  if (entry.requires.length > 0) parts.push(`assumes ${entry.requires.join("; ")}`);
  return parts.length > 0 ? `${parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(". ")}.` : undefined;
}

export function formatAccessText(run: AccessRun): string {
  const json = accessJson(run);
  const out: string[] = [`Who can read each secret (${READ_ACTION}):`];
  if (json.secrets.length === 0) {
    out.push(
      "",
      `No secrets in ${json.summary.filesScanned} ${json.summary.filesScanned === 1 ? "file" : "files"} scanned${failedText(json.summary.filesFailed)}.`,
    );
    return `${out.concat(tail(json)).join("\n")}\n`;
  }

  // Rows first, to size the columns over the whole report.
  type Row = { file: string; cells: string[]; note?: number };
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const secret of json.secrets) {
    if (secret.accessGroups) {
      secret.accessGroups.forEach((group, i) => {
        const more = group.principals - group.examples.length;
        rows.push({
          file: secret.file,
          cells: [
            i === 0 ? secret.secret : "",
            `${group.principals} ${group.principals === 1 ? group.kind : `${group.kind}s`} (${group.examples.join(", ")}${more > 0 ? ` and ${more} more` : ""})`,
            group.from,
            "-",
            group.read,
            decryptCell(secret, group),
          ],
        });
      });
      continue;
    }
    if (secret.access.length === 0) {
      rows.push({ file: secret.file, cells: [secret.secret, "(no principal of the project)", "-", "-", "-", "-"] });
      continue;
    }
    byOrigin(secret, secret.access).forEach((entry, i) => {
      const via = entry.readVia.map(statementText);
      const text = footnote(entry);
      const row: Row = {
        file: secret.file,
        cells: [
          i === 0 ? secret.secret : "",
          entry.principal.label,
          `${entry.principal.file}:${entry.principal.line}`,
          via.length > 0 ? via.join(", ") : "-",
          entry.read,
          decryptCell(secret, entry),
        ],
      };
      if (text) {
        notes.push(`${secret.secret}, ${entry.principal.label}: ${text}`);
        row.note = notes.length;
      }
      rows.push(row);
    });
  }
  // A loop, not `Math.max(...rows)`: 370 secrets read by 370 roles are more rows than a call takes arguments.
  const widths: number[] = HEADER.map((title) => title.length);
  for (const row of rows)
    row.cells.forEach((cell, column) => (widths[column] = Math.max(widths[column] as number, cell.length)));
  const line = (cells: readonly string[], note?: number) =>
    `${INDENT}${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] as number))).join(GAP)}${note ? ` [${note}]` : ""}`.trimEnd();

  let file: string | undefined;
  for (const row of rows) {
    if (row.file !== file) {
      file = row.file;
      out.push("", file, line(HEADER));
    }
    out.push(line(row.cells, row.note));
  }
  if (notes.length > 0) {
    out.push("");
    notes.forEach((text, i) => out.push(`[${i + 1}] ${text}`));
  }
  for (const text of tail(json)) out.push(text);
  return `${out.join("\n")}\n`;
}

/** `, 2 files could not be parsed`, or nothing. */
export function failedText(filesFailed: number): string {
  return filesFailed > 0 ? ` (${filesFailed} ${filesFailed === 1 ? "file" : "files"} could not be parsed)` : "";
}

function tail(json: AccessJson): string[] {
  const out: string[] = [];
  if (json.notEvaluated.length > 0) {
    out.push("", "Not evaluated:");
    for (const n of json.notEvaluated)
      out.push(`${INDENT}${n.principal}: ${n.policy} (${n.file}:${n.line}). ${n.reason}`);
  }
  if (json.notes.length > 0) {
    out.push("", "Notes:");
    for (const note of json.notes) out.push(`${INDENT}${note}`);
  }
  if (json.errors.length > 0) {
    out.push("", "Files that could not be read:");
    for (const e of json.errors)
      out.push(`${INDENT}${e.file}${e.line !== undefined ? `:${e.line}:${e.column ?? 1}` : ""}: ${e.message}`);
  }
  if (json.skipped.length > 0) {
    out.push("", "Skipped:");
    for (const s of json.skipped) out.push(`${INDENT}${s.file}: ${s.message}`);
  }
  const { filesScanned, filesFailed, secrets, readable, entries } = json.summary;
  if (secrets > 0) {
    out.push(
      "",
      `${secrets} ${secrets === 1 ? "secret" : "secrets"} in ${filesScanned} ${filesScanned === 1 ? "file" : "files"} scanned${failedText(filesFailed)}; ` +
        `${readable} can be read by a principal of the project or one its resource policies name (${entries} ${entries === 1 ? "entry" : "entries"}).`,
    );
  }
  return out;
}

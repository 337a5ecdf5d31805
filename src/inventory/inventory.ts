/**
 * The inventory: every secret the project defines, one entry each, with where it is, its key, its rotation, its
 * replicas, what its resource policy opens it to, who can read it (from the access analysis), and what storing it
 * costs per month at the published price. Computed from the model only; `format.ts` turns it into text or JSON.
 */
import { effectiveAccess, type ReaderAccess, type SecretAccess } from "../access/effective-access.js";
import type { Level } from "../knowledge/policy-evaluation.js";
import { MAX_LISTED_READERS, originOf, readerGroups, type ReaderGroup } from "../access/reader-groups.js";
import {
  isReference,
  isUnresolved,
  literal,
  type Field,
  type RotationSchedule,
  type Secret,
} from "../model/entities.js";
import type { Project } from "../model/project.js";
import type { PNode } from "../core/positioned.js";
import { parseSchedule } from "../knowledge/schedule.js";
import { isAwsManagedSecretsKey } from "../knowledge/aws-managed-keys.js";

/**
 * AWS Secrets Manager's published storage price, in US dollars per secret per month (each replica is billed as a
 * secret): https://aws.amazon.com/secrets-manager/pricing/. The configuration's `pricing.perSecretMonth` overrides it.
 */
export const DEFAULT_PRICE_PER_SECRET_MONTH = 0.4;

/** What the estimate leaves out, said wherever the cost is shown. */
export const NOT_INCLUDED = ["API calls ($0.05 per 10,000)", "rotation Lambda invocations"] as const;

export interface InventoryOptions {
  /** Account ids the configuration declares as the project's own (`ownAccounts`). */
  ownAccounts?: readonly string[];
  /** US dollars per secret (and per replica) per month; default `DEFAULT_PRICE_PER_SECRET_MONTH`. */
  perSecretMonth?: number;
}

/** How a secret (or a replica) is encrypted, as far as the project tells. */
export interface InventoryKey {
  /** `aws-managed`: `aws/secretsmanager`; `customer-managed`: a key of the project or a key ARN/alias; `unknown`: not resolvable. */
  kind: "aws-managed" | "customer-managed" | "unknown";
  /** The key of the project (logical ID or address), or the key ARN, alias or expression as written. */
  id?: string;
}

export interface InventoryRotation {
  /** The rotation schedule resource (logical ID or address); the secret itself for Terraform's inline rules. */
  schedule: string;
  /** As written: `AutomaticallyAfterDays 30`, `rate(10 days)`, `cron(0 4 1 * ? *)`. */
  rule?: string;
  /** The longest time between two rotations, in days; absent when it cannot be read. */
  intervalDays?: number;
}

export interface InventoryReplica {
  /** The region, or the expression it comes from. */
  region: string;
  key: InventoryKey;
}

/** What the secret's resource policy lets others do with `GetSecretValue`. */
export type ResourcePolicyReach = "none" | "same-account" | "cross-account" | "public" | "unknown";

export interface InventoryReader {
  /** How people call it: `role PaymentsApiRole`, `account 444455556666`, `everyone`. */
  principal: string;
  kind: ReaderAccess["reader"]["kind"];
  read: Exclude<Level, "no">;
  decrypt: Level;
}

export interface InventoryEntry {
  /** The logical ID or Terraform address. */
  secret: string;
  /** The secret's `Name`, when it is written. */
  name?: string;
  file: string;
  line: number;
  column: number;
  platform: Secret["platform"];
  key: InventoryKey;
  /** Absent when nothing rotates the secret. */
  rotation?: InventoryRotation;
  replicas: InventoryReplica[];
  resourcePolicy: ResourcePolicyReach;
  /** Empty when more than `MAX_LISTED_READERS` principals can read it: `readerGroups` then counts them. */
  readers: InventoryReader[];
  /** Present when more than `MAX_LISTED_READERS` principals can read the secret: its readers by group. */
  readerGroups?: ReaderGroup[];
  /** The secret and each replica: what is billed. */
  billedSecrets: number;
  /** `billedSecrets` times the price, in US dollars, rounded to the cent. */
  monthlyCost: number;
}

export interface Inventory {
  pricing: { currency: "USD"; perSecretMonth: number; notIncluded: readonly string[] };
  secrets: InventoryEntry[];
  totals: { secrets: number; replicas: number; billedSecrets: number; monthlyCost: number };
}

const cents = (amount: number): number => Math.round(amount * 100) / 100;

const where = (node: PNode) => {
  const at = node.file.locate(node.start);
  return { file: node.file.path, line: at.line, column: at.column };
};

/** The text of a field for people: its literal, the reference's target, or the unresolved expression. */
function fieldText(field: Field<string | number | boolean>): string {
  const { value } = field;
  if (isUnresolved(value)) return value.expression;
  if (isReference(value)) return value.attribute ? `${value.target}.${value.attribute}` : value.target;
  return String(value);
}

/** The key of a secret or replica: absent or `aws/secretsmanager` is AWS-managed, a key of the project by its ID. */
function keyOf(project: Project, unit: string, field: Field<string> | undefined): InventoryKey {
  if (!field) return { kind: "aws-managed" };
  const text = literal(field);
  if (text !== undefined && isAwsManagedSecretsKey(text)) return { kind: "aws-managed" };
  const key = project.keyOf(unit, field);
  if (key) return { kind: "customer-managed", id: key.resource };
  if (isUnresolved(field.value) || text?.includes("${")) return { kind: "unknown", id: fieldText(field) };
  return { kind: "customer-managed", id: fieldText(field) };
}

/** A schedule's rule as written and the longest interval it allows. */
function rotationOf(secret: Secret, schedules: readonly RotationSchedule[]): InventoryRotation | undefined {
  const readings = schedules.map((schedule): InventoryRotation => {
    const base = { schedule: schedule.resource };
    const days = schedule.automaticallyAfterDays;
    const expression = schedule.scheduleExpression;
    if (expression) {
      const text = literal(expression);
      const reading = text === undefined ? undefined : parseSchedule(text);
      const interval = reading && (reading.kind === "rate" || reading.kind === "cron") ? reading.maxGapDays : undefined;
      return { ...base, rule: fieldText(expression), ...(interval !== undefined ? { intervalDays: interval } : {}) };
    }
    if (days) {
      const value = literal(days);
      const label = secret.platform === "terraform" ? "automatically_after_days" : "AutomaticallyAfterDays";
      return {
        ...base,
        rule: `${label} ${fieldText(days)}`,
        ...(typeof value === "number" ? { intervalDays: value } : {}),
      };
    }
    return base;
  });
  // Several schedules for one secret: the one that rotates most often is what happens.
  return readings.sort((a, b) => (a.intervalDays ?? Infinity) - (b.intervalDays ?? Infinity))[0];
}

/** What the resource policy opens the secret to, read from the principals the access analysis found through it. */
function reachOf(project: Project, access: SecretAccess, ownAccounts: readonly string[]): ResourcePolicyReach {
  if (project.resourcePoliciesFor(access.secret).length === 0) return "none";
  const named = access.readers.filter((r) => !r.reader.fromProject).map((r) => r.reader);
  if (named.some((r) => r.kind === "everyone")) return "public";
  const own = (account: string) => account === "${AWS::AccountId}" || ownAccounts.includes(account);
  if (
    named.some(
      (r) =>
        r.kind === "organization" ||
        (r.kind !== "service" && r.kind !== "unresolved" && r.account !== "unknown" && !own(r.account)),
    )
  ) {
    return "cross-account";
  }
  if (named.some((r) => r.kind === "unresolved" || r.account === "unknown")) return "unknown";
  return "same-account";
}

/** The secret's readers, one by one or, past `MAX_LISTED_READERS`, by group (the inventory's size stays bounded). */
function readersOf(entry: SecretAccess): Pick<InventoryEntry, "readers" | "readerGroups"> {
  if (entry.readers.length <= MAX_LISTED_READERS) {
    return {
      readers: entry.readers.map((r) => ({
        principal: r.reader.label,
        kind: r.reader.kind,
        read: r.read.level as InventoryReader["read"],
        decrypt: r.decrypt.level,
      })),
    };
  }
  const grouped = entry.readers.map((r) => ({
    kind: r.reader.kind,
    label: r.reader.label,
    from: originOf(r.reader.node.file.path),
    read: r.read.level as InventoryReader["read"],
    decrypt: r.decrypt.level,
  }));
  return { readers: [], readerGroups: readerGroups(grouped) };
}

/** How many principals can read the secret, listed or grouped. */
export const readerTotal = (entry: InventoryEntry): number =>
  entry.readers.length + (entry.readerGroups ?? []).reduce((sum, group) => sum + group.principals, 0);

/** Every secret of the project with its key, rotation, replicas, reach, readers and monthly storage cost. */
export function inventory(project: Project, options: InventoryOptions = {}): Inventory {
  const perSecretMonth = options.perSecretMonth ?? DEFAULT_PRICE_PER_SECRET_MONTH;
  const ownAccounts = options.ownAccounts ?? [];
  const access = effectiveAccess(project, { ownAccounts });
  const secrets = access.secrets.map((entry): InventoryEntry => {
    const { secret } = entry;
    const name = literal(secret.name);
    const rotation = rotationOf(secret, project.rotationsFor(secret));
    const replicas = secret.replicas.map(
      (replica): InventoryReplica => ({
        region: replica.region ? fieldText(replica.region) : "(no region)",
        key: keyOf(project, secret.unit, replica.kmsKeyId),
      }),
    );
    const billedSecrets = 1 + replicas.length;
    return {
      secret: secret.resource,
      ...(name !== undefined ? { name } : {}),
      ...where(secret.node),
      platform: secret.platform,
      key: keyOf(project, secret.unit, secret.kmsKeyId),
      ...(rotation ? { rotation } : {}),
      replicas,
      resourcePolicy: reachOf(project, entry, ownAccounts),
      ...readersOf(entry),
      billedSecrets,
      monthlyCost: cents(billedSecrets * perSecretMonth),
    };
  });
  const billedSecrets = secrets.reduce((sum, s) => sum + s.billedSecrets, 0);
  return {
    pricing: { currency: "USD", perSecretMonth, notIncluded: NOT_INCLUDED },
    secrets,
    totals: {
      secrets: secrets.length,
      replicas: billedSecrets - secrets.length,
      billedSecrets,
      monthlyCost: cents(billedSecrets * perSecretMonth),
    },
  };
}

/** One inventory of several accounts (`--account-per-folder`): their secrets in file order, totals added up. */
export function mergeInventories(list: readonly Inventory[]): Inventory {
  const secrets = list
    .flatMap((i) => i.secrets)
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const billedSecrets = secrets.reduce((sum, s) => sum + s.billedSecrets, 0);
  const perSecretMonth = list[0]?.pricing.perSecretMonth ?? DEFAULT_PRICE_PER_SECRET_MONTH;
  return {
    pricing: { currency: "USD", perSecretMonth, notIncluded: NOT_INCLUDED },
    secrets,
    totals: {
      secrets: secrets.length,
      replicas: billedSecrets - secrets.length,
      billedSecrets,
      monthlyCost: cents(billedSecrets * perSecretMonth),
    },
  };
}

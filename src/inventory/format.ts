import type { ScanError, SkippedFile } from "../engine/types.js";
import { failedText } from "../access/format.js";
import {
  readerTotal,
  type Inventory,
  type InventoryEntry,
  type InventoryKey,
  type InventoryRotation,
  type ResourcePolicyReach,
} from "./inventory.js";

/** What `secretwarden inventory` prints: the inventory and what the scan could not read. */
export interface InventoryRun {
  inventory: Inventory;
  errors: ScanError[];
  skipped: SkippedFile[];
  filesScanned: number;
  /** Files read that ended with an error entry; absent means none. */
  filesFailed?: number;
  tool: { name: string; version: string };
}

/** The JSON report of `secretwarden inventory --format json`: a stable, documented contract (see README.md). */
export interface InventoryJson {
  schemaVersion: 1;
  tool: { name: string; version: string };
  pricing: Inventory["pricing"];
  secrets: InventoryEntry[];
  errors: ScanError[];
  skipped: SkippedFile[];
  /** `filesScanned`: files read and parsed; `filesFailed`: files read that ended with an error entry. */
  summary: { filesScanned: number; filesFailed: number } & Inventory["totals"];
}

export function inventoryJson(run: InventoryRun): InventoryJson {
  return {
    schemaVersion: 1,
    tool: run.tool,
    pricing: run.inventory.pricing,
    secrets: run.inventory.secrets,
    errors: run.errors,
    skipped: run.skipped,
    summary: { filesScanned: run.filesScanned, filesFailed: run.filesFailed ?? 0, ...run.inventory.totals },
  };
}

export function formatInventoryJson(run: InventoryRun): string {
  return `${JSON.stringify(inventoryJson(run), null, 2)}\n`;
}

/** The text table is at most this wide: it fits a 100-column terminal. */
export const TEXT_WIDTH = 100;

const INDENT = "  ";
const GAP = "  ";
const HEADER = ["SECRET", "LINE", "KEY", "ROTATION", "REPLICAS", "POLICY", "READ", "$/MONTH"] as const;
/** Columns aligned to the right (numbers). */
const RIGHT = new Set([1, 6, 7]);
/**
 * Columns that give up width when the table is too wide, in this order, and how narrow each may get: the key and the
 * regions first, the secret's name last.
 */
const SHRINKABLE: readonly [column: number, min: number][] = [
  [2, 15],
  [4, 15],
  [0, 24],
  [4, 12],
  [2, 11],
  [0, 16],
  [4, 6],
  [2, 6],
];

export const money = (amount: number): string => `$${amount.toFixed(2)}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function keyText(key: InventoryKey): string {
  if (key.kind === "aws-managed") return "AWS-managed";
  if (key.kind === "unknown") return "unknown";
  return key.id ?? "customer-managed";
}

function rotationText(rotation: InventoryRotation | undefined): string {
  if (!rotation) return "none";
  const days = rotation.intervalDays;
  if (days === undefined) return "unknown";
  if (days < 1) return plural(Number((days * 24).toFixed(1)), "hour");
  return plural(Number(days.toFixed(1)), "day");
}

const REACH: Record<ResourcePolicyReach, string> = {
  none: "none",
  "same-account": "same acct",
  "cross-account": "cross-acct",
  public: "public",
  unknown: "unknown",
};

function cells(entry: InventoryEntry): string[] {
  return [
    entry.name ?? entry.secret,
    String(entry.line),
    keyText(entry.key),
    rotationText(entry.rotation),
    entry.replicas.length > 0 ? entry.replicas.map((r) => r.region).join(", ") : "-",
    REACH[entry.resourcePolicy],
    String(readerTotal(entry)),
    money(entry.monthlyCost),
  ];
}

/**
 * Cuts a cell to its column, marking the cut with an ellipsis at the end: a name cut in the middle reads as another
 * name (`prod/…/key` is no secret's name), and is not found by searching for it. (`middle` is kept for cells whose
 * ends both tell and that are no names; none at present.)
 */
function fitCell(text: string, width: number, middle: boolean): string {
  if (text.length <= width) return text;
  if (!middle) return `${text.slice(0, Math.max(0, width - 1))}…`;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/** `eu-central-1, us-west-2` in a narrow column: the regions that fit, then how many more (`eu-central-1 +1`). */
function fitRegions(cell: string, width: number): string {
  if (cell.length <= width) return cell;
  const regions = cell.split(", ");
  for (let shown = regions.length - 1; shown >= 1; shown--) {
    const text = `${regions.slice(0, shown).join(", ")} +${regions.length - shown}`;
    if (text.length <= width) return text;
  }
  const count = `${regions.length} regions`;
  return count.length <= width ? count : fitCell(cell, width, false);
}

const REPLICAS = 4;

/** Columns cut in the middle: none, since names must stay searchable from their start. */
const MIDDLE = new Set<number>();

/** Column widths: each column's widest cell, then the shrinkable ones narrowed, in order, until the table fits. */
function columnWidths(rows: readonly string[][]): number[] {
  // A loop, not `Math.max(...rows)`: a project can have more secrets than a call takes arguments.
  const widths: number[] = HEADER.map((title) => title.length);
  for (const row of rows)
    row.forEach((cell, column) => (widths[column] = Math.max(widths[column] as number, cell.length)));
  const excess = () =>
    INDENT.length + widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1) - TEXT_WIDTH;
  for (const [column, min] of SHRINKABLE) {
    const over = excess();
    if (over <= 0) break;
    const width = widths[column] as number;
    widths[column] = Math.max(min, width - over);
  }
  return widths;
}

export function formatInventoryText(run: InventoryRun): string {
  const { inventory } = run;
  const out: string[] = ["Secrets of the project and their estimated monthly storage cost:"];
  if (inventory.secrets.length === 0) {
    out.push("", `No secrets in ${plural(run.filesScanned, "file")} scanned${failedText(run.filesFailed ?? 0)}.`);
    return `${out
      .concat(tail(run), totals(run))
      .map((text) => wrap(text))
      .join("\n")}\n`;
  }
  const rows = inventory.secrets.map(cells);
  const widths = columnWidths(rows);
  const line = (row: readonly string[]) =>
    `${INDENT}${row
      .map((cell, column) => {
        const width = widths[column] as number;
        const text = column === REPLICAS ? fitRegions(cell, width) : fitCell(cell, width, MIDDLE.has(column));
        return RIGHT.has(column) ? text.padStart(width) : column === row.length - 1 ? text : text.padEnd(width);
      })
      .join(GAP)}`.trimEnd();
  let file: string | undefined;
  inventory.secrets.forEach((entry, i) => {
    if (entry.file !== file) {
      file = entry.file;
      out.push("", file, line(HEADER));
    }
    out.push(line(rows[i] as string[]));
  });
  out.push(
    "",
    "READ: how many principals may read the secret (secretwarden access tells who, and how).",
    "POLICY: who the resource policy lets read it: none, same acct, cross-acct, public or unknown.",
  );
  for (const text of tail(run)) out.push(text);
  return `${out
    .concat(totals(run))
    .map((text) => wrap(text))
    .join("\n")}\n`;
}

/** The price and what it leaves out, then the totals: always the last line. */
function totals(run: InventoryRun): string[] {
  const { pricing, totals } = run.inventory;
  return [
    "",
    `Cost: storage only, ${money(pricing.perSecretMonth)} per secret per month, each replica billed as a secret ` +
      `(configuration: pricing.perSecretMonth). Not included: ${pricing.notIncluded.join(" and ")}.`,
    `Total: ${plural(totals.secrets, "secret")} and ${plural(totals.replicas, "replica")}: ${plural(totals.billedSecrets, "billed secret")}, ` +
      `${money(totals.monthlyCost)} per month.`,
  ];
}

/** Wraps prose lines (not table rows) at the text width. */
function wrap(text: string): string {
  if (text.length <= TEXT_WIDTH || text.startsWith(INDENT)) return text;
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > TEXT_WIDTH) {
      lines.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  lines.push(current);
  return lines.join("\n");
}

function tail(run: InventoryRun): string[] {
  const out: string[] = [];
  if (run.errors.length > 0) {
    out.push("", "Files that could not be read:");
    for (const e of run.errors)
      out.push(`${INDENT}${e.file}${e.line !== undefined ? `:${e.line}:${e.column ?? 1}` : ""}: ${e.message}`);
  }
  if (run.skipped.length > 0) {
    out.push("", "Skipped:");
    for (const s of run.skipped) out.push(`${INDENT}${s.file}: ${s.message}`);
  }
  return out;
}

/**
 * The access matrix is bounded: a secret read by more than `MAX_LISTED_READERS` principals lists them by group
 * (kind, where they come from, read and decrypt answers) with a count and a few examples, instead of one entry each.
 * 800 secrets each readable by 800 roles once made a JSON report of 2.9 GB ("Invalid string length"); grouped, the
 * report grows with the number of secrets and groups, not with their product.
 */
import type { Level } from "../knowledge/policy-evaluation.js";
import type { ReaderKind } from "./readers.js";

/** Readers of one secret listed one by one up to this many; past it, grouped. */
export const MAX_LISTED_READERS = 50;

/** Examples named in each group. */
const EXAMPLES = 3;

export interface ReaderGroup {
  kind: ReaderKind;
  /** The template, or for Terraform the module folder, the principals are declared in. */
  from: string;
  read: Exclude<Level, "no">;
  decrypt: Level;
  /** How many principals of the secret fall in this group. */
  principals: number;
  /** The first few of them, as the table names them. */
  examples: string[];
}

export interface GroupedReader {
  kind: ReaderKind;
  label: string;
  from: string;
  read: Exclude<Level, "no">;
  decrypt: Level;
}

/** Readers grouped by kind, origin, read and decrypt, in order of each group's first reader. */
export function readerGroups(readers: Iterable<GroupedReader>): ReaderGroup[] {
  const groups = new Map<string, ReaderGroup>();
  for (const reader of readers) {
    const key = `${reader.kind}\u0000${reader.from}\u0000${reader.read}\u0000${reader.decrypt}`;
    const group = groups.get(key);
    if (group) {
      group.principals++;
      if (group.examples.length < EXAMPLES) group.examples.push(reader.label);
    } else {
      groups.set(key, {
        kind: reader.kind,
        from: reader.from,
        read: reader.read,
        decrypt: reader.decrypt,
        principals: 1,
        examples: [reader.label],
      });
    }
  }
  return [...groups.values()];
}

/** Where a reader comes from, for grouping: its template, or for Terraform its module folder. */
export function originOf(file: string): string {
  return /\.tf(\.json)?$/.test(file) ? (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".") : file;
}

/**
 * Scanning while discovery walks. Before, every unit waited for the whole walk: on a repository of 14,000 files and
 * 6,000 folders (serverless-patterns) the walk is 1-2 s of the main thread's CPU, with every worker idle (they were not
 * even started). Now the pool starts once the walk has found `threshold` files, and each folder's files go to it as
 * the folder is listed. Once the walk is done, `results` puts each result where the scan of the whole list would
 * have: units are those `groupUnits` makes of the sorted list (a folder's files come together, so a Terraform module
 * is the same unit), and the report does not depend on the order the walk found them in.
 */
import type { DiscoveredFile } from "./discover.js";
import type { Pool, PoolOptions } from "./pool.js";
import { groupUnits, type ScanUnit, type UnitResult } from "./unit.js";

export class StreamingScan {
  private readonly buffered: DiscoveredFile[][] = [];
  private found = 0;
  private pool: Pool | undefined;
  private opening: Promise<void> | undefined;
  private cancelled = false;
  /** In the order the pool got them. */
  private readonly streamed: ScanUnit[] = [];

  constructor(
    private readonly threshold: number,
    private readonly options: PoolOptions,
  ) {}

  /** Files found so far (for a progress line while the walk goes on). */
  get files(): number {
    return this.found;
  }

  /** For `DiscoverOptions.onFiles`: one folder's files, sorted by path. */
  readonly add = (files: DiscoveredFile[]): void => {
    this.found += files.length;
    if (this.pool) return this.send(files);
    this.buffered.push(files);
    if (this.opening || this.found < this.threshold) return;
    // The pool module is not loaded for a scan under the threshold (a pre-commit run).
    this.opening = import("./pool.js").then(({ openPool }) => {
      if (this.cancelled) return;
      this.pool = openPool(this.options);
      for (const batch of this.buffered.splice(0)) this.send(batch);
    });
  };

  private send(files: DiscoveredFile[]): void {
    const units = groupUnits(files);
    for (const unit of units) this.streamed.push(unit);
    this.pool?.add(units);
  }

  /**
   * The results for `units` (made by `groupUnits` of every file discovered), in their order, once the pool is done;
   * undefined when the pool never started (fewer files than the threshold). A unit the pool did not scan as the same
   * files is left without a result, for the main thread.
   */
  async results(units: readonly ScanUnit[]): Promise<(UnitResult | undefined)[] | undefined> {
    await this.opening;
    if (!this.pool) return undefined;
    const scanned = await this.pool.close();
    const byFirstPath = new Map<string, number>();
    for (const [index, unit] of this.streamed.entries()) byFirstPath.set(firstPath(unit), index);
    return units.map((unit) => {
      const index = byFirstPath.get(firstPath(unit));
      return index !== undefined && sameFiles(this.streamed[index] as ScanUnit, unit) ? scanned[index] : undefined;
    });
  }

  /** The scan failed before `results`: stops the workers. */
  cancel(): void {
    this.cancelled = true;
    this.pool?.cancel();
  }
}

const firstPath = (unit: ScanUnit): string => unit.sources[0]?.path ?? "";

function sameFiles(a: ScanUnit, b: ScanUnit): boolean {
  // The same objects: discovery hands out each file once.
  return a.sources.length === b.sources.length && a.sources.every((source, i) => source === b.sources[i]);
}

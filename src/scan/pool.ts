/**
 * The worker-thread pool of `scan` (`--jobs N`). Each worker takes its own share of the units grouped by kind (see
 * `shares`), a few at a time (one running, the next ones' files being read); results come back as plain data and are put in their unit's slot, never
 * in completion order, so the report does not depend on timing. A worker takes its units in the order sent, so the
 * unit at the head of its queue is the one running: the main thread starts that unit's time budget (`maxFileSeconds`)
 * when it gets there, measured in the CPU time of the worker's thread (see `cpu-clock.ts`), so that the number of
 * workers sharing the cores does not change which files run out of it. When it runs out, the main thread terminates
 * the worker (a synchronous parser loop cannot be interrupted otherwise), records the error entry, and gives the
 * worker's other units to a new one.
 */
import { existsSync } from "node:fs";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { unitBudgetMs } from "../engine/config.js";
import { threadCpuMs } from "./cpu-clock.js";
import {
  overBudget,
  reviveResult,
  workerFailed,
  type ScanUnit,
  type StringTable,
  type UnitResult,
  type UnitSettings,
} from "./unit.js";

/**
 * The worker's entry: next to this module once compiled (`dist/scan/worker.js`). The one place that knows it, for a
 * bundler to adjust.
 */
export function workerUrl(): URL {
  const beside = new URL("./worker.js", import.meta.url);
  // The bundled CLI (scripts/bundle.mjs) writes the worker as dist/cli/chunks/worker.js, beside the chunk holding
  // this module; should this code land in dist/cli/main.js itself, the worker is one folder down.
  if (existsSync(beside)) return beside;
  const chunks = new URL("./chunks/worker.js", import.meta.url);
  return existsSync(chunks) ? chunks : beside;
}

export interface ToWorker {
  index: number;
  unit: ScanUnit;
}

export type FromWorker =
  /** `clock`: where the main thread reads the worker thread's CPU time (see `cpu-clock.ts`); absent off Linux. */
  | { type: "ready"; clock?: string }
  | { type: "done"; index: number; result: UnitResult }
  | { type: "failed"; index: number; message: string };

export interface PoolOptions {
  threads: number;
  settings: UnitSettings;
  /** Called as each unit is done, in completion order (for progress). */
  onDone?: (unit: ScanUnit) => void;
  url?: URL;
  /** The workers' heap limits; default `WORKER_LIMITS`. */
  limits?: ResourceLimits;
}

/** Units sent to a worker ahead: one running, the next ones' files being read meanwhile (a worker idles otherwise). */
const IN_FLIGHT = 4;

/**
 * A worker's heap. With V8's defaults each worker's heap grew to 150-230 MB, mostly garbage (its live data is ~40 MB
 * plus ~35 MB of tree-sitter memory outside the heap), and a scan peaked at 600-640 MB. Measured on the bench trees
 * (2 cores, `--jobs 2`): a young generation of 24 MB alone, 560 MB; with an old generation of 96, 128 or 160 MB as
 * well, 364-390 MB for 7-14 % more wall time (the 10k-file tree 14.6-14.9 s instead of 13.0 s). A unit that runs a
 * worker out of memory (a multi-megabyte template) is scanned again on the main thread, which has no such limit.
 */
export const WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 24 };

interface Slot {
  worker: Worker;
  /** Sent and not done, in the order the worker takes them: the first is running. */
  queue: number[];
  clock?: string;
  /** The running unit's budget and when it started, on the worker's CPU clock (or the wall clock without one). */
  running?: { index: number; budgetMs: number; startCpu?: number; startWall: number };
  /** The worker loaded its modules: a failure after this is about a unit, not about starting workers at all. */
  ready: boolean;
  retired: boolean;
  /** The share of `byKind` this worker takes from first (see `shares`). */
  share: Share;
}

/** A run of `byKind` positions, `[next, end)`: taken from the front by its worker, from the back by the others. */
export interface Share {
  next: number;
  end: number;
}

/** What parser a unit needs, as far as its name tells: its first file's extension (`.ts`, `.py`, `.yaml`...). */
function kindOf(unit: ScanUnit): string {
  const path = unit.sources[0]?.path ?? "";
  const slash = path.lastIndexOf("/");
  const dot = path.lastIndexOf(".");
  return dot > slash ? path.slice(dot).toLowerCase() : "";
}

/**
 * The units by kind (then in path order), cut into one share per worker. Each worker loads the parsers of the kinds
 * it sees (TypeScript alone is 0.3-0.5 s of CPU in every thread that reads one JavaScript file): in path order, every
 * worker met every kind and loaded every parser. A worker whose share is done takes from the back of the largest share
 * left, so no worker idles while units wait. Results still go to their unit's slot: the report does not change.
 */
export function shares(units: readonly ScanUnit[], threads: number): { byKind: number[]; shares: Share[] } {
  const kinds = units.map(kindOf);
  const byKind = units
    .map((_, index) => index)
    .sort((a, b) =>
      (kinds[a] as string) < (kinds[b] as string) ? -1 : (kinds[a] as string) > (kinds[b] as string) ? 1 : a - b,
    );
  const list: Share[] = [];
  for (let i = 0; i < threads; i++)
    list.push({ next: Math.floor((i * units.length) / threads), end: Math.floor(((i + 1) * units.length) / threads) });
  return { byKind, shares: list };
}

/**
 * Scans the units in worker threads. A unit left `undefined` in the result is for the caller to scan on the main
 * thread: no worker could start, or it ran its worker out of memory. A rule that throws rejects, as it does on the
 * main thread.
 */
export function runPool(units: readonly ScanUnit[], options: PoolOptions): Promise<(UnitResult | undefined)[]> {
  const url = options.url ?? workerUrl();
  const seconds = options.settings.maxFileSeconds;
  const results: (UnitResult | undefined)[] = new Array<UnitResult | undefined>(units.length).fill(undefined);
  const requeued: number[] = [];
  const slots = new Set<Slot>();
  const threads = Math.max(1, Math.min(options.threads, units.length));
  const { byKind, shares: unclaimed } = shares(units, threads);
  const allShares = [...unclaimed];
  let remaining = units.length;
  let broken = false;
  const strings: StringTable = new Map();
  // Without a CPU clock (not Linux), a wall clock stretched by how many workers share each core.
  const wallStretch = Math.max(1, Math.min(options.threads, units.length) / availableParallelism());
  let watch: NodeJS.Timeout | undefined;

  return new Promise((resolvePool, rejectPool) => {
    const resolve = (value: (UnitResult | undefined)[]) => {
      clearInterval(watch);
      resolvePool(value);
    };
    const reject = (error: Error) => {
      clearInterval(watch);
      rejectPool(error);
    };
    if (remaining === 0) return resolve(results);
    const take = (slot: Slot): number | undefined => {
      const again = requeued.shift();
      if (again !== undefined) return again;
      if (slot.share.next < slot.share.end) return byKind[slot.share.next++];
      let largest: Share | undefined;
      for (const share of allShares)
        if (share.end - share.next > (largest ? largest.end - largest.next : 0)) largest = share;
      return largest ? byKind[--largest.end] : undefined;
    };
    const retire = (slot: Slot) => {
      slot.retired = true;
      slot.running = undefined;
      slots.delete(slot);
      void slot.worker.terminate();
    };
    const stopAll = () => {
      for (const slot of [...slots]) retire(slot);
    };
    /** Starts the budget of the unit the worker is on now. */
    const arm = (slot: Slot) => {
      const index = slot.queue[0];
      // A Terraform module is one unit: its budget is that of its files together.
      const budgetMs = index === undefined ? 0 : unitBudgetMs(seconds, (units[index] as ScanUnit).sources.length);
      if (index === undefined || budgetMs <= 0) {
        slot.running = undefined;
        return;
      }
      const startCpu = slot.clock !== undefined ? threadCpuMs(slot.clock) : undefined;
      slot.running = { index, budgetMs, startWall: performance.now(), ...(startCpu !== undefined ? { startCpu } : {}) };
    };
    /** How much of its budget the running unit has used. */
    const used = (slot: Slot, running: NonNullable<Slot["running"]>): number => {
      if (slot.clock === undefined || running.startCpu === undefined)
        return (performance.now() - running.startWall) / wallStretch;
      // A thread already gone has used nothing more: its exit is handled as a crash.
      const cpu = threadCpuMs(slot.clock);
      return cpu === undefined ? 0 : cpu - running.startCpu;
    };
    const check = () => {
      for (const slot of [...slots]) {
        const running = slot.running;
        if (running && used(slot, running) > running.budgetMs)
          lose(slot, running.index, overBudget(units[running.index] as ScanUnit, seconds));
      }
    };
    if (seconds > 0) {
      // Often enough that a unit stops within a twentieth of its budget past it; /proc reads cost ~0.3 ms each.
      watch = setInterval(check, Math.min(250, Math.max(20, unitBudgetMs(seconds, 1) / 20)));
    }
    const feed = (slot: Slot) => {
      const idle = slot.queue.length === 0;
      while (slot.queue.length < IN_FLIGHT) {
        const index = take(slot);
        if (index === undefined) break;
        slot.queue.push(index);
        slot.worker.postMessage({ index, unit: units[index] as ScanUnit } satisfies ToWorker);
      }
      if (idle && slot.ready) arm(slot);
    };
    const settle = (index: number, result: UnitResult) => {
      results[index] = result;
      options.onDone?.(units[index] as ScanUnit);
      if (--remaining === 0) {
        stopAll();
        resolve(results);
      }
    };
    /** The worker is gone: `index` (if any) gets `result`, its other units go to the others or a new worker. */
    const lose = (slot: Slot, index: number | undefined, result: UnitResult | undefined) => {
      retire(slot);
      requeued.unshift(...slot.queue.filter((i) => i !== index));
      if (index !== undefined && result) settle(index, result);
      if (remaining === 0) return;
      if (!broken) spawn(slot.share);
      else if (slots.size === 0) resolve(results);
      else for (const other of slots) feed(other);
    };
    /** A new worker takes over the share of the one it replaces (`inherited`), or one nobody has yet. */
    const spawn = (inherited?: Share) => {
      let worker: Worker;
      try {
        worker = new Worker(url, { workerData: options.settings, resourceLimits: options.limits ?? WORKER_LIMITS });
      } catch {
        // No worker can start here (no entry file, no threads): the main thread takes over.
        broken = true;
        if (slots.size === 0) resolve(results);
        return;
      }
      const slot: Slot = {
        worker,
        queue: [],
        ready: false,
        retired: false,
        share: inherited ?? unclaimed.shift() ?? { next: 0, end: 0 },
      };
      slots.add(slot);
      worker.on("message", (message: FromWorker) => {
        if (slot.retired) return;
        switch (message.type) {
          case "ready":
            // The worker's own start-up (loading its modules) does not count in its first unit's budget.
            slot.ready = true;
            if (message.clock !== undefined) slot.clock = message.clock;
            arm(slot);
            return;
          case "done":
            slot.queue.splice(slot.queue.indexOf(message.index), 1);
            arm(slot);
            feed(slot);
            settle(message.index, reviveResult(message.result, strings));
            return;
          case "failed":
            stopAll();
            reject(new Error(message.message));
            return;
        }
      });
      const crashed = (reason: string, code?: unknown) => {
        if (slot.retired) return;
        const index = slot.queue[0];
        if (code === "ERR_WORKER_OUT_OF_MEMORY") {
          // Not a failure of the file: it needs more memory than a worker has. Left for the main thread.
          if (index !== undefined) remaining--;
          if (remaining === 0) {
            stopAll();
            resolve(results);
          } else lose(slot, index, undefined);
          return;
        }
        if (!slot.ready) {
          // The worker could not even load (a missing entry file): no worker will; the main thread takes over.
          broken = true;
          lose(slot, undefined, undefined);
          return;
        }
        lose(slot, index, index !== undefined ? workerFailed(units[index] as ScanUnit, reason) : undefined);
      };
      worker.on("error", (error: Error & { code?: unknown }) => crashed(error.message, error.code));
      worker.on("exit", (code) => crashed(`exit code ${code}`));
      feed(slot);
    };
    for (let i = 0; i < threads; i++) spawn();
  });
}

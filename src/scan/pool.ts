/**
 * The worker-thread pool of `scan` (`--jobs N`). Units can be added while the pool runs (discovery streams them in
 * as it walks, see `stream.ts`); each worker keeps to the kinds of file it claimed (see `dispatch.ts`), a few units at a
 * time (one running, the next ones' files being read); results come back as plain data and are put in their unit's
 * slot, never in completion order, so the report does not depend on timing. A worker takes its units in the order sent, so the
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
import { Dispatch, kindOf } from "./dispatch.js";
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
 * The worker's entry: next to this module once compiled (`dist/scan/worker.js`), or the bundle's `worker.cjs` beside
 * the chunk holding this module (scripts/bundle.mjs). The one place that knows it, for a bundler to adjust.
 */
export function workerUrl(): URL {
  const beside = new URL("./worker.js", import.meta.url);
  if (existsSync(beside)) return beside;
  const bundled = new URL("./worker.cjs", import.meta.url);
  return existsSync(bundled) ? bundled : beside;
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
  /**
   * The running unit's budget and when it started: on the wall clock, and on the worker's CPU clock from the first
   * watch tick that finds the unit still running (see `used`).
   */
  running?: { index: number; budgetMs: number; startCpu?: number; startWall: number };
  /** The worker loaded its modules: a failure after this is about a unit, not about starting workers at all. */
  ready: boolean;
  retired: boolean;
}

/** A pool open to more units until `close`. */
export interface Pool {
  /** Units to scan; their results come after those of the units added before, in the order given. */
  add(units: readonly ScanUnit[]): void;
  /**
   * No more units: resolves once each unit added is done. A unit left `undefined` is for the caller to scan on the
   * main thread: no worker could start, or it ran its worker out of memory. A rule that throws rejects, as it does on
   * the main thread.
   */
  close(): Promise<(UnitResult | undefined)[]>;
  /** Stops the workers; `close` then resolves with what is done (the scan failed meanwhile). */
  cancel(): void;
}

/** Scans `units` in worker threads: see `Pool.close` for the result. */
export function runPool(units: readonly ScanUnit[], options: PoolOptions): Promise<(UnitResult | undefined)[]> {
  const pool = openPool(options);
  pool.add(units);
  return pool.close();
}

/** Starts a pool; workers start as units come, up to `options.threads`. */
export function openPool(options: PoolOptions): Pool {
  const url = options.url ?? workerUrl();
  const seconds = options.settings.maxFileSeconds;
  const units: ScanUnit[] = [];
  const results: (UnitResult | undefined)[] = [];
  const slots = new Set<Slot>();
  const dispatch = new Dispatch<Slot>();
  const threads = Math.max(1, options.threads);
  let remaining = 0;
  let broken = false;
  let closed = false;
  let finished = false;
  const strings: StringTable = new Map();
  let watch: NodeJS.Timeout | undefined;
  let resolvePool: (value: (UnitResult | undefined)[]) => void = () => undefined;
  let rejectPool: (error: Error) => void = () => undefined;
  const outcome = new Promise<(UnitResult | undefined)[]>((resolve, reject) => {
    resolvePool = resolve;
    rejectPool = reject;
  });
  // A rule that throws while discovery still runs: `close` hands the rejection on.
  outcome.catch(() => undefined);

  const end = () => {
    finished = true;
    clearInterval(watch);
    for (const slot of [...slots]) retire(slot);
  };
  const resolve = () => {
    if (finished) return;
    end();
    resolvePool(results);
  };
  const reject = (error: Error) => {
    if (finished) return;
    end();
    rejectPool(error);
  };
  /** Every unit added has a result, or no worker is left to give one. */
  const settleIfDone = () => {
    if (closed && (remaining === 0 || (broken && slots.size === 0))) resolve();
  };
  const retire = (slot: Slot) => {
    slot.retired = true;
    slot.running = undefined;
    slots.delete(slot);
    void slot.worker.terminate();
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
    slot.running = { index, budgetMs, startWall: performance.now() };
  };
  /** How much of its budget the running unit has used. */
  const used = (slot: Slot, running: NonNullable<Slot["running"]>): number => {
    if (slot.clock === undefined) {
      // Without a CPU clock (not Linux), a wall clock stretched by how many workers share each core.
      return (performance.now() - running.startWall) / Math.max(1, slots.size / availableParallelism());
    }
    // A thread already gone has used nothing more: its exit is handled as a crash.
    const cpu = threadCpuMs(slot.clock);
    if (cpu === undefined) return 0;
    // The clock is read from the first tick that finds the unit running, not as it starts: most units are done
    // before the first tick, and a read at each start cost the main thread ~85 us of CPU (up to a millisecond of
    // wall time on a busy machine) per unit, 0.7 s over the 8,700 units of serverless-patterns, while the workers
    // waited for their next unit. A unit so gets up to one tick (a fortieth of a 10 s budget) more.
    running.startCpu ??= cpu;
    return cpu - running.startCpu;
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
      const index = dispatch.take(slot);
      if (index === undefined) break;
      slot.queue.push(index);
      slot.worker.postMessage({ index, unit: units[index] as ScanUnit } satisfies ToWorker);
    }
    if (idle && slot.ready) arm(slot);
  };
  const settle = (index: number, result: UnitResult) => {
    results[index] = result;
    remaining--;
    options.onDone?.(units[index] as ScanUnit);
    settleIfDone();
  };
  /** The worker is gone: `index` (if any) gets `result`, its other units go to the others or a new worker. */
  const lose = (slot: Slot, index: number | undefined, result: UnitResult | undefined) => {
    retire(slot);
    dispatch.giveBack(slot.queue.filter((i) => i !== index));
    if (index !== undefined && result) settle(index, result);
    if (finished) return;
    const replacement = broken ? undefined : spawn();
    dispatch.handOver(slot, replacement);
    if (replacement === undefined) {
      settleIfDone();
      for (const other of slots) feed(other);
    } else feed(replacement);
  };
  /** A new worker, or undefined when none can start here. */
  const spawn = (): Slot | undefined => {
    let worker: Worker;
    try {
      worker = new Worker(url, { workerData: options.settings, resourceLimits: options.limits ?? WORKER_LIMITS });
    } catch {
      // No worker can start here (no entry file, no threads): the main thread takes over.
      broken = true;
      return undefined;
    }
    const slot: Slot = { worker, queue: [], ready: false, retired: false };
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
        if (closed && remaining === 0) resolve();
        else lose(slot, index, undefined);
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
    return slot;
  };

  return {
    add(added) {
      if (finished) {
        // The pool failed or was cancelled: these units stay without a result.
        for (const unit of added) {
          units.push(unit);
          results.push(undefined);
        }
        return;
      }
      for (const unit of added) {
        dispatch.add(units.length, kindOf(unit));
        units.push(unit);
        results.push(undefined);
        remaining++;
      }
      // One worker per unit at most: a pool of one Terraform module does not start a second thread.
      while (!broken && slots.size < Math.min(threads, units.length)) spawn();
      for (const slot of slots) feed(slot);
      // No worker could start: the main thread takes these units too.
      settleIfDone();
    },
    close() {
      closed = true;
      settleIfDone();
      return outcome;
    },
    cancel() {
      if (finished) return;
      end();
      resolvePool(results);
    },
  };
}

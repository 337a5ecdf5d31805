/**
 * The CPU time of one thread, so that a unit's time budget counts the work of the unit itself: a wall clock also
 * counts the time the thread waited for a core, and with more threads than cores (`--jobs 48` on 2 cores) files over
 * a tenth of their budget ran out of it and lost their findings. Node 20 has no per-thread CPU clock; Linux gives
 * each thread's in `/proc/<pid>/task/<tid>/stat`, which another thread can read while this one is busy (a worker in
 * a synchronous loop cannot answer messages). Elsewhere there is none, and the pool falls back to a wall clock.
 */
import { readFileSync, readlinkSync } from "node:fs";

/** Linux's USER_HZ: `/proc` counts CPU time in hundredths of a second on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** Where the calling thread's CPU time can be read from any thread (`<pid>/task/<tid>`), if anywhere. */
export function currentThreadClock(): string | undefined {
  try {
    const self = readlinkSync("/proc/thread-self");
    return /^\d+\/task\/\d+$/.test(self) ? self : undefined;
  } catch {
    return undefined;
  }
}

/** Milliseconds of CPU (user and system) the thread `clock` (from `currentThreadClock`) has used; undefined once it is gone. */
export function threadCpuMs(clock: string): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${clock}/stat`, "latin1");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(system) ? ((user + system) * 1000) / TICKS_PER_SECOND : undefined;
}

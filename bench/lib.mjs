// Shared helpers of the benchmark scripts: whole processes timed from outside, medians, peak RSS.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CLI = join(ROOT, "dist/cli/main.js");
const TIME = "/usr/bin/time";

/**
 * Runs a command once; returns wall milliseconds (measured here, around the whole process), the exit status and, when
 * GNU time is installed, the peak RSS in MB and the CPU time (user + system, all threads) in milliseconds: on a busy
 * machine the CPU time still compares two runs where the wall time does not.
 */
export function runOnce(command, args, { cwd, timeoutMs = 30 * 60_000 } = {}) {
  const rssFile = join(tmpdir(), `sw-bench-rss-${process.pid}`);
  const withTime = existsSync(TIME);
  const [cmd, argv] = withTime ? [TIME, ["-f", "%M %U %S", "-o", rssFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, argv, {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rssMb;
  let cpuMs;
  if (withTime && existsSync(rssFile)) {
    const [kb, user, system] = (readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "").split(" ").map(Number);
    rssMb = Number.isFinite(kb) ? kb / 1024 : undefined;
    cpuMs = Number.isFinite(user) && Number.isFinite(system) ? (user + system) * 1000 : undefined;
    rmSync(rssFile, { force: true });
  }
  return { ms, status: result.status, signal: result.signal, rssMb, cpuMs, stderr: result.stderr?.toString() ?? "" };
}

/** Median wall time (and the largest peak RSS) over `runs` runs, after `warmup` unmeasured ones. */
export function measure(command, args, { runs = 5, warmup = 1, ...options } = {}) {
  for (let i = 0; i < warmup; i++) runOnce(command, args, options);
  const all = [];
  for (let i = 0; i < runs; i++) all.push(runOnce(command, args, options));
  const times = all.map((r) => r.ms).sort((a, b) => a - b);
  const rss = all.map((r) => r.rssMb ?? 0);
  const cpu = all.map((r) => r.cpuMs ?? 0).sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    /** Median CPU time (user + system) in milliseconds, when GNU time is installed. */
    cpuMs: cpu[Math.floor(cpu.length / 2)] || undefined,
    min: times[0],
    max: times[times.length - 1],
    runs,
    rssMb: Math.max(...rss) || undefined,
    status: all[0]?.status,
    /** Killed by the timeout: `median` is then a lower bound. */
    timedOut: all.some((r) => r.signal === "SIGTERM" || r.signal === "SIGKILL"),
    stderr: all[0]?.stderr,
  };
}

export const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);
export const fmtMb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

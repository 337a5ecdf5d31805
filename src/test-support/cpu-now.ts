/**
 * The CPU time this test process has used, in milliseconds, for tests that bound how long a step may take: a wall
 * clock also counts the time the process waited for a core, and on a loaded 2-core CI machine a linear step then
 * looked slow. CPU time is what a quadratic or backtracking step spends; waiting is not.
 */
export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

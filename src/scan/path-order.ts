import { resolve } from "node:path";

/**
 * The order of a scan's files in their repository, whatever the directory the scan started from: paths are relative to
 * `cwd`, so a run from `infra/` names its own files `a.tf` and the others `../other/b.tf`, and plain string order would
 * put every `../` file first. Absolute paths order files as a scan from the root does (they share its prefix). The
 * audit note sits at the first secret in this order, so a run from a subfolder gives it to the same file as a run
 * from the root.
 */
export function repositoryOrder(cwd: string): (a: string, b: string) => number {
  const keys = new Map<string, string>();
  const key = (path: string): string => {
    let known = keys.get(path);
    if (known === undefined) {
      known = resolve(cwd, path).replace(/\\/g, "/");
      keys.set(path, known);
    }
    return known;
  };
  return (a, b) => {
    // Two paths inside cwd compare as their absolute paths do: no resolving (a pre-commit run compares every file).
    const outside = a.startsWith("../") || b.startsWith("../");
    const x = outside ? key(a) : a;
    const y = outside ? key(b) : b;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

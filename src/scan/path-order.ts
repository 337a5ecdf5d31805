import { resolve } from "node:path";

/**
 * The order of a scan's files in their repository, whatever the directory the scan started from: paths are relative to
 * `cwd`, so a run from `infra/` names its own files `a.tf` and the others `../other/b.tf`, and plain string order would
 * put every `../` file first. Absolute paths order files as a scan from the root does (they share its prefix). The
 * audit note sits at the first secret in this order, so a run from a subfolder gives it to the same file as a run
 * from the root.
 */
export function repositoryOrder(cwd: string): (path: string) => string {
  const keys = new Map<string, string>();
  return (path) => {
    let key = keys.get(path);
    if (key === undefined) {
      key = resolve(cwd, path).replace(/\\/g, "/");
      keys.set(path, key);
    }
    return key;
  };
}

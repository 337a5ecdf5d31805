/**
 * The project root that report paths are stable against: `--root`, else the git work tree that holds the first
 * scanned path (the current directory when none is given), else the current directory. SARIF URIs are relative to
 * it, so that GitHub code scanning sees `infra/template.yaml` whether the scan ran as `secretwarden infra`, from
 * `infra/`, or as `secretwarden ../infra` from a sibling folder.
 */
import { stat } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";

export class RootNotFoundError extends Error {
  // The CLI prints errors of this name as one line (exit 2), as it does for a scanned path that does not exist.
  override name = "PathNotFoundError";
}

export async function projectRoot(
  cwd: string,
  paths: readonly string[],
  rootFlag: string | undefined,
): Promise<string> {
  if (rootFlag !== undefined) {
    const root = resolve(cwd, rootFlag);
    if (!(await isDirectory(root))) throw new RootNotFoundError(`--root ${rootFlag} is not a directory`);
    return root;
  }
  const first = resolve(cwd, paths[0] ?? ".");
  const start = (await isDirectory(first)) ? first : dirname(first);
  return (await gitWorkTree(start)) ?? cwd;
}

/**
 * The nearest folder at or above `start` holding `.git` (a folder in a clone, a file in a linked worktree or a
 * submodule): what `git rev-parse --show-toplevel` answers, without starting a git process.
 */
async function gitWorkTree(start: string): Promise<string | undefined> {
  let directory = start;
  for (;;) {
    if (await exists(resolve(directory, ".git"))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The root as the JSON report gives it: relative to the current directory, forward slashes, "." for itself. */
export function rootFromCwd(cwd: string, root: string): string {
  const path = relative(cwd, root);
  return path === "" ? "." : path.split(sep).join("/");
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The project root that report paths are stable against: `--root`, else the git work tree that holds the first
 * scanned path (the current directory when none is given), else the current directory. SARIF URIs are relative to
 * it, so that GitHub code scanning sees `infra/template.yaml` whether the scan ran as `secretwarden infra`, from
 * `infra/`, or as `secretwarden ../infra` from a sibling folder.
 */
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { delimiter, dirname, join, relative, resolve, sep } from "node:path";

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

/**
 * The git work tree that holds `directory` (absolute), or undefined: the nearest folder at or above it with a `.git`
 * entry (a folder in a clone, a file in a linked work tree or a submodule), as git looks for it (not above a folder of
 * `GIT_CEILING_DIRECTORIES`), without starting a git process for each file of a pre-commit batch.
 */
export function repositoryOf(
  directory: string,
  env: NodeJS.ProcessEnv = process.env,
  known: Map<string, string | undefined> = new Map(),
): string | undefined {
  const ceilings = new Set((env.GIT_CEILING_DIRECTORIES ?? "").split(delimiter).filter((dir) => dir !== ""));
  const visited: string[] = [];
  let found: string | undefined;
  for (let current = directory; ; ) {
    if (known.has(current)) {
      found = known.get(current);
      break;
    }
    visited.push(current);
    if (existsSync(join(current, ".git"))) {
      found = current;
      break;
    }
    const parent = dirname(current);
    if (parent === current || ceilings.has(parent)) break;
    current = parent;
  }
  for (const folder of visited) known.set(folder, found);
  return found;
}

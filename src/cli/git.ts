/** What `--staged` and `--diff-base` read from git: file contents from the index or from a commit, never the work tree. */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { decode } from "../scan/discover.js";

const run = promisify(execFile);

export class GitError extends Error {
  override name = "GitError";
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", args, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
    throw new GitError(`git ${args.join(" ")} failed: ${stderr || (error as Error).message}`);
  }
}

export interface GitFile {
  /** Relative to cwd, forward slashes. */
  path: string;
  text: string;
}

/** The work tree root of the repository that holds `cwd`. */
export async function topLevel(cwd: string): Promise<string> {
  return (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
}

/** The git work tree root that holds `cwd`, or undefined outside a repository (or without git). */
export async function workTreeRoot(cwd: string): Promise<string | undefined> {
  try {
    return await topLevel(cwd);
  } catch {
    return undefined;
  }
}

/** Keeps the repository paths under one of `paths` (relative to cwd), or under `whole` when none is given, as paths relative to cwd. */
function underPaths(root: string, cwd: string, names: string[], paths: string[], whole: string): string[] {
  const scopes = paths.length ? paths.map((given) => path.resolve(cwd, given)) : [whole];
  return names.flatMap((name) => {
    const absolute = path.join(root, name);
    if (
      !scopes.some(
        (scope) => absolute === scope || absolute.startsWith(scope.endsWith(path.sep) ? scope : scope + path.sep),
      )
    )
      return [];
    return [path.relative(cwd, absolute).split(path.sep).join("/")];
  });
}

/**
 * Reads blobs by object id in one `git cat-file --batch` process. Ids, not `:path` names: a path may hold a newline
 * (the separator of the batch's input) or a tab, and one such name would shift every answer after it.
 */
export async function readBlobs(root: string, ids: string[]): Promise<(string | undefined)[]> {
  if (ids.length === 0) return [];
  const { spawn } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd: root });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file --batch exited with ${code}`));
      const out = Buffer.concat(chunks);
      const texts: (string | undefined)[] = [];
      let at = 0;
      for (let i = 0; i < ids.length; i++) {
        const newline = out.indexOf(10, at);
        const header = out.subarray(at, newline).toString("utf8");
        at = newline + 1;
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
          texts.push(undefined);
          continue;
        }
        const size = Number(header.split(" ")[2]);
        const bytes = out.subarray(at, at + size);
        // As a file on disk is read: UTF-16 with a BOM decoded, a UTF-8 BOM dropped. A binary blob stays as it is,
        // for the scan's binary check (a NUL) to skip it.
        texts.push(decode(bytes) ?? bytes.toString("utf8"));
        at += size + 1;
      }
      resolve(texts);
    });
    child.stdin.end(ids.map((id) => `${id}\n`).join(""));
  });
}

/** A file of the index or of a commit: its path in the repository and its blob's id. */
export interface GitEntry {
  name: string;
  id: string;
}

/** Gitlinks (submodules) have no content here; symbolic links are read as the blob git stores (their target). */
const isContent = (mode: string) => mode !== "160000";

/** Every file of the index (stage 0: a file in a merge conflict has no one content), with its blob's id. */
export async function indexEntries(root: string): Promise<GitEntry[]> {
  // `mode id stage<TAB>path<NUL>`
  const out = await git(root, ["ls-files", "--stage", "-z"]);
  return out.split("\0").flatMap((record) => {
    const tab = record.indexOf("\t");
    if (tab < 0) return [];
    const [mode = "", id = "", stage = ""] = record.slice(0, tab).split(" ");
    return stage === "0" && isContent(mode) ? [{ name: record.slice(tab + 1), id }] : [];
  });
}

/**
 * The commit `ref` names. A CI checkout is shallow by default (actions/checkout fetches one commit): there the base is
 * missing for a reason git does not tell ("Needed a single revision"), so the message says how to fetch it.
 */
async function baseCommit(root: string, ref: string): Promise<string> {
  try {
    return (await git(root, ["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`])).trim();
  } catch (error) {
    const shallow = await git(root, ["rev-parse", "--is-shallow-repository"]).then(
      (out) => out.trim() === "true",
      () => false,
    );
    if (!shallow) throw error;
    throw new GitError(
      `--diff-base ${ref}: this is a shallow clone and ${ref} is not in it. Fetch the history: in GitHub Actions, give actions/checkout \`fetch-depth: 0\`; elsewhere, run \`git fetch --unshallow\` and fetch the base branch.`,
    );
  }
}

/** The work tree root and the files of its index, read once for `--staged` and its context (each git process costs). */
export interface IndexSnapshot {
  root: string;
  entries: GitEntry[];
}

export async function indexSnapshot(cwd: string): Promise<IndexSnapshot> {
  const root = await topLevel(cwd);
  return { root, entries: await indexEntries(root) };
}

/** The staged files (added, copied, modified, renamed) under `paths`, with their content in the index. */
export async function stagedFiles(cwd: string, paths: string[], snapshot?: IndexSnapshot): Promise<GitFile[]> {
  const { root, entries: all } = snapshot ?? (await indexSnapshot(cwd));
  const names = new Set(
    (await git(root, ["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"]))
      .split("\0")
      .filter((n) => n !== ""),
  );
  const entries = all.filter((entry) => names.has(entry.name));
  // No paths: the staged files of the whole repository, as `git diff --cached` lists them from any of its folders.
  return loadEntries(root, cwd, entries, paths, root);
}

/** Every file of commit `ref` under `paths`, with its content at that commit. */
export async function filesAt(cwd: string, ref: string, paths: string[]): Promise<GitFile[]> {
  const root = await topLevel(cwd);
  const commit = await baseCommit(root, ref);
  // `mode type id<TAB>path<NUL>`
  const entries = (await git(root, ["ls-tree", "-r", "--full-tree", "-z", commit])).split("\0").flatMap((record) => {
    const tab = record.indexOf("\t");
    if (tab < 0) return [];
    const [mode = "", type = "", id = ""] = record.slice(0, tab).split(" ");
    return type === "blob" && isContent(mode) ? [{ name: record.slice(tab + 1), id }] : [];
  });
  // No paths: the current folder, as the scan it is compared with.
  return loadEntries(root, cwd, entries, paths, cwd);
}

async function loadEntries(
  root: string,
  cwd: string,
  entries: GitEntry[],
  paths: string[],
  whole: string,
): Promise<GitFile[]> {
  const selected = entries.flatMap((entry) =>
    underPaths(root, cwd, [entry.name], paths, whole).map((relative) => ({ relative, id: entry.id })),
  );
  const texts = await readBlobs(
    root,
    selected.map((entry) => entry.id),
  );
  return selected.flatMap((entry, i) => {
    const text = texts[i];
    return text === undefined ? [] : [{ path: entry.relative, text }];
  });
}

/**
 * The files of the index under the work tree root that `wants` keeps (paths relative to cwd), for `--staged`'s context.
 * The first read reads them all, in one `git cat-file --batch`.
 */
export async function indexFiles(
  cwd: string,
  wants: (relative: string) => boolean,
  snapshot?: IndexSnapshot,
): Promise<{ path: string; read: () => Promise<string | undefined> }[]> {
  const { root, entries: all } = snapshot ?? (await indexSnapshot(cwd));
  const entries = all.flatMap((entry) => {
    const relative = path.relative(cwd, path.join(root, entry.name)).split(path.sep).join("/");
    return wants(relative) ? [{ relative, id: entry.id }] : [];
  });
  let texts: Promise<(string | undefined)[]> | undefined;
  return entries.map((entry, i) => ({
    path: entry.relative,
    read: async () =>
      (
        await (texts ??= readBlobs(
          root,
          entries.map((e) => e.id),
        ))
      )[i],
  }));
}

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

async function topLevel(cwd: string): Promise<string> {
  return (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
}

/** Keeps the repository paths under one of `paths` (relative to cwd), as paths relative to cwd. */
function underPaths(root: string, cwd: string, names: string[], paths: string[]): string[] {
  const scopes = (paths.length ? paths : ["."]).map((given) => path.resolve(cwd, given));
  return names.flatMap((name) => {
    const absolute = path.join(root, name);
    if (!scopes.some((scope) => absolute === scope || absolute.startsWith(scope.endsWith(path.sep) ? scope : scope + path.sep))) return [];
    return [path.relative(cwd, absolute).split(path.sep).join("/")];
  });
}

/** Reads many blobs in one `git cat-file --batch` process. */
async function readBlobs(root: string, specs: string[]): Promise<(string | undefined)[]> {
  if (specs.length === 0) return [];
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
      for (let i = 0; i < specs.length; i++) {
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
    child.stdin.end(specs.map((spec) => `${spec}\n`).join(""));
  });
}

/** The staged files (added, copied, modified, renamed) under `paths`, with their content in the index. */
export async function stagedFiles(cwd: string, paths: string[]): Promise<GitFile[]> {
  const root = await topLevel(cwd);
  const names = (await git(root, ["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"])).split("\0").filter((n) => n !== "");
  const selected = names.filter((_, i) => underPaths(root, cwd, [names[i] as string], paths).length > 0);
  const texts = await readBlobs(root, selected.map((name) => `:${name}`));
  return selected.flatMap((name, i) => {
    const text = texts[i];
    return text === undefined ? [] : [{ path: underPaths(root, cwd, [name], paths)[0] as string, text }];
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
    const shallow = await git(root, ["rev-parse", "--is-shallow-repository"]).then((out) => out.trim() === "true", () => false);
    if (!shallow) throw error;
    throw new GitError(
      `--diff-base ${ref}: this is a shallow clone and ${ref} is not in it. Fetch the history: in GitHub Actions, give actions/checkout \`fetch-depth: 0\`; elsewhere, run \`git fetch --unshallow\` and fetch the base branch.`,
    );
  }
}

/** Every file of commit `ref` under `paths`, with its content at that commit. */
export async function filesAt(cwd: string, ref: string, paths: string[]): Promise<GitFile[]> {
  const root = await topLevel(cwd);
  const commit = await baseCommit(root, ref);
  const names = (await git(root, ["ls-tree", "-r", "--name-only", "-z", commit])).split("\0").filter((n) => n !== "");
  const selected = names.filter((name) => underPaths(root, cwd, [name], paths).length > 0);
  const texts = await readBlobs(root, selected.map((name) => `${commit}:${name}`));
  return selected.flatMap((name, i) => {
    const text = texts[i];
    return text === undefined ? [] : [{ path: underPaths(root, cwd, [name], paths)[0] as string, text }];
  });
}

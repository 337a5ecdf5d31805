/**
 * What `--staged` and `--diff-base` read from git: file contents from the index or from a commit. A file of the index
 * that git says is unchanged in the work tree is read from the disk (the same content, read far faster; with a clean
 * filter such as `core.autocrlf` or LFS, the content a whole scan of the work tree reads).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { decode } from "../scan/discover.js";
import type { StoredFile } from "../scan/context.js";
import { repositoryOf } from "./project-root.js";

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

/**
 * The work tree root of the repository that holds `cwd`, found on the disk as git finds it (each git process costs a
 * pre-commit run a few milliseconds), or asked of git where its environment names the repository (`GIT_DIR`,
 * `GIT_WORK_TREE`, as in some hooks) or none is found (git's message then says what is wrong).
 */
async function workTreeOf(cwd: string): Promise<string> {
  if (process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined) {
    const found = repositoryOf(path.resolve(cwd));
    if (found !== undefined) return found;
  }
  return topLevel(cwd);
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
  const reader = new BlobReader(root);
  try {
    return (await reader.read(ids)).map((bytes) => (bytes === undefined ? undefined : blobText(bytes)));
  } finally {
    reader.close();
  }
}

/**
 * A blob's text as a file on disk is read: UTF-16 with a BOM decoded, a UTF-8 BOM dropped. A binary blob stays as it is,
 * for the scan's binary check (a NUL) to skip it.
 */
export const blobText = (bytes: Buffer): string => decode(bytes) ?? bytes.toString("utf8");

/**
 * One `git cat-file --batch` process for a whole run, asked for blobs as they are needed: the staged files first, their
 * context later, without a second process (each costs tens of milliseconds of a pre-commit run). `close` ends it.
 */
export class BlobReader {
  private child: ReturnType<typeof import("node:child_process").spawn> | undefined;
  private starting: Promise<void> | undefined;
  /** Answers still to come, in the order asked. */
  private readonly waiting: { resolve: (bytes: Buffer | undefined) => void; reject: (error: Error) => void }[] = [];
  /** Output not parsed yet, as it came. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The size of the blob whose bytes are awaited; undefined while a header is awaited. */
  private size: number | undefined;
  private failure: Error | undefined;

  constructor(private readonly root: string) {}

  /** The bytes of each blob, undefined for an id git does not have. */
  async read(ids: readonly string[]): Promise<(Buffer | undefined)[]> {
    if (ids.length === 0) return [];
    await (this.starting ??= this.start());
    if (this.failure) throw this.failure;
    const answers = ids.map(
      (_id) =>
        new Promise<Buffer | undefined>((resolve, reject) => {
          this.waiting.push({ resolve, reject });
        }),
    );
    this.child?.stdin?.write(ids.map((id) => `${id}\n`).join(""));
    return Promise.all(answers);
  }

  close(): void {
    this.child?.stdin?.end();
  }

  private async start(): Promise<void> {
    const { spawn } = await import("node:child_process");
    const child = spawn("git", ["cat-file", "--batch"], { cwd: this.root, stdio: ["pipe", "pipe", "ignore"] });
    this.child = child;
    child.stdout?.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.drain();
    });
    child.stdin?.on("error", () => undefined);
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiting of this.waiting.splice(0)) waiting.reject(this.failure);
    };
    child.on("error", (error) => fail(new GitError(`git cat-file --batch failed: ${error.message}`)));
    child.on("close", (code) => {
      if (this.waiting.length > 0) fail(new GitError(`git cat-file --batch exited with ${code}`));
    });
  }

  /** Hands out every answer complete in the output so far. */
  private drain(): void {
    for (;;) {
      if (this.size === undefined) {
        const header = this.line();
        if (header === undefined) return;
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
          this.waiting.shift()?.resolve(undefined);
          continue;
        }
        this.size = Number(header.split(" ")[2]);
      }
      // The blob and the newline after it.
      if (this.buffered < this.size + 1) return;
      const bytes = this.take(this.size + 1).subarray(0, this.size);
      this.size = undefined;
      this.waiting.shift()?.resolve(bytes);
    }
  }

  /** The next header line without its newline, when it is all there. */
  private line(): string | undefined {
    let offset = 0;
    for (const chunk of this.chunks) {
      const newline = chunk.indexOf(10);
      if (newline >= 0) return this.take(offset + newline + 1).toString("utf8", 0, offset + newline);
      offset += chunk.length;
    }
    return undefined;
  }

  /** Removes the first `count` bytes of the output (there are at least that many). */
  private take(count: number): Buffer {
    const first = this.chunks[0] as Buffer;
    let taken: Buffer;
    if (first.length >= count) {
      taken = first.subarray(0, count);
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
    } else {
      const all = Buffer.concat(this.chunks, this.buffered);
      taken = all.subarray(0, count);
      this.chunks = all.length > count ? [all.subarray(count)] : [];
    }
    this.buffered -= count;
    return taken;
  }
}

/** A file of the index or of a commit: its path in the repository and its blob's id. */
export interface GitEntry {
  name: string;
  id: string;
  /** A symbolic link: its blob is the link's target, which reading the work tree would follow. */
  link?: boolean;
  /**
   * An index entry git does not compare with its work tree file (assume-unchanged, skip-worktree): `diff-files` calls
   * it unchanged whatever the disk holds.
   */
  unchecked?: boolean;
}

/** Gitlinks (submodules) have no content here; symbolic links are read as the blob git stores (their target). */
const isContent = (mode: string) => mode !== "160000";

/**
 * `git ls-files --stage -v -z`: every file of the index (stage 0: a file in a merge conflict has no one content). The
 * tag is `H` for an entry git checks against its work tree file; lower case (assume-unchanged) and `S` (skip-worktree)
 * are not checked.
 */
function indexListing(out: string): GitEntry[] {
  // `tag mode id stage<TAB>path<NUL>`
  return out.split("\0").flatMap((record) => {
    const tab = record.indexOf("\t");
    if (tab < 0) return [];
    const [tag = "", mode = "", id = "", stage = ""] = record.slice(0, tab).split(" ");
    if (stage !== "0" || !isContent(mode)) return [];
    return [
      {
        name: record.slice(tab + 1),
        id,
        ...(mode === "120000" ? { link: true } : {}),
        ...(tag !== "H" ? { unchecked: true } : {}),
      },
    ];
  });
}

/** `git ls-tree -r -z`: every file of a commit. */
function treeListing(out: string): GitEntry[] {
  // `mode type id<TAB>path<NUL>`
  return out.split("\0").flatMap((record) => {
    const tab = record.indexOf("\t");
    if (tab < 0) return [];
    const [mode = "", type = "", id = ""] = record.slice(0, tab).split(" ");
    return type === "blob" && isContent(mode) ? [{ name: record.slice(tab + 1), id }] : [];
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

/**
 * The files of the index or of a commit, listed once for the report set and its context (each git process costs a
 * pre-commit run tens of milliseconds), with the one reader of their blobs (`close` ends it); and which of them hold
 * in the work tree what they hold here: those are read from the disk, which costs far less than from git's objects (a
 * pre-commit run's context is most of the index).
 */
export interface TreeSnapshot {
  /** The work tree root. */
  root: string;
  entries: GitEntry[];
  blobs: BlobReader;
  /** Whether the work tree file of an entry has its content here (default: none has). */
  inWorkTree?: (entry: GitEntry) => boolean;
}

/** The index, and which of its files are staged (added, copied, modified, renamed; paths in the repository). */
export interface IndexSnapshot extends TreeSnapshot {
  staged: ReadonlySet<string>;
}

export async function indexSnapshot(cwd: string): Promise<IndexSnapshot> {
  // At once: the answers do not depend on each other. Paths in the repository from any of its folders (`:/`; status's
  // porcelain paths are always the repository's), as `git diff --cached` lists the staged files from any folder.
  // One `status` answers both what is staged and which index entries' work tree files differ (a git process fewer than
  // `diff --cached` and `diff-files`, each a few milliseconds of a pre-commit run). Without optional locks: a hook runs
  // while `git commit` holds the index's lock, and a status must not try to refresh the index meanwhile.
  const [root, listing, status] = await Promise.allSettled([
    workTreeOf(cwd),
    git(cwd, ["ls-files", "--stage", "-v", "-z", "--full-name", "--", ":/"]),
    git(cwd, ["--no-optional-locks", "status", "--porcelain=v2", "-z", "--untracked-files=no"]),
  ]);
  // In that order: outside a repository, rev-parse's message says best what is wrong.
  for (const settled of [root, listing, status]) if (settled.status === "rejected") throw settled.reason;
  const value = <T>(settled: PromiseSettledResult<T>): T => (settled as PromiseFulfilledResult<T>).value;
  const { staged, differs } = statusChanges(value(status));
  return {
    root: value(root),
    entries: indexListing(value(listing)),
    staged,
    blobs: new BlobReader(value(root)),
    inWorkTree: (entry: GitEntry) => !entry.link && !entry.unchecked && !differs.has(entry.name),
  };
}

/**
 * What `git status --porcelain=v2 -z` says of the index: the files staged as `git diff --cached --diff-filter=ACMR`
 * lists them (added, copied, modified, renamed: under the new name), and the entries whose work tree file differs as
 * `git diff-files` lists them (changed, deleted, intent-to-add, unmerged). A path may hold spaces: it is all that
 * follows the record's fixed fields.
 */
export function statusChanges(out: string): { staged: Set<string>; differs: Set<string> } {
  const staged = new Set<string>();
  const differs = new Set<string>();
  const records = out.split("\0");
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as string;
    const kind = record[0];
    // Fields before the path: ordinary 8, renamed or copied 9 (its next record is the old path), unmerged 10.
    const fields = kind === "1" ? 8 : kind === "2" ? 9 : kind === "u" ? 10 : undefined;
    if (fields === undefined) continue;
    const path = afterFields(record, fields);
    if (kind === "2") i++;
    if (kind === "u" || record[3] !== ".") differs.add(path);
    if (kind !== "u" && "ACMR".includes(record[2] as string)) staged.add(path);
  }
  return { staged, differs };
}

function afterFields(record: string, fields: number): string {
  let at = -1;
  for (let field = 0; field < fields; field++) at = record.indexOf(" ", at + 1);
  return record.slice(at + 1);
}

/** Every file of commit `ref`. */
export async function commitSnapshot(cwd: string, ref: string): Promise<TreeSnapshot> {
  const root = await topLevel(cwd);
  const commit = await baseCommit(root, ref);
  const entries = treeListing(await git(root, ["ls-tree", "-r", "--full-tree", "-z", commit]));
  return { root, entries, blobs: new BlobReader(root) };
}

/** The staged files under `paths` (all of the repository's when none is given), with their content in the index. */
export async function stagedFiles(cwd: string, paths: string[], snapshot: IndexSnapshot): Promise<GitFile[]> {
  const entries = snapshot.entries.filter((entry) => snapshot.staged.has(entry.name));
  // No paths: the staged files of the whole repository, as `git diff --cached` lists them from any of its folders.
  return loadEntries(snapshot, cwd, entries, paths, snapshot.root);
}

/** Every file of the commit under `paths` (the current folder when none is given), with its content at that commit. */
export async function filesAt(cwd: string, paths: string[], snapshot: TreeSnapshot): Promise<GitFile[]> {
  // No paths: the current folder, as the scan it is compared with.
  return loadEntries(snapshot, cwd, snapshot.entries, paths, cwd);
}

async function loadEntries(
  snapshot: TreeSnapshot,
  cwd: string,
  entries: GitEntry[],
  paths: string[],
  whole: string,
): Promise<GitFile[]> {
  const selected = entries.flatMap((entry) =>
    underPaths(snapshot.root, cwd, [entry.name], paths, whole).map((relative) => ({ relative, entry })),
  );
  // A staged file that the work tree holds as staged (most of a pre-commit run's) is read from the disk: no git process.
  const read = contentOf(
    snapshot,
    selected.map(({ entry }) => entry),
  );
  const contents = await Promise.all(selected.map(({ entry }) => read(entry)));
  return selected.flatMap(({ relative }, i) => {
    const bytes = contents[i];
    return bytes === undefined ? [] : [{ path: relative, text: blobText(bytes) }];
  });
}

/**
 * How to read entries of the snapshot: from the disk when the work tree holds what the snapshot does, else from git,
 * the blobs of all of `entries` not on the disk asked at once on the first read.
 */
function contentOf(
  snapshot: TreeSnapshot,
  entries: readonly GitEntry[],
): (entry: GitEntry) => Promise<Buffer | undefined> {
  const onDisk = snapshot.inWorkTree ?? (() => false);
  const fromGit = entries.filter((entry) => !onDisk(entry));
  const at = new Map(fromGit.map((entry, i) => [entry.name, i]));
  let blobs: Promise<(Buffer | undefined)[]> | undefined;
  const blob = async (entry: GitEntry): Promise<Buffer | undefined> => {
    const index = at.get(entry.name);
    if (index !== undefined) return (await (blobs ??= snapshot.blobs.read(fromGit.map((e) => e.id))))[index];
    return (await snapshot.blobs.read([entry.id]))[0];
  };
  return async (entry) => {
    if (!onDisk(entry)) return blob(entry);
    try {
      // Blocking: nothing else waits meanwhile, and it costs less than an open, a stat and a close.
      return readFileSync(path.join(snapshot.root, entry.name));
    } catch {
      // Changed since git looked (or unreadable): what git holds.
      return blob(entry);
    }
  };
}

/**
 * The files of the snapshot that `wants` keeps (by their paths relative to cwd), for the context. The first read from
 * git reads all those not on the disk, with the snapshot's one reader.
 */
export function storedFiles(cwd: string, snapshot: TreeSnapshot, wants: (relative: string) => boolean): StoredFile[] {
  const relativeOf = fromRoot(snapshot.root, cwd);
  const entries = snapshot.entries.flatMap((entry) => {
    const relative = relativeOf(entry.name);
    return wants(relative) ? [{ relative, entry }] : [];
  });
  const onDisk = snapshot.inWorkTree ?? (() => false);
  const read = contentOf(
    snapshot,
    entries.map(({ entry }) => entry),
  );
  return entries.map(({ relative, entry }) => ({
    path: relative,
    name: entry.name,
    ...(onDisk(entry) ? { onDisk: true } : {}),
    bytes: () => read(entry),
  }));
}

/** The most characters of file names `filesWithout` passes to git on its command line. */
const MAX_PATHSPEC_CHARS = 100_000;

/**
 * The tracked files of the work tree at `root` that certainly hold no match of `pattern` (Perl syntax, any case), by
 * their names in the repository: `git grep --files-without-match`, far faster than reading each file in Node. Every
 * file it does not list may match, so a file git does not search is read as before. The search is of bytes: a file
 * with a NUL byte (binary, or UTF-16 text, whose characters only decoding shows) is never listed. With `within`, only
 * those files are searched. Undefined when git cannot tell (no Perl regular expressions in this build of git, or
 * another failure).
 */
export async function filesWithout(
  root: string,
  pattern: string,
  within?: readonly string[],
): Promise<Set<string> | undefined> {
  const search = ["grep", "--no-color", "-L", "-z", "--full-name", "-P", "-i", "-e", `(?:${pattern})|\\x00`];
  // Named literally (a name may hold `*` or `:`), and only while the command line stays far below the system's limit.
  const named =
    within !== undefined && within.reduce((length, name) => length + name.length + 1, 0) < MAX_PATHSPEC_CHARS;
  const args = named ? ["--literal-pathspecs", ...search, "--", ...within] : search;
  // Bytes, not characters: a file that is no valid UTF-8 is searched all the same.
  const env = { ...process.env, LC_ALL: "C" };
  let stdout: string;
  try {
    ({ stdout } = await run("git", args, { cwd: root, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, env }));
  } catch (error) {
    // Exit status 1 with nothing on stderr: git had no file to list.
    const failure = error as { code?: unknown; stderr?: string; stdout?: string };
    if (failure.code !== 1 || String(failure.stderr ?? "").trim() !== "") return undefined;
    stdout = String(failure.stdout ?? "");
  }
  return new Set(stdout.split("\0").filter((name) => name !== ""));
}

/**
 * Paths of the repository (`a/b.tf`) as paths relative to cwd, as `path.relative` gives them but without its cost on
 * each of a large index.
 */
export function fromRoot(root: string, cwd: string): (name: string) => string {
  const inside = path.relative(root, cwd).split(path.sep).join("/");
  if (inside === "") return (name) => name;
  if (inside === ".." || inside.startsWith("../") || path.isAbsolute(inside)) {
    const prefix = path.relative(cwd, root).split(path.sep).join("/");
    return (name) => `${prefix}/${name}`;
  }
  // cwd is below the root: the folders both share are left out, one `../` for each other folder of cwd.
  const folders = inside.split("/");
  return (name) => {
    let shared = 0;
    let at = 0;
    for (const folder of folders) {
      if (name.length <= at + folder.length || name[at + folder.length] !== "/" || !name.startsWith(folder, at)) break;
      at += folder.length + 1;
      shared++;
    }
    return "../".repeat(folders.length - shared) + name.slice(at);
  };
}

// Over 500 lines: walk, ignore files and guarded read are sections; the read moves out with issue 18's scan work.
import type { Dirent } from "node:fs";
import { isPkcs12Path, wellKnownPkcs12Password } from "../knowledge/pkcs12.js";
import type { KeyContainer } from "../model/entities.js";
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from "node:fs";
import { lstat, open, readdir, readFile, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import type ignore from "ignore";
import type { SkippedFile } from "../engine/types.js";
import { boundedIgnoreText } from "../engine/ignore-globs.js";
import { isInThirdPartyFolder, marksInstalledPackages, skippedFolderKind } from "./third-party.js";

export type { SkippedFile } from "../engine/types.js";

export interface DiscoverOptions {
  /** As given on the command line; the default ["."] is applied by the caller. */
  paths: string[];
  /** Absolute; reported paths are relative to it. */
  cwd: string;
  /** Bytes; the default is applied by the caller. */
  maxFileSize: number;
  /**
   * Decides whether a file is worth reading at all, by its path (relative, forward slashes).
   * Files it rejects are not read, not counted and not reported. It is asked about explicit
   * file arguments too: naming a file overrides the ignore files, not what the caller reads (those rejected are
   * listed in `rejected`, for the caller to say why).
   */
  wants: (relativePath: string) => boolean;
  /**
   * Called with the files the walk finds in each directory (sorted by path), as soon as that directory is listed, so
   * that the caller can start on them while the walk goes on (see `stream.ts`). Every file `files` returns in the end
   * comes through here once, but for files named on the command line; when the paths given overlap, a file can come
   * twice (`files` then holds it once).
   */
  onFiles?: (files: DiscoveredFile[]) => void;
}

export interface DiscoveredFile {
  absolutePath: string;
  /** Relative to cwd, forward slashes, no leading `./`. */
  path: string;
  /** Named on the command line. */
  explicit: boolean;
  /**
   * A symbolic link found by the walk whose target is a file outside every scanned directory: the target as the link
   * says it. Such a file is not read, only reported as skipped.
   */
  outsideRoot?: string;
  /**
   * A symbolic link found by the walk whose target is inside the scanned directories: the target's real path when it
   * was found. The file is read there, and without following links: a link swapped for another between discovery
   * and the read cannot lead out of the scanned directories.
   */
  target?: string;
}

export interface LoadedFile extends DiscoveredFile {
  text: string;
  /** A binary key container whose key anyone can read (`text` is then empty): see `knowledge/pkcs12.ts`. */
  keyContainer?: KeyContainer;
}

export function isSkipped(x: LoadedFile | SkippedFile): x is SkippedFile {
  return "reason" in x;
}

/**
 * Finds the files to scan under `options.paths`, sorted by path and de-duplicated.
 * `missing` lists, as given, the paths that do not exist.
 */
export async function discover(options: DiscoverOptions): Promise<Discovered> {
  const walker = new Walker(options, await scannedDirectories(options));
  const outcomes = await Promise.all(options.paths.map((given) => walker.add(given)));
  const missing = options.paths.filter((_, index) => outcomes[index] === "missing");
  return {
    files: walker.files(),
    missing,
    rejected: walker.rejected.sort(),
    thirdParty: walker.thirdParty.sort(),
    installed: walker.installed.sort(),
    unlistable: walker.unlistable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
  };
}

export interface Discovered {
  files: DiscoveredFile[];
  /** The paths given that do not exist, as given. */
  missing: string[];
  /** Files named on the command line that `wants` rejected (relative paths): the caller may say why. */
  rejected: string[];
  /**
   * Third-party folders the walk did not enter (relative paths, `.` for cwd itself): `node_modules`, `vendor`...
   * by name, and install targets (see `marksInstalledPackages`). Ignored folders are not among them.
   */
  thirdParty: string[];
  /** Files named on the command line that lie in an install target: not read, the caller says so. */
  installed: string[];
  /**
   * Directories named on the command line that could not be listed (EACCES): skip entries `unreadable`, so that a run
   * over nothing but such a directory is not "No findings in 0 files scanned" but nothing could be scanned (exit 2).
   */
  unlistable: SkippedFile[];
}

/**
 * The install target (see `marksInstalledPackages`) that holds `directory` or one of its ancestors, looking up to cwd
 * when cwd holds it, else up to the nearest git work tree: a file named on the command line or staged in
 * `layer/python/requests/` is as third-party as the walk finds it. One listing per directory, kept in `listings`.
 */
export async function installTargetAbove(
  directory: string,
  cwd: string,
  listings: Map<string, Promise<string[]>> = new Map(),
): Promise<string | undefined> {
  const underCwd = contains(cwd, directory);
  for (let current = directory; ; current = path.dirname(current)) {
    const names = await memo(listings, current, () => readdir(current).catch(() => [] as string[]));
    if (names.some(marksInstalledPackages)) return current;
    if (path.dirname(current) === current || (underCwd ? current === cwd : names.includes(".git"))) return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Ignore files

const GITIGNORE = ".gitignore";
const SECRETWARDENIGNORE = ".secretwardenignore";
/** Git's own store: never descended into. Third-party folders are skipped too, and counted (see ./third-party.ts). */
const GIT_DIRECTORY = ".git";

type Verdict = "ignored" | "included" | "undecided";

/** One parsed ignore file; it judges paths relative to the directory it lives in. */
class RuleFile {
  /** By path depth; see `directVerdict`. */
  private readonly withAncestorsReincluded = new Map<number, Ignore>();

  constructor(private readonly rules: Ignore) {}

  /**
   * What this file alone says about `relative` (directories end with "/"): the last matching
   * rule decides, "undecided" when none matches so that a shallower file gets its say.
   */
  verdict(relative: string): Verdict {
    const result = this.directResult(relative);
    if (result.ignored) return "ignored";
    return result.unignored ? "included" : "undecided";
  }

  /**
   * `ignore` reports a path as ignored when one of its parent directories is, which is right
   * for a single ignore file but not here: the walk only reaches a path whose directories
   * were kept, either because a deeper file re-included them or because the user named the
   * directory. In that case the file must judge the path by its own rules alone (git matches
   * `*.log` against `dist/x.log` even after `!dist/` re-included `dist/`), so the rules are
   * asked again with every shallower directory re-included by appended negations.
   */
  private directResult(relative: string): ignore.TestResult {
    const result = this.rules.test(relative);
    const parent = parentOf(relative);
    if (!result.ignored || parent === undefined || !this.rules.test(parent).ignored) return result;
    return this.reincludingAncestors(depthOf(relative)).test(relative);
  }

  private reincludingAncestors(depth: number): Ignore {
    let rules = this.withAncestorsReincluded.get(depth);
    if (!rules) {
      // "!/*/" re-includes every directory at depth 1, "!/*/*/" at depth 2, and so on; none of
      // them can match a path of `depth` segments, so its own verdict is left untouched.
      const negations = Array.from({ length: depth - 1 }, (_, index) => `!/${"*/".repeat(index + 1)}`);
      rules = newIgnore().add(this.rules).add(negations);
      this.withAncestorsReincluded.set(depth, rules);
    }
    return rules;
  }
}

type Ignore = ignore.Ignore;
type IgnoreFactory = typeof ignore;
let ignoreFactory: IgnoreFactory | undefined;

function newIgnore(): Ignore {
  // Loaded on the first ignore file, so that scanning named files (a pre-commit run) never loads it.
  ignoreFactory ??= createRequire(import.meta.url)("ignore") as IgnoreFactory;
  // Case-sensitive like git on Linux, so that a repository gives the same results on every OS.
  return ignoreFactory({ ignorecase: false });
}

/** "a/b/c" -> "a/b/", "a/b/" -> "a/", "a" -> undefined. */
function parentOf(relative: string): string | undefined {
  const end = relative.endsWith("/") ? relative.length - 2 : relative.length - 1;
  const slash = relative.lastIndexOf("/", end);
  return slash < 0 ? undefined : relative.slice(0, slash + 1);
}

function depthOf(relative: string): number {
  let depth = 1;
  for (let index = 0; index < relative.length - 1; index++) if (relative[index] === "/") depth++;
  return depth;
}

/** A git work tree; ignore files of other work trees (outer or nested) do not apply inside it. */
interface Repository {
  root: string;
  /** `.git/info/exclude`: the lowest-precedence git rules of the repository. */
  exclude: RuleFile | undefined;
}

/** A directory holding at least one ignore file, linked to the nearest such ancestor. */
interface Level {
  /** Length of the directory's absolute path including the separator after it. */
  prefixLength: number;
  git: RuleFile | undefined;
  secretwarden: RuleFile | undefined;
  repository: Repository | undefined;
  parent: Level | undefined;
}

/** `.gitignore` and `.secretwardenignore` are judged separately: a path ignored by either is skipped. */
function isIgnored(
  level: Level | undefined,
  repository: Repository | undefined,
  absolute: string,
  isDirectory: boolean,
): boolean {
  const relativeTo = (prefixLength: number): string => toPosix(absolute.slice(prefixLength)) + (isDirectory ? "/" : "");
  let git: Verdict = "undecided";
  let secretwarden: Verdict = "undecided";
  // Deeper files take precedence: the first one with an opinion decides.
  for (let current = level; current; current = current.parent) {
    if (git === "undecided" && current.git && current.repository === repository)
      git = current.git.verdict(relativeTo(current.prefixLength));
    if (secretwarden === "undecided" && current.secretwarden)
      secretwarden = current.secretwarden.verdict(relativeTo(current.prefixLength));
    if (secretwarden === "ignored") return true;
  }
  if (git === "undecided" && repository?.exclude)
    git = repository.exclude.verdict(relativeTo(prefixLengthOf(repository.root)));
  return git === "ignored";
}

/**
 * What a walk of the work tree `root` would pass over, for files listed without one (the git index, a commit; names
 * relative to `root`, forward slashes): those a `.gitignore`, `.git/info/exclude` or `.secretwardenignore` ignores (or
 * that lie in a folder one ignores), and those in an install target. The ignore files are read from the work tree, as
 * the walk reads them, in the folders where `names` lists one and at the root. `names` is every file listed: an install
 * target is known by a folder in it. Third-party folders by name are `isCandidate`'s to judge.
 */
export async function walkSkips(root: string, names: readonly string[]): Promise<WalkSkips> {
  const gitDirectory = await commonGitDirectory(root);
  const repository: Repository = {
    root,
    exclude: gitDirectory === undefined ? undefined : ruleFileSync(path.join(gitDirectory, "info", "exclude")),
  };
  // The folders with an ignore file, from the list (a stat of two names in each folder of a large index costs more
  // than the rest of this together); at the root, also one that is not tracked (a local `.secretwardenignore`).
  const withIgnoreFiles = new Set([""]);
  for (const name of names)
    if (name.endsWith(GITIGNORE) || name.endsWith(SECRETWARDENIGNORE)) withIgnoreFiles.add(parentFolder(name));
  // Joined by hand: `path.join` normalises, which costs more than the test; names from git are normal already.
  const absoluteOf = (name: string) => (name === "" ? root : `${root}${path.sep}${name}`);
  const levels = new Map<string, Level | undefined>();
  /** The ignore files that judge what `folder` (relative to root, "" for root) holds. */
  const levelOf = (folder: string): Level | undefined => {
    if (levels.has(folder)) return levels.get(folder);
    const parent = folder === "" ? undefined : levelOf(parentFolder(folder));
    let level = parent;
    if (withIgnoreFiles.has(folder)) {
      const absolute = absoluteOf(folder);
      const git = ruleFileSync(path.join(absolute, GITIGNORE));
      const secretwarden = ruleFileSync(path.join(absolute, SECRETWARDENIGNORE));
      if (git || secretwarden)
        level = { prefixLength: prefixLengthOf(absolute), git, secretwarden, repository, parent };
    }
    levels.set(folder, level);
    return level;
  };
  // Folders holding a package's metadata folder (that no ignore file hides): the walk does not enter them.
  const installTargets = new Set<string>();
  for (const name of names) {
    for (let at = name.indexOf("/"); at >= 0; at = name.indexOf("/", at + 1)) {
      const folder = name.slice(0, at);
      const slash = folder.lastIndexOf("/");
      if (!marksInstalledPackages(folder.slice(slash + 1))) continue;
      const target = slash < 0 ? "" : folder.slice(0, slash);
      if (!isIgnored(levelOf(target), repository, absoluteOf(folder), true)) installTargets.add(target);
    }
  }
  if (levelOf("") === undefined && repository.exclude === undefined && withIgnoreFiles.size === 1) {
    const inTarget = installTargets.size === 0 ? () => false : (name: string) => inInstallTarget(name, installTargets);
    return Object.assign(inTarget, { inSkippedFolder: inTarget });
  }
  const skippedFolders = new Map<string, boolean>();
  const folderSkipped = (folder: string): boolean => {
    const known = skippedFolders.get(folder);
    if (known !== undefined) return known;
    const skipped =
      installTargets.has(folder) ||
      (folder !== "" &&
        (folderSkipped(parentFolder(folder)) ||
          isIgnored(levelOf(parentFolder(folder)), repository, absoluteOf(folder), true)));
    skippedFolders.set(folder, skipped);
    return skipped;
  };
  const skips = (name: string): boolean => {
    const folder = parentFolder(name);
    return folderSkipped(folder) || isIgnored(levelOf(folder), repository, absoluteOf(name), false);
  };
  return Object.assign(skips, { inSkippedFolder: (name: string) => folderSkipped(parentFolder(name)) });
}

/**
 * Whether the walk of the work tree would pass over a file (by its name in the repository), and the cheaper half of that
 * test: whether it would not even enter the file's folder (ignored, an install target). The folders' answers are kept,
 * so the second costs one lookup per folder; the first also asks the ignore rules of each file.
 */
export interface WalkSkips {
  (name: string): boolean;
  inSkippedFolder(name: string): boolean;
}

function inInstallTarget(name: string, targets: ReadonlySet<string>): boolean {
  if (targets.has("")) return true;
  for (let at = name.indexOf("/"); at >= 0; at = name.indexOf("/", at + 1))
    if (targets.has(name.slice(0, at))) return true;
  return false;
}

/** "a/b/c" -> "a/b", "a" -> "". */
function parentFolder(name: string): string {
  const slash = name.lastIndexOf("/");
  return slash < 0 ? "" : name.slice(0, slash);
}

/** An ignore file read with a blocking call, for `walkSkips` (a directory at a time, thousands of them). */
function ruleFileSync(file: string): RuleFile | undefined {
  // Most folders have none: asking first costs no thrown error (an error's stack costs more than the call).
  if (!existsSync(file)) return undefined;
  try {
    const text = readFileSync(file, "utf8");
    // Comments only (the `info/exclude` git writes into every new repository): nothing to ask.
    if (!/^[ \t]*[^#\s]/m.test(text)) return undefined;
    return new RuleFile(newIgnore().add(boundedIgnoreText(text.replace(/^\uFEFF/, ""))));
  } catch {
    return undefined; // Absent, a directory, unreadable: git ignores such files too.
  }
}

// ---------------------------------------------------------------------------------------------
// The walk

/**
 * The real paths of the given directories: a link found by the walk is followed only to a file inside one of them,
 * so that scanning a repository never reads `/etc/...` or a home directory through a link it contains (gitleaks and
 * git itself do not follow links either; we follow those that stay inside, which a monorepo uses to share files).
 */
async function scannedDirectories(options: DiscoverOptions): Promise<string[]> {
  const found = await Promise.all(
    options.paths.map(async (given) => {
      try {
        const real = await realpath(path.resolve(options.cwd, given));
        return (await stat(real)).isDirectory() ? [real] : [];
      } catch {
        return [];
      }
    }),
  );
  return found.flat();
}

class Walker {
  /** Files named on the command line that `wants` rejected (relative paths): the caller may say why. */
  readonly rejected: string[] = [];
  /** See `Discovered`. */
  readonly thirdParty: string[] = [];
  /** See `Discovered`. */
  readonly installed: string[] = [];
  /** See `Discovered`. */
  readonly unlistable: SkippedFile[] = [];

  private readonly listings = new Map<string, Promise<string[]>>();
  private readonly found = new Map<string, DiscoveredFile>();
  private readonly ruleFiles = new Map<string, Promise<RuleFile | undefined>>();
  private readonly gitEntries = new Map<string, Promise<boolean>>();
  private readonly repositories = new Map<string, Promise<Repository>>();

  constructor(
    private readonly options: DiscoverOptions,
    /** Real paths. */
    private readonly roots: readonly string[],
  ) {}

  files(): DiscoveredFile[] {
    return [...this.found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async add(given: string): Promise<"found" | "missing"> {
    const absolute = path.resolve(this.options.cwd, given);
    // biome-ignore lint/suspicious/noImplicitAnyLet: assigned in the try below; TypeScript types it by control flow
    let stats;
    try {
      // Follows a symbolic link: naming a link on the command line means its target.
      stats = await stat(absolute);
    } catch (error) {
      if (isNotFound(error)) return "missing";
      // It exists but cannot be inspected (EACCES on a parent...): readCandidate reports why.
      this.addExplicitFile(absolute);
      return "found";
    }
    if (stats.isDirectory()) {
      const relative = relativeToCwd(this.options.cwd, absolute);
      if (isInThirdPartyFolder(`${relative}/`) || (await this.installTargetAbove(absolute)) !== undefined) {
        this.thirdParty.push(relative || ".");
        return "found";
      }
      const { level, repository } = await this.levelsAbove(absolute);
      const failure = await this.walkDirectory(absolute, level, repository);
      if (failure !== undefined)
        this.unlistable.push({
          file: relative || ".",
          reason: "unreadable",
          message: `skipped: cannot list directory: ${failure}`,
        });
    } else {
      // Devices and FIFOs too, so that readCandidate can say why they are not read.
      await this.addExplicitFile(absolute);
    }
    return "found";
  }

  private async addExplicitFile(absolute: string): Promise<void> {
    const relative = relativeToCwd(this.options.cwd, absolute);
    if (!this.options.wants(relative)) this.rejected.push(relative);
    else if ((await this.installTargetAbove(path.dirname(absolute))) !== undefined) this.installed.push(relative);
    else this.addFile(absolute, relative, true);
  }

  private installTargetAbove(directory: string): Promise<string | undefined> {
    return installTargetAbove(directory, this.options.cwd, this.listings);
  }

  /** The caller has already asked `wants`. Returns the file, unless one named on the command line is there already. */
  private addFile(
    absolutePath: string,
    relativePath: string,
    explicit: boolean,
    link: Pick<DiscoveredFile, "outsideRoot" | "target"> = {},
  ): DiscoveredFile | undefined {
    const existing = this.found.get(relativePath);
    if (existing?.explicit) return undefined;
    const file: DiscoveredFile = { absolutePath, path: relativePath, explicit, ...link };
    this.found.set(relativePath, file);
    return file;
  }

  /** Walks a directory; returns why it could not be listed, if it could not (undefined otherwise). */
  private async walkDirectory(
    directory: string,
    parent: Level | undefined,
    inherited: Repository | undefined,
  ): Promise<string | undefined> {
    let entries: Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      // A directory that cannot be listed (EACCES, or removed meanwhile) has nothing to offer. Found by the walk, it
      // is passed over like git does; named on the command line, `add` makes it a skip entry.
      return (error as NodeJS.ErrnoException).code ?? "unknown error";
    }
    const names = new Set(entries.map((entry) => entry.name));
    const repository =
      names.has(GIT_DIRECTORY) && inherited?.root !== directory ? await this.repositoryAt(directory) : inherited;
    const level = await this.levelAt(directory, parent, repository, names);
    const directoryPath = relativeToCwd(this.options.cwd, directory);
    const isInstallTarget = entries.some(
      (entry) =>
        entry.isDirectory() &&
        marksInstalledPackages(entry.name) &&
        !isIgnored(level, repository, path.join(directory, entry.name), true),
    );
    if (isInstallTarget) {
      this.thirdParty.push(directoryPath || ".");
      return;
    }
    const pending: Promise<unknown>[] = [];
    const links: Promise<DiscoveredFile | undefined>[] = [];
    const here: DiscoveredFile[] = [];
    for (const entry of entries) {
      if (entry.name === GIT_DIRECTORY) continue;
      const absolute = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (isIgnored(level, repository, absolute, true)) continue;
        const skipped = skippedFolderKind(entry.name);
        if (skipped === "third-party")
          this.thirdParty.push(directoryPath === "" ? entry.name : `${directoryPath}/${entry.name}`);
        else if (skipped === undefined) pending.push(this.walkDirectory(absolute, level, repository));
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const relative = directoryPath === "" ? entry.name : `${directoryPath}/${entry.name}`;
      // `wants` comes first so that files the caller does not read cost neither matching nor a stat.
      if (!this.options.wants(relative) || isIgnored(level, repository, absolute, false)) continue;
      if (entry.isFile()) {
        const file = this.addFile(absolute, relative, false);
        if (file) here.push(file);
      } else links.push(this.addSymbolicLink(absolute, relative));
    }
    const onFiles = this.options.onFiles;
    // A directory's files go together (they may be one Terraform module), once its links are resolved; its
    // subdirectories are walked meanwhile.
    const listed = Promise.all(links).then((linked) => {
      for (const file of linked) if (file) here.push(file);
      if (onFiles && here.length > 0) onFiles(here.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
    });
    await Promise.all([listed, ...pending]);
  }

  /**
   * Links to directories are not followed (they can form cycles); broken links and loops are passed over silently.
   * A link to a file outside the scanned directories is kept only to say, as a skip note, that it was not read.
   */
  private async addSymbolicLink(absolute: string, relative: string): Promise<DiscoveredFile | undefined> {
    let target: string;
    try {
      target = await realpath(absolute);
      if (!(await stat(target)).isFile()) return undefined;
    } catch {
      return undefined; // Broken link, or a loop (ELOOP).
    }
    if (this.roots.some((root) => contains(root, target))) return this.addFile(absolute, relative, false, { target });
    return this.addFile(absolute, relative, false, { outsideRoot: await readlink(absolute).catch(() => target) });
  }

  /**
   * The ignore files that apply to `root` from above it: `.gitignore` files up to the git
   * work-tree root (none without a work tree), `.secretwardenignore` files up to the farther
   * of the work-tree root and cwd (only when cwd contains `root`).
   */
  private async levelsAbove(root: string): Promise<{ level: Level | undefined; repository: Repository | undefined }> {
    const gitRoot = await this.gitRootOf(root);
    const repository = gitRoot === undefined ? undefined : await this.repositoryAt(gitRoot);
    // Both candidates contain `root`, so the shorter path is the farther one.
    let top = root;
    for (const candidate of [gitRoot, contains(this.options.cwd, root) ? this.options.cwd : undefined]) {
      if (candidate !== undefined && candidate.length < top.length) top = candidate;
    }
    let level: Level | undefined;
    for (const directory of ancestorsBetween(top, root)) {
      const inRepository = gitRoot !== undefined && contains(gitRoot, directory);
      const present = new Set(inRepository ? [GITIGNORE, SECRETWARDENIGNORE] : [SECRETWARDENIGNORE]);
      level = await this.levelAt(directory, level, inRepository ? repository : undefined, present);
    }
    return { level, repository };
  }

  private async levelAt(
    directory: string,
    parent: Level | undefined,
    repository: Repository | undefined,
    names: ReadonlySet<string>,
  ): Promise<Level | undefined> {
    const [git, secretwarden] = await Promise.all([
      names.has(GITIGNORE) ? this.ruleFile(path.join(directory, GITIGNORE)) : undefined,
      names.has(SECRETWARDENIGNORE) ? this.ruleFile(path.join(directory, SECRETWARDENIGNORE)) : undefined,
    ]);
    // Directories without ignore files get no level, which keeps the chain as short as the rules.
    if (!git && !secretwarden) return parent;
    return { prefixLength: prefixLengthOf(directory), git, secretwarden, repository, parent };
  }

  private ruleFile(file: string): Promise<RuleFile | undefined> {
    return memo(this.ruleFiles, file, async () => {
      try {
        const text = await readFile(file, "utf8");
        return new RuleFile(newIgnore().add(boundedIgnoreText(text.replace(/^\uFEFF/, ""))));
      } catch {
        return undefined; // Absent, a directory, unreadable: git ignores such files too.
      }
    });
  }

  private async gitRootOf(start: string): Promise<string | undefined> {
    for (let directory = start; ; directory = path.dirname(directory)) {
      if (await this.hasGitEntry(directory)) return directory;
      if (path.dirname(directory) === directory) return undefined;
    }
  }

  private hasGitEntry(directory: string): Promise<boolean> {
    return memo(this.gitEntries, directory, () =>
      lstat(path.join(directory, ".git")).then(
        () => true,
        () => false,
      ),
    );
  }

  private repositoryAt(root: string): Promise<Repository> {
    return memo(this.repositories, root, async () => {
      const gitDirectory = await commonGitDirectory(root);
      const exclude =
        gitDirectory === undefined ? undefined : await this.ruleFile(path.join(gitDirectory, "info", "exclude"));
      return { root, exclude };
    });
  }
}

/**
 * The directory holding `info/exclude`: `.git` itself, or for linked work trees and submodules
 * (where `.git` is a file saying `gitdir: ...`) the directory it points to, or that one's
 * `commondir`.
 */
async function commonGitDirectory(root: string): Promise<string | undefined> {
  const dotGit = path.join(root, ".git");
  try {
    if ((await stat(dotGit)).isDirectory()) return dotGit;
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(await readFile(dotGit, "utf8"));
    if (!pointer?.[1]) return undefined;
    const gitDirectory = path.resolve(root, pointer[1]);
    const common = await readFile(path.join(gitDirectory, "commondir"), "utf8").catch(() => undefined);
    return common === undefined ? gitDirectory : path.resolve(gitDirectory, common.trim());
  } catch {
    return undefined;
  }
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load();
    cache.set(key, value);
  }
  return value;
}

/** Directories from `top` down to the parent of `root`, outermost first; empty when they are equal. */
function ancestorsBetween(top: string, root: string): string[] {
  const directories: string[] = [];
  for (let directory = root; directory !== top; ) {
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directories.unshift(parent);
    directory = parent;
  }
  return directories;
}

/** Whether `inner` is `outer` or below it. */
function contains(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

function prefixLengthOf(directory: string): number {
  return directory.endsWith(path.sep) ? directory.length : directory.length + 1;
}

function relativeToCwd(cwd: string, absolute: string): string {
  return toPosix(path.relative(cwd, absolute));
}

function toPosix(native: string): string {
  return path.sep === "\\" ? native.replaceAll("\\", "/") : native;
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP";
}

// ---------------------------------------------------------------------------------------------
// Reading

/** How far git looks for a NUL byte to call a file binary. */
const BINARY_PROBE_LENGTH = 8000;
/** Where available: opening a FIFO named on the command line must not wait for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Where and how a file is opened. A file named on the command line is read as named, links followed. A file the
 * walk found is opened without following a link (`O_NOFOLLOW`, where the platform has it), at the target the walk
 * checked for a link: one made or swapped after the walk is refused (ELOOP), not followed out of the scanned
 * directories.
 */
function openArguments(file: DiscoveredFile): [string, number] {
  if (file.explicit) return [file.absolutePath, OPEN_FLAGS];
  return [file.target ?? file.absolutePath, OPEN_FLAGS | (constants.O_NOFOLLOW ?? 0)];
}

/**
 * Reads a discovered file as text (see `decode`), or says why it is skipped. The size is checked on
 * the open file before reading, so an oversized file costs no read.
 */
export async function readCandidate(file: DiscoveredFile, maxFileSize: number): Promise<LoadedFile | SkippedFile> {
  if (file.outsideRoot !== undefined) return outsideRoot(file, file.outsideRoot);
  let bytes: Buffer;
  try {
    const handle = await open(...openArguments(file));
    try {
      const stats = await handle.stat();
      const refused = refusal(file, stats, maxFileSize);
      if (refused) return refused;
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return unreadable(file, error);
  }
  return loaded(file, bytes, maxFileSize);
}

/**
 * `readCandidate` with blocking calls, for worker threads: a worker has nothing else to do while it waits, and the
 * promise-based file handle cost each worker of the 10k-file bench ~1 s of CPU (open, stat, close).
 */
export function readCandidateSync(file: DiscoveredFile, maxFileSize: number): LoadedFile | SkippedFile {
  if (file.outsideRoot !== undefined) return outsideRoot(file, file.outsideRoot);
  let bytes: Buffer;
  try {
    const fd = openSync(...openArguments(file));
    try {
      const refused = refusal(file, fstatSync(fd), maxFileSize);
      if (refused) return refused;
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return unreadable(file, error);
  }
  return loaded(file, bytes, maxFileSize);
}

function outsideRoot(file: DiscoveredFile, target: string): SkippedFile {
  return {
    file: file.path,
    reason: "outside-root",
    message: `skipped: symbolic link to ${target}, outside the scanned directories`,
  };
}

function refusal(
  file: DiscoveredFile,
  stats: { isFile(): boolean; size: number },
  maxFileSize: number,
): SkippedFile | undefined {
  if (!stats.isFile()) return { file: file.path, reason: "unreadable", message: "skipped: not a regular file" };
  if (stats.size > maxFileSize) return tooLarge(file, stats.size, maxFileSize);
  return undefined;
}

function unreadable(file: DiscoveredFile, error: unknown): SkippedFile {
  if (!file.explicit && (error as { code?: unknown }).code === "ELOOP") {
    return {
      file: file.path,
      reason: "unreadable",
      message: "skipped: it became a symbolic link after the scan found it; not followed",
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { file: file.path, reason: "unreadable", message: `skipped: cannot read file: ${message}` };
}

function loaded(file: DiscoveredFile, bytes: Buffer, maxFileSize: number): LoadedFile | SkippedFile {
  // The file may have grown between the stat and the read.
  if (bytes.length > maxFileSize) return tooLarge(file, bytes.length, maxFileSize);
  const text = decode(bytes);
  if (text === undefined) {
    // A PKCS#12 file is binary, but one protected by a password everybody knows is a private key in the clear.
    const container = isPkcs12Path(file.path) ? wellKnownPkcs12Password(bytes) : undefined;
    if (container) return { ...file, text: "", keyContainer: { format: "pkcs12", password: container.password } };
    return { file: file.path, reason: "binary", message: "skipped: binary file" };
  }
  return { ...file, text };
}

/**
 * The text of a file: UTF-16 (LE or BE) when it starts with its byte order mark, else UTF-8 (a UTF-8 BOM is dropped).
 * Undefined for a binary file: a NUL near the start, as git decides (UTF-16 without a BOM holds NUL bytes too: it is
 * binary here, as it is to git). Invalid sequences become U+FFFD, one column each, so later positions stay exact.
 */
export function decode(bytes: Buffer): string | undefined {
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    // `TextDecoder` drops the BOM.
    const text = new TextDecoder(utf16).decode(bytes);
    return text.slice(0, BINARY_PROBE_LENGTH / 2).includes("\0") ? undefined : text;
  }
  if (bytes.subarray(0, BINARY_PROBE_LENGTH).includes(0)) return undefined;
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bytes.toString("utf8", hasBom ? 3 : 0);
}

function utf16Encoding(bytes: Buffer): "utf-16le" | "utf-16be" | undefined {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  // FF FE 00 00 is the BOM of UTF-32 LE, which stays binary.
  if (bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0)) return "utf-16le";
  return undefined;
}

function tooLarge(file: DiscoveredFile, size: number, limit: number): SkippedFile {
  let [actual, allowed] = [formatSize(size), formatSize(limit)];
  // "file is 5 MB, over the 5 MB limit" would read as a contradiction: show the bytes instead.
  if (actual === allowed) [actual, allowed] = [`${size} bytes`, `${limit} bytes`];
  return {
    file: file.path,
    reason: "too-large",
    message: `skipped: file is ${actual}, over the ${allowed} limit (maxFileSize)`,
  };
}

/** 1 decimal at most, binary units (the default limit is 5 × 1024 × 1024 bytes). */
function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, "MB"],
    [1024, "KB"],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  }
  return bytes === 1 ? "1 byte" : `${bytes} bytes`;
}

import { mkdir, mkdtemp, realpath, rm, symlink, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  discover,
  installTargetAbove,
  isSkipped,
  readCandidate,
  readCandidateSync,
  type DiscoverOptions,
  type DiscoveredFile,
} from "./discover.js";

let tmp: string;

beforeEach(async () => {
  // realpath: on macOS the temporary directory is reached through a symbolic link.
  tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), "secretwarden-discover-")));
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Creates files (relative path -> content) under `root`; a path ending in "/" creates an empty directory. */
async function tree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, relative);
    if (relative.endsWith("/")) {
      await mkdir(absolute, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, content);
  }
}

/** Keeps the ignore files themselves out of the expected lists, which are about what they do. */
const notIgnoreFiles = (relative: string): boolean => !/(^|\/)\.(git|secretwarden)ignore$/.test(relative);

async function found(options: Partial<DiscoverOptions> = {}): Promise<string[]> {
  const { files } = await discover({
    paths: ["."],
    cwd: tmp,
    maxFileSize: 5 * 1024 * 1024,
    wants: notIgnoreFiles,
    ...options,
  });
  return files.map((file) => file.path);
}

describe("discover: walking", () => {
  it("walks recursively, keeps dotfiles, skips .git and node_modules at any depth, sorts by plain string order", async () => {
    await tree(tmp, {
      "b.yml": "",
      "a.yml": "",
      "a-b.yml": "",
      "a/z.yml": "",
      "a/b/c.yml": "",
      ".env.production": "",
      ".github/workflows/x.yml": "",
      ".git/config": "",
      "node_modules/pkg/t.yml": "",
      "a/node_modules/p/t.yml": "",
      "a/b/node_modules/t.yml": "",
      "empty/": "",
    });
    expect(await found()).toEqual([
      ".env.production",
      ".github/workflows/x.yml",
      "a-b.yml",
      "a.yml",
      "a/b/c.yml",
      "a/z.yml",
      "b.yml",
    ]);
  });

  it("returns only the files wants accepts and never asks about files in skipped directories", async () => {
    await tree(tmp, {
      ".gitignore": "build/\n",
      "a.yml": "",
      "a.txt": "",
      "sub/b.json": "",
      "sub/c.md": "",
      "build/d.yml": "",
      "node_modules/e.yml": "",
    });
    const asked: string[] = [];
    const wants = (relative: string): boolean => {
      asked.push(relative);
      return /\.(ya?ml|json)$/.test(relative);
    };
    expect(await found({ wants })).toEqual(["a.yml", "sub/b.json"]);
    expect(asked.sort()).toEqual([".gitignore", "a.txt", "a.yml", "sub/b.json", "sub/c.md"]);
  });

  it("reports paths outside cwd with ../ and absolute arguments relative to cwd", async () => {
    await tree(tmp, { "work/w.yml": "", "other/a.yml": "", "other/sub/b.yml": "" });
    const cwd = path.join(tmp, "work");
    const result = await discover({
      paths: ["../other", path.join(tmp, "work")],
      cwd,
      maxFileSize: 100,
      wants: () => true,
    });
    expect(result).toEqual({
      files: [
        { absolutePath: path.join(tmp, "other", "a.yml"), path: "../other/a.yml", explicit: false },
        { absolutePath: path.join(tmp, "other", "sub", "b.yml"), path: "../other/sub/b.yml", explicit: false },
        { absolutePath: path.join(tmp, "work", "w.yml"), path: "w.yml", explicit: false },
      ],
      missing: [],
      rejected: [],
      thirdParty: [],
      installed: [],
      unlistable: [],
    });
  });

  it("lists the paths that do not exist, as given, in the order given", async () => {
    await tree(tmp, { "a.yml": "" });
    const result = await discover({
      paths: ["nope", "a.yml", "gone/x.yml"],
      cwd: tmp,
      maxFileSize: 100,
      wants: () => true,
    });
    expect(result).toEqual({
      files: [{ absolutePath: path.join(tmp, "a.yml"), path: "a.yml", explicit: true }],
      missing: ["nope", "gone/x.yml"],
      rejected: [],
      thirdParty: [],
      installed: [],
      unlistable: [],
    });
  });
});

describe("discover: .gitignore", () => {
  it("applies each file to paths relative to its directory, deeper negations re-including files", async () => {
    await tree(tmp, {
      ".git/HEAD": "",
      ".gitignore": "*.yaml\n",
      "top.yaml": "",
      "top.yml": "",
      "sub/.gitignore": "!keep.yaml\n/local.yml\nconf/*.yml\n",
      "sub/keep.yaml": "",
      "sub/other.yaml": "",
      "sub/deeper/keep.yaml": "",
      "sub/local.yml": "",
      "sub/x/local.yml": "",
      "sub/conf/a.yml": "",
      "local.yml": "",
      "conf/a.yml": "",
    });
    expect(await found()).toEqual([
      "conf/a.yml",
      "local.yml",
      "sub/deeper/keep.yaml",
      "sub/keep.yaml",
      "sub/x/local.yml",
      "top.yml",
    ]);
  });

  it("does not descend into an ignored directory, and matches dir/ patterns against directories only", async () => {
    await tree(tmp, {
      ".gitignore": "build/\n",
      "build/.gitignore": "!*\n",
      "build/out.yml": "",
      "src/build/deep.yml": "",
      "src/build.yml": "",
      "lib/build": "a file, not a directory",
    });
    expect(await found()).toEqual(["lib/build", "src/build.yml"]);
  });

  it("lets a deeper file re-include a directory a shallower one excluded, whose other rules still apply inside (as git does)", async () => {
    await tree(tmp, {
      ".git/HEAD": "",
      ".gitignore": "a/b/\n*.log\n",
      "a/.gitignore": "!b/\n",
      "a/b/f.yml": "",
      "a/b/x.log": "",
      "a/c/x.log": "",
    });
    expect(await found()).toEqual(["a/b/f.yml"]);
  });

  it("honours .git/info/exclude below every .gitignore", async () => {
    await tree(tmp, {
      ".git/info/exclude": "*.tfstate\n",
      ".gitignore": "!keep.tfstate\n",
      "keep.tfstate": "",
      "sub/x.tfstate": "",
      "x.yml": "",
    });
    expect(await found()).toEqual(["keep.tfstate", "x.yml"]);
  });

  it("applies .gitignore files of ancestors up to the work-tree root, and none above it", async () => {
    await tree(tmp, {
      ".gitignore": "*.yml\n",
      "repo/.git/HEAD": "",
      "repo/.gitignore": "*.log\n",
      "repo/app/.gitignore": "*.tmp\n",
      "repo/app/a.yml": "",
      "repo/app/a.log": "",
      "repo/app/svc/b.tmp": "",
      "repo/app/svc/b.yml": "",
    });
    expect(await found({ paths: ["app/svc"], cwd: path.join(tmp, "repo") })).toEqual(["app/svc/b.yml"]);
    expect(await found({ paths: ["app"], cwd: path.join(tmp, "repo") })).toEqual(["app/a.yml", "app/svc/b.yml"]);
  });

  it("without a work tree applies only the scanned tree's own .gitignore files", async () => {
    await tree(tmp, {
      ".gitignore": "*.log\n",
      "proj/.gitignore": "*.tmp\n",
      "proj/a.log": "",
      "proj/a.tmp": "",
      "proj/sub/b.log": "",
    });
    expect(await found({ paths: ["proj"] })).toEqual(["proj/a.log", "proj/sub/b.log"]);
  });

  it("keeps the rules of an outer work tree out of a nested one, which has its own info/exclude", async () => {
    await tree(tmp, {
      ".git/HEAD": "",
      ".gitignore": "*.generated.yml\n",
      ".secretwardenignore": "*.secret.yml\n",
      "c.generated.yml": "",
      "b.local.yml": "",
      "libs/lib/.git/info/exclude": "*.local.yml\n",
      "libs/lib/a.generated.yml": "",
      "libs/lib/b.local.yml": "",
      "libs/lib/z.secret.yml": "",
    });
    expect(await found()).toEqual(["b.local.yml", "libs/lib/a.generated.yml"]);
  });
});

describe("discover: third-party folders", () => {
  const options = (extra: Partial<DiscoverOptions> = {}): DiscoverOptions => ({
    paths: ["."],
    cwd: tmp,
    maxFileSize: 100,
    wants: notIgnoreFiles,
    ...extra,
  });

  it("does not enter install targets nor folders named for dependencies, and lists those that are not ignored", async () => {
    await tree(tmp, {
      ".git/HEAD": "",
      ".gitignore": "web/node_modules/\nbuild/\n",
      "app.py": "",
      // A Lambda layer installed with pip --target: the package folders and the loose modules alike.
      "layer/python/quokka-2.1.0.dist-info/METADATA": "",
      "layer/python/quokka/core.json": "",
      "layer/python/wombat.py": "",
      "layer/requirements.txt": "",
      "env/lib/python3.12/site-packages/numbat/x.py": "",
      "deps/legacy_pkg-0.9-py3.8.egg-info/PKG-INFO": "",
      "deps/legacy_pkg/y.py": "",
      "tools/botocore/data/s/paginators-1.json": "",
      "web/node_modules/left-pad/index.js": "",
      "web/src/vendor/lib.js": "",
      "web/src/main.js": "",
      "svc/__pycache__/m.cpython-312.pyc": "",
      // A project's own development install: no version in the name, so its sources are read.
      "own/src/ownpkg.egg-info/PKG-INFO": "",
      "own/src/ownpkg/z.py": "",
      // Metadata the project ignores does not make a folder third-party either.
      "build/x-1.0.dist-info/METADATA": "",
      "gen/.gitignore": "*.dist-info/\n",
      "gen/y-2.0.dist-info/METADATA": "",
      "gen/keep.yml": "",
    });
    const result = await discover(options());
    expect(result.files.map((file) => file.path)).toEqual([
      "app.py",
      "gen/keep.yml",
      "layer/requirements.txt",
      "own/src/ownpkg/z.py",
      "web/src/main.js",
    ]);
    expect(result.thirdParty).toEqual([
      "deps",
      "env/lib/python3.12/site-packages",
      "layer/python",
      "tools/botocore",
      "web/src/vendor",
    ]);
    expect(result.installed).toEqual([]);
  });

  it("lists a named file in an install target as installed, and a named folder in one as third-party", async () => {
    await tree(tmp, {
      "layer/python/quokka-2.1.0.dist-info/METADATA": "",
      "layer/python/quokka/deep/core.json": "",
      "layer/python/wombat.py": "",
      "layer/other.py": "",
    });
    const result = await discover(
      options({
        paths: [
          "layer/python/quokka/deep/core.json",
          "layer/python/wombat.py",
          "layer/other.py",
          "layer/python/quokka",
        ],
      }),
    );
    expect(result).toEqual({
      files: [{ absolutePath: path.join(tmp, "layer", "other.py"), path: "layer/other.py", explicit: true }],
      missing: [],
      rejected: [],
      thirdParty: ["layer/python/quokka"],
      installed: ["layer/python/quokka/deep/core.json", "layer/python/wombat.py"],
      unlistable: [],
    });
  });

  it("counts a named folder that is third-party by its name without entering it", async () => {
    await tree(tmp, { "web/node_modules/left-pad/index.js": "", "web/main.js": "" });
    const result = await discover(options({ paths: ["web/node_modules/left-pad", "web/main.js"] }));
    expect([result.files.map((file) => file.path), result.thirdParty]).toEqual([
      ["web/main.js"],
      ["web/node_modules/left-pad"],
    ]);
  });

  it("looks for install targets above a file up to cwd only", async () => {
    await tree(tmp, { "quokka-2.1.0.dist-info/METADATA": "", "proj/a/b.py": "" });
    expect(await installTargetAbove(path.join(tmp, "proj", "a"), path.join(tmp, "proj"))).toBeUndefined();
    expect(await installTargetAbove(path.join(tmp, "proj", "a"), tmp)).toBe(tmp);
  });
});

describe("discover: .secretwardenignore", () => {
  it("skips what either file ignores, per directory; neither can re-include what the other ignores", async () => {
    await tree(tmp, {
      ".git/HEAD": "",
      ".gitignore": "*.log\n!fixtures/\n",
      ".secretwardenignore": "fixtures/\n!x.log\n",
      "sub/.secretwardenignore": "*.json\n",
      "fixtures/a.yml": "",
      "sub/a.json": "",
      "sub/deep/b.json": "",
      "a.json": "",
      "x.log": "",
      "b.yml": "",
    });
    expect(await found()).toEqual(["a.json", "b.yml"]);
  });

  it("is looked up in ancestors up to cwd when there is no work tree", async () => {
    await tree(tmp, {
      ".secretwardenignore": "*.json\n",
      "proj/a.json": "",
      "proj/a.yml": "",
    });
    expect(await found({ paths: ["proj"] })).toEqual(["proj/a.yml"]);
    expect(await found({ cwd: path.join(tmp, "proj") })).toEqual(["a.json", "a.yml"]);
  });

  it("is looked up in ancestors up to the work-tree root above cwd", async () => {
    await tree(tmp, {
      ".git/HEAD": "",
      ".secretwardenignore": "*.json\n",
      "pkg/a.json": "",
      "pkg/a.yml": "",
    });
    expect(await found({ cwd: path.join(tmp, "pkg") })).toEqual(["a.yml"]);
  });
});

describe("discover: explicit arguments", () => {
  it("returns named files even when ignored or in node_modules, once, with explicit winning", async () => {
    await tree(tmp, {
      ".gitignore": "*.log\n",
      "x.log": "",
      "a.yml": "",
      "node_modules/p/a.yml": "",
    });
    const result = await discover({
      paths: [".", "x.log", "node_modules/p/a.yml", "./a.yml", "a.yml"],
      cwd: tmp,
      maxFileSize: 100,
      wants: notIgnoreFiles,
    });
    expect(result).toEqual({
      files: [
        { absolutePath: path.join(tmp, "a.yml"), path: "a.yml", explicit: true },
        { absolutePath: path.join(tmp, "node_modules", "p", "a.yml"), path: "node_modules/p/a.yml", explicit: true },
        { absolutePath: path.join(tmp, "x.log"), path: "x.log", explicit: true },
      ],
      missing: [],
      rejected: [],
      thirdParty: ["node_modules"],
      installed: [],
      unlistable: [],
    });
  });

  it("filters named files through wants as well", async () => {
    await tree(tmp, { "x.txt": "", "a.yml": "" });
    expect(await found({ paths: ["x.txt", "a.yml"], wants: (relative) => relative.endsWith(".yml") })).toEqual([
      "a.yml",
    ]);
  });

  it("walks a named directory even when it or its parent is ignored, applying the rules to what is inside", async () => {
    await tree(tmp, {
      ".git/HEAD": "",
      ".gitignore": "dist/\n*.log\nout/\n",
      "dist/a.yml": "",
      "dist/x.log": "",
      "dist/node_modules/m.yml": "",
      "dist/sub/.gitignore": "b.yml\n",
      "dist/sub/b.yml": "",
      "dist/sub/c.yml": "",
      "out/gen/d.yml": "",
    });
    expect(await found()).toEqual([]);
    expect(await found({ paths: ["dist", "out/gen"] })).toEqual(["dist/a.yml", "dist/sub/c.yml", "out/gen/d.yml"]);
  });
});

describe("discover: onFiles", () => {
  it("hands over each folder's files together, sorted, links included, each file once, and nothing else", async () => {
    await tree(tmp, {
      "b.yml": "",
      "a.yml": "",
      "mod/variables.tf": "",
      "mod/main.tf": "",
      "mod/sub/z.json": "",
      "mod/sub/a.json": "",
      "node_modules/x/y.yml": "",
      "empty/": "",
      ".gitignore": "ignored/\n",
      "ignored/c.yml": "",
    });
    if (process.platform !== "win32") await symlink("main.tf", path.join(tmp, "mod", "link.tf"));
    const batches: string[][] = [];
    const result = await discover({
      paths: ["."],
      cwd: tmp,
      maxFileSize: 100,
      wants: notIgnoreFiles,
      onFiles: (files) => batches.push(files.map((file) => file.path)),
    });
    const mod = ["mod/main.tf", "mod/variables.tf", ...(process.platform !== "win32" ? ["mod/link.tf"] : [])].sort();
    expect(batches.sort((a, b) => ((a[0] ?? "") < (b[0] ?? "") ? -1 : 1))).toEqual([
      ["a.yml", "b.yml"],
      mod,
      ["mod/sub/a.json", "mod/sub/z.json"],
    ]);
    expect(batches.flat().sort()).toEqual(result.files.map((file) => file.path));
  });

  it("is not called for a file named on the command line", async () => {
    await tree(tmp, { "a.yml": "" });
    const batches: string[][] = [];
    const result = await discover({
      paths: ["a.yml"],
      cwd: tmp,
      maxFileSize: 100,
      wants: () => true,
      onFiles: (files) => batches.push(files.map((file) => file.path)),
    });
    expect([batches, result.files.map((file) => file.path)]).toEqual([[], ["a.yml"]]);
  });
});

describe.skipIf(process.platform === "win32")("discover: symbolic links", () => {
  it("includes links to regular files, does not follow links to directories, passes over broken links", async () => {
    await tree(tmp, { "real/a.yml": "" });
    await symlink("real", path.join(tmp, "linkdir"));
    await symlink("real", path.join(tmp, "dirlink.yml"));
    await symlink("..", path.join(tmp, "real", "up"));
    await symlink(path.join("real", "a.yml"), path.join(tmp, "link.yml"));
    await symlink("missing.yml", path.join(tmp, "broken.yml"));
    await symlink("self.yml", path.join(tmp, "self.yml"));
    const result = await discover({ paths: ["."], cwd: tmp, maxFileSize: 100, wants: () => true });
    expect(result.files.map((file) => file.path)).toEqual(["link.yml", "real/a.yml"]);
  });

  it("does not read a file through a link out of the scanned directories: a skip note naming the link's target", async () => {
    await tree(tmp, {
      "outside/secret.yml": "password: x\n",
      "repo/a.yml": "",
      "repo/shared/b.yml": "",
      "other/c.yml": "",
    });
    await symlink(path.join("..", "outside", "secret.yml"), path.join(tmp, "repo", "up.yml"));
    await symlink(path.join(tmp, "outside", "secret.yml"), path.join(tmp, "repo", "absolute.yml"));
    // Inside the root, through a relative or an absolute target, or into another scanned directory: read.
    await symlink(path.join("shared", "b.yml"), path.join(tmp, "repo", "in.yml"));
    await symlink(path.join(tmp, "repo", "a.yml"), path.join(tmp, "repo", "shared", "abs-in.yml"));
    await symlink(path.join("..", "other", "c.yml"), path.join(tmp, "repo", "other.yml"));
    const walk = async (paths: string[]) => {
      const { files } = await discover({ paths, cwd: tmp, maxFileSize: 100, wants: () => true });
      const read = await Promise.all(files.map((file) => readCandidate(file, 100)));
      return read.map((r) => (isSkipped(r) ? `${r.file} ${r.reason}: ${r.message}` : r.path));
    };
    expect(await walk(["repo"])).toEqual([
      "repo/a.yml",
      `repo/absolute.yml outside-root: skipped: symbolic link to ${path.join(tmp, "outside", "secret.yml")}, outside the scanned directories`,
      "repo/in.yml",
      "repo/other.yml outside-root: skipped: symbolic link to ../other/c.yml, outside the scanned directories",
      "repo/shared/abs-in.yml",
      "repo/shared/b.yml",
      "repo/up.yml outside-root: skipped: symbolic link to ../outside/secret.yml, outside the scanned directories",
    ]);
    expect(await walk(["repo", "other"])).toContain("repo/other.yml");
    // Named on the command line, a link is the user's choice: read wherever it points.
    expect(await walk(["repo/up.yml"])).toEqual(["repo/up.yml"]);
  });

  it("does not follow a link made or swapped after the walk found the file (the read re-checks nothing else)", async () => {
    await tree(tmp, {
      "outside/secret.yml": "password: outside\n",
      "repo/a.yml": "name: a\n",
      "repo/b.yml": "name: b\n",
    });
    await symlink("b.yml", path.join(tmp, "repo", "link.yml"));
    const { files } = await discover({ paths: ["repo"], cwd: tmp, maxFileSize: 100, wants: () => true });
    expect(files.map((file) => file.path)).toEqual(["repo/a.yml", "repo/b.yml", "repo/link.yml"]);
    // Between the walk and the read: a file becomes a link out, and a link inside is pointed out.
    const out = path.join(tmp, "outside", "secret.yml");
    await rm(path.join(tmp, "repo", "a.yml"));
    await symlink(out, path.join(tmp, "repo", "a.yml"));
    await rm(path.join(tmp, "repo", "link.yml"));
    await symlink(out, path.join(tmp, "repo", "link.yml"));
    for (const read of [readCandidate, readCandidateSync]) {
      const results = await Promise.all(files.map((file) => read(file, 100)));
      expect(
        results.map((r) =>
          isSkipped(r) ? `${r.file} ${r.reason}: ${r.message}` : `${r.path} ${JSON.stringify(r.text)}`,
        ),
      ).toEqual([
        "repo/a.yml unreadable: skipped: it became a symbolic link after the scan found it; not followed",
        'repo/b.yml "name: b\\n"',
        // Read at the target the walk checked.
        'repo/link.yml "name: b\\n"',
      ]);
    }
  });

  it("judges links by real paths: a scanned directory reached through a link keeps its inside links", async () => {
    await tree(tmp, { "real/a.yml": "" });
    await symlink("real", path.join(tmp, "via"));
    await symlink(path.join(tmp, "real", "a.yml"), path.join(tmp, "real", "abs.yml"));
    const { files } = await discover({ paths: ["via"], cwd: tmp, maxFileSize: 100, wants: () => true });
    expect(files).toEqual([
      { absolutePath: path.join(tmp, "via", "a.yml"), path: "via/a.yml", explicit: false },
      {
        absolutePath: path.join(tmp, "via", "abs.yml"),
        path: "via/abs.yml",
        explicit: false,
        target: await realpath(path.join(tmp, "real", "a.yml")),
      },
    ]);
  });

  it("follows links named on the command line, and counts a broken one as missing", async () => {
    await tree(tmp, { "real/a.yml": "" });
    await symlink("real", path.join(tmp, "linkdir"));
    await symlink("missing.yml", path.join(tmp, "broken.yml"));
    const result = await discover({ paths: ["linkdir", "broken.yml"], cwd: tmp, maxFileSize: 100, wants: () => true });
    expect(result).toEqual({
      files: [{ absolutePath: path.join(tmp, "linkdir", "a.yml"), path: "linkdir/a.yml", explicit: false }],
      missing: ["broken.yml"],
      rejected: [],
      thirdParty: [],
      installed: [],
      unlistable: [],
    });
  });
});

describe("readCandidate", () => {
  const candidate = (relative: string): DiscoveredFile => ({
    absolutePath: path.join(tmp, relative),
    path: relative,
    explicit: false,
  });

  it("loads UTF-8 text without its byte order mark", async () => {
    await writeFile(path.join(tmp, "a.yml"), "\uFEFFkey: välue\n");
    const loaded = await readCandidate(candidate("a.yml"), 100);
    expect(loaded).toEqual({ ...candidate("a.yml"), text: "key: välue\n" });
    expect(isSkipped(loaded)).toBe(false);
  });

  it("decodes UTF-16 LE and BE after their byte order mark; without one, UTF-16 is binary (NUL bytes), as to git", async () => {
    const text = 'Resources:\r\n  Db: { Password: "Zq8vRt2m" } # é 😀\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le.map((_, i) => le[i ^ 1] as number));
    await writeFile(path.join(tmp, "le.yml"), le);
    await writeFile(path.join(tmp, "be.yml"), be);
    await writeFile(path.join(tmp, "bare.yml"), le.subarray(2));
    await writeFile(path.join(tmp, "odd.yml"), Buffer.concat([le, Buffer.from([0x41])]));
    await writeFile(
      path.join(tmp, "utf32.yml"),
      Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from("a\0\0\0")]),
    );
    expect(await readCandidate(candidate("le.yml"), 1000)).toEqual({ ...candidate("le.yml"), text });
    expect(await readCandidate(candidate("be.yml"), 1000)).toEqual({ ...candidate("be.yml"), text });
    // A truncated last code unit is one U+FFFD: nothing before it moves.
    expect(await readCandidate(candidate("odd.yml"), 1000)).toEqual({ ...candidate("odd.yml"), text: `${text}\uFFFD` });
    for (const name of ["bare.yml", "utf32.yml"])
      expect(await readCandidate(candidate(name), 1000)).toEqual({
        file: name,
        reason: "binary",
        message: "skipped: binary file",
      });
  });

  it("skips a UTF-16 file whose text holds NUL characters as binary", async () => {
    await writeFile(
      path.join(tmp, "nul.yml"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a: 1\n\0\0", "utf16le")]),
    );
    expect(await readCandidate(candidate("nul.yml"), 1000)).toEqual({
      file: "nul.yml",
      reason: "binary",
      message: "skipped: binary file",
    });
  });

  it("reads the same with blocking calls (worker threads) as with promises, skips and errors included", async () => {
    await writeFile(path.join(tmp, "a.yml"), "\uFEFFkey: välue\n");
    await writeFile(
      path.join(tmp, "le.yml"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("k: v\n", "utf16le")]),
    );
    await writeFile(path.join(tmp, "bin.yml"), Buffer.from([0x41, 0, 0x42]));
    await writeFile(path.join(tmp, "big.json"), "0123456789");
    await mkdir(path.join(tmp, "folder.yml"));
    const outside: DiscoveredFile = { ...candidate("link.yml"), outsideRoot: "/elsewhere/x.yml" };
    const files = ["a.yml", "le.yml", "bin.yml", "big.json", "folder.yml", "missing.yml"]
      .map(candidate)
      .concat(outside);
    for (const limit of [5, 100]) {
      for (const file of files)
        expect(readCandidateSync(file, limit), `${file.path} ${limit}`).toEqual(await readCandidate(file, limit));
    }
    expect(readCandidateSync(candidate("le.yml"), 100)).toEqual({ ...candidate("le.yml"), text: "k: v\n" });
    expect(readCandidateSync(candidate("missing.yml"), 5)).toMatchObject({ file: "missing.yml", reason: "unreadable" });
    expect(readCandidateSync(candidate("folder.yml"), 5)).toEqual({
      file: "folder.yml",
      reason: "unreadable",
      message: "skipped: not a regular file",
    });
  });

  it("skips a file over maxFileSize, with sizes a person can read", async () => {
    const mb = 1024 * 1024;
    await writeFile(path.join(tmp, "big.json"), "");
    await truncate(path.join(tmp, "big.json"), Math.round(7.3 * mb));
    await writeFile(path.join(tmp, "ten.json"), "0123456789");
    await writeFile(path.join(tmp, "kb.json"), "x".repeat(1536));
    await writeFile(path.join(tmp, "edge.json"), "");
    await truncate(path.join(tmp, "edge.json"), 5 * mb + 1);

    expect(await readCandidate(candidate("big.json"), 5 * mb)).toEqual({
      file: "big.json",
      reason: "too-large",
      message: "skipped: file is 7.3 MB, over the 5 MB limit (maxFileSize)",
    });
    expect(await readCandidate(candidate("ten.json"), 5)).toEqual({
      file: "ten.json",
      reason: "too-large",
      message: "skipped: file is 10 bytes, over the 5 bytes limit (maxFileSize)",
    });
    expect(await readCandidate(candidate("kb.json"), 1024)).toEqual({
      file: "kb.json",
      reason: "too-large",
      message: "skipped: file is 1.5 KB, over the 1 KB limit (maxFileSize)",
    });
    expect(await readCandidate(candidate("edge.json"), 5 * mb)).toEqual({
      file: "edge.json",
      reason: "too-large",
      message: "skipped: file is 5242881 bytes, over the 5242880 bytes limit (maxFileSize)",
    });
    expect(await readCandidate(candidate("ten.json"), 10)).toEqual({ ...candidate("ten.json"), text: "0123456789" });
  });

  it("skips a file with a NUL byte in its first 8000 bytes as binary", async () => {
    const early = Buffer.alloc(9000, "a");
    early[7999] = 0;
    const late = Buffer.alloc(9000, "a");
    late[8000] = 0;
    await writeFile(path.join(tmp, "early.yml"), early);
    await writeFile(path.join(tmp, "late.yml"), late);

    const skipped = await readCandidate(candidate("early.yml"), 10_000);
    expect(skipped).toEqual({ file: "early.yml", reason: "binary", message: "skipped: binary file" });
    expect(isSkipped(skipped)).toBe(true);
    expect(await readCandidate(candidate("late.yml"), 10_000)).toEqual({
      ...candidate("late.yml"),
      text: late.toString("utf8"),
    });
  });

  it("reports a file that cannot be read with the OS message", async () => {
    expect(await readCandidate(candidate("vanished.yml"), 100)).toEqual({
      file: "vanished.yml",
      reason: "unreadable",
      message: `skipped: cannot read file: ENOENT: no such file or directory, open '${path.join(tmp, "vanished.yml")}'`,
    });
    await mkdir(path.join(tmp, "now-a-directory.yml"));
    expect(await readCandidate(candidate("now-a-directory.yml"), 100)).toEqual({
      file: "now-a-directory.yml",
      reason: "unreadable",
      message: "skipped: not a regular file",
    });
  });
});

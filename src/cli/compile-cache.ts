/**
 * V8's code cache for the command line's bundle (dist/cli/chunks/*.cjs) and the CommonJS packages it requires. A
 * one-file pre-commit run is mostly start-up, and V8 compiling the bundle's JavaScript was a third of it
 * (BENCHMARKS.md): given the bytecode a previous run left, V8 skips the parse and the lazy compiles, about 60 ms of a
 * 240 ms run.
 *
 * Node 22 has a compile cache of its own (`module.enableCompileCache`), but V8 accepts cached code only under the
 * flags it was made with, and a short Terraform run changes a flag mid-run (short-run.ts): one cache for all runs is
 * rejected and rewritten run after run. Here each piece of code is cached under the flags it was compiled with
 * (`setV8Flags`), and the mechanism is the same on every Node version (the one CI runs).
 *
 * The cache is code this process runs, so it is only ever read from a folder of the user's own that no one else can
 * write: `SECRETWARDEN_COMPILE_CACHE`, or one per user in the temporary folder (as Node's own cache). A folder that is
 * a symbolic link, another user's, or writable by others turns the cache off; so does
 * `SECRETWARDEN_DISABLE_COMPILE_CACHE` or Node's `NODE_DISABLE_COMPILE_CACHE`. Any failure to read or write it costs
 * speed, never the run.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { Script } from "node:vm";

/** The part of Node's CommonJS module this hooks: `_compile` is what v8-compile-cache replaced too. */
interface CommonJsModule {
  exports: unknown;
  _compile(content: string, filename: string, format?: string): unknown;
}

/** Code compiled without usable cached data, saved when the run ends or before a flag changes. */
interface Unsaved {
  script: Script;
  file: string;
}

// `node:v8` only when a flag is set: a template's run sets none.
const load = createRequire(import.meta.url);
const setFlagsFromString = (flags: string) => (load("node:v8") as typeof import("node:v8")).setFlagsFromString(flags);

/** What the bundle reaches through `globalThis` (it holds its own copy of this module, see `setV8Flags`). */
interface CompileCache {
  setFlags(flags: string): void;
}

const SHARED = Symbol.for("secretwarden.compile-cache");
/** More cache files than a release's chunks times its flag variants: stale builds' files, cleared. */
const MOST_FILES = 400;

/**
 * The cache folder for this Node and these V8 options (V8 rejects code cached by another V8 or under other flags, and
 * runs with other `NODE_OPTIONS` would each rewrite the other's), or none when the cache is off or unsafe.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (env.SECRETWARDEN_DISABLE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base = resolve(
    env.SECRETWARDEN_COMPILE_CACHE || join(tmpdir(), `secretwarden-compile-cache-${process.getuid?.() ?? 0}`),
  );
  const options = hash([...process.execArgv, env.NODE_OPTIONS ?? ""].join("\0"));
  const directory = join(base, `${process.versions.v8}-${process.arch}-${options}`);
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    return ownedPrivately(base) && ownedPrivately(directory) ? directory : undefined;
  } catch {
    return undefined;
  }
}

/** A real folder (a symbolic link is not followed), of this user, that no one else can write into. */
function ownedPrivately(directory: string): boolean {
  const stat = lstatSync(directory);
  if (!stat.isDirectory()) return false;
  // Windows has no uid: there the temporary folder is the user's own.
  if (process.getuid === undefined) return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/**
 * Compiles every CommonJS file this process loads with cached code from `directory` (the bundle's chunks and the
 * packages they require: the process never loads a scanned file), and saves what had none when the process exits.
 * Once per process.
 */
export function enableCompileCache(directory: string): void {
  const prototype = (Module as unknown as { prototype: CommonJsModule }).prototype;
  const compile = prototype._compile;
  const unsaved: Unsaved[] = [];
  // The flags code is compiled under are part of its cache key: V8 rejects code cached under other flags.
  let variant = "";
  const save = () => {
    if (unsaved.length === 0) return;
    try {
      if (readdirSync(directory).length > MOST_FILES) {
        for (const name of readdirSync(directory)) rmSync(join(directory, name), { force: true });
      }
    } catch {
      return;
    }
    for (const { script, file } of unsaved.splice(0)) {
      // A name of this process's own, then a rename: a concurrent run never reads half a file.
      const partial = `${file}.${process.pid}.partial`;
      try {
        writeFileSync(partial, script.createCachedData(), { mode: 0o600, flag: "wx" });
        renameSync(partial, file);
      } catch {
        rmSync(partial, { force: true });
      }
    }
  };
  prototype._compile = function (this: CommonJsModule, content: string, filename: string, format?: string) {
    if ((format !== undefined && format !== "commonjs") || !cacheable(content, filename)) {
      return compile.call(this, content, filename, format);
    }
    // A file is known by its path, size and time: a chunk's name carries a hash of its content, an entry rebuilt under
    // the same name or a package updated in place has another size or time.
    const { size, mtimeMs } = statSync(filename);
    const file = join(
      directory,
      `${basename(filename)}-${hash(filename)}-${size}-${Math.trunc(mtimeMs)}${variant}.code`,
    );
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected === true) unsaved.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (
      exports: unknown,
      require: NodeJS.Require,
      module: CommonJsModule,
      filename: string,
      dirname: string,
    ) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };
  const shared: CompileCache = {
    setFlags(flags) {
      // Code compiled so far is saved under the flags it was compiled with, before they change.
      save();
      setFlagsFromString(flags);
      variant += `@${flags.replace(/[^A-Za-z0-9]+/g, "_")}`;
    },
  };
  (globalThis as Record<symbol, unknown>)[SHARED] = shared;
  process.once("exit", save);
}

/**
 * Code compiled from a `vm.Script` has no loader for `import()` on Node 20 (it throws when the expression runs), so a
 * file that may import dynamically is left to Node. Two packages are known not to in this command: TypeScript's
 * compiler, whose `import(` are all in strings (compile-cache.test.ts checks it with TypeScript's own parser), and
 * web-tree-sitter, whose one `import()` reads a grammar given by path, and the command gives it bytes
 * (src/parsers/tree-sitter.ts `grammarInput`). Cached, they save a TypeScript file's run about 150 ms and a Terraform
 * file's about 5.
 */
export function cacheable(content: string, filename: string): boolean {
  // The names first: TypeScript's compiler is 9 MB of text to search.
  return NO_DYNAMIC_IMPORT.some((file) => filename.endsWith(file)) || !content.includes("import(");
}

const NO_DYNAMIC_IMPORT = [
  join("node_modules", "typescript", "lib", "typescript.js"),
  join("node_modules", "web-tree-sitter", "web-tree-sitter.cjs"),
];

/** FNV-1a: a short name for a path or a set of options, not a defence (the folder is private). */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193);
  return (value >>> 0).toString(36);
}

/**
 * Sets V8 flags for the rest of the process, through the compile cache when there is one. The bundle holds its own
 * copy of this module (the command line's entry loads this one before the bundle), so the cache is found on
 * `globalThis`.
 */
export function setV8Flags(flags: string): void {
  const shared = (globalThis as Record<symbol, unknown>)[SHARED] as CompileCache | undefined;
  if (shared) shared.setFlags(flags);
  else setFlagsFromString(flags);
}

/**
 * V8's code cache (src/cli/compile-cache.ts) through the built command: what a run leaves in the cache, what the next
 * run does with it, and that a cache (used, corrupt or unsafe) never changes what a run reports.
 */
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CliRun, cli, PASSWORD_TEMPLATE } from "./cli.js";

const temporary = mkdtempSync(join(tmpdir(), "secretwarden-compile-cache-e2e-"));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

const repo = join(temporary, "repo");
mkdirSync(join(repo, "infra"), { recursive: true });
writeFileSync(join(repo, "infra/db.yaml"), PASSWORD_TEMPLATE);
writeFileSync(
  join(repo, "infra/secret.tf"),
  'resource "aws_secretsmanager_secret" "api" {\n  name = "prod/billing/api/token"\n}\n',
);

/** The one folder a cache holds: per V8 version, architecture and options (src/cli/compile-cache.ts `cacheDirectory`). */
const inside = (cache: string) => {
  const [folder, ...more] = readdirSync(cache);
  expect(more).toEqual([]);
  return join(cache, folder as string);
};
const run = (file: string, env: Record<string, string>): CliRun =>
  cli([file, "--format", "json", "--no-progress"], { cwd: repo, env });
/** A template's run, then a Terraform file's: the second sets a V8 flag mid-run (src/cli/short-run.ts). */
const both = (env: Record<string, string>) => [run("infra/db.yaml", env), run("infra/secret.tf", env)];
/** Each cache file by name: a hash of its bytes and its modification time. */
const contents = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir).map((name) => [
      name,
      `${createHash("sha256")
        .update(readFileSync(join(dir, name)))
        .digest("hex")} ${statSync(join(dir, name)).mtimeMs}`,
    ]),
  );

const uncached = both({ SECRETWARDEN_DISABLE_COMPILE_CACHE: "1" });

describe("the compile cache", () => {
  it("reports the same whether the cache is off, empty or full", () => {
    expect(uncached.map((r) => r.status)).toEqual([1, 1]);
    expect(uncached[0]?.stdout).toContain('"ruleId": "hardcoded-credential"');
    expect(uncached[1]?.stdout).toContain('"ruleId": "secret-without-rotation"');
    const cache = join(temporary, "same");
    const env = { SECRETWARDEN_COMPILE_CACHE: cache };
    expect(both(env)).toEqual(uncached);
    expect(both(env)).toEqual(uncached);
  });

  it("is written by the first runs and left as it is by the next: code is cached under the V8 flags it ran with", () => {
    const cache = join(temporary, "stable");
    const env = { SECRETWARDEN_COMPILE_CACHE: cache };
    both(env);
    const first = contents(inside(cache));
    // The bundle's entry and the Terraform reader (compiled after the flag is set, cached under it).
    expect(Object.keys(first).some((name) => name.startsWith("cli.cjs-"))).toBe(true);
    expect(Object.keys(first).some((name) => /^hcl-.*@_wasm_tiering_budget_\d+\.code$/.test(name))).toBe(true);
    // A package the bundle requires, cached too (its one `import()` is never run: src/parsers/tree-sitter.ts).
    expect(Object.keys(first).some((name) => name.startsWith("web-tree-sitter.cjs-"))).toBe(true);
    // Runs after the first rewrite nothing: a file V8 rejected (made under other flags) would be written again.
    both(env);
    both(env);
    expect(contents(inside(cache))).toEqual(first);
  });

  it("replaces cache files that V8 rejects (corrupt), and reports as without them", () => {
    const cache = join(temporary, "corrupt");
    const env = { SECRETWARDEN_COMPILE_CACHE: cache };
    both(env);
    const dir = inside(cache);
    const names = readdirSync(dir);
    for (const name of names) writeFileSync(join(dir, name), "not V8's code cache");
    expect(both(env)).toEqual(uncached);
    for (const name of names) expect(readFileSync(join(dir, name), "utf8")).not.toBe("not V8's code cache");
  });

  it("is neither read nor written in a folder others can write to, and the run goes on", () => {
    const cache = join(temporary, "shared");
    mkdirSync(cache);
    chmodSync(cache, 0o777);
    expect(both({ SECRETWARDEN_COMPILE_CACHE: cache })).toEqual(uncached);
    expect(readdirSync(inside(cache))).toEqual([]);
  });
});

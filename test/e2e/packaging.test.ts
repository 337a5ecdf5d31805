/**
 * The published shape: `npm pack`, install the tarball into an empty folder (its dependencies come from the registry),
 * and run `npx secretwarden` there on a fixture repository; and `npm pack --dry-run`, the check of RELEASING.md.
 * (The GitHub Action is tested in action.test.ts.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, PASSWORD_TEMPLATE as PASSWORD } from "./cli.js";

const temporary: string[] = [];
// An installed package with its dependencies: removing it can outlast the default 10 s hook timeout on a loaded machine.
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })), 120_000);
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-pack-"));
  temporary.push(dir);
  return dir;
};

describe("npm pack, install the tarball, npx secretwarden", () => {
  it("runs from an empty folder with only the published files", () => {
    const out = temp();
    // --ignore-scripts: dist/ was built by `npm test` just before; the tarball is what `npm publish` would upload.
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], {
        cwd: ROOT,
        encoding: "utf8",
      }),
    ) as {
      filename: string;
      files: { path: string }[];
      unpackedSize: number;
    }[];
    const info = packed[0];
    if (!info) throw new Error("npm pack wrote nothing");
    const files = info.files.map((f) => f.path);
    expect(files).toContain("dist/cli/main.js");
    expect(files).toContain("src/reporters/report.schema.json");
    expect(
      files.filter((f) =>
        /\.test\.|test-support|fixtures\/|^src\/(?!reporters\/report\.schema\.json)|^bench\/|^test\//.test(f),
      ),
    ).toEqual([]);
    // Installed size of the package itself (its dependencies come on top): reported in the issue note.
    expect(info.unpackedSize).toBeLessThan(5 * 1024 * 1024);

    const app = temp();
    writeFileSync(join(app, "package.json"), '{ "name": "app", "private": true }\n');
    const install = spawnSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error", join(out, info.filename)],
      { cwd: app, encoding: "utf8", timeout: 300_000 },
    );
    expect(install.status, install.stderr).toBe(0);
    mkdirSync(join(app, "repo/infra"), { recursive: true });
    writeFileSync(join(app, "repo/infra/db.yaml"), PASSWORD);
    // Application code too: the TypeScript parser (a dependency, loaded by the bundle with require) and a tree-sitter
    // grammar (shipped in dist/grammars) must resolve from the installed package, without devDependencies.
    mkdirSync(join(app, "repo/app"), { recursive: true });
    writeFileSync(join(app, "repo/app/config.ts"), 'export const apiToken: string = "Zq8vRt2mXk9pLw4s";\n');
    writeFileSync(join(app, "repo/app/settings.py"), 'DB_PASSWORD = "Zq8vRt2mXk9pLw4s"\n');
    const run = spawnSync("npx", ["--no-install", "secretwarden", "repo", "--format", "json"], {
      cwd: app,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as {
      findings: { ruleId: string; file: string; line: number; column: number }[];
      errors: unknown[];
    };
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toContain("repo/infra/db.yaml hardcoded-credential");
    expect(
      report.findings
        .filter((f) => f.file.startsWith("repo/app/"))
        .map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`),
    ).toEqual(["repo/app/config.ts:1:33 hardcoded-credential", "repo/app/settings.py:1:15 hardcoded-credential"]);
    expect(report.errors).toEqual([]);
    expect(run.stdout).not.toContain("Tr0ub4dor-and-3");
    const version = spawnSync("npx", ["--no-install", "secretwarden", "--version"], { cwd: app, encoding: "utf8" });
    expect(version.stdout).toBe(
      `${(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version}\n`,
    );
  }, 600_000);
});

describe("npm pack --dry-run (RELEASING.md checks it before each release)", () => {
  it("holds what users need: the CLI, README, licence, report schema and every grammar, and no tests or fixtures", () => {
    // --ignore-scripts: the dist/ built before the tests is what is packed (a real `npm pack` would build it first).
    const [info] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" }),
    ) as { files: { path: string }[] }[];
    const files = (info?.files ?? []).map((f) => f.path);
    // The grammar files the build copies, named in its own list: gzipped, or as they are when small.
    const grammars = [
      ...readFileSync(join(ROOT, "scripts/copy-grammars.mjs"), "utf8").matchAll(/files: \[([^\]]*)\]/g),
    ].flatMap((m) =>
      [...(m[1] as string).matchAll(/"([^"]+)"/g)].map((f) =>
        existsSync(join(ROOT, "dist/grammars", `${f[1]}`)) ? `dist/grammars/${f[1]}` : `dist/grammars/${f[1]}.gz`,
      ),
    );
    expect(grammars).toHaveLength(8);
    expect(grammars.filter((file) => !file.endsWith(".gz"))).toEqual([
      "dist/grammars/tree-sitter-hcl.wasm",
      "dist/grammars/tree-sitter-terraform.wasm",
    ]);
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "dist/cli/main.js",
        "dist/index.js",
        "dist/index.d.ts",
        "src/reporters/report.schema.json",
        ...grammars,
      ]),
    );
    expect(
      files.filter((f) => /\.test\.|test-support|fixtures\/|^test\/|^bench\/|^fuzz\/|^scripts\/|^examples\//.test(f)),
    ).toEqual([]);
  });
});

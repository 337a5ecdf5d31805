/**
 * The published shape: `npm pack`, install the tarball into an empty folder (its dependencies come from the registry),
 * and run `npx secretwarden` there on a fixture repository. Also the GitHub Action's scan step and README workflow.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, PASSWORD_TEMPLATE as PASSWORD } from "./cli.js";
import { describeErrors, sarifValidator } from "../../src/test-support/schemas.js";

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-pack-"));
  temporary.push(dir);
  return dir;
};

describe("npm pack, install the tarball, npx secretwarden", () => {
  it("runs from an empty folder with only the published files", () => {
    const out = temp();
    // --ignore-scripts: dist/ was built by `npm test` just before; the tarball is what `npm publish` would upload.
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], { cwd: ROOT, encoding: "utf8" })) as {
      filename: string;
      files: { path: string }[];
      unpackedSize: number;
    }[];
    const info = packed[0];
    if (!info) throw new Error("npm pack wrote nothing");
    const files = info.files.map((f) => f.path);
    expect(files).toContain("dist/cli/main.js");
    expect(files).toContain("src/reporters/report.schema.json");
    expect(files.filter((f) => /\.test\.|test-support|fixtures\/|^src\/(?!reporters\/report\.schema\.json)|^bench\/|^test\//.test(f))).toEqual([]);
    // Installed size of the package itself (its dependencies come on top): reported in the issue note.
    expect(info.unpackedSize).toBeLessThan(5 * 1024 * 1024);

    const app = temp();
    writeFileSync(join(app, "package.json"), '{ "name": "app", "private": true }\n');
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error", join(out, info.filename)], { cwd: app, encoding: "utf8", timeout: 300_000 });
    expect(install.status, install.stderr).toBe(0);
    mkdirSync(join(app, "repo/infra"), { recursive: true });
    writeFileSync(join(app, "repo/infra/db.yaml"), PASSWORD);
    // Application code too: the TypeScript parser (a dependency, loaded by the bundle with require) and a tree-sitter
    // grammar (shipped in dist/grammars) must resolve from the installed package, without devDependencies.
    mkdirSync(join(app, "repo/app"), { recursive: true });
    writeFileSync(join(app, "repo/app/config.ts"), 'export const apiToken: string = "Zq8vRt2mXk9pLw4s";\n');
    writeFileSync(join(app, "repo/app/settings.py"), 'DB_PASSWORD = "Zq8vRt2mXk9pLw4s"\n');
    const run = spawnSync("npx", ["--no-install", "secretwarden", "repo", "--format", "json"], { cwd: app, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[]; errors: unknown[] };
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toContain("repo/infra/db.yaml hardcoded-credential");
    expect(report.findings.filter((f) => f.file.startsWith("repo/app/")).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      "repo/app/config.ts:1:33 hardcoded-credential",
      "repo/app/settings.py:1:15 hardcoded-credential",
    ]);
    expect(report.errors).toEqual([]);
    expect(run.stdout).not.toContain("Tr0ub4dor-and-3");
    const version = spawnSync("npx", ["--no-install", "secretwarden", "--version"], { cwd: app, encoding: "utf8" });
    expect(version.stdout).toBe(`${(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version}\n`);
  }, 600_000);
});

describe("GitHub Action", () => {
  const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
    runs: { using: string; steps: { id?: string; uses?: string; run?: string; env?: Record<string, string> }[] };
    inputs: Record<string, { default?: string }>;
  };

  it("is a composite action that sets up Node and runs the scan step, which writes valid SARIF", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.runs.steps[0]?.uses).toMatch(/^actions\/setup-node@v\d+$/);
    const scan = action.runs.steps.find((s) => s.id === "scan");
    if (!scan?.run) throw new Error("no scan step");
    const repo = temp();
    cpSync(join(ROOT, "test/fixtures/project"), repo, { recursive: true });
    const output = join(repo, "github-output");
    writeFileSync(output, "");
    const run = spawnSync("bash", ["-e", "-c", scan.run], {
      cwd: repo,
      encoding: "utf8",
      env: {
        ...process.env,
        SECRETWARDEN: join(ROOT, "dist/cli/main.js"),
        SW_PATHS: action.inputs.paths?.default ?? "",
        SW_SARIF: action.inputs["sarif-file"]?.default ?? "",
        SW_FAIL_ON: action.inputs["fail-on"]?.default ?? "",
        SW_ARGS: "",
        GITHUB_OUTPUT: output,
      },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(output, "utf8")).toBe("sarif-file=secretwarden.sarif\n");
    const sarif = JSON.parse(readFileSync(join(repo, "secretwarden.sarif"), "utf8"));
    expect(sarifValidator(sarif), describeErrors(sarifValidator.errors)).toBe(true);
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    for (const result of sarif.runs[0].results) expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^infra\//);
  });

  it("the README workflow uploads the action's SARIF with upload-sarif and the permission it needs", () => {
    const text = readFileSync(join(ROOT, "README.md"), "utf8").match(/```yaml workflow\n([\s\S]*?)```/)?.[1] ?? "";
    const workflow = parse(text) as { permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string; id?: string; with?: Record<string, string> }[] }> };
    expect(workflow.permissions["security-events"]).toBe("write");
    const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
    const ours = steps.find((s) => s.uses?.startsWith("secretwarden/secretwarden@"));
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(ours?.id).toBeDefined();
    expect(upload?.with?.sarif_file).toBe(`\${{ steps.${ours?.id}.outputs.sarif-file }}`);
  });
});

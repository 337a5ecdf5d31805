/**
 * What leaves the process: no secret value of any fixture unmasked in stdout, stderr or a report file, in every
 * format; and byte-identical JSON and SARIF across runs, across `--jobs`, and across the order the file system lists
 * files in.
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { findCredentials } from "../../src/knowledge/credential-patterns.js";
import { cli, json, ROOT } from "../e2e/cli.js";
import { tree } from "./support.js";

const ROOTS = ["examples", "test/fixtures"];

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(join(ROOT, rel)).isDirectory() ? files(rel) : [rel];
  });
}

/** The text a finding's span covers, from the file itself. */
function spanText(text: string, f: { line: number; column: number; endLine: number; endColumn: number }): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (f.line === f.endLine) return (lines[f.line - 1] ?? "").slice(f.column - 1, f.endColumn - 1);
  return [(lines[f.line - 1] ?? "").slice(f.column - 1), ...lines.slice(f.line, f.endLine - 1), (lines[f.endLine - 1] ?? "").slice(0, f.endColumn - 1)].join("\n");
}

describe("no leaks", () => {
  it("no secret value of the fixtures appears unmasked in stdout, stderr or any report", () => {
    const report = json(cli(["--format", "json", "--fail-on", "none", ...ROOTS]));
    const secrets = new Set<string>();
    // What the scan itself calls a credential: the exact text under each hardcoded-credential finding...
    for (const f of report.findings.filter((f) => f.ruleId === "hardcoded-credential")) {
      const value = spanText(readFileSync(join(ROOT, f.file), "utf8"), f).replace(/^["']|["']$/g, "");
      if (value.length >= 8) secrets.add(value);
    }
    // ...and every well-known credential format in any fixture file.
    for (const file of ROOTS.flatMap(files)) {
      for (const match of findCredentials(readFileSync(join(ROOT, file), "utf8"))) if (match.value.length >= 8) secrets.add(match.value);
    }
    expect(secrets.size).toBeGreaterThan(3);
    const out = tree({});
    for (const format of ["text", "json", "sarif"]) {
      for (const extra of [[], ["--output", join(out, `report.${format}`)]]) {
        const run = cli(["--format", format, "--fail-on", "none", ...extra, ...ROOTS], { env: { FORCE_COLOR: "1" } });
        const outputs = [run.stdout, run.stderr, extra.length ? readFileSync(join(out, `report.${format}`), "utf8") : ""];
        for (const secret of secrets) {
          for (const output of outputs) expect(output.includes(secret), `${format}${extra.length ? " --output" : ""} leaks ${secret.slice(0, 4)}****`).toBe(false);
        }
      }
    }
  });
});

describe("determinism", () => {
  it("JSON and SARIF are byte-identical across runs", () => {
    // On a snapshot of the fixtures, so that work going on in the checkout does not change the input between runs.
    const copy = tree({});
    for (const root of ROOTS) cpSync(join(ROOT, root), join(copy, root), { recursive: true });
    for (const format of ["json", "sarif"]) {
      const first = cli(["--format", format, ...ROOTS], { cwd: copy }).stdout;
      expect(first.length).toBeGreaterThan(100);
      expect(cli(["--format", format, ...ROOTS], { cwd: copy }).stdout).toBe(first);
    }
  });

  it("JSON and SARIF are byte-identical with --jobs 1 and --jobs 2, and on the main thread", () => {
    // The fixtures, and files without findings to take the scan over the worker pool's threshold (200 files).
    const copy = tree({ ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`padding/p${i}.json`, JSON.stringify({ name: `service-${i}` })])) });
    for (const root of ROOTS) cpSync(join(ROOT, root), join(copy, root), { recursive: true });
    // Without a time budget, `--jobs 1` is the main thread; with one (the default), one worker.
    writeFileSync(join(copy, "no-budget.json"), JSON.stringify({ maxFileSeconds: 0 }));
    for (const format of ["json", "sarif"]) {
      const args = ["--format", format, ...ROOTS, "padding"];
      const one = cli(["--jobs", "1", ...args], { cwd: copy }).stdout;
      expect(one.length).toBeGreaterThan(100);
      expect(cli(["--jobs", "2", ...args], { cwd: copy }).stdout).toBe(one);
      expect(cli(["--jobs", "1", "--config", "no-budget.json", ...args], { cwd: copy }).stdout).toBe(one);
    }
  });

  it("JSON and SARIF do not depend on the order files are created and listed in, nor on the order of the paths", () => {
    // Python and Terraform files together once made results vary: two tree-sitter runtimes were initialised
    // concurrently (src/parsers/tree-sitter.ts now shares one). They are part of the input again.
    const all = ROOTS.flatMap(files);
    const forward = tree({});
    const backward = tree({});
    for (const file of all) {
      mkdirSync(dirname(join(forward, file)), { recursive: true });
      cpSync(join(ROOT, file), join(forward, file));
    }
    for (const file of [...all].reverse()) {
      mkdirSync(dirname(join(backward, file)), { recursive: true });
      writeFileSync(join(backward, file), readFileSync(join(ROOT, file)));
    }
    for (const format of ["json", "sarif"]) {
      const a = cli(["--format", format, ...ROOTS], { cwd: forward });
      const b = cli(["--format", format, ...[...ROOTS].reverse()], { cwd: backward });
      expect(a.stdout.length).toBeGreaterThan(100);
      // SARIF carries the repository root (the temp folder): compare with it taken out.
      expect(b.stdout.split(backward).join("<root>")).toBe(a.stdout.split(forward).join("<root>"));
    }
  });
});

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
  return [
    (lines[f.line - 1] ?? "").slice(f.column - 1),
    ...lines.slice(f.line, f.endLine - 1),
    (lines[f.endLine - 1] ?? "").slice(0, f.endColumn - 1),
  ].join("\n");
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
      for (const match of findCredentials(readFileSync(join(ROOT, file), "utf8")))
        if (match.value.length >= 8) secrets.add(match.value);
    }
    expect(secrets.size).toBeGreaterThan(3);
    const out = tree({});
    for (const format of ["text", "json", "sarif"]) {
      for (const extra of [[], ["--output", join(out, `report.${format}`)]]) {
        const run = cli(["--format", format, "--fail-on", "none", ...extra, ...ROOTS], { env: { FORCE_COLOR: "1" } });
        const outputs = [
          run.stdout,
          run.stderr,
          extra.length ? readFileSync(join(out, `report.${format}`), "utf8") : "",
        ];
        for (const secret of secrets) {
          for (const output of outputs)
            expect(
              output.includes(secret),
              `${format}${extra.length ? " --output" : ""} leaks ${secret.slice(0, 4)}****`,
            ).toBe(false);
        }
      }
    }
  });
});

/** Every run of 8 characters of `secret`: a message that printed 39 of a key's 40 characters must not pass. */
const windows = (secret: string): string[] =>
  Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));

describe("no leaks on error paths", () => {
  // Made-up values, each placed exactly where its file's parser stops (issue 16, section 2).
  const KEY = "Vr7tQm2Xc9LpZs4Kd8Wn3Hy6Jb1Fg5Ae0TuRiOpE";
  const ID = "AKIAZ7QW3ER5TY2UI4OP";
  const PASSWORD = "Qp4!Zw8#Lm2$Tx6";
  const TAG = "Hs9Kv3Rq7Yt1Wm5";
  const ANCHOR = "Nb6Jd2Xf8Gc4Pz0";
  const JSON_VALUE = "Ye3Ua7Io1Kj5Hg9";
  const POLICY_VALUE = "Ow2Lq6Ms0Nt4Bv8";
  const TFJSON_VALUE = "Rf5Dx9Ce3Wa7Sz1";
  const CONFIG_VALUE = "Tg1Fh5Jk9Lm3Np7";
  const secrets = [KEY, ID, PASSWORD, TAG, ANCHOR, JSON_VALUE, POLICY_VALUE, TFJSON_VALUE, CONFIG_VALUE];
  const header = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';
  const files = {
    // Terraform: the secret is the token the grammar rejects (a comma after it), or the first one after the error.
    "tf-a/main.tf": `provider "aws" {\n  secret_key = "${KEY}",\n  access_key = "${ID}"\n}\n`,
    "tf-b/main.tf": `provider "aws" {\n  access_key = "${ID}",\n  secret_key = "${KEY}"\n}\n`,
    "tf-c/main.tf.json": `{"provider": {"aws": {"secret_key": "${TFJSON_VALUE}" "region": "eu-west-1"}}}\n`,
    // YAML templates: a block scalar header with text after it, an unknown tag, an alias named like a secret.
    "header.yaml": `${header}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: |"${PASSWORD}"\n`,
    "tag.yaml": `${header}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: !${TAG} x\n      Broken: [\n`,
    "alias.yaml": `${header}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: &${ANCHOR}\n      Engine: postgres\n  Copy:\n    Type: AWS::RDS::DBInstance\n    Properties: *${ANCHOR}\n`,
    // JSON template and policy: the secret just before the character the parser refuses.
    "stack.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"MasterUserPassword": "${JSON_VALUE}" "x": 1}}}}\n`,
    "policy.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${POLICY_VALUE}" "x"}]}\n`,
    "creds.env": `AWS_SECRET_ACCESS_KEY=${KEY}\n`,
    "sw.yaml": `minConfidence: |"${CONFIG_VALUE}"\n`,
  };

  it("no parser's error entry, in text, JSON or SARIF, and no baseline or config error repeats the text it stopped at", () => {
    const dir = tree(files);
    const runs = ["text", "json", "sarif"].map((format) =>
      cli(["--format", format, "--fail-on", "none", "."], { cwd: dir }),
    );
    // Every broken file is an error entry (the leak would be there), and the credentials are still found.
    const report = json(runs[1] as ReturnType<typeof cli>);
    expect(report.errors.map((e) => e.file).sort()).toEqual([
      "alias.yaml",
      "header.yaml",
      "policy.json",
      "stack.json",
      "tag.yaml",
      "tf-a/main.tf",
      "tf-b/main.tf",
      "tf-c/main.tf.json",
    ]);
    expect(report.findings.filter((f) => f.ruleId === "hardcoded-credential").length).toBeGreaterThanOrEqual(4);
    runs.push(
      cli(["--baseline", "creds.env", "stack.json"], { cwd: dir }),
      cli(["--config", "sw.yaml", "stack.json"], { cwd: dir }),
    );
    expect(runs[3]?.stderr).toContain("is not valid JSON");
    expect(runs[4]?.stderr).toContain("is not valid YAML");
    for (const run of runs) {
      for (const secret of secrets) {
        for (const piece of windows(secret)) {
          expect(
            run.stdout.includes(piece) || run.stderr.includes(piece),
            `leaks ${piece.slice(0, 2)}... of a secret`,
          ).toBe(false);
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
    const copy = tree({
      ...Object.fromEntries(
        Array.from({ length: 200 }, (_, i) => [`padding/p${i}.json`, JSON.stringify({ name: `service-${i}` })]),
      ),
    });
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

/**
 * Hostile input, each case through the whole scan (`scan()` in process, or the built CLI where the process matters):
 * nothing crashes, nothing hangs, and every file ends in findings or an error entry (or a skip note saying why).
 */
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../../src/scan/scan.js";
import type { ScanResult } from "../../src/engine/types.js";
import { cli, json } from "../e2e/cli.js";
import { CFN_HEADER, GOOD_TEMPLATE, canUnshare, timed, tree } from "./support.js";

const SECRET = "  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/orders/api\n";

/** Every file of `files` has a finding or an error entry (or was skipped with a reason). */
function accountedFor(result: ScanResult, files: string[]): void {
  for (const file of files) {
    const seen =
      result.findings.some((f) => f.file === file) ||
      result.errors.some((e) => e.file === file) ||
      result.skipped.some((s) => s.file === file);
    expect(seen, `${file}: no finding, no error entry, no skip note`).toBe(true);
  }
}

/** Findings about one file; `audit-trail-missing` is once per project, on whichever file comes first. */
const perFile = (result: ScanResult) => result.findings.filter((f) => f.ruleId !== "audit-trail-missing");

async function scanDir(dir: string, config = {}): Promise<{ ms: number; result: ScanResult }> {
  const { ms, value } = await timed(() => scan({ cwd: dir, paths: ["."], config }));
  return { ms, result: value };
}

/**
 * Whether a file can be made unreadable here. Running as root, permission bits are not enforced; inside `unshare -r`
 * a file owned by an unmapped user is out of reach even for the namespace's root.
 */
function permissionsAreEnforced(): boolean {
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-permissions-"));
  const file = join(dir, "locked.yaml");
  writeFileSync(file, "a: 1\n");
  chmodSync(file, 0o000);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) chownSync(file, 65534, 65534);
  const probe = spawnSync(isRoot ? "unshare" : "cat", isRoot ? ["-r", "cat", file] : [file]);
  rmSync(dir, { recursive: true, force: true });
  return (
    probe.error === undefined &&
    probe.status !== 0 &&
    probe.status !== null &&
    (!isRoot || /denied/i.test(String(probe.stderr)))
  );
}
const permissionsEnforced = permissionsAreEnforced();
if (!permissionsEnforced)
  console.warn("SKIPPED: file permissions are not enforced here (root without unshare); unreadable files untested");

describe("YAML aliases are never expanded", () => {
  it("an alias bomb (billion laughs) in a template is an error entry, at once", async () => {
    const levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 12; i++)
      levels.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`);
    const bomb = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${levels.map((l) => `  ${l}`).join("\n")}\nResources:\n${SECRET}`;
    const dir = tree({ "bomb.yaml": bomb });
    const { ms, result } = await scanDir(dir);
    expect(ms).toBeLessThan(5_000);
    expect(result.errors).toEqual([
      {
        file: "bomb.yaml",
        line: 4,
        column: 12,
        message:
          "YAML alias is not supported: secretwarden does not expand aliases in templates and policies; structural rules skipped, text searched for credentials",
      },
    ]);
  });

  it("a merge-key bomb is an error entry too, and keys are not merged", async () => {
    const levels = ["  m0: &m0 { k0: v, k1: v, k2: v }"];
    for (let i = 1; i < 12; i++)
      levels.push(
        `  m${i}: &m${i}\n${Array.from({ length: 9 }, (_, j) => `    x${j}: { <<: *m${i - 1} }`).join("\n")}`,
      );
    const bomb = `AWSTemplateFormatVersion: "2010-09-09"\nMappings:\n${levels.join("\n")}\nResources:\n${SECRET}`;
    const dir = tree({ "merge.yaml": bomb });
    const { ms, result } = await scanDir(dir);
    expect(ms).toBeLessThan(5_000);
    expect(result.errors).toEqual([
      {
        file: "merge.yaml",
        line: 5,
        column: 15,
        message:
          "YAML alias is not supported: secretwarden does not expand aliases in templates and policies; structural rules skipped, text searched for credentials",
      },
    ]);
  });
});

describe("10,000 levels of nesting", () => {
  const depth = 10_000;
  const cases: Record<string, string> = {
    "flow.yaml": `${CFN_HEADER}${SECRET}  Deep:\n    Type: AWS::S3::Bucket\n    Metadata: ${"[".repeat(depth)}1${"]".repeat(depth)}\n`,
    "flowmap.yaml": `${CFN_HEADER}${SECRET}  Deep:\n    Type: AWS::S3::Bucket\n    Metadata: ${"{a: ".repeat(depth)}1${"}".repeat(depth)}\n`,
    "block.yaml": `${CFN_HEADER}${SECRET}  Deep:\n    Type: AWS::S3::Bucket\n    Metadata:\n      ${"- ".repeat(depth)}1\n`,
    "deep.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Secret": {"Type": "AWS::SecretsManager::Secret", "Properties": {"Name": "prod/orders/api"}}, "Deep": {"Type": "AWS::S3::Bucket", "Metadata": ${"[".repeat(depth)}1${"]".repeat(depth)}}}}`,
    "deepobj.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Secret": {"Type": "AWS::SecretsManager::Secret", "Properties": {"Name": "prod/orders/api"}}, "Deep": {"Type": "AWS::S3::Bucket", "Metadata": ${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}}}`,
    "deep.tf": `resource "aws_secretsmanager_secret" "s" {\n  name = "prod/orders/api"\n}\n\nlocals {\n  deep = ${"[".repeat(depth)}1${"]".repeat(depth)}\n}\n`,
    "deepobj.tf": `resource "aws_secretsmanager_secret" "s" {\n  name = "prod/orders/api"\n}\n\nlocals {\n  deep = ${"{a = ".repeat(depth)}1${"}".repeat(depth)}\n}\n`,
    "deep.tf.json": `{"resource": {"aws_secretsmanager_secret": {"s": {"name": "prod/orders/api"}}}, "locals": {"deep": ${"[".repeat(depth)}1${"]".repeat(depth)}}}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: findings or an error entry, no crash`, async () => {
      const dir = tree({ [name]: text });
      const { ms, result } = await scanDir(dir);
      expect(ms).toBeLessThan(10_000);
      accountedFor(result, [name]);
    });
  }
});

describe("large, binary and oddly encoded files", () => {
  it("a 20 MB single-line JSON template is scanned when maxFileSize allows it, in seconds", async () => {
    const filler = `"${"x".repeat(1000)}",`.repeat(20_000);
    const text = `{"AWSTemplateFormatVersion":"2010-09-09","Metadata":{"Blob":[${filler}"end"]},"Resources":{"Secret":{"Type":"AWS::SecretsManager::Secret","Properties":{"Name":"prod/orders/api"}}}}`;
    expect(text.length).toBeGreaterThan(20_000_000);
    const dir = tree({ "huge.json": text });
    const { ms, result } = await scanDir(dir, { maxFileSize: 64 * 1024 * 1024 });
    expect(ms).toBeLessThan(20_000);
    expect(result.findings.some((f) => f.file === "huge.json" && f.ruleId === "secret-without-rotation")).toBe(true);
    // Over the limit it is skipped with a note, not read.
    const skipped = await scanDir(dir, { maxFileSize: 1024 * 1024 });
    expect(skipped.result.skipped).toEqual([expect.objectContaining({ file: "huge.json", reason: "too-large" })]);
  }, 60_000);

  it("binary files with text extensions are skipped with a note; random bytes without NUL do not crash", async () => {
    let seed = 7;
    const random = Buffer.from(
      Array.from({ length: 64 * 1024 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 255) + 1),
    );
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), random]);
    const dir = tree({
      "image.yaml": png,
      "data.json": png,
      "main.tf": png,
      "noise.yaml": random,
      "noise.tf": random,
      "good.yaml": GOOD_TEMPLATE,
    });
    const { result } = await scanDir(dir);
    expect(result.skipped.map((s) => `${s.file} ${s.reason}`).sort()).toEqual([
      "data.json binary",
      "image.yaml binary",
      "main.tf binary",
    ]);
    expect(result.findings.some((f) => f.file === "good.yaml" && f.ruleId === "hardcoded-credential")).toBe(true);
  });

  it("invalid UTF-8 inside a template: the file is still scanned and later positions stay exact", async () => {
    const [before, after] = GOOD_TEMPLATE.split("  Db:\n") as [string, string];
    const bytes = Buffer.concat([
      Buffer.from(`${before}  # \xff\xfe\xc3 broken bytes\n`, "latin1"),
      Buffer.from(`  Db:\n${after}`),
    ]);
    // latin1 wrote \xff\xfe\xc3 as single bytes: not valid UTF-8 (each becomes one U+FFFD, one column).
    const dir = tree({ "t.yaml": bytes, "clean.yaml": GOOD_TEMPLATE });
    const { result } = await scanDir(dir);
    const at = (file: string) =>
      result.findings
        .filter((f) => f.file === file && f.ruleId === "hardcoded-credential")
        .map((f) => [f.line - (file === "t.yaml" ? 1 : 0), f.column, f.endColumn]);
    expect(at("t.yaml")).toEqual(at("clean.yaml"));
    expect(at("t.yaml")).toHaveLength(1);
  });

  it("a UTF-8 BOM is dropped without shifting columns", async () => {
    const dir = tree({
      "bom.yaml": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD_TEMPLATE)]),
      "clean.yaml": GOOD_TEMPLATE,
    });
    const { result } = await scanDir(dir);
    const at = (file: string) =>
      perFile(result)
        .filter((f) => f.file === file)
        .map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`);
    expect(at("bom.yaml")).toEqual(at("clean.yaml"));
  });

  it("UTF-16 LE and BE with a BOM are decoded and scanned: the same findings at the same places as UTF-8", async () => {
    const utf16 = (text: string) => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      return { le, be: Buffer.from(le.map((_, i) => le[i ^ 1] as number)) };
    };
    // A character outside the BMP (two UTF-16 code units, one column each as SARIF counts) before the finding's column.
    const template = GOOD_TEMPLATE.replace("MasterUsername: admin", "MasterUsername: admin # 😀 é");
    const hcl = 'resource "aws_db_instance" "db" {\n  engine   = "postgres" # 😀\n  password = "Zq8vRt2mXk9pLw4s"\n}\n';
    const yaml = utf16(template);
    const tf = utf16(hcl);
    const dir = tree({
      "utf8/t.yaml": template,
      "le/t.yaml": yaml.le,
      "be/t.yaml": yaml.be,
      "utf8/main.tf": hcl,
      "le/main.tf": tf.le,
      "be/main.tf": tf.be,
      "bare/t.yaml": Buffer.from(template, "utf16le"),
    });
    const { result } = await scanDir(dir);
    const at = (prefix: string) =>
      perFile(result)
        .filter((f) => f.file.startsWith(prefix))
        .map((f) => `${f.file.slice(prefix.length)} ${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)
        .sort();
    expect(at("utf8/")).toEqual([
      "main.tf database-password-unmanaged 3:14-3:32",
      "main.tf hardcoded-credential 3:14-3:32",
      "t.yaml database-password-unmanaged 8:27-8:43",
      "t.yaml hardcoded-credential 8:27-8:43",
      "t.yaml secret-aws-managed-key 9:3-9:9",
      "t.yaml secret-without-rotation 9:3-9:9",
    ]);
    expect(at("le/")).toEqual(at("utf8/"));
    expect(at("be/")).toEqual(at("utf8/"));
    // Without a BOM, UTF-16 is binary (NUL bytes), as it is to git.
    expect(result.skipped).toEqual([{ file: "bare/t.yaml", reason: "binary", message: "skipped: binary file" }]);
    expect(result.errors).toEqual([]);
  });

  it("CRLF line endings: every finding has the same line and column as with LF", async () => {
    const crlf = GOOD_TEMPLATE.replace(/\n/g, "\r\n");
    const jsonLf = JSON.stringify(
      {
        AWSTemplateFormatVersion: "2010-09-09",
        Resources: {
          Db: {
            Type: "AWS::RDS::DBInstance",
            Properties: { Engine: "postgres", MasterUserPassword: "Zq8vRt2mXk9pLw4s" },
          },
        },
      },
      null,
      2,
    );
    const hcl = 'resource "aws_db_instance" "db" {\n  engine   = "postgres"\n  password = "Zq8vRt2mXk9pLw4s"\n}\n';
    const dir = tree({
      "lf/t.yaml": GOOD_TEMPLATE,
      "crlf/t.yaml": crlf,
      "lf/t.json": jsonLf,
      "crlf/t.json": jsonLf.replace(/\n/g, "\r\n"),
      "lf/main.tf": hcl,
      "crlf/main.tf": hcl.replace(/\n/g, "\r\n"),
    });
    const { result } = await scanDir(dir);
    const at = (prefix: string) =>
      perFile(result)
        .filter((f) => f.file.startsWith(prefix))
        .map((f) => `${f.file.slice(prefix.length)} ${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)
        .sort();
    expect(at("lf/").length).toBeGreaterThan(4);
    expect(at("crlf/")).toEqual(at("lf/"));
  });

  it("lone-CR line endings (old Mac): every format is scanned, with the same lines and columns as with LF", async () => {
    const jsonLf = JSON.stringify(
      {
        AWSTemplateFormatVersion: "2010-09-09",
        Resources: {
          Db: {
            Type: "AWS::RDS::DBInstance",
            Properties: { Engine: "postgres", MasterUserPassword: "Zq8vRt2mXk9pLw4s" },
          },
        },
      },
      null,
      2,
    );
    const lf: Record<string, string> = {
      "t.yaml": `${GOOD_TEMPLATE}  Other:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: |\n        line one\n        token=Zq8vRt2mXk9pLw4s\n`,
      "t.json": jsonLf,
      "main.tf": 'resource "aws_db_instance" "db" {\n  engine   = "postgres"\n  password = "Zq8vRt2mXk9pLw4s"\n}\n',
      ".env": "A=1\nAWS_SECRET_ACCESS_KEY=Zq8vRt2mXk9pLw4sZq8vRt2mXk9pLw4sABCDxyz1\n",
      "app.js": 'const a = 1;\nconst password = "Zq8vRt2mXk9pLw4s";\n',
      "app.py": 'a = 1\npassword = "Zq8vRt2mXk9pLw4s"\n',
    };
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(lf)) {
      files[`lf/${name}`] = text;
      files[`cr/${name}`] = text.replace(/\n/g, "\r");
    }
    const { result } = await scanDir(tree(files));
    const at = (prefix: string) =>
      perFile(result)
        .filter((f) => f.file.startsWith(prefix))
        .map((f) => `${f.file.slice(prefix.length)} ${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)
        .sort();
    expect(result.errors).toEqual([]);
    for (const name of Object.keys(lf))
      expect(
        at("lf/").some((f) => f.startsWith(`${name} `)),
        name,
      ).toBe(true);
    expect(at("cr/")).toEqual(at("lf/"));
  });

  it("a lone-CR .tf heredoc never closes (HCL, like Terraform, ends lines with LF or CRLF only): an error entry", async () => {
    const text = "locals {\r  doc = <<EOF\r  {}\rEOF\r}\r";
    const { result } = await scanDir(tree({ "main.tf": text }));
    expect(result.errors).toEqual([
      {
        file: "main.tf",
        line: 1,
        column: 1,
        message: "Terraform syntax error: unexpected name; structural rules skipped, text searched for credentials",
      },
    ]);
  });
});

describe("links, permissions and files that vanish", () => {
  it("symlink loops are not followed; links out of the scanned root are not followed out of it", async () => {
    const outside = tree({ "outside.yaml": GOOD_TEMPLATE });
    const dir = tree({ "root/good.yaml": GOOD_TEMPLATE });
    const root = join(dir, "root");
    symlinkSync(root, join(root, "loop"));
    symlinkSync("..", join(root, "up"));
    symlinkSync(outside, join(root, "outside-dir"));
    symlinkSync(join(root, "self.yaml"), join(root, "self.yaml"));
    const { ms, result } = await scanDir(root);
    expect(ms).toBeLessThan(5_000);
    expect(result.findings.every((f) => f.file === "good.yaml")).toBe(true);
    expect(result.filesScanned).toBe(1);
  });

  it("a file link pointing outside the scanned root is not read: a skip note says so; links inside are read", async () => {
    const outside = tree({ "secret.yaml": GOOD_TEMPLATE });
    const dir = tree({ "root/readme.md": "x", "root/inner/good.yaml": GOOD_TEMPLATE });
    symlinkSync(join(outside, "secret.yaml"), join(dir, "root", "link.yaml"));
    symlinkSync(join("inner", "good.yaml"), join(dir, "root", "inside.yaml"));
    const { result } = await scanDir(join(dir, "root"));
    expect(result.skipped).toEqual([
      {
        file: "link.yaml",
        reason: "outside-root",
        message: `skipped: symbolic link to ${join(outside, "secret.yaml")}, outside the scanned directories`,
      },
    ]);
    expect([...new Set(result.findings.map((f) => f.file))].sort()).toEqual(["inner/good.yaml", "inside.yaml"]);
    // Named on the command line, the link is read: the user chose it.
    const named = await scan({ cwd: join(dir, "root"), paths: ["link.yaml"] });
    expect(named.skipped).toEqual([]);
    expect(named.findings.some((f) => f.file === "link.yaml" && f.ruleId === "hardcoded-credential")).toBe(true);
  });

  it.skipIf(!permissionsEnforced)(
    "unreadable files and folders: a skip note for the file, the rest is scanned (skipped where permissions are not enforced)",
    () => {
      // Running as root, permission bits are not enforced. Inside `unshare -r` a file owned by an unmapped user is
      // out of reach even for the namespace's root, which makes EACCES real without a second account.
      const dir = tree({
        "locked.yaml": GOOD_TEMPLATE,
        "closed/inner.yaml": GOOD_TEMPLATE,
        "good.yaml": GOOD_TEMPLATE,
      });
      chmodSync(join(dir, "locked.yaml"), 0o000);
      chmodSync(join(dir, "closed"), 0o000);
      const isRoot = process.getuid?.() === 0;
      if (isRoot) {
        chownSync(join(dir, "locked.yaml"), 65534, 65534);
        chownSync(join(dir, "closed"), 65534, 65534);
      }
      const cliPath = join(import.meta.dirname, "../../dist/cli/main.js");
      const args = ["--format", "json", "."];
      const run = isRoot
        ? spawnSync("unshare", ["-r", process.execPath, cliPath, ...args], { cwd: dir, encoding: "utf8" })
        : spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, encoding: "utf8" });
      chmodSync(join(dir, "closed"), 0o755);
      expect(run.status, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout) as ScanResult & { skipped: { file: string; reason: string }[] };
      expect(report.skipped).toEqual([expect.objectContaining({ file: "locked.yaml", reason: "unreadable" })]);
      expect(report.findings.some((f) => f.file === "good.yaml")).toBe(true);
    },
  );

  it("files deleted while the scan runs: the scan finishes, the survivors' findings are reported", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`d${i % 10}/t${i}.yaml`] = GOOD_TEMPLATE;
    const dir = tree(files);
    const names = Object.keys(files);
    const pending = scan({ cwd: dir, paths: ["."] });
    // Delete from the end while discovery and reading go on.
    let deleted = 0;
    const deleter = (async () => {
      for (let i = names.length - 1; i >= 300; i--) {
        rmSync(join(dir, names[i] as string), { force: true });
        deleted++;
        if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const [result] = await Promise.all([pending, deleter]);
    expect(deleted).toBe(300);
    for (let i = 0; i < 300; i++) expect(result.findings.some((f) => f.file === names[i])).toBe(true);
    // A file that vanished after discovery is a skip note, never a finding from nowhere nor a crash.
    for (const s of result.skipped) expect(s.reason).toBe("unreadable");
  });
});

describe("nothing lost", () => {
  it("broken files are error entries; the other files' findings remain and the exit code is 1", () => {
    const dir = tree({
      "a-broken.yaml": `${CFN_HEADER}  X: [\n`,
      "b-good.yaml": GOOD_TEMPLATE,
      "c-broken.json": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {',
      "d-broken.tf": 'resource "aws_secretsmanager_secret" "s" {\n  name = \n',
      "e-binary.yaml": Buffer.from([0, 1, 2, 3]),
    });
    const run = cli(["--format", "json", "."], { cwd: dir });
    expect(run.status, run.stderr).toBe(1);
    const report = json(run);
    expect(report.errors.map((e) => e.file).sort()).toEqual(["a-broken.yaml", "c-broken.json", "d-broken.tf"]);
    expect(
      report.findings
        .filter((f) => f.file === "b-good.yaml")
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual([
      "audit-trail-missing",
      "database-password-unmanaged",
      "hardcoded-credential",
      "secret-aws-managed-key",
      "secret-without-rotation",
    ]);
  });

  it("when every file fails, the exit code is 2 with a message on stderr, and the report still lists the errors", () => {
    const dir = tree({
      "a.yaml": `${CFN_HEADER}  X: [\n`,
      "b.json": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {',
      "c.yaml": Buffer.from([0, 1, 2]),
    });
    const run = cli(["--format", "json", "."], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "secretwarden: nothing could be scanned: every file failed (2 with an error entry); see the report\n",
    );
    expect(json(run).errors.map((e) => e.file)).toEqual(["a.yaml", "b.json"]);
  });
});

describe("no network, no execution", () => {
  it("a repository with install scripts, side-effect modules and code-executing YAML tags: nothing runs", () => {
    const marker = (name: string) => `require("fs").writeFileSync(require("path").join(__dirname, "${name}"), "ran")`;
    const dir = tree({
      "package.json": JSON.stringify({
        name: "evil",
        scripts: {
          preinstall: `node -e '${marker("PREINSTALL")}'`,
          postinstall: "touch POSTINSTALL",
          test: "touch TEST",
        },
        main: "index.js",
      }),
      "index.js": `${marker("INDEX")};\nmodule.exports = {};\n`,
      "secretwarden.config.js": `${marker("CONFIG")};\n`,
      ".secretwardenrc.js": `${marker("RC")};\n`,
      "infra/template.yaml": `${GOOD_TEMPLATE}Metadata:\n  Fn: !!js/function 'function () { require("fs").writeFileSync("JSFN", "ran") }'\n  Py: !!python/object/apply:os.system ["touch PYTHON"]\n  Obj: !!js/undefined ''\n`,
      "infra/evil.json": JSON.stringify({
        AWSTemplateFormatVersion: "2010-09-09",
        Resources: {},
        __proto__: { polluted: true },
        constructor: { prototype: { polluted: true } },
      }),
    });
    const cliPath = join(import.meta.dirname, "../../dist/cli/main.js");
    const unshare = canUnshare();
    if (!unshare)
      console.warn("SKIPPED (network part): `unshare -rn` is not available here; running without a network namespace");
    const run = unshare
      ? spawnSync("unshare", ["-rn", process.execPath, cliPath, "--format", "json", "."], {
          cwd: dir,
          encoding: "utf8",
        })
      : spawnSync(process.execPath, [cliPath, "--format", "json", "."], { cwd: dir, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as ScanResult;
    expect(report.findings.some((f) => f.file === "infra/template.yaml" && f.ruleId === "hardcoded-credential")).toBe(
      true,
    );
    for (const name of ["PREINSTALL", "POSTINSTALL", "TEST", "INDEX", "CONFIG", "RC", "JSFN", "PYTHON", "infra/JSFN"]) {
      expect(() => readFileSync(join(dir, name)), `${name} must not exist`).toThrow();
    }
  });
});

describe("regression: names that are Object.prototype keys (found by the fuzz campaign)", () => {
  // `CREDENTIAL_PROPERTIES[type]` found Object.prototype.toString for `Type: toString` and the file (or, in
  // Terraform, its whole module) was lost to "paths.flatMap is not a function"; `!toString` was read as a short form.
  it("a resource type, Terraform type or tag named like a prototype key loses nothing", async () => {
    const dir = tree({
      "cfn.yaml": `${GOOD_TEMPLATE}  Odd:\n    Type: toString\n    Properties: { A: 1 }\n  Odd2:\n    Type: constructor\n    Properties:\n      B: !toString x\n      C: !hasOwnProperty [1]\n`,
      "cfn.json": JSON.stringify({
        AWSTemplateFormatVersion: "2010-09-09",
        Resources: {
          S: { Type: "AWS::SecretsManager::Secret", Properties: { Name: "a/b/c" } },
          O: { Type: "__proto__", Properties: { A: 1 } },
        },
      }),
      "tf/main.tf":
        'resource "toString" "x" {\n  a = 1\n}\n\nresource "aws_db_instance" "db" {\n  password = "Zq8vRt2mXk9pLw4s"\n}\n',
    });
    const { result } = await scanDir(dir);
    expect(result.errors).toEqual([]);
    expect(result.findings.some((f) => f.file === "cfn.yaml" && f.ruleId === "hardcoded-credential")).toBe(true);
    expect(result.findings.some((f) => f.file === "cfn.json" && f.ruleId === "secret-without-rotation")).toBe(true);
    expect(result.findings.some((f) => f.file === "tf/main.tf" && f.ruleId === "hardcoded-credential")).toBe(true);
  });
});

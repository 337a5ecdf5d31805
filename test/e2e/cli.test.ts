import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, json, where, ROOT, SECRET_TEMPLATE } from "./cli.js";
import { describeErrors, reportValidator, sarifValidator } from "../../src/test-support/schemas.js";

const PROJECT = "test/fixtures/project";
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempRepo(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-e2e-"));
  temporary.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const AUDIT =
  "The scanned project defines 2 secrets (the first is InventoryDbSecret) but no CloudTrail trail and no AWS Config rule " +
  "that checks secrets, so nothing in it records who reads secret values. If an organization trail or AWS Control Tower " +
  "outside this repository records them already, this note does not apply.";

describe("the CLI contract", () => {
  it("prints its version, the one in package.json", () => {
    const run = cli(["--version"]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(run).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("runs as the README's npx command does, from the repository root", () => {
    // npx runs the package's own bin file directly: it must be executable after `npm install` builds it.
    const run = spawnSync("npx", ["--no-install", "secretwarden", "--version"], { cwd: ROOT, encoding: "utf8" });
    expect([run.status, run.stdout]).toEqual([0, "0.1.0\n"]);
  });

  it("prints help with every option", () => {
    const run = cli(["--help"]);
    expect(run.status).toBe(0);
    for (const option of [
      "--format",
      "--output",
      "--fail-on",
      "--config",
      "--no-config",
      "--include",
      "--exclude",
      "--baseline",
      "--write-baseline",
      "--staged",
      "--diff-base",
      "--progress",
      "--no-color",
      "--quiet",
      "--list-rules",
      "--version",
      "--help",
    ]) {
      expect(run.stdout).toContain(option);
    }
  });

  it.each([
    [["--bogus"], "secretwarden: Unknown option '--bogus'\nRun secretwarden --help for usage.\n"],
    [
      ["--format", "xml"],
      'secretwarden: --format must be one of text, json, sarif; got "xml"\nRun secretwarden --help for usage.\n',
    ],
    [
      ["--fail-on", "critical"],
      'secretwarden: --fail-on must be one of error, warning, note, none; got "critical"\nRun secretwarden --help for usage.\n',
    ],
    [["no/such/dir"], "secretwarden: no such file or directory: no/such/dir\n"],
  ])("exits 2 on a usage error: %j", (args, stderr) => {
    expect(cli(args)).toEqual({ status: 2, stdout: "", stderr });
  });

  it("lists the rules with id, default severity, title and documentation", () => {
    const run = cli(["--list-rules"]);
    expect(run.status).toBe(0);
    // Titles are padded to the longest (72 characters) so that the documentation links form a column.
    const withDocs = (line: string): string =>
      line === ""
        ? ""
        : `${line.padEnd(110)}  https://github.com/secretwarden/secretwarden/blob/main/src/rules/${line.split(" ")[0]}/README.md`;
    expect(run.stdout).toBe(
      [
        "audit-trail-missing          note     Project defines secrets but no audit trail",
        "cross-account-without-cmk    error    Cross-account access to a secret whose key does not allow it",
        "database-password-unmanaged  warning  Database master password not managed by Secrets Manager",
        "hardcoded-credential         error    Credential is hardcoded in a template, application code or configuration",
        "kms-key-rotation-disabled    warning  Symmetric KMS key without automatic key rotation",
        "lambda-env-secret            warning  Secret in a Lambda function's environment variables",
        "parameter-without-noecho     warning  Secret template parameter without NoEcho",
        "policy-not-action            warning  Policy allows with NotAction, NotResource or NotPrincipal",
        "policy-public-principal      error    Resource, key or trust policy allows anyone",
        "policy-unknown-action        warning  Policy names an action or service that does not exist",
        "policy-wildcard-action       error    Policy allows all actions, or a wildcard that includes sensitive actions",
        "policy-wildcard-resource     error    Identity policy allows actions on every resource",
        "rotation-interval-too-long   warning  Secret rotation interval is longer than the maximum",
        "secret-aws-managed-key       warning  Secret is encrypted with the AWS-managed key",
        "secret-fetch-without-cache   note     Lambda handler reads a secret from Secrets Manager on every invocation",
        "secret-naming-convention     note     Secret name does not follow the naming convention",
        "secret-recovery-disabled     note     Secret is deleted without a recovery window",
        "secret-without-rotation      warning  Secret has no automatic rotation",
        "ssm-parameter-secret         warning  Credential stored in a plain SSM parameter",
        "",
      ]
        .map(withDocs)
        .join("\n"),
    );
    expect(JSON.parse(cli(["--list-rules", "--format", "json"]).stdout)[0]).toEqual({
      id: "audit-trail-missing",
      severity: "note",
      title: "Project defines secrets but no audit trail",
      helpUri: "https://github.com/secretwarden/secretwarden/blob/main/src/rules/audit-trail-missing/README.md",
    });
  });
});

describe("scanning a project", () => {
  const run = cli([PROJECT, "--format", "json"]);
  const report = json(run);

  it("reports exact locations, links rotation across files, and keeps going past a broken template", () => {
    expect(where(report)).toEqual([
      "test/fixtures/project/infra/secrets.yaml 5:3-5:15 kms-key-rotation-disabled InventoryKey",
      "test/fixtures/project/infra/secrets.yaml 10:3-10:20 audit-trail-missing InventoryDbSecret",
      "test/fixtures/project/infra/secrets.yaml 16:3-16:18 secret-aws-managed-key InventoryApiKey",
      "test/fixtures/project/infra/secrets.yaml 16:3-16:18 secret-without-rotation InventoryApiKey",
    ]);
    expect(report.errors).toEqual([
      {
        file: "test/fixtures/project/infra/broken.yaml",
        line: 7,
        column: 1,
        message: "YAML syntax error: bad indentation; structural rules skipped, text searched for credentials",
      },
    ]);
    expect(report.summary).toEqual({
      filesScanned: 3,
      filesFailed: 1,
      filesSkipped: 0,
      errors: 1,
      findings: { error: 0, warning: 3, note: 1 },
    });
  });

  it("writes the JSON contract", () => {
    expect(Object.keys(report)).toEqual(["schemaVersion", "tool", "root", "findings", "errors", "skipped", "summary"]);
    expect(report.tool).toEqual({ name: "secretwarden", version: "0.1.0" });
    // The scan ran at the root of this work tree: the root is the current directory.
    expect((report as { root?: string }).root).toBe(".");
    expect(Object.keys(report.findings[0] ?? {})).toEqual([
      "ruleId",
      "severity",
      "message",
      "file",
      "line",
      "column",
      "endLine",
      "endColumn",
      "resource",
      "fingerprint",
      "helpUri",
    ]);
    expect(reportValidator(report), describeErrors(reportValidator.errors)).toBe(true);
  });

  it("exits 1 on warnings by default, and follows --fail-on", () => {
    expect(run.status).toBe(1);
    expect(cli([PROJECT, "--fail-on", "error"]).status).toBe(0);
    expect(cli([PROJECT, "--fail-on", "note"]).status).toBe(1);
    expect(cli([PROJECT, "--fail-on", "none"]).status).toBe(0);
  });

  it("does not let a parse error alone fail the run, once another file was scanned", () => {
    expect(cli([`${PROJECT}/infra/broken.yaml`, `${PROJECT}/app/settings.yaml`]).status).toBe(0);
    // With nothing else scanned, nothing could be scanned: see "exit code when nothing could be scanned".
    expect(cli([`${PROJECT}/infra/broken.yaml`]).status).toBe(2);
  });

  it("writes valid SARIF with a notification for the broken template", () => {
    const sarifRun = cli([PROJECT, "--format", "sarif"]);
    const log = JSON.parse(sarifRun.stdout) as {
      runs: {
        results: {
          ruleId: string;
          partialFingerprints: Record<string, string>;
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: object } }[];
        }[];
        invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
      }[];
    };
    expect(sarifValidator(log), describeErrors(sarifValidator.errors)).toBe(true);
    const [only] = log.runs;
    expect(
      only?.results.map((r) => [
        r.ruleId,
        r.locations[0]?.physicalLocation.artifactLocation.uri,
        r.locations[0]?.physicalLocation.region,
      ]),
    ).toEqual([
      [
        "kms-key-rotation-disabled",
        "test/fixtures/project/infra/secrets.yaml",
        { startLine: 5, startColumn: 3, endLine: 5, endColumn: 15 },
      ],
      [
        "audit-trail-missing",
        "test/fixtures/project/infra/secrets.yaml",
        { startLine: 10, startColumn: 3, endLine: 10, endColumn: 20 },
      ],
      [
        "secret-aws-managed-key",
        "test/fixtures/project/infra/secrets.yaml",
        { startLine: 16, startColumn: 3, endLine: 16, endColumn: 18 },
      ],
      [
        "secret-without-rotation",
        "test/fixtures/project/infra/secrets.yaml",
        { startLine: 16, startColumn: 3, endLine: 16, endColumn: 18 },
      ],
    ]);
    expect(only?.results.map((r) => r.partialFingerprints["secretwarden/v1"])).toEqual(
      report.findings.map((f) => f.fingerprint),
    );
    expect(only?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      "YAML syntax error: bad indentation; structural rules skipped, text searched for credentials",
    ]);
  });

  it("prints text grouped by file, without colour when piped", () => {
    const text = cli([PROJECT]);
    expect(text.stdout).toBe(
      [
        "test/fixtures/project/infra/secrets.yaml",
        // Messages up to 100 characters are padded so that rule ids align; the long audit note is not.
        "  5:3    warning  KMS key InventoryKey does not enable automatic key rotation (EnableKeyRotation is not set).  kms-key-rotation-disabled",
        `  10:3   note     ${AUDIT}  audit-trail-missing`,
        "  16:3   warning  Secret InventoryApiKey has no KmsKeyId, so it is encrypted with the AWS-managed key aws/secretsmanager.  secret-aws-managed-key",
        `  16:3   warning  ${"Secret InventoryApiKey has no rotation schedule.".padEnd(91)}  secret-without-rotation`,
        "",
        "test/fixtures/project/infra/broken.yaml",
        "  7:1    error    YAML syntax error: bad indentation; structural rules skipped, text searched for credentials  (parse error)",
        "",
        "Rule documentation:",
        "  kms-key-rotation-disabled  https://github.com/secretwarden/secretwarden/blob/main/src/rules/kms-key-rotation-disabled/README.md",
        "  audit-trail-missing        https://github.com/secretwarden/secretwarden/blob/main/src/rules/audit-trail-missing/README.md",
        "  secret-aws-managed-key     https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-aws-managed-key/README.md",
        "  secret-without-rotation    https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md",
        "",
        "4 findings (0 errors, 3 warnings, 1 note) in 3 files scanned; 1 file could not be parsed",
        "",
      ].join("\n"),
    );
    expect(text.stdout).not.toContain("\u001b[");
    expect(cli([PROJECT, "--no-color"], { env: { FORCE_COLOR: "1" } }).stdout).not.toContain("\u001b[");
    expect(cli([PROJECT], { env: { FORCE_COLOR: "1" } }).stdout).toContain("\u001b[");
  });

  it("writes the report to --output and nothing to stdout", () => {
    const dir = tempRepo({});
    const out = join(dir, "report.json");
    const written = cli([PROJECT, "--format", "json", "--output", out]);
    expect(written.stdout).toBe("");
    expect(written.status).toBe(1);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(report);
  });

  it("keeps fingerprints when lines move", () => {
    const original = readFileSync(join(ROOT, PROJECT, "infra/secrets.yaml"), "utf8");
    const dir = tempRepo({
      "infra/secrets.yaml": original,
      "infra/rotation.json": readFileSync(join(ROOT, PROJECT, "infra/rotation.json"), "utf8"),
    });
    const before = json(cli(["infra", "--format", "json"], { cwd: dir }));
    writeFileSync(join(dir, "infra/secrets.yaml"), original.replace("Resources:\n", "# a comment\n\nResources:\n"));
    const after = json(cli(["infra", "--format", "json"], { cwd: dir }));
    expect(after.findings.map((f) => f.line)).toEqual(before.findings.map((f) => f.line + 2));
    expect(after.findings.map((f) => f.fingerprint)).toEqual(before.findings.map((f) => f.fingerprint));
  });
});

describe("YAML and JSON twins", () => {
  const report = json(cli(["test/fixtures/twins", "--format", "json"]));

  it("give the same findings at each syntax's own positions", () => {
    expect(where(report)).toEqual([
      "test/fixtures/twins/template.json 28:30-28:35 kms-key-rotation-disabled LegacyKey",
      "test/fixtures/twins/template.json 31:5-31:13 audit-trail-missing Secret",
      "test/fixtures/twins/template.json 34:21-36:10 secret-aws-managed-key Secret",
      "test/fixtures/twins/template.json 55:13-55:21 secret-aws-managed-key Secret",
      "test/fixtures/twins/template.yaml 15:26-15:31 kms-key-rotation-disabled LegacyKey",
      "test/fixtures/twins/template.yaml 19:17-19:37 secret-aws-managed-key Secret",
      "test/fixtures/twins/template.yaml 23:11-23:17 secret-aws-managed-key Secret",
    ]);
    // audit-trail-missing is one note per project, at its first secret; every other finding comes in twins.
    const messages = (file: string) =>
      report.findings.filter((f) => f.file.endsWith(file) && f.ruleId !== "audit-trail-missing").map((f) => f.message);
    expect(messages("template.json")).toEqual(messages("template.yaml"));
  });
});

describe("discovery through the CLI", () => {
  it("honours .gitignore and .secretwardenignore, skips node_modules, and scans an ignored file named explicitly", () => {
    const dir = tempRepo({
      ".gitignore": "generated/\n",
      ".secretwardenignore": "legacy.yaml\n",
      "stack.yaml": SECRET_TEMPLATE,
      "generated/stack.yaml": SECRET_TEMPLATE,
      "legacy.yaml": SECRET_TEMPLATE,
      "node_modules/pkg/stack.yaml": SECRET_TEMPLATE,
      ".config/stack.yml": SECRET_TEMPLATE,
    });
    const files = (args: string[]) => [
      ...new Set(json(cli([...args, "--format", "json"], { cwd: dir })).findings.map((f) => f.file)),
    ];
    expect(files([])).toEqual([".config/stack.yml", "stack.yaml"]);
    expect(files(["generated/stack.yaml", "legacy.yaml"])).toEqual(["generated/stack.yaml", "legacy.yaml"]);
  });

  it("skips binary and oversized files with a note, and still reports the rest", () => {
    const dir = tempRepo({
      "stack.yaml": SECRET_TEMPLATE,
      "blob.json": Buffer.from([0x7b, 0x00, 0x01, 0x02]),
      "big.yaml": `${SECRET_TEMPLATE}${"# padding\n".repeat(200)}`,
      "config.json": JSON.stringify({ maxFileSize: 1000 }),
    });
    const report = json(cli(["--format", "json", "--config", "config.json"], { cwd: dir }));
    expect(report.skipped.map((s) => [s.file, s.reason])).toEqual([
      ["big.yaml", "too-large"],
      ["blob.json", "binary"],
    ]);
    expect(where(report)).toEqual([
      "stack.yaml 3:3-3:12 audit-trail-missing AppSecret",
      "stack.yaml 3:3-3:12 secret-aws-managed-key AppSecret",
      "stack.yaml 3:3-3:12 secret-without-rotation AppSecret",
    ]);
    expect(report.summary.filesSkipped).toBe(2);
  });

  it("passes over generated and vendored files in a folder, and says so for those named on the command line", () => {
    const password = ["Xk9mQ2", "vL7pR4wZt8"].join("");
    const dir = tempRepo({
      "vendor/app.env": `DB_PASSWORD=${password}\n`,
      "dist/app.min.js": `var password="${password}";\n`,
      "app.env": "DEBUG=1\n",
    });
    expect(json(cli(["--format", "json", "."], { cwd: dir })).skipped).toEqual([]);
    const run = cli(["--no-color", "vendor/app.env", "dist/app.min.js", "app.env"], { cwd: dir });
    expect(run).toEqual({
      status: 0,
      stdout: [
        "skipped  dist/app.min.js  skipped: generated or third-party file (lock file, bundle, source map, vendor/...), not read",
        "skipped  vendor/app.env   skipped: generated or third-party file (lock file, bundle, source map, vendor/...), not read",
        "",
        "No findings in 1 file scanned; 2 files skipped.",
        "",
      ].join("\n"),
      stderr: "",
    });
    const report = json(cli(["--format", "json", "vendor/app.env"], { cwd: dir }));
    expect(report.skipped).toEqual([
      {
        file: "vendor/app.env",
        reason: "generated",
        message: "skipped: generated or third-party file (lock file, bundle, source map, vendor/...), not read",
      },
    ]);
    expect(report.summary.filesScanned).toBe(0);
  });

  it("does not read installed packages committed to the repository, counts the folders, and says so for a file named in one", () => {
    const paginator = `{ "pagination": { "ListThings": { "input_token": "NextToken", "output_token": "NextToken" } } }\n`;
    const dir = tempRepo({
      "app.env": "DEBUG=1\n",
      "layer/python/quokka-3.4.1.dist-info/METADATA": "Name: quokka\n",
      "layer/python/quokka/data/paginators-1.json": paginator,
      "layer/python/helpers.py": `api_password = "${["Xk9mQ2", "vL7pR4wZt8"].join("")}"\n`,
      "tools/botocore/data/paginators-1.json": paginator,
      "web/node_modules/left-pad/.env": `DB_PASSWORD=${["Xk9mQ2", "vL7pR4wZt8"].join("")}\n`,
    });
    expect(cli(["--no-color"], { cwd: dir })).toEqual({
      status: 0,
      stdout: "No findings in 1 file scanned; 3 third-party folders not read.\n",
      stderr: "",
    });
    const report = json(cli(["--format", "json"], { cwd: dir }));
    expect(report.summary).toEqual({
      filesScanned: 1,
      filesFailed: 0,
      filesSkipped: 0,
      errors: 0,
      findings: { error: 0, warning: 0, note: 0 },
      thirdPartyFolders: 3,
    });
    expect(reportValidator(report), describeErrors(reportValidator.errors)).toBe(true);
    const named = json(cli(["--format", "json", "layer/python/helpers.py", "app.env"], { cwd: dir }));
    expect([named.skipped, named.summary.filesScanned]).toEqual([
      [
        {
          file: "layer/python/helpers.py",
          reason: "generated",
          message: "skipped: generated or third-party file (lock file, bundle, source map, vendor/...), not read",
        },
      ],
      1,
    ]);
  });

  it("refuses YAML aliases in a template with an error entry", () => {
    const dir = tempRepo({
      "stack.yaml": `${SECRET_TEMPLATE}    Properties: &props\n      Name: a\n  Other:\n    Type: AWS::SecretsManager::Secret\n    Properties: *props\n`,
    });
    const report = json(cli(["--format", "json"], { cwd: dir }));
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([
      {
        file: "stack.yaml",
        line: 9,
        column: 17,
        message:
          "YAML alias is not supported: secretwarden does not expand aliases in templates and policies; structural rules skipped, text searched for credentials",
      },
    ]);
  });

  it("turns a hostile, deeply nested template into an error entry and keeps the other findings", () => {
    const dir = tempRepo({
      "deep.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      "deep.yaml": `AWSTemplateFormatVersion: "2010-09-09"\nResources: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`,
      "not-a-template.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      "stack.yaml": SECRET_TEMPLATE,
    });
    const run = cli(["--format", "json"], { cwd: dir });
    const report = json(run);
    expect(run.status).toBe(1);
    expect(report.errors.map((e) => [e.file, e.message])).toEqual([
      ["deep.json", "document is nested too deeply to parse; structural rules skipped, text searched for credentials"],
      ["deep.yaml", "document is nested too deeply to parse; structural rules skipped, text searched for credentials"],
    ]);
    expect(where(report)).toEqual([
      "stack.yaml 3:3-3:12 audit-trail-missing AppSecret",
      "stack.yaml 3:3-3:12 secret-aws-managed-key AppSecret",
      "stack.yaml 3:3-3:12 secret-without-rotation AppSecret",
    ]);
  });

  it("exits 2 with a clear message when the report cannot be written", () => {
    const dir = tempRepo({ "stack.yaml": SECRET_TEMPLATE });
    // A folder in the way of the file name: a file named like a folder of the path.
    expect(cli(["--output", "stack.yaml/report.txt"], { cwd: dir })).toEqual({
      status: 2,
      stdout: "",
      stderr: `secretwarden: cannot write the report to stack.yaml/report.txt: EEXIST: file already exists, mkdir '${join(dir, "stack.yaml")}'\n`,
    });
  });

  it("says so when nothing is found", () => {
    const dir = tempRepo({ "app.yaml": "name: web\n" });
    expect(cli([], { cwd: dir })).toEqual({ status: 0, stdout: "No findings in 1 file scanned.\n", stderr: "" });
  });
});

describe("configuration", () => {
  it("changes severities and turns rules off", () => {
    const dir = tempRepo({
      "stack.yaml": SECRET_TEMPLATE,
      "sw.yaml": "rules:\n  secret-without-rotation: error\n  secret-aws-managed-key: off\n",
    });
    const run = cli(["stack.yaml", "--config", "sw.yaml", "--format", "json", "--fail-on", "error"], { cwd: dir });
    expect(json(run).findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["audit-trail-missing", "note"],
      ["secret-without-rotation", "error"],
    ]);
    expect(run.status).toBe(1);
  });

  it("rejects an unknown rule id with exit 2, naming it", () => {
    const dir = tempRepo({ "sw.json": JSON.stringify({ rules: { "secret-without-rotaton": "off" } }) });
    const run = cli(["--config", "sw.json"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `secretwarden: config file ${join(dir, "sw.json")} is invalid:\n  /rules: must NOT have additional properties "secret-without-rotaton"; did you mean "secret-without-rotation"? (line 1, column 11)\n`,
    );
  });

  it("quiet mode prints nothing when nothing fails", () => {
    const dir = tempRepo({ "stack.yaml": SECRET_TEMPLATE });
    expect(cli(["--quiet", "--fail-on", "error"], { cwd: dir })).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(existsSync(join(dir, "stack.yaml"))).toBe(true);
  });
});

describe("exit code when nothing could be scanned", () => {
  const BROKEN_YAML = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X: [\n';
  const BROKEN_JSON = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {';
  const CLEAN = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n';

  it("exits 2 with a message on stderr when every file ends in an error entry; the report is still written", () => {
    const dir = tempRepo({ "a.yaml": BROKEN_YAML, "b.json": BROKEN_JSON });
    const run = cli([], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "secretwarden: nothing could be scanned: every file failed (2 with an error entry); see the report\n",
    );
    expect(run.stdout).toContain(
      "b.json\n  1:58   error    JSON syntax error: close brace expected; structural rules skipped, text searched for credentials  (parse error)\n",
    );
    // Failing to scan is not a finding: --fail-on none does not hide it.
    expect(cli(["--fail-on", "none", "--format", "json"], { cwd: dir }).status).toBe(2);
  });

  it.skipIf(process.platform === "win32")("exits 2 when the only file named cannot be read (a FIFO)", () => {
    const dir = tempRepo({});
    expect(spawnSync("mkfifo", [join(dir, "pipe.yaml")]).status).toBe(0);
    const run = cli(["pipe.yaml", "--format", "json"], { cwd: dir });
    expect(run.stderr).toBe(
      "secretwarden: nothing could be scanned: every file failed (1 unreadable); see the report\n",
    );
    expect(run.status).toBe(2);
    expect(json(run).skipped).toEqual([
      { file: "pipe.yaml", reason: "unreadable", message: "skipped: not a regular file" },
    ]);
  });

  it("binary files are not scans: a broken template beside them is still exit 2", () => {
    const dir = tempRepo({ "a.yaml": BROKEN_YAML, "logo.yaml": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]) });
    expect(cli([], { cwd: dir }).status).toBe(2);
  });

  it("one file scanned is enough: the others' parse errors give exit 0 without findings, 1 with them", () => {
    const clean = tempRepo({ "a.yaml": BROKEN_YAML, "b.yaml": CLEAN });
    expect(cli(["--format", "json"], { cwd: clean })).toMatchObject({ status: 0, stderr: "" });
    const withFindings = tempRepo({ "a.yaml": BROKEN_YAML, "b.yaml": SECRET_TEMPLATE });
    const run = cli(["--format", "json"], { cwd: withFindings });
    expect(run).toMatchObject({ status: 1, stderr: "" });
    expect(json(run).errors.map((e) => e.file)).toEqual(["a.yaml"]);
  });

  it("exits 0 for an empty directory, for binary files alone (with notes) and for a link out of the scanned directory", () => {
    expect(cli([], { cwd: tempRepo({}) })).toEqual({
      status: 0,
      stdout: "No findings in 0 files scanned.\n",
      stderr: "",
    });
    const binary = tempRepo({ "logo.yaml": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]) });
    expect(cli([], { cwd: binary })).toEqual({
      status: 0,
      stdout: "skipped  logo.yaml  skipped: binary file\n\nNo findings in 0 files scanned; 1 file skipped.\n",
      stderr: "",
    });
    const outside = tempRepo({ "secret.yaml": SECRET_TEMPLATE });
    const repo = tempRepo({});
    symlinkSync(join(outside, "secret.yaml"), join(repo, "linked.yaml"));
    const run = cli(["--format", "json"], { cwd: repo });
    expect(run).toMatchObject({ status: 0, stderr: "" });
    expect(reportValidator(json(run)), describeErrors(reportValidator.errors)).toBe(true);
    expect(json(run).skipped).toEqual([
      {
        file: "linked.yaml",
        reason: "outside-root",
        message: `skipped: symbolic link to ${join(outside, "secret.yaml")}, outside the scanned directories`,
      },
    ]);
  });
});

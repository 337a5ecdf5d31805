/**
 * Issue 15, sections 2 and 4, run as a user runs them: SARIF paths that GitHub code scanning keeps stable whatever
 * the current directory, the SARIF category and run status, and the small things users notice (missing output
 * folders, closed pipes and full disks, short flags, "did you mean", documentation links, package.json export).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeErrors, sarifValidator } from "../../src/test-support/schemas.js";
import { cli, git, ROOT, SECRET_TEMPLATE, temporaryRepos } from "./cli.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const repos = temporaryRepos("secretwarden-sarif15-");

interface SarifLog {
  runs: {
    automationDetails: { id: string };
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
    }[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string }; descriptor?: { id: string } }[];
    }[];
  }[];
}

function sarif(args: string[], cwd: string): SarifLog {
  const run = cli(["--format", "sarif", "--fail-on", "none", "--no-config", ...args], { cwd });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const log = JSON.parse(run.stdout) as SarifLog;
  expect(sarifValidator(log), describeErrors(sarifValidator.errors)).toBe(true);
  return log;
}

/** Each result's `uri` (and base), once per file. */
const locations = (log: SarifLog): string[] => [
  ...new Set(
    log.runs[0]?.results.map(
      (r) =>
        `${r.locations[0]?.physicalLocation.artifactLocation.uriBaseId ?? "-"} ${r.locations[0]?.physicalLocation.artifactLocation.uri}`,
    ),
  ),
];

/** A git repository with a template in infra/ and one in app/. */
function gitRepo(): string {
  const dir = repos({
    "infra/template.yaml": SECRET_TEMPLATE,
    "app/stack.yaml": SECRET_TEMPLATE,
    "tools/README.txt": "tools\n",
  });
  git(dir, "init", "-q");
  return dir;
}

describe("SARIF paths relative to the git work tree", () => {
  it("writes infra/template.yaml for `cd infra && secretwarden --format sarif`", () => {
    const dir = gitRepo();
    const log = sarif([], join(dir, "infra"));
    expect(locations(log)).toEqual(["%SRCROOT% infra/template.yaml"]);
    expect(log.runs[0]?.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: pathToFileURL(`${dir}/`).href } });
    expect(log.runs[0]?.originalUriBaseIds?.["%SRCROOT%"]?.uri.endsWith("/")).toBe(true);
  });

  it("writes app/stack.yaml, not ../app/stack.yaml, for `secretwarden ../app` from a sibling folder", () => {
    const dir = gitRepo();
    expect(locations(sarif(["../app"], join(dir, "tools")))).toEqual(["%SRCROOT% app/stack.yaml"]);
  });

  it("gives the same URIs from the root, from a subfolder and for a named file", () => {
    const dir = gitRepo();
    const fromRoot = locations(sarif(["infra"], dir));
    expect(fromRoot).toEqual(["%SRCROOT% infra/template.yaml"]);
    expect(locations(sarif(["."], join(dir, "infra")))).toEqual(fromRoot);
    expect(locations(sarif(["infra/template.yaml"], dir))).toEqual(fromRoot);
  });

  it("uses --root when given, and the current directory outside git", () => {
    const plain = repos({ "infra/template.yaml": SECRET_TEMPLATE });
    const outside = sarif(["infra"], plain);
    expect(locations(outside)).toEqual(["%SRCROOT% infra/template.yaml"]);
    expect(outside.runs[0]?.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: pathToFileURL(`${plain}/`).href } });
    const rooted = sarif(["--root", "infra"], plain);
    expect(locations(rooted)).toEqual(["%SRCROOT% template.yaml"]);
    expect(rooted.runs[0]?.originalUriBaseIds).toEqual({
      "%SRCROOT%": { uri: pathToFileURL(`${join(plain, "infra")}/`).href },
    });
    expect(cli(["--format", "sarif", "--root", "nowhere"], { cwd: plain })).toMatchObject({
      status: 2,
      stderr: "secretwarden: --root nowhere is not a directory\n",
    });
  });

  it("keeps file paths relative to the current directory in the JSON report, with the root beside them", () => {
    const dir = gitRepo();
    const run = cli(["--format", "json", "--fail-on", "none", "--no-config"], { cwd: join(dir, "infra") });
    const report = JSON.parse(run.stdout) as { root: string; findings: { file: string }[] };
    expect(report.root).toBe("..");
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(["template.yaml"]);
    const fromRoot = JSON.parse(cli(["--format", "json", "--fail-on", "none", "--no-config"], { cwd: dir }).stdout) as {
      root: string;
    };
    expect(fromRoot.root).toBe(".");
  });

  it.skipIf(process.platform === "win32")(
    "keeps a backslash in a file name, percent-encoded (a name character on POSIX)",
    () => {
      const dir = repos({ "infra/a\\b.yaml": SECRET_TEMPLATE });
      git(dir, "init", "-q");
      expect(locations(sarif([], dir))).toEqual(["%SRCROOT% infra/a%5Cb.yaml"]);
    },
  );
});

describe("SARIF category and run status", () => {
  it("sets automationDetails.id from --sarif-category, secretwarden/ by default", () => {
    const dir = gitRepo();
    expect(sarif([], dir).runs[0]?.automationDetails).toEqual({ id: "secretwarden/" });
    expect(sarif(["--sarif-category", "infra", "infra"], dir).runs[0]?.automationDetails).toEqual({ id: "infra/" });
    expect(sarif(["--sarif-category", "app", "app"], dir).runs[0]?.automationDetails).toEqual({ id: "app/" });
    expect(cli(["--format", "json", "--sarif-category", "infra"], { cwd: dir })).toEqual({
      status: 2,
      stdout: "",
      stderr: "secretwarden: --sarif-category applies to --format sarif only\nRun secretwarden --help for usage.\n",
    });
  });

  it("says executionSuccessful: false, with the reason, when nothing could be scanned (exit 2)", () => {
    const dir = repos({ "broken.yaml": 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X: [\n' });
    const run = cli(["--format", "sarif", "--no-config"], { cwd: dir });
    const reason = "nothing could be scanned: every file failed (1 with an error entry); see the report";
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`secretwarden: ${reason}\n`);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(sarifValidator(log), describeErrors(sarifValidator.errors)).toBe(true);
    const [invocation] = log.runs[0]?.invocations ?? [];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications[0]).toEqual({
      level: "error",
      message: { text: reason },
      descriptor: { id: "nothing-scanned" },
    });
  });
});

describe("writing the report", () => {
  it("creates the folders of --output that do not exist", () => {
    const dir = repos({ "stack.yaml": SECRET_TEMPLATE });
    expect(
      cli(["--no-config", "--fail-on", "none", "-f", "sarif", "-o", "reports/ci/secretwarden.sarif"], { cwd: dir }),
    ).toEqual({ status: 0, stdout: "", stderr: "" });
    const log = JSON.parse(readFileSync(join(dir, "reports/ci/secretwarden.sarif"), "utf8")) as SarifLog;
    expect(locations(log)).toEqual(["%SRCROOT% stack.yaml"]);
  });

  it("ends quietly with exit 2 and one line when the reader closes the pipe (| head -c 10), even under --fail-on none", () => {
    // Enough output (well over a 64 KiB pipe buffer) that the writer is still writing when head exits.
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`infra/stack${i}.yaml`] = SECRET_TEMPLATE;
    const dir = repos(files);
    const script = `"${process.execPath}" "${CLI}" --no-config --format sarif --fail-on none 2>stderr.txt | head -c 10; echo "\${PIPESTATUS[0]}" > status.txt`;
    const run = spawnSync("bash", ["--noprofile", "--norc", "-c", script], {
      cwd: dir,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.stdout).toBe('{\n  "$sche');
    expect(readFileSync(join(dir, "status.txt"), "utf8")).toBe("2\n");
    expect(readFileSync(join(dir, "stderr.txt"), "utf8")).toBe(
      "secretwarden: cannot write the report to standard output: the reading end of the pipe was closed (EPIPE)\n",
    );
  });

  it.skipIf(!existsSync("/dev/full"))("ends quietly with exit 2 and one line on a full disk (/dev/full)", () => {
    const dir = repos({ "stack.yaml": SECRET_TEMPLATE });
    const script = `"${process.execPath}" "${CLI}" --no-config --fail-on none > /dev/full`;
    const run = spawnSync("bash", ["--noprofile", "--norc", "-c", script], {
      cwd: dir,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect([run.status, run.stderr]).toEqual([
      2,
      "secretwarden: cannot write the report to standard output: no space left on the device (ENOSPC)\n",
    ]);
    const file = cli(["--no-config", "--fail-on", "none", "--output", "/dev/full"], { cwd: dir });
    expect([file.status, file.stderr]).toEqual([
      2,
      "secretwarden: cannot write the report to /dev/full: ENOSPC: no space left on device, write\n",
    ]);
  });
});

describe("options users expect", () => {
  it("takes -f, -o, -q and -c as --format, --output, --quiet and --config", () => {
    const dir = repos({
      "stack.yaml": SECRET_TEMPLATE,
      "sw.json": '{ "rules": { "secret-aws-managed-key": "off" } }\n',
    });
    expect(cli(["-f", "json", "-o", "out.json", "-c", "sw.json", "--fail-on", "none"], { cwd: dir })).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
    });
    const report = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).toEqual(["audit-trail-missing", "secret-without-rotation"]);
    expect(cli(["-q", "--fail-on", "error", "-c", "sw.json"], { cwd: dir })).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
    });
  });

  it.each([
    [
      "--formt",
      "--formt",
      "secretwarden: Unknown option '--formt'; did you mean --format?\nRun secretwarden --help for usage.\n",
    ],
    [
      "--fail-no",
      "--fail-no",
      "secretwarden: Unknown option '--fail-no'; did you mean --fail-on?\nRun secretwarden --help for usage.\n",
    ],
    [
      "--stagged",
      "--stagged",
      "secretwarden: Unknown option '--stagged'; did you mean --staged?\nRun secretwarden --help for usage.\n",
    ],
    [
      "--account-per-foldr",
      "--account-per-foldr",
      "secretwarden: Unknown option '--account-per-foldr'; did you mean --account-per-folder?\nRun secretwarden --help for usage.\n",
    ],
    [
      "a 5,000-character option (no suggestion, and no quadratic comparison)",
      `--${"x".repeat(5000)}`,
      `secretwarden: Unknown option '--${"x".repeat(5000)}'\nRun secretwarden --help for usage.\n`,
    ],
  ])("suggests the closest option for %s", (_label, option, stderr) => {
    expect(cli([option])).toEqual({ status: 2, stdout: "", stderr });
  });

  it("suggests the closest key, rule id and value of a configuration, listing allowed values once", () => {
    const dir = repos({
      "stack.yaml": SECRET_TEMPLATE,
      "sw.json":
        '{\n  "failon": "error",\n  "rules": {\n    "secret-without-rotaion": "off",\n    "secret-aws-managed-key": "warn",\n    "kms-key-rotation-disabled": { "severty": "note" }\n  }\n}\n',
    });
    const path = join(dir, "sw.json");
    expect(cli(["-c", "sw.json"], { cwd: dir })).toEqual({
      status: 2,
      stdout: "",
      stderr:
        `secretwarden: config file ${path} is invalid:\n` +
        '  (top level): must NOT have additional properties "failon"; did you mean "failOn"? (line 2, column 3)\n' +
        '  /rules: must NOT have additional properties "secret-without-rotaion"; did you mean "secret-without-rotation"? (line 4, column 5)\n' +
        '  /rules/kms-key-rotation-disabled: must NOT have additional properties "severty"; did you mean "severity"? (line 6, column 36)\n' +
        '  /rules/secret-aws-managed-key: must be one of error, warning, note, off, or an object with severity and options; got "warn"; did you mean "warning"? (line 5, column 5)\n',
    });
  });

  it("suggests the closest rule id for a misspelt rule in a suppression comment", () => {
    const dir = repos({
      "stack.yaml": `${SECRET_TEMPLATE}    # secretwarden-ignore secret-without-rotaton: rotated by the platform team\n`,
    });
    const run = cli(["--no-config", "-f", "json", "--fail-on", "none"], { cwd: dir });
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] };
    expect(report.findings.filter((f) => f.ruleId === "invalid-suppression").map((f) => f.message)).toEqual([
      "This secretwarden-ignore comment names secret-without-rotaton, which is not a secretwarden rule (did you mean secret-without-rotation?), so it suppresses nothing.",
    ]);
  });
});

describe("documentation links and the package", () => {
  it("links each finding of the text and JSON reports to its rule's page, the SARIF helpUri", () => {
    const dir = repos({ "stack.yaml": SECRET_TEMPLATE });
    const text = cli(["--no-config", "--fail-on", "none"], { cwd: dir }).stdout;
    const docs = text.slice(text.indexOf("Rule documentation:\n"), text.lastIndexOf("\n\n"));
    const log = sarif([], dir);
    const report = JSON.parse(cli(["--no-config", "-f", "json", "--fail-on", "none"], { cwd: dir }).stdout) as {
      findings: { ruleId: string; helpUri: string }[];
    };
    const sarifRules = JSON.parse(cli(["--no-config", "-f", "sarif", "--fail-on", "none"], { cwd: dir }).stdout).runs[0]
      .tool.driver.rules as { id: string; helpUri: string }[];
    expect(log.runs[0]?.results.length).toBe(3);
    for (const finding of report.findings) {
      const helpUri = sarifRules.find((rule) => rule.id === finding.ruleId)?.helpUri;
      expect(finding.helpUri).toBe(helpUri);
      expect(docs).toMatch(new RegExp(`^  ${finding.ruleId} +${(helpUri ?? "-").replace(/[.]/g, "\\.")}$`, "m"));
    }
    expect(docs).toBe(
      [
        "Rule documentation:",
        "  audit-trail-missing      https://github.com/secretwarden/secretwarden/blob/main/src/rules/audit-trail-missing/README.md",
        "  secret-aws-managed-key   https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-aws-managed-key/README.md",
        "  secret-without-rotation  https://github.com/secretwarden/secretwarden/blob/main/src/rules/secret-without-rotation/README.md",
      ].join("\n"),
    );
  });

  it("exports package.json: require('secretwarden/package.json') works", () => {
    // A package can require itself by name through its own exports (Node's self-reference), as a dependant would.
    const require = createRequire(join(ROOT, "src/index.ts"));
    expect((require("secretwarden/package.json") as { name: string; version: string }).name).toBe("secretwarden");
  });
});

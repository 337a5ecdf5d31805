/** `--min-confidence` and the configuration's `minConfidence`, through the built CLI. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { base62, crc32 } from "../../src/knowledge/checksums.js";
import { cli, json, temporaryRepos, SECRET_TEMPLATE, type JsonReport } from "./cli.js";
import { describeErrors, reportValidator } from "../../src/test-support/schemas.js";

const tempRepo = temporaryRepos("secretwarden-confidence-");

/** Made up, assembled at run time so that no complete credential-shaped literal sits in the source. */
const GITHUB_BODY = "wQ7rT2vLx9KmPz4NcB8sDfGh3JkLq1";
/** Checksum-valid (base62 CRC32 of the body as its last 6 characters): `high`; a random tail would be `medium`. */
const GITHUB_TOKEN = ["ghp", "_", GITHUB_BODY, base62(crc32(GITHUB_BODY), 6)].join("");

const REMEDY =
  "anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.";

/** One credential finding at each confidence: a word under a token name (low), a random value (medium), a token (high). */
const FILES = {
  ".env": "API_TOKEN=bluewhalesong\nSERVICE_TOKEN=Xk29dj2kd92kdK\n",
  "deploy.sh": `# ci: ${GITHUB_TOKEN}\n`,
};

const LOW = `  1:11   error    Key API_TOKEN is a hardcoded token (blu****, kind generic-password): ${REMEDY} (low confidence)  hardcoded-credential`;
const MEDIUM = `  2:15   error    Key SERVICE_TOKEN is a hardcoded token (Xk29****, kind generic-password): ${REMEDY} (medium confidence)  hardcoded-credential`;
const HIGH = `  1:7    error    The file contains a hardcoded GitHub token (ghp_****, kind github-token): ${REMEDY} (high confidence)  hardcoded-credential`;

/** The text report's closing list of rule documentation, for the credential rule. */
const DOCS = [
  "Rule documentation:",
  "  hardcoded-credential  https://github.com/secretwarden/secretwarden/blob/main/src/rules/hardcoded-credential/README.md",
  "",
];

type Report = Omit<JsonReport, "findings" | "summary"> & {
  findings: (JsonReport["findings"][number] & { confidence?: string })[];
  summary: JsonReport["summary"] & { belowMinConfidence?: number };
};
const report = (run: ReturnType<typeof cli>) => json(run) as Report;

describe("--min-confidence", () => {
  it("defaults to medium: the low finding is left out and counted in the summary", () => {
    const dir = tempRepo(FILES);
    const run = cli(["--no-config"], { cwd: dir });
    expect(run).toEqual({
      status: 1,
      stderr: "",
      stdout: [
        ".env",
        MEDIUM,
        "",
        "deploy.sh",
        HIGH,
        "",
        ...DOCS,
        "2 findings (2 errors, 0 warnings, 0 notes) in 2 files scanned; 1 finding below medium confidence not shown",
        "",
      ].join("\n"),
    });
  });

  it("low shows every credential finding; high only the token", () => {
    const dir = tempRepo(FILES);
    expect(cli(["--no-config", "--min-confidence", "low"], { cwd: dir }).stdout).toBe(
      [
        ".env",
        LOW,
        MEDIUM,
        "",
        "deploy.sh",
        HIGH,
        "",
        ...DOCS,
        "3 findings (3 errors, 0 warnings, 0 notes) in 2 files scanned",
        "",
      ].join("\n"),
    );
    expect(cli(["--no-config", "--min-confidence", "high"], { cwd: dir }).stdout).toBe(
      [
        "deploy.sh",
        HIGH,
        "",
        ...DOCS,
        "1 finding (1 error, 0 warnings, 0 notes) in 2 files scanned; 2 findings below high confidence not shown",
        "",
      ].join("\n"),
    );
  });

  it("decides the exit code: a run whose only credential is below the floor passes", () => {
    const dir = tempRepo({ ".env": "API_TOKEN=bluewhalesong\n" });
    expect(cli(["--no-config"], { cwd: dir })).toEqual({
      status: 0,
      stderr: "",
      stdout: "No findings in 1 file scanned; 1 finding below medium confidence not shown.\n",
    });
    expect(cli(["--no-config", "--min-confidence", "low", "--quiet"], { cwd: dir }).status).toBe(1);
  });

  it("never filters findings without a confidence, and leaves fingerprints alone", () => {
    const dir = tempRepo({ ...FILES, "secret.yaml": SECRET_TEMPLATE });
    const low = report(cli(["--no-config", "--format", "json", "--min-confidence", "low"], { cwd: dir }));
    const high = report(cli(["--no-config", "--format", "json", "--min-confidence", "high"], { cwd: dir }));
    const rules = (r: Report) => r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.confidence ?? "-"}`);
    expect(rules(low)).toEqual([
      ".env:1 hardcoded-credential low",
      ".env:2 hardcoded-credential medium",
      "deploy.sh:1 hardcoded-credential high",
      "secret.yaml:3 audit-trail-missing -",
      "secret.yaml:3 secret-aws-managed-key -",
      "secret.yaml:3 secret-without-rotation -",
    ]);
    expect(rules(high)).toEqual(rules(low).filter((line) => !/ (low|medium)$/.test(line)));
    expect(high.summary.belowMinConfidence).toBe(2);
    expect(low.summary.belowMinConfidence).toBeUndefined();
    // The same finding has the same fingerprint whatever the floor.
    const fingerprints = (r: Report) =>
      new Map(r.findings.map((f) => [`${f.file}:${f.line}:${f.ruleId}`, f.fingerprint]));
    for (const [key, fingerprint] of fingerprints(high)) expect(fingerprints(low).get(key)).toBe(fingerprint);
    expect(reportValidator(low), describeErrors(reportValidator.errors)).toBe(true);
  });

  it("puts confidence and rank into SARIF", () => {
    const dir = tempRepo(FILES);
    const log = JSON.parse(
      cli(["--no-config", "--format", "sarif", "--min-confidence", "low"], { cwd: dir }).stdout,
    ) as {
      runs: { results: { rank?: number; properties?: { confidence?: string } }[] }[];
    };
    expect(log.runs[0]?.results.map((r) => [r.rank, r.properties?.confidence])).toEqual([
      [30, "low"],
      [60, "medium"],
      [90, "high"],
    ]);
  });

  it.each([
    [
      ["--min-confidence", "certain"],
      'secretwarden: --min-confidence must be one of high, medium, low; got "certain"\nRun secretwarden --help for usage.\n',
    ],
    [
      ["--min-confidence", "Medium"],
      'secretwarden: --min-confidence must be one of high, medium, low; got "Medium"\nRun secretwarden --help for usage.\n',
    ],
    [
      ["access", "--min-confidence", "low"],
      "secretwarden: --min-confidence does not apply to secretwarden access\nRun secretwarden access --help for usage.\n",
    ],
  ])("exits 2 on a usage error: %j", (args, stderr) => {
    expect(cli(args)).toEqual({ status: 2, stdout: "", stderr });
  });

  it("is documented in --help", () => {
    expect(cli(["--help"]).stdout).toContain(
      "--min-confidence <low|medium|high>  report credential findings only at or",
    );
  });
});

describe("minConfidence in the configuration", () => {
  it("sets the floor; the flag wins over it", () => {
    const dir = tempRepo({ ...FILES, "secretwarden.config.json": '{ "minConfidence": "low" }\n' });
    expect(report(cli(["--format", "json"], { cwd: dir })).findings.map((f) => f.confidence)).toEqual([
      "low",
      "medium",
      "high",
    ]);
    expect(
      report(cli(["--format", "json", "--min-confidence", "high"], { cwd: dir })).findings.map((f) => f.confidence),
    ).toEqual(["high"]);
  });

  it("rejects a value it does not know, naming the key and its line (exit 2)", () => {
    const dir = tempRepo({ ...FILES, "secretwarden.config.json": '{\n  "minConfidence": "certain"\n}\n' });
    const run = cli([], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `secretwarden: config file ${join(dir, "secretwarden.config.json")} is invalid:\n  /minConfidence: must be one of low, medium, high; got "certain" (line 2, column 3)\n`,
    );
  });
});

describe("the floor, suppressions and the baseline", () => {
  it("a suppression of a finding below the floor is used, not reported as unused", () => {
    const dir = tempRepo({
      ".env": "# secretwarden-ignore hardcoded-credential: sample value for the docs\nAPI_TOKEN=bluewhalesong\n",
    });
    const run = report(cli(["--no-config", "--format", "json"], { cwd: dir }));
    expect(run.findings).toEqual([]);
    expect(run.summary.belowMinConfidence).toBeUndefined();
  });

  it("a baseline written at a lower floor has no stale entries at the default one", () => {
    const dir = tempRepo(FILES);
    const written = cli(["--no-config", "--min-confidence", "low", "--write-baseline", "baseline.json"], { cwd: dir });
    expect([written.status, written.stderr]).toEqual([
      0,
      "secretwarden: wrote 3 findings to the baseline baseline.json\n",
    ]);
    expect(JSON.parse(readFileSync(join(dir, "baseline.json"), "utf8")).findings).toHaveLength(3);
    const run = cli(["--no-config", "--baseline", "baseline.json"], { cwd: dir });
    expect(run).toEqual({ status: 0, stderr: "", stdout: "No findings in 3 files scanned; 2 in the baseline.\n" });
  });
});

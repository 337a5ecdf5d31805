/**
 * Where users run secretwarden: configuration, suppressions, baselines, git hooks, change-only scans, SARIF, progress.
 * The README's own snippets are exercised in readme.test.ts.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  cli,
  git,
  json,
  temporaryRepos,
  where,
  SECRET_TEMPLATE as SECRET,
  PASSWORD_TEMPLATE as PASSWORD,
} from "./cli.js";
import { describeErrors, reportValidator, sarifValidator } from "../../src/test-support/schemas.js";

const tempRepo = temporaryRepos("secretwarden-workflows-");

const rules = (report: ReturnType<typeof json>) => report.findings.map((f) => `${f.file} ${f.ruleId}`);

describe("configuration file found upward", () => {
  it("is found from the scanned folder upward, with include/exclude relative to it; CLI flags override it", () => {
    const dir = tempRepo({
      "secretwarden.config.json": JSON.stringify({
        exclude: ["legacy/"],
        rules: { "audit-trail-missing": "off", "secret-aws-managed-key": "note" },
        failOn: "error",
      }),
      "infra/stack.yaml": SECRET,
      "legacy/old.yaml": SECRET,
    });
    const run = cli(["infra", "--format", "json"], { cwd: dir });
    expect(run.status).toBe(0); // failOn: error from the configuration
    expect(where(json(run))).toEqual([
      "infra/stack.yaml 3:3-3:12 secret-aws-managed-key AppSecret",
      "infra/stack.yaml 3:3-3:12 secret-without-rotation AppSecret",
    ]);
    expect(json(run).findings.map((f) => f.severity)).toEqual(["note", "warning"]);
    // From a sub-folder: the same file is found above it.
    expect(rules(json(cli([".", "--format", "json"], { cwd: join(dir, "infra") })))).toEqual([
      "stack.yaml secret-aws-managed-key",
      "stack.yaml secret-without-rotation",
    ]);
    expect(cli(["--format", "json"], { cwd: dir }).stdout).not.toContain("legacy/old.yaml");
    expect(cli(["infra", "--fail-on", "warning"], { cwd: dir }).status).toBe(1);
    expect(rules(json(cli(["--format", "json", "--include", "legacy/**"], { cwd: dir })))).toEqual([]);
    expect(rules(json(cli(["--format", "json", "--exclude", "infra/"], { cwd: dir })))).toEqual([]);
    expect(
      rules(json(cli(["--format", "json", "--no-config", "--fail-on", "none"], { cwd: dir }))).filter((r) =>
        r.startsWith("legacy"),
      ),
    ).toHaveLength(2);
  });

  it("names the bad key and its line, in YAML and JSON", () => {
    const dir = tempRepo({
      ".secretwardenrc.yaml": "rules:\n  secret-without-rotation: error\nexclud:\n  - x\n",
      "stack.yaml": SECRET,
    });
    const run = cli([], { cwd: dir });
    expect(run).toEqual({
      status: 2,
      stdout: "",
      stderr: `secretwarden: config file ${join(dir, ".secretwardenrc.yaml")} is invalid:\n  (top level): must NOT have additional properties "exclud"; did you mean "exclude"? (line 3, column 1)\n`,
    });
    const bad = tempRepo({
      ".secretwardenrc.json": '{\n  "rules": {\n    "secret-without-rotation": "fatal"\n  }\n}\n',
    });
    expect(cli([], { cwd: bad }).stderr).toContain(
      '/rules/secret-without-rotation: must be one of error, warning, note, off, or an object with severity and options; got "fatal" (line 3, column 5)',
    );
  });
});

describe("suppressions", () => {
  const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # secretwarden-ignore secret-without-rotation: rotated by the platform team's job
  AppSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      KmsKeyId: alias/app
  Other:
    Type: AWS::SecretsManager::Secret # secretwarden-ignore secret-without-rotation
    Properties:
      KmsKeyId: alias/app
  Legacy:
    Type: AWS::SecretsManager::Secret
    Metadata:
      secretwarden:
        ignore:
          - rule: secret-without-rotation
            reason: decommissioned in Q3
          - rule: kms-key-rotation-disabled
            reason: no key here
    Properties:
      KmsKeyId: alias/app
`;
  const dir = tempRepo({
    "stack.yaml": template,
    ".secretwardenrc.json": JSON.stringify({ rules: { "audit-trail-missing": "off" } }),
  });
  const run = cli(["--format", "json"], { cwd: dir });
  const report = json(run) as ReturnType<typeof json> & {
    suppressed: { ruleId: string; resource: string; suppression: { kind: string; reason: string } }[];
  };

  it("suppresses with a reason, inline and in Metadata, and reports the rest", () => {
    expect(report.suppressed.map((f) => [f.ruleId, f.resource, f.suppression])).toEqual([
      ["secret-without-rotation", "AppSecret", { kind: "inline", reason: "rotated by the platform team's job" }],
      ["secret-without-rotation", "Legacy", { kind: "metadata", reason: "decommissioned in Q3" }],
    ]);
    expect(reportValidator(report), describeErrors(reportValidator.errors)).toBe(true);
  });

  it("refuses a suppression without a reason and notes one that suppresses nothing", () => {
    expect(report.findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      "8:3 secret-without-rotation Secret Other has no rotation schedule.",
      "9:39 invalid-suppression This secretwarden-ignore comment for secret-without-rotation gives no reason, so it suppresses nothing. A suppression must say why the finding is acceptable: write the reason after a colon, as in `# secretwarden-ignore hardcoded-credential: test fixture, never deployed`.",
      "19:19 unused-suppression The secretwarden ignore entry in the Metadata of Legacy for kms-key-rotation-disabled suppresses nothing: Legacy has no such finding. Remove the entry.",
    ]);
    expect(run.status).toBe(1);
  });

  it("carries suppressed findings as SARIF suppressions", () => {
    const sarif = JSON.parse(cli(["--format", "sarif"], { cwd: dir }).stdout);
    expect(sarifValidator(sarif), describeErrors(sarifValidator.errors)).toBe(true);
    const results = sarif.runs[0].results as { ruleId: string; suppressions?: unknown[] }[];
    expect(results.filter((r) => r.suppressions).map((r) => r.suppressions)).toEqual([
      [{ kind: "inSource", status: "accepted", justification: "rotated by the platform team's job" }],
      [{ kind: "inSource", status: "accepted", justification: "decommissioned in Q3" }],
    ]);
    const ruleIds = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toEqual(expect.arrayContaining(["invalid-suppression", "unused-suppression"]));
  });
});

describe("baseline", () => {
  it("records findings by content, reports only new ones, and lists entries that no longer match", () => {
    const dir = tempRepo({ "stack.yaml": SECRET, "db.yaml": PASSWORD });
    const written = cli(["--write-baseline", ".secretwarden-baseline.json", "--format", "json"], { cwd: dir });
    expect(written.status).toBe(0);
    expect(written.stderr).toMatch(
      /^secretwarden: wrote \d+ findings to the baseline \.secretwarden-baseline\.json\n$/,
    );
    const baseline = JSON.parse(readFileSync(join(dir, ".secretwarden-baseline.json"), "utf8"));
    expect(baseline.version).toBe(1);
    expect(JSON.stringify(baseline)).not.toContain("Tr0ub4dor-and-3");

    // Lines move (a comment on top, a re-indented template), one finding is fixed, one is new.
    writeFileSync(
      join(dir, "stack.yaml"),
      `# moved down\n\n${SECRET.replace(/^ {2}/gm, "  ")}  NewSecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      KmsKeyId: alias/x\n`,
    );
    writeFileSync(
      join(dir, "db.yaml"),
      PASSWORD.replace("      MasterUserPassword: Tr0ub4dor-and-3\n", "      ManageMasterUserPassword: true\n"),
    );
    const run = cli(["--baseline", ".secretwarden-baseline.json", "--format", "json"], { cwd: dir });
    const report = json(run) as ReturnType<typeof json> & {
      baseline: { matched: number; stale: { ruleId: string; file: string }[] };
    };
    expect(rules(report)).toEqual(["stack.yaml secret-without-rotation"]);
    expect(report.findings[0]?.resource).toBe("NewSecret");
    expect(report.baseline.stale.map((e) => `${e.file} ${e.ruleId}`)).toContain("db.yaml hardcoded-credential");
    expect(reportValidator(report), describeErrors(reportValidator.errors)).toBe(true);
    expect(run.status).toBe(1);
    const text = cli(["--baseline", ".secretwarden-baseline.json"], { cwd: dir }).stdout;
    expect(text).toContain("no longer match a finding");
    expect(text).toMatch(/in the baseline/);
  });

  it("exits 2 on a file that is not a baseline", () => {
    const dir = tempRepo({ "stack.yaml": SECRET, "b.json": "{}" });
    expect(cli(["--baseline", "b.json"], { cwd: dir })).toEqual({
      status: 2,
      stdout: "",
      stderr: `secretwarden: the baseline ${join(dir, "b.json")} is not a secretwarden baseline (version 1); write it with --write-baseline\n`,
    });
  });
});

describe("--staged: the git index, not the work tree", () => {
  it("fails on a staged password even when the work tree is fixed, and passes once the fix is staged", () => {
    const dir = tempRepo({ "README.md": "x\n" });
    git(dir, "init", "-q");
    writeFileSync(join(dir, "db.yaml"), PASSWORD);
    git(dir, "add", "db.yaml");
    // Fixed in the work tree but not re-added: the commit would still contain the password.
    writeFileSync(
      join(dir, "db.yaml"),
      PASSWORD.replace("      MasterUserPassword: Tr0ub4dor-and-3\n", "      ManageMasterUserPassword: true\n"),
    );
    const staged = cli(["--staged", "--format", "json"], { cwd: dir });
    expect(staged.status).toBe(1);
    expect(rules(json(staged))).toContain("db.yaml hardcoded-credential");
    expect(rules(json(cli(["--format", "json", "--fail-on", "none"], { cwd: dir })))).not.toContain(
      "db.yaml hardcoded-credential",
    );
    git(dir, "add", "db.yaml");
    expect(rules(json(cli(["--staged", "--format", "json"], { cwd: dir })))).not.toContain(
      "db.yaml hardcoded-credential",
    );
  });

  it("reads a staged UTF-16 file as it reads it on disk: the same findings at the same places", () => {
    const dir = tempRepo({ "README.md": "x\n" });
    git(dir, "init", "-q");
    writeFileSync(join(dir, "db.yaml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PASSWORD, "utf16le")]));
    git(dir, "add", "db.yaml");
    const at = (args: string[]) =>
      json(cli([...args, "--format", "json", "db.yaml"], { cwd: dir })).findings.map(
        (f) => `${f.ruleId} ${f.line}:${f.column}`,
      );
    const staged = at(["--staged"]);
    expect(staged).toContain("hardcoded-credential 8:27");
    expect(staged).toEqual(at([]));
  });

  it("does not read a staged file of an installed package, and says so", () => {
    const dir = tempRepo({ "README.md": "x\n" });
    git(dir, "init", "-q");
    mkdirSync(join(dir, "layer", "python", "quokka-3.4.1.dist-info"), { recursive: true });
    writeFileSync(join(dir, "layer", "python", "quokka-3.4.1.dist-info", "METADATA"), "Name: quokka\n");
    writeFileSync(join(dir, "layer", "python", "db.yaml"), PASSWORD);
    writeFileSync(join(dir, "db.yaml"), PASSWORD);
    git(dir, "add", ".");
    const report = json(cli(["--staged", "--format", "json"], { cwd: dir }));
    expect(rules(report)).toEqual(["db.yaml database-password-unmanaged", "db.yaml hardcoded-credential"]);
    expect(report.skipped).toEqual([
      {
        file: "layer/python/db.yaml",
        reason: "generated",
        message: "skipped: generated or third-party file (lock file, bundle, source map, vendor/...), not read",
      },
      {
        file: "layer/python/quokka-3.4.1.dist-info/METADATA",
        reason: "generated",
        message: "skipped: generated or third-party file (lock file, bundle, source map, vendor/...), not read",
      },
    ]);
  });

  it("says so outside a git repository", () => {
    const dir = tempRepo({ "stack.yaml": SECRET });
    const run = cli(["--staged"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^secretwarden: git rev-parse --show-toplevel failed: fatal: not a git repository/);
  });

  it("reports a configuration error before git's, though git lists the index while the rules load", () => {
    const dir = tempRepo({ "stack.yaml": SECRET, ".secretwardenrc.yaml": "failOn: sometimes\n" });
    const run = cli(["--staged"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir } });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `secretwarden: config file ${join(dir, ".secretwardenrc.yaml")} is invalid:\n` +
        `  /failOn: must be one of error, warning, note, none; got "sometimes" (line 1, column 1)\n`,
    );
  });
});

describe("--diff-base", () => {
  it("reports only findings that are new relative to the ref, by fingerprint", () => {
    const dir = tempRepo({ "stack.yaml": SECRET });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    writeFileSync(join(dir, "stack.yaml"), `# reformatted\n${SECRET}`);
    writeFileSync(join(dir, "db.yaml"), PASSWORD);
    const run = cli(["--diff-base", "HEAD", "--format", "json"], { cwd: dir });
    const report = json(run) as ReturnType<typeof json> & { diffBase: { ref: string; unchanged: number } };
    expect(rules(report).every((r) => r.startsWith("db.yaml"))).toBe(true);
    expect(rules(report)).toContain("db.yaml hardcoded-credential");
    expect(report.diffBase.ref).toBe("HEAD");
    expect(report.diffBase.unchanged).toBeGreaterThan(0);
    expect(cli(["--diff-base", "no-such-ref"], { cwd: dir }).status).toBe(2);
  });
});

describe("SARIF for GitHub code scanning", () => {
  it("keeps partialFingerprints when lines move or the template is reformatted to JSON-style flow YAML", () => {
    const a = tempRepo({ "stack.yaml": PASSWORD });
    const b = tempRepo({
      "stack.yaml": `# a comment\n\n${PASSWORD.replace("    Properties:\n", "    Properties:   \n")}`,
    });
    const c = tempRepo({
      "stack.yaml":
        'AWSTemplateFormatVersion: "2010-09-09"\nResources: {Db: {Type: "AWS::RDS::DBInstance", Properties: {Engine: mysql, MasterUsername: admin, MasterUserPassword: Tr0ub4dor-and-3}}}\n',
    });
    const prints = (dir: string) => {
      const sarif = JSON.parse(cli(["--format", "sarif"], { cwd: dir }).stdout);
      expect(sarifValidator(sarif), describeErrors(sarifValidator.errors)).toBe(true);
      return (sarif.runs[0].results as { ruleId: string; partialFingerprints: Record<string, string> }[]).map(
        (r) => `${r.ruleId} ${r.partialFingerprints["secretwarden/v1"]}`,
      );
    };
    expect(prints(b)).toEqual(prints(a));
    expect(prints(c)).toEqual(prints(a));
  });

  it("has one run with automationDetails, relative locations, help markdown, security-severity and CWE tags", () => {
    const dir = tempRepo({ "db.yaml": PASSWORD, "stack.yaml": SECRET });
    const sarif = JSON.parse(cli(["--format", "sarif"], { cwd: dir }).stdout);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.automationDetails.id).toBe("secretwarden/");
    for (const result of run.results) {
      const uri = result.locations[0].physicalLocation.artifactLocation.uri as string;
      expect(uri).not.toMatch(/^(\/|file:)/);
      expect(result.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe("%SRCROOT%");
    }
    const hardcoded = run.tool.driver.rules.find((r: { id: string }) => r.id === "hardcoded-credential");
    expect(hardcoded.properties.tags).toEqual(expect.arrayContaining(["security", "CWE-798"]));
    expect(hardcoded.help.markdown).toContain("## Remediation");
    expect(Number(hardcoded.properties["security-severity"])).toBeGreaterThan(0);
    // GitHub's documented limits: 25,000 results per run, 20 runs per file, 1,000 locations per result, 10 MB gzipped.
    expect(run.results.length).toBeLessThanOrEqual(25_000);
    for (const result of run.results) expect(result.locations.length).toBeLessThanOrEqual(1000);
    expect(run.tool.driver.rules.every((r: { properties: { tags: string[] } }) => r.properties.tags.length <= 20)).toBe(
      true,
    );
  });
});

describe("progress", () => {
  it("shows a progress line on stderr only when asked or on a terminal, never on stdout, never with CI set", () => {
    const dir = tempRepo({ "stack.yaml": SECRET });
    const forced = cli(["--progress", "--format", "json", "--fail-on", "none"], { cwd: dir });
    expect(forced.stderr).toContain("secretwarden: reading files 1/1");
    expect(() => JSON.parse(forced.stdout)).not.toThrow();
    // Piped (not a terminal): nothing on stderr.
    expect(cli(["--format", "json", "--fail-on", "none"], { cwd: dir }).stderr).toBe("");
  });

  // util-linux `script` gives the process a terminal; without it this case cannot be run.
  const script = (() => {
    try {
      return execFileSync("sh", ["-c", "command -v script"], { encoding: "utf8" }).trim() || undefined;
    } catch {
      return undefined;
    }
  })();
  it.skipIf(!script)("on a real terminal, unless CI is set (skipped without util-linux script)", () => {
    const dir = tempRepo({ "stack.yaml": SECRET });
    const main = new URL("../../dist/cli/main.js", import.meta.url).pathname;
    const command = `${process.execPath} ${main} --format json --fail-on none --output out.json`;
    const tty = execFileSync(script as string, ["-qec", command, "/dev/null"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, CI: "" },
    });
    expect(tty).toContain("reading files 1/1");
    const ci = execFileSync(script as string, ["-qec", command, "/dev/null"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
    });
    expect(ci).not.toContain("reading files");
  });
});

describe("--diff-base shows which policies the change broadens", () => {
  const policy = (principal: string, actions: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      KmsKeyId: alias/app
  AppSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref AppSecret
      BlockPublicPolicy: true
      ResourcePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":${actions},"Resource":"*"}]}'
`;
  it("names new principals and actions of a secret's resource policy given as a JSON string", () => {
    const dir = tempRepo({
      "stack.yaml": policy("arn:aws:iam::111122223333:role/reader", '"secretsmanager:GetSecretValue"'),
    });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    writeFileSync(
      join(dir, "stack.yaml"),
      policy("arn:aws:iam::444455556666:root", '["secretsmanager:GetSecretValue","secretsmanager:PutSecretValue"]'),
    );
    const run = cli(["--diff-base", "HEAD", "--format", "json", "--fail-on", "none"], { cwd: dir });
    const report = json(run) as ReturnType<typeof json> & { diffBase: { broadened: unknown[] } };
    expect(report.diffBase.broadened).toEqual([
      {
        file: "stack.yaml",
        resource: "AppSecretPolicy",
        policyType: "secret-resource-policy",
        line: 12,
        newPolicy: false,
        principals: ["AWS: arn:aws:iam::444455556666:root"],
        actions: ["secretsmanager:PutSecretValue"],
        resources: [],
      },
    ]);
    expect(reportValidator(report), describeErrors(reportValidator.errors)).toBe(true);
    expect(cli(["--diff-base", "HEAD", "--fail-on", "none"], { cwd: dir }).stdout).toContain(
      "Policies this change broadens (relative to HEAD):\n  stack.yaml:12 AppSecretPolicy (secret-resource-policy): principals AWS: arn:aws:iam::444455556666:root; actions secretsmanager:PutSecretValue",
    );
  });

  it("expands a new action wildcard and does not report what a base wildcard already covered", () => {
    const identity = (action: string, resource: string) => `resource "aws_iam_policy" "reader" {
  name = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ${action}, Resource = "${resource}" }]
  })
}
`;
    const arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret";
    const dir = tempRepo({ "infra/iam.tf": identity('["s3:Get*", "secretsmanager:GetSecretValue"]', `${arn}:prod/*`) });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    // s3:Get* -> s3:GetObject and prod/* -> prod/db-AbCdEf narrow; secretsmanager:* broadens.
    writeFileSync(join(dir, "infra/iam.tf"), identity('["s3:GetObject", "secretsmanager:*"]', `${arn}:prod/db-AbCdEf`));
    const report = json(
      cli(["--diff-base", "HEAD", "--format", "json", "--fail-on", "none"], { cwd: dir }),
    ) as ReturnType<typeof json> & { diffBase: { broadened: unknown[] } };
    expect(report.diffBase.broadened).toEqual([
      {
        file: "infra/iam.tf",
        resource: "aws_iam_policy.reader",
        policyType: "identity",
        line: 3,
        newPolicy: false,
        principals: [],
        actions: ["secretsmanager:*"],
        resources: [],
        actionWildcards: [
          {
            action: "secretsmanager:*",
            adds: 22,
            sensitive: [
              "secretsmanager:BatchGetSecretValue",
              "secretsmanager:PutSecretValue",
              "secretsmanager:UpdateSecret",
              "secretsmanager:UpdateSecretVersionStage",
              "secretsmanager:RotateSecret",
              "secretsmanager:DeleteSecret",
              "secretsmanager:PutResourcePolicy",
              "secretsmanager:DeleteResourcePolicy",
            ],
          },
        ],
      },
    ]);
    expect(reportValidator(report), describeErrors(reportValidator.errors)).toBe(true);
    expect(cli(["--diff-base", "HEAD", "--fail-on", "none"], { cwd: dir }).stdout).toContain(
      "Policies this change broadens (relative to HEAD):\n  infra/iam.tf:3 aws_iam_policy.reader (identity): actions secretsmanager:* (adds 22 actions, 8 sensitive: secretsmanager:BatchGetSecretValue, secretsmanager:PutSecretValue, secretsmanager:UpdateSecret and 5 more)\n",
    );
    // Back to the base: nothing broadens.
    writeFileSync(join(dir, "infra/iam.tf"), identity('["s3:Get*", "secretsmanager:GetSecretValue"]', `${arn}:prod/*`));
    const back = json(
      cli(["--diff-base", "HEAD", "--format", "json", "--fail-on", "none"], { cwd: dir }),
    ) as unknown as { diffBase: { broadened?: unknown[] } };
    expect(back.diffBase.broadened ?? []).toEqual([]);
  });
});

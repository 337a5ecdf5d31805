/**
 * The report set and its context, where they part: the counts of a partial run are the report set's alone, a file
 * named outside the current repository is judged in its own, `--diff-base` runs and `--staged` context leave out what a
 * whole scan leaves out. The cases that every file of the fixtures gives the whole scan's findings are in context.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, git, json, temporaryRepos, where, type JsonReport } from "./cli.js";
import { findingsIn, SCAN_JSON, wholeScan } from "./context-repos.js";

const makeRepo = temporaryRepos("secretwarden-report-set-");

const ACCOUNT = "111122223333";

/** A Terraform secret; `key` names a KMS key of its module (then it is not reported as using the AWS-managed key). */
const tfSecret = (resource: string, name: string, key?: string) =>
  `resource "aws_secretsmanager_secret" "${resource}" {\n  name = "${name}"\n${key ? `  kms_key_id = aws_kms_key.${key}.arn\n` : ""}}\n`;

const tfKey = (resource: string) =>
  `resource "aws_kms_key" "${resource}" {\n  description         = "secrets"\n  enable_key_rotation = true\n}\n`;

/** A rotation schedule naming its secret by ARN, from any folder. */
const tfRotationOf = (resource: string, name: string) =>
  `resource "aws_secretsmanager_secret_rotation" "${resource}" {
  secret_id           = "arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rotate"
  rotation_rules {
    automatically_after_days = 30
  }
}
`;

const TF_TRAIL = `resource "aws_cloudtrail" "organization" {\n  name           = "organization"\n  s3_bucket_name = "audit-logs"\n}\n`;

const commitAll = (repo: string, message = "base") => {
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", message);
};

/** Each report's counts and the text report's summary line, for one command line in one folder. */
function counts(args: string[], cwd: string) {
  const report = json(cli([...SCAN_JSON, ...args], { cwd }));
  const sarif = JSON.parse(
    cli([...SCAN_JSON.map((arg) => (arg === "json" ? "sarif" : arg)), ...args], { cwd }).stdout,
  ) as {
    runs: { invocations: { properties: Record<string, number> }[] }[];
  };
  const text = cli(["--fail-on", "none", "--no-progress", "--no-color", ...args], { cwd }).stdout.trimEnd();
  return {
    json: {
      filesScanned: report.summary.filesScanned,
      filesFailed: report.summary.filesFailed,
      filesSkipped: report.summary.filesSkipped,
      errors: report.errors,
    },
    sarif: sarif.runs[0]?.invocations[0]?.properties,
    text: text.slice(text.lastIndexOf("\n") + 1).replace(/^\d+ findings? \([^)]*\) /, ""),
  };
}

describe("the counts of a partial run are the report set's", () => {
  it("context files that fail to parse or are skipped count nowhere, in every format, named or staged, from any folder", () => {
    const repo = makeRepo({
      "infra/secret.tf": tfSecret("orders_db", "prod/orders/db", "orders"),
      "infra/key.tf": tfKey("orders"),
      // A module sibling that does not parse: read with the report set's module, an error of its own.
      "infra/broken.tf": 'resource "aws_sqs_queue" "events" {\n  name = "events"\n',
      // Context that is parsed because it names the secret, and fails.
      "stacks/rotation.yaml": `Resources:\n  Rotation:\n    Type: AWS::SecretsManager::RotationSchedule\n    Properties:\n      SecretId: prod/orders/db\n     broken: [\n`,
      // Context that is parsed and fine: the secret's rotation.
      "rotation/main.tf": tfRotationOf("orders_db", "prod/orders/db"),
      "audit/trail.tf": TF_TRAIL,
    });
    git(repo, "init", "-q");
    commitAll(repo);
    // The whole scan reports the two files that do not parse; the secret's file alone has neither.
    expect(wholeScan(repo).errors.map((error) => error.file)).toEqual(["infra/broken.tf", "stacks/rotation.yaml"]);
    const expected = {
      json: { filesScanned: 1, filesFailed: 0, filesSkipped: 0, errors: [] },
      sarif: { filesScanned: 1, filesFailed: 0, filesSkipped: 0 },
      text: "No findings in 1 file scanned.",
    };
    expect(counts(["infra/secret.tf"], repo)).toMatchObject(expected);
    expect(counts(["secret.tf"], join(repo, "infra"))).toMatchObject(expected);
    writeFileSync(join(repo, "infra/secret.tf"), `${tfSecret("orders_db", "prod/orders/db", "orders")}# edited\n`);
    git(repo, "add", "infra/secret.tf");
    expect(counts(["--staged"], repo)).toMatchObject(expected);
    expect(counts(["--staged"], join(repo, "infra"))).toMatchObject(expected);
    expect(counts(["--staged"], join(repo, "stacks"))).toMatchObject(expected);
  }, 120_000);
});

describe("a file named outside the current directory's repository", () => {
  const parents: string[] = [];
  afterAll(() => parents.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  /** A folder holding repository A (the current directory: a trail, and a rotation of the secret's name) and `files`. */
  const setUp = (files: Record<string, string>) => {
    const parent = mkdtempSync(join(tmpdir(), "secretwarden-two-repos-"));
    parents.push(parent);
    const write = (relative: string, text: string) => {
      mkdirSync(dirname(join(parent, relative)), { recursive: true });
      writeFileSync(join(parent, relative), text);
    };
    write("repo-a/audit/trail.tf", TF_TRAIL);
    write("repo-a/rotation/main.tf", tfRotationOf("orders_db", "prod/orders/db"));
    git(join(parent, "repo-a"), "init", "-q");
    commitAll(join(parent, "repo-a"));
    for (const [relative, text] of Object.entries(files)) write(relative, text);
    return parent;
  };
  // Repository A would take the audit note away and give the secret a rotation: it must not be read.
  const fromA = (parent: string, file: string) =>
    where(
      json(
        cli([...SCAN_JSON, file], {
          cwd: join(parent, "repo-a"),
          env: { GIT_CEILING_DIRECTORIES: parent },
        }),
      ),
    );

  it("in another repository: that repository is its context", () => {
    const parent = setUp({
      "repo-b/infra/secret.tf": tfSecret("orders_db", "prod/orders/db", "orders"),
      "repo-b/infra/key.tf": tfKey("orders"),
      "repo-b/rotation/main.tf": tfRotationOf("orders_db", "prod/orders/db"),
      "repo-b/other/secret.tf": tfSecret("reports_db", "prod/reports/db", "reports"),
      "repo-b/other/key.tf": tfKey("reports"),
    });
    const repoB = join(parent, "repo-b");
    git(repoB, "init", "-q");
    commitAll(repoB);
    // As the whole scan of repository B: rotated there, no trail there, the note at B's first secret.
    expect(where({ findings: findingsIn(wholeScan(repoB), "infra/secret.tf") } as JsonReport)).toEqual([
      "infra/secret.tf 1:10-1:49 audit-trail-missing aws_secretsmanager_secret.orders_db",
    ]);
    expect(fromA(parent, "../repo-b/infra/secret.tf")).toEqual([
      "../repo-b/infra/secret.tf 1:10-1:49 audit-trail-missing aws_secretsmanager_secret.orders_db",
    ]);
  });

  it("in no repository: its Terraform module folder only", () => {
    const parent = setUp({
      "plain/infra/secret.tf": tfSecret("orders_db", "prod/orders/db", "orders"),
      "plain/infra/key.tf": tfKey("orders"),
      // Beside it, but not its module: no repository makes it context.
      "plain/rotation/main.tf": tfRotationOf("orders_db", "prod/orders/db"),
    });
    expect(fromA(parent, "../plain/infra/secret.tf")).toEqual([
      "../plain/infra/secret.tf 1:10-1:49 audit-trail-missing aws_secretsmanager_secret.orders_db",
      "../plain/infra/secret.tf 1:10-1:49 secret-without-rotation aws_secretsmanager_secret.orders_db",
    ]);
  });
});

it("--diff-base: a file named is judged in its repository, its base in the repository at the base", () => {
  const repo = makeRepo({
    "infra/secret.tf": tfSecret("legacy_db", "prod/orders/db", "orders"),
    "infra/key.tf": tfKey("orders"),
    "rotation/main.tf": tfRotationOf("orders_db", "prod/orders/db"),
    "audit/trail.tf": TF_TRAIL,
  });
  git(repo, "init", "-q");
  commitAll(repo);
  // Renamed: a new resource, so a new fingerprint; its rotation, in a file the change does not touch, still applies.
  writeFileSync(
    join(repo, "infra/secret.tf"),
    `${tfSecret("orders_db", "prod/orders/db", "orders")}${tfSecret("orders_api", "prod/orders/api", "orders")}`,
  );
  const whole = json(cli([...SCAN_JSON, "--diff-base", "HEAD"], { cwd: repo }));
  const expected = ["infra/secret.tf 5:10-5:50 secret-without-rotation aws_secretsmanager_secret.orders_api"];
  expect(where(whole)).toEqual(expected);
  const named = json(cli([...SCAN_JSON, "--diff-base", "HEAD", "infra/secret.tf"], { cwd: repo }));
  expect(where(named)).toEqual(expected);
  expect(named.summary.filesScanned).toBe(1);
  expect(where(json(cli([...SCAN_JSON, "--diff-base", "HEAD", "secret.tf"], { cwd: join(repo, "infra") })))).toEqual([
    "secret.tf 5:10-5:50 secret-without-rotation aws_secretsmanager_secret.orders_api",
  ]);
});

it("--staged: what a whole scan leaves out is no context (ignored, third-party, install targets, configured excludes)", () => {
  const secrets = ["ignored", "vendored", "installed", "excluded"];
  const repo = makeRepo({
    "infra/secrets.tf": secrets.map((name) => tfSecret(name, `prod/${name}/db`, "secrets")).join("\n"),
    "infra/key.tf": tfKey("secrets"),
    "audit/trail.tf": TF_TRAIL,
    ".gitignore": "generated/\n",
    "generated/rotation.tf": tfRotationOf("ignored", "prod/ignored/db"),
    "modules/vendor/rotation.tf": tfRotationOf("vendored", "prod/vendored/db"),
    "layer/python/boto3-1.29.7.dist-info/METADATA": "Name: boto3\n",
    "layer/python/rotation.tf": tfRotationOf("installed", "prod/installed/db"),
    ".secretwardenrc.json": `${JSON.stringify({ exclude: ["old/"] })}\n`,
    "old/rotation.tf": tfRotationOf("excluded", "prod/excluded/db"),
  });
  git(repo, "init", "-q");
  git(repo, "add", "-A");
  // Tracked although ignored, as happens when the ignore rule came after the file.
  git(repo, "add", "-f", "generated/rotation.tf");
  git(repo, "commit", "-qm", "base");
  const rotationFindings = secrets.map((name, i) => {
    const line = 1 + i * 5;
    return `infra/secrets.tf ${line}:10-${line}:${40 + name.length} secret-without-rotation aws_secretsmanager_secret.${name}`;
  });
  expect(where({ findings: findingsIn(wholeScan(repo), "infra/secrets.tf") } as JsonReport)).toEqual(rotationFindings);
  writeFileSync(
    join(repo, "infra/secrets.tf"),
    `${secrets.map((name) => tfSecret(name, `prod/${name}/db`, "secrets")).join("\n")}# edited\n`,
  );
  git(repo, "add", "infra/secrets.tf");
  expect(where(json(cli([...SCAN_JSON, "--staged"], { cwd: repo })))).toEqual(rotationFindings);
});

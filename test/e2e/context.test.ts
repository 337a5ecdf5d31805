/**
 * The report set and its context: a file named on the command line or staged gets exactly the findings a scan of the
 * whole repository gives it, whatever other file its findings depend on (a rotation, a key policy, a role, a handler,
 * a trail, a policy loading a service elsewhere). The pre-commit framework's side is in pre-commit.test.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, git, json, SECRET_TEMPLATE, temporaryRepos, where } from "./cli.js";
import {
  committedRepos,
  CROSS_FILE_SETS,
  findingsIn,
  SCAN_JSON,
  trackedFiles,
  wholeScan,
  withOnlyStaged,
} from "./context-repos.js";

const repoOf = committedRepos();
const makeRepo = temporaryRepos("secretwarden-context-");

describe.each(CROSS_FILE_SETS)("each file of %s alone gives the whole scan's findings for it", (fixture) => {
  it("named on the command line, and (templates, policies and Terraform) staged alone", () => {
    const repo = repoOf(fixture);
    const whole = wholeScan(repo);
    expect(whole.findings.length).toBeGreaterThan(0);
    // Exit 2 for a file that only fails to parse (test/fixtures/project/infra/broken.yaml), as for any such file alone.
    const exitFor = (file: string) =>
      whole.errors.some((error) => error.file === file) && findingsIn(whole, file).length === 0 ? 2 : 0;
    // Of the examples, the templates and Terraform (the cross-file cases) and the handler a template could name: the
    // other source files link to nothing, and each run costs a process.
    const files = trackedFiles(repo).filter(
      (file) => fixture !== "examples" || /\.(ya?ml|json|tf)$|handler\.ts$/.test(file),
    );
    for (const file of files) {
      const named = cli([...SCAN_JSON, file], { cwd: repo });
      expect(named.status, named.stderr).toBe(exitFor(file));
      expect(json(named).findings, `${file} named`).toEqual(findingsIn(whole, file));
      // Application source links to nothing but the templates naming its handler: the fixtures' Python case is enough.
      if (!/\.(ya?ml|json|tf|py)$/.test(file) || file.startsWith("app/")) continue;
      const staged = withOnlyStaged(repo, file, () => cli([...SCAN_JSON, "--staged"], { cwd: repo }));
      expect(staged.status, staged.stderr).toBe(exitFor(file));
      expect(json(staged).findings, `${file} staged`).toEqual(findingsIn(whole, file));
    }
  }, 600_000);
});

describe("findings that depend on another file", () => {
  it("a Terraform resource policy is judged against the key policy of its secret's module elsewhere", () => {
    const repo = repoOf("test/fixtures/context/terraform");
    const report = json(cli([...SCAN_JSON, "infra/sharing/policy.tf"], { cwd: repo }));
    expect(report.findings.map(({ fingerprint: _, ...finding }) => finding)).toEqual([
      {
        ruleId: "cross-account-without-cmk",
        severity: "warning",
        message:
          "Secret aws_secretsmanager_secret.orders_api grants account 444455556666 access in resource policy aws_secretsmanager_secret_policy.orders_api, " +
          "but the grant cannot work: the key policy of its KMS key aws_kms_key.orders gives account 444455556666 no kms:Decrypt. Allow it in the key " +
          "policy, limited to Secrets Manager with kms:ViaService.",
        file: "infra/sharing/policy.tf",
        line: 8,
        column: 27,
        endLine: 8,
        endColumn: 59,
        resource: "aws_secretsmanager_secret_policy.orders_api",
        helpUri: "https://github.com/secretwarden/secretwarden/blob/main/src/rules/cross-account-without-cmk/README.md",
      },
    ]);
    expect(report.summary.filesScanned).toBe(1);
    // Without context the policy names a secret the scan does not know: nothing to say.
    expect(json(cli([...SCAN_JSON, "--no-context", "infra/sharing/policy.tf"], { cwd: repo })).findings).toEqual([]);
  });

  it("a Terraform secret rotated in its module folder and by name in another module has no rotation finding, and the audit note stays at the repository's first secret", () => {
    const repo = repoOf("test/fixtures/context/terraform");
    expect(where(json(cli([...SCAN_JSON, "infra/secrets/main.tf"], { cwd: repo })))).toEqual([]);
    expect(where(json(cli([...SCAN_JSON, "--no-context", "infra/secrets/main.tf"], { cwd: repo })))).toEqual([
      "infra/secrets/main.tf 16:10-16:49 audit-trail-missing aws_secretsmanager_secret.orders_db",
      "infra/secrets/main.tf 16:10-16:49 secret-without-rotation aws_secretsmanager_secret.orders_db",
      "infra/secrets/main.tf 21:10-21:50 secret-without-rotation aws_secretsmanager_secret.orders_api",
    ]);
    const cache = json(cli([...SCAN_JSON, "infra/app/cache.tf"], { cwd: repo }));
    expect(where(cache)).toEqual([
      "infra/app/cache.tf 1:10-1:51 audit-trail-missing aws_secretsmanager_secret.cache_token",
      "infra/app/cache.tf 1:10-1:51 secret-without-rotation aws_secretsmanager_secret.cache_token",
    ]);
    // The note counts the repository's secrets, not the file's.
    expect(cache.findings[0]?.message).toMatch(
      /^The scanned project defines 3 secrets \(the first is aws_secretsmanager_secret\.cache_token\)/,
    );
  });

  it("a CloudFormation secret rotated in another template, in a repository with a trail", () => {
    const repo = repoOf("test/fixtures/context/cloudformation");
    expect(where(json(cli([...SCAN_JSON, "stacks/secrets.yaml"], { cwd: repo })))).toEqual([
      "stacks/secrets.yaml 21:3-21:19 secret-without-rotation PaymentsDbSecret",
    ]);
    expect(where(json(cli([...SCAN_JSON, "--no-context", "stacks/secrets.yaml"], { cwd: repo })))).toEqual([
      "stacks/secrets.yaml 16:3-16:20 audit-trail-missing PaymentsApiSecret",
      "stacks/secrets.yaml 16:3-16:20 secret-without-rotation PaymentsApiSecret",
      "stacks/secrets.yaml 21:3-21:19 secret-without-rotation PaymentsDbSecret",
    ]);
    expect(where(json(cli([...SCAN_JSON, "stacks/sharing.yaml"], { cwd: repo })))).toEqual([
      "stacks/sharing.yaml 13:20-13:50 cross-account-without-cmk PaymentsApiSharing",
    ]);
  });

  it("an unknown action's suggestion comes from the services the repository's policies load, and a handler from the template naming it", () => {
    const repo = repoOf("test/fixtures/context/cloudformation");
    const [unknown] = json(cli([...SCAN_JSON, "policies/report-reader.json"], { cwd: repo })).findings;
    expect(unknown?.message).toBe(
      "Action secretsmanager:GetBucketPolicy of policy document policies/report-reader.json is not an action of secretsmanager " +
        "(did you mean s3:GetBucketPolicy?); it allows nothing.",
    );
    const [alone] = json(cli([...SCAN_JSON, "--no-context", "policies/report-reader.json"], { cwd: repo })).findings;
    expect(alone?.message).toBe(
      "Action secretsmanager:GetBucketPolicy of policy document policies/report-reader.json is not an action of secretsmanager; it allows nothing.",
    );
    const handler = json(cli([...SCAN_JSON, "src/payments.py"], { cwd: repo }));
    expect(where(handler)).toEqual(["src/payments.py 7:13-7:66 secret-fetch-without-cache -"]);
    expect(handler.findings[0]?.message).toMatch(
      /^Lambda handler main \(function PaymentsFunction\) calls get_secret_value on every invocation/,
    );
    expect(json(cli([...SCAN_JSON, "--no-context", "src/payments.py"], { cwd: repo })).findings).toEqual([]);
  });

  it("a folder given is a project of its own, as before", () => {
    const repo = repoOf("test/fixtures/context/terraform");
    expect(where(json(cli([...SCAN_JSON, "infra/secrets"], { cwd: repo })))).toEqual([
      "infra/secrets/main.tf 16:10-16:49 audit-trail-missing aws_secretsmanager_secret.orders_db",
      "infra/secrets/main.tf 21:10-21:50 secret-without-rotation aws_secretsmanager_secret.orders_api",
    ]);
  });
});

/** A secret, and a template rotating the secret of a name, for the tests of what `--staged` reads. */
const API_SECRET = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ApiSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/api
`;
const apiRotation = (secretName: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ApiRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: arn:aws:secretsmanager:eu-west-1:111122223333:secret:${secretName}
      RotationLambdaARN: arn:aws:lambda:eu-west-1:111122223333:function:rotate
      RotationRules:
        AutomaticallyAfterDays: 30
`;

describe("--staged", () => {
  it("run from a subfolder scans the staged files of the whole repository", () => {
    const repo = makeRepo({ "infra/app.yaml": SECRET_TEMPLATE, "docs/readme.md": "# docs\n" });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    const run = cli([...SCAN_JSON, "--staged"], { cwd: join(repo, "docs") });
    expect(run.status, run.stderr).toBe(0);
    const report = json(run);
    expect(report.summary.filesScanned).toBe(2);
    expect(where(report)).toEqual([
      "../infra/app.yaml 3:3-3:12 audit-trail-missing AppSecret",
      "../infra/app.yaml 3:3-3:12 secret-aws-managed-key AppSecret",
      "../infra/app.yaml 3:3-3:12 secret-without-rotation AppSecret",
    ]);
    // A path given still narrows it, relative to the current folder.
    expect(json(cli([...SCAN_JSON, "--staged", "."], { cwd: join(repo, "docs") })).summary.filesScanned).toBe(1);
  });

  it("run from a subfolder gives the audit note to the file a run from the root gives it to", () => {
    // From `infra/`, the other folder's file is `../other/b.yaml`, which sorts before `a.yaml` as a string: the note
    // belongs to the repository's first secret (infra/a.yaml), not to the first path as the subfolder spells it.
    const repo = makeRepo({
      "infra/a.yaml": SECRET_TEMPLATE.replace("AppSecret", "SecretA"),
      "other/b.yaml": SECRET_TEMPLATE.replace("AppSecret", "SecretB"),
    });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
    const notes = (report: ReturnType<typeof json>) => where(report).filter((w) => w.includes("audit-trail-missing"));
    expect(notes(json(cli(SCAN_JSON, { cwd: repo })))).toEqual(["infra/a.yaml 3:3-3:10 audit-trail-missing SecretA"]);
    const infra = join(repo, "infra");
    for (const [staged, expected] of [
      ["infra/a.yaml", ["a.yaml 3:3-3:10 audit-trail-missing SecretX"]],
      ["other/b.yaml", []],
    ] as const) {
      writeFileSync(join(repo, staged), `${SECRET_TEMPLATE.replace("AppSecret", "SecretX")}# edited\n`);
      git(repo, "add", staged);
      expect(notes(json(cli([...SCAN_JSON, "--staged"], { cwd: infra }))), `${staged} staged`).toEqual(expected);
      expect(notes(json(cli([...SCAN_JSON, join("..", staged)], { cwd: infra }))), `${staged} named`).toEqual(expected);
      git(repo, "reset", "-q", "--hard");
    }
  });

  it("reads the context as staged: a context file with unstaged edits counts as the index holds it", () => {
    const secret = API_SECRET;
    const rotation = apiRotation("prod/orders/api");
    const repo = makeRepo({ "infra/secret.yaml": secret, "infra/rotation.yaml": rotation });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
    const rotationFindings = () =>
      where(json(cli([...SCAN_JSON, "--staged"], { cwd: repo }))).filter((w) => w.includes("secret-without-rotation"));
    writeFileSync(join(repo, "infra/secret.yaml"), `${secret}# edited\n`);
    git(repo, "add", "infra/secret.yaml");
    // The rotation, unchanged in the work tree (read from the disk), rotates the secret.
    expect(rotationFindings()).toEqual([]);
    // Deleted in the work tree only: the index still holds it, so the commit still rotates the secret.
    writeFileSync(join(repo, "infra/rotation.yaml"), "# about to go\n");
    expect(rotationFindings()).toEqual([]);
    // Staged as deleted (its work tree copy unchanged meanwhile): the commit leaves the secret without rotation.
    git(repo, "rm", "-q", "--cached", "infra/rotation.yaml");
    writeFileSync(join(repo, "infra/rotation.yaml"), rotation);
    expect(rotationFindings()).toEqual(["infra/secret.yaml 3:3-3:12 secret-without-rotation ApiSecret"]);
  });

  it("reads the context git's search cannot judge: UTF-16 text, files git does not compare, a git without the search", () => {
    const secret = API_SECRET;
    const rotation = apiRotation;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rotation("prod/orders/api"), "utf16le")]);
    const repo = makeRepo({ "infra/secret.yaml": secret, "rotations/api.yaml": "" });
    writeFileSync(join(repo, "rotations/api.yaml"), utf16);
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
    const rotationFindings = (env: Record<string, string> = {}) =>
      where(json(cli([...SCAN_JSON, "--staged"], { cwd: repo, env }))).filter((w) =>
        w.includes("secret-without-rotation"),
      );
    writeFileSync(join(repo, "infra/secret.yaml"), `${secret}# edited\n`);
    git(repo, "add", "infra/secret.yaml");
    // Its bytes hold no "prod/orders/api" (every other byte is a NUL): read all the same.
    expect(rotationFindings()).toEqual([]);
    // Committed as UTF-8 and marked assume-unchanged, with another secret's rotation on the disk: git calls the file
    // unchanged without looking, and the index is what the commit holds.
    const commitRotation = (secretName: string) => {
      writeFileSync(join(repo, "rotations/api.yaml"), rotation(secretName));
      git(repo, "add", "rotations/api.yaml");
      git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        secretName,
        "rotations/api.yaml",
      );
    };
    commitRotation("prod/orders/api");
    git(repo, "update-index", "--assume-unchanged", "rotations/api.yaml");
    writeFileSync(join(repo, "rotations/api.yaml"), rotation("prod/orders/other"));
    expect(rotationFindings()).toEqual([]);
    git(repo, "update-index", "--no-assume-unchanged", "rotations/api.yaml");
    expect(rotationFindings()).toEqual([]);
    commitRotation("prod/orders/other");
    expect(rotationFindings()).toEqual(["infra/secret.yaml 3:3-3:12 secret-without-rotation ApiSecret"]);
    // A git whose search fails (here: a setting it rejects): every file is read instead, with the same answers.
    const broken = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "grep.threads", GIT_CONFIG_VALUE_0: "many" };
    expect(rotationFindings(broken)).toEqual(["infra/secret.yaml 3:3-3:12 secret-without-rotation ApiSecret"]);
    commitRotation("prod/orders/api");
    expect(rotationFindings(broken)).toEqual([]);
  });

  it("reads files whose names hold a newline, a tab or a quote, and the files after them", () => {
    const names = ['a"quoted".yaml', "b\ttab.yaml", "c\nnewline.yaml", "d-plain.yaml"];
    const repo = makeRepo({});
    git(repo, "init", "-q");
    for (const name of names)
      writeFileSync(join(repo, name), SECRET_TEMPLATE.replace("AppSecret", `Secret${name[0]?.toUpperCase()}`));
    mkdirSync(join(repo, "z"));
    git(repo, "add", "-A");
    const report = json(cli([...SCAN_JSON, "--staged"], { cwd: repo }));
    expect(report.errors).toEqual([]);
    expect(report.summary.filesScanned).toBe(4);
    expect(
      report.findings.filter((f) => f.ruleId === "secret-without-rotation").map((f) => [f.file, f.resource]),
    ).toEqual([
      ['a"quoted".yaml', "SecretA"],
      ["b\ttab.yaml", "SecretB"],
      ["c\nnewline.yaml", "SecretC"],
      ["d-plain.yaml", "SecretD"],
    ]);
  });
});

it("--help says how context is chosen", () => {
  const help = cli(["--help"]).stdout;
  expect(help).toContain("--no-context                        judge files named or staged on their own:");
  expect(help).toContain("A folder given is its own project");
});

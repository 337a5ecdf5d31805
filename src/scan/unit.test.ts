import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import { ruleSettings } from "../engine/config.js";
import { analyseUnit, groupUnits, readUnit, reviveResult, unitContext, type UnitSource } from "./unit.js";
import { scan } from "./scan.js";
import { TEXT_FALLBACK_NOTE } from "./text-fallback.js";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: admin
      MasterUserPassword: "Xk9mQ2vL7pR4wZt8"
  AppSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: app/secret-1
`;

const TERRAFORM_MAIN = `resource "aws_secretsmanager_secret" "db" {
  name = "prod/db"
}
`;
const TERRAFORM_ROTATION = `resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"
  rotation_rules {
    automatically_after_days = 30
  }
}
`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sw-unit-"));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const source = (path: string, text = ""): UnitSource => ({ path, absolutePath: `/x/${path}`, explicit: false, text });

describe("groupUnits", () => {
  it("puts the Terraform files of one folder in one unit, every other file in its own, in path order", () => {
    const units = groupUnits(
      ["a.yaml", "infra/main.tf", "infra/rotation.tf.json", "infra/z.yaml", "main.tf", "other/main.tf"].map((p) =>
        source(p),
      ),
    );
    expect(units.map((u) => u.sources.map((s) => s.path))).toEqual([
      ["a.yaml"],
      ["infra/main.tf", "infra/rotation.tf.json"],
      ["infra/z.yaml"],
      ["main.tf"],
      ["other/main.tf"],
    ]);
  });
});

describe("analyseUnit", () => {
  const context = unitContext({ config: {}, maxFileSize: 1 << 20, maxFileSeconds: 0 }, RULES, ruleSettings(RULES, {}));

  it("runs the rules of scope file only, and keeps detached entities that locate after a structured clone", async () => {
    const [unit] = groupUnits([source("t.yaml", TEMPLATE)]);
    const result = await analyseUnit(await readUnit(unit!, 1 << 20), context);
    expect(result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)).toEqual([
      "database-password-unmanaged 7:27",
      "hardcoded-credential 7:27",
      "secret-aws-managed-key 8:3",
      "secret-naming-convention 11:13",
    ]);
    const secret = result.entities.find((e) => e.kind === "secret");
    expect(() => secret?.file.text).toThrow("the text of t.yaml was released after its per-file rules ran");

    // What a worker thread sends: plain data, the files' prototype restored from `files`.
    const copy = reviveResult(structuredClone(result));
    const cloned = copy.entities.find((e) => e.kind === "secret");
    expect(cloned?.file.span(cloned.node)).toEqual({ start: { line: 8, column: 3 }, end: { line: 8, column: 12 } });
    expect(copy.files.map((f) => f.path)).toEqual(["t.yaml"]);
    expect(copy.findings).toEqual(result.findings);
  });

  it("builds a Terraform module from all the files of its folder", async () => {
    const [unit] = groupUnits([
      source("infra/main.tf", TERRAFORM_MAIN),
      source("infra/rotation.tf", TERRAFORM_ROTATION),
    ]);
    const result = await analyseUnit(await readUnit(unit!, 1 << 20), context);
    expect(result.filesScanned).toBe(2);
    expect(result.entities.map((e) => `${e.kind} ${e.resource} ${e.file.path}`)).toEqual([
      "secret aws_secretsmanager_secret.db infra/main.tf",
      "rotation-schedule aws_secretsmanager_secret_rotation.db infra/rotation.tf",
    ]);
  });

  it("takes the inline suppressions of a file while its text is at hand", async () => {
    const text = TEMPLATE.replace(
      '      MasterUserPassword: "Xk9mQ2vL7pR4wZt8"',
      '      MasterUserPassword: "Xk9mQ2vL7pR4wZt8" # secretwarden-ignore hardcoded-credential: test value',
    );
    const [unit] = groupUnits([source("t.yaml", text)]);
    const result = await analyseUnit(await readUnit(unit!, 1 << 20), context);
    expect(
      result.inline.map((d) => ({ file: d.file, target: d.target, rules: d.rules.map((r) => r.id), reason: d.reason })),
    ).toEqual([{ file: "t.yaml", target: 7, rules: ["hardcoded-credential"], reason: "test value" }]);
  });
});

describe("the entities kept for the project level", () => {
  const KEPT = `Parameters:
  DbPassword:
    Type: String
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      ManageMasterUserPassword: true
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action: kms:*
            Resource: "*"
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      KmsKeyId: !Ref Key
  SecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Secret
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::444455556666:root }
            Action: secretsmanager:GetSecretValue
            Resource: "*"
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]
            Resource: !Ref Secret
  Typo:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: secretsmanager:GetSecretVaule
            Resource: !Ref Secret
`;
  const kinds = async (settings: { keepAllEntities?: boolean }) => {
    const ctx = unitContext(
      { config: {}, maxFileSize: 1 << 20, maxFileSeconds: 0, ...settings },
      RULES,
      ruleSettings(RULES, {}),
    );
    const [unit] = groupUnits([source("t.yaml", KEPT)]);
    const result = await analyseUnit(await readUnit(unit!, 1 << 20), ctx);
    return result.entities.map((e) => `${e.kind} ${e.resource}${e.kind === "policy" ? ` ${e.policyType}` : ""}`);
  };

  it("are those a rule of scope project needs: secrets, keys, their policies, and policies with an action the catalogue does not know", async () => {
    expect(await kinds({})).toEqual([
      "kms-key Key",
      "policy Key key-policy",
      "secret Secret",
      "policy SecretPolicy secret-resource-policy",
      "policy Typo identity",
    ]);
  });

  it("are all of them for access and inventory (keepAllEntities)", async () => {
    expect(await kinds({ keepAllEntities: true })).toEqual([
      "parameter DbPassword",
      "database Db",
      "kms-key Key",
      "policy Key key-policy",
      "secret Secret",
      "policy SecretPolicy secret-resource-policy",
      "policy Reader identity",
      "policy Typo identity",
    ]);
  });

  it("give the same findings as keeping every entity, over the examples and the test fixtures", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const paths = ["examples", "test/fixtures"];
    const kept = await scan({ cwd: root, paths });
    const all = await scan({ cwd: root, paths, onProject: () => undefined });
    expect(kept.findings.length).toBeGreaterThan(50);
    expect(new Set(kept.findings.map((f) => f.ruleId))).toContain("policy-unknown-action");
    expect(kept.findings).toEqual(all.findings);
    expect(kept.suppressed).toEqual(all.suppressed);
  });

  it("give the same findings as keeping every entity for a cross-account grant on a key whose policy lacks kms:Decrypt", async () => {
    const dir = tree({ "t.yaml": KEPT });
    const kept = await scan({ cwd: dir });
    const all = await scan({ cwd: dir, onProject: () => undefined });
    expect(kept.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)).toEqual(
      all.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`),
    );
    expect(kept.findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(["cross-account-without-cmk", "policy-unknown-action", "secret-without-rotation"]),
    );
    expect(kept.findings).toEqual(all.findings);
  });
});

describe("scan, unit by unit", () => {
  it("links across files at project level: a rotation in another template, the audit trail of the whole project", async () => {
    const dir = tree({
      "a.yaml": TEMPLATE,
      "b.yaml": `Resources:
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: app/secret-1
      RotationLambdaARN: arn:aws:lambda:eu-west-1:111122223333:function:rotate
      RotationRules:
        AutomaticallyAfterDays: 30
`,
    });
    const result = await scan({ cwd: dir });
    expect(result.findings.map((f) => `${f.file} ${f.ruleId} ${f.line}:${f.column}`)).toEqual([
      "a.yaml database-password-unmanaged 7:27",
      "a.yaml hardcoded-credential 7:27",
      "a.yaml audit-trail-missing 8:3",
      "a.yaml secret-aws-managed-key 8:3",
      "a.yaml secret-naming-convention 11:13",
    ]);
  });

  it("on the main thread, checks the time budget once a file is done: over it, the file is an error entry and the others are reported", async () => {
    const dir = tree({ "a.yaml": TEMPLATE, "b.yaml": TEMPLATE });
    const result = await scan({ cwd: dir, config: { maxFileSeconds: 1e-9 } });
    expect(result.errors).toEqual([
      { file: "a.yaml", message: `not scanned: took longer than 1e-9 s (maxFileSeconds); ${TEXT_FALLBACK_NOTE}` },
      { file: "b.yaml", message: `not scanned: took longer than 1e-9 s (maxFileSeconds); ${TEXT_FALLBACK_NOTE}` },
    ]);
    // The project-level rules see no entity of a file that was not scanned (no secret-without-rotation); the text-level
    // search still finds each file's password, at its line.
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual([
      "hardcoded-credential a.yaml:7:27",
      "hardcoded-credential b.yaml:7:27",
    ]);
    // Files over budget are not "scanned" (issue 16): they are counted as failed.
    expect([result.filesScanned, result.filesFailed]).toEqual([0, 2]);
  });
});

describe("scan, when no worker thread can start", () => {
  it("scans everything on the main thread (here the worker's entry is not compiled: vitest runs the sources)", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 205 }, (_, i) => [`s${String(i).padStart(3, "0")}.yaml`, TEMPLATE]),
    );
    const result = await scan({ cwd: tree(files), jobs: 2 });
    expect(result.errors).toEqual([]);
    expect(result.filesScanned).toBe(205);
    expect(result.findings.filter((f) => f.ruleId === "hardcoded-credential").map((f) => f.file)).toEqual(
      Object.keys(files),
    );
    expect(result.findings.filter((f) => f.ruleId === "secret-without-rotation")).toHaveLength(205);
  });
});

describe("scan, project-level rules over the summaries of source files", () => {
  it("links a template's Lambda handler to the function of a source file in another unit", async () => {
    const dir = tree({
      "services/orders/template.yaml": [
        "Transform: AWS::Serverless-2016-10-31",
        "Resources:",
        "  OrdersFunction:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Runtime: python3.12",
        "      CodeUri: functions/orders/",
        "      Handler: src/app.process_order",
        "",
      ].join("\n"),
      "services/orders/functions/orders/src/app.py": [
        "import boto3",
        'client = boto3.client("secretsmanager")',
        "def process_order(evt, ctx):",
        '    db = client.get_secret_value(SecretId="prod/orders/db")["SecretString"]',
        "    return submit(evt, db)",
        "",
      ].join("\n"),
    });
    const result = await scan({ cwd: dir });
    expect(
      result.findings
        .filter((f) => f.ruleId === "secret-fetch-without-cache")
        .map((f) => `${f.file} ${f.line}:${f.column}`),
    ).toEqual(["services/orders/functions/orders/src/app.py 4:10"]);
  });
});

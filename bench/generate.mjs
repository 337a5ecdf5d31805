#!/usr/bin/env node
// Reproducible synthetic repositories for the benchmarks: a fixed seed gives byte-identical trees. The mix follows a
// typical service monorepo: CloudFormation (YAML and JSON), Terraform, standalone IAM policies, JS/TS/Python/Go
// source, config files (Kubernetes, package.json, tsconfig), dotenv files, and large vendored-looking files that fill
// the tree up to a byte target. A few fake credentials (made-up AWS key ids, passwords) are sprinkled so that every
// tool has something to find.
//
//   node bench/generate.mjs <dir> --files 10000 [--bytes 200000000] [--seed 42]
//
// As a module: `generate(dir, { files, bytes, seed })` returns { files, bytes } actually written.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** mulberry32: small, fast, and good enough to pick shapes; the seed fixes every byte of the tree. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chars = (alphabet, n) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  return { next, int, pick, chars };
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64 = `${ALNUM}+/`;
const WORDS = [
  "orders",
  "payments",
  "billing",
  "users",
  "catalog",
  "search",
  "auth",
  "reports",
  "ledger",
  "inventory",
  "shipping",
  "notify",
  "audit",
  "gateway",
  "media",
];
const PARTS = ["api", "db", "cache", "queue", "worker", "stream", "token", "client", "service", "store"];

function name(r) {
  return `${r.pick(WORDS)}-${r.pick(PARTS)}`;
}
function pascal(s) {
  return s.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase());
}
/** A made-up access key id: AKIA + 16 of [A-Z2-7], never the documentation's example. */
function fakeKeyId(r) {
  return `AKIA${r.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
}
function fakeSecretKey(r) {
  return r.chars(B64, 40);
}
function fakePassword(r) {
  return `${r.chars(ALNUM, 10)}!${r.int(10, 99)}${r.chars(ALNUM, 4)}`;
}

// ---------------------------------------------------------------------------------------------
// File kinds: each returns [relative path, text]

function cfnYaml(r, i) {
  const svc = name(r);
  const id = pascal(svc);
  const resources = [];
  const count = r.int(2, 12);
  for (let k = 0; k < count; k++) {
    const kind = r.int(0, 5);
    if (kind === 0) {
      resources.push(`  ${id}Secret${k}:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/${svc}/secret${k}
      Description: Credentials for ${svc}
${r.next() < 0.5 ? `      KmsKeyId: !Ref ${id}Key${k}\n` : ""}      GenerateSecretString:
        SecretStringTemplate: '{"username": "admin"}'
        GenerateStringKey: password
        PasswordLength: ${r.int(16, 64)}`);
    } else if (kind === 1) {
      resources.push(`  ${id}Key${k}:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: ${r.next() < 0.7}
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"`);
    } else if (kind === 2) {
      resources.push(`  ${id}Function${k}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt ${id}Role${k}.Arn
      Code:
        S3Bucket: artifacts-${r.int(1000, 9999)}
        S3Key: ${svc}/${r.chars(ALNUM, 12)}.zip
      Environment:
        Variables:
          TABLE_NAME: ${svc}-table
          LOG_LEVEL: info
${r.next() < 0.1 ? `          API_PASSWORD: ${fakePassword(r)}\n` : ""}          SECRET_ARN: !Ref ${id}Secret${k}`);
    } else if (kind === 3) {
      resources.push(`  ${id}Role${k}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read-${svc}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]
                Resource: ${r.next() < 0.3 ? '"*"' : `!Ref ${id}Secret${k}`}`);
    } else if (kind === 4) {
      resources.push(`  ${id}Rotation${k}:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref ${id}Secret${k}
      RotationRules:
        AutomaticallyAfterDays: ${r.pick([30, 45, 90, 120])}`);
    } else {
      resources.push(`  ${id}Db${k}:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      MasterUsername: admin
      ${r.next() < 0.3 ? `MasterUserPassword: ${fakePassword(r)}` : "ManageMasterUserPassword: true"}`);
    }
  }
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Description: ${svc} stack ${i}
Parameters:
  Environment:
    Type: String
    Default: prod
Resources:
${resources.join("\n")}
Outputs:
  Name:
    Value: !Sub "\${AWS::StackName}-${svc}"
`;
  return [`services/${svc}/infra/stack-${i}.yaml`, text];
}

function cfnJson(r, i) {
  const svc = name(r);
  const id = pascal(svc);
  const resources = {};
  for (let k = 0; k < r.int(2, 10); k++) {
    resources[`${id}Secret${k}`] = {
      Type: "AWS::SecretsManager::Secret",
      Properties: { Name: `prod/${svc}/s${k}`, ...(r.next() < 0.5 ? { KmsKeyId: { Ref: `${id}Key` } } : {}) },
    };
    resources[`${id}Param${k}`] = {
      Type: "AWS::SSM::Parameter",
      Properties: {
        Name: `/${svc}/config/${k}`,
        Type: "String",
        Value: r.next() < 0.05 ? fakeKeyId(r) : `value-${r.chars(ALNUM, 8)}`,
      },
    };
  }
  resources[`${id}Key`] = { Type: "AWS::KMS::Key", Properties: { EnableKeyRotation: true } };
  return [
    `services/${svc}/infra/stack-${i}.json`,
    `${JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", Resources: resources }, null, 2)}\n`,
  ];
}

function terraform(r, i) {
  const svc = name(r);
  const snake = svc.replace(/-/g, "_");
  const blocks = [];
  for (let k = 0; k < r.int(2, 10); k++) {
    const kind = r.int(0, 3);
    if (kind === 0) {
      blocks.push(`resource "aws_secretsmanager_secret" "${snake}_${k}" {
  name       = "prod/${svc}/secret${k}"
  kms_key_id = ${r.next() < 0.5 ? `aws_kms_key.${snake}.arn` : "null"}
  tags = {
    team    = "${r.pick(WORDS)}"
    service = "${svc}"
  }
}`);
    } else if (kind === 1) {
      blocks.push(`resource "aws_secretsmanager_secret_rotation" "${snake}_${k}" {
  secret_id           = aws_secretsmanager_secret.${snake}_${k}.id
  rotation_lambda_arn = var.rotation_lambda_arn
  rotation_rules {
    automatically_after_days = ${r.pick([30, 60, 90])}
  }
}`);
    } else if (kind === 2) {
      blocks.push(`resource "aws_db_instance" "${snake}_${k}" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  username       = "admin"
  ${r.next() < 0.2 ? `password       = "${fakePassword(r)}"` : "manage_master_user_password = true"}
}`);
    } else {
      blocks.push(`data "aws_iam_policy_document" "${snake}_${k}" {
  statement {
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.${snake}_${k}.arn]
  }
}`);
    }
  }
  blocks.push(`resource "aws_kms_key" "${snake}" {
  enable_key_rotation = true
}

variable "rotation_lambda_arn" {
  type = string
}`);
  return [`terraform/${svc}/main-${i}.tf`, `${blocks.join("\n\n")}\n`];
}

function policy(r, i) {
  const statements = [];
  for (let k = 0; k < r.int(1, 5); k++) {
    statements.push({
      Sid: `S${k}`,
      Effect: r.next() < 0.9 ? "Allow" : "Deny",
      Action: r.next() < 0.2 ? "secretsmanager:*" : ["secretsmanager:GetSecretValue", "kms:Decrypt"],
      Resource: r.next() < 0.2 ? "*" : `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name(r)}-*`,
    });
  }
  return [
    `policies/${name(r)}-${i}.json`,
    `${JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2)}\n`,
  ];
}

function jsSource(r, i, ts) {
  const svc = name(r);
  const lines = [
    `// ${svc} handler`,
    ts ? `import type { Context } from "aws-lambda";` : `"use strict";`,
    `import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";`,
    "",
  ];
  lines.push(`const client = new SecretsManagerClient({ region: process.env.AWS_REGION ?? "us-east-1" });`);
  if (r.next() < 0.04)
    lines.push(`const accessKeyId = "${fakeKeyId(r)}";`, `const secretAccessKey = "${fakeSecretKey(r)}";`);
  for (let k = 0; k < r.int(3, 40); k++) {
    lines.push(
      `export async function handle${pascal(r.pick(WORDS))}${k}(event${ts ? ": Record<string, unknown>" : ""}) {`,
      `  const secret = await client.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ARN }));`,
      `  const items = (event.items ?? []).filter((x) => x.id !== ${r.int(0, 1000)}).map((x) => ({ ...x, seen: Date.now() }));`,
      `  if (items.length > ${r.int(1, 50)}) console.log("too many items for ${svc}", items.length);`,
      `  return { statusCode: 200, body: JSON.stringify({ count: items.length, version: "${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 99)}" }) };`,
      `}`,
      "",
    );
  }
  return [`services/${svc}/src/handler-${i}.${ts ? "ts" : "js"}`, lines.join("\n")];
}

function pySource(r, i) {
  const svc = name(r);
  const lines = [
    `"""${svc} worker."""`,
    "import json",
    "import os",
    "",
    "import boto3",
    "",
    `client = boto3.client("secretsmanager")`,
    "",
  ];
  if (r.next() < 0.04) lines.push(`DB_PASSWORD = "${fakePassword(r)}"`, "");
  for (let k = 0; k < r.int(3, 30); k++) {
    lines.push(
      `def process_${r.pick(WORDS)}_${k}(event, context):`,
      `    secret = client.get_secret_value(SecretId=os.environ["SECRET_ARN"])`,
      `    items = [x for x in event.get("items", []) if x.get("id") != ${r.int(0, 1000)}]`,
      `    return {"statusCode": 200, "body": json.dumps({"count": len(items)})}`,
      "",
    );
  }
  return [`services/${svc}/worker/job_${i}.py`, lines.join("\n")];
}

function goSource(r, i) {
  const svc = name(r).replace(/-/g, "");
  const lines = [
    `package ${svc}`,
    "",
    "import (",
    `\t"context"`,
    `\t"fmt"`,
    "",
    `\t"github.com/aws/aws-sdk-go-v2/service/secretsmanager"`,
    ")",
    "",
  ];
  if (r.next() < 0.04) lines.push(`const awsKeyID = "${fakeKeyId(r)}"`, "");
  for (let k = 0; k < r.int(3, 30); k++) {
    lines.push(
      `func Fetch${k}(ctx context.Context, c *secretsmanager.Client, id string) (string, error) {`,
      `\tout, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: &id})`,
      `\tif err != nil {`,
      `\t\treturn "", fmt.Errorf("fetch %s: %w", id, err)`,
      `\t}`,
      `\treturn *out.SecretString, nil`,
      `}`,
      "",
    );
  }
  return [`go/${svc}/fetch_${i}.go`, lines.join("\n")];
}

function config(r, i) {
  const svc = name(r);
  const kind = r.int(0, 2);
  if (kind === 0) {
    return [
      `deploy/${svc}/deployment-${i}.yaml`,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${svc}
  labels:
    app: ${svc}
spec:
  replicas: ${r.int(1, 5)}
  template:
    spec:
      containers:
        - name: ${svc}
          image: registry.example.com/${svc}:${r.int(1, 9)}.${r.int(0, 9)}
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_HOST
              value: ${svc}.internal
`,
    ];
  }
  if (kind === 1) {
    return [
      `services/${svc}/package-${i}.json`,
      `${JSON.stringify(
        {
          name: svc,
          version: `1.${r.int(0, 9)}.0`,
          scripts: { build: "tsc", test: "vitest run" },
          dependencies: { "@aws-sdk/client-secrets-manager": "^3.600.0" },
        },
        null,
        2,
      )}\n`,
    ];
  }
  return [
    `services/${svc}/tsconfig-${i}.json`,
    `${JSON.stringify(
      { compilerOptions: { target: "ES2022", module: "NodeNext", strict: true, outDir: "dist" } },
      null,
      2,
    )}\n`,
  ];
}

function dotenv(r, i) {
  const svc = name(r);
  const lines = [`# ${svc}`, `APP_NAME=${svc}`, `PORT=${r.int(3000, 9000)}`, `DB_HOST=${svc}.internal`];
  lines.push(r.next() < 0.3 ? `DB_PASSWORD=${fakePassword(r)}` : "DB_PASSWORD=changeme");
  if (r.next() < 0.1) lines.push(`AWS_ACCESS_KEY_ID=${fakeKeyId(r)}`, `AWS_SECRET_ACCESS_KEY=${fakeSecretKey(r)}`);
  return [`services/${svc}/.env.${r.pick(["dev", "test", "local"])}${i}`, `${lines.join("\n")}\n`];
}

/**
 * A minified-looking bundle or a data dump, about `size` bytes. Under `vendor/` (and named `.min.js`) the scan skips
 * them as third-party; elsewhere (`data/`, a built `bundle.js`) they are read like any checked-in data.
 */
function vendored(r, i, size, base = "vendor") {
  const third = base === "vendor";
  const kind = r.int(0, 2);
  if (kind === 0) {
    const chunk = `function(e,t,n){"use strict";var r=n(${r.int(1, 999)}),o=n(${r.int(1, 999)});e.exports=function(e){return r(e)&&o(e)?e.map(function(t){return t*${r.int(2, 9)}}):null}},`;
    return [
      third ? `vendor/lib-${i}/bundle.min.js` : `${base}/lib-${i}/bundle.js`,
      `!function(e){var t={};${chunk.repeat(Math.max(1, Math.floor(size / chunk.length)))}}([]);\n`,
    ];
  }
  if (kind === 1) {
    const rows = [];
    let bytes = 0;
    for (let k = 0; bytes < size; k++) {
      const row = JSON.stringify({
        id: k,
        name: `${r.pick(WORDS)}-${k}`,
        tags: [r.pick(PARTS), r.pick(PARTS)],
        score: r.int(0, 1e6),
      });
      rows.push(row);
      bytes += row.length + 2;
    }
    return [`${base}/data-${i}/dump.json`, `[\n${rows.join(",\n")}\n]\n`];
  }
  const lines = [];
  let bytes = 0;
  for (let k = 0; bytes < size; k++) {
    const line = `  - id: ${k}\n    name: ${r.pick(WORDS)}-${k}\n    owner: ${r.pick(PARTS)}\n`;
    lines.push(line);
    bytes += line.length;
  }
  return [`${base}/fixtures-${i}/catalog.yaml`, `items:\n${lines.join("")}`];
}

/** The share of each kind among the small files; vendored files come on top, to reach the byte target. */
const MIX = [
  [0.14, cfnYaml],
  [0.05, cfnJson],
  [0.14, terraform],
  [0.05, policy],
  [0.16, (r, i) => jsSource(r, i, false)],
  [0.12, (r, i) => jsSource(r, i, true)],
  [0.11, pySource],
  [0.08, goSource],
  [0.1, config],
  [0.05, dotenv],
];

/**
 * Writes a tree of `files` files (at least one) into `dir`. With `bytes`, large data files (4 MB each, under the
 * default 5 MB limit, and under `data/`, not `vendor/`, so that they are really read) are added until the tree holds
 * that many bytes. The tree is
 * cached: a `.bench-tree.json` stamp with the same parameters means the tree is already there.
 */
export function generate(dir, { files, bytes = 0, seed = 42, vendoredSize = 4 * 1024 * 1024 }) {
  const stampPath = join(dir, ".bench-tree.json");
  const params = { files, bytes, seed, vendoredSize, version: 3 };
  if (existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, "utf8"));
    if (JSON.stringify(stamp.params) === JSON.stringify(params)) return stamp.result;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  let written = 0;
  let count = 0;
  const byKind = {};
  const write = (rel, text, kind) => {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written += Buffer.byteLength(text);
    count++;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  };
  // One vendored file per 400 small ones keeps "vendored" realistic when there is no byte target.
  const vendoredCount = bytes > 0 ? 0 : Math.floor(files / 400);
  const small = files - vendoredCount;
  for (let i = 0; i < small; i++) {
    let x = r.next();
    let make = MIX[MIX.length - 1][1];
    for (const [share, kind] of MIX) {
      if (x < share) {
        make = kind;
        break;
      }
      x -= share;
    }
    const [rel, text] = i === 0 ? cfnYaml(r, i) : make(r, i);
    write(rel, text, rel.includes("/.env.") ? "env" : rel.split(".").pop());
  }
  for (let i = 0; i < vendoredCount; i++) {
    const [rel, text] = vendored(r, i, r.int(100_000, 600_000));
    write(rel, text, "vendored");
  }
  for (let i = 0; written < bytes; i++) {
    const [rel, text] = vendored(r, i, Math.min(vendoredSize, bytes - written), "data");
    write(rel, text, "data");
  }
  const result = { files: count, bytes: written, byKind };
  writeFileSync(stampPath, JSON.stringify({ params, result }));
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node bench/generate.mjs <dir> --files N [--bytes B] [--seed S]");
    process.exit(2);
  }
  const opt = (flag, fallback) => {
    const at = rest.indexOf(flag);
    return at >= 0 ? Number(rest[at + 1]) : fallback;
  };
  const result = generate(dir, { files: opt("--files", 1000), bytes: opt("--bytes", 0), seed: opt("--seed", 42) });
  console.log(`${dir}: ${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB`, result.byKind);
}

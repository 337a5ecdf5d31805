#!/usr/bin/env node
// A repository of infrastructure files whose findings cross files, for the report-set-and-context work (issue 15):
// secrets in one template and their rotation schedules in another, resource policies naming a secret defined
// elsewhere, roles reading them, Terraform modules split over several files, standalone policies, and templates that
// name no secret, key, role or policy at all. Deterministic: file i is always the same.
//
//   node bench/context-repo.mjs <dir> --files 1000 [--trail]
//
// As a module: `generateContextRepo(dir, { files, trail })` writes the files and returns their paths (relative).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ACCOUNT = "111122223333";
const PARTNER = "444455556666";

/** Long enough folder names that 2,500 paths exceed pre-commit's 128 KB command line: it splits them into batches. */
const folder = (i) => `services/service-number-${String(i).padStart(5, "0")}/infrastructure`;
const secretName = (i) => `prod/service-${i}/database`;
const secretArn = (i) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${secretName(i)}`;

const cfnSecret = (i) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ServiceKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: AccountAdmin
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::${ACCOUNT}:root
            Action: kms:*
            Resource: "*"
  ServiceSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: ${secretName(i)}
      KmsKeyId: !Ref ServiceKey
`;

const cfnRotation = (target) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: ${secretArn(target)}
      RotationLambdaARN: arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rotate-${target}
      RotationRules:
        AutomaticallyAfterDays: 30
`;

const cfnRole = (target) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: ${secretArn(target)}-AbCdEf
`;

const cfnSharing = (target) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Sharing:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: ${secretName(target)}
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::${PARTNER}:root
            Action: secretsmanager:GetSecretValue
            Resource: "*"
`;

const cfnQueue = (i) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: service-${i}-events
      MessageRetentionPeriod: 345600
`;

const tfSecret = (i) => `resource "aws_secretsmanager_secret" "api" {
  name       = "prod/service-${i}/api"
  kms_key_id = aws_kms_key.api.arn
}
`;

const tfKey = () => `resource "aws_kms_key" "api" {
  description         = "API credentials"
  enable_key_rotation = true
}
`;

const tfRotation = (target) => `resource "aws_secretsmanager_secret_rotation" "api" {
  secret_id           = "arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/service-${target}/api"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rotate-api-${target}"
  rotation_rules {
    automatically_after_days = 30
  }
}
`;

const tfBucket = (i) => `resource "aws_s3_bucket" "assets" {
  bucket = "service-${i}-assets"
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {
    status = "Enabled"
  }
}
`;

const standalonePolicy = (i) =>
  `${JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::service-${i}-assets/*` },
      ],
    },
    null,
    2,
  )}\n`;

const trail = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrganizationTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: true
      S3BucketName: audit-logs
`;

/**
 * File i of the repository: in each group of ten, a secret and its key (CloudFormation), its rotation in another
 * template, a role reading it, a resource policy sharing it, a Terraform secret and its key in two files of one module,
 * its rotation in another module, a standalone policy, and two files that name nothing of the kind (a queue, a bucket).
 */
function fileAt(i) {
  const group = Math.floor(i / 10);
  const base = `${folder(group)}`;
  switch (i % 10) {
    case 0:
      return [`${base}/secret.yaml`, cfnSecret(group)];
    case 1:
      return [`${base}/rotation.yaml`, cfnRotation(group)];
    case 2:
      return [`${base}/reader-role.yaml`, cfnRole(group)];
    case 3:
      return [`${base}/sharing.yaml`, cfnSharing(group)];
    case 4:
      return [`${base}/terraform/secret.tf`, tfSecret(group)];
    case 5:
      return [`${base}/terraform/key.tf`, tfKey()];
    case 6:
      return [`${base}/terraform-rotation/rotation.tf`, tfRotation(group)];
    case 7:
      return [`${base}/policies/assets.json`, standalonePolicy(group)];
    case 8:
      return [`${base}/queue.yaml`, cfnQueue(group)];
    default:
      return [`${base}/terraform-assets/bucket.tf`, tfBucket(group)];
  }
}

export function generateContextRepo(dir, { files = 1000, trail: withTrail = false } = {}) {
  const written = [];
  const write = (relative, text) => {
    mkdirSync(dirname(join(dir, relative)), { recursive: true });
    writeFileSync(join(dir, relative), text);
    written.push(relative);
  };
  for (let i = 0; i < files - (withTrail ? 1 : 0); i++) write(...fileAt(i));
  if (withTrail) write("audit/trail.yaml", trail);
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node bench/context-repo.mjs <dir> --files 1000 [--trail]");
    process.exit(2);
  }
  const at = rest.indexOf("--files");
  const files = at >= 0 ? Number(rest[at + 1]) : 1000;
  const written = generateContextRepo(dir, { files, trail: rest.includes("--trail") });
  console.log(`${written.length} files in ${dir}`);
}

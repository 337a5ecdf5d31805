import { describe, expect, it } from "vitest";
import { load, describeEntities, at } from "./fixtures/describe.js";
import { parseHcl } from "./hcl.js";
import { moduleScope } from "./load.js";
import { resolveExpression, stringField, type Resolution } from "./resolve.js";
import { SourceFile, get, type PNode } from "../../core/positioned.js";
import { isReference, type SourceDocument } from "../../model/entities.js";
import { tfJsonTwin } from "../../test-support/rule-tester.js";

const MAIN_TF = `resource "aws_kms_key" "secrets" {
  description         = "orders secrets"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_secretsmanager_secret" "db" {
  name       = "\${var.env}/orders/db"
  kms_key_id = aws_kms_key.secrets.arn

  replica {
    region     = "eu-central-1"
    kms_key_id = local.managed_key
  }
}

resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn          = aws_secretsmanager_secret.db.arn
  block_public_policy = true
  policy              = data.aws_iam_policy_document.read.json
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation_rules {
    schedule_expression = "rate(30 days)"
  }
}

resource "aws_iam_role" "app" {
  name = "orders-app"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Service": "lambda.amazonaws.com" },
        "Action": "sts:AssumeRole"
      }]
    }
  EOT
}

resource "aws_iam_policy" "read" {
  policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"secretsmanager:GetSecretValue\\", \\"Resource\\": \\"*\\"}]}"
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.read.arn
}

resource "random_password" "db" {
  length = 32
}

resource "aws_db_instance" "orders" {
  password = random_password.db.result
}
`;

const VARIABLES_TF = `variable "env" {
  default = "prod"
}

variable "rotation_lambda_arn" {
  type        = string
  description = "Rotation function"
}

locals {
  managed_key = "alias/aws/secretsmanager"
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}
`;

const PLAN = `{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "variables": {
    "db_password": { "value": "Sup3rS3cretPassw0rd" },
    "env": { "value": "prod" }
  },
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_kms_key.secrets",
          "mode": "managed",
          "type": "aws_kms_key",
          "name": "secrets",
          "values": { "description": "orders secrets", "enable_key_rotation": false, "key_usage": "ENCRYPT_DECRYPT", "customer_master_key_spec": "SYMMETRIC_DEFAULT" }
        },
        {
          "address": "aws_secretsmanager_secret.db",
          "mode": "managed",
          "type": "aws_secretsmanager_secret",
          "name": "db",
          "values": { "name": "prod/orders/db", "name_prefix": "", "recovery_window_in_days": 0, "replica": [], "policy": null }
        },
        {
          "address": "aws_secretsmanager_secret_rotation.db",
          "mode": "managed",
          "type": "aws_secretsmanager_secret_rotation",
          "name": "db",
          "values": { "rotation_lambda_arn": "arn:aws:lambda:eu-west-1:111122223333:function:rotate", "rotation_rules": [{ "automatically_after_days": 90, "duration": null, "schedule_expression": "" }] }
        },
        {
          "address": "aws_db_instance.orders",
          "mode": "managed",
          "type": "aws_db_instance",
          "name": "orders",
          "values": { "engine": "postgres", "password": "Sup3rS3cretPassw0rd", "manage_master_user_password": null }
        },
        {
          "address": "aws_iam_policy.read",
          "mode": "managed",
          "type": "aws_iam_policy",
          "name": "read",
          "values": { "policy": "{\\"Statement\\":[{\\"Action\\":\\"secretsmanager:*\\",\\"Effect\\":\\"Allow\\",\\"Resource\\":\\"*\\"}],\\"Version\\":\\"2012-10-17\\"}" }
        }
      ],
      "child_modules": [
        {
          "address": "module.audit",
          "resources": [
            {
              "address": "module.audit.aws_cloudtrail.main",
              "mode": "managed",
              "type": "aws_cloudtrail",
              "name": "main",
              "values": { "name": "org-trail", "is_multi_region_trail": true }
            }
          ]
        }
      ]
    }
  },
  "configuration": {
    "provider_config": {
      "aws": {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "expressions": {
          "region": { "constant_value": "eu-west-1" },
          "access_key": { "constant_value": "AKIAZ7VQXR2JH4MPLK3T" }
        }
      }
    },
    "root_module": {
      "resources": [
        {
          "address": "aws_kms_key.secrets",
          "mode": "managed",
          "type": "aws_kms_key",
          "name": "secrets",
          "expressions": { "description": { "constant_value": "orders secrets" } }
        },
        {
          "address": "aws_secretsmanager_secret.db",
          "mode": "managed",
          "type": "aws_secretsmanager_secret",
          "name": "db",
          "expressions": {
            "kms_key_id": { "references": ["aws_kms_key.secrets.arn", "aws_kms_key.secrets"] },
            "name": { "references": ["var.env"] },
            "recovery_window_in_days": { "constant_value": 0 }
          }
        },
        {
          "address": "aws_secretsmanager_secret_rotation.db",
          "mode": "managed",
          "type": "aws_secretsmanager_secret_rotation",
          "name": "db",
          "expressions": {
            "rotation_lambda_arn": { "constant_value": "arn:aws:lambda:eu-west-1:111122223333:function:rotate" },
            "rotation_rules": [{ "automatically_after_days": { "constant_value": 90 } }],
            "secret_id": { "references": ["aws_secretsmanager_secret.db.id", "aws_secretsmanager_secret.db"] }
          }
        },
        {
          "address": "aws_db_instance.orders",
          "mode": "managed",
          "type": "aws_db_instance",
          "name": "orders",
          "expressions": {
            "engine": { "constant_value": "postgres" },
            "password": { "references": ["var.db_password"] }
          }
        },
        {
          "address": "aws_iam_policy.read",
          "mode": "managed",
          "type": "aws_iam_policy",
          "name": "read",
          "expressions": { "policy": {} }
        }
      ],
      "variables": {
        "db_password": { "sensitive": true },
        "env": { "default": "prod" }
      },
      "module_calls": {
        "audit": {
          "source": "./audit",
          "module": {
            "resources": [
              {
                "address": "aws_cloudtrail.main",
                "mode": "managed",
                "type": "aws_cloudtrail",
                "name": "main",
                "expressions": { "name": { "constant_value": "org-trail" }, "is_multi_region_trail": { "constant_value": true } }
              }
            ]
          }
        }
      }
    }
  }
}
`;

const HCL_ENTITIES = [
  '== kms-key aws_kms_key.secrets (aws_kms_key) unit infra node infra/main.tf:1:10-1:33 «"aws_kms_key" "secrets"»',
  "  enableKeyRotation true @ infra/main.tf:3:25-3:29 «true»",
  '== policy aws_kms_key.secrets (aws_kms_key) unit infra node infra/main.tf:1:10-1:33 «"aws_kms_key" "secrets"»',
  "  key-policy doc infra/main.tf:4:23-12:4",
  '  target ref aws_kms_key.secrets @ infra/main.tf:1:10-1:33 «"aws_kms_key" "secrets"»',
  "  statement infra/main.tf:6:18-11:6",
  '    effect "Allow" @ infra/main.tf:7:19-7:26 «"Allow"»',
  '    principal AWS "arn:aws:iam::${AWS::AccountId}:root" @ infra/main.tf:8:27-8:93 «"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"»',
  '    action "kms:*" @ infra/main.tf:9:19-9:26 «"kms:*"»',
  '    resource "*" @ infra/main.tf:10:19-10:22 «"*"»',
  '== secret aws_secretsmanager_secret.db (aws_secretsmanager_secret) unit infra node infra/main.tf:15:10-15:42 «"aws_secretsmanager_secret" "db"»',
  '  name "prod/orders/db" @ infra/main.tf:16:16-16:38 «"${var.env}/orders/db"» via default of variable env',
  "  kmsKeyId ref aws_kms_key.secrets.arn @ infra/main.tf:17:16-17:39 «aws_kms_key.secrets.arn»",
  "  replica infra/main.tf:20:5-20:11 «region»",
  '    region "eu-central-1" @ infra/main.tf:20:18-20:32 «"eu-central-1"»',
  '    kmsKeyId "alias/aws/secretsmanager" @ infra/main.tf:21:18-21:35 «local.managed_key» via local value managed_key',
  '== policy aws_secretsmanager_secret_policy.db (aws_secretsmanager_secret_policy) unit infra node infra/main.tf:25:10-25:49 «"aws_secretsmanager_secret_policy" "db"»',
  "  secret-resource-policy doc infra/variables.tf:16:39-32:2",
  "  target ref aws_secretsmanager_secret.db.arn @ infra/main.tf:26:25-26:57 «aws_secretsmanager_secret.db.arn»",
  "  blockPublicPolicy true @ infra/main.tf:27:25-27:29 «true»",
  "  statement infra/variables.tf:17:13-31:4",
  '    effect "Allow" @ infra/variables.tf:17:13-31:4',
  '    principal AWS "arn:aws:iam::444455556666:root" @ infra/variables.tf:23:22-23:54 «"arn:aws:iam::444455556666:root"»',
  '    action "secretsmanager:GetSecretValue" @ infra/variables.tf:18:18-18:49 «"secretsmanager:GetSecretValue"»',
  '    resource "*" @ infra/variables.tf:19:18-19:21 «"*"»',
  '    condition StringEquals aws:PrincipalOrgID "o-a1b2c3d4e5" @ infra/variables.tf:29:19-29:33 «"o-a1b2c3d4e5"»',
  '== rotation-schedule aws_secretsmanager_secret_rotation.db (aws_secretsmanager_secret_rotation) unit infra node infra/main.tf:31:10-31:51 «"aws_secretsmanager_secret_rotation" "db"»',
  "  secret ref aws_secretsmanager_secret.db.id @ infra/main.tf:32:25-32:56 «aws_secretsmanager_secret.db.id»",
  "  rotationLambdaArn unresolved var.rotation_lambda_arn @ infra/main.tf:33:25-33:48 «var.rotation_lambda_arn» parameter rotation_lambda_arn",
  '  scheduleExpression "rate(30 days)" @ infra/main.tf:36:27-36:42 «"rate(30 days)"»',
  '== iam-principal aws_iam_role.app (aws_iam_role) unit infra node infra/main.tf:40:10-40:30 «"aws_iam_role" "app"»',
  "  role",
  '  name "orders-app" @ infra/main.tf:41:10-41:22 «"orders-app"»',
  "  managed ref aws_iam_policy.read.arn @ infra/main.tf:60:16-60:39 «aws_iam_policy.read.arn»",
  '== policy aws_iam_role.app (aws_iam_role) unit infra node infra/main.tf:40:10-40:30 «"aws_iam_role" "app"»',
  "  trust-policy doc infra/main.tf:43:5-50:6",
  '  target ref aws_iam_role.app @ infra/main.tf:40:10-40:30 «"aws_iam_role" "app"»',
  "  statement infra/main.tf:45:21-49:8",
  '    effect "Allow" @ infra/main.tf:46:19-46:26 «"Allow"»',
  '    principal Service "lambda.amazonaws.com" @ infra/main.tf:47:35-47:57 «"lambda.amazonaws.com"»',
  '    action "sts:AssumeRole" @ infra/main.tf:48:19-48:35 «"sts:AssumeRole"»',
  '== policy aws_iam_policy.read (aws_iam_policy) unit infra node infra/main.tf:54:10-54:33 «"aws_iam_policy" "read"»',
  '  identity doc infra/main.tf:55:12-55:124 «"{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"secretsmanager:GetSecretValue\\", \\"Resource\\": \\"*\\"}]}"»',
  "  attachedTo role ref aws_iam_role.app.name @ infra/main.tf:59:16-59:37 «aws_iam_role.app.name»",
  '  statement infra/main.tf:55:12-55:124 «"{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"secretsmanager:GetSecretValue\\", \\"Resource\\": \\"*\\"}]}"»',
  '    effect "Allow" @ infra/main.tf:55:12-55:124 «"{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"secretsmanager:GetSecretValue\\", \\"Resource\\": \\"*\\"}]}"»',
  '    action "secretsmanager:GetSecretValue" @ infra/main.tf:55:12-55:124 «"{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"secretsmanager:GetSecretValue\\", \\"Resource\\": \\"*\\"}]}"»',
  '    resource "*" @ infra/main.tf:55:12-55:124 «"{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"secretsmanager:GetSecretValue\\", \\"Resource\\": \\"*\\"}]}"»',
  '== database aws_db_instance.orders (aws_db_instance) unit infra node infra/main.tf:67:10-67:36 «"aws_db_instance" "orders"»',
  "  engine RDS instance; password property password; managed property manage_master_user_password",
  "  masterPassword unresolved random_password.db.result @ infra/main.tf:68:14-68:39 «random_password.db.result»",
  '== credential-property aws_db_instance.orders (aws_db_instance) unit infra node infra/main.tf:67:10-67:36 «"aws_db_instance" "orders"»',
  "  password unresolved random_password.db.result @ infra/main.tf:68:14-68:39 «random_password.db.result»",
  '== parameter env (variable) unit infra node infra/variables.tf:1:10-1:15 «"env"»',
  '  type "any" @ infra/variables.tf:1:10-1:15 «"env"»',
  '  default "prod" @ infra/variables.tf:2:13-2:19 «"prod"»',
  '== parameter rotation_lambda_arn (variable) unit infra node infra/variables.tf:5:10-5:31 «"rotation_lambda_arn"»',
  '  type "string" @ infra/variables.tf:6:17-6:23 «string»',
  '  description "Rotation function" @ infra/variables.tf:7:17-7:36 «"Rotation function"»',
];

const PLAN_ENTITIES = [
  '== kms-key aws_kms_key.secrets (aws_kms_key) unit plan.json node plan.json:12:22-12:43 «"aws_kms_key.secrets"»',
  '== secret aws_secretsmanager_secret.db (aws_secretsmanager_secret) unit plan.json node plan.json:19:22-19:52 «"aws_secretsmanager_secret.db"»',
  '  name "prod/orders/db" @ plan.json:23:31-23:47 «"prod/orders/db"»',
  '  kmsKeyId ref aws_kms_key.secrets.arn @ plan.json:89:44-89:69 «"aws_kms_key.secrets.arn"»',
  "  recoveryWindowInDays 0 @ plan.json:23:95-23:96 «0»",
  '== rotation-schedule aws_secretsmanager_secret_rotation.db (aws_secretsmanager_secret_rotation) unit plan.json node plan.json:26:22-26:61 «"aws_secretsmanager_secret_rotation.db"»',
  '  secret ref aws_secretsmanager_secret.db.id @ plan.json:102:43-102:76 «"aws_secretsmanager_secret.db.id"»',
  '  rotationLambdaArn "arn:aws:lambda:eu-west-1:111122223333:function:rotate" @ plan.json:30:46-30:101 «"arn:aws:lambda:eu-west-1:111122223333:function:rotate"»',
  "  automaticallyAfterDays 90 @ plan.json:30:152-30:154 «90»",
  '== database aws_db_instance.orders (aws_db_instance) unit plan.json node plan.json:33:22-33:46 «"aws_db_instance.orders"»',
  "  engine RDS instance; password property password; managed property manage_master_user_password",
  '  masterPassword unresolved var.db_password @ plan.json:112:42-112:59 «"var.db_password"» parameter db_password',
  '== credential-property aws_db_instance.orders (aws_db_instance) unit plan.json node plan.json:33:22-33:46 «"aws_db_instance.orders"»',
  '  password unresolved var.db_password @ plan.json:112:42-112:59 «"var.db_password"» parameter db_password',
  '== policy aws_iam_policy.read (aws_iam_policy) unit plan.json node plan.json:40:22-40:43 «"aws_iam_policy.read"»',
  '  identity doc plan.json:44:33-44:153 «"{\\"Statement\\":[{\\"Action\\":\\"secretsmanager:*\\",\\"Effect\\":\\"Allow\\",\\"Resource\\":\\"*\\"}],\\"Version\\":\\"2012-10-17\\"}"»',
  '  statement plan.json:44:33-44:153 «"{\\"Statement\\":[{\\"Action\\":\\"secretsmanager:*\\",\\"Effect\\":\\"Allow\\",\\"Resource\\":\\"*\\"}],\\"Version\\":\\"2012-10-17\\"}"»',
  '    effect "Allow" @ plan.json:44:33-44:153 «"{\\"Statement\\":[{\\"Action\\":\\"secretsmanager:*\\",\\"Effect\\":\\"Allow\\",\\"Resource\\":\\"*\\"}],\\"Version\\":\\"2012-10-17\\"}"»',
  '    action "secretsmanager:*" @ plan.json:44:33-44:153 «"{\\"Statement\\":[{\\"Action\\":\\"secretsmanager:*\\",\\"Effect\\":\\"Allow\\",\\"Resource\\":\\"*\\"}],\\"Version\\":\\"2012-10-17\\"}"»',
  '    resource "*" @ plan.json:44:33-44:153 «"{\\"Statement\\":[{\\"Action\\":\\"secretsmanager:*\\",\\"Effect\\":\\"Allow\\",\\"Resource\\":\\"*\\"}],\\"Version\\":\\"2012-10-17\\"}"»',
  '== audit-control module.audit.aws_cloudtrail.main (aws_cloudtrail) unit plan.json node plan.json:52:26-52:60 «"module.audit.aws_cloudtrail.main"»',
  "  cloudtrail-trail",
  '== credential-property provider.aws (provider) unit plan.json node plan.json:65:7-65:12 «"aws"»',
  '  access_key "AKIAZ7VQXR2JH4MPLK3T" @ plan.json:70:45-70:67 «"AKIAZ7VQXR2JH4MPLK3T"»',
  "  not stored",
];

/** The facts of `describeEntities` lines without their positions: what a `.tf.json` twin must give as well. */
const facts = (lines: string[]): string[] =>
  lines.map((line) => line.replace(/ (@|node|doc|statement|replica) \S+:\d+:\d+-\d+:\d+( «[^»]*»)?/g, ""));

describe("Terraform configurations (.tf)", () => {
  it("maps a module's files, linked across the folder, with the position of every value", async () => {
    const { entities, errors } = await load([
      { path: "infra/main.tf", text: MAIN_TF },
      { path: "infra/variables.tf", text: VARIABLES_TF },
    ]);
    expect(errors).toEqual([]);
    expect(describeEntities(entities)).toEqual(HCL_ENTITIES);
  });

  it("links references only within a folder: another folder's variables and resources are unknown", async () => {
    const { entities } = await load([
      { path: "infra/main.tf", text: MAIN_TF },
      { path: "other/variables.tf", text: VARIABLES_TF },
    ]);
    const lines = describeEntities(entities);
    expect(lines).toContain('  name "${env}/orders/db" @ infra/main.tf:16:16-16:38 «"${var.env}/orders/db"»');
    expect(lines).toContain(
      "  rotationLambdaArn unresolved var.rotation_lambda_arn @ infra/main.tf:33:25-33:48 «var.rotation_lambda_arn» parameter rotation_lambda_arn",
    );
    expect(lines).toContain(
      "    kmsKeyId unresolved local.managed_key @ infra/main.tf:21:18-21:35 «local.managed_key»",
    );
    // The policy document is in the other folder: the secret policy has no statements it can read.
    expect(lines.filter((l) => l.startsWith("== policy aws_secretsmanager_secret_policy.db"))).toHaveLength(1);
    expect(lines).toContain(
      "  secret-resource-policy doc infra/main.tf:28:25-28:63 «data.aws_iam_policy_document.read.json»",
    );
    expect(lines.some((l) => l.includes("unit other") && l.startsWith("== parameter env"))).toBe(true);
  });

  it("gives an error entry with the line of a syntax error, keeps the blocks before it, and reads the other files", async () => {
    const broken = `resource "aws_kms_key" "ok" {
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "broken" {
  name = "prod/orders/db"
  kms_key_id = 
}
`;
    const { entities, errors } = await load([
      { path: "infra/broken.tf", text: broken },
      { path: "infra/variables.tf", text: VARIABLES_TF },
    ]);
    expect(errors).toEqual(["infra/broken.tf:7:3 Terraform syntax error: unexpected name"]);
    const resources = entities.map((e) => `${e.kind} ${e.resource}`);
    expect(resources).toContain("kms-key aws_kms_key.ok");
    expect(resources).not.toContain("secret aws_secretsmanager_secret.broken");
    expect(resources).toContain("parameter env");
  });

  it("reports an unclosed block as a missing brace", async () => {
    const { errors } = await load([
      { path: "main.tf", text: 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n' },
    ]);
    expect(errors).toEqual(['main.tf:3:1 Terraform syntax error: missing "}"']);
  });

  it("reads strings as HCL writes them: escapes, heredocs with <<- indentation, numbers, booleans and null", async () => {
    const tf = await parseHcl(
      new SourceFile(
        "values.tf",
        'locals {\n  quoted = "say \\"hi\\"\\n\\u00e9 $${literal}"\n  number = 1.5\n  flag   = false\n  none   = null\n  doc    = <<-EOT\n    line one\n      indented ${var.x}\n  EOT\n  list   = [1, "two", var.three]\n  map    = { a = 1, "b c" = true }\n}\n',
      ),
    );
    const body = tf.blocks[0]?.body;
    const value = (name: string) => {
      const node = get(body, name) as PNode;
      return { value: node.kind === "scalar" ? node.value : node.kind, at: at(node) };
    };
    expect(value("quoted")).toEqual({
      value: 'say "hi"\né $${literal}',
      at: 'values.tf:2:12-2:44 «"say \\"hi\\"\\n\\u00e9 $${literal}"»',
    });
    expect(value("number")).toEqual({ value: 1.5, at: "values.tf:3:12-3:15 «1.5»" });
    expect(value("flag")).toEqual({ value: false, at: "values.tf:4:12-4:17 «false»" });
    expect(value("none")).toEqual({ value: null, at: "values.tf:5:12-5:16 «null»" });
    expect(value("doc")).toEqual({ value: "line one\n  indented ${var.x}\n", at: "values.tf:6:12-9:6" });
    const list = get(body, "list");
    expect(list?.kind === "array" ? list.items.map((i) => (i.kind === "scalar" ? i.value : i.kind)) : list).toEqual([
      1,
      "two",
      "${var.three}",
    ]);
    const map = get(body, "map");
    expect(map?.kind === "object" ? map.entries.map((e) => `${e.key.value} @ ${at(e.key)}`) : map).toEqual([
      "a @ values.tf:11:14-11:15 «a»",
      'b c @ values.tf:11:21-11:26 «"b c"»',
    ]);
  });
});

describe("Terraform JSON configurations (.tf.json)", () => {
  it("gives the same facts as the .tf files it is the twin of (nested-object form)", async () => {
    const { entities, errors } = await load([
      { path: "infra/main.tf.json", text: await tfJsonTwin(MAIN_TF) },
      { path: "infra/variables.tf.json", text: await tfJsonTwin(VARIABLES_TF) },
    ]);
    expect(errors).toEqual([]);
    expect(facts(describeEntities(entities))).toEqual(facts(HCL_ENTITIES));
  });

  it("reads the array-of-blocks form, with positions in the JSON", async () => {
    const json = `{
  "variable": [{ "env": [{ "default": "prod" }] }],
  "resource": [
    { "aws_secretsmanager_secret": [{ "db": [{ "name": "\${var.env}/orders/db", "kms_key_id": "\${aws_kms_key.k.arn}" }] }] },
    { "aws_kms_key": { "k": { "enable_key_rotation": false } } }
  ],
  "//": "comments are skipped"
}
`;
    const { entities, errors } = await load([{ path: "main.tf.json", text: json }]);
    expect(errors).toEqual([]);
    expect(describeEntities(entities)).toEqual([
      '== parameter env (variable) unit . node main.tf.json:2:18-2:23 «"env"»',
      '  type "any" @ main.tf.json:2:18-2:23 «"env"»',
      '  default "prod" @ main.tf.json:2:39-2:45 «"prod"»',
      '== secret aws_secretsmanager_secret.db (aws_secretsmanager_secret) unit . node main.tf.json:4:39-4:43 «"db"»',
      '  name "prod/orders/db" @ main.tf.json:4:56-4:78 «"${var.env}/orders/db"» via default of variable env',
      '  kmsKeyId ref aws_kms_key.k.arn @ main.tf.json:4:94-4:116 «"${aws_kms_key.k.arn}"»',
      '== kms-key aws_kms_key.k (aws_kms_key) unit . node main.tf.json:5:24-5:27 «"k"»',
      "  enableKeyRotation false @ main.tf.json:5:54-5:59 «false»",
    ]);
  });

  it("gives an error entry for broken JSON", async () => {
    const { errors } = await load([{ path: "main.tf.json", text: '{ "resource": { "aws_kms_key": { "k": { } } }\n' }]);
    expect(errors).toEqual(["main.tf.json:2:1 JSON syntax error: close brace expected"]);
  });
});

describe("Terraform plan JSON (terraform show -json)", () => {
  it("maps planned values with what the configuration writes, located in the plan", async () => {
    const { entities, errors } = await load([{ path: "plan.json", text: PLAN }]);
    expect(errors).toEqual([]);
    expect(describeEntities(entities)).toEqual(PLAN_ENTITIES);
  });

  it("is told from other JSON by format_version with planned values or resource changes", async () => {
    const { entities } = await load([
      { path: "state.json", text: '{ "format_version": "1.0", "values": { "root_module": {} } }' },
    ]);
    expect(entities).toEqual([]);
  });
});

describe("reference resolution", () => {
  const CONFIG = `variable "with_default" {
  default = "alias/aws/secretsmanager"
}
variable "without_default" {}
locals {
  key      = var.with_default
  key_ref  = aws_kms_key.k.arn
  settings = { prefix = "prod" }
}
resource "aws_kms_key" "k" {}
resource "aws_kms_alias" "a" {
  name          = "alias/orders"
  target_key_id = aws_kms_key.k.key_id
}
resource "random_password" "db" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_kms_alias" "managed" {
  name = "alias/aws/secretsmanager"
}
data "aws_secretsmanager_secret" "shared" {
  name = "prod/shared/api"
}
`;
  const resolve = async (expression: string): Promise<string> => {
    const tf = await parseHcl(new SourceFile("main.tf", CONFIG));
    const resolved: Resolution = resolveExpression(expression, moduleScope(tf.blocks));
    const { value } = resolved;
    const text =
      typeof value !== "object"
        ? JSON.stringify(value)
        : isReference(value)
          ? `ref ${value.target}${value.attribute ? `.${value.attribute}` : ""}`
          : `unresolved ${value.expression}`;
    return `${text}${resolved.via ? ` via ${resolved.via}` : ""}${resolved.parameter !== undefined ? ` parameter ${resolved.parameter}` : ""}`;
  };

  it.each([
    ["var.with_default", '"alias/aws/secretsmanager" via default of variable with_default parameter with_default'],
    ["var.without_default", "unresolved var.without_default parameter without_default"],
    ["var.undeclared", "unresolved var.undeclared parameter undeclared"],
    ["local.key", '"alias/aws/secretsmanager" via default of variable with_default parameter with_default'],
    ["local.key_ref", "ref aws_kms_key.k.arn"],
    ["local.settings.prefix", '"prod" via local value settings.prefix'],
    ["local.missing", "unresolved local.missing"],
    ["aws_kms_key.k.arn", "ref aws_kms_key.k.arn"],
    ["aws_kms_key.k[0].arn", "ref aws_kms_key.k.arn"],
    ["aws_kms_key.k", "ref aws_kms_key.k"],
    ["aws_kms_key.undeclared.arn", "unresolved aws_kms_key.undeclared.arn"],
    ["aws_kms_alias.a.name", '"alias/orders" via name of aws_kms_alias.a'],
    ["aws_kms_alias.a.target_key_arn", "ref aws_kms_key.k.key_id"],
    ["aws_kms_alias.a.arn", "ref aws_kms_key.k.key_id"],
    ["random_password.db.result", "unresolved random_password.db.result"],
    ["data.aws_caller_identity.current.account_id", '"${AWS::AccountId}"'],
    ["data.aws_partition.current.partition", '"${AWS::Partition}"'],
    ["data.aws_region.current.name", '"${AWS::Region}"'],
    [
      "data.aws_kms_alias.managed.target_key_arn",
      '"alias/aws/secretsmanager" via looked up by data.aws_kms_alias.managed',
    ],
    [
      "data.aws_secretsmanager_secret.shared.arn",
      '"prod/shared/api" via looked up by data.aws_secretsmanager_secret.shared',
    ],
    ["data.aws_caller_identity.current.arn", "unresolved data.aws_caller_identity.current.arn"],
    ["module.db.password", "unresolved module.db.password"],
    ["each.value", "unresolved each.value"],
    ['"literal"', '"literal"'],
    ["30", "30"],
    ['var.with_default == "x" ? 1 : 2', 'unresolved var.with_default == "x" ? 1 : 2'],
  ])("%s", async (expression, expected) => {
    expect(await resolve(expression)).toBe(expected);
  });

  it("resolves string templates like Fn::Sub, keeping unresolved variables as ${name} placeholders", async () => {
    const tf = await parseHcl(
      new SourceFile(
        "main.tf",
        `${CONFIG}resource "aws_secretsmanager_secret" "s" {
  name        = "\${local.settings.prefix}/\${var.without_default}/db"
  description = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root $\${not.interpolated}"
  kms_key_id  = "\${aws_kms_key.k.arn}"
  policy      = jsonencode({ a = var.with_default, b = [var.without_default, 1], c = null })
}
`,
      ),
    );
    const { entities } = await load([{ path: "main.tf", text: tf.file.text }]);
    const lines = describeEntities(entities).filter((l) => l.startsWith("  "));
    expect(lines).toContain(
      '  name "prod/${without_default}/db" @ main.tf:26:17-26:69 «"${local.settings.prefix}/${var.without_default}/db"» via local value settings.prefix',
    );
    expect(lines).toContain('  kmsKeyId ref aws_kms_key.k.arn @ main.tf:28:17-28:39 «"${aws_kms_key.k.arn}"»');
    const body = tf.blocks.find((b) => b.labels[1] === "s")?.body;
    const scope = moduleScope(tf.blocks);
    expect(stringField(get(body, "description"), scope)?.value).toBe(
      "arn:${AWS::Partition}:iam::${AWS::AccountId}:root $${not.interpolated}",
    );
    expect(stringField(get(body, "policy"), scope)?.value).toBe(
      '{"a":"alias/aws/secretsmanager","b":["${without_default}",1],"c":null}',
    );
  });
});

describe("documents (every string, for format scans)", () => {
  it("spans each file, tells the address of the block a string is in, and expands JSON heredocs", async () => {
    const { documents } = await load([
      { path: "infra/main.tf", text: MAIN_TF },
      { path: "infra/variables.tf", text: VARIABLES_TF },
    ]);
    expect(documents.map((d) => `${d.platform} ${d.file.path} unit ${d.unit}`)).toEqual([
      "terraform infra/main.tf unit infra",
      "terraform infra/variables.tf unit infra",
    ]);
    const strings = (document: SourceDocument): string[] => {
      const out: string[] = [];
      const walk = (node: PNode): void => {
        if (node.kind === "scalar" && typeof node.value === "string")
          out.push(`${node.value} @ ${at(node)} in ${document.resourceAt(node) ?? "none"}`);
        else if (node.kind === "array") node.items.forEach(walk);
        else if (node.kind === "object") node.entries.forEach((e) => walk(e.value));
      };
      walk(document.root);
      return out;
    };
    const main = strings(documents[0] as SourceDocument);
    expect(main).toContain(
      'lambda.amazonaws.com @ infra/main.tf:47:35-47:57 «"lambda.amazonaws.com"» in aws_iam_role.app',
    );
    expect(main).toContain(
      'arn:aws:iam::${data.aws_caller_identity.current.account_id}:root @ infra/main.tf:8:27-8:93 «"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"» in aws_kms_key.secrets',
    );
    // The heredoc's JSON is parsed in place: its strings are seen one by one, at their own positions.
    expect(main).toContain('sts:AssumeRole @ infra/main.tf:48:19-48:35 «"sts:AssumeRole"» in aws_iam_role.app');
    expect(strings(documents[1] as SourceDocument)).toContain(
      'o-a1b2c3d4e5 @ infra/variables.tf:29:19-29:33 «"o-a1b2c3d4e5"» in data.aws_iam_policy_document.read',
    );
  });
});

describe("the rest of the catalogue", () => {
  const MORE_TF = `locals {
  common  = { STAGE = "prod" }
  secrets = { client_secret = "9f8e7d6c5b4a39281706", client_id = "orders" }
}

resource "aws_lambda_function" "api" {
  function_name = "orders-api"
  environment {
    variables = merge(local.common, { API_TOKEN = var.api_token })
  }
}

resource "aws_ecs_task_definition" "web" {
  family                = "web"
  container_definitions = jsonencode([{ name = "web", environment = [{ name = "DB_PASSWORD", value = "hunter2hunter2" }] }])
}

module "bucket" {
  source      = "terraform-aws-modules/s3-bucket/aws"
  db_password = "Sup3rS3cretPassw0rd"
  policy      = data.aws_iam_policy_document.bucket.json
}

data "aws_iam_policy_document" "base" {
  statement {
    effect    = "Deny"
    actions   = ["s3:DeleteBucket"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "bucket" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::orders/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_opensearch_domain_policy" "search" {
  domain_name     = "orders"
  access_policies = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }] })
}

resource "aws_ssm_parameter" "token" {
  name  = "/prod/orders/api-token"
  type  = "String"
  value = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
}

provider "aws" {
  alias      = "west"
  secret_key = var.secret_key
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_group" "deployers" {
  name = "deployers"
}

resource "aws_iam_user_group_membership" "ci" {
  user   = aws_iam_user.ci.name
  groups = [aws_iam_group.deployers.name]
}

resource "aws_config_config_rule" "unused" {
  name = "secrets-unused"
  source {
    owner             = "AWS"
    source_identifier = "SECRETSMANAGER_SECRET_UNUSED"
  }
}
`;

  it("maps environments, module inputs, local values, policies in unmapped resources, parameters, providers and memberships", async () => {
    const { entities, errors } = await load([{ path: "more/main.tf", text: MORE_TF }]);
    expect(errors).toEqual([]);
    expect(describeEntities(entities)).toEqual([
      "== credential-property locals (locals) unit more node more/main.tf:1:1-1:7 «locals»",
      '  secrets.client_secret "9f8e7d6c5b4a39281706" @ more/main.tf:3:31-3:53 «"9f8e7d6c5b4a39281706"»',
      '== environment aws_lambda_function.api (aws_lambda_function) unit more node more/main.tf:6:10-6:37 «"aws_lambda_function" "api"»',
      "  lambda function aws_lambda_function.api",
      '  var STAGE @ more/main.tf:2:15-2:20 «STAGE» = "prod" @ more/main.tf:2:23-2:29 «"prod"»',
      "  var API_TOKEN @ more/main.tf:9:39-9:48 «API_TOKEN» = unresolved var.api_token @ more/main.tf:9:51-9:64 «var.api_token» parameter api_token",
      '== environment aws_ecs_task_definition.web (aws_ecs_task_definition) unit more node more/main.tf:13:10-13:41 «"aws_ecs_task_definition" "web"»',
      "  ecs-container container web of task definition aws_ecs_task_definition.web",
      '  var DB_PASSWORD @ more/main.tf:15:79-15:92 «"DB_PASSWORD"» = "hunter2hunter2" @ more/main.tf:15:102-15:118 «"hunter2hunter2"»',
      '== policy module.bucket (module) unit more node more/main.tf:18:8-18:16 «"bucket"»',
      "  resource-policy doc more/main.tf:32:41-42:2",
      "  statement more/main.tf:25:13-29:4",
      '    effect "Deny" @ more/main.tf:26:17-26:23 «"Deny"»',
      '    action "s3:DeleteBucket" @ more/main.tf:27:18-27:35 «"s3:DeleteBucket"»',
      '    resource "*" @ more/main.tf:28:18-28:21 «"*"»',
      "  statement more/main.tf:34:13-41:4",
      '    effect "Allow" @ more/main.tf:34:13-41:4',
      '    principal * "*" @ more/main.tf:39:22-39:25 «"*"»',
      '    action "s3:GetObject" @ more/main.tf:35:18-35:32 «"s3:GetObject"»',
      '    resource "arn:aws:s3:::orders/*" @ more/main.tf:36:18-36:41 «"arn:aws:s3:::orders/*"»',
      '== credential-property module.bucket (module) unit more node more/main.tf:18:8-18:16 «"bucket"»',
      '  db_password "Sup3rS3cretPassw0rd" @ more/main.tf:20:17-20:38 «"Sup3rS3cretPassw0rd"»',
      '== policy aws_opensearch_domain_policy.search (aws_opensearch_domain_policy) unit more node more/main.tf:44:10-44:49 «"aws_opensearch_domain_policy" "search"»',
      '  resource-policy doc more/main.tf:46:32-46:130 «{ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }] }»',
      '  statement more/main.tf:46:47-46:127 «{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }»',
      '    effect "Allow" @ more/main.tf:46:58-46:65 «"Allow"»',
      '    principal AWS "*" @ more/main.tf:46:87-46:90 «"*"»',
      '    action "es:*" @ more/main.tf:46:103-46:109 «"es:*"»',
      '    resource "*" @ more/main.tf:46:122-46:125 «"*"»',
      '== ssm-parameter aws_ssm_parameter.token (aws_ssm_parameter) unit more node more/main.tf:49:10-49:37 «"aws_ssm_parameter" "token"»',
      '== credential-property aws_ssm_parameter.token (aws_ssm_parameter) unit more node more/main.tf:49:10-49:37 «"aws_ssm_parameter" "token"»',
      '  value "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0" @ more/main.tf:52:11-52:49 «"tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0"»',
      "  named api-token",
      '== credential-property provider.aws.west (provider) unit more node more/main.tf:55:10-55:15 «"aws"»',
      "  secret_key unresolved var.secret_key @ more/main.tf:57:16-57:30 «var.secret_key» parameter secret_key",
      "  not stored",
      '== iam-principal aws_iam_user.ci (aws_iam_user) unit more node more/main.tf:60:10-60:29 «"aws_iam_user" "ci"»',
      "  user",
      '  name "ci" @ more/main.tf:61:10-61:14 «"ci"»',
      "  group ref aws_iam_group.deployers.name @ more/main.tf:70:13-70:41 «aws_iam_group.deployers.name»",
      '== iam-principal aws_iam_group.deployers (aws_iam_group) unit more node more/main.tf:64:10-64:37 «"aws_iam_group" "deployers"»',
      "  group",
      '  name "deployers" @ more/main.tf:65:10-65:21 «"deployers"»',
      '== audit-control aws_config_config_rule.unused (aws_config_config_rule) unit more node more/main.tf:73:10-73:43 «"aws_config_config_rule" "unused"»',
      "  config-rule",
      '  identifier "SECRETSMANAGER_SECRET_UNUSED" @ more/main.tf:77:25-77:55 «"SECRETSMANAGER_SECRET_UNUSED"»',
    ]);
  });
});

describe("scanning a folder", () => {
  it("links the .tf and .tf.json files of a module, reports a broken file's error line, and goes on", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { scan } = await import("../../scan/scan.js");
    const root = mkdtempSync(join(tmpdir(), "secretwarden-tf-"));
    mkdirSync(join(root, "infra"));
    writeFileSync(
      join(root, "infra", "secret.tf"),
      'resource "aws_secretsmanager_secret" "db" {\n  name       = "${var.env}/orders/db"\n  kms_key_id = aws_kms_key.k.arn\n}\n',
    );
    writeFileSync(
      join(root, "infra", "key.tf.json"),
      JSON.stringify(
        { resource: { aws_kms_key: { k: { enable_key_rotation: true } } }, variable: { env: { default: "prod" } } },
        null,
        2,
      ),
    );
    writeFileSync(
      join(root, "infra", "rotation.tf"),
      'resource "aws_secretsmanager_secret_rotation" "db" {\n  secret_id = aws_secretsmanager_secret.db.id\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}\n',
    );
    writeFileSync(join(root, "infra", "broken.tf"), 'resource "aws_kms_key" "broken" {\n  enable_key_rotation = \n}\n');
    const result = await scan({ cwd: root, paths: ["."] });
    expect(result.errors).toEqual([
      {
        file: "infra/broken.tf",
        line: 2,
        column: 3,
        message: "Terraform syntax error: unexpected name; structural rules skipped, text searched for credentials",
      },
    ]);
    // The secret's key and rotation are in other files of its folder: only the audit note remains.
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.resource}`)).toEqual([
      "audit-trail-missing infra/secret.tf:1:10 aws_secretsmanager_secret.db",
    ]);
  });
});

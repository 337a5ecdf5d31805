import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import rule from "./rule.js";

/** A secret and its rotation schedule; `rules` are the lines under `RotationRules:`. */
const template = (rules: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
  OrdersDbRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref OrdersDbSecret
      RotationLambdaARN: arn:aws:lambda:eu-west-1:111122223333:function:rotate-orders
      RotationRules:
${rules}`;

const days = (n: number | string) => template(`        AutomaticallyAfterDays: ${n}\n`);
const schedule = (expression: string) => template(`        ScheduleExpression: ${expression}\n`);

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const tfRotation = (rules: string, extra = "") => `${extra}resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"

  rotation_rules {
${rules}  }
}
`;

const TERRAFORM_VALID: ValidCase[] = [
  { name: "Terraform: every 30 days", tf: tfRotation("    automatically_after_days = 30\n") },
  { name: "Terraform: every 4 hours", tf: tfRotation('    schedule_expression = "rate(4 hours)"\n') },
  {
    name: "Terraform: days from a variable without default",
    tf: tfRotation("    automatically_after_days = var.days\n", 'variable "days" {\n  type = number\n}\n\n'),
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: every 90 days",
    tf: tfRotation("    automatically_after_days = 90\n"),
    errors: [
      {
        messageId: "days",
        message:
          "Rotation schedule aws_secretsmanager_secret_rotation.db rotates every 90 days (automatically_after_days), more than the maximum of 60 days.",
        resource: "aws_secretsmanager_secret_rotation.db",
        tf: [10, 32, 10, 34],
        tfjson: [13, 39, 13, 41],
      },
    ],
  },
  {
    name: "Terraform: days from a variable's default",
    tf: tfRotation("    automatically_after_days = var.days\n", 'variable "days" {\n  default = 120\n}\n\n'),
    errors: [
      {
        messageId: "days",
        message:
          "Rotation schedule aws_secretsmanager_secret_rotation.db rotates every 120 days (automatically_after_days, default of variable days), more than the maximum of 60 days.",
        resource: "aws_secretsmanager_secret_rotation.db",
        tf: [14, 32, 14, 40],
        tfjson: [18, 39, 18, 52],
      },
    ],
  },
  {
    name: "Terraform: a quarterly cron",
    tf: tfRotation('    schedule_expression = "cron(0 4 1 */3 ? *)"\n'),
    errors: [
      {
        messageId: "expression",
        message:
          "Rotation schedule aws_secretsmanager_secret_rotation.db rotates on cron(0 4 1 */3 ? *): up to 92 days between rotations, more than the maximum of 60 days.",
        resource: "aws_secretsmanager_secret_rotation.db",
        tf: [10, 27, 10, 48],
        tfjson: [13, 34, 13, 55],
      },
    ],
  },
  {
    name: "Terraform: an expression Secrets Manager does not accept",
    tf: tfRotation('    schedule_expression = "rate(2 fortnights)"\n'),
    errors: [
      {
        messageId: "invalid",
        message:
          "Rotation schedule aws_secretsmanager_secret_rotation.db has a schedule_expression secretwarden cannot read, rate(2 fortnights): rate unit fortnights is not one of minutes, hours, days.",
        resource: "aws_secretsmanager_secret_rotation.db",
        tf: [10, 27, 10, 47],
        tfjson: [13, 34, 13, 54],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    { name: "30 days", yaml: days(30) },
    { name: "exactly the maximum of 60 days", yaml: days(60) },
    { name: "days as a string", yaml: days("'45'") },
    { name: "rate(30 days)", yaml: schedule("rate(30 days)") },
    { name: "rate(60 days)", yaml: schedule("'rate(60 days)'") },
    { name: "rate in hours", yaml: schedule("rate(12 hours)") },
    { name: "monthly cron: at most 31 days", yaml: schedule("cron(0 4 1 * ? *)") },
    { name: "first Monday of the month: at most 35 days", yaml: schedule("cron(0 4 ? * MON#1 *)") },
    { name: "every four hours", yaml: schedule("cron(0 */4 * * ? *)") },
    { name: "maxDays raised to 90", yaml: days(90), options: { maxDays: 90 } },
    { name: "quarterly cron under maxDays 92", yaml: schedule("cron(0 0 1 1/3 ? *)"), options: { maxDays: 92 } },
    {
      name: "days from a parameter without default are not guessed",
      yaml: template(
        "        AutomaticallyAfterDays: !Ref RotationDays\n",
        "Parameters:\n  RotationDays:\n    Type: Number\n",
      ),
    },
    {
      name: "expression from a parameter without default is not guessed",
      yaml: template(
        "        ScheduleExpression: !Ref RotationSchedule\n",
        "Parameters:\n  RotationSchedule:\n    Type: String\n",
      ),
    },
    {
      name: "expression built by Sub from a parameter without default is not guessed",
      yaml: template(
        "        ScheduleExpression: !Sub 'rate(${RotationDays} days)'\n",
        "Parameters:\n  RotationDays:\n    Type: Number\n",
      ),
    },
    {
      name: "a condition is not guessed",
      yaml: template(
        "        AutomaticallyAfterDays: !If [IsProd, 30, 365]\n",
        "Conditions:\n  IsProd: !Equals [!Ref AWS::AccountId, '111122223333']\n",
      ),
    },
    { name: "a cron that never fires has no interval", yaml: schedule("cron(0 0 30 2 ? *)") },
    { name: "no rotation rules at all is another rule's business", yaml: template("        Duration: 2h\n") },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "90 days",
      yaml: days(90),
      errors: [
        {
          messageId: "days",
          message:
            "Rotation schedule OrdersDbRotation rotates every 90 days (AutomaticallyAfterDays), more than the maximum of 60 days.",
          resource: "OrdersDbRotation",
          yaml: [11, 33, 11, 35],
          json: [15, 37, 15, 39],
        },
      ],
    },
    {
      name: "maxDays lowered to 30 and days from a parameter default",
      yaml: template(
        "        AutomaticallyAfterDays: !Ref RotationDays\n",
        "Parameters:\n  RotationDays:\n    Type: Number\n    Default: 45\n",
      ),
      options: { maxDays: 30 },
      errors: [
        {
          messageId: "days",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates every 45 days (AutomaticallyAfterDays, default of parameter RotationDays), more than the maximum of 30 days.",
          yaml: [15, 33, 15, 50],
          json: [21, 37, 23, 12],
        },
      ],
    },
    {
      name: "rate(90 days)",
      yaml: schedule("rate(90 days)"),
      errors: [
        {
          messageId: "expression",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates on rate(90 days): up to 90 days between rotations, more than the maximum of 60 days.",
          yaml: [11, 29, 11, 42],
          json: [15, 33, 15, 48],
        },
      ],
    },
    {
      name: "rate in hours, with one decimal",
      yaml: schedule("rate(1500 hours)"),
      errors: [
        {
          messageId: "expression",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates on rate(1500 hours): up to 62.5 days between rotations, more than the maximum of 60 days.",
          yaml: [11, 29, 11, 45],
          json: [15, 33, 15, 51],
        },
      ],
    },
    {
      name: "quarterly cron",
      yaml: schedule("cron(0 0 1 1/3 ? *)"),
      errors: [
        {
          messageId: "expression",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates on cron(0 0 1 1/3 ? *): up to 92 days between rotations, more than the maximum of 60 days.",
          yaml: [11, 29, 11, 48],
          json: [15, 33, 15, 54],
        },
      ],
    },
    {
      name: "the 31st of each month: 61 days from 31 March to 31 May",
      yaml: schedule("'cron(0 0 31 * ? *)'"),
      errors: [
        {
          messageId: "expression",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates on cron(0 0 31 * ? *): up to 61 days between rotations, more than the maximum of 60 days.",
          yaml: [11, 29, 11, 49],
          json: [15, 33, 15, 53],
        },
      ],
    },
    {
      name: "29 February",
      yaml: schedule("cron(0 0 29 2 ? *)"),
      errors: [
        {
          messageId: "expression",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates on cron(0 0 29 2 ? *): up to 1461 days between rotations, more than the maximum of 60 days.",
          yaml: [11, 29, 11, 47],
          json: [15, 33, 15, 53],
        },
      ],
    },
    {
      name: "two firings a day, every other month: a gap that is not whole days",
      yaml: schedule("cron(0 0,23 1 */2 ? *)"),
      errors: [
        {
          messageId: "expression",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates on cron(0 0,23 1 */2 ? *): up to 61.0 days between rotations, more than the maximum of 60 days.",
          yaml: [11, 29, 11, 51],
          json: [15, 33, 15, 57],
        },
      ],
    },
    {
      name: "cron from a parameter default",
      yaml: template(
        "        ScheduleExpression: !Ref RotationSchedule\n",
        "Parameters:\n  RotationSchedule:\n    Type: String\n    Default: cron(0 0 1 1,7 ? *)\n",
      ),
      errors: [
        {
          messageId: "expression",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates on cron(0 0 1 1,7 ? *) (default of parameter RotationSchedule): up to 184 days between rotations, more than the maximum of 60 days.",
          yaml: [15, 29, 15, 50],
          json: [21, 33, 23, 12],
        },
      ],
    },
    {
      name: "a cron with five fields",
      yaml: schedule("cron(0 0 1 * *)"),
      errors: [
        {
          messageId: "invalid",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation has a ScheduleExpression secretwarden cannot read, cron(0 0 1 * *): a cron expression has 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), this one has 5.",
          yaml: [11, 29, 11, 44],
          json: [15, 33, 15, 50],
        },
      ],
    },
    {
      name: "a cron with both day fields set",
      yaml: schedule("cron(0 0 1 * MON *)"),
      errors: [
        {
          messageId: "invalid",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation has a ScheduleExpression secretwarden cannot read, cron(0 0 1 * MON *): one of Day-of-month and Day-of-week must be ?.",
          yaml: [11, 29, 11, 48],
          json: [15, 33, 15, 54],
        },
      ],
    },
    {
      name: "both AutomaticallyAfterDays and an expression too long",
      yaml: template("        AutomaticallyAfterDays: 365\n        ScheduleExpression: rate(365 days)\n"),
      errors: [
        {
          messageId: "days",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates every 365 days (AutomaticallyAfterDays), more than the maximum of 60 days.",
          yaml: [11, 33, 11, 36],
          json: [15, 37, 15, 40],
        },
        {
          messageId: "expression",
          resource: "OrdersDbRotation",
          message:
            "Rotation schedule OrdersDbRotation rotates on rate(365 days): up to 365 days between rotations, more than the maximum of 60 days.",
          yaml: [12, 29, 12, 43],
          json: [16, 33, 16, 49],
        },
      ],
    },
  ],
});

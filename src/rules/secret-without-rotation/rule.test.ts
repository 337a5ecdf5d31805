import { describe, expect, it } from "vitest";
import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

const SECRET = `  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/db
      GenerateSecretString:
        SecretStringTemplate: '{"username": "orders"}'
        GenerateStringKey: password
`;

const schedule = (
  secretId: string,
  body = "      HostedRotationLambda:\n        RotationType: PostgreSQLSingleUser\n",
) => `  OrdersDbRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: ${secretId}
${body}      RotationRules:
        AutomaticallyAfterDays: 30
`;

const template = (resources: string) => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::SecretsManager-2020-07-23
Resources:
${resources}`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  {
    name: "Terraform: rotation resource referencing the secret",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"

  rotation_rules {
    automatically_after_days = 30
  }
}
`,
  },
  {
    name: "Terraform: rotation naming the secret by its literal name",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = "prod/orders/db"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"

  rotation_rules {
    schedule_expression = "rate(30 days)"
  }
}
`,
  },
  {
    name: "Terraform: rotation written in the secret's own block (provider before v5)",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name                = "prod/orders/db"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"

  rotation_rules {
    automatically_after_days = 30
  }
}
`,
  },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  {
    name: "Terraform: the rotation resource rotates another secret",
    tf: `resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret" "api" {
  name = "prod/orders/api"
}

resource "aws_secretsmanager_secret_rotation" "api" {
  secret_id           = aws_secretsmanager_secret.api.arn
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"

  rotation_rules {
    automatically_after_days = 30
  }
}
`,
    errors: [
      {
        messageId: "missing",
        message: "Secret aws_secretsmanager_secret.db has no rotation schedule.",
        resource: "aws_secretsmanager_secret.db",
        tf: [1, 10, 1, 42],
        tfjson: [4, 7, 4, 11],
      },
    ],
  },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    {
      name: "schedule with SecretId !Ref and a hosted rotation lambda",
      yaml: template(SECRET + schedule("!Ref OrdersDbSecret")),
    },
    {
      name: "schedule with a rotation lambda ARN",
      yaml: template(
        SECRET + schedule("!Ref OrdersDbSecret", "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"),
      ),
    },
    { name: "schedule naming the secret by Sub", yaml: template(SECRET + schedule("!Sub '${OrdersDbSecret}'")) },
    { name: "schedule naming the secret by its literal name", yaml: template(SECRET + schedule("prod/orders/db")) },
    {
      name: "a Terraform secret whose rotation is in another file of its module",
      files: {
        "infra/secret.tf": 'resource "aws_secretsmanager_secret" "db" {\n  name = "prod/orders/db"\n}\n',
        "infra/rotation.tf": [
          'resource "aws_secretsmanager_secret_rotation" "db" {',
          "  secret_id           = aws_secretsmanager_secret.db.id",
          '  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"',
          "  rotation_rules {",
          "    automatically_after_days = 30",
          "  }",
          "}",
          "",
        ].join("\n"),
      },
    },
    {
      name: "schedule naming the secret by ARN with the random suffix",
      yaml: template(SECRET + schedule("arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-AbC123")),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "no schedule at all",
      yaml: template(SECRET),
      errors: [
        {
          messageId: "missing",
          message: "Secret OrdersDbSecret has no rotation schedule.",
          resource: "OrdersDbSecret",
          yaml: [4, 3, 4, 17],
          json: [5, 5, 5, 21],
        },
      ],
    },
    {
      name: "schedule for another secret",
      yaml: template(`${SECRET + schedule("!Ref OtherSecret")}  OtherSecret:\n    Type: AWS::SecretsManager::Secret\n`),
      errors: [
        {
          messageId: "missing",
          resource: "OrdersDbSecret",
          message: "Secret OrdersDbSecret has no rotation schedule.",
          yaml: [4, 3, 4, 17],
          json: [5, 5, 5, 21],
        },
      ],
    },
    {
      name: "schedule whose target cannot be resolved does not count",
      yaml: template(SECRET + schedule("!ImportValue SharedSecretArn")),
      errors: [
        {
          messageId: "missing",
          resource: "OrdersDbSecret",
          message: "Secret OrdersDbSecret has no rotation schedule.",
          yaml: [4, 3, 4, 17],
          json: [5, 5, 5, 21],
        },
      ],
    },
  ],
});

describe("secret-without-rotation across files", () => {
  const secretFile = { path: "infra/secrets.yaml", text: template(SECRET) };

  it("links a schedule in another template by the secret's literal name", async () => {
    const rotation = { path: "infra/rotation.yaml", text: template(schedule("prod/orders/db")) };
    expect(await analyze([rule], [secretFile, rotation])).toEqual([]);
  });

  it("links a schedule in a JSON template by the secret's ARN", async () => {
    const rotation = {
      path: "infra/rotation.json",
      text: JSON.stringify({
        Resources: {
          Rotation: {
            Type: "AWS::SecretsManager::RotationSchedule",
            Properties: {
              SecretId: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-x1Y2z3",
              RotationRules: { AutomaticallyAfterDays: 30 },
            },
          },
        },
      }),
    };
    expect(await analyze([rule], [secretFile, rotation])).toEqual([]);
  });

  it("does not link a schedule for a differently named secret in another template", async () => {
    const rotation = { path: "infra/rotation.yaml", text: template(schedule("prod/orders/db-replica")) };
    const findings = await analyze([rule], [secretFile, rotation]);
    expect(findings.map((f) => [f.file, f.line, f.resource])).toEqual([["infra/secrets.yaml", 4, "OrdersDbSecret"]]);
  });

  it("does not link a Ref in another template to a secret of the same logical ID", async () => {
    const rotation = { path: "infra/rotation.yaml", text: template(schedule("!Ref OrdersDbSecret")) };
    const findings = await analyze([rule], [secretFile, rotation]);
    expect(findings.map((f) => [f.file, f.resource])).toEqual([["infra/secrets.yaml", "OrdersDbSecret"]]);
  });
});

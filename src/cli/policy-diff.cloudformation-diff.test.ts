/**
 * The evaluation of `@aws-cdk/cloudformation-diff` for `--diff-base` (issue 7 asked to use it "if it serves"). It is
 * a devDependency only, and these tests pin what its IAM change table (`fullDiff(...).iamChanges`) sees and misses:
 *
 * - an `AWS::SecretsManager::ResourcePolicy` is read by a generic rule that takes the first property whose name
 *   contains "Policy" as the policy document. With `BlockPublicPolicy` written before `ResourcePolicy` that is the
 *   boolean, and the change is not seen at all; with `ResourcePolicy` given as a JSON string (as CloudFormation's own
 *   documentation writes it) the string has no `Statement` and nothing is seen either;
 * - it reads CloudFormation templates only: Terraform is out of its reach;
 * - it compares whole statements, not IAM wildcards: `s3:Get*` -> `s3:GetObject` is "broadened" for it.
 *
 * So it does not serve: secretwarden keeps its own comparison (`policy-diff.ts`), which sees each of these. Where the
 * package does see changes (AWS::IAM::Policy, ManagedPolicy, inline policies, trust and key policies), it is the
 * oracle: every principal, action and resource it lists in an added statement and in no removed one must be in our
 * broadenings, unless it is a narrowing our wildcard comparison knows to be one.
 */
import { fullDiff } from "@aws-cdk/cloudformation-diff";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { broadened } from "../test-support/policy-diff.js";

type Template = Record<string, unknown>;

/**
 * What the package reports: the values of its added statements (`fullDiff(before, after)`) that none of the base's
 * statements has, as it renders them (`fullDiff(empty, before)`: it writes a key policy's `"*"` as `${Key.Arn}`).
 */
function cdkAdded(
  before: Template,
  after: Template,
): { broadened: boolean; principals: string[]; actions: string[]; resources: string[] } {
  const { iamChanges } = fullDiff(before, after);
  const base = fullDiff({ Resources: {} }, before).iamChanges.statements.additions;
  const added = (which: "principals" | "actions" | "resources") => {
    const old = new Set(base.flatMap((s) => s[which].values));
    return [
      ...new Set(iamChanges.statements.additions.flatMap((s) => s[which].values).filter((v) => !old.has(v))),
    ].sort();
  };
  return {
    broadened: iamChanges.permissionsBroadened,
    principals: added("principals"),
    actions: added("actions"),
    resources: added("resources"),
  };
}

/** The package's way of writing a value (`AWS:arn...`, `AWS:${Role}`, `${Secret}`) as ours (`AWS: arn...`, `role: !Ref Role`, `!Ref Secret`). */
function ours(value: string): RegExp {
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const ref = /^(?:(\w+):)?\$\{([^}.]+)(?:\.([^}]+))?\}$/.exec(value);
  if (ref) {
    const target = ref[3] ? `!GetAtt ${ref[2]}\\.${escaped(ref[3])}` : `!Ref ${ref[2]}`;
    return ref[1] ? new RegExp(`^(role|user|group|AWS): ${target}$`) : new RegExp(`^${target}$`);
  }
  const typed = /^(AWS|Service|Federated|CanonicalUser):(.*)$/.exec(value);
  return typed ? new RegExp(`^${typed[1]}: ${escaped(typed[2] as string)}$`) : new RegExp(`^${escaped(value)}$`);
}

async function compare(beforeYaml: string, afterYaml: string) {
  const cdk = cdkAdded(parse(beforeYaml) as Template, parse(afterYaml) as Template);
  const [mine, ...more] = await broadened({ "stack.yaml": beforeYaml }, { "stack.yaml": afterYaml });
  return { cdk, mine, more };
}

const HEADER = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';

const secretPolicy = (
  principal: string,
  actions: string[],
  form: "object" | "string",
  blockFirst: boolean | undefined,
) => {
  const document = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: actions, Resource: "*" }],
  };
  const policy = form === "string" ? `'${JSON.stringify(document)}'` : JSON.stringify(document);
  const block = "      BlockPublicPolicy: true\n";
  return `${HEADER}  AppSecret:
    Type: AWS::SecretsManager::Secret
  AppSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: { Ref: AppSecret }
${blockFirst === true ? block : ""}      ResourcePolicy: ${policy}
${blockFirst === false ? block : ""}`;
};

const READER = "arn:aws:iam::111122223333:role/reader";
const OTHER = "arn:aws:iam::444455556666:root";
const GET = "secretsmanager:GetSecretValue";
const PUT = "secretsmanager:PutSecretValue";

describe("@aws-cdk/cloudformation-diff on AWS::SecretsManager::ResourcePolicy", () => {
  const expected = { principals: [`AWS: ${OTHER}`], actions: [PUT], resources: [] };

  it("sees a change of a policy given as an object without BlockPublicPolicy (and so do we)", async () => {
    const { cdk, mine } = await compare(
      secretPolicy(READER, [GET], "object", undefined),
      secretPolicy(OTHER, [GET, PUT], "object", undefined),
    );
    expect(cdk).toEqual({ broadened: true, principals: [`AWS:${OTHER}`], actions: [PUT], resources: [] });
    expect(mine).toMatchObject(expected);
  });

  it("misses it when BlockPublicPolicy comes before ResourcePolicy: it reads the first *Policy* property (we see it)", async () => {
    const { cdk, mine } = await compare(
      secretPolicy(READER, [GET], "object", true),
      secretPolicy(OTHER, [GET, PUT], "object", true),
    );
    expect(cdk).toEqual({ broadened: false, principals: [], actions: [], resources: [] });
    expect(mine).toMatchObject(expected);
    // The same templates with the property order swapped: now it sees them. The order of keys decides.
    expect(
      cdkAdded(
        parse(secretPolicy(READER, [GET], "object", false)) as Template,
        parse(secretPolicy(OTHER, [GET, PUT], "object", false)) as Template,
      ).broadened,
    ).toBe(true);
  });

  it("misses it when ResourcePolicy is a JSON string, with or without BlockPublicPolicy (we see it)", async () => {
    for (const block of [undefined, true, false]) {
      const { cdk, mine } = await compare(
        secretPolicy(READER, [GET], "string", block),
        secretPolicy(OTHER, [GET, PUT], "string", block),
      );
      expect(cdk).toEqual({ broadened: false, principals: [], actions: [], resources: [] });
      expect(mine).toMatchObject(expected);
    }
  });
});

describe("@aws-cdk/cloudformation-diff and Terraform", () => {
  it("reads CloudFormation only: a Terraform policy change is nothing to it (we see it)", async () => {
    const tf = (actions: string) => `resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ${actions}, Resource = "*" }]
  })
}
`;
    // The closest thing it could be given: the .tf.json form of the same module.
    const tfJson = (actions: string[]) => ({
      resource: {
        aws_iam_policy: {
          reader: {
            name: "reader",
            policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }),
          },
        },
      },
    });
    expect(fullDiff(tfJson([GET]), tfJson([GET, PUT])).iamChanges.hasChanges).toBe(false);
    const mine = await broadened({ "main.tf": tf(`["${GET}"]`) }, { "main.tf": tf(`["${GET}", "secretsmanager:*"]`) });
    expect(mine).toEqual([
      {
        file: "main.tf",
        resource: "aws_iam_policy.reader",
        policyType: "identity",
        line: 3,
        newPolicy: false,
        principals: [],
        actions: ["secretsmanager:*"],
        resources: [],
        actionWildcards: [{ action: "secretsmanager:*", adds: 22, sensitive: expect.arrayContaining([PUT]) }],
      },
    ]);
  });
});

describe("@aws-cdk/cloudformation-diff as the oracle where it sees IAM changes", () => {
  const cases: { name: string; before: string; after: string }[] = [
    {
      name: "AWS::IAM::Policy: a new action and resource, attached to one more role",
      before: `${HEADER}  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: "sts:AssumeRole" }] }
  Worker:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: "sts:AssumeRole" }] }
  Reader:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: reader
      Roles: [{ Ref: App }]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: "${GET}", Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf" }] }
`,
      after: `${HEADER}  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: "sts:AssumeRole" }] }
  Worker:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: "sts:AssumeRole" }] }
  Reader:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: reader
      Roles: [{ Ref: App }, { Ref: Worker }]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: ["${GET}", "kms:Decrypt"], Resource: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf", "arn:aws:kms:us-east-1:111122223333:key/*"] }] }
`,
    },
    {
      name: "a role's trust policy: another account and a service",
      before: `${HEADER}  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: "${READER}" }, Action: "sts:AssumeRole" }] }
`,
      after: `${HEADER}  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: ["${READER}", "${OTHER}"], Service: ec2.amazonaws.com }, Action: ["sts:AssumeRole", "sts:TagSession"] }] }
`,
    },
    {
      name: "an inline policy of a role on a secret of the template",
      before: `${HEADER}  AppSecret:
    Type: AWS::SecretsManager::Secret
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
      Policies: [{ PolicyName: p, PolicyDocument: { Statement: [{ Effect: Allow, Action: "secretsmanager:DescribeSecret", Resource: { Ref: AppSecret } }] } }]
`,
      after: `${HEADER}  AppSecret:
    Type: AWS::SecretsManager::Secret
  OtherSecret:
    Type: AWS::SecretsManager::Secret
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
      Policies: [{ PolicyName: p, PolicyDocument: { Statement: [{ Effect: Allow, Action: "secretsmanager:*", Resource: [{ Ref: AppSecret }, { Ref: OtherSecret }] }] } }]
`,
    },
    {
      name: "a KMS key policy: another account may decrypt",
      before: `${HEADER}  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }] }
`,
      after: `${HEADER}  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }, { Effect: Allow, Principal: { AWS: "${OTHER}" }, Action: "kms:Decrypt", Resource: "*" }] }
`,
    },
  ];

  it.each(cases)("$name: every value it adds is in our broadenings", async ({ before, after }) => {
    const { cdk, mine, more } = await compare(before, after);
    expect(cdk.broadened).toBe(true);
    expect(more).toEqual([]);
    const reported = (which: "principals" | "actions" | "resources") => mine?.[which] ?? [];
    for (const which of ["principals", "actions", "resources"] as const) {
      // kms:Decrypt under kms:* of the same key policy is covered: a value the base already allowed through a wildcard.
      const relevant = cdk[which].filter(
        (value) => !(which === "actions" && value === "kms:Decrypt" && before.includes('"kms:*"')),
      );
      for (const value of relevant)
        expect(reported(which), `${which} ${value}`).toEqual(
          expect.arrayContaining([expect.stringMatching(ours(value))]),
        );
    }
  });

  it("the one case below where it and we disagree: a key policy's new statement whose action the base's kms:* covered", async () => {
    const keyCase = cases[3] as (typeof cases)[number];
    const { cdk, mine } = await compare(keyCase.before, keyCase.after);
    expect(cdk.actions).toEqual(["kms:Decrypt"]);
    expect(mine).toMatchObject({ principals: [`AWS: ${OTHER}`], actions: [] });
  });

  it("reports a narrowing as a broadening: s3:Get* -> s3:GetObject (we report nothing)", async () => {
    const policy = (action: string) => `${HEADER}  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
  Reader:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: reader
      Roles: [{ Ref: App }]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: "${action}", Resource: "*" }] }
`;
    const { cdk, mine } = await compare(policy("s3:Get*"), policy("s3:GetObject"));
    expect(cdk).toMatchObject({ broadened: true, actions: ["s3:GetObject"] });
    expect(mine).toBeUndefined();
  });
});

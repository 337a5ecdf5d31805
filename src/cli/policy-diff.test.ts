import { describe, expect, it } from "vitest";
import type { PolicyBroadening } from "../engine/types.js";
import { broadened } from "../test-support/policy-diff.js";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret";

const identity = (action: string, resource = `${SECRET_ARN}:prod/*`) => ({
  "stack.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ${action}
            Resource: ${resource}
`,
});

const resourcePolicy = (principal: string, action: string) => ({
  "stack.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppSecret:
    Type: AWS::SecretsManager::Secret
  AppSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref AppSecret
      BlockPublicPolicy: true
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "${principal}" }
            Action: ${action}
            Resource: "*"
`,
});

const entry = (fields: Partial<PolicyBroadening>): PolicyBroadening => ({
  file: "stack.yaml",
  resource: "Reader",
  policyType: "identity",
  line: 7,
  newPolicy: false,
  principals: [],
  actions: [],
  resources: [],
  ...fields,
});

const SECRETSMANAGER_SENSITIVE_BUT_GET = [
  "secretsmanager:BatchGetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecret",
  "secretsmanager:UpdateSecretVersionStage",
  "secretsmanager:RotateSecret",
  "secretsmanager:DeleteSecret",
  "secretsmanager:PutResourcePolicy",
  "secretsmanager:DeleteResourcePolicy",
];

describe("action wildcards", () => {
  it("expands a new wildcard with the IAM catalogue: the actions it adds and the sensitive ones", async () => {
    expect(await broadened(identity("secretsmanager:GetSecretValue"), identity('"secretsmanager:*"'))).toEqual([
      entry({
        actions: ["secretsmanager:*"],
        actionWildcards: [{ action: "secretsmanager:*", adds: 22, sensitive: SECRETSMANAGER_SENSITIVE_BUT_GET }],
      }),
    ]);
  });

  it("does not report a narrowing: s3:Get* at the base covers s3:GetObject", async () => {
    expect(await broadened(identity("s3:Get*", '"*"'), identity("s3:GetObject", '"*"'))).toEqual([]);
  });

  it("reports the reverse, a wildcard that adds only non-sensitive actions, with no sensitive ones", async () => {
    const [only] = await broadened(identity("s3:GetObject", '"*"'), identity("s3:Get*", '"*"'));
    expect(only?.actions).toEqual(["s3:Get*"]);
    expect(only?.actionWildcards?.[0]?.sensitive).toEqual([]);
    expect(only?.actionWildcards?.[0]?.adds).toBeGreaterThan(20);
  });

  it("matches actions without regard to case, as IAM does", async () => {
    expect(await broadened(identity("secretsmanager:Get*"), identity("secretsmanager:get*"))).toEqual([]);
    expect(await broadened(identity("secretsmanager:get*"), identity("secretsmanager:GetSecretValue"))).toEqual([]);
    expect(
      await broadened(identity("secretsmanager:getsecretvalue"), identity("secretsmanager:GetSecretValue")),
    ).toEqual([]);
  });

  it("does not report a wildcard whose every action the base already listed", async () => {
    const before = identity("[secretsmanager:DescribeSecret, secretsmanager:GetSecretValue]");
    // Describe* expands to DescribeSecret only.
    expect(await broadened(before, identity("secretsmanager:Describe*"))).toEqual([]);
    expect(await broadened(identity("secretsmanager:GetSecretValue"), identity("secretsmanager:Describe*"))).toEqual([
      entry({
        actions: ["secretsmanager:Describe*"],
        actionWildcards: [{ action: "secretsmanager:Describe*", adds: 1, sensitive: [] }],
      }),
    ]);
  });

  it("reports a wildcard of a service the catalogue does not know as written, without an expansion", async () => {
    expect(await broadened(identity("secretsmanager:GetSecretValue"), identity("nosuchservice:Get*"))).toEqual([
      entry({ actions: ["nosuchservice:Get*"] }),
    ]);
  });

  it("expands Action: * of a secret's resource policy to the actions of Secrets Manager", async () => {
    const before = resourcePolicy("arn:aws:iam::444455556666:root", "secretsmanager:GetSecretValue");
    const after = resourcePolicy("arn:aws:iam::444455556666:root", '"*"');
    expect(await broadened(before, after)).toEqual([
      entry({
        resource: "AppSecretPolicy",
        policyType: "secret-resource-policy",
        line: 11,
        actions: ["*"],
        actionWildcards: [{ action: "*", adds: 22, sensitive: SECRETSMANAGER_SENSITIVE_BUT_GET }],
      }),
    ]);
  });

  it("compares NotAction values as written: a shorter NotAction list is not mistaken for a narrowing", async () => {
    const notAction = (list: string) => ({
      "stack.yaml": identity("x")["stack.yaml"].replace("Action: x", `NotAction: ${list}`),
    });
    expect(await broadened(notAction("[iam:*, kms:*]"), notAction("iam:*"))).toEqual([]);
    expect(await broadened(identity("secretsmanager:GetSecretValue"), notAction("iam:*"))).toEqual([
      entry({ actions: ["NotAction iam:*"] }),
    ]);
  });
});

describe("resources and principals with wildcards", () => {
  it("a resource under a base wildcard is covered; resources match case-sensitively", async () => {
    const action = "secretsmanager:GetSecretValue";
    expect(
      await broadened(identity(action, `${SECRET_ARN}:prod/*`), identity(action, `${SECRET_ARN}:prod/db-AbCdEf`)),
    ).toEqual([]);
    expect(
      await broadened(identity(action, `${SECRET_ARN}:prod/*`), identity(action, `${SECRET_ARN}:Prod/db-AbCdEf`)),
    ).toEqual([entry({ resources: [`${SECRET_ARN}:Prod/db-AbCdEf`] })]);
    expect(
      await broadened(identity(action, `${SECRET_ARN}:prod/db-AbCdEf`), identity(action, `${SECRET_ARN}:prod/*`)),
    ).toEqual([entry({ resources: [`${SECRET_ARN}:prod/*`] })]);
    // A value that cannot be read (a parameter without default here) is covered only by `*` or by itself.
    expect(await broadened(identity(action, '"*"'), identity(action, "!Ref AppSecret"))).toEqual([]);
    expect(await broadened(identity(action, "!Ref AppSecret"), identity(action, "!Ref AppSecret"))).toEqual([]);
    expect(await broadened(identity(action, `${SECRET_ARN}:*`), identity(action, "!Ref AppSecret"))).toEqual([
      entry({ resources: ["(unresolved: Ref AppSecret)"] }),
    ]);
  });

  it("an account root covers the roles of that account, not of another; * covers everyone", async () => {
    const action = "secretsmanager:GetSecretValue";
    const root = resourcePolicy("arn:aws:iam::444455556666:root", action);
    const bare = resourcePolicy("444455556666", action);
    const role = resourcePolicy("arn:aws:iam::444455556666:role/reader", action);
    const otherRole = resourcePolicy("arn:aws:iam::777788889999:role/reader", action);
    const at = { resource: "AppSecretPolicy", policyType: "secret-resource-policy", line: 11 };
    expect(await broadened(root, role)).toEqual([]);
    expect(await broadened(bare, role)).toEqual([]);
    expect(await broadened(root, bare)).toEqual([]);
    expect(await broadened(role, root)).toEqual([
      entry({ ...at, principals: ["AWS: arn:aws:iam::444455556666:root"] }),
    ]);
    expect(await broadened(root, otherRole)).toEqual([
      entry({ ...at, principals: ["AWS: arn:aws:iam::777788889999:role/reader"] }),
    ]);
    expect(await broadened(role, resourcePolicy("*", action))).toEqual([entry({ ...at, principals: ["AWS: *"] })]);
    expect(await broadened(resourcePolicy("*", action), otherRole)).toEqual([]);
  });

  it("a policy that is new is reported whole", async () => {
    expect(await broadened({}, identity("secretsmanager:GetSecretValue"))).toEqual([
      entry({ newPolicy: true, actions: ["secretsmanager:GetSecretValue"], resources: [`${SECRET_ARN}:prod/*`] }),
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { loadDocumentFile } from "../load.js";
import { SourceFile, type PNode } from "../../core/positioned.js";
import { parseYaml } from "../yaml.js";
import { isReference, type Field, type PolicyDocument, type PolicyStatement } from "../../model/entities.js";
import { normalizePolicy, policyFromJsonString } from "./normalize.js";

async function policiesOf(path: string, text: string): Promise<PolicyDocument[]> {
  const loaded = await loadDocumentFile(new SourceFile(path, text), path.endsWith(".json") ? "json" : "yaml");
  expect(loaded.error).toBeUndefined();
  return loaded.entities.filter((e): e is PolicyDocument => e.kind === "policy");
}

async function policyOf(path: string, text: string): Promise<PolicyDocument> {
  const [policy, ...rest] = await policiesOf(path, text);
  expect(rest).toEqual([]);
  if (!policy) throw new Error(`no policy in ${path}`);
  return policy;
}

/** `line:column-endLine:endColumn «text»`: where a node is, and what it covers. */
function at(node: PNode): string {
  const { start, end } = node.file.span(node);
  const text = node.file.text.slice(node.start, node.end);
  return `${start.line}:${start.column}-${end.line}:${end.column}${text.includes("\n") ? "" : ` «${text}»`}`;
}

const field = (f: Field<string>): string =>
  `${isReference(f.value) ? `ref ${f.value.target}` : typeof f.value === "object" ? `unresolved ${f.value.expression}` : f.value} @ ${at(f.node)}`;

function describeStatement(s: PolicyStatement): Record<string, unknown> {
  return {
    node: at(s.node),
    ...(s.effect ? { effect: field(s.effect) } : {}),
    ...(s.principals.length ? { principals: s.principals.map((p) => `${p.type} ${field(p.value)}`) } : {}),
    ...(s.notPrincipals.length ? { notPrincipals: s.notPrincipals.map((p) => `${p.type} ${field(p.value)}`) } : {}),
    ...(s.actions.length ? { actions: s.actions.map(field) } : {}),
    ...(s.notActions.length ? { notActions: s.notActions.map(field) } : {}),
    ...(s.resources.length ? { resources: s.resources.map(field) } : {}),
    ...(s.notResources.length ? { notResources: s.notResources.map(field) } : {}),
    ...(s.conditions.length
      ? { conditions: s.conditions.map((c) => `${c.operator} ${c.key} = ${c.values.map(field).join(" | ")}`) }
      : {}),
  };
}

describe("normalizePolicy (standalone documents)", () => {
  it("takes a single Statement object, and lists of principals, actions and condition values", async () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": { "AWS": ["111122223333", "arn:aws:iam::444455556666:role/reader"], "Service": "lambda.amazonaws.com" },
    "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
    "Resource": "*",
    "Condition": {
      "StringEquals": { "aws:PrincipalOrgID": ["o-a1b2c3d4e5", "o-f6g7h8i9j0"], "aws:RequestedRegion": "eu-west-1" },
      "Bool": { "aws:SecureTransport": true }
    }
  }
}
`;
    const policy = await policyOf("policies/shared-secret.json", text);
    expect(policy.policyType).toBe("secret-resource-policy");
    expect(policy.statements.map(describeStatement)).toEqual([
      {
        node: "3:16-12:4",
        effect: 'Allow @ 4:15-4:22 «"Allow"»',
        principals: [
          'AWS 111122223333 @ 5:28-5:42 «"111122223333"»',
          'AWS arn:aws:iam::444455556666:role/reader @ 5:44-5:83 «"arn:aws:iam::444455556666:role/reader"»',
          'Service lambda.amazonaws.com @ 5:97-5:119 «"lambda.amazonaws.com"»',
        ],
        actions: [
          'secretsmanager:GetSecretValue @ 6:16-6:47 «"secretsmanager:GetSecretValue"»',
          'secretsmanager:DescribeSecret @ 6:49-6:80 «"secretsmanager:DescribeSecret"»',
        ],
        resources: ['* @ 7:17-7:20 «"*"»'],
        conditions: [
          'StringEquals aws:PrincipalOrgID = o-a1b2c3d4e5 @ 9:48-9:62 «"o-a1b2c3d4e5"» | o-f6g7h8i9j0 @ 9:64-9:78 «"o-f6g7h8i9j0"»',
          'StringEquals aws:RequestedRegion = eu-west-1 @ 9:104-9:115 «"eu-west-1"»',
          "Bool aws:SecureTransport = true @ 10:40-10:44 «true»",
        ],
      },
    ]);
  });

  it('reads Principal: "*" as everyone, and the Not forms', async () => {
    const text = `Version: "2012-10-17"
Statement:
  - Effect: Deny
    Principal: "*"
    NotAction: [s3:GetObject*]
    NotResource: arn:aws:s3:::bucket/public/*
  - Effect: Allow
    NotPrincipal: { AWS: arn:aws:iam::111122223333:root }
    Action: s3:GetObject
    Resource: arn:aws:s3:::bucket/*
`;
    const policy = await policyOf("policies/bucket.yaml", text);
    expect(policy.policyType).toBe("resource-policy");
    expect(policy.statements.map(describeStatement)).toEqual([
      {
        node: "3:5-7:1",
        effect: "Deny @ 3:13-3:17 «Deny»",
        principals: ['* * @ 4:16-4:19 «"*"»'],
        notActions: ["s3:GetObject* @ 5:17-5:30 «s3:GetObject*»"],
        notResources: ["arn:aws:s3:::bucket/public/* @ 6:18-6:46 «arn:aws:s3:::bucket/public/*»"],
      },
      {
        node: "7:5-11:1",
        effect: "Allow @ 7:13-7:18 «Allow»",
        notPrincipals: ["AWS arn:aws:iam::111122223333:root @ 8:26-8:56 «arn:aws:iam::111122223333:root»"],
        actions: ["s3:GetObject @ 9:13-9:25 «s3:GetObject»"],
        resources: ["arn:aws:s3:::bucket/* @ 10:15-10:36 «arn:aws:s3:::bucket/*»"],
      },
    ]);
  });

  it("keeps an unquoted YAML account id with a leading zero as written", async () => {
    const text = `Statement:
  - Effect: Allow
    Principal: { AWS: 012345678901 }
    Action: sqs:SendMessage
    Resource: "*"
    Condition: { NumericLessThan: { aws:MultiFactorAuthAge: 3600 } }
`;
    const [statement] = (await policyOf("queue-policy.yaml", text)).statements;
    expect(statement?.principals.map((p) => field(p.value))).toEqual(["012345678901 @ 3:23-3:35 «012345678901»"]);
    // Other numbers are their own text anyway.
    expect(statement?.conditions[0]?.values.map(field)).toEqual(["3600 @ 6:61-6:65 «3600»"]);
  });

  it("skips statements that are not objects", async () => {
    const policy = await policyOf(
      "identity.json",
      '{"Statement": ["oops", {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}, null]}',
    );
    expect(policy.statements.map((s) => at(s.node))).toEqual([
      '1:24-1:87 «{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}»',
    ]);
  });
});

describe("policyFromJsonString", () => {
  it("parses a policy written as a JSON string; every inner node spans the whole string and has its own path", () => {
    const file = new SourceFile(
      "t.yaml",
      `Policy: '{"Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}]}'\n`,
    );
    const outer = parseYaml(file).documents[0];
    const node = outer?.kind === "object" ? outer.entries[0]?.value : undefined;
    const inner = node && policyFromJsonString(node);
    if (!inner) throw new Error("not parsed");
    const [statement] = normalizePolicy(inner, (n) =>
      n.kind === "scalar" && typeof n.value === "string" ? { value: n.value, node: n } : undefined,
    );
    expect(statement?.actions.map((a) => [a.value, file.span(a.node), a.node.path])).toEqual([
      [
        "kms:Decrypt",
        { start: { line: 1, column: 9 }, end: { line: 1, column: 106 } },
        ["Policy", "Statement", 0, "Action", 0],
      ],
      [
        "kms:Encrypt",
        { start: { line: 1, column: 9 }, end: { line: 1, column: 106 } },
        ["Policy", "Statement", 0, "Action", 1],
      ],
    ]);
  });

  it("leaves strings that are not JSON objects alone", () => {
    const file = new SourceFile("t.yaml", "A: arn:aws:iam::aws:policy/ReadOnlyAccess\nB: '{not json'\nC: '[1]'\n");
    const root = parseYaml(file).documents[0];
    const values = root?.kind === "object" ? root.entries.map((e) => e.value) : [];
    expect(values.map((v) => policyFromJsonString(v))).toEqual([undefined, undefined, undefined]);
  });
});

describe("normalizePolicy (CloudFormation intrinsics)", () => {
  it("takes the statements of both branches of an Fn::If, none for AWS::NoValue or another intrinsic", async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  ReadPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - !If
            - IsProd
            - Effect: Allow
              Action: secretsmanager:GetSecretValue
              Resource: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*
            - Effect: Allow
              Action: secretsmanager:GetSecretValue
              Resource: "*"
          - !If [IsProd, !Ref AWS::NoValue, { Effect: Deny, Action: "kms:*", Resource: "*" }]
          - !ImportValue SharedStatement
  WholeIf:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: !If [IsProd, [{ Effect: Allow, Action: "s3:*", Resource: "*" }], !Ref AWS::NoValue]
`;
    const [read, whole] = await policiesOf("template.yaml", text);
    expect(read?.statements.map((s) => `${field(s.effect as Field<string>)} ${s.resources.map(field).join()}`)).toEqual(
      [
        "Allow @ 12:23-12:28 «Allow» arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/* @ 14:25-14:84 «arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*»",
        'Allow @ 15:23-15:28 «Allow» * @ 17:25-17:28 «"*"»',
        'Deny @ 18:55-18:59 «Deny» * @ 18:88-18:91 «"*"»',
      ],
    );
    expect(whole?.statements.map((s) => s.actions.map(field))).toEqual([['s3:* @ 24:59-24:65 «"s3:*"»']]);
  });
});

describe("standalone policy classification", () => {
  const document = (statement: Record<string, unknown>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [statement] }, null, 2);
  const cases: [name: string, path: string, statement: Record<string, unknown>, type: PolicyDocument["policyType"]][] =
    [
      [
        "no principal: identity",
        "policies/app.json",
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" },
        "identity",
      ],
      [
        "no principal, named like a trust policy, allowing sts:AssumeRole: still identity",
        "policies/assume-role-policy.json",
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/deploy" },
        "identity",
      ],
      [
        "no principal, named like a key policy: still identity (a key policy always names principals)",
        "policies/app-key-policy.json",
        { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" },
        "identity",
      ],
      [
        "kms actions with principals: key policy",
        "policies/app.json",
        { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "kms:*", Resource: "*" },
        "key-policy",
      ],
      [
        "named like a key policy, with principals: key policy",
        "policies/orders-key-policy.json",
        { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "*", Resource: "*" },
        "key-policy",
      ],
      [
        "camel-case key policy name",
        "policies/OrdersKmsKeyPolicy.json",
        { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "*", Resource: "*" },
        "key-policy",
      ],
      [
        "a name that merely contains 'key-policy' inside a word: by content",
        "policies/monkey-policy.json",
        { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: "*" },
        "resource-policy",
      ],
      [
        "sts:AssumeRole with sts:TagSession: trust policy",
        "policies/ci.json",
        {
          Effect: "Allow",
          Principal: { Service: "codebuild.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        },
        "trust-policy",
      ],
      [
        "a Federated principal: trust policy",
        "policies/github.json",
        {
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
        },
        "trust-policy",
      ],
      [
        "named like a trust policy, with principals: trust policy",
        "roles/deploy/TrustPolicy.json",
        { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "sts:*" },
        "trust-policy",
      ],
      [
        "a name with 'trusted' is not a trust-policy name",
        "policies/trusted-readers.json",
        { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: "*" },
        "resource-policy",
      ],
      [
        "secretsmanager actions with principals: secret resource policy",
        "policies/app.json",
        { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "secretsmanager:GetSecretValue", Resource: "*" },
        "secret-resource-policy",
      ],
      [
        "other actions with principals: resource policy",
        "policies/app.json",
        { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" },
        "resource-policy",
      ],
      [
        "a Principal whose value cannot be read still makes a resource policy",
        "policies/app.json",
        { Effect: "Allow", Principal: {}, Action: "sqs:SendMessage", Resource: "*" },
        "resource-policy",
      ],
    ];
  it.each(cases)("%s", async (_name, path, statement, type) => {
    expect((await policyOf(path, document(statement))).policyType).toBe(type);
  });

  it("is not applied to a template, nor to a JSON file without Statement", async () => {
    expect(await policiesOf("package.json", '{"name": "x", "version": "1.0.0"}')).toEqual([]);
    const template = '{"Resources": {"Statement": {"Type": "AWS::SNS::Topic"}}, "Statement": []}';
    expect((await policiesOf("template.json", template)).length).toBe(0);
  });
});

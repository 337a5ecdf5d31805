import { describe, expect, it } from "vitest";
import { SourceFile, type PNode } from "../parsers/positioned.js";
import type { Field, PolicyStatement } from "../model/entities.js";
import {
  accountOfField,
  actionMatches,
  arnParts,
  isForeignAccount,
  parseAwsPrincipal,
  principalAccount,
  principalScope,
  statementCoversAction,
  statementEffect,
} from "./principals.js";

const node: PNode = { kind: "scalar", value: "", start: 0, end: 0, file: new SourceFile("t.yaml", ""), path: [] };
const field = (value: Field<string>["value"]): Field<string> => ({ value, node });
const statement = (parts: Partial<PolicyStatement>): PolicyStatement => ({
  node, principals: [], notPrincipals: [], actions: [], notActions: [], resources: [], notResources: [], conditions: [], ...parts,
});

describe("arnParts", () => {
  it("splits an ARN into its six parts, keeping colons of the resource", () => {
    expect(arnParts("arn:aws:iam::123456789012:role/a:b")).toEqual({ partition: "aws", service: "iam", region: "", account: "123456789012", resource: "role/a:b" });
  });

  it("keeps placeholders with colons whole", () => {
    expect(arnParts("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")).toEqual({
      partition: "${AWS::Partition}", service: "iam", region: "", account: "${AWS::AccountId}", resource: "root",
    });
  });

  it.each(["123456789012", "arn:aws:iam", "alias/foo", "arn:${AWS::Partition:iam::1:root"])("%s is not an ARN", (text) => {
    expect(arnParts(text)).toBeUndefined();
  });
});

describe("parseAwsPrincipal", () => {
  it.each([
    ["*", { kind: "everyone" }],
    ["123456789012", { kind: "account", account: "123456789012", whole: true }],
    [" 123456789012 ", { kind: "account", account: "123456789012", whole: true }],
    ["arn:aws:iam::123456789012:root", { kind: "account", account: "123456789012", whole: true }],
    ["arn:aws-cn:iam::123456789012:role/path/reader", { kind: "account", account: "123456789012", whole: false }],
    ["arn:aws:iam::123456789012:user/alice", { kind: "account", account: "123456789012", whole: false }],
    ["arn:aws:sts::123456789012:assumed-role/reader/session", { kind: "account", account: "123456789012", whole: false }],
    ["${AWS::AccountId}", { kind: "own" }],
    ["arn:${AWS::Partition}:iam::${AWS::AccountId}:root", { kind: "own" }],
    ["arn:aws:iam::${AWS::AccountId}:role/reader", { kind: "own" }],
    ["arn:aws:iam::${ConsumerAccount}:root", { kind: "unknown" }],
    ["arn:aws:s3:::bucket", { kind: "unknown" }],
    ["AIDAJQABLZS4A3QDU576Q", { kind: "unknown" }],
    ["12345678901", { kind: "unknown" }],
  ])("%s", (text, expected) => {
    expect(parseAwsPrincipal(text)).toEqual(expected);
  });
});

describe("principalAccount and accountOfField", () => {
  it("takes a reference to a resource of the same template and !Ref AWS::AccountId as the own account", () => {
    expect(accountOfField(field({ kind: "reference", target: "ReaderRole", attribute: "Arn" }))).toEqual({ kind: "own" });
    expect(accountOfField(field({ kind: "unresolved", expression: "Ref AWS::AccountId" }))).toEqual({ kind: "own" });
    expect(accountOfField(field({ kind: "unresolved", expression: "Ref ConsumerAccount" }))).toEqual({ kind: "unknown" });
  });

  it("reads accounts only from AWS principals and Principal: *", () => {
    expect(principalAccount({ type: "Service", value: field("123456789012") })).toEqual({ kind: "unknown" });
    expect(principalAccount({ type: "*", value: field("*") })).toEqual({ kind: "everyone" });
    expect(principalAccount({ type: "AWS", value: field("123456789012") })).toEqual({ kind: "account", account: "123456789012", whole: true });
  });

  it("knows the configured own accounts", () => {
    const account = parseAwsPrincipal("111122223333");
    expect(isForeignAccount(account, [])).toBe(true);
    expect(isForeignAccount(account, ["111122223333"])).toBe(false);
    expect(isForeignAccount({ kind: "own" }, [])).toBe(false);
  });
});

describe("principalScope", () => {
  const condition = (operator: string, key: string, ...values: string[]) => ({ operator, key, values: values.map((v) => field(v)) });

  it("collects account and organization limits of positive operators, keys in any case", () => {
    const scope = principalScope(statement({
      conditions: [
        condition("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
        condition("ForAnyValue:StringLike", "AWS:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"),
        condition("StringEquals", "aws:principalaccount", "444455556666"),
        condition("StringEquals", "kms:CallerAccount", "777788889999"),
      ],
    }));
    expect(scope?.orgIds.map((f) => f.value)).toEqual(["o-a1b2c3d4e5"]);
    expect(scope?.orgPaths.map((f) => f.value)).toEqual(["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"]);
    expect(scope?.accounts.map((f) => f.value)).toEqual(["444455556666", "777788889999"]);
  });

  it.each(["StringNotEquals", "StringEqualsIfExists", "ForAllValues:StringEquals", "ArnLike"])("%s does not limit the principal", (operator) => {
    expect(principalScope(statement({ conditions: [condition(operator, "aws:PrincipalOrgID", "o-a1b2c3d4e5")] }))).toBeUndefined();
  });

  it("ignores conditions on other keys", () => {
    expect(principalScope(statement({ conditions: [condition("StringEquals", "kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com")] }))).toBeUndefined();
  });
});

describe("actions and effects", () => {
  it.each([
    ["kms:Decrypt", "kms:Decrypt", true],
    ["KMS:decrypt", "kms:Decrypt", true],
    ["kms:*", "kms:Decrypt", true],
    ["*", "kms:Decrypt", true],
    ["kms:De*", "kms:Decrypt", true],
    ["kms:Decryp?", "kms:Decrypt", true],
    ["kms:Encrypt", "kms:Decrypt", false],
    ["kms:Decrypt*", "kms:Decrypt", true],
    ["kms.Decrypt", "kmsXDecrypt", false],
  ])("%s matches %s: %s", (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  it("reads Action and NotAction, with unknown for unresolved actions", () => {
    const wanted = ["secretsmanager:GetSecretValue"];
    expect(statementCoversAction(statement({ actions: [field("secretsmanager:Get*")] }), wanted)).toBe("yes");
    expect(statementCoversAction(statement({ actions: [field("secretsmanager:DescribeSecret")] }), wanted)).toBe("no");
    expect(statementCoversAction(statement({ actions: [field({ kind: "unresolved", expression: "Ref Action" })] }), wanted)).toBe("unknown");
    expect(statementCoversAction(statement({ actions: [field("secretsmanager:${Verb}")] }), wanted)).toBe("unknown");
    expect(statementCoversAction(statement({ notActions: [field("secretsmanager:DeleteSecret")] }), wanted)).toBe("yes");
    expect(statementCoversAction(statement({ notActions: [field("secretsmanager:*")] }), wanted)).toBe("no");
    expect(statementCoversAction(statement({}), wanted)).toBe("no");
  });

  it("reads the effect as IAM does", () => {
    expect(statementEffect(statement({ effect: field("Allow") }))).toBe("allow");
    expect(statementEffect(statement({ effect: field("Deny") }))).toBe("deny");
    expect(statementEffect(statement({ effect: field("allow") }))).toBe("unknown");
    expect(statementEffect(statement({}))).toBe("unknown");
  });
});

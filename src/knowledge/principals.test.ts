import { describe, expect, it } from "vitest";
import { SourceFile, type PNode } from "../core/positioned.js";
import type { Field, PolicyStatement } from "../model/entities.js";
import {
  accountOfField,
  actionMatches,
  arnParts,
  callerLimitingConditions,
  conditionValueLimits,
  everyonePrincipals,
  fieldText,
  isDefaultKeyPolicyRootStatement,
  isForeignAccount,
  isLimitingOperator,
  isOwnAccountRoot,
  listText,
  mayBeOwnAccountRoot,
  splitArn,
  parseAwsPrincipal,
  principalAccount,
  principalScope,
  statementActionsText,
  statementCoversAction,
  statementEffect,
  statementElementNode,
} from "./principals.js";

const node: PNode = { kind: "scalar", value: "", start: 0, end: 0, file: new SourceFile("t.yaml", ""), path: [] };
const field = (value: Field<string>["value"]): Field<string> => ({ value, node });
const statement = (parts: Partial<PolicyStatement>): PolicyStatement => ({
  node,
  principals: [],
  notPrincipals: [],
  actions: [],
  notActions: [],
  resources: [],
  notResources: [],
  conditions: [],
  ...parts,
});

describe("arnParts", () => {
  it("splits an ARN into its six parts, keeping colons of the resource", () => {
    expect(arnParts("arn:aws:iam::123456789012:role/a:b")).toEqual({
      partition: "aws",
      service: "iam",
      region: "",
      account: "123456789012",
      resource: "role/a:b",
    });
  });

  it("keeps placeholders with colons whole", () => {
    expect(arnParts("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")).toEqual({
      partition: "${AWS::Partition}",
      service: "iam",
      region: "",
      account: "${AWS::AccountId}",
      resource: "root",
    });
  });

  it.each(["123456789012", "arn:aws:iam", "alias/foo", "arn:${AWS::Partition:iam::1:root"])(
    "%s is not an ARN",
    (text) => {
      expect(arnParts(text)).toBeUndefined();
    },
  );
});

describe("parseAwsPrincipal", () => {
  it.each([
    ["*", { kind: "everyone" }],
    ["123456789012", { kind: "account", account: "123456789012", whole: true }],
    [" 123456789012 ", { kind: "account", account: "123456789012", whole: true }],
    ["arn:aws:iam::123456789012:root", { kind: "account", account: "123456789012", whole: true }],
    ["arn:aws-cn:iam::123456789012:role/path/reader", { kind: "account", account: "123456789012", whole: false }],
    ["arn:aws:iam::123456789012:user/alice", { kind: "account", account: "123456789012", whole: false }],
    [
      "arn:aws:sts::123456789012:assumed-role/reader/session",
      { kind: "account", account: "123456789012", whole: false },
    ],
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
    expect(accountOfField(field({ kind: "reference", target: "ReaderRole", attribute: "Arn" }))).toEqual({
      kind: "own",
    });
    expect(accountOfField(field({ kind: "unresolved", expression: "Ref AWS::AccountId" }))).toEqual({ kind: "own" });
    expect(accountOfField(field({ kind: "unresolved", expression: "Ref ConsumerAccount" }))).toEqual({
      kind: "unknown",
    });
  });

  it("reads accounts only from AWS principals and Principal: *", () => {
    expect(principalAccount({ type: "Service", value: field("123456789012") })).toEqual({ kind: "unknown" });
    expect(principalAccount({ type: "*", value: field("*") })).toEqual({ kind: "everyone" });
    expect(principalAccount({ type: "AWS", value: field("123456789012") })).toEqual({
      kind: "account",
      account: "123456789012",
      whole: true,
    });
  });

  it("knows the configured own accounts", () => {
    const account = parseAwsPrincipal("111122223333");
    expect(isForeignAccount(account, [])).toBe(true);
    expect(isForeignAccount(account, ["111122223333"])).toBe(false);
    expect(isForeignAccount({ kind: "own" }, [])).toBe(false);
  });
});

describe("principalScope", () => {
  const condition = (operator: string, key: string, ...values: string[]) => ({
    operator,
    key,
    values: values.map((v) => field(v)),
  });

  it("collects account and organization limits of positive operators, keys in any case", () => {
    const scope = principalScope(
      statement({
        conditions: [
          condition("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
          condition("ForAnyValue:StringLike", "AWS:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"),
          condition("StringEquals", "aws:principalaccount", "444455556666"),
          condition("StringEquals", "kms:CallerAccount", "777788889999"),
        ],
      }),
    );
    expect(scope?.orgIds.map((f) => f.value)).toEqual(["o-a1b2c3d4e5"]);
    expect(scope?.orgPaths.map((f) => f.value)).toEqual(["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"]);
    expect(scope?.accounts.map((f) => f.value)).toEqual(["444455556666", "777788889999"]);
  });

  it.each(["StringNotEquals", "StringEqualsIfExists", "ForAllValues:StringEquals", "ArnLike"])(
    "%s does not limit the principal",
    (operator) => {
      expect(
        principalScope(statement({ conditions: [condition(operator, "aws:PrincipalOrgID", "o-a1b2c3d4e5")] })),
      ).toBeUndefined();
    },
  );

  it("ignores conditions on other keys", () => {
    expect(
      principalScope(
        statement({
          conditions: [condition("StringEquals", "kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com")],
        }),
      ),
    ).toBeUndefined();
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
    expect(
      statementCoversAction(statement({ actions: [field({ kind: "unresolved", expression: "Ref Action" })] }), wanted),
    ).toBe("unknown");
    expect(statementCoversAction(statement({ actions: [field("secretsmanager:${Verb}")] }), wanted)).toBe("unknown");
    expect(statementCoversAction(statement({ notActions: [field("secretsmanager:DeleteSecret")] }), wanted)).toBe(
      "yes",
    );
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

describe("the default key-policy root statement", () => {
  const aws = (value: Field<string>["value"]) => ({ type: "AWS", value: field(value) });
  const root = (principal: ReturnType<typeof aws>, actions = ["kms:*"], effect = "Allow") =>
    statement({
      effect: field(effect),
      principals: [principal],
      actions: actions.map((a) => field(a)),
      resources: [field("*")],
    });

  it.each([
    ["arn:${AWS::Partition}:iam::${AWS::AccountId}:root", [], true],
    ["arn:aws:iam::${AWS::AccountId}:root", [], true],
    ["${AWS::AccountId}", [], true],
    // A literal account is the own one only when ownAccounts lists it (mayBeOwnAccountRoot: undecided without it).
    ["arn:aws:iam::111122223333:root", [], false],
    ["111122223333", [], false],
    ["arn:aws:iam::111122223333:root", ["111122223333"], true],
    ["arn:aws:iam::444455556666:root", ["111122223333"], false],
    ["444455556666", ["111122223333"], false],
    ["arn:aws:iam::${AWS::AccountId}:role/KeyAdmin", [], false],
    ["arn:aws:iam::111122223333:user/Alice", [], false],
    ["arn:aws:sts::111122223333:root", [], false],
    ["*", [], false],
    ["arn:aws:iam::${OtherAccount}:root", [], false],
  ] as const)("%s with ownAccounts %j is the own account root: %s", (value, own, expected) => {
    expect(isOwnAccountRoot(aws(value), own)).toBe(expected);
  });

  it("takes !Ref AWS::AccountId for the own account, and nothing else unresolved or referenced", () => {
    expect(isOwnAccountRoot(aws({ kind: "unresolved", expression: "Ref AWS::AccountId" }), [])).toBe(true);
    expect(isOwnAccountRoot(aws({ kind: "unresolved", expression: "Ref Account" }), [])).toBe(false);
    expect(isOwnAccountRoot(aws({ kind: "reference", target: "AdminRole", attribute: "Arn" }), [])).toBe(false);
    expect(isOwnAccountRoot({ type: "Service", value: field("111122223333") }, [])).toBe(false);
  });

  it("leaves a literal account root undecided only while ownAccounts is not configured", () => {
    expect(mayBeOwnAccountRoot(aws("arn:aws:iam::111122223333:root"), [])).toBe(true);
    expect(mayBeOwnAccountRoot(aws("111122223333"), [])).toBe(true);
    expect(mayBeOwnAccountRoot(aws("111122223333"), ["444455556666"])).toBe(false);
    expect(mayBeOwnAccountRoot(aws("arn:aws:iam::111122223333:role/admin"), [])).toBe(false);
    expect(mayBeOwnAccountRoot(aws("arn:aws:iam::${AWS::AccountId}:root"), [])).toBe(false);
  });

  it("is kms:* or * allowed to the own account root, and only that", () => {
    const own = aws("arn:aws:iam::${AWS::AccountId}:root");
    expect(isDefaultKeyPolicyRootStatement(root(own), [])).toBe(true);
    expect(isDefaultKeyPolicyRootStatement(root(own, ["KMS:*"]), [])).toBe(true);
    expect(isDefaultKeyPolicyRootStatement(root(own, ["*"]), [])).toBe(true);
    expect(isDefaultKeyPolicyRootStatement(root(own, ["kms:*", "kms:Decrypt"]), [])).toBe(false);
    expect(isDefaultKeyPolicyRootStatement(root(own, ["kms:Decrypt"]), [])).toBe(false);
    expect(isDefaultKeyPolicyRootStatement(root(own, ["kms:*"], "Deny"), [])).toBe(false);
    expect(isDefaultKeyPolicyRootStatement(root(aws("*")), [])).toBe(false);
    expect(isDefaultKeyPolicyRootStatement(root(aws("arn:aws:iam::444455556666:root")), ["111122223333"])).toBe(false);
    const withEveryone = statement({ effect: field("Allow"), principals: [own, aws("*")], actions: [field("kms:*")] });
    expect(isDefaultKeyPolicyRootStatement(withEveryone, [])).toBe(false);
    const notAction = statement({ effect: field("Allow"), principals: [own], notActions: [field("kms:Decrypt")] });
    expect(isDefaultKeyPolicyRootStatement(notAction, [])).toBe(false);
  });
});

describe("conditions that limit who the caller is", () => {
  const condition = (operator: string, key: string, ...values: Field<string>["value"][]) => ({
    operator,
    key,
    values: values.map((v) => field(v)),
  });
  const limits = (...conditions: ReturnType<typeof condition>[]): boolean =>
    callerLimitingConditions(statement({ conditions })).length > 0;

  it.each([
    ["StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"],
    ["ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"],
    ["StringEquals", "AWS:PRINCIPALACCOUNT", "111122223333"],
    ["ArnLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/orders-*"],
    ["StringEquals", "aws:SourceAccount", "111122223333"],
    ["ArnEquals", "aws:SourceArn", "arn:aws:s3:::orders-uploads"],
    ["StringEquals", "aws:SourceOwner", "111122223333"],
    ["StringEquals", "aws:SourceVpc", "vpc-1a2b3c4d"],
    ["StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d"],
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24"],
    ["StringEquals", "kms:CallerAccount", "111122223333"],
    ["StringLike", "aws:userid", "AROAEXAMPLEID:*"],
    ["stringequals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"],
  ])("%s on %s = %s limits the caller", (operator, key, value) => {
    expect(limits(condition(operator, key, value))).toBe(true);
  });

  it.each([
    ["StringNotEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"],
    ["StringEqualsIfExists", "aws:PrincipalOrgID", "o-a1b2c3d4e5"],
    ["ArnLikeIfExists", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/reader"],
    ["ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"],
    ["NotIpAddress", "aws:SourceIp", "203.0.113.0/24"],
    ["Null", "aws:PrincipalOrgID", "false"],
    ["StringEquals", "aws:Referer", "https://orders.example.com/"],
    ["StringEquals", "kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com"],
    ["StringLike", "aws:PrincipalOrgID", "*"],
    ["IpAddress", "aws:SourceIp", "0.0.0.0/0"],
    ["IpAddress", "aws:SourceIp", "::/0"],
    ["ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/exporter"],
    ["ArnLike", "aws:SourceArn", "arn:aws:s3:::*"],
  ])("%s on %s = %s does not", (operator, key, value) => {
    expect(limits(condition(operator, key, value))).toBe(false);
  });

  it("needs every value of a condition to name something, and takes unresolved values as naming something", () => {
    expect(limits(condition("StringEquals", "aws:PrincipalAccount", "111122223333", "*"))).toBe(false);
    expect(
      limits(condition("StringEquals", "aws:PrincipalOrgID", { kind: "unresolved", expression: "Ref OrgId" })),
    ).toBe(true);
    expect(
      limits(condition("ArnLike", "aws:SourceArn", { kind: "reference", target: "Uploads", attribute: "Arn" })),
    ).toBe(true);
    expect(limits(condition("StringEquals", "aws:PrincipalOrgID"))).toBe(false);
  });

  it("is satisfied by one limiting condition among others (conditions are ANDed)", () => {
    expect(
      limits(
        condition("StringLike", "aws:Referer", "*"),
        condition("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
      ),
    ).toBe(true);
  });

  it("reads operators and values on their own", () => {
    expect(isLimitingOperator("ForAnyValue:ArnLike")).toBe(true);
    expect(isLimitingOperator("ForAllValues:ArnLike")).toBe(false);
    expect(isLimitingOperator("StringNotLike")).toBe(false);
    expect(conditionValueLimits(field("arn:aws:iam::111122223333:root"))).toBe(true);
    expect(conditionValueLimits(field("arn:*:*:*:*:*"))).toBe(false);
    expect(conditionValueLimits(field("??"))).toBe(false);
  });
});

describe("principals and elements for messages", () => {
  it("finds the principals that mean anyone", () => {
    const star = { type: "*", value: field("*") };
    const aws = { type: "AWS", value: field("*") };
    const named = { type: "AWS", value: field("arn:aws:iam::111122223333:root") };
    const service = { type: "Service", value: field("*") };
    const other = { type: "*", value: field("otherPrincipal") };
    expect(everyonePrincipals(statement({ principals: [star, aws, named, service, other] }))).toEqual([star, aws]);
  });

  it("names fields, lists and a statement's actions", () => {
    expect(fieldText(field(" kms:Decrypt "))).toBe("kms:Decrypt");
    expect(fieldText(field({ kind: "reference", target: "Reader", attribute: "Arn" }))).toBe("Reader.Arn");
    expect(fieldText(field({ kind: "unresolved", expression: "Fn::ImportValue" }))).toBe("Fn::ImportValue");
    expect(listText([])).toBe("");
    expect(listText(["a"])).toBe("a");
    expect(listText(["a", "b", "a"])).toBe("a and b");
    expect(listText(["a", "b", "c"])).toBe("a, b and c");
    expect(listText(["a", "b", "c", "d", "e"])).toBe("a, b, c and 2 more");
    expect(statementActionsText(statement({ actions: [field("kms:Decrypt"), field("kms:DescribeKey")] }))).toBe(
      "kms:Decrypt and kms:DescribeKey",
    );
    expect(statementActionsText(statement({ notActions: [field("iam:*")] }))).toBe("every action except iam:*");
    expect(statementActionsText(statement({}))).toBe("no action");
  });

  it("finds where a statement writes an element, falling back to its first value, then to the statement", () => {
    const written: PNode = {
      kind: "object",
      entries: [{ key: { ...node, kind: "scalar", value: "NotAction" }, value: { ...node, start: 5, end: 9 } }],
      start: 0,
      end: 10,
      file: node.file,
      path: [],
    };
    const value = field("iam:*");
    expect(statementElementNode(statement({ node: written }), "NotAction", [value]).start).toBe(5);
    const elsewhere = { ...node, start: 3, end: 4 };
    expect(statementElementNode(statement({ node: { ...node, start: 1 } }), "NotAction", [{ node: elsewhere }])).toBe(
      elsewhere,
    );
    expect(statementElementNode(statement({ node: { ...node, start: 1 } }), "NotAction", []).start).toBe(1);
  });
});

describe("splitArn and arnParts", () => {
  it("keeps placeholders with colons whole, and the resource's own colons", () => {
    expect(splitArn("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/a:b")).toEqual([
      "arn",
      "${AWS::Partition}",
      "iam",
      "",
      "${AWS::AccountId}",
      "role/a:b",
    ]);
    expect(arnParts("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf")).toEqual({
      partition: "aws",
      service: "secretsmanager",
      region: "us-east-1",
      account: "111122223333",
      resource: "secret:prod/db-AbCdEf",
    });
  });

  it("is not an ARN with an unclosed placeholder, too few parts or another prefix", () => {
    expect(arnParts("arn:${AWS::Partition:iam::111122223333:root")).toBeUndefined();
    expect(arnParts("arn:aws:iam::111122223333")).toBeUndefined();
    expect(arnParts("urn:aws:iam::111122223333:root")).toBeUndefined();
  });
});

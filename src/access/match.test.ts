import { describe, expect, it } from "vitest";
import { deployValueIs, matchAction, matchArn, matchPattern, splitArn, subjectOf, type SubjectArn } from "./match.js";
import { arnText, keyArn, secretArn } from "../knowledge/policy-subjects.js";
import type { Secret } from "../model/entities.js";
import { SourceFile, type PNode } from "../core/positioned.js";

const node: PNode = { kind: "scalar", value: "", start: 0, end: 0, file: new SourceFile("t.yaml", ""), path: [] };
const secret = (name?: string): Secret => ({
  kind: "secret",
  platform: "cloudformation",
  file: node.file,
  unit: "t.yaml",
  resource: "Db",
  node,
  type: "AWS::SecretsManager::Secret",
  replicas: [],
  ...(name !== undefined ? { name: { value: name, node } } : {}),
});

describe("matchAction", () => {
  it.each([
    ["secretsmanager:GetSecretValue", "yes"],
    ["secretsmanager:Get*", "yes"],
    ["SecretsManager:getsecretvalue", "yes"],
    ["secretsmanager:GetSecret?alue", "yes"],
    ["secretsmanager:*Value", "yes"],
    ["*", "yes"],
    ["secretsmanager:Describe*", "no"],
    ["secretsmanager:GetSecretValue2", "no"],
    ["s3:*", "no"],
    ["GetSecretValue", "no"],
    ["secretsmanager:${Action}", "unknown"],
    ["secretsmanager:${Verb}Secret", "no"],
  ])("%s on secretsmanager:GetSecretValue: %s", (pattern, expected) => {
    expect(matchAction(pattern, "secretsmanager:GetSecretValue")).toBe(expected);
  });
});

describe("matchArn against a secret of the project", () => {
  const db = secretArn(secret("prod/app/db"));
  const arn = (pattern: string, ownAccounts: string[] = []) =>
    matchArn(pattern, db, { ownAccounts, shortArns: "expand" });

  it("knows the secret's ARN up to the deployment's values and the random suffix", () => {
    expect(arnText(db)).toBe(
      "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/app/db-??????",
    );
    expect(arnText(secretArn(secret()))).toBe(
      "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*-??????",
    );
    expect(arnText(keyArn())).toBe("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*");
  });

  it.each([
    ["*", "yes"],
    ["arn:aws:secretsmanager:*:*:secret:prod/app/*", "yes"],
    ["arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/app/db-??????", "yes"],
    ["arn:AWS:SecretsManager:*:*:secret:prod/*", "yes"],
    ["arn:aws:secretsmanager:*:*:secret:prod/app/db-*", "yes"],
    // The name alone does not match: the ARN ends with a random suffix.
    ["arn:aws:secretsmanager:*:*:secret:prod/app/db", "no"],
    ["arn:aws:secretsmanager:*:*:secret:prod/app/db-?????", "no"],
    // A suffix copied from a deployed secret may or may not be this deployment's.
    ["arn:aws:secretsmanager:*:*:secret:prod/app/db-AbC123", "unknown"],
    // The resource part is case-sensitive.
    ["arn:aws:secretsmanager:*:*:secret:Prod/*", "no"],
    ["arn:aws:secretsmanager:eu-west-1:${AWS::AccountId}:secret:prod/*", "unknown"],
    ["arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${Stage}/*", "unknown"],
    ["arn:aws:secretsmanager:*:*:secret:dev/*", "no"],
    ["arn:aws:s3:::bucket/*", "no"],
    ["arn:aws:kms:*:*:key/*", "no"],
    // A wildcard does not cross a colon: here `secret` is the account part.
    ["arn:aws:secretsmanager:*:secret:prod/*", "no"],
    ["${SecretArn}", "unknown"],
    ["prod/app/db", "no"],
    // An ARN with fewer parts is completed with `*` in an identity policy.
    ["arn:aws:secretsmanager", "yes"],
  ])("%s: %s", (pattern, expected) => {
    expect(arn(pattern)).toBe(expected);
  });

  it("takes a literal account for the deploying one only when ownAccounts lists it", () => {
    const pattern = "arn:aws:secretsmanager:*:111122223333:secret:prod/*";
    expect(arn(pattern)).toBe("no");
    expect(arn(pattern, ["111122223333"])).toBe("yes");
    expect(arn(pattern, ["444455556666"])).toBe("no");
  });

  it("matches nothing with a short ARN in a resource policy, unless it ends with a wildcard", () => {
    expect(matchArn("arn:aws:secretsmanager", db, { ownAccounts: [], shortArns: "no-match" })).toBe("no");
    expect(matchArn("arn:aws:secretsmanager:*", db, { ownAccounts: [], shortArns: "no-match" })).toBe("yes");
  });

  it("reads names with unknown parts", () => {
    const staged = secretArn(secret("${Stage}/app/db"));
    const options = { ownAccounts: [], shortArns: "expand" as const };
    expect(matchArn("arn:aws:secretsmanager:*:*:secret:prod/app/*", staged, options)).toBe("unknown");
    expect(matchArn("arn:aws:secretsmanager:*:*:secret:*/app/db-*", staged, options)).toBe("yes");
    expect(matchArn("arn:aws:secretsmanager:*:*:secret:*", secretArn(secret()), options)).toBe("yes");
    // The same parameter in the same template is the same value.
    expect(matchArn("arn:aws:secretsmanager:*:*:secret:${Stage}/*", staged, options)).toBe("unknown");
    expect(matchArn("arn:aws:secretsmanager:*:*:secret:${Stage}/*", staged, { ...options, sameScope: true })).toBe(
      "yes",
    );
    expect(matchArn("arn:aws:secretsmanager:*:*:secret:${Other}/*", staged, { ...options, sameScope: true })).toBe(
      "unknown",
    );
    const dev = secretArn(secret("dev/${Service}/db"));
    expect(matchArn("arn:aws:secretsmanager:*:*:secret:prod/*", dev, options)).toBe("no");
  });

  it("matches literal ARNs as IAM does", () => {
    const literal: SubjectArn = {
      partition: subjectOf("aws"),
      service: "secretsmanager",
      region: subjectOf("us-east-1"),
      account: subjectOf("111111111111"),
      resource: subjectOf("secret:prod/app/db-AbCdEf"),
    };
    const options = { ownAccounts: [], shortArns: "expand" as const };
    expect(matchArn("arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/app/db-AbCdEf", literal, options)).toBe(
      "yes",
    );
    expect(matchArn("arn:aws:secretsmanager:us-east-?:111111111111:secret:prod/*", literal, options)).toBe("yes");
    expect(matchArn("arn:aws:secretsmanager:us-west-2:111111111111:secret:prod/*", literal, options)).toBe("no");
    expect(matchArn("arn:aws:secretsmanager:${AWS::Region}:111111111111:secret:prod/*", literal, options)).toBe(
      "unknown",
    );
  });
});

describe("matchPattern", () => {
  const viaSecretsManager = subjectOf("secretsmanager.${AWS::Region}.amazonaws.com");
  const equals = { wildcards: false, ignoreCase: false, ownAccounts: [] };
  const like = { ...equals, wildcards: true };

  it.each([
    ["secretsmanager.${AWS::Region}.amazonaws.com", equals, "yes"],
    ["secretsmanager.eu-west-1.amazonaws.com", equals, "unknown"],
    ["ec2.${AWS::Region}.amazonaws.com", equals, "no"],
    ["secretsmanager.*.amazonaws.com", equals, "no"],
    ["secretsmanager.*.amazonaws.com", like, "yes"],
    ["secretsmanager.${Region}.amazonaws.com", like, "unknown"],
    ["secretsmanager.eu-west-1.amazonaws.com.cn", like, "no"],
  ] as const)("%s: %s", (pattern, options, expected) => {
    expect(matchPattern(pattern, viaSecretsManager, options)).toBe(expected);
  });

  it("compares case-insensitively on request", () => {
    expect(matchPattern("PROD", subjectOf("prod"), { ...equals, ignoreCase: true })).toBe("yes");
    expect(matchPattern("PROD", subjectOf("prod"), equals)).toBe("no");
  });
});

describe("deployValueIs", () => {
  it("takes partitions for the deployment's, regions for unknown, accounts from ownAccounts", () => {
    expect(deployValueIs("partition", "aws", [])).toBe("yes");
    expect(deployValueIs("partition", "aws-cn", [])).toBe("yes");
    expect(deployValueIs("partition", "gcp", [])).toBe("no");
    expect(deployValueIs("region", "eu-west-1", [])).toBe("unknown");
    expect(deployValueIs("region", "eu", [])).toBe("no");
    expect(deployValueIs("account", "111122223333", ["111122223333"])).toBe("yes");
    expect(deployValueIs("account", "111122223333", [])).toBe("no");
  });
});

describe("splitArn", () => {
  it("keeps placeholders with colons whole and the resource's colons", () => {
    expect(splitArn("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/a:b")).toEqual([
      "arn",
      "${AWS::Partition}",
      "iam",
      "",
      "${AWS::AccountId}",
      "role/a:b",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { SourceFile } from "../core/positioned.js";
import { loadDocumentFile } from "../parsers/load.js";
import { Project } from "../model/project.js";
import { effectiveAccess } from "./effective-access.js";
import { formatAccessJson, formatAccessText, type AccessJson, type AccessRun } from "./format.js";

async function run(files: { path: string; text: string }[], extra: Partial<AccessRun> = {}): Promise<AccessRun> {
  const entities = [];
  for (const { path, text } of files)
    entities.push(
      ...(await loadDocumentFile(new SourceFile(path, text), path.endsWith(".json") ? "json" : "yaml")).entities,
    );
  return {
    report: effectiveAccess(new Project(entities)),
    errors: [],
    skipped: [],
    filesScanned: files.length,
    tool: { name: "secretwarden", version: "9.9.9" },
    ...extra,
  };
}

const billing = {
  path: "infra/billing.yaml",
  text: `Parameters:
  Stage: { Type: String }
Resources:
  BillingSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Sub \${Stage}/billing
  BillingSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref BillingSecret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: secretsmanager:GetSecretValue
            Resource: "*"
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Sid: ReadProd
                Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: !Sub arn:aws:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:prod/*
`,
};
const idle = {
  path: "infra/idle.yaml",
  text: `Resources:
  IdleSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: dev/idle
`,
};

describe("the text report", () => {
  it("is a table per file with footnotes for what is not certain, then what was not evaluated and a summary", async () => {
    const text = formatAccessText(
      await run([billing, idle], {
        errors: [{ file: "infra/broken.yaml", line: 3, column: 1, message: "bad indentation" }],
      }),
    );
    expect(text).toBe(
      [
        "Who can read each secret (secretsmanager:GetSecretValue):",
        "",
        "infra/billing.yaml",
        "  SECRET         PRINCIPAL                      FROM                   VIA                                                                         READ         DECRYPT",
        "  BillingSecret  role Reader                    infra/billing.yaml:21  inline policy of Reader [ReadProd], resource policy BillingSecretPolicy #1  unknown      yes (AWS-managed key, same account) [1]",
        '                 everyone (Principal "*")       infra/billing.yaml:15  resource policy BillingSecretPolicy #1                                      conditional  no (AWS-managed key, other account) [2]',
        "",
        "infra/idle.yaml",
        "  SECRET         PRINCIPAL                      FROM                   VIA                                                                         READ         DECRYPT",
        "  IdleSecret     (no principal of the project)  -                      -                                                                           -            -",
        "",
        // The role may read the secret as itself if the stage is prod, and as a member of the organization.
        "[1] BillingSecret, role Reader: Read depends on StringEquals aws:PrincipalOrgID (resource policy BillingSecretPolicy #1). " +
          "Read depends on values the project does not give: Resource arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/* " +
          "(inline policy of Reader [ReadProd]).",
        '[2] BillingSecret, everyone (Principal "*"): Read depends on StringEquals aws:PrincipalOrgID (resource policy BillingSecretPolicy #1). ' +
          "The secret uses the AWS-managed key aws/secretsmanager, whose key policy cannot let another account decrypt. " +
          "Assumes the caller's own identity policy allows secretsmanager:GetSecretValue.",
        "",
        "Not evaluated:",
        "  role Reader: arn:aws:iam::aws:policy/ReadOnlyAccess (infra/billing.yaml:25). An AWS managed policy: its document is not in the project.",
        "",
        "Files that could not be read:",
        "  infra/broken.yaml:3:1: bad indentation",
        "",
        "2 secrets in 2 files scanned; 1 can be read by a principal of the project or one its resource policies name (2 entries).",
        "",
      ].join("\n"),
    );
  });

  it("says so when there is no secret", async () => {
    expect(formatAccessText(await run([{ path: "empty.yaml", text: "Resources: {}\n" }]))).toBe(
      "Who can read each secret (secretsmanager:GetSecretValue):\n\nNo secrets in 1 file scanned.\n",
    );
  });
});

describe("the JSON report", () => {
  it("has a schema version, the tool, the action, secrets with their access, and a summary", async () => {
    const json = JSON.parse(formatAccessJson(await run([billing, idle]))) as AccessJson;
    expect(Object.keys(json)).toEqual([
      "schemaVersion",
      "tool",
      "action",
      "secrets",
      "notEvaluated",
      "notes",
      "errors",
      "skipped",
      "summary",
    ]);
    expect([json.schemaVersion, json.tool, json.action, json.summary]).toEqual([
      1,
      { name: "secretwarden", version: "9.9.9" },
      "secretsmanager:GetSecretValue",
      { filesScanned: 2, filesFailed: 0, secrets: 2, readable: 1, entries: 2 },
    ]);
    const [billingSecret, idleSecret] = json.secrets;
    expect(idleSecret).toEqual({
      secret: "IdleSecret",
      name: "dev/idle",
      arn: "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:dev/idle-??????",
      file: "infra/idle.yaml",
      line: 2,
      column: 3,
      encryption: { kind: "aws-managed" },
      access: [],
    });
    expect(billingSecret?.access[1]).toEqual({
      principal: {
        kind: "everyone",
        label: 'everyone (Principal "*")',
        account: "any",
        file: "infra/billing.yaml",
        line: 15,
        column: 24,
      },
      read: "conditional",
      readVia: [
        {
          policy: "resource policy BillingSecretPolicy",
          resource: "BillingSecretPolicy",
          policyType: "secret-resource-policy",
          file: "infra/billing.yaml",
          line: 14,
          column: 13,
          statement: 1,
          result: "conditional",
          conditions: ["StringEquals aws:PrincipalOrgID"],
        },
      ],
      readLimitedBy: [],
      decrypt: "no",
      decryptReason:
        "The secret uses the AWS-managed key aws/secretsmanager, whose key policy cannot let another account decrypt.",
      decryptVia: [],
      decryptLimitedBy: [],
      requires: ["the caller's own identity policy allows secretsmanager:GetSecretValue"],
    });
  });
});

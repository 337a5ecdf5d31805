import { describe, expect, it } from "vitest";
import { cli, json, temporaryRepos } from "./cli.js";

const repo = temporaryRepos("sw-lenient-");

/** A template CloudFormation deploys but YAML 1.2 rejects twice over: a duplicate key and a short-indented `!Sub` body. */
const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  "Resources:",
  "  Role:",
  "    Type: AWS::IAM::Role",
  "    Properties:",
  "      AssumeRolePolicyDocument: {}",
  "      Policies:",
  "        - PolicyName: admin",
  "          PolicyDocument: !Sub '{",
  '          "Version": "2012-10-17",',
  '          "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]',
  "          }'",
  "  Secret:",
  "    Type: AWS::SecretsManager::Secret",
  "  Secret:",
  "    Type: AWS::SecretsManager::Secret",
  "    Properties:",
  "      SecretString: Vq8#mLz2Rt0pWd",
  "",
].join("\n");

describe("templates CloudFormation accepts and YAML 1.2 rejects", () => {
  it("are read as CloudFormation reads them: findings at exact places, and a warning entry for each leniency", () => {
    const dir = repo({ "template.yaml": TEMPLATE });
    const run = cli([".", "--format", "json", "--fail-on", "none"], { cwd: dir });
    expect(run.status).toBe(0);
    const report = json(run) as ReturnType<typeof json> & {
      warnings?: { file: string; line: number; column: number; message: string }[];
    };
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      {
        file: "template.yaml",
        line: 10,
        column: 1,
        message:
          "read leniently, as CloudFormation reads it: a quoted or bracketed value continues on a line indented no deeper than its key, which YAML 1.2 forbids",
      },
      {
        file: "template.yaml",
        line: 15,
        column: 3,
        message: "duplicate mapping key (first at line 13): the last one is used, as CloudFormation does",
      },
    ]);
    const found = report.findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.resource ?? "-"}`);
    expect(found).toContain("hardcoded-credential 18:21 Secret");
    expect(found).toContain("policy-wildcard-action 9:27 Role");
    expect(run.stdout).not.toContain("Vq8#mLz2Rt0pWd");
  });

  it("shows the warnings in the text report and as SARIF notifications", () => {
    const dir = repo({ "template.yaml": TEMPLATE });
    const text = cli([".", "--fail-on", "none", "--no-color"], { cwd: dir });
    expect(text.stdout).toContain(
      "  15:3   warning  duplicate mapping key (first at line 13): the last one is used, as CloudFormation does",
    );
    const sarif = JSON.parse(cli([".", "--format", "sarif", "--fail-on", "none"], { cwd: dir }).stdout) as {
      runs: { invocations: { toolExecutionNotifications: { level: string; descriptor: { id: string } }[] }[] }[];
    };
    const notes = sarif.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(notes.filter((n) => n.descriptor.id === "lenient-read").map((n) => n.level)).toEqual(["warning", "warning"]);
  });
});

/**
 * Every `npx secretwarden` command of the README, read from the README: the ones not run in readme.test.ts are run
 * here as written (the built CLI stands in for `npx secretwarden`, test/e2e/readme.ts), and a README command in a
 * section that no test runs fails the last test, so that a new snippet comes with its test.
 */
import { describe, expect, it } from "vitest";
import { PASSWORD_TEMPLATE as PASSWORD, ROOT, temporaryRepos } from "./cli.js";
import { commandLines, README, readmeBlock, runReadmeCommand } from "./readme.js";

const tempRepo = temporaryRepos("secretwarden-readme-npx-");

/** The `npx secretwarden ...` part of a command line (`npm install && npx secretwarden examples/` gives the latter). */
const npxPart = (line: string) => line.slice(line.indexOf("npx secretwarden")).split("&&")[0]?.trim() as string;

/** The sh blocks before the first `## ` heading: the README's opening commands. */
const opening = () => {
  const top = README.slice(0, README.indexOf("\n## "));
  return [...top.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => commandLines(m[1] as string));
};

describe("README: npx commands", () => {
  it("the opening command scans the bundled examples and exits 1, as the README says", () => {
    const lines = opening().filter((line) => line.includes("npx secretwarden"));
    expect(lines).toHaveLength(1);
    const run = runReadmeCommand(npxPart(lines[0] as string), ROOT);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^\d+ findings \(\d+ errors?, \d+ warnings?, \d+ notes?\) in \d+ files scanned$/m);
  });

  it("`access` prints a table per file, and the same as JSON", () => {
    const [table, asJson] = commandLines(readmeBlock("Who can read each secret", "sh"));
    const tables = runReadmeCommand(table as string, ROOT);
    expect(tables.status).toBe(0);
    expect(tables.stdout).toContain(
      "Who can read each secret (secretsmanager:GetSecretValue):\n\nexamples/infra/everything-wrong.yaml\n  SECRET ",
    );
    const folder = ((asJson as string).split(/\s+/)[3] as string).replace(/\/$/, "");
    const dir = tempRepo({
      [`${folder}/stack.yaml`]: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppSecret:
    Type: AWS::SecretsManager::Secret
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: read
          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: secretsmanager:GetSecretValue, Resource: !Ref AppSecret }] }
`,
      "elsewhere/db.yaml": PASSWORD,
    });
    const run = runReadmeCommand(asJson as string, dir);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      secrets: {
        secret: string;
        file: string;
        access: { principal: { label: string; line: number }; read: string }[];
      }[];
    };
    // Only the named folder: the password elsewhere is not scanned.
    expect(
      report.secrets.map((s) => [
        s.file,
        s.secret,
        s.access.map((a) => `${a.principal.label}:${a.principal.line} ${a.read}`),
      ]),
    ).toEqual([[`${folder}/stack.yaml`, "AppSecret", ["role AppRole:5 yes"]]]);
  });

  it("every npx command of the README is in a section whose commands a test runs", () => {
    // Section -> the test that runs its commands from the README.
    const tested: Record<string, string> = {
      "(opening)": "readme-npx.test.ts",
      "Who can read each secret": "readme-npx.test.ts",
      "pre-commit": "readme.test.ts (plain git hook), pre-commit.test.ts (framework)",
      "GitHub Actions code scanning": "action.test.ts",
      npx: "readme.test.ts",
      "AWS CDK": "readme.test.ts",
      Baseline: "readme.test.ts",
      "Change-only scans": "readme.test.ts",
    };
    let section = "(opening)";
    let fenced = false;
    const untested: string[] = [];
    for (const line of README.split("\n")) {
      if (line.startsWith("```")) fenced = !fenced;
      if (!fenced && line.startsWith("## ")) section = line.slice(3);
      if (fenced && /\bnpx (--no-install )?secretwarden\b/.test(line) && !(section in tested))
        untested.push(`${section}: ${line}`);
    }
    expect(untested).toEqual([]);
  });
});

/**
 * The README's copy-pasteable snippets, exercised from the README itself (found by section heading): the pre-commit
 * configuration and plain git hook, the GitHub Actions workflow, the npx command, the configuration file, the
 * suppression examples, the baseline commands, the CDK command and the change-only scan. The built CLI stands in for
 * `npx secretwarden`. (`packaging.test.ts` runs the real `npx` on the packed tarball; `pre-commit.test.ts` runs the
 * pre-commit framework on the README's `.pre-commit-config.yaml`.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { git, json, ROOT, temporaryRepos, SECRET_TEMPLATE as SECRET, PASSWORD_TEMPLATE as PASSWORD } from "./cli.js";
import { commandLines, readmeBlock, readmeBlocks, readmeSection, runReadmeCommand } from "./readme.js";
import { loadConfig } from "../../src/engine/config.js";
import { RULES } from "../../src/rules/index.js";

const tempRepo = temporaryRepos("secretwarden-readme-");

const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  bin: Record<string, string>;
  repository: { url: string };
};
const REPOSITORY_URL = PACKAGE.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

const FIXED = PASSWORD.replace("      MasterUserPassword: Tr0ub4dor-and-3\n", "      ManageMasterUserPassword: true\n");

type Report = ReturnType<typeof json> & { suppressed?: { ruleId: string; resource: string }[] };
const rules = (report: Report) => report.findings.map((f) => `${f.file} ${f.ruleId}`);

describe("README: pre-commit", () => {
  const hooks = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as {
    id: string;
    entry: string;
    language: string;
    args: string[];
  }[];

  it("the .pre-commit-config.yaml names this repository, its version tag and a hook that .pre-commit-hooks.yaml defines", () => {
    const config = parse(readmeBlock("pre-commit", "yaml", "pre-commit")) as {
      repos: { repo: string; rev: string; hooks: { id: string }[] }[];
    };
    expect(config.repos).toHaveLength(1);
    const [repo] = config.repos;
    expect(repo?.repo).toBe(REPOSITORY_URL);
    expect(repo?.rev).toBe(`v${PACKAGE.version}`);
    for (const { id } of repo?.hooks ?? []) {
      const hook = hooks.find((h) => h.id === id);
      expect(hook, `hook ${id}`).toBeDefined();
      // The hook runs the package's own bin, installed by pre-commit's node support.
      expect(hook?.language).toBe("node");
      expect(Object.keys(PACKAGE.bin)).toContain(hook?.entry);
    }
  });

  it("the README's word on the hook's default --fail-on is the hook's", () => {
    const section = readmeSection("pre-commit");
    const said = /on findings at or above `--fail-on` \((\w+);/.exec(section)?.[1];
    const hook = hooks.find((h) => h.id === "secretwarden");
    expect(said).toBeDefined();
    expect(hook?.args.slice(hook.args.indexOf("--fail-on"), hook.args.indexOf("--fail-on") + 2)).toEqual([
      "--fail-on",
      said,
    ]);
  });

  it("the plain git hook blocks a staged password, even when the work tree is fixed, and lets the fix through", () => {
    const [install] = commandLines(readmeBlock("pre-commit", "sh"));
    const dir = tempRepo({ "README.md": "x\n" });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "init");
    // `npx --no-install secretwarden` finds the project's installed bin: this checkout's build stands in for it.
    mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
    symlinkSync(join(ROOT, "dist/cli/main.js"), join(dir, "node_modules/.bin/secretwarden"));
    writeFileSync(join(dir, ".gitignore"), "node_modules/\n");
    execFileSync("sh", ["-c", install as string], { cwd: dir });
    expect(existsSync(join(dir, ".git/hooks/pre-commit"))).toBe(true);

    writeFileSync(join(dir, "db.yaml"), PASSWORD);
    git(dir, "add", "db.yaml", ".gitignore");
    writeFileSync(join(dir, "db.yaml"), FIXED);
    const env = { ...process.env, NO_COLOR: "1", CI: "true" };
    const blocked = spawnSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "password"],
      { cwd: dir, encoding: "utf8", env, timeout: 120_000 },
    );
    expect(blocked.status).toBe(1);
    // git hands a hook's output to stderr.
    expect(blocked.stderr).toContain("hardcoded-credential");
    expect(blocked.stdout + blocked.stderr).not.toContain("Tr0ub4dor-and-3");

    git(dir, "add", "db.yaml");
    const passed = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "fixed"], {
      cwd: dir,
      encoding: "utf8",
      env,
      timeout: 120_000,
    });
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  });
});

describe("README: GitHub Actions code scanning", () => {
  const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, unknown>;
  };
  const workflow = parse(readmeBlock("GitHub Actions code scanning", "yaml", "workflow")) as {
    jobs: Record<string, { steps: { uses?: string; id?: string; with?: Record<string, string> }[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it("uses this action at this version, with inputs it has, and reads an output it writes", () => {
    const ours = steps.filter((s) => s.uses?.startsWith("secretwarden/secretwarden@"));
    expect(ours).toHaveLength(1);
    const step = ours[0];
    expect(step?.uses).toBe(`${REPOSITORY_URL.replace("https://github.com/", "")}@v${PACKAGE.version}`);
    for (const input of Object.keys(step?.with ?? {}))
      expect(Object.keys(action.inputs), `input ${input}`).toContain(input);
    const references = steps
      .flatMap((s) => Object.values(s.with ?? {}))
      .flatMap((value) => [...String(value).matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)]);
    expect(references.length).toBeGreaterThan(0);
    for (const [, id, output] of references) {
      expect(id).toBe(step?.id);
      expect(Object.keys(action.outputs)).toContain(output);
    }
  });

  it("names every input of action.yml, with the default it has", () => {
    const paragraph = /Inputs: ([\s\S]*?)(?:\n\n|$)/.exec(readmeSection("GitHub Actions code scanning"))?.[1] ?? "";
    const named = [...paragraph.matchAll(/`([\w-]+)`(?: \(default `([^`]*)`)?/g)].filter(
      (m) => (m[1] as string) in action.inputs,
    );
    expect(named.map((m) => m[1]).sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [, input, value] of named)
      if (value !== undefined) expect(action.inputs[input as string]?.default, input).toBe(value);
  });
});

describe("README: npx", () => {
  it("scans the folder it names", () => {
    const [command] = commandLines(readmeBlock("npx", "sh"));
    const folder = (command as string).split(/\s+/).pop() as string;
    const dir = tempRepo({ [`${folder}db.yaml`.replace(/\/+/g, "/")]: PASSWORD, "elsewhere/db.yaml": PASSWORD });
    const run = runReadmeCommand(command as string, dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("hardcoded-credential");
    expect(run.stdout).toContain(`${folder.replace(/\/$/, "")}/db.yaml`);
    expect(run.stdout).not.toContain("elsewhere");
    expect(run.stdout).not.toContain("Tr0ub4dor-and-3");
  });
});

describe("README: configuration", () => {
  const text = readmeBlock("Configuration", "json", "config");

  it("is a valid configuration, loaded as written", async () => {
    const dir = tempRepo({ ".secretwardenrc.json": text });
    const config = await loadConfig(join(dir, ".secretwardenrc.json"), RULES);
    expect(config).toMatchObject(JSON.parse(text) as object);
  });

  it("does what it says: severities, a rule off, rule options, include and exclude", () => {
    const rotation = (days: number) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/app/db
      KmsKeyId: !Ref AppKey
  AppKey:
    Type: AWS::KMS::Key
  AppRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref AppSecret
      RotationLambdaARN: arn:aws:lambda:us-east-1:111122223333:function:rotate
      RotationRules:
        AutomaticallyAfterDays: ${days}
`;
    const config = JSON.parse(text) as { include: string[]; exclude: string[] };
    const included = (config.include[0] as string).replace(/\/$/, "");
    const excluded = (config.exclude[0] as string).replace(/\/$/, "");
    const dir = tempRepo({
      ".secretwardenrc.json": text,
      [`${included}/stack.yaml`]: SECRET,
      [`${included}/rotation.yaml`]: rotation(45),
      [`${excluded}/x.yaml`]: SECRET,
      "other/x.yaml": SECRET,
    });
    const run = runReadmeCommand("npx secretwarden --format json", dir);
    expect(run.stderr).toBe("");
    const report = json(run);
    expect(report.findings.every((f) => f.file.startsWith(`${included}/`))).toBe(true);
    const byRule = (id: string) => report.findings.filter((f) => f.ruleId === id);
    // "secret-without-rotation": "error"; "kms-key-rotation-disabled": "off"; maxDays 30.
    expect(byRule("secret-without-rotation").map((f) => `${f.file} ${f.severity}`)).toEqual([
      `${included}/stack.yaml error`,
    ]);
    expect(byRule("kms-key-rotation-disabled")).toEqual([]);
    expect(byRule("rotation-interval-too-long").map((f) => f.message)).toEqual([
      "Rotation schedule AppRotation rotates every 45 days (AutomaticallyAfterDays), more than the maximum of 30 days.",
    ]);
  });
});

describe("README: suppressions", () => {
  const blocks = readmeBlocks("Suppressions").filter((b) => b.lang === "yaml");

  it("the comment and Metadata examples suppress what they say, and nothing is left unused", () => {
    expect(blocks).toHaveLength(2);
    const template = `AWSTemplateFormatVersion: "2010-09-09"\n${blocks.map((b) => b.body).join("")}`;
    const dir = tempRepo({ "stack.yaml": template });
    const report = json(runReadmeCommand("npx secretwarden --format json --fail-on none", dir)) as Report;
    expect(report.suppressed?.map((f) => `${f.ruleId} ${f.resource}`)).toEqual([
      "secret-without-rotation AppSecret",
      "secret-without-rotation Legacy",
    ]);
    expect(report.findings.map((f) => f.ruleId)).not.toContain("unused-suppression");
    expect(report.findings.map((f) => f.ruleId)).not.toContain("invalid-suppression");
  });

  it("the sub-id example narrows the suppression to the finding that names it", () => {
    const comment = /`(# secretwarden-ignore policy-wildcard-resource\[[^`]+)`/.exec(
      readmeSection("Suppressions"),
    )?.[1];
    expect(comment).toBeDefined();
    const policy = (line: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [secretsmanager:GetSecretValue, kms:Decrypt]
            ${line}
            Resource: "*"
`;
    const report = json(
      runReadmeCommand(
        "npx secretwarden --format json --fail-on none",
        tempRepo({ "policy.yaml": policy(comment as string) }),
      ),
    ) as Report & {
      suppressed: { ruleId: string; message: string }[];
    };
    expect(report.suppressed.map((f) => f.ruleId)).toEqual(["policy-wildcard-resource"]);
    // The sub-id names one action: a finding about another action of the statement is not suppressed.
    const wildcard = report.findings.filter((f) => f.ruleId === "policy-wildcard-resource");
    expect(wildcard.map((f) => f.message).join("\n")).not.toContain("secretsmanager:GetSecretValue");
  });
});

describe("README: baseline", () => {
  it("records the findings, then reports only new ones", () => {
    const [write, check] = commandLines(readmeBlock("Baseline", "sh"));
    const dir = tempRepo({ "stack.yaml": SECRET, "db.yaml": PASSWORD });
    const written = runReadmeCommand(write as string, dir);
    expect(written.status).toBe(0);
    const file = (write as string).split(/\s+/).pop() as string;
    expect(written.stderr).toMatch(
      new RegExp(`^secretwarden: wrote \\d+ findings to the baseline ${file.replace(/\./g, "\\.")}\\n$`),
    );
    expect(readFileSync(join(dir, file), "utf8")).not.toContain("Tr0ub4dor-and-3");
    expect(runReadmeCommand(check as string, dir).status).toBe(0);

    // Sorted after stack.yaml: the project-wide audit-trail-missing note stays on the first secret (a new secret sorted first would move it).
    writeFileSync(join(dir, "z-new.yaml"), SECRET.replace("AppSecret", "NewSecret"));
    const run = runReadmeCommand(`${check as string} --format json`, dir);
    expect(run.status).toBe(1);
    expect(rules(json(run))).toEqual(["z-new.yaml secret-aws-managed-key", "z-new.yaml secret-without-rotation"]);
  });
});

describe("README: AWS CDK", () => {
  it("scans a git-ignored cdk.out named on the command line and names the construct path", () => {
    const [line] = commandLines(readmeBlock("AWS CDK", "sh"));
    const command = (line as string).split("&&").pop()?.trim() as string;
    const dir = tempRepo({
      ".gitignore": "cdk.out/\n",
      "cdk.out/manifest.json": '{"version":"36.0.0","artifacts":{}}\n',
      "cdk.out/AppStack.template.json": JSON.stringify(
        {
          Resources: {
            DbSecretABC123: {
              Type: "AWS::SecretsManager::Secret",
              Metadata: { "aws:cdk:path": "AppStack/DbSecret/Resource" },
            },
          },
        },
        null,
        1,
      ),
    });
    const report = json(runReadmeCommand(`${command} --format json --fail-on none`, dir));
    expect(report.findings.find((f) => f.ruleId === "secret-without-rotation")).toMatchObject({
      file: "cdk.out/AppStack.template.json",
      resource: "AppStack/DbSecret/Resource",
      message: "Secret DbSecretABC123 has no rotation schedule. CDK construct: AppStack/DbSecret/Resource.",
    });
    // Not named: the ignored folder stays ignored.
    expect(json(runReadmeCommand("npx secretwarden --format json", dir)).findings).toEqual([]);
  });
});

describe("README: change-only scans", () => {
  it("fails only on what the change adds relative to origin/main, and lists the policies it broadens", () => {
    const [command] = commandLines(readmeBlock("Change-only scans", "sh"));
    const policy = (action: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ${action}
            Resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/app/*
`;
    const dir = tempRepo({ "db.yaml": PASSWORD, "iam.yaml": policy("secretsmanager:GetSecretValue") });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    git(dir, "update-ref", "refs/remotes/origin/main", "HEAD");
    // The base's findings do not fail the gate.
    expect(runReadmeCommand(command as string, dir).status).toBe(0);

    writeFileSync(join(dir, "iam.yaml"), policy("secretsmanager:*"));
    writeFileSync(join(dir, "api.yaml"), PASSWORD.replace("Db:", "Api:"));
    const run = runReadmeCommand(command as string, dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("api.yaml");
    expect(run.stdout).not.toMatch(/^db\.yaml$/m);
    expect(run.stdout).toContain(
      "Policies this change broadens (relative to origin/main):\n  iam.yaml:7 Reader (identity): actions secretsmanager:* (adds 22 actions, 8 sensitive:",
    );
  });
});

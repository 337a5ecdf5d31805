/**
 * Issue 16, section 1: a file whose structured reading fails or is refused still gets the text-level credential
 * search, at exact positions, with an error entry that says so; and section 2's error paths: no parser message
 * repeats the text it stopped at. Every case is a reproduction that failed before.
 */
import { describe, expect, it } from "vitest";
import { cli, json, type JsonReport } from "../e2e/cli.js";
import { tree } from "./support.js";

const NOTE = "structural rules skipped, text searched for credentials";
// Made-up values, in the shapes the detectors know.
const SECRET_KEY = "Vr7tQm2Xc9LpZs4Kd8Wn3Hy6Jb1Fg5Ae0TuRiOpE";
const ACCESS_KEY = "AKIAZ7QW3ER5TY2UI4OP";
const GITHUB_TOKEN = "ghp_Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm9";

type Row = [
  file: string,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  ruleId: string,
  message: string,
];
const rows = (report: JsonReport): Row[] =>
  report.findings.map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn, f.ruleId, f.message]);

const keyMessage = (name: string, what: string, masked: string, kind: string) =>
  `Key ${name} is a hardcoded ${what} (${masked}, kind ${kind}): anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.`;
const secretKey = (name: string) => keyMessage(name, "AWS secret access key", "Vr7t****", "aws-secret-key");
const accessKey = (name: string) => keyMessage(name, "AWS access key ID", "AKIA****", "aws-access-key");
const githubToken = (name: string) => keyMessage(name, "GitHub token", "ghp_****", "github-token");

function scan(files: Record<string, string>, ...args: string[]) {
  const run = cli(["--format", "json", ...args, "."], { cwd: tree(files) });
  return { run, report: json(run) };
}

describe("a Terraform file with a syntax error", () => {
  // `printf 'provider "aws" {\n  secret_key = "...",\n ...'`: the comma is an HCL syntax error.
  const broken = `provider "aws" {\n  secret_key = "${SECRET_KEY}",\n  access_key = "${ACCESS_KEY}"\n}\n`;

  it("keeps its credentials, at their places, beside an error entry that names no source text, when another file is scanned", () => {
    const { run, report } = scan({ "main.tf": broken, "package.json": '{"name": "app"}\n' });
    expect(rows(report)).toEqual([
      ["main.tf", 2, 16, 2, 58, "hardcoded-credential", secretKey("secret_key")],
      ["main.tf", 3, 16, 3, 38, "hardcoded-credential", accessKey("access_key")],
    ]);
    expect(report.errors).toEqual([
      { file: "main.tf", line: 2, column: 16, message: `Terraform syntax error: unexpected string; ${NOTE}` },
    ]);
    expect(run.status).toBe(1);
  });

  it("does not print the access key id when its line comes first, in text, JSON or SARIF", () => {
    const first = `provider "aws" {\n  access_key = "${ACCESS_KEY}",\n  secret_key = "${SECRET_KEY}"\n}\n`;
    const dir = tree({ "main.tf": first });
    for (const format of ["text", "json", "sarif"]) {
      const run = cli(["--format", format, "."], { cwd: dir });
      expect(run.stdout).toContain("Terraform syntax error: unexpected string");
      for (const output of [run.stdout, run.stderr]) {
        expect(output).not.toContain(ACCESS_KEY.slice(0, 8));
        expect(output).not.toContain(SECRET_KEY.slice(0, 8));
      }
    }
  });

  it('names a punctuation token by its grammar name: unexpected ","', () => {
    const { report } = scan({ "main.tf": `locals {\n  list = [1,,2]\n  api_token = "${GITHUB_TOKEN}"\n}\n` });
    expect(report.errors).toEqual([
      { file: "main.tf", line: 2, column: 12, message: `Terraform syntax error: unexpected ","; ${NOTE}` },
    ]);
    expect(rows(report)).toEqual([["main.tf", 3, 15, 3, 57, "hardcoded-credential", githubToken("api_token")]]);
  });

  it("survives a heredoc of 150,000 lines (no spread into Math.min) and reports the password elsewhere in the file", () => {
    const lines = Array.from({ length: 150_000 }, (_, i) => `    line ${i}`).join("\n");
    const file = `resource "aws_instance" "web" {\n  user_data = <<-EOT\n${lines}\n  EOT\n}\n\nprovider "aws" {\n  secret_key = "${SECRET_KEY}"\n}\n`;
    // No time budget: on a loaded machine the parse alone may take longer than the default; the crash is the point.
    const { run, report } = scan({ "main.tf": file, "sw.json": '{"maxFileSeconds": 0}\n' }, "--config", "sw.json");
    expect(report.errors).toEqual([]);
    expect(rows(report)).toEqual([
      [
        "main.tf",
        150_007,
        16,
        150_007,
        58,
        "hardcoded-credential",
        "secret_key of provider.aws is a hardcoded AWS secret access key (Vr7t****): anyone who can read the configuration can use it. Revoke it and let the provider take credentials from its chain (environment, shared profile, assumed role) instead.",
      ],
    ]);
    expect(run.status).toBe(1);
  }, 120_000);
});

const TEMPLATE = (tail: string, tags = "") => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          GITHUB_TOKEN: ${GITHUB_TOKEN}
          AWS_ACCESS_KEY_ID: ${ACCESS_KEY}
          AWS_SECRET_ACCESS_KEY: ${SECRET_KEY}
      Tags:${tags}
        - Key: team
          Value: orders
${tail}`;

const TEXT_FINDINGS: Row[] = [
  ["stack.yaml", 8, 25, 8, 65, "hardcoded-credential", githubToken("GITHUB_TOKEN")],
  ["stack.yaml", 9, 30, 9, 50, "hardcoded-credential", accessKey("AWS_ACCESS_KEY_ID")],
  ["stack.yaml", 10, 34, 10, 74, "hardcoded-credential", secretKey("AWS_SECRET_ACCESS_KEY")],
];

describe("a CloudFormation template the YAML reading refuses", () => {
  it("with an alias: the error entry, and the credentials found by the text search", () => {
    const { run, report } = scan({
      "stack.yaml": TEMPLATE("  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: *tags\n", " &tags"),
    });
    expect(rows(report)).toEqual(TEXT_FINDINGS);
    expect(report.errors).toEqual([
      {
        file: "stack.yaml",
        line: 17,
        column: 13,
        message: `YAML alias is not supported: secretwarden does not expand aliases in templates and policies; ${NOTE}`,
      },
    ]);
    expect(run.status).toBe(1);
  });

  it("with a syntax error: the error entry names its kind, not the text, and the credentials are found", () => {
    const { run, report } = scan({ "stack.yaml": TEMPLATE("  Broken: [unclosed\n") });
    expect(rows(report)).toEqual(TEXT_FINDINGS);
    expect(report.errors).toEqual([
      { file: "stack.yaml", line: 15, column: 1, message: `YAML syntax error: bad indentation; ${NOTE}` },
    ]);
    expect(run.status).toBe(1);
  });

  it("with Resources twice (the second empty): the last is used, with a warning, and the first is still searched", () => {
    const run = cli(["--format", "json", "."], {
      cwd: tree({ "stack.yaml": TEMPLATE("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n") }),
    });
    const report = json(run) as JsonReport & {
      warnings?: { file: string; line: number; column: number; message: string }[];
    };
    expect(rows(report)).toEqual(TEXT_FINDINGS);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      {
        file: "stack.yaml",
        line: 14,
        column: 1,
        message: "duplicate mapping key (first at line 2): the last one is used, as CloudFormation does",
      },
    ]);
    expect(run.status).toBe(1);
  });

  it("a block scalar header with extra text: the message does not repeat it", () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: |"Zq8vRt2mXk9pLw4s"\n`;
    const { report } = scan({ "stack.yaml": template });
    expect(report.errors).toEqual([
      { file: "stack.yaml", line: 6, column: 28, message: `YAML syntax error: an unexpected token; ${NOTE}` },
    ]);
    expect(JSON.stringify(report)).not.toContain("Zq8vRt2m");
  });
});

describe("a JSON template with duplicate keys", () => {
  const template = JSON.stringify(
    {
      AWSTemplateFormatVersion: "2010-09-09",
      Resources: {
        Fn: {
          Type: "AWS::Lambda::Function",
          Properties: { Environment: { Variables: { GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY: SECRET_KEY } } },
        },
      },
    },
    null,
    2,
  ).replace(/\n}$/, ',\n  "Resources": {}\n}\n');

  it("keeps the last Resources, as CloudFormation does, with a warning; the first is still searched for credentials", () => {
    const run = cli(["--format", "json", "."], { cwd: tree({ "stack.json": template }) });
    const report = json(run) as JsonReport & {
      warnings?: { file: string; line: number; column: number; message: string }[];
    };
    expect(rows(report)).toEqual([
      ["stack.json", 9, 29, 9, 71, "hardcoded-credential", githubToken("GITHUB_TOKEN")],
      ["stack.json", 10, 38, 10, 80, "hardcoded-credential", secretKey("AWS_SECRET_ACCESS_KEY")],
    ]);
    expect(report.warnings).toEqual([
      {
        file: "stack.json",
        line: 16,
        column: 3,
        message: "duplicate key (first at line 3): the last one is used, as CloudFormation does",
      },
    ]);
    expect(run.status).toBe(1);
  });
});

describe("a source file with one long line", () => {
  it("a data URI of 6.6 KB on line 1 does not turn off name-based detection for the rest of the file", () => {
    const logo = `data:image/png;base64,${"iVBORw0KGgoAAAANSUhEUgAA".repeat(275)}`;
    const { report } = scan({
      "app.js": `const logo = "${logo}";\nconst dbPassword = "Zq8vRt2mXk9pLw4s";\nexport { logo, dbPassword };\n`,
    });
    expect(rows(report)).toEqual([
      [
        "app.js",
        2,
        20,
        2,
        38,
        "hardcoded-credential",
        "Variable dbPassword is a hardcoded password (Zq8v****, kind generic-password): anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.",
      ],
    ]);
  });
});

describe("files given to the CLI that are not what it expects", () => {
  it("--baseline with a credentials file: the JSON error names the position, not the file's first characters", () => {
    const dir = tree({ "creds.env": `AWS_SECRET_ACCESS_KEY=${SECRET_KEY}\n`, "app.json": '{"name": "app"}\n' });
    const run = cli(["--baseline", "creds.env", "app.json"], { cwd: dir });
    expect(run.stderr).toBe(
      `secretwarden: the baseline ${dir}/creds.env is not valid JSON: invalid symbol at line 1, column 1\n`,
    );
    expect(run.status).toBe(2);
  });

  it("a YAML config file with a syntax error: the kind and position, not the text", () => {
    const dir = tree({ "sw.yaml": `minConfidence: |"${SECRET_KEY}"\n`, "app.json": '{"name": "app"}\n' });
    const run = cli(["--config", "sw.yaml", "app.json"], { cwd: dir });
    expect(run.stderr).toBe(
      `secretwarden: config file ${dir}/sw.yaml is not valid YAML: an unexpected token at line 1, column 17\n`,
    );
    expect(run.stderr).not.toContain(SECRET_KEY.slice(0, 6));
  });
});

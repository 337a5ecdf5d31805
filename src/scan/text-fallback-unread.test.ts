import { describe, expect, it } from "vitest";
import { scan } from "./scan.js";
import { SourceFile } from "../core/positioned.js";
import { continuesOutsideBrackets, onlyWithin } from "./text-fallback-unread.js";
import { ALNUM, fake } from "../test-support/fake.js";

// Made up at run time (see fake.ts): a 16-character password, and an access key id of 20 characters.
const PASSWORD = `Vq${fake(ALNUM, 13, 41)}9`;
const KEY = `AKIA${fake("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 43)}`;
const NOTE = "structural rules skipped there, text searched for credentials";

/** The credential findings (position and confidence) and the warnings of one file scanned in memory. */
async function scanOne(path: string, text: string) {
  const result = await scan({ cwd: "/nonexistent-text-fallback-unread", files: [{ path, text }], jobs: 1 });
  return {
    credentials: result.findings
      .filter((f) => f.ruleId === "hardcoded-credential")
      .map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.confidence}`),
    warnings: (result.warnings ?? []).map((w) => `${w.line}:${w.column} ${w.message}`),
    errors: result.errors,
  };
}

describe("text search of the parts of a template that the structural rules cannot read", () => {
  it("reads resources hung under a stray top-level key (Resources left empty by a pasted line)", async () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      "Resources:",
      "pasted:",
      "  Db:",
      "    Type: AWS::RDS::DBInstance",
      "    Properties:",
      `      MasterUserPassword: ${PASSWORD}`,
      "",
    ].join("\n");
    expect(await scanOne("stray.yaml", text)).toEqual({
      credentials: ["7:27-7:43 medium"],
      warnings: [`3:1 a key the template format does not have here, or a resource without a Type: ${NOTE}`],
      errors: [],
    });
  });

  it("reads a resource that a duplicate key left without its Type", async () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      "Resources:",
      "  Db:",
      "    Type: AWS::RDS::DBInstance",
      "  Db:",
      `    MasterUserPassword: ${PASSWORD}`,
      "",
    ].join("\n");
    expect(await scanOne("notype.yaml", text)).toEqual({
      credentials: ["6:25-6:41 medium"],
      warnings: [
        "5:3 duplicate mapping key (first at line 3): the last one is used, as CloudFormation does",
        `5:3 a key the template format does not have here, or a resource without a Type: ${NOTE}`,
      ],
      errors: [],
    });
  });

  it("reads lines the YAML library drops without an error (a list under an explicit key without its colon)", async () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      "Resources:",
      "  Db:",
      "    Type: AWS::RDS::DBInstance",
      "    Properties:",
      "      Engine: postgres",
      "  ? odd",
      "  - item",
      `      DbPassword: ${PASSWORD}`,
      "",
    ].join("\n");
    expect(await scanOne("leftout.yaml", text)).toEqual({
      credentials: ["9:19-9:35 medium"],
      warnings: [`8:1 lines the YAML parser left out of the document without an error: ${NOTE}`],
      errors: [],
    });
  });

  it("reads Resources written as a list", async () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      "Resources:",
      "-",
      "  Db:",
      "    Type: AWS::RDS::DBInstance",
      "    Properties:",
      `      MasterUserPassword: ${PASSWORD}`,
      "",
    ].join("\n");
    expect(await scanOne("list.yaml", text)).toEqual({
      credentials: ["7:27-7:43 medium"],
      warnings: [`2:1 a key the template format does not have here, or a resource without a Type: ${NOTE}`],
      errors: [],
    });
  });

  it("reports a credential of a well-formed resource once, and warns about nothing in a well-formed template", async () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      "Resources:",
      "  Fn:",
      "    Type: AWS::Lambda::Function",
      "    Properties:",
      "      Environment:",
      "        Variables:",
      `          AWS_ACCESS_KEY_ID: ${KEY}`,
      "  Fn::ForEach::Queues:",
      "    - Name",
      "    - [A, B]",
      "    - Queue${Name}:",
      "        Type: AWS::SQS::Queue",
      "",
    ].join("\n");
    expect(await scanOne("fine.yaml", text)).toEqual({ credentials: ["8:30-8:50 high"], warnings: [], errors: [] });
  });

  it("leaves a file taken for a template by another key alone (a package.json with a Transform)", async () => {
    const text = `{\n  "dependencies": { "aws-cdk": "2.0.0" },\n  "Transform": "AWS::Serverless-2016-10-31"\n}\n`;
    expect((await scanOne("package.json", text)).warnings).toEqual([]);
  });
});

describe("text search of the parts of a Terraform file that parse but that Terraform rejects", () => {
  it("reads a resource whose type a stray word before it took (tree-sitter reads `X` then `resource` as one block)", async () => {
    const text = `provider "aws" {\n  region = "eu-west-1"\n}\nX\nresource "aws_db_instance" "db" {\n  password = "${PASSWORD}"\n}\n`;
    expect(await scanOne("stray.tf", text)).toEqual({
      credentials: ["6:14-6:32 medium"],
      warnings: [`5:1 a block of a type Terraform does not know: ${NOTE}`],
      errors: [],
    });
  });

  it("reads an attribute whose value a stray line turned into a subtraction", async () => {
    const text = `provider "aws" {\n  access_key = "${KEY}"\n-1\n}\n`;
    expect(await scanOne("split.tf", text)).toEqual({
      credentials: ["2:16-2:38 high"],
      warnings: [
        `1:10 an expression that goes on after a line break outside brackets, which Terraform rejects: ${NOTE}`,
      ],
      errors: [],
    });
  });

  it("reads a resource nested in another one (a closing brace lost)", async () => {
    const text = `resource "aws_db_instance" "db" {\n  engine = "postgres"\n  resource "aws_db_instance" "inner" {\n    password = "${PASSWORD}"\n  }\n}\n`;
    expect(await scanOne("nested.tf", text)).toEqual({
      credentials: ["4:16-4:34 medium"],
      warnings: [`1:10 a block nested where Terraform does not allow it: ${NOTE}`],
      errors: [],
    });
  });

  it("reads a nested block that took labels from a stray word before `resource` (only dynamic and provisioner have labels)", async () => {
    const text = `resource "aws_db_instance" "db" {\n  I2\n  resource "a" {\n    password = "${PASSWORD}"\n  }\n}\n`;
    expect(await scanOne("labelled.tf", text)).toEqual({
      credentials: ["4:16-4:34 medium"],
      warnings: [`1:10 a nested block with labels, which Terraform rejects: ${NOTE}`],
      errors: [],
    });
  });

  it("reads a nested block of a type no provider defines (a stray `L{` line takes the attributes after it)", async () => {
    const text = `resource "aws_db_instance" "db" {\n  allocated_storage = 10\n  L{\n  engine   = "mysql"\n  password = "${PASSWORD}"\n  }\n}\n`;
    expect(await scanOne("stray-block.tf", text)).toEqual({
      credentials: ["5:14-5:32 medium"],
      warnings: [`1:10 a nested block of a type no provider defines: ${NOTE}`],
      errors: [],
    });
  });

  it("reads a resource block with one label", async () => {
    const text = `resource "db" {\n  password = "${PASSWORD}"\n}\n`;
    expect(await scanOne("label.tf", text)).toEqual({
      credentials: ["2:14-2:32 medium"],
      warnings: [`1:10 a resource or data block without its type and name labels: ${NOTE}`],
      errors: [],
    });
  });

  it("reads an attribute left at the top level, not a commented-out block", async () => {
    const text = `/* resource "x" "y" {\n  token = "${PASSWORD}"\n} */\npassword = "${PASSWORD}"\nresource "aws_db_instance" "db" {\n  engine = "postgres"\n}\n`;
    expect(await scanOne("top.tf", text)).toEqual({
      credentials: ["4:12-4:30 medium"],
      warnings: [`4:1 text outside any block, which Terraform rejects: ${NOTE}`],
      errors: [],
    });
  });

  it("warns about nothing in a well-formed module: breaks inside parentheses and after an operator, nested blocks", async () => {
    const text = [
      'variable "size" {',
      "  type = number",
      "  validation {",
      "    condition = (",
      "      var.size > 1 ||",
      "      var.size < 9",
      "    )",
      '    error_message = "out of range"',
      "  }",
      "}",
      'check "health" {',
      '  data "http" "probe" {',
      '    url = "https://example.com"',
      "  }",
      "}",
      'resource "aws_instance" "a" {',
      "  count = var.size > 1 ?",
      "    2 : 1",
      '  provisioner "local-exec" {',
      '    command = "echo done"',
      "  }",
      '  dynamic "ebs_block_device" {',
      "    for_each = []",
      "    content {",
      '      device_name = "/dev/sdb"',
      "    }",
      "  }",
      "}",
      "terraform {",
      '  backend "s3" {',
      '    bucket = "state"',
      "  }",
      "}",
      "",
    ].join("\n");
    expect(await scanOne("fine.tf", text)).toEqual({ credentials: [], warnings: [], errors: [] });
  });
});

describe("continuesOutsideBrackets", () => {
  const at = (text: string) => continuesOutsideBrackets(text, 0, text.length);
  it("is true for a break after a complete operand outside brackets, false inside brackets, strings or after an operator", () => {
    expect(at('"v"\n-2')).toBe(true);
    expect(at('"v"\n.f')).toBe(true);
    expect(at("f(\n1)")).toBe(false);
    expect(at("[\n1,\n2\n]")).toBe(false);
    expect(at("a ||\nb")).toBe(false);
    expect(at('"${x}\n"')).toBe(false);
    expect(at("a # note\n")).toBe(true);
  });
});

describe("onlyWithin", () => {
  it("blanks everything outside the spans, keeping offsets and line breaks", () => {
    const file = new SourceFile("a.txt", "ab\ncd\nef");
    expect(onlyWithin(file, [{ start: 3, end: 5 }]).text).toBe("  \ncd\n  ");
    expect(
      onlyWithin(file, [
        { start: 6, end: 8 },
        { start: 0, end: 1 },
      ]).text,
    ).toBe("a \n  \nef");
  });
});

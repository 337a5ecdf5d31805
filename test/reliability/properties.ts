/**
 * Property-based inputs for every parser and the per-file pipeline, shared by the short campaign in `npm test`
 * (properties.test.ts) and the long one in `npm run fuzz` (fuzz/). Each input is a file name and text: random
 * structured templates, policies, HCL and JSON, and mutations of real-looking seeds (bytes inserted, deleted,
 * replaced, lines duplicated, truncated). The property: loading the file never throws and never takes long; it
 * ends in entities or an error entry.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { loadOne } from "./support.js";
import { SourceFile, type PNode } from "../../src/core/positioned.js";
import { parseJson } from "../../src/parsers/json.js";
import { parseYaml } from "../../src/parsers/yaml.js";
import { configLiterals, credentialLiteralFilter } from "../../src/parsers/source/config-literals.js";
import { streamJsonLiterals } from "../../src/parsers/source/json-stream.js";
import { streamYamlLiterals } from "../../src/parsers/source/yaml-stream.js";

const SEED_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Sub "prod/\${AWS::StackName}/db"
      KmsKeyId: !GetAtt Key.Arn
      SecretString: !Join ["", ["{\\"password\\":\\"", !Ref DbPassword, "\\"}"]]
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref Secret
      RotationRules: { ScheduleExpression: "rate(30 days)" }
  Policy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Secret
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::111122223333:root" }
            Action: [secretsmanager:Get*, "kms:Decrypt"]
            Resource: "*"
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: "{{resolve:secretsmanager:\${Secret}:SecretString:password}}"
`;

const SEED_HCL = `resource "aws_secretsmanager_secret" "db" {
  name       = "prod/db/\${var.env}"
  kms_key_id = aws_kms_key.k.arn
  tags       = { team = "x", n = 1 }
}

resource "aws_kms_key" "k" {
  enable_key_rotation = var.rotate ? true : false
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "kms:*", Principal = { AWS = "*" }, Resource = "*" }]
  })
}

data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [for s in aws_secretsmanager_secret.all : s.arn]
  }
}

resource "aws_db_instance" "db" {
  password = <<-EOT
    hunter2hunter2
  EOT
}

variable "env" { default = "prod" }
locals { x = [1, "two", { three = 3 }] }
`;

const SEED_POLICY = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "A",
        Effect: "Allow",
        Principal: "*",
        Action: ["secretsmanager:*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-123" } },
      },
      { Effect: "Deny", NotAction: "kms:Decrypt", NotResource: ["arn:aws:kms:*:*:key/*"] },
    ],
  },
  null,
  2,
);

const SEED_JSON = JSON.stringify(
  {
    AWSTemplateFormatVersion: "2010-09-09",
    Resources: {
      S: {
        Type: "AWS::SecretsManager::Secret",
        Properties: { Name: { "Fn::Sub": "x-${AWS::Region}" }, SecretString: "AKIAIOSFODNN7EXAMPLE" },
      },
      K: { Type: "AWS::KMS::Key" },
    },
  },
  null,
  2,
);

/**
 * Names that find Object.prototype members when a plain object is used as a table keyed by input text: in every
 * parser's dictionary (keys, types, values, HCL identifiers and labels, inserted text), since issue 16.
 */
export const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"] as const;

/** Byte-level and line-level mutations of a seed. */
function mutated(seed: string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      text: fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          "{",
          "}",
          "[",
          "]",
          ":",
          "- ",
          "\n",
          "  ",
          "!Ref ",
          "&a ",
          "*a",
          '"',
          "${",
          "<<",
          "\t",
          "\u0000",
          "\ufffd",
          "#",
          ...PROTOTYPE_NAMES,
        ),
      ),
    }),
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 8 }).map((edits) => {
    let text = seed;
    for (const e of edits) {
      const at = text.length === 0 ? 0 : e.at % (text.length + 1);
      if (e.kind === "insert") text = text.slice(0, at) + e.text + text.slice(at);
      else if (e.kind === "delete") text = text.slice(0, at) + text.slice(at + e.length);
      else if (e.kind === "truncate") text = text.slice(0, at);
      else {
        const lines = text.split("\n");
        const i = at % Math.max(1, lines.length);
        lines.splice(i, 0, lines[i] ?? "");
        text = lines.join("\n");
      }
    }
    return text;
  });
}

/** Random JSON-shaped values with CloudFormation-ish keys, so that the model code is reached, not only the parser. */
const keys = fc.constantFrom(
  "Type",
  "Properties",
  "Ref",
  "Fn::Sub",
  "Fn::GetAtt",
  "Fn::Join",
  "Fn::If",
  "Name",
  "KmsKeyId",
  "SecretString",
  "Statement",
  "Effect",
  "Action",
  "Resource",
  "Principal",
  "Condition",
  "NotAction",
  "Resources",
  "Parameters",
  "Default",
  "NoEcho",
  "SecretId",
  "RotationRules",
  "AWS",
  "Service",
  "x",
  ...PROTOTYPE_NAMES,
);
const strings = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "AWS::SecretsManager::Secret",
    "AWS::KMS::Key",
    "AWS::IAM::Policy",
    "AWS::SecretsManager::RotationSchedule",
    "AWS::RDS::DBInstance",
    "AWS::Lambda::Function",
    "Allow",
    "Deny",
    "*",
    "secretsmanager:*",
    "arn:aws:iam::111122223333:root",
    "{{resolve:secretsmanager:x}}",
    "${AWS::AccountId}",
    "rate(30 days)",
    "cron(0 0 * * ? *)",
    "AKIAZZZZZZZZZZZZZZZZ",
    "rate(900 __proto__)",
    "rate(1 constructors)",
    "${constructor}",
    ...PROTOTYPE_NAMES,
  ),
);
const { value: jsonish } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    strings,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(keys, tie("value"), { maxKeys: 5 }),
  ),
}));
const template = fc
  .dictionary(
    fc.string({ maxLength: 6 }),
    fc.record({ Type: strings, Properties: fc.dictionary(keys, jsonish, { maxKeys: 6 }) }),
    { maxKeys: 5 },
  )
  .map((resources) => ({ AWSTemplateFormatVersion: "2010-09-09", Resources: resources }));
const policy = fc.record({
  Version: fc.constant("2012-10-17"),
  Statement: fc.array(fc.dictionary(keys, jsonish, { maxKeys: 6 }), { maxLength: 4 }),
});

function toYaml(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value))
    return value.length === 0 ? "[]" : value.map((v) => `\n${indent}- ${toYaml(v, `${indent}  `)}`).join("");
  const entries = Object.entries(value);
  return entries.length === 0
    ? "{}"
    : entries.map(([k, v]) => `\n${indent}${JSON.stringify(k)}: ${toYaml(v, `${indent}  `)}`).join("");
}

const hclIdent = fc.constantFrom(
  "a",
  "name",
  "kms_key_id",
  "password",
  "policy",
  "secret_id",
  "rotation_rules",
  "statement",
  "effect",
  "actions",
  ...PROTOTYPE_NAMES,
);
const hclValue = fc.oneof(
  fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
  fc.integer().map(String),
  fc.constantFrom(
    "true",
    "null",
    "var.x",
    "aws_kms_key.k.arn",
    '"${var.x}"',
    "[1, 2]",
    "{ a = 1 }",
    'jsonencode({ a = "b" })',
    "x ? 1 : 2",
    "[for s in var.l : s]",
    "<<EOT\nhello\nEOT",
  ),
);
const hclFile = fc
  .array(
    fc.record({
      type: fc.constantFrom("resource", "data", "variable", "locals", "module"),
      labels: fc.array(
        fc.constantFrom(
          '"aws_secretsmanager_secret"',
          '"aws_kms_key"',
          '"x"',
          '"aws_iam_policy_document"',
          ...PROTOTYPE_NAMES.map((name) => `"${name}"`),
        ),
        { maxLength: 2 },
      ),
      attrs: fc.array(fc.tuple(hclIdent, hclValue), { maxLength: 5 }),
    }),
    { maxLength: 5 },
  )
  .map((blocks) =>
    blocks
      .map((b) => `${b.type} ${b.labels.join(" ")} {\n${b.attrs.map(([k, v]) => `  ${k} = ${v}`).join("\n")}\n}\n`)
      .join("\n"),
  );

export const CASES: Record<string, fc.Arbitrary<[string, string]>> = {
  "yaml: mutated template": mutated(SEED_YAML).map((t) => ["t.yaml", t]),
  "yaml: random template": template.map((t) => ["t.yaml", `${toYaml(t).trimStart()}\n`]),
  "json: mutated template": mutated(SEED_JSON).map((t) => ["t.json", t]),
  "json: random template": template.map((t) => ["t.json", JSON.stringify(t)]),
  "policy: mutated": mutated(SEED_POLICY).map((t) => ["p.json", t]),
  "policy: random": policy.map((p) => ["p.json", JSON.stringify(p)]),
  "hcl: mutated": mutated(SEED_HCL).map((t) => ["main.tf", t]),
  "hcl: random": hclFile.map((t) => ["main.tf", t]),
  "tf.json: random": template.map((t) => ["main.tf.json", JSON.stringify({ resource: t.Resources })]),
  "any: random text": fc.tuple(
    fc.constantFrom("a.yaml", "a.json", "a.tf", "a.tf.json", "a.template"),
    fc.string({ unit: "binary", maxLength: 400 }),
  ),
};

/** The property: loading never throws, ends in entities or an error entry, within `boundMs`. */
export async function loadsCleanly([path, text]: [string, string], boundMs = 2_000): Promise<void> {
  const start = performance.now();
  const result = await loadOne(path, text);
  const ms = performance.now() - start;
  expect(ms, `${path} took ${ms.toFixed(0)} ms`).toBeLessThan(boundMs);
  if (!result) return;
  expect(Array.isArray(result.entities)).toBe(true);
  if (result.error) expect(typeof result.error.message).toBe("string");
}

/** The YAML and JSON families, for the streaming readers of big data files. */
export const STREAMED_CASES: Record<string, fc.Arbitrary<[string, string]>> = Object.fromEntries(
  Object.entries(CASES).filter(([name]) => /^(yaml|json|policy):/.test(name)),
);

/**
 * The property of the streaming readers (`json-stream.ts`, `yaml-stream.ts`), on any YAML or JSON text: they never
 * throw, and either give up (undefined: the full parse then runs) or give exactly the literals of the full parse
 * (`configLiterals` of its documents) that `credentialLiteralFilter` keeps. Called directly, whatever the file's size.
 */
export function streamsLikeTheTree([path, text]: [string, string]): void {
  const json = path.endsWith(".json");
  const file = new SourceFile(path, text);
  const streamed = json ? streamJsonLiterals(file) : streamYamlLiterals(file);
  if (streamed === undefined) return;
  let roots: PNode[];
  try {
    roots = json ? [parseJson(file)].filter((root): root is PNode => root !== undefined) : parseYaml(file).documents;
  } catch (error) {
    throw new Error(`the streaming reader followed a file the full parse rejects: ${(error as Error).message}`);
  }
  const keep = credentialLiteralFilter(file);
  const expected = roots
    .flatMap((root) => configLiterals(root, undefined))
    .filter((l) => keep(l.name, l.node.value, l.node.start, l.node.end));
  expect(streamed).toEqual(expected);
}

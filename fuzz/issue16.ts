/**
 * The families of issue 16 for the long fuzz campaign: files that carry a planted credential and are broken, huge,
 * long, named like Object.prototype members or full of pathological patterns. Each case goes through the whole scan
 * (in memory, as `--staged` hands files over) and is judged by one oracle:
 *
 * - lost: every planted credential is reported (`hardcoded-credential` on its line), whether or not the file parses;
 * - leaked: no planted credential appears whole in any output (findings, error entries, text, JSON and SARIF reports);
 * - over budget: the scan of the file uses less CPU time than the default per-file budget (the budget counts CPU time,
 *   as the scan's does: on a machine shared with other work, wall time also counts the waits for a core) and has no
 *   "took longer" entry;
 * - crashed: the scan never throws and no file gets an "internal error" entry.
 */
import fc from "fast-check";
import { scan } from "../src/scan/scan.js";
import { formatJson } from "../src/reporters/json.js";
import { formatSarif } from "../src/reporters/sarif.js";
import { formatText } from "../src/reporters/text.js";
import type { ScanResult } from "../src/engine/types.js";
import { fake } from "../src/test-support/fake.js";

/** One generated file and the credentials planted in it, by 1-based line. */
export interface PlantedCase {
  path: string;
  text: string;
  planted: { line: number; value: string }[];
}

export interface Verdict {
  lost: string[];
  leaked: string[];
  overBudget: boolean;
  crashed?: string;
  /** Wall time of the case. */
  ms: number;
  /** CPU time (user and system) of the process during the case: what the budget is measured in. */
  cpuMs: number;
}

/** The default `maxFileSeconds`, in milliseconds: a case using more CPU time than this is over budget. */
export const BUDGET_MS = 10_000;

/** Names that find Object.prototype members in a plain object used as a table. */
export const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
  "__defineGetter__",
  "isPrototypeOf",
] as const;

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** An access key id and a password, made up from a seed (never a real one; never a documentation example). */
const credentials = fc
  .nat({ max: 2 ** 30 })
  .map((seed) => ({
    key: `AKIA${fake(KEY_ALPHABET, 16, seed + 1)}`,
    password: `Zq${fake(PASSWORD_ALPHABET, 14, seed + 7)}9`,
  }))
  // The seeded generator gives a run of one character for some seeds (`AKIADJJJJJJJJJKXS2UD`): eight or more of one
  // character is a filler by the detectors' documented rule (`credential-patterns.ts`, hasFillerRun), not a key, so
  // such a value was never a planted credential (2 of 6,000 broken cases at seeds 1616, 1 and 2 were this).
  .filter(({ key, password }) => !/(.)\1{7,}/.test(key) && !/(.)\1{7,}/.test(password));

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split("\n").length;

function planted(path: string, text: string, values: readonly string[]): PlantedCase {
  return { path, text, planted: values.map((value) => ({ line: lineOf(text, value), value })) };
}

/**
 * Line-level breakage: lines inserted between the seed's lines (never inside the lines that carry a credential), each
 * either harmless or one that makes the file fail to parse (an unclosed bracket, a tab, a stray alias, a duplicate key,
 * a comma the grammar rejects, an unclosed heredoc).
 */
function broken(
  seedLines: (creds: { key: string; password: string }) => string[],
  breakers: readonly string[],
  path: string,
): fc.Arbitrary<PlantedCase> {
  const insert = fc.record({
    at: fc.nat(),
    line: fc.oneof(fc.constantFrom(...breakers), fc.stringMatching(/^[ a-zA-Z0-9_=:,.{}[\]#-]{0,20}$/)),
  });
  return fc.tuple(credentials, fc.array(insert, { minLength: 1, maxLength: 4 })).map(([creds, inserts]) => {
    const lines = seedLines(creds);
    for (const { at, line } of inserts) {
      // Only at boundaries before or after lines without a credential: the credential's own line stays whole.
      let i = at % (lines.length + 1);
      while (
        i > 0 &&
        i < lines.length &&
        (lines[i]?.includes(creds.key) || lines[i]?.includes(creds.password)) &&
        (lines[i - 1]?.includes(creds.key) || lines[i - 1]?.includes(creds.password))
      )
        i--;
      lines.splice(i, 0, line);
    }
    return planted(path, `${lines.join("\n")}\n`, [creds.key, creds.password]);
  });
}

const cfnYaml = ({ key, password }: { key: string; password: string }) => [
  'AWSTemplateFormatVersion: "2010-09-09"',
  "Resources:",
  "  Db:",
  "    Type: AWS::RDS::DBInstance",
  "    Properties:",
  "      Engine: postgres",
  "      MasterUsername: admin",
  `      MasterUserPassword: ${password}`,
  "  Fn:",
  "    Type: AWS::Lambda::Function",
  "    Properties:",
  "      Runtime: nodejs20.x",
  "      Environment:",
  "        Variables:",
  `          AWS_ACCESS_KEY_ID: ${key}`,
  "  Secret:",
  "    Type: AWS::SecretsManager::Secret",
  "    Properties:",
  "      Name: prod/orders/api",
];

const cfnJson = ({ key, password }: { key: string; password: string }) => [
  "{",
  '  "AWSTemplateFormatVersion": "2010-09-09",',
  '  "Resources": {',
  '    "Db": {',
  '      "Type": "AWS::RDS::DBInstance",',
  '      "Properties": {',
  '        "Engine": "postgres",',
  `        "MasterUserPassword": "${password}"`,
  "      }",
  "    },",
  '    "Fn": {',
  '      "Type": "AWS::Lambda::Function",',
  `      "Properties": { "Environment": { "Variables": { "AWS_ACCESS_KEY_ID": "${key}" } } }`,
  "    }",
  "  }",
  "}",
];

const terraform = ({ key, password }: { key: string; password: string }) => [
  'provider "aws" {',
  '  region     = "eu-west-1"',
  `  access_key = "${key}"`,
  "}",
  "",
  'resource "aws_db_instance" "db" {',
  '  engine   = "postgres"',
  `  password = "${password}"`,
  "}",
  "",
  'resource "aws_secretsmanager_secret" "s" {',
  '  name = "prod/orders/api"',
  "}",
];

/** Families of broken files that carry credentials. */
export const BROKEN_FAMILIES: Record<string, fc.Arbitrary<PlantedCase>> = {
  "broken CloudFormation YAML with credentials": broken(
    cfnYaml,
    [
      "  X: [",
      "\tTabbed: 1",
      "  Alias: *nowhere",
      "  Db:",
      "Resources:",
      "  - item",
      '  "unclosed: 1',
      "  Y: |x",
      "  Z: &a {",
      "  ? complex",
    ],
    "t.yaml",
  ),
  "broken CloudFormation JSON with credentials": broken(
    cfnJson,
    ['  "Resources": {},', "  ,", "  {", "  }", '  "x": [1,]', "  // comment", '  "a": 1 "b": 2'],
    "t.json",
  ),
  "broken Terraform with credentials": broken(
    terraform,
    ['  secret_key = "x",', "}", 'resource "a" {', "  x = <<EOT", "  = 1", "locals {", "  a = [1, 2", '  b = "${'],
    "main.tf",
  ),
};

/** A flat map of `size` short keys with a password among them (YAML, JSON or dotenv), under the streaming threshold. */
const flatMap = (maxKeys: number): fc.Arbitrary<PlantedCase> =>
  fc
    .tuple(credentials, fc.integer({ min: 1_000, max: maxKeys }), fc.nat(), fc.constantFrom("yaml", "json", "env"))
    .map(([creds, size, at, syntax]) => {
      const where = at % size;
      const entries: string[] = [];
      for (let i = 0; i < size; i++) {
        const key = i === where ? "db_password" : `k${i.toString(36)}`;
        const value = i === where ? creds.password : `v${i % 97}`;
        entries.push(
          syntax === "yaml"
            ? `${key}: ${value}`
            : syntax === "json"
              ? `  "${key}": "${value}"`
              : `${key.toUpperCase()}="${value}"`,
        );
      }
      const text = syntax === "json" ? `{\n${entries.join(",\n")}\n}\n` : `${entries.join("\n")}\n`;
      return planted(syntax === "env" ? "big.env" : `big.${syntax}`, text, [creds.password]);
    });

/** One very long value (a data URI, a policy action, a heredoc line) next to a credential on its own line. */
const longValue = (maxLength: number): fc.Arbitrary<PlantedCase> =>
  fc
    .tuple(
      credentials,
      fc.integer({ min: 5_000, max: maxLength }),
      fc.constantFrom("a", "*", "?*", "${", "A/", " ", "\\\\"),
      fc.constantFrom("js", "yaml", "tf", "policy", "env"),
    )
    .map(([creds, length, unit, syntax]) => {
      const long = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
      const quoted = JSON.stringify(long);
      switch (syntax) {
        case "js":
          return planted("app.js", `const logo = ${quoted};\nconst dbPassword = "${creds.password}";\n`, [
            creds.password,
          ]);
        case "yaml":
          return planted(
            "t.yaml",
            `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  Blob: ${quoted}\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: ${creds.password}\n`,
            [creds.password],
          );
        case "tf":
          return planted(
            "main.tf",
            `locals {\n  blob = ${quoted}\n}\n\nresource "aws_db_instance" "db" {\n  password = "${creds.password}"\n}\n`,
            [creds.password],
          );
        case "policy":
          return planted(
            "p.json",
            JSON.stringify(
              {
                Version: "2012-10-17",
                Statement: [
                  { Effect: "Allow", Action: [`secretsmanager:${long}`, `s3:${long}`], Resource: "*", Sid: creds.key },
                ],
              },
              null,
              2,
            ),
            [creds.key],
          );
        default:
          return planted(".env", `LOGO=${quoted}\nDB_PASSWORD="${creds.password}"\n`, [creds.password]);
      }
    });

const protoName = fc.constantFrom(...PROTOTYPE_NAMES);

/** Templates and modules where types, keys, tags, units and operators are prototype names. */
const prototypeNames: fc.Arbitrary<PlantedCase> = fc
  .tuple(credentials, protoName, protoName, protoName, fc.constantFrom("yaml", "json", "tf"))
  .map(([creds, a, b, c, syntax]) => {
    if (syntax === "tf") {
      const text = [
        `resource "${a}" "${b}" {`,
        `  ${c} = 1`,
        "}",
        "",
        `resource "aws_secretsmanager_secret_rotation" "${b}" {`,
        `  secret_id = aws_secretsmanager_secret.${c}.id`,
        `  rotation_rules { schedule_expression = "rate(9 ${a})" }`,
        "}",
        "",
        `resource "aws_secretsmanager_secret" "${c}" {`,
        `  name = "${a}/${b}"`,
        "}",
        "",
        'resource "aws_db_instance" "db" {',
        `  password = "${creds.password}"`,
        "}",
        "",
      ].join("\n");
      return planted("main.tf", text, [creds.password]);
    }
    const template = {
      AWSTemplateFormatVersion: "2010-09-09",
      Parameters: { [a]: { Type: b, Default: c } },
      Resources: {
        [a]: { Type: b, Properties: { [c]: { Ref: a }, Name: { "Fn::Sub": `\${${b}}` } } },
        Secret: { Type: "AWS::SecretsManager::Secret", Properties: { Name: `\${${c}}` } },
        Rotation: {
          Type: "AWS::SecretsManager::RotationSchedule",
          Properties: { SecretId: { Ref: "Secret" }, RotationRules: { ScheduleExpression: `rate(900 ${a})` } },
        },
        Policy: {
          Type: "AWS::SecretsManager::ResourcePolicy",
          Properties: {
            SecretId: { Ref: "Secret" },
            ResourcePolicy: {
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Principal: { [b]: "*" },
                  Action: `${c}:*`,
                  Resource: "*",
                  Condition: { [a]: { [b]: c } },
                },
              ],
            },
          },
        },
        Db: { Type: "AWS::RDS::DBInstance", Properties: { MasterUserPassword: creds.password } },
      },
    };
    // JSON.stringify drops nothing here: computed keys named __proto__ are own properties of these literals. YAML is
    // a superset of JSON: the same text is the YAML case, read by the YAML parser.
    const json = JSON.stringify(template, null, 2);
    return planted(syntax === "json" ? "t.json" : "t.yaml", json, [creds.password]);
  });

/** Actions, resources, principals and schedules made of runs of wildcards and placeholders. */
const pathological: fc.Arbitrary<PlantedCase> = fc
  .tuple(
    credentials,
    fc.integer({ min: 1, max: 3_000 }),
    fc.constantFrom("*", "?", "*?", "${", "${x}", "a*", "?a", "*:"),
    fc.constantFrom("policy", "template"),
  )
  .map(([creds, count, unit, syntax]) => {
    const run = unit.repeat(count);
    const statement = {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${run}:root` },
      Action: [`*:${run}a`, `secretsmanager:${run}`],
      Resource: [`arn:aws:secretsmanager:*:*:secret:${run}`],
      NotAction: `kms:${run}`,
    };
    if (syntax === "policy") {
      return planted(
        "p.json",
        JSON.stringify({ Version: "2012-10-17", Statement: [statement], Id: creds.key }, null, 2),
        [creds.key],
      );
    }
    const template = {
      AWSTemplateFormatVersion: "2010-09-09",
      Resources: {
        Secret: { Type: "AWS::SecretsManager::Secret", Properties: { Name: `prod/${run}` } },
        Rotation: {
          Type: "AWS::SecretsManager::RotationSchedule",
          Properties: {
            SecretId: { Ref: "Secret" },
            RotationRules: { ScheduleExpression: `cron(${run} ${run} * * ? *)` },
          },
        },
        Policy: {
          Type: "AWS::SecretsManager::ResourcePolicy",
          Properties: {
            SecretId: { Ref: "Secret" },
            ResourcePolicy: { Version: "2012-10-17", Statement: [statement] },
          },
        },
        Role: {
          Type: "AWS::IAM::Role",
          Properties: {
            Policies: [
              {
                PolicyName: "p",
                PolicyDocument: { Version: "2012-10-17", Statement: [{ ...statement, Principal: undefined }] },
              },
            ],
          },
        },
        Db: { Type: "AWS::RDS::DBInstance", Properties: { MasterUserPassword: creds.password } },
      },
    };
    return planted("t.json", JSON.stringify(template, null, 2), [creds.password]);
  });

/**
 * Every family of issue 16 with its weight: the share of FUZZ_RUNS it runs (the big-input families cost seconds a
 * case, so they run a thousandth of the cases, at least `min`).
 */
export const ISSUE16_FAMILIES: Record<string, { arbitrary: fc.Arbitrary<PlantedCase>; weight: number; min: number }> = {
  ...Object.fromEntries(
    Object.entries(BROKEN_FAMILIES).map(([name, arbitrary]) => [name, { arbitrary, weight: 1, min: 1 }]),
  ),
  "prototype names": { arbitrary: prototypeNames, weight: 1, min: 1 },
  "pathological patterns": { arbitrary: pathological, weight: 1 / 20, min: 5 },
  "long single values": { arbitrary: longValue(300_000), weight: 1 / 1_000, min: 5 },
  "huge flat maps": { arbitrary: flatMap(50_000), weight: 1 / 2_000, min: 3 },
};

/** Runs one case through the whole scan and judges it (see the module comment). */
export async function judge(input: PlantedCase): Promise<Verdict> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  let result: ScanResult;
  try {
    result = await scan({ cwd: "/nonexistent-fuzz-root", files: [{ path: input.path, text: input.text }], jobs: 1 });
  } catch (error) {
    return {
      lost: [],
      leaked: [],
      overBudget: false,
      crashed: (error as Error).stack ?? String(error),
      ms: performance.now() - start,
      cpuMs: cpuMs(),
    };
  }
  const ms = performance.now() - start;
  const used = cpuMs();
  const credentialLines = new Set(
    result.findings.filter((f) => f.ruleId === "hardcoded-credential").map((f) => f.line),
  );
  const lost = input.planted.filter((p) => !credentialLines.has(p.line)).map((p) => `line ${p.line}`);
  const outputs = [
    formatText(result, { color: false }),
    formatJson(result),
    formatSarif(result, { repositoryRoot: "/nonexistent-fuzz-root" }),
    ...result.errors.map((e) => e.message),
    ...(result.warnings ?? []).map((w) => w.message),
  ];
  const leaked = input.planted
    .filter((p) => outputs.some((text) => text.includes(p.value)))
    .map((p) => `line ${p.line}`);
  const overBudget = used > BUDGET_MS || result.errors.some((e) => /took longer than/.test(e.message));
  const internal = result.errors.find((e) => /internal error/.test(e.message));
  return { lost, leaked, overBudget, ...(internal ? { crashed: internal.message } : {}), ms, cpuMs: used };
}

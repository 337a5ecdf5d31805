import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { CLOUDFORMATION_TAGS, parseYaml } from "./yaml.js";
import { parseJson } from "./json.js";
import { get, SourceFile, toPlain, type PNode } from "../core/positioned.js";

const yaml = (text: string): PNode => {
  const { documents } = parseYaml(new SourceFile("t.yaml", text));
  if (!documents[0]) throw new Error("no document");
  return documents[0];
};
const plain = (text: string) => toPlain(yaml(text));

/** Each short form, and the long form CloudFormation documents as its equivalent. */
const SHORT_AND_LONG: [string, string, unknown][] = [
  ["!Ref MyBucket", "{ Ref: MyBucket }", { Ref: "MyBucket" }],
  [
    "!Sub 'arn:${AWS::Partition}:s3:::${Bucket}'",
    "{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' }",
    { "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}" },
  ],
  [
    "!Sub ['${A}-x', { A: !Ref B }]",
    "{ 'Fn::Sub': ['${A}-x', { A: { Ref: B } }] }",
    { "Fn::Sub": ["${A}-x", { A: { Ref: "B" } }] },
  ],
  ["!GetAtt MyKey.Arn", "{ 'Fn::GetAtt': [MyKey, Arn] }", { "Fn::GetAtt": ["MyKey", "Arn"] }],
  [
    "!GetAtt Db.Endpoint.Address",
    "{ 'Fn::GetAtt': [Db, Endpoint.Address] }",
    { "Fn::GetAtt": ["Db", "Endpoint.Address"] },
  ],
  ["!GetAtt [MyKey, Arn]", "{ 'Fn::GetAtt': [MyKey, Arn] }", { "Fn::GetAtt": ["MyKey", "Arn"] }],
  [
    "!If [IsProd, !Ref Key, !Ref AWS::NoValue]",
    "{ 'Fn::If': [IsProd, { Ref: Key }, { Ref: 'AWS::NoValue' }] }",
    { "Fn::If": ["IsProd", { Ref: "Key" }, { Ref: "AWS::NoValue" }] },
  ],
  ["!Join ['', [a, !Ref B]]", "{ 'Fn::Join': ['', [a, { Ref: B }]] }", { "Fn::Join": ["", ["a", { Ref: "B" }]] }],
  [
    "!Select [0, !GetAZs '']",
    "{ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }",
    { "Fn::Select": [0, { "Fn::GetAZs": "" }] },
  ],
  ["!Split [',', !Ref List]", "{ 'Fn::Split': [',', { Ref: List }] }", { "Fn::Split": [",", { Ref: "List" }] }],
  ["!Base64 hello", "{ 'Fn::Base64': hello }", { "Fn::Base64": "hello" }],
  [
    "!FindInMap [Map, !Ref AWS::Region, Ami]",
    "{ 'Fn::FindInMap': [Map, { Ref: 'AWS::Region' }, Ami] }",
    { "Fn::FindInMap": ["Map", { Ref: "AWS::Region" }, "Ami"] },
  ],
  ["!ImportValue SharedKeyArn", "{ 'Fn::ImportValue': SharedKeyArn }", { "Fn::ImportValue": "SharedKeyArn" }],
  ["!GetAZs us-east-1", "{ 'Fn::GetAZs': us-east-1 }", { "Fn::GetAZs": "us-east-1" }],
  ["!Cidr [10.0.0.0/16, 4, 8]", "{ 'Fn::Cidr': [10.0.0.0/16, 4, 8] }", { "Fn::Cidr": ["10.0.0.0/16", 4, 8] }],
  ["!Equals [!Ref Env, prod]", "{ 'Fn::Equals': [{ Ref: Env }, prod] }", { "Fn::Equals": [{ Ref: "Env" }, "prod"] }],
  [
    "!And [!Condition A, !Condition B]",
    "{ 'Fn::And': [{ Condition: A }, { Condition: B }] }",
    { "Fn::And": [{ Condition: "A" }, { Condition: "B" }] },
  ],
  [
    "!Or [!Condition A, !Not [!Condition B]]",
    "{ 'Fn::Or': [{ Condition: A }, { 'Fn::Not': [{ Condition: B }] }] }",
    { "Fn::Or": [{ Condition: "A" }, { "Fn::Not": [{ Condition: "B" }] }] },
  ],
  ["!Not [!Equals [a, b]]", "{ 'Fn::Not': [{ 'Fn::Equals': [a, b] }] }", { "Fn::Not": [{ "Fn::Equals": ["a", "b"] }] }],
  ["!Condition IsProd", "{ Condition: IsProd }", { Condition: "IsProd" }],
  [
    "!Transform { Name: AWS::Include, Parameters: { Location: s3://b/k } }",
    "{ 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }",
    { "Fn::Transform": { Name: "AWS::Include", Parameters: { Location: "s3://b/k" } } },
  ],
];

describe("CloudFormation YAML short forms", () => {
  it.each(SHORT_AND_LONG)("%s equals its long form", (short, long, expected) => {
    expect(plain(`Value: ${short}\n`)).toEqual({ Value: expected });
    expect(plain(`Value: ${long}\n`)).toEqual({ Value: expected });
  });

  it("covers every tag the issue lists", () => {
    const tags = new Set(SHORT_AND_LONG.flatMap(([short]) => short.match(/!\w+/g) ?? []));
    for (const tag of [
      "!Ref",
      "!Sub",
      "!GetAtt",
      "!If",
      "!Join",
      "!Select",
      "!Split",
      "!Base64",
      "!FindInMap",
      "!ImportValue",
      "!GetAZs",
      "!Cidr",
      "!Equals",
      "!And",
      "!Or",
      "!Not",
      "!Condition",
      "!Transform",
    ]) {
      expect(tags).toContain(tag);
    }
  });

  it("parses short forms without a single YAML warning", () => {
    // The YAML library warns about tags it does not know; with ours registered it must stay silent.
    const text = SHORT_AND_LONG.map(([short], i) => `V${i}: ${short}`).join("\n");
    const bare = parseAllDocuments(text);
    const withTags = parseAllDocuments(text, { customTags: CLOUDFORMATION_TAGS, schema: "core" });
    expect(Array.isArray(bare) && bare[0]?.warnings.length).toBeGreaterThan(0);
    expect(Array.isArray(withTags) && withTags[0]?.warnings).toEqual([]);
  });

  it("parses block-style tagged sequences and mappings", () => {
    const text = "Value: !Join\n  - ':'\n  - - a\n    - !Ref B\nOther: !Sub\n  - '${X}'\n  - X: y\n";
    expect(plain(text)).toEqual({
      Value: { "Fn::Join": [":", ["a", { Ref: "B" }]] },
      Other: { "Fn::Sub": ["${X}", { X: "y" }] },
    });
  });

  it("spans a short form from its tag to the end of its value", () => {
    const text = "Key:\n  KmsKeyId: !GetAtt MyKey.Arn\n";
    const file = new SourceFile("t.yaml", text);
    const node = get(get(parseYaml(file).documents[0], "Key"), "KmsKeyId");
    expect(node && file.span(node)).toEqual({ start: { line: 2, column: 13 }, end: { line: 2, column: 30 } });
    expect(node?.path).toEqual(["Key", "KmsKeyId"]);
  });

  it("gives the JSON twin of a value the same path as its YAML original", () => {
    const y = get(get(yaml("A:\n  B: !Ref C\n"), "A"), "B");
    const j = get(get(parseJson(new SourceFile("t.json", '{"A": {"B": {"Ref": "C"}}}')), "A"), "B");
    expect(y?.path).toEqual(j?.path);
    expect(get(y, "Ref")?.path).toEqual(get(j, "Ref")?.path);
  });
});

describe("YAML aliases", () => {
  it("records aliases instead of expanding them", () => {
    const text = "a: &x [1, 2]\nb: *x\n";
    const parsed = parseYaml(new SourceFile("t.yaml", text));
    expect(parsed.aliases).toEqual([{ name: "x", offset: 16 }]);
    expect(toPlain(parsed.documents[0] as PNode)).toEqual({ a: [1, 2], b: null });
  });

  it("survives a billion-laughs document without expanding it", () => {
    const levels = Array.from(
      { length: 10 },
      (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(", ")}]`,
    );
    const text = `l0: &l0 lol\n${levels.join("\n")}\n`;
    const parsed = parseYaml(new SourceFile("t.yaml", text));
    expect(parsed.aliases).toHaveLength(100);
  });
});

describe("syntax errors", () => {
  it("reports a YAML syntax error with its offset", () => {
    const file = new SourceFile("t.yaml", "a: [1, 2\nb: c\n");
    expect(() => parseYaml(file)).toThrowError(/^YAML syntax error: /);
  });

  it("reports a JSON syntax error with its offset", () => {
    const file = new SourceFile("t.json", '{\n  "a": 1,\n  "b" 2\n}\n');
    try {
      parseJson(file);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe("JSON syntax error: colon expected");
      expect(file.locate((error as { offset: number }).offset)).toEqual({ line: 3, column: 7 });
    }
  });
});

describe("SourceFile.locate", () => {
  it("counts lines after LF, CRLF and lone CR, and columns in UTF-16 code units", () => {
    const file = new SourceFile("t", "ab\r\ncd\ref\n€x");
    expect(file.locate(0)).toEqual({ line: 1, column: 1 });
    expect(file.locate(4)).toEqual({ line: 2, column: 1 });
    expect(file.locate(7)).toEqual({ line: 3, column: 1 });
    expect(file.locate(11)).toEqual({ line: 4, column: 2 });
    expect(file.locate(999)).toEqual({ line: 4, column: 3 });
  });
});

describe("reading what CloudFormation reads", () => {
  const parse = (text: string) => {
    const file = new SourceFile("t.yaml", text);
    return { file, ...parseYaml(file) };
  };

  it("keeps the last of duplicate keys, as CloudFormation does, with a warning at the later key", () => {
    const text = "Resources:\n  A:\n    Type: One\n  B:\n    Type: Two\n  A:\n    Type: Three\n";
    const { file, documents, warnings } = parse(text);
    const root = documents[0] as PNode;
    expect(toPlain(root)).toEqual({ Resources: { B: { Type: "Two" }, A: { Type: "Three" } } });
    const kept = get(get(get(root, "Resources"), "A"), "Type") as PNode;
    expect(file.locate(kept.start)).toEqual({ line: 7, column: 11 });
    expect(warnings).toEqual([
      {
        offset: text.lastIndexOf("  A:") + 2,
        message: "duplicate mapping key (first at line 2): the last one is used, as CloudFormation does",
      },
    ]);
  });

  it("never quotes the duplicate key in its warning (no source text in messages)", () => {
    const { warnings } = parse("hunter2secret: 1\nhunter2secret: 2\n");
    expect(warnings.map((w) => w.message).join(" ")).not.toContain("hunter2");
  });

  it("reads a quoted scalar whose continuation lines are indented no deeper than its key, at exact offsets", () => {
    const text = [
      "Resources:",
      "  Role:",
      "    Properties:",
      "      Policies:",
      "        - PolicyName: p",
      "          PolicyDocument: !Sub '{",
      '          "Statement": [',
      '            {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}',
      "          ]",
      "        }'",
      "      RoleName: after",
      "",
    ].join("\n");
    expect(() =>
      parseAllDocuments(text, { customTags: CLOUDFORMATION_TAGS }).forEach((d) => {
        if (d.errors.length) throw d.errors[0];
      }),
    ).toThrow();
    const { file, documents, warnings } = parse(text);
    const properties = get(get(get(documents[0], "Resources"), "Role"), "Properties");
    const policy = toPlain(get(properties, "Policies") as PNode) as { PolicyDocument: { "Fn::Sub": string } }[];
    expect(JSON.parse(policy[0]?.PolicyDocument["Fn::Sub"] ?? "")).toEqual({
      Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }],
    });
    const after = get(properties, "RoleName") as PNode;
    expect(file.locate(after.start)).toEqual({ line: 11, column: 17 });
    expect(text.slice(after.start, after.end)).toBe("after");
    expect(warnings).toHaveLength(1);
    expect(file.locate(warnings[0]?.offset ?? -1)).toEqual({ line: 7, column: 1 });
  });

  it("reads a flow sequence closed at its key's indentation", () => {
    const text =
      "Statement:\n  - Resource: [\n    !Sub 'arn:${AWS::Partition}:s3:::a',\n    'arn:aws:s3:::b'\n    ]\n    Effect: Allow\n";
    const { file, documents } = parse(text);
    const statement = (get(documents[0], "Statement") as { items: PNode[] }).items[0] as PNode;
    expect(toPlain(statement)).toEqual({
      Resource: [{ "Fn::Sub": "arn:${AWS::Partition}:s3:::a" }, "arn:aws:s3:::b"],
      Effect: "Allow",
    });
    const second = (get(statement, "Resource") as { items: PNode[] }).items[1] as PNode;
    expect(text.slice(second.start, second.end)).toBe("'arn:aws:s3:::b'");
    expect(file.locate(second.start)).toEqual({ line: 4, column: 5 });
  });

  it("leaves quotes and brackets inside block scalars and plain words alone", () => {
    const text = "A: |\n  it's [not\n  flow {\nB: It's a[0] value\nC: [1,\n2]\n";
    const { documents } = parse(text);
    expect(toPlain(documents[0] as PNode)).toEqual({ A: "it's [not\nflow {\n", B: "It's a[0] value", C: [1, 2] });
  });

  it("reports the strict error when the lenient reading fails too", () => {
    expect(() => parse("Description: 'a' (tail)\nB: [\n")).toThrowError(/^YAML syntax error: /);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CodeLiteral } from "../../model/entities.js";
import { SourceFile } from "../../core/positioned.js";
import { parseYaml } from "../yaml.js";
import { configLiterals, credentialLiteralFilter } from "./config-literals.js";
import { streamYamlLiterals } from "./yaml-stream.js";

/** The contract: what the full parse and `configLiterals` give, filtered as the streaming reader filters. */
function viaTree(file: SourceFile): CodeLiteral[] | "syntax error" {
  // biome-ignore lint/suspicious/noImplicitAnyLet: assigned in the try below; TypeScript types it by control flow
  let documents;
  try {
    documents = parseYaml(file).documents;
  } catch {
    return "syntax error";
  }
  const keep = credentialLiteralFilter(file);
  return documents
    .flatMap((root) => configLiterals(root, undefined))
    .filter((l) => keep(l.name, l.node.value, l.node.start, l.node.end));
}

const fileOf = (text: string): SourceFile => new SourceFile("data/catalog.yaml", text);

interface Row {
  name: string;
  value: string;
  text: string;
  start: number;
  path: readonly (string | number)[];
}

/** The reader's literals as plain rows, for exact expectations; checks `file` is the very object given. */
function rows(file: SourceFile): Row[] | undefined {
  return streamYamlLiterals(file)?.map((l) => {
    expect(l.node.file).toBe(file);
    expect(l.binding).toBe("property");
    expect(l.node.kind).toBe("scalar");
    return {
      name: l.name,
      value: l.node.value,
      text: file.text.slice(l.node.start, l.node.end),
      start: l.node.start,
      path: l.node.path,
    };
  });
}

/** Exact expectation, and agreement with the full parse. */
function expectRows(text: string, expected: Row[]): void {
  const file = fileOf(text);
  expect(rows(file)).toEqual(expected);
  expect(streamYamlLiterals(file)).toEqual(viaTree(file));
}

function row(text: string, name: string, value: string, quoted: string, path: (string | number)[], from = 0): Row {
  const start = text.indexOf(quoted, from);
  if (start < 0) throw new Error(`fixture lacks ${quoted}`);
  return { name, value, text: quoted, start, path };
}

/** Not followed: the full parse decides (and reports the syntax error if there is one). */
function expectUnsupported(text: string): void {
  expect(streamYamlLiterals(fileOf(text))).toBeUndefined();
}

const AKIA = "AKIAJ7Q2WZ4LMXK3RB5T";
const GHP = "ghp_" + "aZ3kQ9mW2xR7tY5uP1oL8nB4vC6dE0fGhJ2s";

describe("streamYamlLiterals: exact cases", () => {
  it("reads compact maps in sequences, with the sequence's index in the path", () => {
    const text = "items:\n  - id: 1\n    password: hunter22\n  - id: 2\n    password: 'it''s'\n";
    expectRows(text, [
      row(text, "password", "hunter22", "hunter22", ["items", 0, "password"]),
      row(text, "password", "it's", "'it''s'", ["items", 1, "password"]),
    ]);
  });

  it("reads a sequence at the indent of its key, and the key after it", () => {
    const text = 'tokens:\n- abc123xyz\n- "q=1"\napi_key: k3y\n';
    expectRows(text, [
      row(text, "tokens", "abc123xyz", "abc123xyz", ["tokens", 0]),
      row(text, "tokens", "q=1", '"q=1"', ["tokens", 1]),
      row(text, "api_key", "k3y", "k3y", ["api_key"]),
    ]);
  });

  it("reads nested flow collections", () => {
    const text = "conf: {a: [x, {password: y}], b: 'c=d'}\n";
    expectRows(text, [
      row(text, "password", "y", "y", ["conf", "a", 1, "password"]),
      row(text, "b", "c=d", "'c=d'", ["conf", "b"]),
    ]);
  });

  it("names values by quoted keys and unescapes double-quoted values", () => {
    const text = '"db password": "with \\"escape\\""\n\'api_token\': plain\n';
    expectRows(text, [
      row(text, "db password", 'with "escape"', '"with \\"escape\\""', ["db password"]),
      row(text, "api_token", "plain", "plain", ["api_token"]),
    ]);
  });

  it("folds multi-line plain and quoted scalars, spanning every line", () => {
    const text = 'password: first\n  second\n\n  third\ntoken: "one\n  two"\n';
    expectRows(text, [
      row(text, "password", "first second\nthird", "first\n  second\n\n  third", ["password"]),
      row(text, "token", "one two", '"one\n  two"', ["token"]),
    ]);
  });

  it("reads block scalars with chomping and indentation indicators", () => {
    const text = "token: |+\n  password\n\nstrip: >-\n  a=b\n  c\nindented: |2\n     lead\n    next\nother: 1\n";
    expectRows(text, [
      row(text, "token", "password\n\n", "|+\n  password\n\n", ["token"]),
      row(text, "strip", "a=b c", ">-\n  a=b\n  c\n", ["strip"]),
    ]);
    const secret = "secret: |2-\n     lead\n    next\n";
    expectRows(secret, [row(secret, "secret", "   lead\n  next", "|2-\n     lead\n    next\n", ["secret"])]);
  });

  it("reads a value on the line below its key or dash", () => {
    const text = "password:\n  # why\n  first\n  second\ntokens:\n  -\n    'x=1'\n  - \n    [a=b]\n";
    expectRows(text, [
      row(text, "password", "first second", "first\n  second", ["password"]),
      row(text, "tokens", "x=1", "'x=1'", ["tokens", 0]),
      row(text, "tokens", "a=b", "a=b", ["tokens", 1, 0]),
    ]);
  });

  it("skips comments everywhere", () => {
    const text = "# head\npassword: a1 # trailing\n  # indented\ntokens: # after key\n  # inside\n  - b2 # item\n# end";
    expectRows(text, [row(text, "password", "a1", "a1", ["password"]), row(text, "tokens", "b2", "b2", ["tokens", 0])]);
  });

  it("names a Value by its Name sibling in either order, and keeps it where it is", () => {
    const text =
      "env:\n  - Name: DB_PASSWORD\n    Value: s3cr3t\n  - value: other\n    key: API_TOKEN\n  - Value: no-name\n";
    expectRows(text, [
      row(text, "DB_PASSWORD", "s3cr3t", "s3cr3t", ["env", 0, "Value"]),
      row(text, "API_TOKEN", "other", "other", ["env", 1, "value"]),
    ]);
  });

  it("types plain scalars by the core schema: yes and on stay strings, null, ~, 0x1F and .inf do not", () => {
    const text = "password: yes\ntoken: on\nsecret: null\napi_key: ~\nauth_token: 0x1F\npasswd: .inf\npwd: !!str 12\n";
    expectRows(text, [
      row(text, "password", "yes", "yes", ["password"]),
      row(text, "token", "on", "on", ["token"]),
      row(text, "pwd", "12", "12", ["pwd"], text.indexOf("!!str")),
    ]);
  });

  it("names keys as the full parse prints them: numbers and booleans too", () => {
    const text = `0x10: ${AKIA}\ntrue: ${GHP}\n1.50: postgres://user:pass@host/db\n`;
    expectRows(text, [
      row(text, "16", AKIA, AKIA, ["16"]),
      row(text, "true", GHP, GHP, ["true"]),
      row(text, "1.5", "postgres://user:pass@host/db", "postgres://user:pass@host/db", ["1.5"]),
    ]);
  });

  it("restarts paths in every document, and skips empty ones", () => {
    const text = "---\npassword: a\n...\n---\n---\n# nothing\n---\n- token: b\n";
    expectRows(text, [
      row(text, "password", "a", "a", ["password"], 10),
      row(text, "token", "b", "b", [0, "token"], 40),
    ]);
  });

  it("keeps offsets with CRLF and lone CR line endings", () => {
    const crlf = "a:\r\n  password: x1\r\n  token: |\r\n    y2\r\n";
    expectRows(crlf, [
      row(crlf, "password", "x1", "x1", ["a", "password"]),
      row(crlf, "token", "y2\n", "|\r\n    y2\r\n", ["a", "token"]),
    ]);
    const cr = "a:\r  password: x1\r  tokens:\r  - y2\r";
    expectRows(cr, [
      row(cr, "password", "x1", "x1", ["a", "password"]),
      row(cr, "tokens", "y2", "y2", ["a", "tokens", 0]),
    ]);
  });

  it("keeps a byte order mark out of the columns", () => {
    const text = "\uFEFFpassword: x1\ntoken: y2\n";
    expectRows(text, [row(text, "password", "x1", "x1", ["password"]), row(text, "token", "y2", "y2", ["token"])]);
  });

  it("drops literals the credential checks cannot use", () => {
    const text = "name: plain\nid: 7\ndescription: words only\nurl: 'x=1'\n";
    expectRows(text, [row(text, "url", "x=1", "'x=1'", ["url"])]);
  });

  it("tells a quoted key from a plain one of the same text, as the full parse does", () => {
    const text = '1: token=a\n"1": token=b\n';
    expectRows(text, [row(text, "1", "token=a", "token=a", ["1"]), row(text, "1", "token=b", "token=b", ["1"], 10)]);
  });

  it("names a flow map's Value by its Name sibling, and reads trailing commas and line breaks in flow", () => {
    const text = "env: [{Value: [one, two], Name: DB_PASSWORD},\n  {name: x, value: k=v,},\n]\n";
    expectRows(text, [
      row(text, "DB_PASSWORD", "one", "one", ["env", 0, "Value", 0]),
      row(text, "DB_PASSWORD", "two", "two", ["env", 0, "Value", 1]),
      row(text, "x", "k=v", "k=v", ["env", 1, "value"]),
    ]);
  });

  it("leaves very deep nesting to the full parse", () => {
    expectUnsupported(`a: ${"[".repeat(300)}${"]".repeat(300)}\n`);
    expectUnsupported(`${"[".repeat(100_000)}`);
  });

  it("gives undefined on syntax errors", () => {
    for (const text of [
      "a: b: c\n",
      "a: [b\n",
      "a:\n  b: 1\n c: 2\n",
      "- a\nb: 1\n",
      "a: 'x\n",
      'a: "\\q"\n',
      "a:\n\t- b\n",
    ]) {
      expect(viaTree(fileOf(text)), text).toBe("syntax error");
      expectUnsupported(text);
    }
  });

  it("leaves duplicate keys to the full parse, which keeps the last one as CloudFormation does", () => {
    expectUnsupported("a: 1\na: 2\n");
    expect(viaTree(fileOf("password: hunter22\npassword: hunter23\n"))).not.toBe("syntax error");
  });

  it("gives undefined on constructs it does not follow", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "? a\n: b\n",
      "<<: {a: 1}\n",
      "%YAML 1.2\n---\na: 1\n",
      "a: !Ref b\n",
      "a: !!binary aGk=\n",
      "a:\n  |\n    block scalar on the next line\n",
      "[a]: b\n",
      "a: b\n\tc: d\n",
      // On the line of a byte order mark the parser counts no indentation: `- a` there is an error.
      "\uFEFF- a\n",
    ]) {
      expectUnsupported(text);
    }
  });
});

// ---- generated files ------------------------------------------------------------------------------------------------

type Data =
  | { kind: "scalar"; value: string; style: number }
  | { kind: "seq"; items: Data[]; style: number }
  | { kind: "map"; entries: [string, Data][]; style: number };

const base32 = fc.string({
  unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
  minLength: 16,
  maxLength: 16,
});
const alnum = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
  minLength: 36,
  maxLength: 36,
});
const words = fc.constantFrom(
  "alpha",
  "beta",
  "x",
  "it's",
  'say "hi"',
  "a: b",
  "a #b",
  "yes",
  "on",
  "null",
  "~",
  "0x1F",
  ".inf",
  "12",
  "1.5",
  "true",
  "",
  " lead",
  "trail ",
  "-dash",
  "tab\there",
  "ünï",
  "#hash",
  "a=b",
);
const scalarValue = fc.oneof(
  words,
  fc.tuple(words, words).map(([a, b]) => `${a} ${b}`),
  fc.tuple(words, words).map(([a, b]) => `${a}=${b}`),
  base32.map((s) => `AKIA${s}`),
  alnum.map((s) => `ghp_${s}`),
  fc.constant("postgres://user:pass@host/db"),
  fc.tuple(words, words).map(([a, b]) => `${a}\n${b}`),
);
const keyName = fc.constantFrom(
  "password",
  "api_key",
  "token",
  "Name",
  "Value",
  "name",
  "value",
  "Key",
  "id",
  "owner",
  "db password",
  "1",
  "true",
  "0x1F",
  "list",
  "a:b",
  "it's",
);

const data: fc.Arbitrary<Data> = fc.letrec<{ node: Data }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ kind: fc.constant("scalar" as const), value: scalarValue, style: fc.nat(99) }),
    fc.record({ kind: fc.constant("seq" as const), items: fc.array(tie("node"), { maxLength: 4 }), style: fc.nat(99) }),
    fc.record({
      kind: fc.constant("map" as const),
      entries: fc.uniqueArray(fc.tuple(keyName, tie("node")), { maxLength: 5, selector: ([k]) => k }),
      style: fc.nat(99),
    }),
  ),
})).node;

const PLAIN = /^[A-Za-z0-9_./@=+][A-Za-z0-9_./@=+ -]*$/;

/** A scalar in one of YAML's flow styles (plain when it is safe to write plain, else quoted). */
function flowScalar(value: string, style: number, indent: string): string {
  const plainSafe = PLAIN.test(value) && !value.endsWith(" ");
  if (style % 5 === 0 && plainSafe && value.includes(" ") && indent !== "") {
    // A plain scalar folded over two lines.
    const i = value.indexOf(" ");
    return `${value.slice(0, i)}\n${indent}  ${value.slice(i + 1)}`;
  }
  if (style % 4 === 1 && plainSafe) return value;
  // A line break in a single-quoted scalar is written as an empty line; the next line is indented.
  if (style % 4 === 2 && (indent !== "" || !value.includes("\n")))
    return `'${value.replace(/'/g, "''").replace(/\n/g, `\n\n${indent}  `)}'`;
  if (style % 4 === 3 && plainSafe) return value;
  return JSON.stringify(value);
}

function isFlowable(d: Data): boolean {
  return d.kind === "scalar"
    ? true
    : d.kind === "seq"
      ? d.items.every(isFlowable)
      : d.entries.every(([, v]) => isFlowable(v));
}

function flow(d: Data): string {
  if (d.kind === "scalar") return flowScalar(d.value, d.style === 0 ? 1 : d.style, "");
  if (d.kind === "seq")
    return `[${d.items.map(flow).join(d.style % 2 ? ", " : ",")}${d.style % 7 === 0 && d.items.length > 0 ? "," : ""}]`;
  return `{${d.entries.map(([k, v]) => `${flowScalar(k, 1, "")}: ${flow(v)}`).join(", ")}}`;
}

const comment = (style: number): string => (style % 6 === 0 ? " # note" : "");

/** The value part after `key:` or `- `, in block context at `indent` (the collection's column). */
function blockValue(d: Data, indent: string, dash: boolean): string {
  if (d.kind === "scalar") {
    if (d.style % 9 === 4 && !/^\s|\n\s|\s$/.test(d.value) && d.value !== "") {
      const header = ["|", "|-", "|+", ">", ">-"][d.style % 5] as string;
      return ` ${header}${comment(d.style)}\n${d.value
        .split("\n")
        .map((l) => (l ? `${indent}  ${l}` : ""))
        .join("\n")}\n`;
    }
    // Now and then on the line below, indented.
    if (d.style % 11 === 7) return `${comment(d.style)}\n${indent}  ${flowScalar(d.value, d.style, indent)}\n`;
    return ` ${flowScalar(d.value, d.style, indent)}${comment(d.style)}\n`;
  }
  const empty = d.kind === "seq" ? d.items.length === 0 : d.entries.length === 0;
  if (empty || (d.style % 3 === 0 && isFlowable(d))) return ` ${flow(d)}${comment(d.style)}\n`;
  if (dash && d.style % 2 === 0) {
    // Compact: the first entry or item on the line of the dash.
    const inner = `${indent}  `;
    return ` ${block(d, inner).slice(inner.length)}`;
  }
  // A sequence under a key may sit at the key's own indent.
  const child = d.kind === "seq" && !dash && d.style % 4 === 1 ? indent : `${indent}  `;
  return `${comment(d.style)}\n${d.style % 5 === 2 ? `${child}# between\n` : ""}${block(d, child)}`;
}

function block(d: Data, indent: string): string {
  if (d.kind === "scalar") return `${indent}${flowScalar(d.value, d.style, indent)}\n`;
  if (d.kind === "seq") {
    if (d.items.length === 0) return `${indent}[]\n`;
    return d.items.map((item) => `${indent}-${blockValue(item, indent, true)}`).join("");
  }
  if (d.entries.length === 0) return `${indent}{}\n`;
  return d.entries.map(([k, v]) => `${indent}${flowScalar(k, 1, "")}:${blockValue(v, indent, false)}`).join("");
}

const documents = fc.record({
  docs: fc.array(
    data.filter((d) => d.kind !== "scalar"),
    { minLength: 1, maxLength: 3 },
  ),
  markers: fc.nat(3),
  newline: fc.constantFrom("\n", "\n", "\r\n", "\r"),
});

function render({ docs, markers, newline }: { docs: Data[]; markers: number; newline: string }): string {
  const text = docs
    .map((d, i) => `${i > 0 || markers === 1 ? "---\n" : ""}${block(d, "")}${markers === 2 ? "...\n" : ""}`)
    .join("");
  return text.replace(/\n/g, newline);
}

// FUZZ_RUNS=100000 runs the damaged-file and pieced-line properties longer, for a deeper search than `npm test` makes.
describe("streamYamlLiterals: agrees with the full parse", () => {
  it("on generated data files in varied styles", () => {
    let followed = 0;
    fc.assert(
      fc.property(documents, (doc) => {
        const file = fileOf(render(doc));
        const expected = viaTree(file);
        const streamed = streamYamlLiterals(file);
        if (streamed !== undefined) {
          followed++;
          expect(streamed).toEqual(expected);
        }
      }),
      { numRuns: 400 },
    );
    // The generator writes what the reader follows (bar the odd file the full parse rejects too).
    expect(followed).toBeGreaterThan(360);
  });

  it("on damaged files: never accepts what the full parse rejects, never differs", () => {
    const pieces = [
      " ",
      "  ",
      "\n",
      "- ",
      ": ",
      ":",
      "-",
      "#",
      " #",
      "'",
      '"',
      "[",
      "]",
      "{",
      "}",
      ",",
      "|",
      ">",
      "|2",
      "!",
      "!!str ",
      "&a ",
      "*a",
      "? ",
      "<<: ",
      "\t",
      "x",
      "---\n",
      "...\n",
      "%YAML 1.2\n",
      "\\",
      "\r",
      "\uFEFF",
    ];
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...pieces)), { maxLength: 4 });
    fc.assert(
      fc.property(documents, edits, (doc, changes) => {
        let text = render(doc);
        for (const [at, removed, inserted] of changes) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + inserted + text.slice(i + removed);
        }
        const file = fileOf(text);
        const streamed = streamYamlLiterals(file);
        if (streamed !== undefined) expect(streamed).toEqual(viaTree(file));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });

  it("on lines pieced together from YAML's block syntax at random indents", () => {
    const key = fc.constantFrom(
      "password",
      "token",
      "Name",
      "Value",
      "key",
      "'api_key'",
      '"db password"',
      "1",
      "? k",
      "&a k",
      "<<",
      "id",
    );
    const value = fc.constantFrom(
      "s3cr3t",
      "a=b",
      "'it''s'",
      '"x\\ty"',
      "[a, b=1]",
      "{token: x}",
      "|",
      ">-",
      "|1",
      "!!str 1",
      "yes",
      "~",
      "*a",
      "- x",
      "x: y",
      "",
    );
    const line = fc
      .record({
        indent: fc.nat(6),
        dashes: fc.nat(2),
        key: fc.option(key),
        value: fc.option(value),
        comment: fc.boolean(),
        marker: fc.nat(30),
      })
      .map(({ indent, dashes, key, value, comment, marker }) => {
        if (marker === 0) return "---";
        if (marker === 1) return "...";
        const body = `${"- ".repeat(dashes)}${key === null ? "" : `${key}:`}${value === null ? "" : ` ${value}`}`;
        return `${" ".repeat(indent)}${body}${comment ? " # c" : ""}`;
      });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom("\n", "\r\n"), (lines, newline) => {
        const file = fileOf(lines.join(newline));
        const streamed = streamYamlLiterals(file);
        if (streamed !== undefined) expect(streamed).toEqual(viaTree(file));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CodeLiteral } from "../../model/entities.js";
import { parseJson } from "../json.js";
import { SourceFile } from "../../core/positioned.js";
import { configLiterals, credentialLiteralFilter } from "./config-literals.js";
import { streamJsonLiterals } from "./json-stream.js";

/** The contract: what the full parse and `configLiterals` give, filtered as the streaming reader filters. */
function viaTree(file: SourceFile): CodeLiteral[] {
  const root = parseJson(file);
  const keep = credentialLiteralFilter(file);
  return (root ? configLiterals(root, undefined) : []).filter((l) =>
    keep(l.name, l.node.value, l.node.start, l.node.end),
  );
}

const fileOf = (text: string): SourceFile => new SourceFile("data/dump.json", text);

/** The reader's literals as plain rows, for exact expectations; checks `file` is the very object given. */
function rows(
  file: SourceFile,
): { name: string; value: string; text: string; start: number; path: readonly (string | number)[] }[] | undefined {
  const found = streamJsonLiterals(file);
  return found?.map((l) => {
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
function expectRows(text: string, expected: ReturnType<typeof rows>): void {
  const file = fileOf(text);
  expect(rows(file)).toEqual(expected);
  expect(streamJsonLiterals(file)).toEqual(viaTree(file));
}

const AKIA = "AKIAJ7Q2WZ4LMXK3RB5T";
const GHP = "ghp_" + "aZ3kQ9mW2xR7tY5uP1oL8nB4vC6dE0fGhJ2s";

describe("streamJsonLiterals: exact cases", () => {
  it("unescapes values and spans the quoted text as parseJson does", () => {
    const text = String.raw`{"password": "pa\u0073s\"w\\n\/rd"}`;
    expectRows(text, [
      {
        name: "password",
        value: 'pass"w\\n/rd',
        text: String.raw`"pa\u0073s\"w\\n\/rd"`,
        start: 13,
        path: ["password"],
      },
    ]);
  });

  it("unescapes keys before naming and pairing", () => {
    const text = String.raw`{"p\u0061ssword": "hunter22", "Value": "x", "N\u0061me": "api_token"}`;
    expectRows(text, [
      { name: "password", value: "hunter22", text: '"hunter22"', start: 18, path: ["password"] },
      { name: "api_token", value: "x", text: '"x"', start: 39, path: ["Value"] },
    ]);
  });

  it("keeps every entry of a duplicated key, as parseJson does", () => {
    const text = '{"token": "first1", "token": "second2"}';
    expectRows(text, [
      { name: "token", value: "first1", text: '"first1"', start: 10, path: ["token"] },
      { name: "token", value: "second2", text: '"second2"', start: 29, path: ["token"] },
    ]);
  });

  it("names a Value by a Name that comes after it, keeping document order with what comes between", () => {
    const text =
      '{"Value": ["a=1", {"password": "p1"}, ["b"]], "other": "c=2", "Name": "DB_PASSWORD", "value": "late"}';
    expectRows(text, [
      { name: "DB_PASSWORD", value: "a=1", text: '"a=1"', start: 11, path: ["Value", 0] },
      { name: "password", value: "p1", text: '"p1"', start: 31, path: ["Value", 1, "password"] },
      { name: "DB_PASSWORD", value: "b", text: '"b"', start: 39, path: ["Value", 2, 0] },
      { name: "other", value: "c=2", text: '"c=2"', start: 55, path: ["other"] },
      { name: "DB_PASSWORD", value: "late", text: '"late"', start: 94, path: ["value"] },
    ]);
  });

  it("pairs with the first string Name/Key/name/key only", () => {
    const text = '{"Name": 5, "Value": "v=1", "key": "api_key", "Name": "ignored", "value": "zz"}';
    expectRows(text, [
      { name: "api_key", value: "v=1", text: '"v=1"', start: 21, path: ["Value"] },
      { name: "api_key", value: "zz", text: '"zz"', start: 74, path: ["value"] },
    ]);
  });

  it("leaves a Value under its own key when the Name is not a string", () => {
    const text = '{"Name": 5, "Key": ["secret"], "Value": "a=b", "Other": {"Name": "password"}}';
    expectRows(text, [{ name: "Value", value: "a=b", text: '"a=b"', start: 40, path: ["Value"] }]);
  });

  it("resolves nested pending Values independently", () => {
    const text = '{"Value": [{"Value": "inner", "Name": "token"}, "outer"], "Name": "client_secret"}';
    expectRows(text, [
      { name: "token", value: "inner", text: '"inner"', start: 21, path: ["Value", 0, "Value"] },
      { name: "client_secret", value: "outer", text: '"outer"', start: 48, path: ["Value", 1] },
    ]);
  });

  it("gives index paths in arrays of arrays", () => {
    const text = '{"tokens": [["a=1", ["b=2"]], "c=3", [], [[["d=4"]]]]}';
    expectRows(text, [
      { name: "tokens", value: "a=1", text: '"a=1"', start: 13, path: ["tokens", 0, 0] },
      { name: "tokens", value: "b=2", text: '"b=2"', start: 21, path: ["tokens", 0, 1, 0] },
      { name: "tokens", value: "c=3", text: '"c=3"', start: 30, path: ["tokens", 1] },
      { name: "tokens", value: "d=4", text: '"d=4"', start: 44, path: ["tokens", 3, 0, 0, 0] },
    ]);
  });

  it("names nothing in a top-level array except through the objects in it", () => {
    const text = '["x=1", {"password": "hunter22"}, [{"api_key": "k"}]]';
    expectRows(text, [
      { name: "password", value: "hunter22", text: '"hunter22"', start: 21, path: [1, "password"] },
      { name: "api_key", value: "k", text: '"k"', start: 47, path: [2, 0, "api_key"] },
    ]);
  });

  it("gives nothing for a top-level scalar", () => {
    expectRows('"password=hunter2"', []);
    expectRows("42", []);
  });

  it("keeps a literal a well-known format overlaps, whatever its name", () => {
    const text = `{"description": "key ${AKIA} here", "n": "${GHP}", "url": "postgres://app:Pa55word@db/orders", "plain": "nothing"}`;
    const file = fileOf(text);
    const found = rows(file);
    expect(found?.map((r) => [r.name, r.path])).toEqual([
      ["description", ["description"]],
      ["n", ["n"]],
      ["url", ["url"]],
    ]);
    expect(streamJsonLiterals(file)).toEqual(viaTree(file));
  });

  it("accepts comments and trailing commas as parseJson does", () => {
    const text = '// header\n{"token": /* c */ "t0k3n!",\r\n "list": ["a=1",],}';
    expectRows(text, [
      { name: "token", value: "t0k3n!", text: '"t0k3n!"', start: 28, path: ["token"] },
      { name: "list", value: "a=1", text: '"a=1"', start: 49, path: ["list", 0] },
    ]);
  });

  it("returns undefined where parseJson fails", () => {
    const bad = [
      "",
      "   \n",
      '{"password": "x",,}',
      '{"a" "b"}',
      '{"password": "unterminated}',
      String.raw`{"a": "\x"}`,
      '{"a": 1} 2',
      "{'a': 1}",
      "\uFEFF{}",
      '{"a": tru}',
      "[1, 2",
    ];
    for (const text of bad) {
      const file = fileOf(text);
      expect(() => parseJson(file), text).toThrow();
      expect(streamJsonLiterals(file), text).toBeUndefined();
    }
  });

  it("does not throw on 10,000 levels of nesting, and agrees where it answers", () => {
    const nests: [string, string][] = [
      ["[", "]"],
      ['{"a":', "}"],
    ];
    for (const [open, close] of nests) {
      const text = `${open.repeat(10_000)}{"password": "hunter22"}${close.repeat(10_000)}`;
      const file = fileOf(text);
      const found = streamJsonLiterals(file);
      if (found !== undefined) expect(found).toEqual(viaTree(file));
    }
    const file = fileOf("[".repeat(100_000));
    expect(streamJsonLiterals(file)).toBeUndefined();
  });

  it("returns undefined, not an exception, for a released file", () => {
    const file = fileOf('{"password": "hunter22"}');
    file.detach();
    expect(streamJsonLiterals(file)).toBeUndefined();
  });
});

// ---- The equivalence property: random data files written in varied JSON styles. ----

type Value =
  | { t: "s"; v: string }
  | { t: "o"; entries: [string, Value][] }
  | { t: "a"; items: Value[] }
  | { t: "x"; v: number | boolean | null };

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".split("");
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split("");
const chars = (pool: string[], n: number) =>
  fc.array(fc.constantFrom(...pool), { minLength: n, maxLength: n }).map((a) => a.join(""));

const credential = fc.oneof(
  chars(B32, 16).map((s) => `AKIA${s}`),
  chars(ALNUM, 36).map((s) => `ghp_${s}`),
  fc.tuple(chars(ALNUM, 5), chars(ALNUM, 10)).map(([u, p]) => `postgres://${u}:${p}@db.internal/orders`),
);
const plainString = fc.oneof(
  fc.constantFrom(
    "",
    "hello",
    "DB_PASSWORD",
    "api_token",
    "token",
    "S3cr3t!Pass",
    "hunter22",
    "a=b",
    "k=v;x=y",
    "Server=db;Password=p4ss;",
    'quote"inside',
    "back\\slash",
    "line\nbreak",
    "tab\tx",
    "ünïcödé",
    "😀emoji",
    "/path/to",
    "AKIAIOSFODNN7EXAMPLE",
  ),
  fc.string({ maxLength: 12 }),
);
const stringValue = fc.oneof(
  { weight: 4, arbitrary: plainString },
  { weight: 1, arbitrary: credential },
  { weight: 1, arbitrary: fc.tuple(plainString, credential, plainString).map(([a, c, b]) => `${a} ${c}${b}`) },
);
const key = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "password",
      "api_key",
      "token",
      "secret",
      "Name",
      "Value",
      "name",
      "value",
      "Key",
      "key",
      "description",
      "id",
      "db_password",
      "url",
      "conn",
      "clientSecret",
      "items",
      "",
      "0",
      "true",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const scalarString = stringValue.map((v): Value => ({ t: "s", v }));
const { value: valueArb, object: objectArb } = fc.letrec<{ value: Value; object: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: scalarString },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
        .map((v): Value => ({ t: "x", v })),
    },
    { weight: 2, arbitrary: tie("object") },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 5 }).map((items): Value => ({ t: "a", items })) },
  ),
  // Objects lean towards `Name`/`Value` pairs in either order, ECS and CloudFormation tag style.
  object: fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.tuple(key, tie("value")).map((e) => [e]) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom("Name", "Key", "name", "key"),
              scalarString,
              fc.constantFrom("Value", "value"),
              tie("value"),
              fc.boolean(),
            )
            .map(([nk, n, vk, v, swap]) =>
              swap
                ? [
                    [vk, v],
                    [nk, n],
                  ]
                : [
                    [nk, n],
                    [vk, v],
                  ],
            ),
        },
      ),
      { maxLength: 5 },
    )
    .map((groups): Value => ({ t: "o", entries: groups.flat() as [string, Value][] })),
}));

/** Writes a value as JSON, every layout and escape choice taken from `style` in turn. */
function write(root: Value, style: number[]): string {
  let i = 0;
  const pick = (n: number): number => (style.length === 0 ? 0 : (style[i++ % style.length] as number) % n);
  const space = (): string => ["", "", " ", "\n  ", "\r\n", "\t", " // note\n", "/* c */"][pick(8)] as string;
  const str = (s: string): string => {
    switch (pick(4)) {
      case 0:
        return JSON.stringify(s);
      case 1: // every non-alphanumeric character as \uXXXX
        return `"${[...s].map((c) => (/^[A-Za-z0-9]$/.test(c) ? c : [...c].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""))).join("")}"`;
      case 2: // escaped solidus, upper-case hex
        return JSON.stringify(s)
          .replace(/\//g, "\\/")
          .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
      default:
        return JSON.stringify(s).replace(/a/g, "\\u0061");
    }
  };
  const trailing = (): string => (pick(3) === 0 ? `,${space()}` : "");
  const go = (v: Value): string => {
    switch (v.t) {
      case "s":
        return str(v.v);
      case "x":
        return JSON.stringify(v.v);
      case "a":
        return (
          "[" +
          space() +
          v.items.map((item) => go(item) + space()).join(`,${space()}`) +
          (v.items.length > 0 ? trailing() : "") +
          "]"
        );
      case "o":
        return (
          "{" +
          space() +
          v.entries.map(([k, item]) => `${str(k) + space()}:${space()}${go(item)}${space()}`).join(`,${space()}`) +
          (v.entries.length > 0 ? trailing() : "") +
          "}"
        );
    }
  };
  return space() + go(root) + space();
}

describe("streamJsonLiterals: equivalence with the full parse", () => {
  it("gives exactly configLiterals(parseJson) filtered by credentialLiteralFilter", () => {
    let kept = 0;
    let paired = 0;
    const file = fc.tuple(
      fc.oneof({ weight: 5, arbitrary: objectArb }, { weight: 1, arbitrary: valueArb }),
      fc.array(fc.nat(), { maxLength: 40 }),
    );
    fc.assert(
      fc.property(file, ([root, style]) => {
        const source = fileOf(write(root, style));
        const expected = viaTree(source);
        expect(streamJsonLiterals(source)).toEqual(expected);
        kept += expected.length;
        paired += expected.filter(
          (l) => /^(Value|value)$/.test(String(l.node.path[l.node.path.length - 1])) && !/^(Value|value)$/.test(l.name),
        ).length;
      }),
      { numRuns: 400 },
    );
    // The generator must exercise what the reader buffers and filters, not only empty files.
    expect(kept).toBeGreaterThan(500);
    expect(paired).toBeGreaterThan(50);
  });

  it("agrees when a random cut or byte change breaks the file (undefined exactly when parseJson throws)", () => {
    let parsed = 0;
    let broken = 0;
    fc.assert(
      fc.property(
        valueArb,
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.nat(),
        fc.constantFrom("", ",", "}", "]", '"', ":", "\\", "/*", "{", "["),
        (root, style, at, insert) => {
          const whole = write({ t: "o", entries: [["password", root]] }, style);
          const cut = at % (whole.length + 1);
          const source = fileOf(whole.slice(0, cut) + insert + whole.slice(cut + (insert === "" ? 0 : 1)));
          let expected: CodeLiteral[] | undefined;
          try {
            expected = viaTree(source);
            parsed++;
          } catch {
            expected = undefined;
            broken++;
          }
          expect(streamJsonLiterals(source)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
    expect(Math.min(parsed, broken)).toBeGreaterThan(30);
  });
});

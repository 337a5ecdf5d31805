import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../core/positioned.js";
import { parseJavascript } from "./javascript.js";
import { readLightJavascript } from "./javascript-light.js";

type Full = { ok: true; value: ReturnType<typeof parseJavascript> } | { ok: false };

function full(file: SourceFile, jsx: boolean): Full {
  try {
    return { ok: true, value: parseJavascript(file, jsx) };
  } catch {
    return { ok: false };
  }
}

/**
 * Where the light reader accepts a text, TypeScript's parser reads it without an error and gives the same result, in
 * both dialects (a JavaScript or `.tsx` file is parsed with JSX, a `.ts` file without). Returns whether it accepted.
 */
function expectSameWhereAccepted(path: string, text: string): boolean {
  const file = new SourceFile(path, text);
  const light = readLightJavascript(file);
  if (light === undefined) return false;
  for (const jsx of [true, false])
    expect(full(file, jsx), `${path} (jsx ${jsx})`).toStrictEqual({ ok: true, value: light });
  return true;
}

const SOURCE = /\.(?:[cm]?js|jsx|[cm]?tsx?)$/;

/** The JavaScript/TypeScript files under a folder (fixtures only, when `fixturesOnly`), in a stable order. */
function sourcesUnder(root: string, fixturesOnly = false): string[] {
  const out: string[] = [];
  const walk = (dir: string, inFixtures: boolean): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat || name === "node_modules" || name === ".git") continue;
      if (stat.isDirectory()) walk(path, inFixtures || name === "fixtures");
      else if (SOURCE.test(name) && (inFixtures || !fixturesOnly) && stat.size <= 1_000_000) out.push(path);
    }
  };
  if (existsSync(root)) walk(root, false);
  return out;
}

const CORPUS = "/work/shared/corpus/secrets/cases";

describe("the light JavaScript reader against TypeScript's parser", () => {
  it("reads every fixture and example it accepts as the full reader does", () => {
    const paths = [...sourcesUnder("src", true), ...sourcesUnder("test/fixtures"), ...sourcesUnder("examples")];
    expect(paths.length).toBeGreaterThan(4);
    const accepted = paths.filter((path) => expectSameWhereAccepted(path, readFileSync(path, "utf8")));
    // The bench's file and the example application files are plain assignments: the light reader takes them.
    expect(accepted.length).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(CORPUS))("reads every corpus file it accepts as the full reader does (read in place)", () => {
    const paths = sourcesUnder(CORPUS);
    expect(paths.length).toBeGreaterThan(20);
    const accepted = paths.filter((path) => expectSameWhereAccepted(path, readFileSync(path, "utf8")));
    expect(accepted.length).toBeGreaterThanOrEqual(5);
  });

  it("declines the project's own sources and a sample of node_modules, or reads them as the full reader does", () => {
    const packages = ["typescript/lib", "ajv/dist", "yaml/dist", "fast-check/lib", "@aws-sdk", "semver", "chai"];
    const paths = [
      ...sourcesUnder("src"),
      ...packages.flatMap((name) => sourcesUnder(join("node_modules", name)).slice(0, 400)),
    ];
    expect(paths.length).toBeGreaterThan(1000);
    const accepted = paths.filter((path) => expectSameWhereAccepted(path, readFileSync(path, "utf8")));
    // Re-exports and generated tables in the packages.
    expect(accepted.length).toBeGreaterThan(10);
  }, 120_000);

  it("gives the same literals on generated assignment files, and accepts most of them", () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(program, (text) => {
        runs++;
        if (expectSameWhereAccepted("generated.js", text)) accepted++;
      }),
      // SW_JS_LIGHT_RUNS=20000 for a longer search.
      { numRuns: Number(process.env.SW_JS_LIGHT_RUNS ?? 1000) },
    );
    expect(accepted).toBeGreaterThan(runs / 3);
  }, 600_000);

  it("gives the same literals on generated files with a construct it must decline or judge mixed in", () => {
    fc.assert(
      fc.property(program, fc.nat(), fc.constantFrom(...DISTURBANCES), (text, at, disturbance) => {
        const cut = at % (text.length + 1);
        expectSameWhereAccepted("generated.ts", text.slice(0, cut) + disturbance + text.slice(cut));
      }),
      { numRuns: Number(process.env.SW_JS_LIGHT_RUNS ?? 1000) },
    );
  }, 600_000);

  it("reads a plain assignment file: names, bindings, values, spans and paths", () => {
    const text = [
      `#!/usr/bin/env node`,
      `"use strict";`,
      `import config, { a as b } from "./config.js";`,
      `const password = "s3cr3t-\\x41"; // a comment`,
      `let apiKey: string = 'k-1', other`,
      `process.env.DB_PASSWORD = \`multi`,
      `line\`;`,
      `client.setToken("t0k3n");`,
      `headers.set("x-api-key", "v4lu3");`,
      `module.exports = { password: "again", nested: { secret: cond ? "no" : "yes" }, ...config };`,
      `if2 = password === "compared";`,
    ].join("\n");
    const result = readLightJavascript(new SourceFile("app.ts", text));
    expect(
      result?.literals?.map((l) => [l.name, l.binding, l.node.value, l.node.start, l.node.end, l.node.path]),
    ).toEqual([
      ["password", "assignment", "s3cr3t-A", 97, 110, ["password"]],
      ["apiKey", "assignment", "k-1", 146, 151, ["apiKey"]],
      ["DB_PASSWORD", "assignment", "multi\nline", 185, 197, ["DB_PASSWORD"]],
      ["setToken", "argument", "t0k3n", 215, 222, ["setToken"]],
      ["x-api-key", "argument", "v4lu3", 250, 257, ["x-api-key"]],
      // The second `password`: its path counts the occurrence. A `?:` value is no string (`secret` gives nothing).
      ["password", "property", "again", 289, 296, ["password", 1]],
      ["password", "comparison", "compared", 371, 381, ["password", 2]],
    ]);
    expect(full(new SourceFile("app.ts", text), false)).toStrictEqual({ ok: true, value: result });
  });

  it("declines what it cannot judge, and what TypeScript reports as an error", () => {
    for (const text of [
      "const f = () => 1;",
      "function f() {}",
      "const a = `x${y}`;",
      "const a = <div />;",
      "const a = b / c;",
      "const a = (b);",
      "@Dec class A {}",
      "const a = b?.c;",
      "type T = string;",
      "const a = 'unterminated;",
      "const a = '\\1';",
      "const a = 08;",
      "const a = 1n;",
      "const = 1;",
      "const a;",
      "a = 1 b = 2;",
      "{ a: 1 }",
      "const a = [1, , 2];",
      "const a = f(1,);",
      "x = 1\n=======\n",
      "const é = 1;",
      "const a = new GetSecretValueCommand({});",
    ])
      expect(readLightJavascript(new SourceFile("x.ts", text)), text).toBeUndefined();
  });
});

// Files in the light reader's grammar, with names and values that matter to the detectors.
const name = fc.constantFrom("password", "apiKey", "secret", "token", "db", "x", "module", "undefined", "setPassword");
const key = fc.oneof(
  name,
  fc.constantFrom("default", "new", "get", "async", "type", "__proto__", "'db-password'", '"x-api-key"', "1", "0x1F"),
);
const text = fc.constantFrom(
  "s3cr3t-Pa55",
  "a\\nb",
  "\\u0041\\x42\\u{1F600}",
  'q\\"q',
  "it\\'s",
  "tab\\t\\0",
  "cont\\\ninued",
  "",
  "x-api-key",
  "DB_PASSWORD",
  "ünïcode",
);
const literal = fc.oneof(
  text.map((t) => `"${t}"`),
  text.map((t) => `'${t}'`),
  text.map((t) => `\`${t.replaceAll('\\"', '"').replaceAll("\\'", "'")}\``),
  fc.constantFrom("42", "1.5e3", "0xff", "true", "null", "this"),
);
const member = fc.oneof(
  name,
  fc.tuple(name, key).map(([a, b]) => `${a}.${b.replace(/\W/g, "")}`),
  fc.tuple(name, text).map(([a, t]) => `${a}["${t}"]`),
  name.map((a) => `this.${a}`),
  fc.constantFrom("process.env.DB_PASSWORD", "module.exports", "exports.handler", "config . db /* c */ .password"),
);
const value: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    literal,
    member,
    fc.tuple(member, fc.array(tie("value"), { maxLength: 3 })).map(([m, args]) => `${m}(${args.join(", ")})`),
    fc.tuple(name, literal, tie("value")).map(([m, k, v]) => `${m}.set(${k}, ${v})`),
    fc.tuple(name, tie("value")).map(([m, v]) => `set${m[0]?.toUpperCase()}${m.slice(1)}(${v})`),
    fc.tuple(member, tie("value")).map(([m, v]) => `new ${m}(${v})`),
    member.map((m) => `new ${m}`),
    tie("value").map((v) => `SecretValue.unsafePlainText(${v})`),
    tie("value").map((v) => `new cdk.SecretValue(${v})`),
    fc
      .array(fc.tuple(key, tie("value")), { maxLength: 3 })
      .map((entries) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`),
    fc.tuple(name, tie("value")).map(([n, v]) => `{ ${n}, ...${v}, }`),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
    fc
      .tuple(member, fc.constantFrom("===", "==", "!==", "!=", "+", "-", "*", "%", "&&", "||"), tie("value"))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie("value"), fc.constantFrom("===", "!="), member).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie("value"), tie("value"), tie("value")).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
    fc.tuple(fc.constantFrom("!", "-", "+", "!!"), tie("value")).map(([op, v]) => `${op}${v}`),
    fc.tuple(member, tie("value")).map(([m, v]) => `${m} = ${v}`),
  ),
})).value;
const end = fc.constantFrom(";", "\n", ";\n", " // done\n", " /* a\nb */ ", "");
const statement = fc.oneof(
  fc
    .tuple(fc.constantFrom("const", "let", "var", "export const"), name, value, end)
    .map(([k, n, v, e]) => `${k} ${n} = ${v}${e}`),
  fc
    .tuple(fc.constantFrom("string", "number", "Config", "any"), name, value)
    .map(([t, n, v]) => `const ${n}: ${t} = ${v};`),
  fc.tuple(name, value, name, value).map(([a, v, b, w]) => `let ${a} = ${v}, ${b} = ${w};`),
  fc.tuple(member, value, end).map(([m, v, e]) => `${m} = ${v}${e}`),
  fc.tuple(value, end).map(([v, e]) => `${v}${e}`),
  value.map((v) => `export default ${v};`),
  fc.constantFrom(
    `import x, { a as b, c } from "pkg";`,
    `import * as ns from 'pkg2'`,
    `import "side-effect";`,
    `export { x, b as default };`,
    `export { c as d } from "pkg3";`,
    `"use strict";`,
    `;`,
    `// a comment line`,
    `/* a block\n   comment */`,
  ),
);
const program = fc
  .tuple(fc.array(statement, { minLength: 1, maxLength: 8 }), fc.constantFrom("\n", "\r\n", "\n\n"))
  .map(([lines, newline]) => lines.join(newline));

/** Constructs the light reader declines or must judge exactly, spliced anywhere into a generated file. */
const DISTURBANCES = [
  "(",
  ")",
  "=>",
  "/",
  "/re/g",
  "<div>",
  "@",
  "#",
  "?.",
  "??",
  "`${x}`",
  "function f() {}",
  "\n=======\n",
  "\\u0061",
  "'",
  '"',
  "`",
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  ";",
  "\n",
  "=",
  "===",
  "!",
  "-",
  "+",
  "++",
  ".",
  "...",
  " as const",
  " satisfies X",
  "\u2028",
  "\u00a0",
  "\ufeff",
  "0",
  "08",
  "1.",
  " type ",
  " let ",
  " new ",
  " in ",
  " from ",
  " default ",
  " module ",
  "/*",
  "//",
  "\\",
  "\\\n",
  "\r",
];

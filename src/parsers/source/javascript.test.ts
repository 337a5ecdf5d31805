import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../core/positioned.js";
import { parseJavascriptEstree } from "../../test-support/javascript-estree.js";
import { parseJavascript } from "./javascript.js";

type Outcome = { ok: true; value: ReturnType<typeof parseJavascript> } | { ok: false };

function run(parse: typeof parseJavascript, file: SourceFile, jsx: boolean): Outcome {
  try {
    return { ok: true, value: parse(file, jsx) };
  } catch {
    return { ok: false };
  }
}

/** Both readers on one text: the same literals, fetches, imports and functions, in the same order, or both throw. */
function expectSame(path: string, text: string, jsx: boolean): void {
  const file = new SourceFile(path, text);
  const before = run(parseJavascriptEstree, file, jsx);
  const after = run(parseJavascript, file, jsx);
  expect(after, `${path} (jsx ${jsx})`).toStrictEqual(before);
}

const SOURCE = /\.(?:[cm]?js|jsx|tsx?)$/;

/** Up to `limit` JavaScript/TypeScript files under a folder, in a stable order, each at most 200 KB. */
function sourcesUnder(root: string, limit: number): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (out.length >= limit) return;
      const path = join(dir, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (name !== ".git") walk(path);
      } else if (SOURCE.test(name) && !name.endsWith(".d.ts") && stat.size <= 200_000) out.push(path);
    }
  };
  walk(root);
  return out;
}

const jsxFor = (path: string) => /\.(?:[cm]?js|jsx|tsx)$/.test(path);

describe("parseJavascript on TypeScript's tree against the typescript-estree reader", () => {
  it("gives the same result on the project's own sources, examples, fixtures and a sample of node_modules", () => {
    const own = [
      ...sourcesUnder("examples", 2000),
      ...sourcesUnder("test/fixtures", 2000),
      ...sourcesUnder("src", 2000),
    ];
    const packages = [
      "fast-check",
      "ajv",
      "vitest",
      "@smithy",
      "@aws-sdk",
      "@typescript-eslint",
      "semver",
      "minimatch",
      "chai",
    ].flatMap((name) => sourcesUnder(join("node_modules", name), 300));
    expect(own.length + packages.length).toBeGreaterThan(1000);
    for (const path of own) {
      const text = readFileSync(path, "utf8");
      expectSame(path, text, jsxFor(path));
      // The other dialect too: a `.ts` file read as TSX and the reverse change what parses.
      expectSame(path, text, !jsxFor(path));
    }
    for (const path of packages) expectSame(path, readFileSync(path, "utf8"), jsxFor(path));
  }, 120_000);

  it("reads a key pasted as a statement (a label before a bare string) as the oracle does, in any body", () => {
    // Found by the generated snippets (seeds -339335121, 425475420): the oracle did not read labels, the reader did not
    // read a parenthesised string after one.
    const texts = [
      "const f = async (password = { password: `line\r\nbreak` }) => { password: `line\r\nbreak` };\n",
      "function g() { apiKey: 'k-1' }\n",
      "token: `t`;\n",
      "{ password: ('s3cr3t-Pa55') };\n",
    ];
    for (const text of texts) expectSame("labels.ts", text, false);
    const names = texts.map((text) =>
      (parseJavascript(new SourceFile("labels.ts", text), false).literals ?? []).map((l) => l.name),
    );
    expect(names).toEqual([["password", "password"], ["apiKey"], ["token"], ["password"]]);
  });

  it("gives the same result on generated snippets mixing the constructs it reads", () => {
    fc.assert(
      fc.property(program, fc.boolean(), (text, jsx) => {
        expectSame("generated.ts", text, jsx);
      }),
      // SW_JS_DIFF_RUNS=20000 for a longer search; SW_JS_DIFF_SEED=<seed of a failure> to replay it.
      {
        numRuns: Number(process.env.SW_JS_DIFF_RUNS ?? 300),
        ...(process.env.SW_JS_DIFF_SEED ? { seed: Number(process.env.SW_JS_DIFF_SEED) } : {}),
      },
    );
  });

  it("reads literals in typescript-estree's order, not source order", () => {
    const text = [
      `if (x === "a1") { password = "b2"; } else { password = "c3"; }`,
      `f({ password: "d4" }).g({ password: "e5" });`,
      `@Dec({ password: "f6" }) class A { password = "g7"; }`,
    ].join("\n");
    const file = new SourceFile("order.ts", text);
    const values = parseJavascript(file, false).literals?.map((l) => [l.node.value, l.node.path]);
    expect(values).toEqual([
      ["c3", ["password"]],
      ["b2", ["password", 1]],
      ["a1", ["x"]],
      ["e5", ["password", 2]],
      ["d4", ["password", 3]],
      ["g7", ["password", 4]],
      ["f6", ["password", 5]],
    ]);
  });

  it("decodes character entities in a JSX attribute string, and skips a namespaced attribute name", () => {
    const file = new SourceFile("field.jsx", `const a = <Field password="p&amp;ss&#33;&nope;" data:token="x" />;`);
    const [literal, ...rest] = parseJavascript(file, true).literals ?? [];
    expect(rest).toEqual([]);
    expect([literal?.name, literal?.binding, literal?.node.value, literal?.node.start, literal?.node.end]).toEqual([
      "password",
      "property",
      "p&ss!&nope;",
      26,
      47,
    ]);
  });

  it("reads secret fetches, the handler reaching them, memoisation, and requires in ESTree order", () => {
    const text = [
      `const cache = new Map();`,
      `async function load() { return client.send(new GetSecretValueCommand({ SecretId: "a" })); }`,
      `async function loadCached() { const v = await client.getSecretValue({}).promise(); cache.set("k", v); return v; }`,
      `export const handler = async (e) => { await load(); return loadCached(); };`,
      `const raw = require("x").y(require("z"));`,
    ].join("\n");
    const result = parseJavascript(new SourceFile("handler.ts", text), false);
    expect(result.secretFetches?.map((f) => ({ ...f, node: [f.node.start, f.node.end, f.node.path] }))).toEqual([
      {
        node: [68, 112, ["GetSecretValueCommand", 0]],
        handler: "handler",
        via: "load",
        function: "load",
        memoised: false,
      },
      {
        node: [163, 188, ["getSecretValue", 1]],
        handler: "handler",
        via: "loadCached",
        function: "loadCached",
        memoised: true,
      },
    ]);
    // The outer call's arguments came before its callee.
    expect(result.imports).toEqual(["z", "x"]);
    expect(result.functions).toEqual([
      { name: "load", exports: [], calls: [] },
      { name: "loadCached", exports: [], calls: [] },
      { name: "handler", exports: ["handler"], calls: ["load", "loadCached"] },
    ]);
  });

  it("throws on a syntax error, as the old reader did", () => {
    expect(() => parseJavascript(new SourceFile("bad.ts", "const = 1;"), false)).toThrow();
    expect(() => parseJavascript(new SourceFile("bad.ts", "const a = <div>;"), true)).toThrow();
  });
});

// Snippets: a small grammar over the shapes the reader looks at, with names that matter to it.
const name = fc.constantFrom(
  "password",
  "apiKey",
  "secret",
  "token",
  "handler",
  "main",
  "cache",
  "client",
  "x",
  "db",
  "authToken",
  "getSecret",
  "fetchSecret",
  "onHandler",
);
const text = fc.constantFrom(
  "s3cr3t-Pa55",
  "a\\nb",
  "\\u0041\\x42",
  'q\\"q',
  "it\\'s",
  "tab\\t",
  "&amp;x",
  "&toString;",
  "",
  "x-api-key",
  "DB_PASSWORD",
);
const literal = fc.oneof(
  text.map((t) => `"${t}"`),
  text.map((t) => `'${t}'`),
  text.map((t) => `\`${t.replaceAll('\\"', '"').replaceAll("\\'", "'")}\``),
  fc.constant("`line\r\nbreak`"),
  fc.constant("42"),
);
const member = fc.oneof(
  name,
  fc.tuple(name, name).map(([a, b]) => `${a}.${b}`),
  fc.tuple(name, name).map(([a, b]) => `${a}?.${b}`),
  fc.tuple(name, text).map(([a, t]) => `${a}["${t}"]`),
  name.map((a) => `this.${a}`),
  name.map((a) => `this.#${a}`),
  fc.tuple(name, name).map(([a, b]) => `(${a}).${b}`),
  fc.tuple(name, name).map(([a, b]) => `(${a}?.${b}).z`),
  fc.constant("exports.handler"),
  fc.constant("module.exports"),
  fc.constant("exports[handler]"),
);
const value: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    literal,
    literal.map((l) => `${l} as const`),
    literal.map((l) => `(${l})`),
    literal.map((l) => `${l}!`),
    literal.map((l) => `${l} satisfies string`),
    member,
    fc.tuple(member, fc.array(tie("value"), { maxLength: 3 })).map(([m, args]) => `${m}(${args.join(", ")})`),
    fc.tuple(name, literal, tie("value")).map(([m, k, v]) => `${m}.set(${k}, ${v})`),
    fc.tuple(name, tie("value")).map(([m, v]) => `set${m[0]?.toUpperCase()}${m.slice(1)}(${v})`),
    fc.tuple(member, tie("value")).map(([m, v]) => `new ${m}(${v})`),
    fc.tuple(name, tie("value")).map(([m, v]) => `${m}?.setPassword(${v})`),
    fc
      .array(fc.tuple(name, tie("value")), { maxLength: 3 })
      .map((entries) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`),
    fc
      .tuple(name, literal)
      .map(
        ([k, v]) =>
          `{ ${k}, ["${k}"]: ${v}, [${k}]: ${v}, ${k}() { return ${v}; }, get ${k}() { return ${v}; }, ...${k} }`,
      ),
    fc
      .tuple(member, fc.constantFrom("===", "==", "!==", "!=", "<", "&&", "??"), tie("value"))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie("value"), fc.constantFrom("===", "!="), member).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie("value"), tie("value"), tie("value")).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
    fc.tuple(name, tie("value")).map(([p, v]) => `async (${p} = ${v}) => ${v}`),
    fc.tuple(name, tie("value")).map(([p, v]) => `function (${p} = ${v}) { return ${v}; }`),
    fc.tuple(name, literal).map(([t, v]) => `<div ${t}=${v} data-${t}="${t}&amp;" {...${t}}>{${v}}</div>`),
    fc.tuple(name, tie("value")).map(([t, v]) => `\`a\${${v}}b\${${t}}\``),
    fc.tuple(name, tie("value")).map(([t, v]) => `${t}\`tag\${${v}}\``),
    fc.constant("new GetSecretValueCommand({ SecretId: 'db' })"),
    fc.constant("client.getSecretValue({ SecretId: 'db' }).promise()"),
    fc.constant("client?.getSecretValue({})"),
    fc.constant("(client?.getSecretValue)({})"),
    fc.constant("require('aws-sdk')"),
    fc.constant("import('x', { with: { type: 'json' } })"),
  ),
})).value;
const assign = fc.constantFrom("=", "+=", "||=", "??=", "&&=", "**=", ">>>=");
const statement = fc.oneof(
  fc.tuple(fc.constantFrom("const", "let", "var"), name, value).map(([k, n, v]) => `${k} ${n} = ${v};`),
  fc.tuple(name, value).map(([n, v]) => `const ${n}: string = ${v};`),
  fc.tuple(member, assign, value).map(([m, op, v]) => `${m} ${op} ${v};`),
  fc.tuple(member, value).map(([m, v]) => `(${m}) = ${v};`),
  fc.tuple(name, name, value).map(([a, b, v]) => `const { ${a} = ${v}, ${b}: { ${a}: ${b} = ${v} }, ...rest } = obj;`),
  fc.tuple(name, value).map(([a, v]) => `const [${a} = ${v}, , ...more] = arr;`),
  fc.tuple(name, name, value).map(([a, b, v]) => `({ ${a} = ${v}, ${b}: ${a} = ${v}, x: (${b} = ${v}) } = obj);`),
  fc.tuple(name, value).map(([a, v]) => `[${a} = ${v}, ${a}.b = ${v}] = arr;`),
  fc.tuple(name, value).map(([a, v]) => `for ({ ${a} = ${v} } of list) {}`),
  fc
    .tuple(name, value, value)
    .map(
      ([n, v, w]) =>
        `class C${n} extends B { ${n} = ${v}; static #${n} = ${w}; accessor ${n}2 = ${v}; declare ${n}3: string; ["${n}"] = ${w}; constructor(private ${n}4 = ${v}) { super(); } get ${n}5() { return ${v}; } m(@D(${w}) a = ${v}) {} }`,
    ),
  fc.tuple(name, value).map(([n, v]) => `abstract class A { abstract ${n} = ${v}; }`),
  fc.tuple(name, value).map(([n, v]) => `@Dec(${v}) class D { @Prop(${v}) ${n} = ${v}; }`),
  fc.tuple(name, value, value).map(([n, v, w]) => `export function ${n}(a = ${v}, { b = ${w} } = {}) { return ${v}; }`),
  fc.tuple(name, value).map(([n, v]) => `export const ${n} = async (event) => { return ${v}; };`),
  fc.tuple(name, value).map(([n, v]) => `export default async function ${n}() { ${v}; }`),
  fc.tuple(name, name).map(([a, b]) => `export { ${a}, ${b} as handler, ${a} as "str name" };`),
  fc.tuple(name, value).map(([n, v]) => `exports.${n} = ${v};`),
  fc
    .tuple(name, name, value)
    .map(([a, b, v]) => `module.exports = { ${a}, ${b}: ${v}, async handler(e) { return ${v}; } };`),
  fc.tuple(name, value).map(([n, v]) => `module.exports.${n} = middy(async (event) => ${v});`),
  fc.tuple(name, value, value).map(([n, v, w]) => `if (${n} === ${v}) { ${n} = ${w}; } else { ${n} = ${v}; }`),
  fc.tuple(value, value).map(([v, w]) => `try { password = ${v}; } catch { secret = ${w}; } finally { token = ${v}; }`),
  fc.tuple(name, value).map(([n, v]) => `switch (${n}) { case ${v}: ${n} = ${v}; break; default: ${n} = "d"; }`),
  fc.tuple(name, value).map(([n, v]) => `for (let i = ${v}; i < 3; i++) { ${n} = ${v}; }`),
  fc.tuple(name, value).map(([n, v]) => `while (${v}) { ${n} = ${v}; }`),
  fc.tuple(name, value).map(([n, v]) => `label: { ${n} = ${v}; }`),
  fc.tuple(name, value).map(([n, v]) => `type T${n} = { [${n}.x]: string; m(a = ${v}): void; get g(): string };`),
  fc.tuple(name, value).map(([n, v]) => `interface I${n} { ${n}: "lit"; f(p = ${v}): void; }`),
  fc.tuple(name, value).map(([n, v]) => `enum E${n} { A = ${v}, B = "b" }`),
  fc.tuple(name, value).map(([n, v]) => `namespace N.${n} { export const ${n} = ${v}; }`),
  fc
    .tuple(name, value)
    .map(([n, v]) => `let ${n}2: typeof import("m", { with: { "resolution-mode": "import" } }) = ${v};`),
  fc.constant(`import x, { a as b } from "pkg" with { type: "json" };`),
  fc.constant(`import * as ns from "pkg2";`),
  fc.constant(`import y = require("pkg3");`),
  fc.constant(`const cache = new Map();`),
  fc.constant(`let cached;`),
  fc.constant(
    `async function getSecret() { if (cached) return cached; cached = await client.send(new GetSecretValueCommand({ SecretId: "s" })); return cached; }`,
  ),
  fc.constant(
    `async function fetchSecret() { const r = await client.getSecretValue({ SecretId: "s" }).promise(); cache.set("k", r); return r; }`,
  ),
  fc.constant(`export const handler = async (event) => { const s = await getSecret(); return fetchSecret(s); };`),
  fc.constant(`export async function main() { return new GetSecretValueCommand({}); }`),
  fc.constant(`function overload(a: string): void; function overload(a) {}`),
  fc.constant(`export default { password: "x" };`),
  fc.constant(`const bad = ;`),
  fc.constant(`<T,>(x: T) => x;`),
  fc.constant(`let v = <string>password;`),
  value.map((v) => `${v};`),
  { arbitrary: fc.tuple(fc.nat(), name, value).map(([i, n, v]) => extra(i, n, v)), weight: 15 },
);

/** Rarer shapes, where ESTree dropped, duplicated or reordered what TypeScript's tree holds. */
function extra(index: number, n: string, v: string): string {
  const shapes = [
    `function f${n}(@D("k", ${v}) ...rest) {}`,
    `class K${n} { constructor(@Inject("a", ${v}) private readonly ${n} = ${v}, @D() ...r) {} static { ${n} = ${v}; } @G("k", ${v}) get ${n}2() { return ${v}; } }`,
    `const o${n} = { m(@D("k", ${v}) a = ${v}) {}, set ${n}(x = ${v}) {} };`,
    `type F${n} = (${n} = ${v}) => void; type G${n} = new (${n} = ${v}) => X;`,
    `interface I${n} { [key: string]: string; (a = ${v}): void; new (b = ${v}): I; get ${n}(): string; set ${n}(v = ${v}); [f("k", ${v})]: string }`,
    `${n}?.b.c = ${v}; ${n}?.b!.c = ${v}; (${n}?.b)!.c("k", ${v}); ${n}?.["setPassword"](${v}); ${n}?.b?.setToken(${v}); (${n}?.setToken)(${v}); ${n}!.setToken(${v});`,
    `const j${n} = <a:b ${n}="x&quot;y" />; const k${n} = <A.B ${n}='&#x41;&#65;&bogus;&#99999999;' />; const l${n} = <>{${n} = ${v}}</>;`,
    `enum E2${n} { ["x"] = f("k", ${v}), B = ${v} }`,
    `declare module "m${n}" { const ${n} = ${v}; } declare global { var ${n}: string }`,
    `export = { ${n}: ${v} };`,
    `export * as ns${n} from "x"; export * from "y"; export { ${n} as default };`,
    `import("x", {}, { ${n}: ${v} }); import.meta.${n} = ${v}; new.target;`,
    `tag\`\${${n} = ${v}}\`; f<T>("k", ${v}); ${n} satisfies Y;`,
    `label: for (const { a = ${v} } of b) {} for (${n} in obj) {} for (${n}.x of obj) {}`,
    `with (obj) { ${n} = ${v}; }`,
    `abstract class A${n} { abstract accessor ${n}: string; abstract ${n}2(): void; }`,
    `class M${n} extends mixin(f("k", ${v}))<T> implements A<{ [f("k2", ${v})]: string }>, B { }`,
    `const \\u0070assword = ${v}; const __${n} = ${v}; const ${n}$ = ${v};`,
    `${n} = ${v}, ${n}2 = ${v};`,
    `async function* g${n}() { yield ${n} = ${v}; delete ${n}[${v}]; void (${n} = ${v}); typeof (${n} = ${v}); }`,
    `const { [${n}]: v${n} = ${v}, ["${n}"]: w = ${v} } = o; function t${n}(this: X, a = ${v}) {}`,
    `const gen${n} = <T,>(a: T = ${v} as any) => a;`,
    `let a${n}: ?string = ${v}; let b${n}: string! = ${v}; let c${n}: * = ${v}; let d${n}: function(this: X): void = ${v};`,
    `function h${n}(a: function(string): void) {}`,
    `module.exports = { get handler() { return ${v}; }, [${n}]: async () => ${v} }; exports["handler"] = ${n};`,
    `export const handler = middy(async () => ${v}).use(x); export { ${n} as handler2 };`,
    `class S${n} { async m() { return new GetSecretValueCommand(${v}); } } const top${n} = new GetSecretValueCommand({});`,
    `const x${n} = ${n} => ${n} === ${v} ? ${v} : <div ${n}="line\nbreak">{${v}}</div>;`,
    `if (${v} == ${n}.${n}) {} if (${n}?.${n} != ${v}) {} if ((${n}) === (${v})) {}`,
    `let t${n} = \`a\\u{41}\\x41\\0\\\r\n\`; let u${n} = "\\u{1F600}";`,
    `export default class { ${n} = ${v}; }`,
    `export default (${n} = ${v});`,
    `export declare function handler(e: string): void; export async function handler(e) { return ${v}; }`,
  ];
  return shapes[index % shapes.length] as string;
}
const program = fc.array(statement, { minLength: 1, maxLength: 8 }).map((lines) => lines.join("\n"));

/**
 * The JavaScript/TypeScript literal and secret-fetch reader as it was on typescript-estree's ESTree, kept verbatim as the
 * oracle of the differential test of `src/parsers/source/javascript.ts` (which walks TypeScript's own AST).
 */
import { parse, type TSESTree } from "@typescript-eslint/typescript-estree";
import type { CodeLiteral, SecretFetch, SourceFunction, SourceInfo } from "../model/entities.js";
import type { SourceFile } from "../core/positioned.js";
import { codeLiteral, lastName } from "../parsers/source/literal.js";

type Node = TSESTree.Node;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

const JS_FETCH_HINT = /GetSecretValueCommand|getSecretValue\s*\(/;

const isFunction = (node: Node | null | undefined): node is FunctionNode =>
  !!node &&
  (node.type === "FunctionDeclaration" ||
    node.type === "FunctionExpression" ||
    node.type === "ArrowFunctionExpression");

/** The function an initialiser is, looking through wrappers: `middy(async (event) => ...)`, `async function () {}`. */
function functionOf(node: Node | null | undefined): FunctionNode | undefined {
  if (!node) return undefined;
  if (isFunction(node)) return node;
  if (node.type === "CallExpression") for (const arg of node.arguments) if (isFunction(arg)) return arg;
  if (node.type === "TSAsExpression" || node.type === "TSSatisfiesExpression") return functionOf(node.expression);
  return undefined;
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key in node) {
    if (key === "parent" || key === "range" || key === "loc") continue;
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child)
        if (item && typeof item === "object" && typeof (item as Node).type === "string") out.push(item as Node);
    } else if (child && typeof child === "object" && typeof (child as Node).type === "string") out.push(child as Node);
  }
  return out;
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const child of children(node)) walk(child, visit);
}

/** `exports.handler`, `module.exports.handler`: the exported name, or undefined. */
function exportedName(node: Node): string | undefined {
  if (node.type !== "MemberExpression" || node.property.type !== "Identifier") return undefined;
  const object = node.object;
  const isExports =
    (object.type === "Identifier" && object.name === "exports") ||
    (object.type === "MemberExpression" &&
      object.object.type === "Identifier" &&
      object.object.name === "module" &&
      object.property.type === "Identifier" &&
      object.property.name === "exports");
  return isExports ? node.property.name : undefined;
}

/** `module.exports` itself. */
const isModuleExports = (node: Node): boolean =>
  node.type === "MemberExpression" &&
  node.object.type === "Identifier" &&
  node.object.name === "module" &&
  node.property.type === "Identifier" &&
  node.property.name === "exports";

/** A name exported as a Lambda handler: `handler`, or any exported name ending in `Handler`/`handler`. */
const isHandlerName = (name: string): boolean => /(^|[a-z])[Hh]andler$/.test(name) || name === "main";

function javascriptFetches(
  file: SourceFile,
  program: TSESTree.Program,
): { fetches: SecretFetch[]; imports: string[]; functions: SourceFunction[] } {
  const imports: string[] = [];
  const functions = new Map<string, FunctionNode>();
  const handlers = new Map<FunctionNode, string>();
  const moduleVariables = new Set<string>();
  /** Exported name -> the function (for a handler a template names). */
  const exported = new Map<string, FunctionNode>();

  for (const raw of program.body) {
    const isExported = raw.type === "ExportNamedDeclaration" || raw.type === "ExportDefaultDeclaration";
    const statement = (isExported ? raw.declaration : raw) as Node | null;
    // `export { handler }`, `export { main as handler }`: functions declared earlier.
    if (raw.type === "ExportNamedDeclaration" && !raw.declaration) {
      for (const specifier of raw.specifiers) {
        const local = specifier.local.type === "Identifier" ? functions.get(specifier.local.name) : undefined;
        const name = specifier.exported.type === "Identifier" ? specifier.exported.name : specifier.exported.value;
        if (local) exported.set(name, local);
      }
    }
    if (!statement) continue;
    if (statement.type === "ImportDeclaration") imports.push(statement.source.value);
    if (statement.type === "FunctionDeclaration" && statement.id) {
      functions.set(statement.id.name, statement);
      if (isExported) exported.set(raw.type === "ExportDefaultDeclaration" ? "default" : statement.id.name, statement);
      if (isExported && isHandlerName(statement.id.name)) handlers.set(statement, statement.id.name);
    }
    if (statement.type === "VariableDeclaration") {
      for (const d of statement.declarations) {
        if (d.id.type !== "Identifier") continue;
        const fn = functionOf(d.init);
        if (fn) {
          functions.set(d.id.name, fn);
          if (isExported) exported.set(d.id.name, fn);
          if (isExported && isHandlerName(d.id.name)) handlers.set(fn, d.id.name);
        } else moduleVariables.add(d.id.name);
      }
    }
    if (statement.type === "ExpressionStatement" && statement.expression.type === "AssignmentExpression") {
      const name = exportedName(statement.expression.left);
      const right = statement.expression.right;
      const fn = functionOf(right) ?? (right.type === "Identifier" ? functions.get(right.name) : undefined);
      if (name && fn) exported.set(name, fn);
      // `exports.handler = async (event) => ...`: the function has no other name.
      if (name && fn && fn === functionOf(right) && !functions.has(name)) functions.set(name, fn);
      if (name && fn && isHandlerName(name)) handlers.set(fn, name);
      // `module.exports = { handler, other: fn }`
      if (isModuleExports(statement.expression.left) && right.type === "ObjectExpression") {
        for (const property of right.properties) {
          if (property.type !== "Property" || property.key.type !== "Identifier") continue;
          const value = property.value as Node;
          const target = functionOf(value) ?? (value.type === "Identifier" ? functions.get(value.name) : undefined);
          if (target) exported.set(property.key.name, target);
          if (target && target === functionOf(value) && !functions.has(property.key.name))
            functions.set(property.key.name, target);
        }
      }
    }
  }
  walk(program, (node) => {
    if (
      node.type === "CallExpression" &&
      node.callee.type === "Identifier" &&
      node.callee.name === "require" &&
      node.arguments[0]?.type === "Literal" &&
      typeof node.arguments[0].value === "string"
    )
      imports.push(node.arguments[0].value);
  });

  const topLevel = [...new Set([...functions.values(), ...handlers.keys()])];
  const enclosing = (node: Node) => topLevel.find((fn) => fn.range[0] <= node.range[0] && node.range[1] <= fn.range[1]);
  const nameOfFunction = (fn: FunctionNode) => [...functions].find(([, f]) => f === fn)?.[0];

  /** Whether a function keeps something in module scope: assigns a module variable, or sets into a module map. */
  const memoises = (fn: FunctionNode): boolean => {
    let found = false;
    walk(fn.body as Node, (node) => {
      if (node.type === "AssignmentExpression") {
        let target: Node = node.left;
        while (target.type === "MemberExpression") target = target.object;
        if (target.type === "Identifier" && moduleVariables.has(target.name)) found = true;
      }
      if (
        node.type === "CallExpression" &&
        node.callee.type === "MemberExpression" &&
        node.callee.object.type === "Identifier" &&
        moduleVariables.has(node.callee.object.name) &&
        node.callee.property.type === "Identifier" &&
        node.callee.property.name === "set"
      )
        found = true;
    });
    return found;
  };

  /** The handlers that call a function of the file by name. */
  const callersOf = (name: string): string[] => {
    const out: string[] = [];
    for (const [fn, handler] of handlers) {
      walk(fn.body as Node, (node) => {
        if (
          node.type === "CallExpression" &&
          node.callee.type === "Identifier" &&
          node.callee.name === name &&
          !out.includes(handler)
        )
          out.push(handler);
      });
    }
    return out;
  };

  /** The names of the file's top-level functions a function calls. */
  const callsOf = (fn: FunctionNode): string[] => {
    const out = new Set<string>();
    walk(fn.body as Node, (node) => {
      if (node.type === "CallExpression" && node.callee.type === "Identifier" && functions.has(node.callee.name))
        out.add(node.callee.name);
    });
    return [...out];
  };

  const fetches: SecretFetch[] = [];
  walk(program, (node) => {
    let api: string | undefined;
    if (
      node.type === "NewExpression" &&
      node.callee.type === "Identifier" &&
      node.callee.name === "GetSecretValueCommand"
    )
      api = "GetSecretValueCommand";
    if (
      node.type === "CallExpression" &&
      node.callee.type === "MemberExpression" &&
      node.callee.property.type === "Identifier" &&
      node.callee.property.name === "getSecretValue"
    )
      api = "getSecretValue";
    if (!api) return;
    const fn = enclosing(node);
    const scalar = {
      kind: "scalar" as const,
      value: api,
      start: node.range[0],
      end: node.range[1],
      file,
      path: [api, fetches.length],
    };
    if (!fn) {
      fetches.push({ node: scalar, memoised: false });
      return;
    }
    const handler = handlers.get(fn);
    const name = nameOfFunction(fn);
    const within = name !== undefined ? { function: name } : {};
    if (handler) {
      fetches.push({ node: scalar, handler, ...within, memoised: memoises(fn) });
      return;
    }
    const [caller] = name ? callersOf(name) : [];
    fetches.push({
      node: scalar,
      ...(caller && name ? { handler: caller, via: name } : {}),
      ...within,
      memoised: memoises(fn),
    });
  });
  const described: SourceFunction[] = [];
  for (const [name, fn] of functions) {
    described.push({
      name,
      exports: [...exported].filter(([, f]) => f === fn).map(([exportName]) => exportName),
      calls: callsOf(fn),
    });
  }
  return { fetches, imports, functions: described };
}

/** The content of a string literal or of a template literal without substitutions, looking through `as const`. */
function stringOf(node: Node | null | undefined): { value: string; node: Node } | undefined {
  if (!node) return undefined;
  if (node.type === "TSAsExpression" || node.type === "TSSatisfiesExpression" || node.type === "TSNonNullExpression")
    return stringOf(node.expression);
  if (node.type === "Literal" && typeof node.value === "string") return { value: node.value, node };
  if (node.type === "TemplateLiteral" && node.expressions.length === 0)
    return { value: node.quasis[0]?.value.cooked ?? "", node };
  return undefined;
}

/** The name of a key or of an assignment target as written: an identifier, a string key, a member expression. */
function nameOf(node: Node, text: string): string | undefined {
  if (node.type === "Identifier" || node.type === "PrivateIdentifier") return node.name;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "MemberExpression") return lastName(text.slice(node.range[0], node.range[1]));
  if (node.type === "JSXIdentifier") return node.name;
  return undefined;
}

/** A setter whose argument is the secret: `setPassword("...")`, `withApiKey("...")`, `client.setAuthToken("...")`. */
const SETTER = /^(?:set|with)(?=[A-Z_])/;

const COMPARISONS = new Set(["===", "==", "!==", "!="]);

/** Parses a file; throws the parser's error on a syntax error. */
export function parseJavascriptEstree(
  file: SourceFile,
  jsx: boolean,
): Pick<SourceInfo, "literals" | "secretFetches" | "imports" | "functions"> {
  const text = file.text;
  const program = parse(text, {
    range: true,
    loc: false,
    comment: false,
    jsx,
    allowInvalidAST: true,
    suppressDeprecatedPropertyWarnings: true,
  });
  const out: CodeLiteral[] = [];
  const seen = new Map<string, number>();
  const add = (
    name: string | undefined,
    binding: CodeLiteral["binding"],
    found: { value: string; node: Node } | undefined,
  ) => {
    if (name === undefined || !found) return;
    out.push(codeLiteral(file, name, binding, found.value, found.node.range[0], found.node.range[1], seen));
  };

  const visit = (node: Node): void => {
    switch (node.type) {
      case "VariableDeclarator":
        if (node.id.type === "Identifier") add(node.id.name, "assignment", stringOf(node.init));
        break;
      case "AssignmentExpression":
        add(nameOf(node.left, text), "assignment", stringOf(node.right));
        break;
      case "Property":
        if (node.value.type === "AssignmentPattern") break;
        add(nameOf(node.key, text), "property", stringOf(node.value as Node));
        break;
      case "PropertyDefinition":
      case "AccessorProperty":
        add(nameOf(node.key, text), "field", stringOf(node.value));
        break;
      case "AssignmentPattern":
        add(nameOf(node.left, text), "default", stringOf(node.right));
        break;
      case "LabeledStatement": {
        // `apiKey: "..."` alone: an object's member pasted as a statement, read as a key as the reader does (a label
        // before a bare string, or a template without substitutions, does nothing).
        const expression = node.body.type === "ExpressionStatement" ? node.body.expression : undefined;
        if (expression?.type === "Literal" || expression?.type === "TemplateLiteral")
          add(nameOf(node.label, text), "property", stringOf(expression));
        break;
      }
      case "JSXAttribute":
        if (node.value?.type === "Literal") add(nameOf(node.name as Node, text), "property", stringOf(node.value));
        break;
      case "CallExpression":
      case "NewExpression": {
        const callee = nameOf(node.callee, text);
        if (callee && SETTER.test(callee)) add(callee, "argument", stringOf(node.arguments[0]));
        // `setProperty("DB_PASSWORD", "...")`, `headers.set("x-api-key", "...")`: a name, then its value.
        const key = stringOf(node.arguments[0]);
        if (key && node.arguments.length === 2 && /^[A-Za-z_][\w.-]*$/.test(key.value))
          add(key.value, "argument", stringOf(node.arguments[1]));
        break;
      }
      case "BinaryExpression":
        if (COMPARISONS.has(node.operator)) {
          const left = node.left as Node;
          if (stringOf(node.right)) add(nameOf(left, text), "comparison", stringOf(node.right));
          else add(nameOf(node.right, text), "comparison", stringOf(left));
        }
        break;
      default:
        break;
    }
    for (const key in node) {
      if (key === "parent" || key === "range" || key === "loc") continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child)
          if (item && typeof item === "object" && typeof (item as Node).type === "string") visit(item as Node);
      } else if (child && typeof child === "object" && typeof (child as Node).type === "string") visit(child as Node);
    }
  };
  visit(program as Node);
  if (!JS_FETCH_HINT.test(text)) return { literals: out };
  const { fetches, imports, functions } = javascriptFetches(file, program);
  return { literals: out, secretFetches: fetches, imports, functions };
}

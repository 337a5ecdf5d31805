/**
 * Secrets Manager reads in a JavaScript or TypeScript Lambda handler: `new GetSecretValueCommand(...)` (SDK v3) and
 * `.getSecretValue(...)` (SDK v2), whether they run on every invocation (in the handler, or in a function of the file
 * the handler calls), and whether that function keeps the result in module scope.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { SecretFetch, SourceFunction } from "../../model/entities.js";
import type { SourceFile } from "../positioned.js";

type Node = TSESTree.Node;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export const JS_FETCH_HINT = /GetSecretValueCommand|getSecretValue\s*\(/;

const isFunction = (node: Node | null | undefined): node is FunctionNode =>
  !!node && (node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression");

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
      for (const item of child) if (item && typeof item === "object" && typeof (item as Node).type === "string") out.push(item as Node);
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
  const isExports = (object.type === "Identifier" && object.name === "exports") || (object.type === "MemberExpression" && object.object.type === "Identifier" && object.object.name === "module" && object.property.type === "Identifier" && object.property.name === "exports");
  return isExports ? node.property.name : undefined;
}

/** `module.exports` itself. */
const isModuleExports = (node: Node): boolean =>
  node.type === "MemberExpression" && node.object.type === "Identifier" && node.object.name === "module" && node.property.type === "Identifier" && node.property.name === "exports";

/** A name exported as a Lambda handler: `handler`, or any exported name ending in `Handler`/`handler`. */
const isHandlerName = (name: string): boolean => /(^|[a-z])[Hh]andler$/.test(name) || name === "main";

export function javascriptFetches(file: SourceFile, program: TSESTree.Program): { fetches: SecretFetch[]; imports: string[]; functions: SourceFunction[] } {
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
          if (target && target === functionOf(value) && !functions.has(property.key.name)) functions.set(property.key.name, target);
        }
      }
    }
  }
  walk(program, (node) => {
    if (node.type === "CallExpression" && node.callee.type === "Identifier" && node.callee.name === "require" && node.arguments[0]?.type === "Literal" && typeof node.arguments[0].value === "string") imports.push(node.arguments[0].value);
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
      if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && node.callee.object.type === "Identifier" && moduleVariables.has(node.callee.object.name) && node.callee.property.type === "Identifier" && node.callee.property.name === "set") found = true;
    });
    return found;
  };

  /** The handlers that call a function of the file by name. */
  const callersOf = (name: string): string[] => {
    const out: string[] = [];
    for (const [fn, handler] of handlers) {
      walk(fn.body as Node, (node) => {
        if (node.type === "CallExpression" && node.callee.type === "Identifier" && node.callee.name === name && !out.includes(handler)) out.push(handler);
      });
    }
    return out;
  };

  /** The names of the file's top-level functions a function calls. */
  const callsOf = (fn: FunctionNode): string[] => {
    const out = new Set<string>();
    walk(fn.body as Node, (node) => {
      if (node.type === "CallExpression" && node.callee.type === "Identifier" && functions.has(node.callee.name)) out.add(node.callee.name);
    });
    return [...out];
  };

  const fetches: SecretFetch[] = [];
  walk(program, (node) => {
    let api: string | undefined;
    if (node.type === "NewExpression" && node.callee.type === "Identifier" && node.callee.name === "GetSecretValueCommand") api = "GetSecretValueCommand";
    if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && node.callee.property.type === "Identifier" && node.callee.property.name === "getSecretValue") api = "getSecretValue";
    if (!api) return;
    const fn = enclosing(node);
    const scalar = { kind: "scalar" as const, value: api, start: node.range[0], end: node.range[1], file, path: [api, fetches.length] };
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
    fetches.push({ node: scalar, ...(caller && name ? { handler: caller, via: name } : {}), ...within, memoised: memoises(fn) });
  });
  const described: SourceFunction[] = [];
  for (const [name, fn] of functions) {
    described.push({ name, exports: [...exported].filter(([, f]) => f === fn).map(([exportName]) => exportName), calls: callsOf(fn) });
  }
  return { fetches, imports, functions: described };
}

/**
 * Secrets Manager reads in a JavaScript or TypeScript Lambda handler: `new GetSecretValueCommand(...)` (SDK v3) and
 * `.getSecretValue(...)` (SDK v2), whether they run on every invocation (in the handler, or in a function of the file
 * the handler calls), and whether that function keeps the result in module scope. Read from TypeScript's own tree,
 * in typescript-estree's ESTree order (`javascript-walk.ts`), which decides the order of fetches and imports.
 */
import ts from "typescript";
import type { SecretFetch, SourceFunction } from "../../model/entities.js";
import type { SourceFile } from "../../core/positioned.js";
import { isChain, isImportCall, skipParentheses, walkEstree } from "./javascript-walk.js";

const K = ts.SyntaxKind;

/** A function as ESTree saw one: a declaration, a function expression, an arrow, or an object literal method. */
type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.AccessorDeclaration;

const isFunctionExpression = (node: ts.Node): node is ts.FunctionExpression | ts.ArrowFunction =>
  node.kind === K.FunctionExpression || node.kind === K.ArrowFunction;

/** A call ESTree kept as a `CallExpression` (not `import(...)`, not wrapped in an optional chain). */
const isPlainCall = (node: ts.Node): node is ts.CallExpression =>
  node.kind === K.CallExpression && !isImportCall(node as ts.CallExpression) && !isChain(node);

/** The function an initialiser is, looking through wrappers: `middy(async (event) => ...)`, `async function () {}`. */
function functionOf(node: ts.Node | undefined): FunctionNode | undefined {
  if (!node) return undefined;
  node = skipParentheses(node);
  if (isFunctionExpression(node)) return node;
  // An object literal method: ESTree's `Property` held it as a function expression.
  if (node.kind === K.MethodDeclaration || node.kind === K.GetAccessor || node.kind === K.SetAccessor)
    return node as FunctionNode;
  if (isPlainCall(node)) {
    for (const arg of node.arguments) {
      const inner = skipParentheses(arg);
      if (isFunctionExpression(inner)) return inner;
    }
  }
  if (node.kind === K.AsExpression || node.kind === K.SatisfiesExpression)
    return functionOf((node as ts.AsExpression).expression);
  return undefined;
}

/** A member access ESTree kept as a `MemberExpression`: its object and its property (an identifier, or undefined). */
function memberOf(node: ts.Node): { object: ts.Node; property: string | undefined } | undefined {
  node = skipParentheses(node);
  if (node.kind === K.PropertyAccessExpression && !isChain(node)) {
    const access = node as ts.PropertyAccessExpression;
    return {
      object: skipParentheses(access.expression),
      property: access.name.kind === K.Identifier ? access.name.text : undefined,
    };
  }
  if (node.kind === K.ElementAccessExpression && !isChain(node)) {
    // `exports[handler]`: ESTree's computed member with an identifier property passed for `exports.handler`.
    const access = node as ts.ElementAccessExpression;
    const property = skipParentheses(access.argumentExpression);
    return {
      object: skipParentheses(access.expression),
      property: property.kind === K.Identifier ? (property as ts.Identifier).text : undefined,
    };
  }
  return undefined;
}

const identifierName = (node: ts.Node): string | undefined =>
  node.kind === K.Identifier ? (node as ts.Identifier).text : undefined;

/** `module.exports` itself. */
function isModuleExports(node: ts.Node): boolean {
  const member = memberOf(node);
  return member !== undefined && identifierName(member.object) === "module" && member.property === "exports";
}

/** `exports.handler`, `module.exports.handler`: the exported name, or undefined. */
function exportedName(node: ts.Node): string | undefined {
  const member = memberOf(node);
  if (!member || member.property === undefined) return undefined;
  return identifierName(member.object) === "exports" || isModuleExports(member.object) ? member.property : undefined;
}

/** A name exported as a Lambda handler: `handler`, or any exported name ending in `Handler`/`handler`. */
const isHandlerName = (name: string): boolean => /(^|[a-z])[Hh]andler$/.test(name) || name === "main";

/** How ESTree wrapped a top-level statement: `export ...` and `export default ...` hold a declaration. */
function exportOf(
  statement: ts.Statement,
): { declaration: ts.Node | undefined; kind: "named" | "default" } | undefined {
  if (statement.kind === K.ExportAssignment)
    return (statement as ts.ExportAssignment).isExportEquals
      ? undefined
      : { declaration: (statement as ts.ExportAssignment).expression, kind: "default" };
  if (statement.kind === K.ExportDeclaration)
    return (statement as ts.ExportDeclaration).exportClause?.kind === K.NamedExports
      ? { declaration: undefined, kind: "named" }
      : undefined;
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  if (modifiers?.[0]?.kind !== K.ExportKeyword) return undefined;
  return { declaration: statement, kind: modifiers[1]?.kind === K.DefaultKeyword ? "default" : "named" };
}

/** The ESTree range of a function: an object literal method's starts at its parameters (or type parameters). */
function rangeOf(fn: FunctionNode, source: ts.SourceFile): [number, number] {
  if (fn.kind === K.MethodDeclaration || fn.kind === K.GetAccessor || fn.kind === K.SetAccessor) {
    const start = fn.typeParameters
      ? Math.min(fn.parameters.pos - 1, fn.typeParameters.pos - 1)
      : fn.parameters.pos - 1;
    return [start, fn.end];
  }
  return [fn.getStart(source), fn.end];
}

export function javascriptFetches(
  file: SourceFile,
  source: ts.SourceFile,
): { fetches: SecretFetch[]; imports: string[]; functions: SourceFunction[] } {
  const imports: string[] = [];
  const functions = new Map<string, FunctionNode>();
  const handlers = new Map<FunctionNode, string>();
  const moduleVariables = new Set<string>();
  /** Exported name -> the function (for a handler a template names). */
  const exported = new Map<string, FunctionNode>();

  for (const raw of source.statements) {
    const wrapper = exportOf(raw);
    const isExported = wrapper !== undefined;
    const statement = wrapper ? wrapper.declaration : raw;
    // `export { handler }`, `export { main as handler }`: functions declared earlier.
    if (raw.kind === K.ExportDeclaration && wrapper) {
      for (const specifier of ((raw as ts.ExportDeclaration).exportClause as ts.NamedExports).elements) {
        const localName = specifier.propertyName ?? specifier.name;
        const local = localName.kind === K.Identifier ? functions.get(localName.text) : undefined;
        if (local) exported.set(specifier.name.text, local);
      }
    }
    if (!statement) continue;
    if (statement.kind === K.ImportDeclaration)
      imports.push(((statement as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text);
    if (statement.kind === K.FunctionDeclaration) {
      const declaration = statement as ts.FunctionDeclaration;
      // A declaration without a body (an overload signature) was a `TSDeclareFunction`.
      if (declaration.body && declaration.name) {
        const name = declaration.name.text;
        functions.set(name, declaration);
        if (isExported) exported.set(wrapper.kind === "default" ? "default" : name, declaration);
        if (isExported && isHandlerName(name)) handlers.set(declaration, name);
      }
    }
    if (statement.kind === K.VariableStatement) {
      for (const d of (statement as ts.VariableStatement).declarationList.declarations) {
        if (d.name.kind !== K.Identifier) continue;
        const name = d.name.text;
        const fn = functionOf(d.initializer);
        if (fn) {
          functions.set(name, fn);
          if (isExported) exported.set(name, fn);
          if (isExported && isHandlerName(name)) handlers.set(fn, name);
        } else moduleVariables.add(name);
      }
    }
    if (statement.kind === K.ExpressionStatement) {
      const expression = skipParentheses((statement as ts.ExpressionStatement).expression);
      if (expression.kind !== K.BinaryExpression) continue;
      const assignment = expression as ts.BinaryExpression;
      const operator = assignment.operatorToken.kind;
      if (operator < K.FirstAssignment || operator > K.LastAssignment) continue;
      const name = exportedName(assignment.left);
      const right = skipParentheses(assignment.right);
      const direct = functionOf(right);
      const fn = direct ?? (right.kind === K.Identifier ? functions.get((right as ts.Identifier).text) : undefined);
      if (name && fn) exported.set(name, fn);
      // `exports.handler = async (event) => ...`: the function has no other name.
      if (name && fn && fn === direct && !functions.has(name)) functions.set(name, fn);
      if (name && fn && isHandlerName(name)) handlers.set(fn, name);
      // `module.exports = { handler, other: fn }`
      if (isModuleExports(assignment.left) && right.kind === K.ObjectLiteralExpression) {
        for (const property of (right as ts.ObjectLiteralExpression).properties) {
          if (property.kind === K.SpreadAssignment) continue;
          const keyNode =
            property.name.kind === K.ComputedPropertyName ? skipParentheses(property.name.expression) : property.name;
          const key = identifierName(keyNode);
          if (key === undefined) continue;
          const value = propertyValue(property);
          const target =
            (value && functionOf(value)) ??
            (value?.kind === K.Identifier ? functions.get((value as ts.Identifier).text) : undefined);
          if (target) exported.set(key, target);
          if (target && value && target === functionOf(value) && !functions.has(key)) functions.set(key, target);
        }
      }
    }
  }
  walkEstree(source, {
    call(node) {
      const callee = skipParentheses(node.expression);
      const first = node.arguments[0] && skipParentheses(node.arguments[0]);
      if (identifierName(callee) === "require" && first?.kind === K.StringLiteral)
        imports.push((first as ts.StringLiteral).text);
    },
  });

  const topLevel = [...new Set([...functions.values(), ...handlers.keys()])].map((fn) => ({
    fn,
    range: rangeOf(fn, source),
  }));
  const enclosing = (start: number, end: number) =>
    topLevel.find(({ range }) => range[0] <= start && end <= range[1])?.fn;
  const nameOfFunction = (fn: FunctionNode) => [...functions].find(([, f]) => f === fn)?.[0];
  const bodyOf = (fn: FunctionNode): ts.Node | undefined => fn.body;

  /** Whether a function keeps something in module scope: assigns a module variable, or sets into a module map. */
  const memoises = (fn: FunctionNode): boolean => {
    let found = false;
    walkEstree(bodyOf(fn) as ts.Node, {
      assignment(node) {
        let target: ts.Node = skipParentheses(node.left);
        for (let member = memberOf(target); member; member = memberOf(target)) target = member.object;
        const name = identifierName(target);
        if (name !== undefined && moduleVariables.has(name)) found = true;
      },
      call(node) {
        // The callee of a call in an optional chain (`cache?.set(...)`) is its member, unless parenthesised.
        const callee = node.expression;
        const member = callee.kind === K.ParenthesizedExpression ? memberOf(callee) : memberOfCallee(callee);
        const object = member && identifierName(member.object);
        if (object !== undefined && moduleVariables.has(object) && member?.property === "set") found = true;
      },
    });
    return found;
  };

  /** The handlers that call a function of the file by name. */
  const callersOf = (name: string): string[] => {
    const out: string[] = [];
    for (const [fn, handler] of handlers) {
      walkEstree(bodyOf(fn) as ts.Node, {
        call(node) {
          if (identifierName(skipParentheses(node.expression)) === name && !out.includes(handler)) out.push(handler);
        },
      });
    }
    return out;
  };

  /** The names of the file's top-level functions a function calls. */
  const callsOf = (fn: FunctionNode): string[] => {
    const out = new Set<string>();
    walkEstree(bodyOf(fn) as ts.Node, {
      call(node) {
        const callee = identifierName(skipParentheses(node.expression));
        if (callee !== undefined && functions.has(callee)) out.add(callee);
      },
    });
    return [...out];
  };

  const fetches: SecretFetch[] = [];
  const fetch = (node: ts.Node, api: string) => {
    const start = node.getStart(source);
    const fn = enclosing(start, node.end);
    const scalar = { kind: "scalar" as const, value: api, start, end: node.end, file, path: [api, fetches.length] };
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
  };
  walkEstree(source, {
    newExpression(node) {
      if (identifierName(skipParentheses(node.expression)) === "GetSecretValueCommand")
        fetch(node, "GetSecretValueCommand");
    },
    call(node) {
      const callee = node.expression;
      const member = callee.kind === K.ParenthesizedExpression ? memberOf(callee) : memberOfCallee(callee);
      if (member?.property === "getSecretValue") fetch(node, "getSecretValue");
    },
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

/** An unparenthesised callee: ESTree unwrapped it from its optional chain, so a member access is a member even then. */
function memberOfCallee(callee: ts.Node): { object: ts.Node; property: string | undefined } | undefined {
  if (callee.kind === K.PropertyAccessExpression) {
    const access = callee as ts.PropertyAccessExpression;
    return {
      object: skipParentheses(access.expression),
      property: access.name.kind === K.Identifier ? access.name.text : undefined,
    };
  }
  if (callee.kind === K.ElementAccessExpression) {
    const access = callee as ts.ElementAccessExpression;
    const property = skipParentheses(access.argumentExpression);
    return {
      object: skipParentheses(access.expression),
      property: property.kind === K.Identifier ? (property as ts.Identifier).text : undefined,
    };
  }
  return undefined;
}

/** The value ESTree's `Property` had for an object literal entry: the initializer, the shorthand name, the method. */
function propertyValue(property: ts.ObjectLiteralElementLike): ts.Node | undefined {
  switch (property.kind) {
    case K.PropertyAssignment:
      return skipParentheses(property.initializer);
    case K.ShorthandPropertyAssignment:
      // With a default (`{ a = 1 }`) the value was an `AssignmentPattern`, neither a function nor a name.
      return property.objectAssignmentInitializer ? undefined : property.name;
    case K.MethodDeclaration:
    case K.GetAccessor:
    case K.SetAccessor:
      return property;
    default:
      return undefined;
  }
}

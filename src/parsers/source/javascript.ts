/**
 * JavaScript and TypeScript through the `typescript` compiler's parser, imported by `load.ts` only for a file that
 * passed the prefilter: the string literals bound to a name. The tree is read as it comes from the parser, in the
 * order typescript-estree's ESTree tree had (`javascript-walk.ts`), so that paths and findings stay as they were.
 */
import ts from "typescript";
import type { CodeLiteral, SourceInfo } from "../../model/entities.js";
import type { SourceFile } from "../../core/positioned.js";
import { codeLiteral, lastName } from "./literal.js";
import { callLiterals, JS_FETCH_HINT } from "./javascript-calls.js";
import { javascriptFetches } from "./javascript-fetches.js";
import { isChain, skipParentheses, walkEstree } from "./javascript-walk.js";
import { decodeJsxEntities } from "./jsx-entities.js";

const K = ts.SyntaxKind;

/**
 * The parse typescript-estree made without a file name: `estree.ts`, or `estree.tsx` with JSX, at the latest target.
 * JSDoc is not parsed: its errors never counted, and nothing here reads it.
 */
export function parseTypeScript(text: string, jsx: boolean): ts.SourceFile {
  const source = ts.createSourceFile(
    jsx ? "estree.tsx" : "estree.ts",
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const [error] = (source as ts.SourceFile & { parseDiagnostics: readonly ts.DiagnosticWithLocation[] })
    .parseDiagnostics;
  if (error)
    throw new SyntaxError(`${ts.flattenDiagnosticMessageText(error.messageText, "\n")} (offset ${error.start})`);
  return source;
}

/** The content of a string literal or of a template literal without substitutions, looking through `as const`. */
function stringOf(node: ts.Node): { value: string; node: ts.Node } | undefined {
  node = skipParentheses(node);
  switch (node.kind) {
    case K.AsExpression:
    case K.SatisfiesExpression:
    case K.NonNullExpression:
      return stringOf((node as ts.AsExpression).expression);
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
      return { value: (node as ts.StringLiteral).text, node };
    default:
      return undefined;
  }
}

/**
 * The name of a key or of an assignment target as written: an identifier, a string key, a member expression. A member
 * access in an optional chain has no name, unless it is the callee of a call in the chain (`calleeOfChainCall`).
 */
function nameOf(node: ts.Node, source: ts.SourceFile, calleeOfChainCall = false): string | undefined {
  node = skipParentheses(node);
  switch (node.kind) {
    case K.Identifier:
      return (node as ts.Identifier).text;
    case K.PrivateIdentifier:
      return (node as ts.PrivateIdentifier).text.slice(1);
    case K.StringLiteral:
      return (node as ts.StringLiteral).text;
    case K.PropertyAccessExpression:
    case K.ElementAccessExpression:
      if (!calleeOfChainCall && isChain(node)) return undefined;
      return lastName(source.text.slice(node.getStart(source), node.end));
    default:
      return undefined;
  }
}

const isComparison = (kind: ts.SyntaxKind): boolean =>
  kind === K.EqualsEqualsEqualsToken ||
  kind === K.EqualsEqualsToken ||
  kind === K.ExclamationEqualsEqualsToken ||
  kind === K.ExclamationEqualsToken;

/** Parses a file; throws on a syntax error. */
export function parseJavascript(
  file: SourceFile,
  jsx: boolean,
): Pick<SourceInfo, "literals" | "secretFetches" | "imports" | "functions"> {
  const text = file.text;
  const source = parseTypeScript(text, jsx);
  const out: CodeLiteral[] = [];
  const seen = new Map<string, number>();
  const add = (
    name: string | undefined,
    binding: CodeLiteral["binding"],
    found: { value: string; node: ts.Node } | undefined,
  ) => {
    if (name === undefined || !found) return;
    out.push(codeLiteral(file, name, binding, found.value, found.node.getStart(source), found.node.end, seen));
  };
  const call = (callee: string | undefined, args: readonly ts.Expression[], written: ts.Expression) =>
    callLiterals(
      callee,
      text.slice(written.getStart(source), written.end),
      args.length,
      args[0] && stringOf(args[0]),
      args[1] && stringOf(args[1]),
      add,
    );

  walkEstree(source, {
    variableDeclarator(node) {
      if (node.name.kind === K.Identifier && node.initializer)
        add(node.name.text, "assignment", stringOf(node.initializer));
    },
    assignment(node) {
      add(nameOf(node.left, source), "assignment", stringOf(node.right));
    },
    property(key, value) {
      add(
        nameOf(key.kind === K.ComputedPropertyName ? (key as ts.ComputedPropertyName).expression : key, source),
        "property",
        stringOf(value),
      );
    },
    field(node) {
      if (node.initializer)
        add(
          nameOf(node.name.kind === K.ComputedPropertyName ? node.name.expression : node.name, source),
          "field",
          stringOf(node.initializer),
        );
    },
    assignmentPattern(left, right) {
      add(nameOf(left, source), "default", stringOf(right));
    },
    jsxAttribute(node) {
      // A JSX attribute string is read with its character entities decoded, no escapes.
      if (node.initializer?.kind !== K.StringLiteral || node.name.kind !== K.Identifier) return;
      add(node.name.getText(source), "property", {
        value: decodeJsxEntities(node.initializer.text),
        node: node.initializer,
      });
    },
    call(node) {
      // The callee of a call in an optional chain (`a?.setPassword(...)`) is the member itself, not the chain.
      const callee = node.expression;
      call(nameOf(callee, source, callee.kind !== K.ParenthesizedExpression), node.arguments, callee);
    },
    newExpression(node) {
      call(nameOf(node.expression, source), node.arguments ?? [], node.expression);
    },
    binary(node) {
      if (!isComparison(node.operatorToken.kind)) return;
      if (stringOf(node.right)) add(nameOf(node.left, source), "comparison", stringOf(node.right));
      else add(nameOf(node.right, source), "comparison", stringOf(node.left));
    },
  });
  if (!JS_FETCH_HINT.test(text)) return { literals: out };
  const { fetches, imports, functions } = javascriptFetches(file, source);
  return { literals: out, secretFetches: fetches, imports, functions };
}

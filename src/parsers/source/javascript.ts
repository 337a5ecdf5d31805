/**
 * JavaScript and TypeScript through `@typescript-eslint/typescript-estree` (and the `typescript` compiler it runs),
 * imported by `load.ts` only for a file that passed the prefilter: the string literals bound to a name.
 */
import { parse, type TSESTree } from "@typescript-eslint/typescript-estree";
import type { CodeLiteral, SourceInfo } from "../../model/entities.js";
import type { SourceFile } from "../positioned.js";
import { codeLiteral, lastName } from "./literal.js";
import { javascriptFetches, JS_FETCH_HINT } from "./javascript-fetches.js";

type Node = TSESTree.Node;

/** The content of a string literal or of a template literal without substitutions, looking through `as const`. */
function stringOf(node: Node | null | undefined): { value: string; node: Node } | undefined {
  if (!node) return undefined;
  if (node.type === "TSAsExpression" || node.type === "TSSatisfiesExpression" || node.type === "TSNonNullExpression") return stringOf(node.expression);
  if (node.type === "Literal" && typeof node.value === "string") return { value: node.value, node };
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) return { value: node.quasis[0]?.value.cooked ?? "", node };
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
export function parseJavascript(file: SourceFile, jsx: boolean): Pick<SourceInfo, "literals" | "secretFetches" | "imports" | "functions"> {
  const text = file.text;
  const program = parse(text, { range: true, loc: false, comment: false, jsx, allowInvalidAST: true, suppressDeprecatedPropertyWarnings: true });
  const out: CodeLiteral[] = [];
  const seen = new Map<string, number>();
  const add = (name: string | undefined, binding: CodeLiteral["binding"], found: { value: string; node: Node } | undefined) => {
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
      case "JSXAttribute":
        if (node.value?.type === "Literal") add(nameOf(node.name as Node, text), "property", stringOf(node.value));
        break;
      case "CallExpression":
      case "NewExpression": {
        const callee = nameOf(node.callee, text);
        if (callee && SETTER.test(callee)) add(callee, "argument", stringOf(node.arguments[0]));
        // `setProperty("DB_PASSWORD", "...")`, `headers.set("x-api-key", "...")`: a name, then its value.
        const key = stringOf(node.arguments[0]);
        if (key && node.arguments.length === 2 && /^[A-Za-z_][\w.-]*$/.test(key.value)) add(key.value, "argument", stringOf(node.arguments[1]));
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
        for (const item of child) if (item && typeof item === "object" && typeof (item as Node).type === "string") visit(item as Node);
      } else if (child && typeof child === "object" && typeof (child as Node).type === "string") visit(child as Node);
    }
  };
  visit(program as Node);
  if (!JS_FETCH_HINT.test(text)) return { literals: out };
  const { fetches, imports, functions } = javascriptFetches(file, program);
  return { literals: out, secretFetches: fetches, imports, functions };
}

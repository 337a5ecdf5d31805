/**
 * `.tf` files through tree-sitter's Terraform grammar (`@tree-sitter-grammars/tree-sitter-hcl`, run by
 * `web-tree-sitter`), into the blocks and positioned trees of `syntax.ts`. The grammar and its WebAssembly runtime are
 * loaded on the first `.tf` file only: a scan without Terraform never loads them.
 */
import type { Node as TsNode, Parser as TsParser } from "web-tree-sitter";
import { treeSitterParser } from "../tree-sitter.js";
import type {
  ArrayNode,
  Entry,
  ObjectNode,
  PathSegment,
  PNode,
  ScalarNode,
  SourceFile,
} from "../../core/positioned.js";
import { EXPRESSIONS, blockAddress, type TfBlock, type TfFile } from "./syntax.js";
import { maskLongWhitespace } from "./whitespace.js";

/** The tree-sitter parser for Terraform, created once per process on first use. */
function terraformParser(): Promise<TsParser> {
  return treeSitterParser("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm");
}

/** Nesting deeper than this is refused (an error entry), as the JSON and YAML parsers refuse it. */
const MAX_DEPTH = 400;

class TooDeep extends Error {}

/** Parses a `.tf` file. Syntax errors do not throw: the first one is `error`, and blocks containing errors are dropped. */
export async function parseHcl(file: SourceFile): Promise<TfFile> {
  const parser = await terraformParser();
  // Same length as the file: offsets are the file's. Node texts are read from the file (`textOf`), never the tree.
  const tree = parser.parse(maskLongWhitespace(file.text));
  if (!tree)
    return {
      file,
      format: "hcl",
      blocks: [],
      root: emptyRoot(file),
      error: { message: "Terraform syntax error: the file could not be parsed" },
    };
  try {
    const root = tree.rootNode;
    const error = root.hasError ? firstError(root) : undefined;
    const body = namedChildren(root).find((n) => n.type === "body");
    const blocks: TfBlock[] = [];
    const entries: Entry[] = [];
    const tfvars = /\.tfvars$/i.test(file.path);
    const values: Entry[] = [];
    for (const node of body ? namedChildren(body) : []) {
      if (tfvars && node.type === "attribute" && !node.hasError) {
        for (const pushed of convertBody(body as TsNode, file, [], 0, [node]).entries) values.push(pushed);
        continue;
      }
      if (node.type !== "block" || node.hasError) continue;
      const block = convertBlock(node, file);
      if (!block) continue;
      blocks.push(block);
      entries.push({ key: scalar(file, node.namedChild(0) as TsNode, block.type, [block.type]), value: block.body });
    }
    const rootNode: ObjectNode = { kind: "object", entries, start: 0, end: file.text.length, file, path: [] };
    return { file, format: "hcl", blocks, root: rootNode, ...(tfvars ? { values } : {}), ...(error ? { error } : {}) };
  } catch (caught) {
    if (caught instanceof TooDeep) {
      return {
        file,
        format: "hcl",
        blocks: [],
        root: emptyRoot(file),
        error: { message: "Terraform file is nested too deeply to parse" },
      };
    }
    throw caught;
  } finally {
    tree.delete();
  }
}

function emptyRoot(file: SourceFile): ObjectNode {
  return { kind: "object", entries: [], start: 0, end: 0, file, path: [] };
}

/** The first ERROR or MISSING node, as an error entry: `Terraform syntax error: missing "}"`. */
function firstError(root: TsNode): { message: string; offset: number } | undefined {
  const stack: TsNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TsNode;
    if (node.isMissing)
      return { message: `Terraform syntax error: missing ${describeMissing(node.type)}`, offset: node.startIndex };
    if (node.isError) {
      // The kind of token, from the grammar's vocabulary, never the file's text: that text may be the secret itself.
      const leaf = firstLeaf(node);
      return {
        message: `Terraform syntax error: unexpected ${leaf ? describeToken(leaf) : "end of input"}`,
        offset: leaf?.startIndex ?? node.startIndex,
      };
    }
    if (!node.hasError) continue;
    const children = node.children.filter((c): c is TsNode => c !== null);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as TsNode);
  }
  return undefined;
}

function firstLeaf(node: TsNode): TsNode | undefined {
  let leaf: TsNode | null = node;
  while (leaf && leaf.childCount > 0) leaf = leaf.child(0);
  return leaf && leaf.endIndex > leaf.startIndex ? leaf : undefined;
}

/** What a token is, in words: `string`, `name`, `","`. Built from the node's type, which the grammar defines. */
function describeToken(leaf: TsNode): string {
  const named: Record<string, string> = {
    identifier: "name",
    quoted_template_start: "string",
    quoted_template_end: "closing quote",
    template_literal: "string",
    string_lit: "string",
    numeric_lit: "number",
    bool_lit: "boolean",
    null_lit: "null",
    heredoc_start: "heredoc",
    heredoc_identifier: "heredoc marker",
    template_interpolation_start: "interpolation",
    comment: "comment",
  };
  const type = leaf.type;
  if (Object.hasOwn(named, type)) return named[type] as string;
  if (type === "ERROR") return "character";
  // An anonymous token's type is its text as the grammar spells it (`,`, `=`, `for`): punctuation or a keyword.
  if (!leaf.isNamed && /^(?:[^\w\s]{1,3}|[a-z]{1,10})$/.test(type)) return JSON.stringify(type);
  return /^[a-z_]{1,40}$/.test(type) ? type.replace(/_/g, " ") : "token";
}

function describeMissing(type: string): string {
  const tokens: Record<string, string> = {
    block_end: '"}"',
    block_start: '"{"',
    object_end: '"}"',
    tuple_end: '"]"',
    quoted_template_end: "the closing quote",
    template_interpolation_end: '"}" of an interpolation',
    heredoc_identifier: "the heredoc's closing marker",
  };
  return tokens[type] ?? (/^[a-z_]+$/.test(type) ? type.replace(/_/g, " ") : JSON.stringify(type));
}

/** A node's source text, from the file: the tree was parsed from a masked copy (see `whitespace.ts`). */
function textOf(file: SourceFile, node: { startIndex: number; endIndex: number }): string {
  return file.text.slice(node.startIndex, node.endIndex);
}

function namedChildren(node: TsNode): TsNode[] {
  return node.namedChildren.filter((c): c is TsNode => c !== null && c.type !== "comment");
}

function scalar(
  file: SourceFile,
  node: { startIndex: number; endIndex: number },
  value: ScalarNode["value"],
  path: readonly PathSegment[],
): ScalarNode & { value: string } {
  return { kind: "scalar", value, start: node.startIndex, end: node.endIndex, file, path } as ScalarNode & {
    value: string;
  };
}

/** A top-level block: its type, labels and body. Path of the body: `[type, ...labels]`, as in `.tf.json`. */
function convertBlock(node: TsNode, file: SourceFile): TfBlock | undefined {
  const children = namedChildren(node);
  const typeNode = children[0];
  if (typeNode?.type !== "identifier") return undefined;
  const type = textOf(file, typeNode);
  const labelNodes = children.slice(1).filter((c) => c.type === "string_lit" || c.type === "identifier");
  const labels = labelNodes.map((l) => (l.type === "string_lit" ? quotedText(l, file) : textOf(file, l)));
  const first = labelNodes[0] ?? typeNode;
  const last = labelNodes[labelNodes.length - 1] ?? typeNode;
  const address = blockAddress({ type, labels }) ?? [type, ...labels].join(".");
  const declaration = scalar(file, { startIndex: first.startIndex, endIndex: last.endIndex }, address, [
    type,
    ...labels,
  ]);
  return { type, labels, node: declaration, body: convertBody(node, file, [type, ...labels], 0), file };
}

/** A block's body (`{ ... }`) as an object: attributes by name, nested blocks by type (repeated for each block). */
function convertBody(
  block: TsNode,
  file: SourceFile,
  path: readonly PathSegment[],
  depth: number,
  items?: TsNode[],
): ObjectNode {
  if (depth > MAX_DEPTH) throw new TooDeep();
  const children = namedChildren(block);
  const open = children.find((c) => c.type === "block_start");
  const close = children.find((c) => c.type === "block_end");
  const body = children.find((c) => c.type === "body");
  const entries: Entry[] = [];
  const counts = new Map<string, number>();
  // `items`: the attributes of a `.tfvars` file, which sit at the top level rather than in a block's body.
  for (const item of items ?? (body ? namedChildren(body) : [])) {
    const nameNode = item.namedChild(0);
    if (nameNode?.type !== "identifier") continue;
    const name = { startIndex: nameNode.startIndex, endIndex: nameNode.endIndex, text: textOf(file, nameNode) };
    if (item.type === "attribute") {
      const expression = namedChildren(item).find((c) => c.type === "expression");
      const childPath = [...path, name.text];
      entries.push({
        key: scalar(file, name, name.text, childPath),
        value: expression
          ? convertExpression(expression, file, childPath, depth + 1)
          : scalar(file, { startIndex: name.endIndex, endIndex: name.endIndex }, null, childPath),
      });
    } else if (item.type === "block") {
      const index = counts.get(name.text) ?? 0;
      counts.set(name.text, index + 1);
      entries.push({
        key: scalar(file, name, name.text, [...path, name.text]),
        value: convertBody(item, file, [...path, name.text, index], depth + 1),
      });
    }
  }
  return { kind: "object", entries, start: (open ?? block).startIndex, end: (close ?? block).endIndex, file, path };
}

/** An operand list standing for a call, conditional, `for` expression or operation (see `syntax.ts`). */
function operands(node: TsNode, items: PNode[], file: SourceFile, path: readonly PathSegment[]): ArrayNode {
  return { kind: "array", items, start: node.startIndex, end: node.endIndex, file, path };
}

function convertExpression(node: TsNode, file: SourceFile, path: readonly PathSegment[], depth: number): PNode {
  if (depth > MAX_DEPTH) throw new TooDeep();
  const children = namedChildren(node);
  switch (node.type) {
    case "expression": {
      const [primary, ...postfix] = children;
      if (!primary) return scalar(file, node, null, path);
      // `a.b[0]`, `f(x).y`: a traversal, written as Terraform's JSON syntax writes it.
      if (postfix.length > 0 || primary.type === "variable_expr")
        return scalar(file, node, `\${${compact(textOf(file, node))}}`, path);
      return convertExpression(primary, file, path, depth + 1);
    }
    case "literal_value":
      return children[0] ? convertExpression(children[0], file, path, depth + 1) : scalar(file, node, null, path);
    case "numeric_lit":
      return scalar(file, node, Number(textOf(file, node)), path);
    case "bool_lit":
      return scalar(file, node, textOf(file, node) === "true", path);
    case "null_lit":
      return scalar(file, node, null, path);
    case "string_lit":
      return scalar(file, node, quotedText(node, file), path);
    case "template_expr":
      return children[0] ? convertExpression(children[0], file, path, depth + 1) : scalar(file, node, "", path);
    case "quoted_template":
      return scalar(file, node, quotedText(node, file), path);
    case "heredoc_template":
      return heredoc(node, file, path);
    case "collection_value":
      return children[0] ? convertExpression(children[0], file, path, depth + 1) : scalar(file, node, null, path);
    case "tuple": {
      const items = children
        .filter((c) => c.type === "expression")
        .map((c, i) => convertExpression(c, file, [...path, i], depth + 1));
      return { kind: "array", items, start: node.startIndex, end: node.endIndex, file, path };
    }
    case "object":
      return convertObject(node, file, path, depth);
    case "function_call": {
      const identifier = children.find((c) => c.type === "identifier");
      const name = identifier ? textOf(file, identifier) : "";
      const args = namedChildren(children.find((c) => c.type === "function_arguments") ?? node).filter(
        (c) => c.type === "expression",
      );
      const out = operands(
        node,
        args.map((a, i) => convertExpression(a, file, [...path, i], depth + 1)),
        file,
        path,
      );
      EXPRESSIONS.set(out, { kind: "call", name, text: compact(textOf(file, node)) });
      return out;
    }
    default: {
      // Conditionals, `for` expressions, operations, splats: their value is not known statically; their operands are kept.
      const inner = directExpressions(node);
      const out = operands(
        node,
        inner.map((e, i) => convertExpression(e, file, [...path, i], depth + 1)),
        file,
        path,
      );
      EXPRESSIONS.set(out, { kind: "other", text: compact(textOf(file, node)) });
      return out;
    }
  }
}

/** The `expression` nodes below `node` that are not inside another expression: its operands. */
function directExpressions(node: TsNode): TsNode[] {
  return namedChildren(node).flatMap((child) => (child.type === "expression" ? [child] : directExpressions(child)));
}

function convertObject(node: TsNode, file: SourceFile, path: readonly PathSegment[], depth: number): ObjectNode {
  const entries: Entry[] = [];
  for (const element of namedChildren(node).filter((c) => c.type === "object_elem")) {
    const keyNode = element.childForFieldName("key");
    const valueNode = element.childForFieldName("val");
    if (!keyNode || !valueNode) continue;
    const name = objectKey(keyNode, file);
    const childPath = [...path, name];
    entries.push({
      key: scalar(file, keyNode, name, childPath),
      value: convertExpression(valueNode, file, childPath, depth + 1),
    });
  }
  return { kind: "object", entries, start: node.startIndex, end: node.endIndex, file, path };
}

/** An object key: a bare name or a string is its text; any other expression is written as `${...}`. */
function objectKey(key: TsNode, file: SourceFile): string {
  const [only, ...rest] = namedChildren(key);
  if (only && rest.length === 0) {
    if (only.type === "variable_expr") return textOf(file, only);
    if (only.type === "literal_value") {
      const literal = only.namedChild(0);
      if (literal?.type === "string_lit") return quotedText(literal, file);
      if (literal) return textOf(file, literal);
    }
    if (only.type === "template_expr") {
      const template = only.namedChild(0);
      if (template?.type === "quoted_template") return quotedText(template, file);
    }
  }
  return `\${${compact(textOf(file, key))}}`;
}

/** The value of a quoted string or template: literal parts unescaped, interpolations and directives as written. */
function quotedText(node: TsNode, file: SourceFile): string {
  let out = "";
  for (const child of node.namedChildren) {
    if (
      !child ||
      child.type === "quoted_template_start" ||
      child.type === "quoted_template_end" ||
      child.type === "comment"
    )
      continue;
    const text = textOf(file, child);
    out += child.type === "template_literal" ? unescapeHcl(text) : text;
  }
  return out;
}

/** HCL's string escapes. `$${` and `%%{` (escaped template syntax) are kept as written, as `.tf.json` keeps them. */
function unescapeHcl(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (whole, sequence: string) => {
    switch (sequence[0]) {
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "u":
      case "U":
        return String.fromCodePoint(parseInt(sequence.slice(1), 16));
      default:
        return whole;
    }
  });
}

/**
 * A heredoc: its value is the content between the opening line and the closing marker (including the last newline),
 * with `<<-`'s common indentation removed. Its node spans the whole heredoc; `EXPRESSIONS` records the content's
 * offsets for parsing JSON inside it in place.
 */
function heredoc(node: TsNode, file: SourceFile, path: readonly PathSegment[]): ScalarNode {
  const children = node.namedChildren.filter((c): c is TsNode => c !== null);
  const start = children.find((c) => c.type === "heredoc_start");
  const markers = children.filter((c) => c.type === "heredoc_identifier");
  const opening = markers[0];
  const closing = markers.length > 1 ? markers[markers.length - 1] : undefined;
  const text = file.text;
  const afterOpening = opening ? text.indexOf("\n", opening.endIndex) : -1;
  const contentStart = afterOpening < 0 ? node.endIndex : afterOpening + 1;
  const closingLine = closing ? text.lastIndexOf("\n", closing.startIndex - 1) + 1 : node.endIndex;
  const contentEnd = Math.max(contentStart, closingLine);
  let content = text.slice(contentStart, contentEnd);
  if (start && textOf(file, start).startsWith("<<-")) content = dedent(content);
  const out = scalar(file, node, content, path);
  EXPRESSIONS.set(out, {
    kind: "heredoc",
    contentStart,
    contentEnd,
    interpolated: children.some((c) => c.type === "template_interpolation" || c.type === "template_directive"),
  });
  return out;
}

function dedent(content: string): string {
  const lines = content.split("\n");
  // A loop, not `Math.min(...indents)`: a heredoc of 150,000 lines overflowed the call stack as spread arguments.
  let common = Number.POSITIVE_INFINITY;
  for (const line of lines) if (line.trim() !== "") common = Math.min(common, indentOf(line));
  if (common === Number.POSITIVE_INFINITY) common = 0;
  return lines.map((l) => l.slice(Math.min(common, indentOf(l)))).join("\n");
}

function indentOf(line: string): number {
  let at = 0;
  while (at < line.length && (line.charCodeAt(at) === 32 || line.charCodeAt(at) === 9)) at++;
  return at;
}

/** An expression's source text on one line, for `${...}` and messages. */
function compact(text: string): string {
  // Line by line rather than /\s*\n\s*/g, which backtracks quadratically over a long run of spaces.
  return text
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

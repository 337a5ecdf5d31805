/**
 * Python, Go and Java through `web-tree-sitter` and the grammars' prebuilt WebAssembly (`tree-sitter-python`,
 * `tree-sitter-go`, `tree-sitter-java`), loaded on the first file of each language that passed the prefilter.
 * What is kept: string literals bound to a name by an assignment, a keyword argument, a default parameter, a
 * dictionary or struct key, a field initialiser, a setter call or a comparison.
 */
import type { Node as TsNode, Parser as TsParser } from "web-tree-sitter";
import { treeSitterParser } from "../tree-sitter.js";
import type { CodeLiteral, LiteralBinding, SecretFetch, SourceInfo } from "../../model/entities.js";
import type { SourceFile } from "../positioned.js";
import { codeLiteral, lastName } from "./literal.js";

export type TreeSitterLanguage = "python" | "go" | "java";

function parserFor(language: TreeSitterLanguage): Promise<TsParser> {
  return treeSitterParser(`tree-sitter-${language}/tree-sitter-${language}.wasm`);
}

/** A string literal's content, or undefined for a node that is not one or has substitutions (f-strings). */
function stringValue(node: TsNode | null | undefined, language: TreeSitterLanguage): string | undefined {
  if (!node) return undefined;
  const text = node.text;
  switch (language) {
    case "python": {
      if (node.type === "concatenated_string") return undefined;
      if (node.type !== "string" || node.namedChildren.some((c) => c?.type === "interpolation")) return undefined;
      const m = /^[rRbBuU]{0,2}("""|'''|"|')([\s\S]*)\1$/.exec(text);
      return m ? m[2] : undefined;
    }
    case "go":
      if (node.type === "interpreted_string_literal") return text.slice(1, -1);
      if (node.type === "raw_string_literal") return text.slice(1, -1);
      return undefined;
    case "java":
      if (node.type === "string_literal") return /^"""/.test(text) ? text.slice(3, -3) : text.slice(1, -1);
      return undefined;
  }
}

const STRING_TYPES: Record<TreeSitterLanguage, ReadonlySet<string>> = {
  python: new Set(["string"]),
  go: new Set(["interpreted_string_literal", "raw_string_literal"]),
  java: new Set(["string_literal"]),
};

/** The name of an assignment target, key or operand as written. */
function nameOf(node: TsNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (/string/.test(node.type)) return node.text.replace(/^[rRbBuU]{0,2}["'`]+|["'`]+$/g, "") || undefined;
  if (node.type === "literal_element" || node.type === "expression_list" || node.type === "pattern_list") {
    const first = node.namedChildren[0];
    return first ? nameOf(first) : undefined;
  }
  if (/identifier|attribute|selector_expression|field_access|subscript|index_expression|member/.test(node.type)) return lastName(node.text);
  return undefined;
}

const SETTER = /^(?:set|with)(?=[A-Z_])/;

/** Where a string literal is bound to a name: the name and how, or undefined. */
function binding(str: TsNode, language: TreeSitterLanguage): { name: string; binding: LiteralBinding } | undefined {
  let node = str;
  let parent = node.parent;
  if (!parent) return undefined;
  // Go wraps values in expression lists (`var a, b = "x", "y"`): the name at the same index.
  if (language === "go" && parent.type === "expression_list") {
    const index = parent.namedChildren.findIndex((c) => c?.id === node.id);
    const holder = parent.parent;
    if (!holder) return undefined;
    if (holder.type === "var_spec" || holder.type === "const_spec") {
      const names = holder.childrenForFieldName("name");
      const name = names[index]?.text;
      return name ? { name, binding: "assignment" } : undefined;
    }
    if (holder.type === "short_var_declaration" || holder.type === "assignment_statement") {
      const left = holder.childForFieldName("left");
      const name = nameOf(left?.namedChildren[index]);
      return name ? { name, binding: "assignment" } : undefined;
    }
    if (holder.type === "argument_list") {
      node = parent;
      parent = holder;
    } else return undefined;
  }
  if (language === "go" && parent.type === "literal_element") {
    node = parent;
    parent = parent.parent;
    if (!parent) return undefined;
  }
  const named = (name: string | undefined, how: LiteralBinding) => (name ? { name, binding: how } : undefined);
  switch (parent.type) {
    // Python
    case "assignment":
      return parent.childForFieldName("right")?.id === node.id ? named(nameOf(parent.childForFieldName("left")), "assignment") : undefined;
    case "keyword_argument":
      return named(parent.childForFieldName("name")?.text, "argument");
    case "default_parameter":
    case "typed_default_parameter":
      return named(parent.childForFieldName("name")?.text, "default");
    case "pair":
      return parent.childForFieldName("value")?.id === node.id ? named(nameOf(parent.childForFieldName("key")), "property") : undefined;
    case "comparison_operator":
    case "binary_expression": {
      const operator = parent.childForFieldName("operator")?.text ?? parent.children.find((c) => c && !c.isNamed)?.text;
      if (operator !== "==" && operator !== "!=") return undefined;
      const other = parent.namedChildren.find((c) => c && c.id !== node.id);
      return named(nameOf(other), "comparison");
    }
    // Go
    case "keyed_element": {
      const key = parent.namedChildren[0];
      return key && key.id !== node.id ? named(nameOf(key), "property") : undefined;
    }
    // Java
    case "variable_declarator":
      return named(parent.childForFieldName("name")?.text, language === "java" && parent.parent?.type === "field_declaration" ? "field" : "assignment");
    case "assignment_expression":
      return parent.childForFieldName("right")?.id === node.id ? named(nameOf(parent.childForFieldName("left")), "assignment") : undefined;
    case "argument_list": {
      const call = parent.parent;
      if (!call) return undefined;
      // `setProperty("DB_PASSWORD", "...")`: a quoted name, then its value.
      const args = parent.namedChildren;
      if (args.length === 2 && args[1]?.id === node.id && args[0] && stringValue(args[0], language) !== undefined) {
        const key = stringValue(args[0], language) as string;
        return /^[A-Za-z_][\w.-]*$/.test(key) ? { name: key, binding: "argument" } : undefined;
      }
      if (parent.namedChildren[0]?.id !== node.id) return undefined;
      const callee = call.type === "method_invocation" ? call.childForFieldName("name")?.text : call.type === "call_expression" || call.type === "call" ? lastName(call.childForFieldName("function")?.text ?? "") : undefined;
      if (callee && SETTER.test(callee)) return { name: callee, binding: "argument" };
      if (callee === "equals" && call.type === "method_invocation") return named(nameOf(call.childForFieldName("object")), "comparison");
      return undefined;
    }
    default:
      return undefined;
  }
}

export class TreeSitterSyntaxError extends Error {}

/** Parses a file; throws `TreeSitterSyntaxError` on a syntax error (the caller reads the file as text instead). */
export async function parseTreeSitter(file: SourceFile, language: TreeSitterLanguage): Promise<Pick<SourceInfo, "literals" | "secretFetches" | "imports">> {
  const parser = await parserFor(language);
  const tree = parser.parse(file.text);
  if (!tree) throw new TreeSitterSyntaxError(`${language} parser gave no tree`);
  if (tree.rootNode.hasError) {
    tree.delete();
    throw new TreeSitterSyntaxError(`${language} syntax error`);
  }
  const out: CodeLiteral[] = [];
  const seen = new Map<string, number>();
  const types = STRING_TYPES[language];
  let fetches: Pick<SourceInfo, "secretFetches" | "imports"> = {};
  try {
    if (language === "python" && /get_secret_value\s*\(/.test(file.text)) fetches = pythonFetches(file, tree.rootNode);
    const stack: TsNode[] = [tree.rootNode];
    while (stack.length > 0) {
      const node = stack.pop() as TsNode;
      if (types.has(node.type)) {
        const value = stringValue(node, language);
        const bound = value !== undefined ? binding(node, language) : undefined;
        if (bound && value !== undefined) out.push(codeLiteral(file, bound.name, bound.binding, value, node.startIndex, node.endIndex, seen));
        continue;
      }
      for (let i = node.childCount - 1; i >= 0; i--) {
        const child = node.child(i);
        if (child) stack.push(child);
      }
    }
  } finally {
    tree.delete();
  }
  return { literals: out.sort((a, b) => a.node.start - b.node.start), ...fetches };
}

function descendants(node: TsNode, visit: (node: TsNode) => void): void {
  const stack: TsNode[] = [node];
  while (stack.length > 0) {
    const next = stack.pop() as TsNode;
    visit(next);
    for (let i = next.childCount - 1; i >= 0; i--) {
      const child = next.child(i);
      if (child) stack.push(child);
    }
  }
}

/** A Python Lambda handler: a module-level function named like one, or taking `(event, context)`. */
function isPythonHandler(fn: TsNode): boolean {
  const name = fn.childForFieldName("name")?.text ?? "";
  const parameters = (fn.childForFieldName("parameters")?.namedChildren ?? []).map((p) => p?.text.split(/[:=]/)[0]?.trim());
  return /(^|_)handler$/.test(name) || (parameters[0] === "event" && parameters[1] === "context");
}

/**
 * `client.get_secret_value(...)` calls in a Python Lambda handler, or in a module-level function the handler calls;
 * memoised when the function is decorated with a cache (`@lru_cache`, `@cache`, `@cached`), declares a `global`, or
 * stores into a module-level dictionary.
 */
function pythonFetches(file: SourceFile, root: TsNode): Pick<SourceInfo, "secretFetches" | "imports"> {
  const imports: string[] = [];
  const functions = new Map<string, { fn: TsNode; decorators: string }>();
  const moduleVariables = new Set<string>();
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    if (statement.type === "import_statement" || statement.type === "import_from_statement") {
      const module = statement.childForFieldName("module_name")?.text;
      if (module) imports.push(module);
      for (const name of statement.childrenForFieldName("name")) if (name && statement.type === "import_statement") imports.push(name.text.split(/\s+as\s+/)[0] as string);
    }
    const decorated = statement.type === "decorated_definition";
    const fn = decorated ? statement.childForFieldName("definition") : statement;
    if (fn?.type === "function_definition") {
      const name = fn.childForFieldName("name")?.text;
      const decorators = decorated ? statement.namedChildren.filter((c) => c?.type === "decorator").map((c) => c?.text).join(" ") : "";
      if (name) functions.set(name, { fn, decorators });
    }
    if (statement.type === "expression_statement") {
      const assignment = statement.namedChildren[0];
      const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : undefined;
      if (left?.type === "identifier") moduleVariables.add(left.text);
    }
  }
  const handlers = [...functions].filter(([, f]) => isPythonHandler(f.fn));
  const enclosing = (node: TsNode) => [...functions].find(([, f]) => f.fn.startIndex <= node.startIndex && node.endIndex <= f.fn.endIndex);
  const memoises = ({ fn, decorators }: { fn: TsNode; decorators: string }): boolean => {
    if (/\b(lru_cache|cache|cached|cachetools|memoize|memoized)\b/.test(decorators)) return true;
    let found = false;
    descendants(fn, (node) => {
      if (node.type === "global_statement") found = true;
      if (node.type === "assignment") {
        const left = node.childForFieldName("left");
        const object = left?.type === "subscript" ? left.childForFieldName("value") : undefined;
        if (object?.type === "identifier" && moduleVariables.has(object.text)) found = true;
      }
    });
    return found;
  };
  const callers = (name: string) =>
    handlers.filter(([, h]) => {
      let calls = false;
      descendants(h.fn, (node) => {
        if (node.type === "call" && node.childForFieldName("function")?.text === name) calls = true;
      });
      return calls;
    });

  const fetches: SecretFetch[] = [];
  descendants(root, (node) => {
    if (node.type !== "call") return;
    const callee = node.childForFieldName("function");
    if (callee?.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "get_secret_value") return;
    const scalar = { kind: "scalar" as const, value: "get_secret_value", start: node.startIndex, end: node.endIndex, file, path: ["get_secret_value", fetches.length] };
    const owner = enclosing(node);
    if (!owner) {
      fetches.push({ node: scalar, memoised: false });
      return;
    }
    const [name, f] = owner;
    if (isPythonHandler(f.fn)) {
      fetches.push({ node: scalar, handler: name, memoised: memoises(f) });
      return;
    }
    const caller = callers(name)[0]?.[0];
    fetches.push({ node: scalar, ...(caller ? { handler: caller, via: name } : {}), memoised: memoises(f) });
  });
  return { secretFetches: fetches, imports };
}

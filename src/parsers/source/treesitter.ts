// Over 500 lines: one query and one walk shared by six languages, whose few cases each are read side by side.
/**
 * Python, Go, Java, Ruby, C# and PHP through `web-tree-sitter` and the grammars' prebuilt WebAssembly (copied to
 * `dist/grammars/` at build time, see `../tree-sitter.ts`), loaded on the first file of each language that passed the
 * prefilter. What is kept: string literals bound to a name by an assignment, a constant, a keyword argument, a default
 * parameter, a dictionary, hash, array or struct entry, an object initialiser, a field or property initialiser, a
 * setter call or a comparison.
 */
import type { Node as TsNode, Parser as TsParser, Query as TsQuery } from "web-tree-sitter";
import { treeSitterParser, treeSitterQuery } from "../tree-sitter.js";
import type { CodeLiteral, LiteralBinding, SecretFetch, SourceFunction, SourceInfo } from "../../model/entities.js";
import type { SourceFile } from "../../core/positioned.js";
import { codeLiteral, lastName } from "./literal.js";
import { secretValueWrapper } from "./secret-values.js";
import type { TreeSitterLanguage } from "./languages.js";

const GRAMMARS: Record<TreeSitterLanguage, string> = {
  python: "tree-sitter-python/tree-sitter-python.wasm",
  go: "tree-sitter-go/tree-sitter-go.wasm",
  java: "tree-sitter-java/tree-sitter-java.wasm",
  ruby: "tree-sitter-ruby/tree-sitter-ruby.wasm",
  csharp: "tree-sitter-c-sharp/tree-sitter-c_sharp.wasm",
  // The grammar with HTML around `<?php ... ?>` (not `php_only`): templates mix both.
  php: "tree-sitter-php/tree-sitter-php.wasm",
};

function parserFor(language: TreeSitterLanguage): Promise<TsParser> {
  return treeSitterParser(GRAMMARS[language]);
}

const stringQueries = new Map<TreeSitterLanguage, Promise<TsQuery>>();

/** The string literals of a language's trees, as one query (made once per language and thread). */
function stringQueryFor(language: TreeSitterLanguage, parser: TsParser): Promise<TsQuery> {
  let query = stringQueries.get(language);
  if (!query) {
    query = treeSitterQuery(parser, [...STRING_TYPES[language]].map((type) => `(${type}) @string`).join(" "));
    stringQueries.set(language, query);
  }
  return query;
}

/** Whether a string node has only literal parts (no `#{}`, `{$x}`, `${}` interpolation). */
const hasOnlyText = (node: TsNode): boolean =>
  node.namedChildren.every(
    (c) =>
      !c ||
      c.type === "string_content" ||
      c.type === "escape_sequence" ||
      c.type === "string_literal_content" ||
      c.type === "raw_string_content" ||
      c.type === "raw_string_start" ||
      c.type === "raw_string_end",
  );

/** `text` without the run of `quote` characters at each end; linear (a regular expression here was quadratic). */
function stripQuoteRuns(text: string, quotes: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && quotes.includes(text[from] as string)) from++;
  while (to > from && quotes.includes(text[to - 1] as string)) to--;
  return text.slice(from, to);
}

/** The length of a Python string prefix (`r`, `b`, `u`, `rb`...): at most two letters before the quote. */
function pythonPrefixLength(text: string): number {
  let n = 0;
  while (n < 2 && n < text.length && "rRbBuU".includes(text[n] as string)) n++;
  return n;
}

/** A string literal's content, or undefined for a node that is not one or has substitutions (f-strings). */
function stringValue(node: TsNode | null | undefined, language: TreeSitterLanguage): string | undefined {
  if (!node) return undefined;
  const text = node.text;
  switch (language) {
    case "python": {
      if (node.type !== "string" || node.namedChildren.some((c) => c?.type === "interpolation")) return undefined;
      const body = text.slice(pythonPrefixLength(text));
      const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
      if (
        (quote !== '"' && quote !== "'" && quote.length !== 3) ||
        body.length < 2 * quote.length ||
        !body.endsWith(quote)
      )
        return undefined;
      return body.slice(quote.length, body.length - quote.length);
    }
    case "go":
      if (node.type === "interpreted_string_literal") return text.slice(1, -1);
      if (node.type === "raw_string_literal") return text.slice(1, -1);
      return undefined;
    case "java":
      if (node.type === "string_literal") return /^"""/.test(text) ? text.slice(3, -3) : text.slice(1, -1);
      return undefined;
    case "ruby":
      // `"..."`, `'...'`; `%q(...)` and heredocs are rare for credentials and left to the text scan.
      if (node.type !== "string" || !hasOnlyText(node) || !/^["']/.test(text)) return undefined;
      return text.slice(1, -1);
    case "csharp":
      if (node.type === "string_literal") return /^"/.test(text) && text.endsWith('"') ? text.slice(1, -1) : undefined;
      if (node.type === "verbatim_string_literal") return text.slice(2, -1).replaceAll('""', '"');
      if (node.type === "raw_string_literal") return hasOnlyText(node) ? stripQuoteRuns(text, '"') : undefined;
      return undefined;
    case "php":
      if (node.type === "string") return /^['"]/.test(text) ? text.slice(1, -1) : undefined;
      if (node.type === "encapsed_string") return hasOnlyText(node) && /^"/.test(text) ? text.slice(1, -1) : undefined;
      return undefined;
  }
}

const STRING_TYPES: Record<TreeSitterLanguage, ReadonlySet<string>> = {
  python: new Set(["string"]),
  go: new Set(["interpreted_string_literal", "raw_string_literal"]),
  java: new Set(["string_literal"]),
  ruby: new Set(["string"]),
  csharp: new Set(["string_literal", "verbatim_string_literal", "raw_string_literal"]),
  php: new Set(["string", "encapsed_string"]),
};

/** The name of an assignment target, key or operand as written. */
function nameOf(node: TsNode | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case "hash_key_symbol": // Ruby `{ password: "..." }`
    case "name": // PHP constant and member names
      return node.text;
    case "simple_symbol": // Ruby `:password`
      return node.text.slice(1) || undefined;
    case "variable_name": // PHP `$password`
      return node.text.replace(/^\$/, "") || undefined;
    case "call": {
      // Ruby `self.password`, `config.password`; a Python call (`f() == "x"`) names nothing.
      const method = node.childForFieldName("method");
      return method ? method.text : undefined;
    }
    case "member_access_expression": // C# `this.Password`, PHP `$this->password`
      return node.childForFieldName("name")?.text;
    default:
      break;
  }
  if (/string/.test(node.type))
    return (
      stripQuoteRuns(node.text.slice(node.type === "string" ? pythonPrefixLength(node.text) : 0), "\"'`@") || undefined
    );
  if (node.type === "literal_element" || node.type === "expression_list" || node.type === "pattern_list") {
    const first = node.namedChildren[0];
    return first ? nameOf(first) : undefined;
  }
  if (
    /identifier|attribute|selector_expression|field_access|subscript|index_expression|member|constant|variable|element_reference|element_binding/.test(
      node.type,
    )
  )
    return lastName(node.text);
  return undefined;
}

const SETTER = /^(?:[sS]et|[wW]ith)(?=[A-Z_])/;

/** An argument without its wrapper: C# and PHP wrap each argument in an `argument` node (with an optional name). */
const argumentValue = (node: TsNode | null | undefined): TsNode | null | undefined =>
  node?.type === "argument" && !node.childForFieldName("name")
    ? node.namedChildren[node.namedChildren.length - 1]
    : node;

/** The called method or function's name, for the calls of each grammar. */
function calleeOf(call: TsNode): string | undefined {
  switch (call.type) {
    case "method_invocation": // Java
    case "member_call_expression": // PHP `$db->setPassword(...)`
    case "scoped_call_expression":
      return call.childForFieldName("name")?.text;
    case "call": // Python `f(...)`; Ruby `obj.f(...)` has a `method`
      return call.childForFieldName("method")?.text ?? lastName(call.childForFieldName("function")?.text ?? "");
    case "call_expression": // Go
    case "invocation_expression": // C#
    case "function_call_expression": // PHP
      return lastName(call.childForFieldName("function")?.text ?? "");
    default:
      return undefined;
  }
}

/** The object of `x.equals("...")` / `x.Equals("...")`. */
function receiverOf(call: TsNode): TsNode | null | undefined {
  if (call.type === "method_invocation") return call.childForFieldName("object");
  if (call.type === "invocation_expression") return call.childForFieldName("function")?.childForFieldName("expression");
  return undefined;
}

const EQUALITY = new Set(["==", "!=", "===", "!=="]);

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
  // C# and PHP: `f(password: "...")` names the argument; an unnamed one is read in its argument list.
  if (parent.type === "argument") {
    const name = parent.childForFieldName("name");
    if (name) return name.id === node.id ? undefined : named(nameOf(name), "argument");
    node = parent;
    parent = parent.parent;
    if (!parent) return undefined;
  }
  switch (parent.type) {
    // Python, Ruby
    case "assignment":
    case "augmented_assignment":
    case "operator_assignment":
      return parent.childForFieldName("right")?.id === node.id
        ? named(nameOf(parent.childForFieldName("left")), "assignment")
        : undefined;
    case "keyword_argument":
      return named(parent.childForFieldName("name")?.text, "argument");
    case "type": {
      // Python `api_key: "..."` with no value: a dict's entry pasted as a statement. A string annotation is a forward
      // reference to a type (`"Optional[Token]"`), so a string that could spell one is left alone.
      const holder = parent.parent;
      if (holder?.type !== "assignment" || holder.childForFieldName("right") || parent.namedChildren.length !== 1)
        return undefined;
      if (/^[\w.[\], |]*$/.test(node.text.slice(1, -1))) return undefined;
      return named(nameOf(holder.childForFieldName("left")), "assignment");
    }
    case "default_parameter":
    case "typed_default_parameter":
    case "optional_parameter": // Ruby `def f(password = "...")`
    case "keyword_parameter": // Ruby `def f(token: "...")`
      return parent.childForFieldName("value")?.id === node.id
        ? named(nameOf(parent.childForFieldName("name")), "default")
        : undefined;
    case "pair":
      // A Ruby hash literal, or keyword arguments written as a bare hash: `connect(password: "...")`.
      if (parent.childForFieldName("value")?.id !== node.id) return undefined;
      return named(
        nameOf(parent.childForFieldName("key")),
        parent.parent?.type === "argument_list" ? "argument" : "property",
      );
    case "comparison_operator":
    case "binary_expression":
    case "binary": {
      const operator = parent.childForFieldName("operator")?.text ?? parent.children.find((c) => c && !c.isNamed)?.text;
      if (!operator || !EQUALITY.has(operator)) return undefined;
      const other = parent.namedChildren.find((c) => c && c.id !== node.id);
      return named(nameOf(other), "comparison");
    }
    // Go
    case "keyed_element": {
      const key = parent.namedChildren[0];
      return key && key.id !== node.id ? named(nameOf(key), "property") : undefined;
    }
    // Java, C#
    case "variable_declarator": {
      const declaration = language === "csharp" ? parent.parent?.parent : parent.parent;
      const name = parent.childForFieldName("name");
      if (!name || name.id === node.id) return undefined;
      return named(
        name.text,
        (language === "java" || language === "csharp") && declaration?.type === "field_declaration"
          ? "field"
          : "assignment",
      );
    }
    case "assignment_expression":
    case "augmented_assignment_expression":
      if (parent.childForFieldName("right")?.id !== node.id) return undefined;
      // C# `new Conn { Password = "..." }`, `new Dictionary<..> { ["api_key"] = "..." }`: the object's properties.
      return named(
        nameOf(parent.childForFieldName("left")),
        parent.parent?.type === "initializer_expression" ? "property" : "assignment",
      );
    // C#
    case "property_declaration": // `public string Password { get; set; } = "..."`
      return parent.childForFieldName("value")?.id === node.id
        ? named(parent.childForFieldName("name")?.text, "field")
        : undefined;
    case "parameter": {
      const name = parent.childForFieldName("name");
      return name && name.id !== node.id ? named(name.text, "default") : undefined;
    }
    case "initializer_expression": {
      // A dictionary entry `{ "token", "..." }`: a quoted key, then its value.
      const [key, value] = parent.namedChildren;
      if (parent.namedChildren.length !== 2 || value?.id !== node.id) return undefined;
      const name = stringValue(key, language);
      return name !== undefined && /^[A-Za-z_][\w.-]*$/.test(name) ? { name, binding: "property" } : undefined;
    }
    // PHP
    case "array_element_initializer": {
      // `['password' => '...']`: the key, then its value.
      const [key, value] = parent.namedChildren;
      if (parent.namedChildren.length !== 2 || value?.id !== node.id) return undefined;
      return named(stringValue(key, language) ?? nameOf(key), "property");
    }
    case "const_element": // `const API_TOKEN = '...'`
      return parent.namedChildren[0]?.id !== node.id ? named(nameOf(parent.namedChildren[0]), "assignment") : undefined;
    case "property_element": // `private $secret = '...'`
      return parent.childForFieldName("default_value")?.id === node.id
        ? named(nameOf(parent.childForFieldName("name")), "field")
        : undefined;
    case "simple_parameter": // `function f($password = '...')`
      return parent.childForFieldName("default_value")?.id === node.id
        ? named(nameOf(parent.childForFieldName("name")), "default")
        : undefined;
    case "argument_list":
    case "arguments": {
      const call = parent.parent;
      if (!call) return undefined;
      const callee = calleeOf(call);
      // `setProperty("DB_PASSWORD", "...")`, `define('DB_PASSWORD', '...')`: a quoted name, then its value.
      const args = parent.namedChildren;
      if (args.length === 2 && args[1]?.id === node.id) {
        const key = stringValue(argumentValue(args[0]), language);
        if (key !== undefined)
          return /^[A-Za-z_][\w.-]*$/.test(key)
            ? { name: key, binding: callee === "define" ? "assignment" : "argument" }
            : undefined;
      }
      if (parent.namedChildren[0]?.id !== node.id) return undefined;
      // The callee as written before the argument list: `SecretValue.unsafe_plain_text`, `new SecretValue`.
      const wrapper = secretValueWrapper(call.text.slice(0, parent.startIndex - call.startIndex));
      if (wrapper) return { name: wrapper, binding: "secret-value" };
      if (callee && SETTER.test(callee)) return { name: callee, binding: "argument" };
      if (callee === "equals" || callee === "Equals") return named(nameOf(receiverOf(call)), "comparison");
      return undefined;
    }
    default:
      return undefined;
  }
}

export class TreeSitterSyntaxError extends Error {}

/** Parses a file; throws `TreeSitterSyntaxError` on a syntax error (the caller reads the file as text instead). */
export async function parseTreeSitter(
  file: SourceFile,
  language: TreeSitterLanguage,
): Promise<Pick<SourceInfo, "literals" | "secretFetches" | "imports" | "functions">> {
  const parser = await parserFor(language);
  const tree = parser.parse(file.text);
  if (!tree) throw new TreeSitterSyntaxError(`${language} parser gave no tree`);
  if (tree.rootNode.hasError) {
    tree.delete();
    throw new TreeSitterSyntaxError(`${language} syntax error`);
  }
  const out: CodeLiteral[] = [];
  const seen = new Map<string, number>();
  const query = await stringQueryFor(language, parser);
  let fetches: Pick<SourceInfo, "secretFetches" | "imports" | "functions"> = {};
  try {
    if (language === "python" && /get_secret_value\s*\(/.test(file.text)) fetches = pythonFetches(file, tree.rootNode);
    // The string nodes in text order (tree order: no two start together), without those inside another string
    // (an interpolation's): as a walk that does not descend into strings meets them, so `seen` counts the same.
    // Asking the tree for every node's children made a JavaScript object of each: most of this parser's time.
    let inside = -1;
    for (const { node } of query.captures(tree.rootNode)) {
      if (node.startIndex < inside) continue;
      inside = node.endIndex;
      const value = stringValue(node, language);
      const bound = value !== undefined ? binding(node, language) : undefined;
      if (bound && value !== undefined)
        out.push(codeLiteral(file, bound.name, bound.binding, value, node.startIndex, node.endIndex, seen));
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
  const parameters = (fn.childForFieldName("parameters")?.namedChildren ?? []).map((p) =>
    p?.text.split(/[:=]/)[0]?.trim(),
  );
  return /(^|_)handler$/.test(name) || (parameters[0] === "event" && parameters[1] === "context");
}

/**
 * `client.get_secret_value(...)` calls in a Python Lambda handler, or in a module-level function the handler calls;
 * memoised when the function is decorated with a cache (`@lru_cache`, `@cache`, `@cached`), declares a `global`, or
 * stores into a module-level dictionary.
 */
function pythonFetches(file: SourceFile, root: TsNode): Pick<SourceInfo, "secretFetches" | "imports" | "functions"> {
  const imports: string[] = [];
  const functions = new Map<string, { fn: TsNode; decorators: string }>();
  const moduleVariables = new Set<string>();
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    if (statement.type === "import_statement" || statement.type === "import_from_statement") {
      const module = statement.childForFieldName("module_name")?.text;
      if (module) imports.push(module);
      for (const name of statement.childrenForFieldName("name")) {
        // `import a.b as c` imports `a.b`.
        const module = name?.type === "aliased_import" ? name.childForFieldName("name") : name;
        if (module && statement.type === "import_statement") imports.push(module.text);
      }
    }
    const decorated = statement.type === "decorated_definition";
    const fn = decorated ? statement.childForFieldName("definition") : statement;
    if (fn?.type === "function_definition") {
      const name = fn.childForFieldName("name")?.text;
      const decorators = decorated
        ? statement.namedChildren
            .filter((c) => c?.type === "decorator")
            .map((c) => c?.text)
            .join(" ")
        : "";
      if (name) functions.set(name, { fn, decorators });
    }
    if (statement.type === "expression_statement") {
      const assignment = statement.namedChildren[0];
      const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : undefined;
      if (left?.type === "identifier") moduleVariables.add(left.text);
    }
  }
  const handlers = [...functions].filter(([, f]) => isPythonHandler(f.fn));
  const enclosing = (node: TsNode) =>
    [...functions].find(([, f]) => f.fn.startIndex <= node.startIndex && node.endIndex <= f.fn.endIndex);
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
    const scalar = {
      kind: "scalar" as const,
      value: "get_secret_value",
      start: node.startIndex,
      end: node.endIndex,
      file,
      path: ["get_secret_value", fetches.length],
    };
    const owner = enclosing(node);
    if (!owner) {
      fetches.push({ node: scalar, memoised: false });
      return;
    }
    const [name, f] = owner;
    if (isPythonHandler(f.fn)) {
      fetches.push({ node: scalar, handler: name, function: name, memoised: memoises(f) });
      return;
    }
    const caller = callers(name)[0]?.[0];
    fetches.push({
      node: scalar,
      ...(caller ? { handler: caller, via: name } : {}),
      function: name,
      memoised: memoises(f),
    });
  });
  // Every module-level function can be a handler (`Handler: app.any_name`); with the file's functions it calls.
  const described: SourceFunction[] = [...functions].map(([name, { fn }]) => {
    const calls = new Set<string>();
    descendants(fn, (node) => {
      const callee = node.type === "call" ? node.childForFieldName("function") : undefined;
      if (callee?.type === "identifier" && functions.has(callee.text) && callee.text !== name) calls.add(callee.text);
    });
    return { name, exports: [name], calls: [...calls] };
  });
  return { secretFetches: fetches, imports, functions: described };
}

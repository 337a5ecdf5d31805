// Over 500 lines: one reader whose accept-or-decline grammar must change as a whole (split, the constructs it accepts
// and those it declines would sit in files that always change together).
/**
 * A light reader for the simplest JavaScript and TypeScript files: declarations, assignments, object and array
 * literals, calls, `new`, `+ - * %`, comparisons, `&&`/`||`, `?:`, imports and exports, nothing else. A pre-commit run
 * over one such file then never loads TypeScript, whose load (~0.5 s of CPU) was most of such a run. On any other
 * construct (a function, a parenthesis, an arrow, a regular expression or division, a type beyond one name, JSX, a
 * decorator, a template with `${`, a keyword it does not know) it declines and the file goes to TypeScript's parser
 * (`javascript.ts`).
 *
 * What it accepts, it reads exactly as `parseJavascript` does: the same named literals, with the same offsets, in
 * typescript-estree's order (`javascript-walk.ts`: a call's arguments before its callee, `?:` from its last branch);
 * and it accepts only what TypeScript parses without an error, since a file with a syntax error is read as text
 * instead. Both are checked against the full reader over every JS/TS fixture and generated files
 * (`javascript-light.test.ts`).
 */
import type { CodeLiteral, LiteralBinding, SourceInfo } from "../../model/entities.js";
import type { SourceFile } from "../../core/positioned.js";
import { callLiterals, JS_FETCH_HINT } from "./javascript-calls.js";
import { Declined, decline, type Token, Tokens } from "./javascript-tokens.js";
import { codeLiteral, lastName } from "./literal.js";

/** An expression, as much of TypeScript's node as the walk needs. */
type Expression =
  | { k: "name"; start: number; end: number; name: string }
  | { k: "string"; start: number; end: number; value: string; template: boolean }
  /** A number, `true`, `false`, `null`, `this`: nothing to read. */
  | { k: "constant"; start: number; end: number }
  | { k: "member"; start: number; end: number; object: Expression; index: Expression | undefined }
  | { k: "call"; start: number; end: number; callee: Expression; args: Expression[] }
  | { k: "new"; start: number; end: number; callee: Expression; args: Expression[] | undefined }
  | { k: "assign"; start: number; end: number; left: Expression; right: Expression }
  | { k: "binary"; start: number; end: number; operator: string; left: Expression; right: Expression }
  | { k: "conditional"; start: number; end: number; test: Expression; yes: Expression; no: Expression }
  | { k: "unary"; start: number; end: number; operand: Expression }
  | { k: "object"; start: number; end: number; members: ObjectMember[] }
  | { k: "array"; start: number; end: number; elements: Expression[] }
  | { k: "spread"; start: number; end: number; expression: Expression };

type ObjectMember =
  | { k: "property"; key: Expression; value: Expression }
  | { k: "shorthand" }
  | { k: "spread"; expression: Expression };

/** What a statement gives the walk: a declarator (its name and initialiser), or an expression. */
type Root =
  | { k: "declarator"; name: string; init: Expression | undefined }
  | { k: "expression"; expression: Expression };

/**
 * Keywords, strict-mode reserved words and TypeScript's contextual keywords: never a name the light reader binds or
 * reads (a property name after `.` or an object key may be any word). Where one of these starts a statement
 * TypeScript may read a declaration (`type X = ...`, `declare ...`, `async function`), so the reader declines.
 */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield abstract accessor as asserts assert " +
    "async await any boolean constructor declare get infer intrinsic is keyof namespace never out readonly " +
    "satisfies set string symbol type unique unknown using from bigint of defer override number object"
  ).split(" "),
);
/** Contextual keywords that are names in an expression, but start a declaration unless a `.` follows. */
const NAME_UNLESS_STATEMENT = new Set(["module", "global"]);
/** TypeScript's keyword types, the only types besides a plain name that a declaration may carry. */
const KEYWORD_TYPES = new Set(["string", "number", "boolean", "any", "unknown", "object", "bigint", "symbol", "never"]);

/** `a || b` first, `a * b` last: the binary operators read, by precedence. */
const PRECEDENCE: Readonly<Record<string, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "===": 3,
  "!==": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "%": 5,
};
const COMPARISON = new Set(["==", "!=", "===", "!=="]);

/** Nesting deeper than this declines (TypeScript's parser would recurse as deep; a generated file is no config). */
const MAX_DEPTH = 200;

class Parser {
  private depth = 0;
  readonly roots: Root[] = [];

  constructor(private readonly tokens: Tokens) {}

  private is(token: Token, punct: string): boolean {
    return token.kind === "punct" && token.text === punct;
  }

  private expect(punct: string): Token {
    const token = this.tokens.next();
    if (!this.is(token, punct)) decline(`expected ${punct}`);
    return token;
  }

  /** A name the reader may bind or read: no keyword of either language. */
  private binding(): Token {
    const token = this.tokens.next();
    if (token.kind !== "name" || RESERVED.has(token.text)) decline("binding name");
    return token;
  }

  private word(text: string): void {
    const token = this.tokens.next();
    if (token.kind !== "name" || token.text !== text) decline(`expected ${text}`);
  }

  /** A statement's end: `;`, a line break before the next token, or the end of the file. */
  private statementEnd(): void {
    const token = this.tokens.peek();
    if (this.is(token, ";")) this.tokens.next();
    else if (token.kind !== "eof" && !token.newlineBefore) decline("statement end");
  }

  program(): void {
    while (this.tokens.peek().kind !== "eof") this.statement();
  }

  private statement(): void {
    const token = this.tokens.peek();
    if (this.is(token, ";")) {
      this.tokens.next();
      return;
    }
    if (token.kind === "name") {
      switch (token.text) {
        case "const":
        case "var":
        case "let":
          this.declarations();
          this.statementEnd();
          return;
        case "import":
          this.importDeclaration();
          this.statementEnd();
          return;
        case "export":
          this.exportDeclaration();
          this.statementEnd();
          return;
        default:
          if (NAME_UNLESS_STATEMENT.has(token.text) && !this.is(this.tokens.peek(1), ".")) decline("declaration");
      }
    }
    if (this.is(token, "{")) decline("block");
    this.roots.push({ k: "expression", expression: this.assignment() });
    this.statementEnd();
  }

  /** `const a = ..., b: string = ...`; `let`/`var` may leave a name without a value. */
  private declarations(): void {
    const keyword = this.tokens.next().text;
    if (keyword === "let" && this.tokens.peek().kind !== "name") decline("let");
    do {
      const name = this.binding().text;
      if (this.is(this.tokens.peek(), ":")) {
        this.tokens.next();
        const type = this.tokens.next();
        if (type.kind !== "name" || (RESERVED.has(type.text) && !KEYWORD_TYPES.has(type.text))) decline("type");
        const after = this.tokens.peek();
        if (!this.is(after, "=") && !this.is(after, ",") && !this.is(after, ";")) decline("type");
      }
      let init: Expression | undefined;
      if (this.is(this.tokens.peek(), "=")) {
        this.tokens.next();
        init = this.assignment();
      } else if (keyword === "const") decline("const without value");
      this.roots.push({ k: "declarator", name, init });
    } while (this.is(this.tokens.peek(), ",") && this.tokens.next());
  }

  /** `import "m"`, `import a from "m"`, `import a, { b as c } from "m"`, `import * as ns from "m"`. */
  private importDeclaration(): void {
    this.tokens.next();
    if (this.tokens.peek().kind === "string") {
      this.tokens.next();
      return;
    }
    let clause = true;
    if (this.tokens.peek().kind === "name") {
      this.binding();
      clause = this.is(this.tokens.peek(), ",") && this.tokens.next() !== undefined;
    }
    if (clause) {
      if (this.is(this.tokens.peek(), "*")) {
        this.tokens.next();
        this.word("as");
        this.binding();
      } else this.specifiers(true);
    }
    this.word("from");
    if (this.tokens.next().kind !== "string") decline("module name");
  }

  /**
   * `{ a, b as c, }` of an import or export: each local name (an import's last, an export's first) a plain name, the
   * other any word (`import { default as a }`, `export { a as default }`).
   */
  private specifiers(importing: boolean): void {
    this.expect("{");
    while (!this.is(this.tokens.peek(), "}")) {
      const first = this.tokens.next();
      if (first.kind !== "name") decline("specifier");
      let local = first;
      if (this.tokens.peek().kind === "name" && this.tokens.peek().text === "as") {
        this.tokens.next();
        const second = this.tokens.next();
        if (second.kind !== "name") decline("specifier");
        if (importing) local = second;
      }
      if (RESERVED.has(local.text)) decline("specifier");
      if (!this.is(this.tokens.peek(), ",")) break;
      this.tokens.next();
    }
    this.expect("}");
  }

  /** `export const ...`, `export default <expression>`, `export { a, b as c } [from "m"]`. */
  private exportDeclaration(): void {
    this.tokens.next();
    const token = this.tokens.peek();
    if (token.kind === "name" && (token.text === "const" || token.text === "let" || token.text === "var")) {
      this.declarations();
      return;
    }
    if (token.kind === "name" && token.text === "default") {
      this.tokens.next();
      this.roots.push({ k: "expression", expression: this.assignment() });
      return;
    }
    this.specifiers(false);
    const from = this.tokens.peek();
    if (from.kind === "name" && from.text === "from" && !from.newlineBefore) {
      this.tokens.next();
      if (this.tokens.next().kind !== "string") decline("module name");
    }
  }

  private assignment(): Expression {
    if (++this.depth > MAX_DEPTH) decline("depth");
    const left = this.conditional();
    let result = left;
    if (this.is(this.tokens.peek(), "=")) {
      if (left.k !== "name" && left.k !== "member") decline("assignment target");
      this.tokens.next();
      const right = this.assignment();
      result = { k: "assign", start: left.start, end: right.end, left, right };
    }
    this.depth--;
    return result;
  }

  private conditional(): Expression {
    const test = this.binary(1);
    if (!this.is(this.tokens.peek(), "?")) return test;
    this.tokens.next();
    const yes = this.assignment();
    this.expect(":");
    const no = this.assignment();
    return { k: "conditional", start: test.start, end: no.end, test, yes, no };
  }

  /** Operators of precedence `min` and above, left to right. */
  private binary(min: number): Expression {
    let left = this.unary();
    for (;;) {
      const token = this.tokens.peek();
      const precedence = token.kind === "punct" ? PRECEDENCE[token.text] : undefined;
      if (precedence === undefined || precedence < min) return left;
      this.tokens.next();
      const right = this.binary(precedence + 1);
      left = { k: "binary", start: left.start, end: right.end, operator: token.text, left, right };
    }
  }

  private unary(): Expression {
    const token = this.tokens.peek();
    if (token.kind === "punct" && (token.text === "!" || token.text === "-" || token.text === "+")) {
      this.tokens.next();
      if (++this.depth > MAX_DEPTH) decline("depth");
      const operand = this.unary();
      this.depth--;
      return { k: "unary", start: token.start, end: operand.end, operand };
    }
    return this.postfix(this.primary());
  }

  /** Member accesses and calls after an expression; a template after one (a tagged template) declines. */
  private postfix(expression: Expression): Expression {
    for (;;) {
      const token = this.tokens.peek();
      if (this.is(token, ".")) {
        this.tokens.next();
        const name = this.tokens.next();
        if (name.kind !== "name") decline("property name");
        expression = { k: "member", start: expression.start, end: name.end, object: expression, index: undefined };
      } else if (this.is(token, "[")) {
        this.tokens.next();
        const index = this.assignment();
        const close = this.expect("]");
        expression = { k: "member", start: expression.start, end: close.end, object: expression, index };
      } else if (this.is(token, "(")) {
        const [args, end] = this.arguments();
        expression = { k: "call", start: expression.start, end, callee: expression, args };
      } else if (token.kind === "template") return decline("tagged template");
      else return expression;
    }
  }

  /** `(a, ...b)`: no trailing comma. */
  private arguments(): [Expression[], number] {
    this.expect("(");
    const args: Expression[] = [];
    if (!this.is(this.tokens.peek(), ")")) {
      do args.push(this.element());
      while (this.is(this.tokens.peek(), ",") && this.tokens.next());
    }
    return [args, this.expect(")").end];
  }

  /** An argument or array element: an expression, or `...` one. */
  private element(): Expression {
    const token = this.tokens.peek();
    if (!this.is(token, "...")) return this.assignment();
    this.tokens.next();
    const expression = this.assignment();
    return { k: "spread", start: token.start, end: expression.end, expression };
  }

  private primary(): Expression {
    const token = this.tokens.next();
    switch (token.kind) {
      case "string":
      case "template":
        return {
          k: "string",
          start: token.start,
          end: token.end,
          value: token.value,
          template: token.kind === "template",
        };
      case "number":
        return { k: "constant", start: token.start, end: token.end };
      case "name":
        switch (token.text) {
          case "true":
          case "false":
          case "null":
          case "this":
            return { k: "constant", start: token.start, end: token.end };
          case "new":
            return this.newExpression(token);
          default:
            if (RESERVED.has(token.text)) decline(`keyword ${token.text}`);
            return { k: "name", start: token.start, end: token.end, name: token.text };
        }
      case "punct":
        if (token.text === "{") return this.object(token);
        if (token.text === "[") return this.array(token);
        return decline(`punctuator ${token.text}`);
      default:
        return decline("end of file");
    }
  }

  /** `new a.b.C(...)` or `new C`: the callee a name or `this` with member accesses. */
  private newExpression(keyword: Token): Expression {
    const first = this.tokens.next();
    if (first.kind !== "name" || (RESERVED.has(first.text) && first.text !== "this")) decline("new");
    let callee: Expression =
      first.text === "this"
        ? { k: "constant", start: first.start, end: first.end }
        : { k: "name", start: first.start, end: first.end, name: first.text };
    for (;;) {
      const token = this.tokens.peek();
      if (this.is(token, ".")) {
        this.tokens.next();
        const name = this.tokens.next();
        if (name.kind !== "name") decline("property name");
        callee = { k: "member", start: callee.start, end: name.end, object: callee, index: undefined };
      } else if (this.is(token, "[")) {
        this.tokens.next();
        const index = this.assignment();
        const close = this.expect("]");
        callee = { k: "member", start: callee.start, end: close.end, object: callee, index };
      } else if (token.kind === "template") decline("tagged template");
      else break;
    }
    if (!this.is(this.tokens.peek(), "("))
      return { k: "new", start: keyword.start, end: callee.end, callee, args: undefined };
    const [args, end] = this.arguments();
    return { k: "new", start: keyword.start, end, callee, args };
  }

  /** `{ key: value, short, ...spread, }`: a key is any word, a string or a number; a method or `[key]` declines. */
  private object(open: Token): Expression {
    const members: ObjectMember[] = [];
    while (!this.is(this.tokens.peek(), "}")) {
      const token = this.tokens.next();
      if (this.is(token, "...")) members.push({ k: "spread", expression: this.assignment() });
      else if (this.is(this.tokens.peek(), ":")) {
        if (token.kind !== "name" && token.kind !== "string" && token.kind !== "number") decline("key");
        this.tokens.next();
        const key: Expression =
          token.kind === "name"
            ? { k: "name", start: token.start, end: token.end, name: token.text }
            : token.kind === "string"
              ? { k: "string", start: token.start, end: token.end, value: token.value, template: false }
              : { k: "constant", start: token.start, end: token.end };
        members.push({ k: "property", key, value: this.assignment() });
      } else {
        if (token.kind !== "name" || RESERVED.has(token.text)) decline("object member");
        const after = this.tokens.peek();
        if (!this.is(after, ",") && !this.is(after, "}")) decline("object member");
        members.push({ k: "shorthand" });
      }
      if (!this.is(this.tokens.peek(), ",")) break;
      this.tokens.next();
    }
    const close = this.expect("}");
    return { k: "object", start: open.start, end: close.end, members };
  }

  /** `[a, ...b]`: no hole, no trailing comma. */
  private array(open: Token): Expression {
    const elements: Expression[] = [];
    if (!this.is(this.tokens.peek(), "]")) {
      do elements.push(this.element());
      while (this.is(this.tokens.peek(), ",") && this.tokens.next());
    }
    const close = this.expect("]");
    return { k: "array", start: open.start, end: close.end, elements };
  }
}

/**
 * The named literals of a file the light reader accepts, as `parseJavascript` gives them; undefined when it declines
 * (or when the file reads a secret from Secrets Manager, whose fetches need TypeScript's tree).
 */
export function readLightJavascript(file: SourceFile): Pick<SourceInfo, "literals"> | undefined {
  const text = file.text;
  if (JS_FETCH_HINT.test(text)) return undefined;
  const parser = new Parser(new Tokens(text));
  try {
    parser.program();
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  }

  const out: CodeLiteral[] = [];
  const seen = new Map<string, number>();
  type Found = { value: string; start: number; end: number };
  const add = (name: string | undefined, binding: LiteralBinding, found: Found | undefined): void => {
    if (name === undefined || !found) return;
    out.push(codeLiteral(file, name, binding, found.value, found.start, found.end, seen));
  };
  const stringOf = (node: Expression | undefined): Found | undefined => (node?.k === "string" ? node : undefined);
  /** `nameOf` of `javascript.ts`: a name, a string key, the last name of a member access as written. */
  const nameOf = (node: Expression): string | undefined => {
    switch (node.k) {
      case "name":
        return node.name;
      case "string":
        return node.template ? undefined : node.value;
      case "member":
        return lastName(text.slice(node.start, node.end));
      default:
        return undefined;
    }
  };
  const call = (callee: Expression, args: readonly Expression[]): void =>
    callLiterals(
      nameOf(callee),
      text.slice(callee.start, callee.end),
      args.length,
      stringOf(args[0]),
      stringOf(args[1]),
      add,
    );

  // In typescript-estree's order: `walkEstree` for the nodes above.
  const visit = (node: Expression): void => {
    switch (node.k) {
      case "member":
        visit(node.object);
        if (node.index) visit(node.index);
        return;
      case "call":
        call(node.callee, node.args);
        for (const arg of node.args) visit(arg);
        visit(node.callee);
        return;
      case "new":
        call(node.callee, node.args ?? []);
        for (const arg of node.args ?? []) visit(arg);
        visit(node.callee);
        return;
      case "assign":
        add(nameOf(node.left), "assignment", stringOf(node.right));
        visit(node.left);
        visit(node.right);
        return;
      case "binary":
        if (COMPARISON.has(node.operator)) {
          if (stringOf(node.right)) add(nameOf(node.left), "comparison", stringOf(node.right));
          else add(nameOf(node.right), "comparison", stringOf(node.left));
        }
        visit(node.left);
        visit(node.right);
        return;
      case "conditional":
        visit(node.no);
        visit(node.yes);
        visit(node.test);
        return;
      case "unary":
        visit(node.operand);
        return;
      case "object":
        for (const member of node.members) {
          if (member.k === "property") {
            add(nameOf(member.key), "property", stringOf(member.value));
            visit(member.value);
          } else if (member.k === "spread") visit(member.expression);
        }
        return;
      case "array":
        for (const element of node.elements) visit(element);
        return;
      case "spread":
        visit(node.expression);
        return;
      default:
        return;
    }
  };
  for (const root of parser.roots) {
    if (root.k === "expression") visit(root.expression);
    else {
      add(root.name, "assignment", stringOf(root.init));
      if (root.init) visit(root.init);
    }
  }
  return { literals: out };
}

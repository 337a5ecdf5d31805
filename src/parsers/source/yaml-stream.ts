// Over 500 lines: one token-driven state machine (schema()); a split would pass its state between modules.
/**
 * The named strings of a big YAML data file without its tree: the `yaml` package's `Lexer` tokens are walked with a
 * stack as deep as the nesting, and only the literals `credentialLiteralFilter` keeps are held. The result equals
 * `configLiterals` over `parseYaml(file).documents` filtered the same way (`yaml-stream.test.ts` checks it on random
 * files). The walker follows a deliberately small part of YAML: block maps and sequences (compact `- key: v` too),
 * flow collections, plain, quoted and block scalars, comments, `!!str`, several documents. Anything else (anchors,
 * aliases, other tags, explicit `?` keys, merge keys, directives, tabs around tokens, a node on the line of `---`, a
 * block scalar header on the line below its key, nesting deeper than 256, any lexer or scalar error) gives
 * `undefined`, and the caller parses the file in full, which also reports syntax errors. Scalar values, offsets and
 * core-schema types come from the library's own functions, so they agree with the full parse. Memory: the frames of
 * the open collections (a map's keys as 53-bit hashes, for the duplicate check the full parse makes) and the kept
 * literals.
 */
import type { CodeLiteral } from "../../model/entities.js";
import type { PathSegment, ScalarNode, SourceFile } from "../../core/positioned.js";
import { CST, Lexer, isScalar, parseDocument, type ScalarTag } from "../yaml-library.js";
import { CLOUDFORMATION_TAGS } from "../yaml.js";
import { PAIR_NAME, PAIR_VALUE, credentialLiteralFilter } from "./config-literals.js";

// Read once: the CommonJS interop makes every `CST.x` a getter call, and the lexer yields millions of tokens.
const { DOCUMENT, FLOW_END, SCALAR, resolveAsScalar, tokenType } = CST;

export function streamYamlLiterals(file: SourceFile): CodeLiteral[] | undefined {
  try {
    return new YamlLiteralReader(file).read();
  } catch {
    // `Unsupported` for what the reader does not follow; anything else would be a bug of ours: the full parse decides.
    return undefined;
  }
}

/** Deeper files are left to the full parse; data files nest a few levels. */
const MAX_DEPTH = 256;

/** Thrown to give up on a file: the caller then parses it in full. */
class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported("not followed by the streaming YAML reader");
}

/** The implicit types of plain scalars, exactly as `parseYaml` (schema "core" plus the CloudFormation tags) has them. */
interface CoreSchema {
  tags: ScalarTag[];
  options: Parameters<ScalarTag["resolve"]>[2];
}

let coreSchema: CoreSchema | undefined;

function schema(): CoreSchema {
  if (!coreSchema) {
    const doc = parseDocument("", { customTags: CLOUDFORMATION_TAGS, schema: "core" });
    const tags = (doc.schema.tags as (ScalarTag & { collection?: string })[]).filter((t) => !t.collection && t.test);
    coreSchema = { tags, options: doc.options as CoreSchema["options"] };
  }
  return coreSchema;
}

/** Where a literal's name comes from: the key of a map entry (through any arrays in between). */
interface NameRef {
  map: MapFrame;
  key: string;
}

interface DocFrame {
  kind: "doc";
  flow: false;
  indent: -1;
  /** No root value yet. */
  pending: boolean;
}

interface MapFrame {
  kind: "map";
  flow: boolean;
  /** Block maps: the column of their keys. */
  indent: number;
  path: PathSegment[];
  /** Hashes of the typed keys seen: the full parse rejects duplicates. */
  keys: Set<number>;
  /** The key of the last entry. */
  key: string;
  /** The last entry has no value yet (block maps). */
  pending: boolean;
  /** The first `Name`/`Key` sibling's string, which names `Value` entries; undefined until one is seen. */
  pairName: string | undefined;
  /** Literals under a `Value` key that wait for that sibling. */
  waiting: Waiting[];
  phase: FlowPhase;
}

interface SeqFrame {
  kind: "seq";
  flow: boolean;
  /** Block sequences: the column of their `-`. */
  indent: number;
  path: PathSegment[];
  name: NameRef | undefined;
  index: number;
  /** The last item has no value yet (block sequences). */
  pending: boolean;
  phase: FlowPhase;
}

type Frame = DocFrame | MapFrame | SeqFrame;
type Collection = MapFrame | SeqFrame;

/** Where a flow collection is: `start` just after `[`/`{`, `comma` after a `,`, then key, colon, value, item. */
type FlowPhase = "start" | "comma" | "afterKey" | "afterColon" | "afterItem";

/** A literal under a `Value` key whose map has shown no `Name` sibling yet: its name and fate come later. */
interface Waiting {
  literal: CodeLiteral;
  kept: boolean | undefined;
}

type ScalarType = "scalar" | "single-quoted-scalar" | "double-quoted-scalar";

interface HeldScalar {
  type: ScalarType;
  source: string;
  offset: number;
  column: number;
  /** `line`: first on its line; `dash`: after `- `; `value`: after `key: `. */
  slot: Slot;
  tagged: boolean;
}

type Slot = "line" | "dash" | "value";

/**
 * Block phases: `line` at the start of a line; `node` after `- ` or `key: `, before the node; `held` after a scalar
 * that a `:` may still make a key; `tag` after `!!str`; `after` once the line's node is complete; `eol` after a
 * comment; `header` after a block scalar header; `flow` inside flow collections; `stream` between documents;
 * `docEnd` on the line of a `...`.
 */
type Phase = "line" | "node" | "held" | "tag" | "after" | "eol" | "header" | "flow" | "stream" | "docEnd";

/** Block scalar header and what follows it on its line, as the CST block scalar token carries them. */
type HeaderToken = CST.SourceToken;

class YamlLiteralReader {
  private readonly text: string;
  private filter: ReturnType<typeof credentialLiteralFilter> | undefined;
  private readonly out: (CodeLiteral | Waiting)[] = [];
  private stack: Frame[] = [];
  private phase: Phase = "stream";
  private slot: Slot = "line";
  private held: HeldScalar | undefined;
  private tagSpaced = false;
  /** The phase a `!!str` tag interrupted. */
  private tagReturn: Phase = "node";
  private header: HeaderToken[] = [];
  private headerIndent = 0;
  private offset = 0;
  private lineStart = 0;
  /** The previous token was white space or a line break (a comment needs one before it). */
  private spaced = true;
  /** A byte order mark came just before: the parser does not count spaces after it as indentation. */
  private afterBom = false;
  /** On the line of a byte order mark, the parser counts no indentation at all, not even after `- `. */
  private bomLine = false;
  private docStarted = false;
  private docContent = false;

  constructor(private readonly file: SourceFile) {
    const text = file.text;
    // As in `parseYaml`: a lone CR is a line break; an LF in its place keeps every offset.
    this.text = text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
  }

  /** `credentialLiteralFilter` over the file, made when the first literal needs it (a file given up costs no search). */
  private keep(name: string, value: string, start: number, end: number): boolean {
    this.filter ??= credentialLiteralFilter(this.file);
    return this.filter(name, value, start, end);
  }

  read(): CodeLiteral[] {
    let scalarNext = false;
    for (const token of new Lexer().lex(this.text)) {
      if (token === SCALAR) {
        scalarNext = true;
        continue;
      }
      if (token === DOCUMENT) {
        this.documentMode();
        continue;
      }
      if (token === FLOW_END) unsupported();
      const start = this.offset;
      this.offset += token.length;
      if (scalarNext) {
        scalarNext = false;
        this.afterBom = false;
        this.spaced = false;
        if (this.phase === "header") this.blockScalar(token, start);
        else this.scalar("scalar", token, start);
      } else {
        this.token(tokenType(token), token, start);
      }
    }
    // The lexer's tokens, less its control characters, must be the whole text, or our offsets would be wrong.
    if (scalarNext || this.offset !== this.text.length) unsupported();
    if (this.phase === "held") this.heldAsValue();
    if (this.phase === "tag" || this.phase === "header" || this.stack.some((f) => f.flow)) unsupported();
    this.closeDocument();
    const literals: CodeLiteral[] = [];
    for (const item of this.out) {
      if (!("kept" in item)) literals.push(item);
      else if (item.kept) literals.push(item.literal);
    }
    return literals;
  }

  private column(offset: number): number {
    return offset - this.lineStart;
  }

  private token(type: ReturnType<typeof tokenType>, source: string, start: number): void {
    const spaced = this.spaced;
    const afterBom = this.afterBom;
    this.spaced = type === "space" || type === "newline";
    this.afterBom = false;
    switch (type) {
      case "space":
        // Tabs as indentation or separation: the rules about them are subtle, a data file rarely has them. After a
        // byte order mark the parser does not count spaces as indentation.
        if (source.includes("\t") || afterBom) unsupported();
        if (this.phase === "tag") this.tagSpaced = true;
        if (this.phase === "header") this.header.push(this.sourceToken("space", source, start));
        return;
      case "newline":
        this.lineStart = this.offset;
        this.bomLine = false;
        return this.newline(source, start);
      case "comment":
        if (!spaced) unsupported();
        return this.comment(source, start);
      case "byte-order-mark":
        if (this.phase !== "stream") unsupported();
        this.lineStart = this.offset;
        this.afterBom = true;
        this.bomLine = true;
        this.spaced = true;
        return;
      case "doc-start":
        return this.documentStart();
      case "doc-end":
        if (this.phase !== "line") unsupported();
        this.closeDocument();
        this.phase = "docEnd";
        return;
      case "seq-item-ind":
        return this.dash(start);
      case "map-value-ind":
        return this.colon(start);
      case "single-quoted-scalar":
      case "double-quoted-scalar":
        return this.scalar(type, source, start);
      case "tag":
        if (source !== "!!str") unsupported();
        return this.tag();
      case "block-scalar-header":
        return this.blockScalarHeader(source, start);
      case "flow-map-start":
      case "flow-seq-start":
        return this.flowStart(type === "flow-map-start");
      case "flow-map-end":
      case "flow-seq-end":
        return this.flowEnd(type === "flow-map-end");
      case "comma":
        return this.comma();
      default:
        // Directives, anchors, aliases, explicit keys, errors and unknown tokens.
        unsupported();
    }
  }

  // ---- documents -------------------------------------------------------------------------------------------------

  private documentMode(): void {
    if (this.phase !== "stream") unsupported();
    this.openDocument();
    this.spaced = true;
  }

  private openDocument(): void {
    this.stack = [{ kind: "doc", flow: false, indent: -1, pending: true }];
    this.phase = "line";
    this.docStarted = false;
    this.docContent = false;
  }

  private documentStart(): void {
    if (this.phase !== "line" || this.column(this.offset - 3) !== 0) unsupported();
    if (this.docStarted || this.docContent) {
      this.closeDocument();
      this.openDocument();
    }
    this.docStarted = true;
    // Only a comment may follow `---` on its line here: a root node there has rules of its own.
    this.phase = "after";
  }

  private closeDocument(): void {
    while (this.stack.length > 0) this.close(this.stack.pop() as Frame);
    this.phase = "stream";
  }

  // ---- line structure --------------------------------------------------------------------------------------------

  private newline(source: string, start: number): void {
    switch (this.phase) {
      case "held":
        this.heldAsValue();
        this.phase = "line";
        return;
      case "node":
      case "after":
      case "eol":
      case "line":
        this.phase = "line";
        return;
      case "header":
        this.header.push(this.sourceToken("newline", source, start));
        return;
      case "flow":
        if (this.flowTop().phase === "afterKey") unsupported();
        return;
      case "stream":
        return;
      case "docEnd":
        this.phase = "stream";
        return;
      default:
        unsupported();
    }
  }

  private comment(source: string, start: number): void {
    switch (this.phase) {
      case "held":
        this.heldAsValue();
        this.phase = "eol";
        return;
      case "node":
      case "after":
      case "line":
        this.phase = "eol";
        return;
      case "header":
        this.header.push(this.sourceToken("comment", source, start));
        return;
      case "flow":
        if (this.flowTop().phase === "afterKey") unsupported();
        return;
      case "stream":
      case "docEnd":
        return;
      default:
        unsupported();
    }
  }

  private dash(start: number): void {
    if (this.bomLine) unsupported();
    if (this.phase === "line" || (this.phase === "node" && this.slot === "dash")) {
      this.docContent = true;
      this.place(this.column(start), "dash");
      const seq = this.top();
      if (seq.kind !== "seq") unsupported();
      seq.index++;
      seq.pending = true;
      this.phase = "node";
      this.slot = "dash";
      return;
    }
    // `key: - a` and `-` inside a flow collection are errors.
    unsupported();
  }

  private colon(start: number): void {
    if (this.phase === "flow") return this.flowColon();
    const held = this.held;
    if (this.phase !== "held" || !held || held.slot === "value" || held.tagged) unsupported();
    // Implicit keys are one line and at most 1024 characters before their `:`.
    if (held.source.includes("\n") || start - held.offset > 1000) unsupported();
    this.held = undefined;
    this.place(held.column, "key");
    const map = this.top();
    if (map.kind !== "map") unsupported();
    this.addKey(map, held);
    map.pending = true;
    this.phase = "node";
    this.slot = "value";
  }

  private scalar(type: ScalarType, source: string, start: number): void {
    if (source.length === 0) unsupported();
    const column = this.column(start);
    if (source.includes("\n")) this.lineStart = start + source.lastIndexOf("\n") + 1;
    let tagged = false;
    if (this.phase === "tag") {
      if (!this.tagSpaced) unsupported();
      tagged = true;
      this.phase = this.tagReturn;
    }
    if (this.phase === "flow") return this.flowScalar(type, source, start, tagged);
    if (this.phase === "line") this.slot = "line";
    else if (this.phase !== "node") unsupported();
    this.docContent = true;
    this.held = { type, source, offset: start, column, slot: this.slot, tagged };
    this.phase = "held";
  }

  private tag(): void {
    if (this.phase === "flow") {
      const top = this.flowTop();
      if (!(top.kind === "seq" ? top.phase === "start" || top.phase === "comma" : top.phase === "afterColon"))
        unsupported();
    } else if (this.phase !== "node") {
      unsupported();
    }
    this.tagSpaced = false;
    this.tagReturn = this.phase;
    this.phase = "tag";
  }

  /** A scalar that no `:` followed: the value of its slot. */
  private heldAsValue(): void {
    const held = this.held as HeldScalar;
    this.held = undefined;
    const { value, start, end } = this.resolve(held.type, held.source, held.offset, held.tagged, false);
    // First on its line: the root, or the value of the key or `-` above it.
    const parent = held.slot === "line" ? this.place(held.column, "value") : this.top();
    if (parent.kind === "doc") parent.pending = false;
    else this.value(parent, value, start, end);
    this.phase = "after";
  }

  /**
   * Finds the block collection a line's first node (or a node after `- `) at `column` belongs to, closing the deeper
   * ones, and opens a new map or sequence there when the node starts one.
   */
  private place(column: number, node: "dash" | "key" | "value"): Frame {
    for (;;) {
      const top = this.top();
      if (top.kind === "doc") break;
      if (top.flow) unsupported();
      if (top.indent > column) {
        this.close(this.stack.pop() as Frame);
        continue;
      }
      // `key:\n- a\nnext: b`: a sequence at its key's indent ends at the next key.
      const parent = this.stack[this.stack.length - 2] as Frame;
      if (
        top.kind === "seq" &&
        top.indent === column &&
        node !== "dash" &&
        parent.kind === "map" &&
        parent.indent === column
      ) {
        this.close(this.stack.pop() as Frame);
        continue;
      }
      break;
    }
    const top = this.top();
    if (node === "dash") {
      if (top.kind === "seq" && top.indent === column) return top;
      if ((top.kind === "map" && top.indent === column && top.pending) || (top.indent < column && top.pending)) {
        return this.open("seq", top, column);
      }
    } else if (node === "key") {
      if (top.kind === "map" && top.indent === column) return top;
      if (top.indent < column && top.pending) return this.open("map", top, column);
    } else if (top.indent < column && top.pending) {
      // A scalar or flow collection: the value of the entry or item above, indented further.
      return top;
    }
    unsupported();
  }

  private open(kind: "map" | "seq", parent: Frame, indent: number, flow = false): Frame {
    // Each frame copies its parent's path: deep nesting would cost depth squared (and the full parse reports it).
    if (this.stack.length > MAX_DEPTH) unsupported();
    const path = this.pathOf(parent);
    const name = this.nameOf(parent);
    parent.pending = false;
    if (kind === "map") {
      this.stack.push({
        kind,
        flow,
        indent,
        path,
        keys: new Set(),
        key: "",
        pending: false,
        pairName: undefined,
        waiting: [],
        phase: "start",
      });
    } else {
      this.stack.push({ kind, flow, indent, path, name, index: flow ? 0 : -1, pending: false, phase: "start" });
    }
    return this.top();
  }

  /** The path of the node about to be the value of `parent`'s pending entry or item. */
  private pathOf(parent: Frame): PathSegment[] {
    if (parent.kind === "doc") return [];
    return [...parent.path, parent.kind === "map" ? parent.key : parent.index];
  }

  /** Where the name of that node's strings comes from. */
  private nameOf(parent: Frame): NameRef | undefined {
    if (parent.kind === "doc") return undefined;
    return parent.kind === "map" ? { map: parent, key: parent.key } : parent.name;
  }

  private close(frame: Frame): void {
    if (frame.kind !== "map") return;
    // No `Name` sibling: the values keep their own key as name.
    for (const w of frame.waiting) this.decide(w, w.literal.name);
    frame.waiting = [];
  }

  private top(): Frame {
    const top = this.stack[this.stack.length - 1];
    if (!top) unsupported();
    return top;
  }

  // ---- keys and values -------------------------------------------------------------------------------------------

  private addKey(map: MapFrame, held: { type: ScalarType; source: string; offset: number }): void {
    const { type, source, offset } = held;
    const token = this.resolveToken(type, source, offset);
    let key: unknown = token.value;
    if (type === "scalar") {
      // YAML 1.1 merge keys are plain strings in the core schema, but a reader may expect them merged: not followed.
      if (token.value === "<<") unsupported();
      key = this.typed(token.value, true);
    }
    if (Number.isNaN(key)) unsupported();
    const hash = cyrb53(`${typeof key}:${String(key)}`);
    if (map.keys.has(hash)) unsupported();
    map.keys.add(hash);
    map.key = String(key);
  }

  /** A scalar value of `parent`'s pending entry or current item. */
  private value(parent: Collection, value: unknown, start: number, end: number): void {
    parent.pending = false;
    if (typeof value !== "string") return;
    if (parent.kind === "map" && parent.pairName === undefined && PAIR_NAME.test(parent.key)) {
      parent.pairName = value;
      for (const w of parent.waiting) this.decide(w, value);
      parent.waiting = [];
    }
    const name = this.nameOf(parent);
    if (!name) return;
    const literal = (): CodeLiteral => {
      const node = { kind: "scalar", value, start, end, file: this.file, path: this.pathOf(parent) } as ScalarNode & {
        value: string;
      };
      return { node, name: name.key, binding: "property" };
    };
    let named = name.key;
    if (PAIR_VALUE.test(name.key)) {
      if (name.map.pairName === undefined) {
        // The map is still open (values only arrive in open collections): its `Name` may come later.
        const waiting: Waiting = { literal: literal(), kept: undefined };
        name.map.waiting.push(waiting);
        this.out.push(waiting);
        return;
      }
      named = name.map.pairName;
    }
    if (this.keep(named, value, start, end)) this.out.push({ ...literal(), name: named });
  }

  private decide(waiting: Waiting, name: string): void {
    const { literal } = waiting;
    literal.name = name;
    waiting.kept = this.keep(name, literal.node.value, literal.node.start, literal.node.end);
  }

  private resolveToken(
    type: ScalarType,
    source: string,
    offset: number,
  ): { value: string; start: number; end: number } {
    let failed = false;
    const result = resolveAsScalar({ type, offset, indent: 0, source }, true, () => {
      failed = true;
    });
    if (failed || !result) unsupported();
    return { value: result.value, start: result.range[0], end: result.range[1] };
  }

  private resolve(
    type: ScalarType,
    source: string,
    offset: number,
    tagged: boolean,
    atKey: boolean,
  ): { value: unknown; start: number; end: number } {
    const token = this.resolveToken(type, source, offset);
    return { ...token, value: type === "scalar" && !tagged ? this.typed(token.value, atKey) : token.value };
  }

  /** A plain scalar's value in the core schema, by the library's own tags: `yes` stays a string, `0x1F` is 31. */
  private typed(source: string, atKey: boolean): unknown {
    const { tags, options } = schema();
    const tag = tags.find((t) => (t.default === true || (atKey && t.default === "key")) && t.test?.test(source));
    if (!tag) return source;
    let failed = false;
    const resolved = tag.resolve(source, () => (failed = true), options);
    if (failed) unsupported();
    return isScalar(resolved) ? resolved.value : resolved;
  }

  // ---- block scalars ---------------------------------------------------------------------------------------------

  private blockScalarHeader(source: string, start: number): void {
    if (this.phase !== "node" || this.slot === "line") unsupported();
    this.docContent = true;
    this.header = [this.sourceToken("block-scalar-header", source, start)];
    // The parser gives a block scalar the indent of the collection it is in.
    this.headerIndent = (this.top() as Collection).indent;
    this.phase = "header";
  }

  private blockScalar(body: string, start: number): void {
    const header = this.header;
    this.header = [];
    // Only white space and a comment may follow the header on its line.
    for (const t of header.slice(1))
      if (t.type !== "space" && t.type !== "comment" && t.type !== "newline") unsupported();
    const first = header[0] as HeaderToken;
    let failed = false;
    const token: CST.BlockScalar = {
      type: "block-scalar",
      offset: first.offset,
      indent: this.headerIndent,
      props: header,
      source: body,
    };
    const result = resolveAsScalar(token, true, () => {
      failed = true;
    });
    if (failed || !result) unsupported();
    this.value(this.top() as Collection, result.value, result.range[0], result.range[1]);
    // The body ends with its last line break: the next token starts a line.
    this.lineStart = body.endsWith("\n") ? start + body.length : this.lineStart;
    this.spaced = true;
    this.phase = "line";
  }

  private sourceToken(type: HeaderToken["type"], source: string, offset: number): HeaderToken {
    return { type, offset, indent: 0, source };
  }

  // ---- flow collections ------------------------------------------------------------------------------------------

  private flowTop(): Collection {
    const top = this.top();
    if (top.kind === "doc" || !top.flow) unsupported();
    return top;
  }

  private flowStart(isMap: boolean): void {
    if (this.phase === "flow") {
      const top = this.flowTop();
      if (!(top.kind === "seq" ? top.phase === "start" || top.phase === "comma" : top.phase === "afterColon"))
        unsupported();
      this.open(isMap ? "map" : "seq", top, 0, true);
      return;
    }
    let parent = this.top();
    if (this.phase === "line") parent = this.place(this.column(this.offset - 1), "value");
    else if (this.phase !== "node") unsupported();
    this.docContent = true;
    this.open(isMap ? "map" : "seq", parent, 0, true);
    this.phase = "flow";
  }

  private flowEnd(isMap: boolean): void {
    if (this.phase !== "flow") unsupported();
    const top = this.flowTop();
    if ((top.kind === "map") !== isMap) unsupported();
    const phase = top.phase;
    if (
      !(
        phase === "start" ||
        phase === "afterItem" ||
        (phase === "comma" && (top.kind === "seq" ? top.index > 0 : top.keys.size > 0))
      )
    )
      unsupported();
    this.close(this.stack.pop() as Frame);
    const parent = this.top();
    if (parent.flow) {
      (parent as Collection).phase = "afterItem";
      if (parent.kind === "seq") parent.index++;
    } else {
      this.phase = "after";
    }
  }

  private comma(): void {
    if (this.phase !== "flow") unsupported();
    const top = this.flowTop();
    if (top.phase !== "afterItem") unsupported();
    top.phase = "comma";
  }

  private flowColon(): void {
    const top = this.flowTop();
    if (top.kind !== "map" || top.phase !== "afterKey") unsupported();
    top.phase = "afterColon";
  }

  private flowScalar(type: ScalarType, source: string, start: number, tagged: boolean): void {
    const top = this.flowTop();
    if (top.kind === "map" && (top.phase === "start" || top.phase === "comma")) {
      if (source.includes("\n") || tagged) unsupported();
      this.addKey(top, { type, source, offset: start });
      top.phase = "afterKey";
      return;
    }
    if (top.kind === "map" ? top.phase !== "afterColon" : top.phase !== "start" && top.phase !== "comma") unsupported();
    const { value, start: from, end } = this.resolve(type, source, start, tagged, false);
    this.value(top, value, from, end);
    top.phase = "afterItem";
    if (top.kind === "seq") top.index++;
  }
}

/** A 53-bit string hash (cyrb53): a set of these stands for a map's keys without holding them. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

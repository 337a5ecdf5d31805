/**
 * The positioned value tree every parser produces. Positions are kept beside the data, never mixed into it
 * (checkov injects `__startline__` keys into the values it then scans: checkov issue 7310).
 */

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (SARIF's default `columnKind`). */
  column: number;
}

export interface Span {
  start: Position;
  end: Position;
}

/** One scanned file's text, with a line index so that offsets become lines and columns in one place. */
export class SourceFile {
  private lineStarts: ArrayLike<number> | undefined;
  // Plain fields (no `#private`): a detached file crosses from a worker thread by structured clone.
  private content: string | undefined;
  private readonly length: number;

  constructor(
    /** Path relative to the current directory, with forward slashes: the `file` of every finding. */
    readonly path: string,
    text: string,
  ) {
    this.content = text;
    this.length = text.length;
  }

  /** The whole text; only until `detach()`, which the scan calls once the file's own rules have run. */
  get text(): string {
    if (this.content === undefined)
      throw new Error(`the text of ${this.path} was released after its per-file rules ran`);
    return this.content;
  }

  /**
   * Keeps what `locate` needs (the line index) and lets the text go: the project-level rules hold on to entities,
   * and through their nodes to this file, for the whole scan.
   */
  detach(): void {
    if (this.content === undefined) return;
    // A typed array: a third of the memory of a number array, and copied as one block to the main thread.
    this.lineStarts = Uint32Array.from(this.lineStarts ?? computeLineStarts(this.content));
    this.content = undefined;
  }

  /** 1-based line and column of a 0-based offset. The only place offsets turn into positions. */
  locate(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    const clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (starts[low] as number) + 1 };
  }

  /** Span of a node: `end` is the position just after its last character, as ESLint and SARIF count it. */
  span(node: { start: number; end: number }): Span {
    return { start: this.locate(node.start), end: this.locate(node.end) };
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** A step of the path from the document root to a node: a mapping key or a sequence index. */
export type PathSegment = string | number;

interface NodeBase {
  /** 0-based offset of the first character (for a short-form YAML tag, the `!` of the tag). */
  start: number;
  /** 0-based offset just after the last character. */
  end: number;
  file: SourceFile;
  /** From the document root; stable when lines move or the file is reformatted, so fingerprints use it. */
  path: readonly PathSegment[];
}

export interface ScalarNode extends NodeBase {
  kind: "scalar";
  value: string | number | boolean | null;
}

export interface ArrayNode extends NodeBase {
  kind: "array";
  items: PNode[];
}

export interface Entry {
  key: ScalarNode & { value: string };
  value: PNode;
}

export interface ObjectNode extends NodeBase {
  kind: "object";
  entries: Entry[];
}

export type PNode = ScalarNode | ArrayNode | ObjectNode;

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export function entry(node: PNode | undefined, key: string): Entry | undefined {
  if (node?.kind !== "object") return undefined;
  // The last occurrence wins, as in JSON.parse and in CloudFormation.
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const e = node.entries[i] as Entry;
    if (e.key.value === key) return e;
  }
  return undefined;
}

export function get(node: PNode | undefined, key: string): PNode | undefined {
  return entry(node, key)?.value;
}

export function stringValue(node: PNode | undefined): string | undefined {
  return node?.kind === "scalar" && typeof node.value === "string" ? node.value : undefined;
}

/** The plain JavaScript value of a node: what the long-form template would parse to. */
export function toPlain(node: PNode): Plain {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "array":
      return node.items.map(toPlain);
    case "object": {
      const out: { [key: string]: Plain } = {};
      for (const e of node.entries) out[e.key.value] = toPlain(e.value);
      return out;
    }
  }
}

/** Thrown by parsers for input they refuse; becomes an `errors[]` entry for the file, never a crash. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
    this.name = "ParseError";
  }
}

/**
 * Where the characters of a string scalar's value are in its file: a function from an offset in `node.value` to an
 * offset in the file, or undefined when the value cannot be found in the text as written. The value and the text are
 * walked together once: text that the value does not have (quotes, a heredoc's marker, a block scalar's indentation
 * and header, a tag) is stepped over, and an escape (`\n`, `\"`, `\u0041`) stands for the one character it writes.
 * Used to report a key inside a heredoc or a block scalar at its own line.
 */
export function valueOffsets(
  node: ScalarNode,
  text: string,
  from = node.start,
): ((offset: number) => number) | undefined {
  const value = node.value;
  if (typeof value !== "string") return undefined;
  const at = new Uint32Array(value.length + 1);
  let j = from;
  for (let i = 0; i < value.length; i++) {
    const wanted = value.charCodeAt(i);
    for (;;) {
      if (j >= node.end) return undefined;
      const c = text.charCodeAt(j);
      if (c === wanted) {
        at[i] = j;
        j++;
        break;
      }
      if (c === 92 /* \ */) {
        const escaped = escapeAt(text, j);
        if (escaped && escaped.code === wanted) {
          at[i] = j;
          j += escaped.length;
          break;
        }
      }
      j++;
    }
  }
  at[value.length] = j;
  return (offset) => at[Math.max(0, Math.min(offset, value.length))] as number;
}

/** The character a JSON, YAML or HCL escape at `j` writes, and the escape's length. */
function escapeAt(text: string, j: number): { code: number; length: number } | undefined {
  const next = text[j + 1];
  switch (next) {
    case "n":
      return { code: 10, length: 2 };
    case "t":
      return { code: 9, length: 2 };
    case "r":
      return { code: 13, length: 2 };
    case "u": {
      const hex = text.slice(j + 2, j + 6);
      return /^[0-9a-fA-F]{4}$/.test(hex) ? { code: parseInt(hex, 16), length: 6 } : undefined;
    }
    case undefined:
      return undefined;
    default:
      return { code: next.charCodeAt(0), length: 2 };
  }
}

/** One entry as an object of its own, spanning its key and value: the key names the value for the credential search. */
export function entryAsObject(entry: Entry): ObjectNode {
  return {
    kind: "object",
    entries: [entry],
    start: entry.key.start,
    end: Math.max(entry.key.end, entry.value.end),
    file: entry.key.file,
    path: entry.key.path.slice(0, -1),
  };
}

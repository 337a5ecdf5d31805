/**
 * The credential-relevant named strings of a big JSON data file, read in one pass over the text without building the
 * positioned tree (a 4 MB dump costs hundreds of MB as a tree). The result is exactly what `configLiterals` over
 * `parseJson` gives, filtered by `credentialLiteralFilter`: same order, names, offsets and paths. Memory is the nesting
 * depth, the kept literals, and the `Value` strings of an object whose `Name` has not been seen yet.
 */
import { createRequire } from "node:module";
import type { JSONVisitor } from "jsonc-parser";
import type { CodeLiteral } from "../../model/entities.js";
import type { PathSegment, SourceFile } from "../../core/positioned.js";
import { PAIR_NAME, PAIR_VALUE, credentialLiteralFilter } from "./config-literals.js";

type JsoncParser = typeof import("jsonc-parser");
let jsonc: JsoncParser | undefined;

/** Loaded on first use, as `parsers/json.ts` does: a run without big JSON files never loads it. */
function parser(): JsoncParser {
  return (jsonc ??= createRequire(import.meta.url)("jsonc-parser") as JsoncParser);
}

/**
 * The `Value`/`value` strings of an object whose `Name` sibling is not known yet, in parallel arrays: the one thing
 * this reader holds in proportion to the input (`{"value": [...100,000 strings]}`), so kept small. A string's path is
 * the object's path, its key, and the array indexes below the key: `tails` holds no index as -1, one index as itself.
 */
interface Pending {
  keys: string[];
  values: string[];
  starts: number[];
  ends: number[];
  tails: (number | number[])[];
}

interface ObjectFrame {
  kind: "object";
  /** The key of the entry being read. */
  key: string;
  /** The first `Name`/`Key`/`name`/`key` entry's string value: the name of every `Value` entry of this object. */
  pairName: string | undefined;
  pending: Pending | undefined;
}

interface ArrayFrame {
  kind: "array";
  /** Index of the item being read (-1 before the first). */
  index: number;
  /** The nearest enclosing object: its current key names the strings of this array (arrays keep their key). */
  owner: ObjectFrame | undefined;
}

type Frame = ObjectFrame | ArrayFrame;

/** Thrown from the visitor on the first syntax error to stop reading; never leaves this module. */
const SYNTAX_ERROR = new Error("JSON syntax error");

/**
 * The literals of `file` that `configLiterals(parseJson(file))` gives and `credentialLiteralFilter(file)` keeps,
 * or undefined where `parseJson` would fail (syntax error, empty file, a BOM, nesting too deep for the parser): the
 * caller then runs the full parse, which reports the error.
 */
export function streamJsonLiterals(file: SourceFile): CodeLiteral[] | undefined {
  try {
    return read(file);
  } catch {
    return undefined;
  }
}

function read(file: SourceFile): CodeLiteral[] {
  const text = file.text;
  const keep = credentialLiteralFilter(file);
  const frames: Frame[] = [];
  const out: CodeLiteral[] = [];
  // Output is in document order, which is offset order; strings named late by their `Name` are put back in place.
  let late = false;

  const top = (): Frame | undefined => frames[frames.length - 1];
  const segments = (from: number, to: number): PathSegment[] => {
    const path: PathSegment[] = [];
    for (let i = from; i < to; i++) {
      const f = frames[i] as Frame;
      path.push(f.kind === "object" ? f.key : f.index);
    }
    return path;
  };
  const add = (name: string, value: string, start: number, end: number, path: PathSegment[]): void => {
    out.push({ node: { kind: "scalar", value, start, end, file, path }, name, binding: "property" });
  };
  /** Names the waiting strings of `owner`, the object at `frames[depth]`, and keeps those the filter keeps. */
  const resolve = (owner: ObjectFrame, depth: number): void => {
    const p = owner.pending as Pending;
    owner.pending = undefined;
    const prefix = segments(0, depth);
    for (let i = 0; i < p.values.length; i++) {
      const key = p.keys[i] as string;
      const name = owner.pairName ?? key;
      const value = p.values[i] as string;
      const start = p.starts[i] as number;
      const end = p.ends[i] as number;
      if (!keep(name, value, start, end)) continue;
      const tail = p.tails[i] as number | number[];
      add(name, value, start, end, [...prefix, key, ...(typeof tail === "number" ? (tail < 0 ? [] : [tail]) : tail)]);
      late = true;
    }
  };
  // Called as each value starts: moves the index of the array it is an item of.
  const beginValue = (): void => {
    const t = top();
    if (t?.kind === "array") t.index++;
  };

  const visitor: JSONVisitor = {
    onObjectBegin: () => {
      beginValue();
      frames.push({ kind: "object", key: "", pairName: undefined, pending: undefined });
    },
    onObjectProperty: (property) => {
      (top() as ObjectFrame).key = property;
    },
    onObjectEnd: () => {
      const frame = frames.pop() as ObjectFrame;
      if (frame.pending) resolve(frame, frames.length);
    },
    onArrayBegin: () => {
      beginValue();
      const t = top();
      frames.push({ kind: "array", index: -1, owner: t?.kind === "object" ? t : t?.owner });
    },
    onArrayEnd: () => {
      frames.pop();
    },
    onLiteralValue: (value: unknown, offset: number, length: number) => {
      beginValue();
      if (typeof value !== "string") return;
      const t = top();
      const owner = t?.kind === "object" ? t : t?.owner;
      if (owner === undefined) return; // a top-level string, or one in top-level arrays: it has no name
      const start = offset;
      const end = offset + length;
      const key = owner.key;
      if (PAIR_VALUE.test(key) && owner.pairName === undefined) {
        const p = (owner.pending ??= { keys: [], values: [], starts: [], ends: [], tails: [] });
        const depth = frames.lastIndexOf(owner);
        p.keys.push(key);
        p.values.push(value);
        p.starts.push(start);
        p.ends.push(end);
        const below = frames.length - depth - 1;
        p.tails.push(
          below === 0 ? -1 : below === 1 ? (t as ArrayFrame).index : (segments(depth + 1, frames.length) as number[]),
        );
        return;
      }
      const name = PAIR_VALUE.test(key) ? (owner.pairName as string) : key;
      if (keep(name, value, start, end)) add(name, value, start, end, segments(0, frames.length));
      // The first string `Name` of the object: its earlier `Value` strings were waiting for it.
      if (t === owner && owner.pairName === undefined && PAIR_NAME.test(key)) {
        owner.pairName = value;
        if (owner.pending) resolve(owner, frames.length - 1);
      }
    },
    onError: () => {
      throw SYNTAX_ERROR;
    },
  };
  // The options of `parseJson`: comments and trailing commas tolerated, empty content refused.
  parser().visit(text, visitor, { allowTrailingComma: true, disallowComments: false });
  return late ? out.sort((a, b) => a.node.start - b.node.start) : out;
}

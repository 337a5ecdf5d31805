import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type CollectionTag,
  type Node as YamlNode,
  type ScalarTag,
} from "./yaml-library.js";
import {
  ParseError,
  type Entry,
  type ObjectNode,
  type PNode,
  type PathSegment,
  type ScalarNode,
  type SourceFile,
} from "../core/positioned.js";
import { padFlowContinuations } from "./yaml-lenient.js";
import { describeYamlError } from "./yaml-errors.js";

// This module is imported only when a YAML file is read (parsers/load.ts), so `yaml` stays lazy; the CLI bundle
// (scripts/bundle.mjs) inlines it into this module's chunk: one file to load instead of ~60 (bench/startup.mjs).

/**
 * CloudFormation's short-form intrinsic tags and the long-form key each stands for. Registering them keeps the
 * YAML library from warning about unknown tags; the conversion to long form happens in `convert` below.
 */
const SHORT_FORMS: Record<string, string> = {
  Ref: "Ref",
  Condition: "Condition",
  ...Object.fromEntries(
    [
      "Sub",
      "GetAtt",
      "If",
      "Join",
      "Select",
      "Split",
      "Base64",
      "FindInMap",
      "ImportValue",
      "GetAZs",
      "Cidr",
      "Equals",
      "And",
      "Or",
      "Not",
      "Transform",
      "ToJsonString",
      "Length",
      "GetStackOutput",
    ].map((name) => [name, `Fn::${name}`]),
  ),
};

export const CLOUDFORMATION_TAGS: (ScalarTag | CollectionTag)[] = Object.keys(SHORT_FORMS).flatMap((name) => [
  { tag: `!${name}`, resolve: (s: string) => s },
  { tag: `!${name}`, collection: "seq" as const },
  { tag: `!${name}`, collection: "map" as const },
]);

export interface YamlAlias {
  name: string;
  offset: number;
}

/** Something the file does that YAML forbids but CloudFormation accepts: read as CloudFormation reads it. */
export interface YamlWarning {
  message: string;
  offset: number;
}

export interface ParsedYaml {
  documents: PNode[];
  /** Aliases are never expanded (they can multiply a file's size without bound); each becomes a null scalar. */
  aliases: YamlAlias[];
  warnings: YamlWarning[];
  /** Entries a later duplicate key replaced (the last one is kept, as CloudFormation does): still searched for credentials. */
  dropped: Entry[];
}

type YamlDocuments = ReturnType<typeof parseAllDocuments>;

function parseText(text: string): YamlDocuments {
  return parseAllDocuments(text, {
    customTags: CLOUDFORMATION_TAGS,
    schema: "core",
    prettyErrors: false,
    keepSourceTokens: false,
    // Duplicate keys are found by `Converter` with a map: the library's own check compares every pair of keys of a
    // mapping (a flat file of 50,000 keys took 49 s), and rejects what CloudFormation accepts (the last one wins).
    uniqueKeys: false,
  });
}

const firstError = (docs: YamlDocuments) =>
  Array.isArray(docs) ? docs.find((doc) => doc.errors.length > 0)?.errors[0] : undefined;

/**
 * Parses every YAML document in a file into positioned trees. A file the strict parse rejects is read again the
 * way PyYAML (and so CloudFormation) reads it, when that is what makes the difference (see `yaml-lenient.ts`); it
 * then carries a warning. Otherwise the strict parse's error is thrown.
 */
export function parseYaml(file: SourceFile): ParsedYaml {
  // YAML 1.2 reads a lone CR (old Mac files) as a line break, the `yaml` library does not: an LF in its place keeps
  // every offset, and `SourceFile` counts a lone CR as a line break too.
  const text = file.text.includes("\r") ? file.text.replace(/\r(?!\n)/g, "\n") : file.text;
  let docs = parseText(text);
  let original = (offset: number) => offset;
  const warnings: YamlWarning[] = [];
  const error = firstError(docs);
  if (error) {
    // The YAML library turns its own stack overflow into an error entry; say what it means.
    if (/Maximum call stack/.test(error.message))
      throw new ParseError("document is nested too deeply to parse", error.pos[0]);
    const padding = padFlowContinuations(text);
    const lenient = padding ? parseText(padding.text) : undefined;
    if (!padding || !lenient || firstError(lenient))
      throw new ParseError(`YAML syntax error: ${describeYamlError(error.code)}`, error.pos[0]);
    docs = lenient;
    original = padding.original;
    warnings.push({
      offset: padding.firstPadded,
      message:
        "read leniently, as CloudFormation reads it: a quoted or bracketed value continues on a line indented no deeper than its key, which YAML 1.2 forbids",
    });
  }
  // An empty stream comes back as an EmptyStream object rather than an array.
  if (!Array.isArray(docs)) return { documents: [], aliases: [], warnings, dropped: [] };
  const converter = new Converter(file, original, warnings);
  const documents: PNode[] = [];
  for (const doc of docs) {
    if (doc.contents !== null) documents.push(converter.convert(doc.contents, []));
  }
  warnings.sort((a, b) => a.offset - b.offset);
  return { documents, aliases: converter.aliases, warnings, dropped: converter.dropped };
}

class Converter {
  readonly aliases: YamlAlias[] = [];
  readonly dropped: Entry[] = [];

  constructor(
    private readonly file: SourceFile,
    /** Maps an offset of the parsed text to the file's own (they differ after a lenient reading). */
    private readonly original: (offset: number) => number,
    private readonly warnings: YamlWarning[],
  ) {}

  private rangeOf(node: unknown): [number, number] {
    const [start, end] = rangeOf(node);
    return [this.original(start), this.original(end)];
  }

  convert(node: YamlNode | null | undefined | unknown, path: PathSegment[]): PNode {
    if (isAlias(node)) {
      const [start, end] = this.rangeOf(node);
      this.aliases.push({ name: node.source, offset: start });
      return { kind: "scalar", value: null, start, end, file: this.file, path };
    }
    const tag = (node as { tag?: string } | null)?.tag;
    const name = tag?.startsWith("!") && !tag.startsWith("!!") ? tag.slice(1) : undefined;
    // Own keys only: `!toString x` is an unknown tag, not Object.prototype.toString.
    const longForm = name !== undefined && Object.hasOwn(SHORT_FORMS, name) ? SHORT_FORMS[name] : undefined;
    if (!longForm) return this.convertUntagged(node, path);
    return this.longForm(tag as string, longForm, this.convertUntagged(node, [...path, longForm]), path);
  }

  /** `!Ref X` becomes `{ Ref: X }`, spanning the tag and its value, exactly as the long form would parse. */
  private longForm(tag: string, key: string, value: PNode, path: PathSegment[]): ObjectNode {
    const tagStart = this.tagStart(tag, value.start);
    const keyNode: ScalarNode & { value: string } = {
      kind: "scalar",
      value: key,
      start: tagStart,
      end: tagStart + tag.length,
      file: this.file,
      path,
    };
    let inner = value;
    if (key === "Fn::GetAtt" && inner.kind === "scalar" && typeof inner.value === "string") {
      // `!GetAtt Resource.Attribute` is the only short form whose scalar is split into a list.
      const dot = inner.value.indexOf(".");
      const parts = dot < 0 ? [inner.value] : [inner.value.slice(0, dot), inner.value.slice(dot + 1)];
      const items: ScalarNode[] = parts.map((part, i) => ({
        ...(inner as ScalarNode),
        value: part,
        path: [...path, key, i],
      }));
      inner = { kind: "array", items, start: inner.start, end: inner.end, file: this.file, path: [...path, key] };
    }
    return {
      kind: "object",
      entries: [{ key: keyNode, value: inner }],
      start: tagStart,
      end: value.end,
      file: this.file,
      path,
    };
  }

  private tagStart(tag: string, valueStart: number): number {
    const at = this.file.text.lastIndexOf(tag, valueStart);
    return at >= 0 ? at : valueStart;
  }

  private convertUntagged(node: unknown, path: PathSegment[]): PNode {
    const [start, end] = this.rangeOf(node);
    if (isMap(node)) {
      const entries: (Entry | undefined)[] = [];
      // CloudFormation keeps the last of duplicate keys; so do we, and say so once per duplicate.
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (isAlias(key)) {
          this.convert(key, path);
          continue;
        }
        if (!isScalar(key)) throw new ParseError("YAML mapping keys must be scalars", this.rangeOf(key)[0]);
        const keyText = String(key.value);
        const [ks, ke] = this.rangeOf(key);
        const childPath = [...path, keyText];
        const keyNode: Entry["key"] = {
          kind: "scalar",
          value: keyText,
          start: ks,
          end: ke,
          file: this.file,
          path: childPath,
        };
        const value =
          pair.value === null || pair.value === undefined
            ? { kind: "scalar" as const, value: null, start: ke, end: ke, file: this.file, path: childPath }
            : this.convert(pair.value, childPath);
        // Typed as the YAML library's own check was: `1:` and `"1":` are two keys.
        const identity = `${typeof key.value}:${keyText}`;
        const earlier = seen.get(identity);
        if (earlier !== undefined) {
          const first = entries[earlier] as Entry;
          entries[earlier] = undefined;
          this.dropped.push(first);
          // The key itself is not quoted in the message: no source text is echoed (it may be anything).
          this.warnings.push({
            offset: ks,
            message: `duplicate mapping key (first at line ${this.file.locate(first.key.start).line}): the last one is used, as CloudFormation does`,
          });
        }
        seen.set(identity, entries.length);
        entries.push({ key: keyNode, value });
      }
      const kept = entries.filter((entry): entry is Entry => entry !== undefined);
      return { kind: "object", entries: kept, start, end, file: this.file, path };
    }
    if (isSeq(node)) {
      const items = node.items.map((item, i) => this.convert(item, [...path, i]));
      return { kind: "array", items, start, end, file: this.file, path };
    }
    if (isScalar(node)) {
      return { kind: "scalar", value: scalarValue(node.value), start, end, file: this.file, path };
    }
    throw new ParseError("unsupported YAML node", start);
  }
}

function rangeOf(node: unknown): [number, number] {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

function scalarValue(value: unknown): ScalarNode["value"] {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return String(value);
}

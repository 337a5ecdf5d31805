import { createRequire } from "node:module";
import type { Node as JsonNode, ParseError as JsonParseError } from "jsonc-parser";
import { ParseError, type Entry, type PNode, type PathSegment, type SourceFile } from "../core/positioned.js";

type JsoncParser = typeof import("jsonc-parser");
let jsonc: JsoncParser | undefined;

/** Loaded on the first JSON document: policies embedded as JSON strings make this module reachable from YAML runs. */
function parser(): JsoncParser {
  return (jsonc ??= createRequire(import.meta.url)("jsonc-parser") as JsoncParser);
}

/**
 * Duplicate keys of a document read as CloudFormation reads it: the last one of each is kept in the tree, each earlier
 * one is listed here (with the warning to report), so that its value can still be searched for credentials.
 */
export interface Duplicates {
  dropped: Entry[];
  warnings: { message: string; offset: number }[];
}

/**
 * Parses JSON (comments and trailing commas tolerated, as editors do) into a positioned tree. With `duplicates`, a
 * key repeated in one object keeps its last value, as CloudFormation and `JSON.parse` do, and the earlier ones are
 * collected there; without it, every entry stays in the tree.
 */
export function parseJson(file: SourceFile, duplicates?: Duplicates): PNode | undefined {
  const errors: JsonParseError[] = [];
  const { parseTree, printParseErrorCode } = parser();
  const root = parseTree(file.text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error) throw new ParseError(`JSON syntax error: ${describe(printParseErrorCode(error.error))}`, error.offset);
  return root ? convert(root, file, [], duplicates) : undefined;
}

function describe(code: string): string {
  // "PropertyNameExpected" -> "property name expected"
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function convert(node: JsonNode, file: SourceFile, path: PathSegment[], duplicates: Duplicates | undefined): PNode {
  const start = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case "object": {
      const entries: (Entry | undefined)[] = [];
      // Checked with a map: the pairwise comparison of every two keys is quadratic in an object's size.
      const seen = new Map<string, number>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || typeof keyNode.value !== "string") continue;
        const childPath = [...path, keyNode.value];
        const key: Entry["key"] = {
          kind: "scalar",
          value: keyNode.value,
          start: keyNode.offset,
          end: keyNode.offset + keyNode.length,
          file,
          path: childPath,
        };
        const value: PNode = valueNode
          ? convert(valueNode, file, childPath, duplicates)
          : { kind: "scalar", value: null, start: key.end, end: key.end, file, path: childPath };
        const earlier = duplicates ? seen.get(keyNode.value) : undefined;
        if (duplicates && earlier !== undefined) {
          const first = entries[earlier] as Entry;
          entries[earlier] = undefined;
          duplicates.dropped.push(first);
          // The key itself is not quoted in the message: no source text is echoed (it may be anything).
          duplicates.warnings.push({
            offset: key.start,
            message: `duplicate key (first at line ${file.locate(first.key.start).line}): the last one is used, as CloudFormation does`,
          });
        }
        seen.set(keyNode.value, entries.length);
        entries.push({ key, value });
      }
      return {
        kind: "object",
        entries: entries.filter((entry): entry is Entry => entry !== undefined),
        start,
        end,
        file,
        path,
      };
    }
    case "array":
      return {
        kind: "array",
        items: (node.children ?? []).map((c, i) => convert(c, file, [...path, i], duplicates)),
        start,
        end,
        file,
        path,
      };
    case "string":
    case "number":
    case "boolean":
    case "null":
      return { kind: "scalar", value: node.value as string | number | boolean | null, start, end, file, path };
    default:
      throw new ParseError(`unexpected JSON node ${node.type}`, start);
  }
}

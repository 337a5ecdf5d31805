import { createRequire } from "node:module";
import type { Node as JsonNode, ParseError as JsonParseError } from "jsonc-parser";
import { ParseError, type Entry, type PNode, type PathSegment, SourceFile } from "./positioned.js";

type JsoncParser = typeof import("jsonc-parser");
let jsonc: JsoncParser | undefined;

/** Loaded on the first JSON document: policies embedded as JSON strings make this module reachable from YAML runs. */
function parser(): JsoncParser {
  return (jsonc ??= createRequire(import.meta.url)("jsonc-parser") as JsoncParser);
}

/** Parses JSON (comments and trailing commas tolerated, as editors do) into a positioned tree. */
export function parseJson(file: SourceFile): PNode | undefined {
  const errors: JsonParseError[] = [];
  const { parseTree, printParseErrorCode } = parser();
  const root = parseTree(file.text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error) throw new ParseError(`JSON syntax error: ${describe(printParseErrorCode(error.error))}`, error.offset);
  return root ? convert(root, file, []) : undefined;
}

function describe(code: string): string {
  // "PropertyNameExpected" -> "property name expected"
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function convert(node: JsonNode, file: SourceFile, path: PathSegment[]): PNode {
  const start = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case "object": {
      const entries: Entry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || typeof keyNode.value !== "string") continue;
        const childPath = [...path, keyNode.value];
        const key: Entry["key"] = {
          kind: "scalar", value: keyNode.value, start: keyNode.offset, end: keyNode.offset + keyNode.length, file, path: childPath,
        };
        const value: PNode = valueNode
          ? convert(valueNode, file, childPath)
          : { kind: "scalar", value: null, start: key.end, end: key.end, file, path: childPath };
        entries.push({ key, value });
      }
      return { kind: "object", entries, start, end, file, path };
    }
    case "array":
      return { kind: "array", items: (node.children ?? []).map((c, i) => convert(c, file, [...path, i])), start, end, file, path };
    case "string":
    case "number":
    case "boolean":
    case "null":
      return { kind: "scalar", value: node.value as string | number | boolean | null, start, end, file, path };
    default:
      throw new ParseError(`unexpected JSON node ${node.type}`, start);
  }
}

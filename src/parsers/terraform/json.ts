/**
 * `.tf.json` files: Terraform's JSON syntax, in both forms it allows for blocks: nested objects keyed by label
 * (`{"resource": {"aws_kms_key": {"k": {...}}}}`) and arrays of such objects at any level (`{"resource": [{"aws_kms_key":
 * [{"k": [{...}]}]}]}`), used to repeat a key. Strings are templates (`"${aws_kms_key.k.arn}"`), read by `resolve.ts`.
 */
import { parseJson } from "../json.js";
import { ParseError, type ObjectNode, type PNode, type ScalarNode, type SourceFile } from "../../core/positioned.js";
import { blockAddress, type TfBlock, type TfFile } from "./syntax.js";

/** How many labels each top-level block type has. Other top-level keys (`//` comments, `moved`, `check`...) are skipped. */
const LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  variable: 1,
  output: 1,
  module: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
};

/** Parses a `.tf.json` file; a JSON syntax error is the file's `error`, as for `.tf`. */
export function parseTfJson(file: SourceFile): TfFile {
  let root: PNode | undefined;
  try {
    root = parseJson(file);
  } catch (error) {
    if (error instanceof ParseError) {
      return {
        file,
        format: "json",
        blocks: [],
        root: emptyRoot(file),
        error: { message: error.message, ...(error.offset !== undefined ? { offset: error.offset } : {}) },
      };
    }
    if (error instanceof RangeError)
      return {
        file,
        format: "json",
        blocks: [],
        root: emptyRoot(file),
        error: { message: "document is nested too deeply to parse" },
      };
    throw error;
  }
  if (root?.kind !== "object") {
    return {
      file,
      format: "json",
      blocks: [],
      root: root ?? emptyRoot(file),
      error: { message: "a .tf.json file must hold a JSON object" },
    };
  }
  const blocks: TfBlock[] = [];
  for (const { key, value } of root.entries) {
    const count = Object.hasOwn(LABELS, key.value) ? LABELS[key.value] : undefined;
    if (count === undefined) continue;
    collect(value, key.value, count, [], key, file, blocks);
  }
  return { file, format: "json", blocks, root };
}

function emptyRoot(file: SourceFile): ObjectNode {
  return { kind: "object", entries: [], start: 0, end: 0, file, path: [] };
}

/** Walks `remaining` levels of labels (arrays allowed at every level) down to block bodies. */
function collect(
  value: PNode,
  type: string,
  remaining: number,
  labels: string[],
  declaration: ScalarNode & { value: string },
  file: SourceFile,
  out: TfBlock[],
): void {
  if (value.kind === "array") {
    for (const item of value.items) collect(item, type, remaining, labels, declaration, file, out);
    return;
  }
  if (value.kind !== "object") return;
  if (remaining > 0) {
    for (const { key, value: inner } of value.entries) {
      if (key.value === "//") continue;
      collect(inner, type, remaining - 1, [...labels, key.value], key, file, out);
    }
    return;
  }
  const address = blockAddress({ type, labels }) ?? [type, ...labels].join(".");
  out.push({ type, labels, node: { ...declaration, value: address }, body: value, file });
}

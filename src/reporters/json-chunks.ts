/**
 * A JSON report written in pieces: the same text as `JSON.stringify(value, null, 2)`, but produced one array element
 * (or object member) at a time down to a few levels, so that a report of hundreds of megabytes never has to be one
 * string (V8 caps a string at about 512 MB: "Invalid string length") nor sit in memory twice.
 */

const INDENT = "  ";

/** Whether `JSON.stringify` leaves the member out of an object (undefined, functions, symbols). */
const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === "function" || typeof value === "symbol";

/**
 * The pieces of `JSON.stringify(value, null, 2)` followed by a newline. Arrays and plain objects are opened down to
 * `levels` deep; below that, each value is stringified whole (and re-indented: `JSON.stringify` never writes a raw
 * newline inside a string, so every newline of its output is a line break of the layout).
 */
export function* jsonChunks(value: unknown, levels = 3): Generator<string> {
  yield* chunks(value, "", levels);
  yield "\n";
}

function* chunks(value: unknown, indent: string, levels: number): Generator<string> {
  const json = (value as { toJSON?: unknown } | null)?.toJSON;
  if (levels <= 0 || value === null || typeof value !== "object" || typeof json === "function") {
    const text = JSON.stringify(value, null, 2) ?? "null";
    yield indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    yield "[";
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? "" : ","}\n${inner}`;
      const item: unknown = value[i];
      yield* omitted(item) ? ["null"] : chunks(item, inner, levels - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const members = Object.entries(value).filter(([, member]) => !omitted(member));
  if (members.length === 0) {
    yield "{}";
    return;
  }
  yield "{";
  let first = true;
  for (const [key, member] of members) {
    yield `${first ? "" : ","}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* chunks(member, inner, levels - 1);
  }
  yield `\n${indent}}`;
}

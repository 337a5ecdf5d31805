/**
 * What a YAML error is, in words, from the library's error code alone. The library's own messages quote the source
 * ("Block scalar header includes extra characters: |"S3cret..."", "Unresolved tag: ..."), and the offending text of a
 * broken file is as likely as any other to be a secret: no message of ours repeats it. The position goes with the
 * message as a line and column.
 */
const DESCRIPTIONS: ReadonlyMap<string, string> = new Map([
  ["ALIAS_PROPS", "an alias cannot have an anchor or a tag"],
  ["BAD_ALIAS", "an alias that names no anchor"],
  ["BAD_COLLECTION_TYPE", "a tag used on the wrong kind of collection"],
  ["BAD_DIRECTIVE", "an invalid directive"],
  ["BAD_DQ_ESCAPE", "an invalid escape sequence in a double-quoted string"],
  ["BAD_INDENT", "bad indentation"],
  ["BAD_PROP_ORDER", "an anchor or tag in the wrong place"],
  ["BAD_SCALAR_START", "a plain value that starts with a reserved character"],
  ["BLOCK_AS_IMPLICIT_KEY", "a block collection used as a key"],
  ["BLOCK_IN_FLOW", "a block value inside a flow collection"],
  ["DUPLICATE_KEY", "a duplicate mapping key"],
  ["IMPOSSIBLE", "an unreadable structure"],
  ["KEY_OVER_1024_CHARS", "an implicit key longer than 1024 characters"],
  ["MISSING_CHAR", "a missing character (a closing bracket or quote, a comma or a space after a colon)"],
  ["MULTILINE_IMPLICIT_KEY", "an implicit key that spans lines"],
  ["MULTIPLE_ANCHORS", "more than one anchor on a node"],
  ["MULTIPLE_DOCS", "more than one document where one is expected"],
  ["MULTIPLE_TAGS", "more than one tag on a node"],
  ["NON_STRING_KEY", "a key that is not a string"],
  ["RESOURCE_EXHAUSTION", "a document too large to expand"],
  ["TAB_AS_INDENT", "a tab used for indentation"],
  ["TAG_RESOLVE_FAILED", "a tag that could not be resolved"],
  ["UNEXPECTED_TOKEN", "an unexpected token"],
]);

/** The kind of a YAML library error, from its `code`; never the library's message, which may quote the source. */
export function describeYamlError(code: string | undefined): string {
  return (code !== undefined ? DESCRIPTIONS.get(code) : undefined) ?? "unreadable YAML";
}

/**
 * The lenient second reading of a YAML file that the strict parse rejected, for what PyYAML (and so CloudFormation
 * and SAM) accepts: a quoted scalar or a flow collection (`[...]`, `{...}`) whose continuation lines are indented no
 * deeper than the key they belong to, as in
 *
 *     PolicyDocument: !Sub '{
 *       "Statement": [...]
 *     }'
 *
 * YAML 1.2 wants those lines indented deeper than the key; the `yaml` library then reads the rest of the file as one
 * broken token. Inside a quoted scalar or a flow collection leading white space carries no meaning (line folding
 * drops it), so indenting such a line changes no value: this module pads them, and maps every offset in the padded
 * text back to the original, so that positions stay exact.
 *
 * The scan is one pass over the lines with a small state (open quote, flow depth, block scalar), linear in the size
 * of the text. It is not a YAML lexer: it only has to find the lines that continue a flow value, and when it guesses
 * wrong the padded text fails to parse too and the strict error is reported.
 */

export interface Padding {
  /** The padded text, to be parsed instead of the original. */
  text: string;
  /** Maps an offset in the padded text to the original text. */
  original(offset: number): number;
  /** Original offset of the first line that was padded. */
  firstPadded: number;
}

/** Ascending insertion points: `at` is the original offset of a line start, `added` the spaces inserted there. */
interface Insertion {
  at: number;
  added: number;
  /** Offset of the same line start in the padded text. */
  paddedAt: number;
}

/**
 * The text with every continuation line of a multi-line quoted scalar or flow collection indented one column deeper
 * than the line that opened it, or undefined when no line needs it.
 */
export function padFlowContinuations(text: string): Padding | undefined {
  const insertions: Insertion[] = [];
  let quote: "'" | '"' | undefined;
  let depth = 0;
  /** Indentation of the line that opened the current multi-line flow value. */
  let openedAt = -1;
  /** Indentation of the key that owns the current block scalar (`|`, `>`), or -1 outside one. */
  let blockParent = -1;
  let added = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    let indent = 0;
    while (lineStart + indent < lineEnd && text.charCodeAt(lineStart + indent) === 32) indent++;
    const blank = isBlank(text, lineStart + indent, lineEnd);
    if (blockParent >= 0 && (blank || indent > blockParent)) {
      // Inside a block scalar: any text, nothing to track.
    } else {
      blockParent = -1;
      const continuing = quote !== undefined || depth > 0;
      if (continuing && !blank && indent <= openedAt) {
        const pad = openedAt + 1 - indent;
        insertions.push({ at: lineStart, added: pad, paddedAt: lineStart + added });
        added += pad;
      }
      const before = { quote, depth };
      const state = scanLine(text, lineStart + indent, lineEnd, quote, depth);
      quote = state.quote;
      depth = state.depth;
      if (before.quote === undefined && before.depth === 0 && (quote !== undefined || depth > 0))
        openedAt = keyIndent(text, lineStart + indent, lineEnd) - lineStart;
      if (state.blockScalar && quote === undefined && depth === 0) blockParent = indent;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  if (insertions.length === 0) return undefined;
  let padded = "";
  let from = 0;
  for (const insertion of insertions) {
    padded += text.slice(from, insertion.at) + " ".repeat(insertion.added);
    from = insertion.at;
  }
  padded += text.slice(from);
  return {
    text: padded,
    original: (offset) => originalOffset(insertions, offset),
    firstPadded: insertions[0]?.at ?? 0,
  };
}

/** Where the line's key starts: after its indentation and any `- ` sequence entries (`  - - Key: [` -> 6). */
function keyIndent(text: string, from: number, to: number): number {
  let at = from;
  while (at + 1 < to && text[at] === "-" && (text[at + 1] === " " || text[at + 1] === "\t")) {
    at += 2;
    while (at < to && (text[at] === " " || text[at] === "\t")) at++;
  }
  return at;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === "#") return true;
    if (c !== " " && c !== "\t" && c !== "\r") return false;
  }
  return true;
}

/** Binary search for the last insertion at or before `offset` (padded), then undo the spaces added up to there. */
function originalOffset(insertions: readonly Insertion[], offset: number): number {
  let low = 0;
  let high = insertions.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((insertions[mid] as Insertion).paddedAt <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found < 0) return offset;
  const insertion = insertions[found] as Insertion;
  const addedBefore = insertion.paddedAt - insertion.at;
  // An offset inside the inserted spaces is the start of that line in the original.
  if (offset < insertion.paddedAt + insertion.added) return insertion.at;
  return offset - addedBefore - insertion.added;
}

interface LineState {
  quote: "'" | '"' | undefined;
  depth: number;
  /** The line ends with a block scalar header (`key: |`, `- >-`): the lines below it are its text. */
  blockScalar: boolean;
}

/** Follows quotes, flow brackets and comments through one line. */
function scanLine(text: string, from: number, to: number, quote: "'" | '"' | undefined, depth: number): LineState {
  let previous = ""; // the last character before `i` on this line ("" at the line's first character)
  for (let i = from; i < to; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") {
        if (text[i + 1] === "'") i++;
        else quote = undefined;
      }
    } else if (quote === '"') {
      if (c === "\\") i++;
      else if (c === '"') quote = undefined;
    } else if (c === "#" && (previous === "" || previous === " " || previous === "\t")) {
      break;
    } else if ((c === "'" || c === '"') && startsToken(previous)) {
      quote = c;
    } else if ((c === "[" || c === "{") && (depth > 0 || startsToken(previous))) {
      depth++;
    } else if ((c === "]" || c === "}") && depth > 0) {
      depth--;
    }
    previous = c;
  }
  const blockScalar =
    quote === undefined && depth === 0 && /(?:^|[:-]\s+|^-\s*)[|>][0-9+-]*\s*(?:#.*)?\r?$/.test(text.slice(from, to));
  return { quote, depth, blockScalar };
}

/** A quote or bracket opens a value only at the start of a token, not inside a plain scalar (`It's`, `a[0]`). */
const startsToken = (previous: string): boolean =>
  previous === "" || previous === " " || previous === "\t" || previous === "[" || previous === "{" || previous === ",";

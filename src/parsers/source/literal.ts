import type { CodeLiteral, LiteralBinding } from "../../model/entities.js";
import type { PathSegment, SourceFile } from "../../core/positioned.js";

const isNameChar = (c: string): boolean => /[\w$-]/.test(c);
const isNameStart = (c: string): boolean => /[A-Za-z_$]/.test(c);
const QUOTES = "\"'`";

/**
 * The last identifier of a name as written: `config.db.password` gives `password`, `cfg["api_key"]` gives `api_key`.
 * Scanned backwards from the end, in one pass: the regular expressions this replaces rescanned the text from every
 * start position, quadratic on a long line of name characters.
 */
export function lastName(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
  // `cfg["api_key"]`: the quoted key of a trailing subscript.
  if (text[end - 1] === "]") {
    let close = end - 2;
    while (close >= 0 && /\s/.test(text[close] as string)) close--;
    const quote = text[close] as string;
    if (close > 0 && QUOTES.includes(quote)) {
      let open = close - 1;
      while (open >= 0 && !QUOTES.includes(text[open] as string)) open--;
      let bracket = open - 1;
      while (bracket >= 0 && /\s/.test(text[bracket] as string)) bracket--;
      if (open >= 0 && open < close - 1 && text[bracket] === "[") return text.slice(open + 1, close);
    }
  }
  let start = end;
  while (start > 0 && isNameChar(text[start - 1] as string)) start--;
  while (start < end && !isNameStart(text[start] as string)) start++;
  return start < end ? text.slice(start, end) : undefined;
}

/**
 * A named literal. `start`/`end` span the literal as written, quotes included; the path (binding, name, and the
 * occurrence of that name in the file) keeps a finding's fingerprint stable when lines move.
 */
export function codeLiteral(
  file: SourceFile,
  name: string,
  binding: LiteralBinding,
  value: string,
  start: number,
  end: number,
  seen: Map<string, number>,
): CodeLiteral {
  const count = seen.get(name) ?? 0;
  seen.set(name, count + 1);
  const path: PathSegment[] = count === 0 ? [name] : [name, count];
  return { name, binding, node: { kind: "scalar", value, start, end, file, path } };
}

/**
 * Long runs of whitespace in `.tf` expressions, hidden from tree-sitter as comments of the same length.
 *
 * Why: the Terraform grammar lexes whitespace one character per token (`_whitespace: token(/\s/)`), and wherever a
 * quoted string or heredoc may start its external scanner is called first, skips the whole run looking for `"`, finds
 * none and gives up, so the lexer advances one character and the scanner skips the rest of the run again: quadratic in
 * the run's length (`concat(var.a,<50,000 spaces>var.b)` took 70 s). A block comment is one token to the lexer, and
 * comments and whitespace are both extras to the grammar, so the tree keeps its shape; the length does not change, so
 * every offset, and so every position, stays exact. Values are read from the original text, never from the masked one.
 *
 * Only code is masked: whitespace inside a string, a heredoc or a comment is content (or closes a heredoc). Where the
 * text stops looking like what the grammar accepts (a newline in a quoted string, an odd heredoc marker), masking stops
 * for the rest of the file: the parse is then as slow as before, never different.
 */

/** Runs shorter than this cost little even quadratically (16 characters: about 2 µs). At least 6: a space, the
 * comment's four delimiter characters, a space. */
const MIN_RUN = 16;

/** Characters of the runs that are masked: ASCII whitespace, which both the grammar and its scanner skip. */
const isAsciiSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);

/** musl's `iswspace`, which the scanner (compiled to WebAssembly against musl) uses to find a heredoc's end. */
const SCANNER_SPACES = new Set([
  0x85, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x205f,
  0x3000,
]);
const isScannerSpace = (code: number): boolean => isAsciiSpace(code) || SCANNER_SPACES.has(code);

/** Where the lexer is: code (top level, or inside `${…}`/`%{…}`), a quoted string, or a heredoc's content. */
type Frame = { kind: "code"; braces: number } | { kind: "string" } | { kind: "heredoc"; marker: string };

/** A run of `MIN_RUN` whitespace characters anywhere: most files have none and need no further look. */
const QUICK_CHECK = /[ \t\n\v\f\r]{16}/;

/**
 * `text` with every run of at least 16 whitespace characters in code turned into a block comment of the same length:
 * the run's first and last characters, the comment delimiters, and the run's other characters between them.
 */
export function maskLongWhitespace(text: string): string {
  if (!QUICK_CHECK.test(text)) return text;
  const runs = maskableRuns(text);
  if (runs.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const [start, end] of runs) {
    // The run's first and last characters stay: `a /` + `/*` would otherwise read as `//`, a line comment.
    parts.push(text.slice(last, start + 1), "/*", text.slice(start + 3, end - 3), "*/");
    last = end - 1;
  }
  parts.push(text.slice(last));
  return parts.join("");
}

/** `[start, end)` of each run of ASCII whitespace in code, at least `MIN_RUN` long, in order. */
export function maskableRuns(text: string): [number, number][] {
  const runs: [number, number][] = [];
  const stack: Frame[] = [{ kind: "code", braces: 0 }];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const frame = stack[stack.length - 1] as Frame;
    const c = text.charCodeAt(i);
    if (frame.kind === "code") {
      if (isAsciiSpace(c)) {
        let end = i + 1;
        while (end < length && isAsciiSpace(text.charCodeAt(end))) end++;
        if (end - i >= MIN_RUN) runs.push([i, end]);
        i = end;
      } else if (c === 0x23 /* # */ || (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f)) {
        const newline = text.indexOf("\n", i);
        i = newline < 0 ? length : newline;
      } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
        const close = text.indexOf("*/", i + 2);
        i = close < 0 ? length : close + 2;
      } else if (c === 0x22 /* " */) {
        stack.push({ kind: "string" });
        i++;
      } else if (c === 0x3c /* < */ && text.charCodeAt(i + 1) === 0x3c) {
        const opened = openHeredoc(text, i + 2);
        if (!opened) return runs;
        stack.push({ kind: "heredoc", marker: opened.marker });
        i = opened.contentStart;
      } else if (c === 0x7b /* { */) {
        frame.braces++;
        i++;
      } else if (c === 0x7d /* } */) {
        if (frame.braces > 0) frame.braces--;
        else if (stack.length > 1) stack.pop(); // The end of an interpolation or directive: back to its template.
        i++;
      } else {
        i++;
      }
    } else if (frame.kind === "string") {
      if (c === 0x0a) return runs; // Not valid HCL; the scanner would go on past it: stop guessing.
      if (c === 0x5c /* \ */) i += 2;
      else if (c === 0x22) {
        stack.pop();
        i++;
      } else i = afterTemplateSequence(text, i, stack);
    } else {
      if (isScannerSpace(c)) {
        let end = i + 1;
        let newline = c === 0x0a;
        for (; end < length && isScannerSpace(text.charCodeAt(end)); end++)
          if (text.charCodeAt(end) === 0x0a) newline = true;
        i = end;
        // The scanner checks for the closing marker only after whitespace that holds a newline.
        if (newline && text.startsWith(frame.marker, i)) {
          let after = i + frame.marker.length;
          while (after < length && isScannerSpace(text.charCodeAt(after)) && text.charCodeAt(after) !== 0x0a) after++;
          if (text.charCodeAt(after) === 0x0a) {
            // The scanner reads on to the newline to close the heredoc: what it reads stays as it is.
            stack.pop();
            i = after;
          } else {
            // The scanner takes the marker, the spaces and one more character as literal text.
            i = after + 1;
          }
        }
      } else if (c === 0x3c && text.charCodeAt(i + 1) === 0x3c) {
        return runs; // A heredoc inside a heredoc's interpolation, or text that looks like one: stop guessing.
      } else {
        i = afterTemplateSequence(text, i, stack);
      }
    }
  }
  return runs;
}

/**
 * In a string or heredoc at `i`: `${` and `%{` open code (pushed on `stack`), `$${` and `%%{` are literal text.
 * Returns where to go on.
 */
function afterTemplateSequence(text: string, i: number, stack: Frame[]): number {
  const c = text.charCodeAt(i);
  if (c !== 0x24 /* $ */ && c !== 0x25 /* % */) return i + 1;
  const next = text.charCodeAt(i + 1);
  if (next === 0x7b) {
    stack.push({ kind: "code", braces: 0 });
    return i + 2;
  }
  if (next === c && text.charCodeAt(i + 2) === 0x7b) return i + 3;
  return i + 1;
}

/**
 * After `<<` at `i`: the scanner skips whitespace (newlines too), takes the marker's characters and starts the
 * content right after them. Undefined (stop masking) for a marker that is not plain ASCII or is empty.
 */
function openHeredoc(text: string, i: number): { marker: string; contentStart: number } | undefined {
  let at = text.charCodeAt(i) === 0x2d /* - */ ? i + 1 : i;
  while (at < text.length && isScannerSpace(text.charCodeAt(at))) at++;
  const start = at;
  while (at < text.length && /[A-Za-z0-9_-]/.test(text.charAt(at))) at++;
  const next = text.charCodeAt(at);
  if (at === start || (next > 0x7f && !isScannerSpace(next))) return undefined;
  return { marker: text.slice(start, at), contentStart: at };
}

/**
 * The tokens of the light JavaScript/TypeScript reader (`javascript-light.ts`): ASCII names, numbers, quoted strings,
 * templates without substitutions and a few punctuators. Everything else (a regular expression or a division, `<`,
 * `=>`, `?.`, a decorator, a private name, a template with `${`, an escape TypeScript reports, a name or blank outside
 * ASCII) is `undefined`: the caller then gives the file to TypeScript's parser, which loads in ~0.5 s. Declining is
 * always safe; accepting a text TypeScript would read differently is the only error, so each rule below errs on the
 * side of declining.
 */

export type TokenKind = "name" | "string" | "template" | "number" | "punct" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** The text as written: a punctuator or name, the quoted literal with its quotes. */
  readonly text: string;
  /** The content of a string or template, escapes decoded as TypeScript decodes them. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** A line break (or a comment holding one) comes between the previous token and this one. */
  readonly newlineBefore: boolean;
}

/** Thrown where the light reader declines a text; caught by the reader, never seen outside. */
export class Declined extends Error {}

export const decline = (why: string): never => {
  throw new Declined(why);
};

/** Punctuators, longest first where one is the prefix of another. Any other punctuator declines. */
const PUNCTUATORS = [
  "...",
  "===",
  "!==",
  "==",
  "!=",
  "&&",
  "||",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ";",
  ",",
  ":",
  ".",
  "?",
  "=",
  "!",
  "+",
  "-",
  "*",
  "%",
];
/** A punctuator above, followed by one of these characters, is another operator (`=>`, `?.`, `+=`, `&&=`, `**`). */
const NOT_FOLLOWED: Readonly<Record<string, string>> = {
  "=": "=>",
  "==": "=",
  "!=": "=",
  "?": ".?",
  "+": "+=",
  "-": "-=",
  "*": "*=",
  "%": "=",
  "&&": "=",
  "||": "=",
  ".": ".0123456789",
};

const isNameStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36; /* a-z A-Z _ $ */
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isNamePart = (c: number): boolean => isNameStart(c) || isDigit(c);
const isHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/** Decimal (`0`, `12`, `1.5`, `2e-3`) and hexadecimal (`0xFF`) numbers; legacy octal, separators and BigInt decline. */
const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/y;

/** Where the line holding `from` ends: a line break, U+2028, U+2029, or the end of the text. */
function lineEnd(text: string, from: number): number {
  let pos = from;
  for (; pos < text.length; pos++) {
    const c = text.charCodeAt(pos);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) break;
  }
  return pos;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
};

/** A scanner over `text`, one token at a time, with any number of tokens of look-ahead. */
export class Tokens {
  private pos = 0;
  private readonly ahead: Token[] = [];

  constructor(private readonly text: string) {
    // A shebang line, which TypeScript skips as trivia at the start of a file only.
    if (text.startsWith("#!")) {
      this.pos = lineEnd(text, 0);
    }
  }

  /** The token `n` places ahead (0: the next one), without taking it. */
  peek(n = 0): Token {
    while (this.ahead.length <= n) this.ahead.push(this.scan());
    return this.ahead[n] as Token;
  }

  next(): Token {
    const token = this.peek();
    this.ahead.shift();
    return token;
  }

  private scan(): Token {
    const text = this.text;
    let newlineBefore = false;
    // Blanks and comments.
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 11 || c === 12) this.pos++;
      else if (c === 10 || c === 13) {
        newlineBefore = true;
        this.pos++;
        // Seven `=` at the start of a line are a merge-conflict marker to TypeScript, reported as an error.
        if (text.startsWith("=======", this.pos)) decline("conflict marker");
      } else if (c === 47 /* / */ && text.charCodeAt(this.pos + 1) === 47) {
        this.pos = lineEnd(text, this.pos);
        if (text.charCodeAt(this.pos) > 127) decline("line separator");
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 42 /* * */) {
        const end = text.indexOf("*/", this.pos + 2);
        if (end < 0) decline("unterminated comment");
        if (/[\n\r\u2028\u2029]/.test(text.slice(this.pos + 2, end))) newlineBefore = true;
        this.pos = end + 2;
      } else break;
    }
    const start = this.pos;
    if (start === 0 && text.startsWith("=======")) decline("conflict marker");
    if (start >= text.length) return { kind: "eof", text: "", value: "", start, end: start, newlineBefore };
    const c = text.charCodeAt(start);
    if (isNameStart(c)) {
      let end = start + 1;
      while (end < text.length && isNamePart(text.charCodeAt(end))) end++;
      if (text.charCodeAt(end) === 92 /* \ */ || text.charCodeAt(end) > 127) decline("name outside ASCII");
      this.pos = end;
      const name = text.slice(start, end);
      return { kind: "name", text: name, value: name, start, end, newlineBefore };
    }
    if (isDigit(c)) {
      NUMBER.lastIndex = start;
      const match = NUMBER.exec(text) ?? decline("number");
      const end = start + match[0].length;
      const after = text.charCodeAt(end);
      // `1.toString`, `1_000`, `10n`, `08`: a name, a digit or a dot right after a number.
      if (isNamePart(after) || after === 46 || after === 92 || after > 127) decline("number suffix");
      this.pos = end;
      return { kind: "number", text: match[0], value: match[0], start, end, newlineBefore };
    }
    if (c === 34 || c === 39) return this.quoted(start, newlineBefore);
    if (c === 96) return this.template(start, newlineBefore);
    for (const punct of PUNCTUATORS) {
      if (!text.startsWith(punct, start)) continue;
      const following = NOT_FOLLOWED[punct];
      const after = text[start + punct.length];
      if (following !== undefined && after !== undefined && following.includes(after))
        decline(`operator ${punct}${after}`);
      this.pos = start + punct.length;
      return { kind: "punct", text: punct, value: punct, start, end: this.pos, newlineBefore };
    }
    return decline(`character ${text[start]}`);
  }

  /** A `'...'` or `"..."` string: no raw line break (TypeScript ends the string there with an error). */
  private quoted(start: number, newlineBefore: boolean): Token {
    const text = this.text;
    const quote = text.charCodeAt(start);
    let pos = start + 1;
    let value = "";
    let from = pos;
    for (;;) {
      if (pos >= text.length) decline("unterminated string");
      const c = text.charCodeAt(pos);
      if (c === quote) break;
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) decline("line break in string");
      if (c === 92) {
        value += text.slice(from, pos);
        const [decoded, next] = this.escape(pos, false);
        value += decoded;
        pos = from = next;
        continue;
      }
      pos++;
    }
    value += text.slice(from, pos);
    this.pos = pos + 1;
    return { kind: "string", text: text.slice(start, this.pos), value, start, end: this.pos, newlineBefore };
  }

  /** A template without substitutions. A carriage return declines (TypeScript normalises it in the value). */
  private template(start: number, newlineBefore: boolean): Token {
    const text = this.text;
    let pos = start + 1;
    let value = "";
    let from = pos;
    for (;;) {
      if (pos >= text.length) decline("unterminated template");
      const c = text.charCodeAt(pos);
      if (c === 96) break;
      if (c === 13) decline("carriage return in template");
      if (c === 36 /* $ */ && text.charCodeAt(pos + 1) === 123 /* { */) decline("substitution");
      if (c === 92) {
        value += text.slice(from, pos);
        const [decoded, next] = this.escape(pos, true);
        value += decoded;
        pos = from = next;
        continue;
      }
      pos++;
    }
    value += text.slice(from, pos);
    this.pos = pos + 1;
    return { kind: "template", text: text.slice(start, this.pos), value, start, end: this.pos, newlineBefore };
  }

  /**
   * The escape at `pos` (a backslash): its value and the position after it. An octal escape, `\8`, `\9`, a malformed
   * `\x` or `\u` and an escape of a character outside ASCII decline; a line continuation is the empty string.
   */
  private escape(pos: number, inTemplate: boolean): [string, number] {
    const text = this.text;
    const c = text[pos + 1] ?? "";
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return [simple, pos + 2];
    switch (c) {
      case "0":
        if (isDigit(text.charCodeAt(pos + 2))) decline("octal escape");
        return ["\0", pos + 2];
      case "x": {
        if (!isHex(text.charCodeAt(pos + 2)) || !isHex(text.charCodeAt(pos + 3))) decline("\\x escape");
        return [String.fromCharCode(parseInt(text.slice(pos + 2, pos + 4), 16)), pos + 4];
      }
      case "u": {
        if (text[pos + 2] === "{") {
          const digits = /^([0-9a-fA-F]{1,6})\}/.exec(text.slice(pos + 3, pos + 10))?.[1] ?? decline("\\u{} escape");
          const codePoint = parseInt(digits, 16);
          if (codePoint > 0x10ffff) decline("\\u{} escape");
          return [String.fromCodePoint(codePoint), pos + 4 + digits.length];
        }
        const digits = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(digits)) decline("\\u escape");
        return [String.fromCharCode(parseInt(digits, 16)), pos + 6];
      }
      // A line continuation: the backslash and the line break are no part of the value.
      case "\n":
        return ["", pos + 2];
      case "\r":
        if (inTemplate) decline("carriage return in template");
        return ["", text[pos + 2] === "\n" ? pos + 3 : pos + 2];
      default: {
        // Any other ASCII character stands for itself; a digit (octal), a control character or more declines.
        const code = c.charCodeAt(0);
        if (c === "" || code > 127 || code < 32 || isDigit(code)) decline("escape");
        return [c, pos + 2];
      }
    }
  }
}

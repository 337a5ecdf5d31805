/**
 * Text from scanned files (file names, keys, parser messages) as a terminal may safely print it: control characters
 * (C0, DEL, C1, and the Unicode line and paragraph separators) are written as escapes (`\u001b`, `\n`), so that a file
 * named with ESC cannot drive the terminal and one with a newline cannot split a report line in two.
 */
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) =>
    Object.hasOwn(NAMED, c) ? (NAMED[c] as string) : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

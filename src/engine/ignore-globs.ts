/**
 * Ignore rules made safe for the `ignore` package. It turns each `**` segment into `(?:\/[^\/]+)*`, and a line with
 * several of them into a regular expression that backtracks polynomially in the path's depth with the number of `**`
 * as the exponent: `a/**\/` twenty times then `x`, over a 40-deep chain of `a/` folders, never finished. Runs of `**`
 * segments mean the same as one and are collapsed; a line that still has more than `MAX_GLOBSTARS` is not used.
 * Not using a rule scans more files rather than fewer (or, for a `!` line, re-includes fewer), and no real ignore file
 * needs three `**` in one line.
 */

/** `**` segments one line may keep: each test then costs at most the depth squared (measured: 24 ms for 200 folders deep). */
export const MAX_GLOBSTARS = 2;

/** One ignore line with runs of `**` segments collapsed (`a/**\/**\/b` -> `a/**\/b`), or undefined when too complex. */
export function boundedIgnoreLine(line: string): string | undefined {
  const segments = line.split("/");
  const kept = segments.filter((segment, index) => !(segment === "**" && segments[index - 1] === "**"));
  const globstars = kept.filter((segment) => segment === "**").length;
  return globstars > MAX_GLOBSTARS ? undefined : kept.join("/");
}

/** An ignore file's text with every line made safe (see `boundedIgnoreLine`); lines too complex become empty lines. */
export function boundedIgnoreText(text: string): string {
  return text
    .split("\n")
    .map((line) => boundedIgnoreLine(line) ?? "")
    .join("\n");
}

/** Why an `include`/`exclude` glob is refused (too many `**` segments), or undefined when it is usable. */
export function globProblem(glob: string): string | undefined {
  if (boundedIgnoreLine(glob) !== undefined) return undefined;
  return `has more than ${MAX_GLOBSTARS} separate ** segments, which makes path matching exponentially slow; use at most ${MAX_GLOBSTARS}`;
}

/**
 * A list of `include`/`exclude` globs with runs of `**` collapsed. Unlike an ignore file's line, a glob the user gave
 * is never dropped in silence (an `include` left empty would scan nothing): too complex, it throws.
 */
export function boundedGlobs(globs: readonly string[]): string[] {
  return globs.map((glob) => {
    const bounded = boundedIgnoreLine(glob);
    if (bounded === undefined) throw new Error(`glob ${JSON.stringify(glob)} ${globProblem(glob) ?? ""}`);
    return bounded;
  });
}

/**
 * IAM's wildcards (`*` any run of characters, `?` one character), matched without a regular expression: turned
 * into one, a pattern like `*?*?*?...*eX` backtracks exponentially (150 s on a 44-character action name). This is
 * the classic two-pointer glob match, O(pattern × text) at worst and linear in practice.
 */
export function globMatch(pattern: string, text: string, ignoreCase = true): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === "?" || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi++;
      resume = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

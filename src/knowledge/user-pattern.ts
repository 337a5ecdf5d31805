/**
 * Regular expressions that come from the user's configuration, run by RE2 (`re2js`): its time is linear in the text
 * whatever the pattern, where JavaScript's engine backtracks exponentially on a pattern like `(a+)+b` (a secret named
 * with 40 `a` and a `!` never finished). What RE2 cannot run in linear time (back-references, look-around) it does not
 * compile: such a pattern is refused when the configuration is loaded, with RE2's reason.
 */
import { createRequire } from "node:module";
import type { RE2JS } from "re2js";

export interface UserPattern {
  /** Whether the whole of `text` matches. */
  matchesWhole(text: string): boolean;
}

type Re2 = typeof RE2JS;
let re2: Re2 | undefined;

/** Loaded on the first user pattern: most runs have none, and the engine is a quarter of a megabyte. */
function engine(): Re2 {
  re2 ??= (createRequire(import.meta.url)("re2js") as { RE2JS: Re2 }).RE2JS;
  return re2;
}

/** Compiles a user's pattern; throws an Error saying why RE2 cannot run it. */
export function compileUserPattern(source: string): UserPattern {
  let compiled: RE2JS;
  try {
    compiled = engine().compile(source);
  } catch (error) {
    throw new Error(
      `${(error as Error).message.replace(/^error parsing regexp: /, "")} (patterns run with RE2, which has no back-references or look-around)`,
    );
  }
  return { matchesWhole: (text) => compiled.matches(text) };
}

/** Why `source` cannot be a user pattern, or undefined when it can. */
export function userPatternProblem(source: string): string | undefined {
  try {
    compileUserPattern(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

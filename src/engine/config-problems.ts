/**
 * Ajv's errors for a configuration file, said the way a user can act on them: an unknown key names the closest known
 * one (a misspelt option or rule id), a value outside a list names the list once, and a rule entry that is neither a
 * severity nor an object gives one message instead of one per branch of its `oneOf`.
 */
import type { ErrorObject } from "ajv";
import { didYouMean } from "../knowledge/did-you-mean.js";

/** One problem: where (a JSON pointer) and what, and the key path to locate it in the file. */
export interface ConfigProblem {
  pointer: string;
  segments: string[];
  message: string;
}

/** Needs errors from an Ajv instance with `verbose: true`, which gives each error its data and parent schema. */
export function configProblems(errors: readonly ErrorObject[]): ConfigProblem[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  const problems: ConfigProblem[] = [];
  for (const error of errors) {
    const segments = error.instancePath.split("/").slice(1).map(unescapePointer);
    if (oneOfPaths.has(error.instancePath)) {
      // A severity-or-object entry: an object is judged by its keys, anything else as a severity; the branch it was
      // not meant for, and oneOf's own summary, would only repeat the problem.
      const isObject = typeof error.data === "object" && error.data !== null && !Array.isArray(error.data);
      if (error.keyword === "oneOf" || error.keyword === "type" || (error.keyword === "enum" && isObject)) continue;
    }
    if (error.keyword === "additionalProperties") {
      const key = String((error.params as { additionalProperty?: string }).additionalProperty);
      const known = Object.keys(
        (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
      );
      const suggestion = didYouMean(key, known);
      problems.push({
        pointer: error.instancePath,
        segments: [...segments, key],
        message: `must NOT have additional properties "${key}"${suggestion !== undefined ? `; did you mean "${suggestion}"?` : ""}`,
      });
    } else if (error.keyword === "enum") {
      const allowed = ((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String);
      const got = typeof error.data === "string" ? error.data : JSON.stringify(error.data);
      const suggestion = typeof error.data === "string" ? didYouMean(error.data, allowed) : undefined;
      const orObject = oneOfPaths.has(error.instancePath) ? ", or an object with severity and options" : "";
      problems.push({
        pointer: error.instancePath,
        segments,
        message: `must be one of ${allowed.join(", ")}${orObject}; got ${JSON.stringify(got)}${suggestion !== undefined ? `; did you mean "${suggestion}"?` : ""}`,
      });
    } else {
      problems.push({ pointer: error.instancePath, segments, message: error.message ?? "invalid" });
    }
  }
  return problems;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

import type { CodeLiteral, LiteralBinding } from "../../model/entities.js";
import type { PathSegment, SourceFile } from "../positioned.js";

/** The last identifier of a name as written: `config.db.password` gives `password`, `cfg["api_key"]` gives `api_key`. */
export function lastName(text: string): string | undefined {
  const subscript = /\[\s*["'`]([^"'`]+)["'`]\s*\]\s*$/.exec(text);
  if (subscript) return subscript[1];
  return /([A-Za-z_$][\w$-]*)\s*$/.exec(text)?.[1];
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

/**
 * Scripts written in strings of infrastructure code (EC2 user data, provisioner commands, cloud-init, cfn-init files)
 * read with the shell reader of `.sh` files: `export TOKEN=...`, `aws_secret_access_key = ...` in a credentials file a
 * heredoc writes, `echo "password=..." >> ~/.pgpass`. A cloud-config document is also read as `key: value` lines (its
 * `password:`). Each literal is positioned inside the string as written, so that a finding points at the line of the
 * key in a heredoc or block scalar.
 */
import type { ScriptLiteral } from "../../model/entities.js";
import { SourceFile, valueOffsets, type PNode, type ScalarNode } from "../../core/positioned.js";
import { textLiterals } from "./text.js";

export interface ScriptSource {
  /** The script's text when it is not the node's value as written (a base64 value decoded): its literals are then at `node`. */
  content?: string;
  /** Where the literals of `content` are reported: the node where the script is used (default: `node`). */
  at?: PNode;
  /** Where the value starts in the text (a heredoc's first content line), when known. */
  from?: number;
  via?: string;
}

/** The named literals of the script in `node` (a string scalar), in text order. */
export function scriptLiterals(node: ScalarNode & { value: string }, source: ScriptSource = {}): ScriptLiteral[] {
  const content = source.content ?? node.value;
  if (!/[=:]|configure\s+set\s/.test(content)) return [];
  const scratch = new SourceFile(node.file.path, content);
  const found = textLiterals(scratch, "shell");
  if (/^\s*#cloud-config\b/.test(content)) {
    const taken = found.map((l) => [l.node.start, l.node.end] as const);
    for (const extra of textLiterals(scratch, "ini")) {
      if (!taken.some(([start, end]) => extra.node.start < end && start < extra.node.end)) found.push(extra);
    }
    found.sort((a, b) => a.node.start - b.node.start);
  }
  if (found.length === 0) return [];
  const offsets =
    source.content === undefined ? valueOffsets(node, node.file.text, source.from ?? node.start) : undefined;
  return found.map((literal) => {
    const at = source.at ?? node;
    const start = offsets ? offsets(literal.node.start) : at.start;
    const end = offsets ? offsets(literal.node.end - 1) + 1 : at.end;
    return {
      name: literal.name,
      binding: literal.binding,
      node: {
        kind: "scalar",
        value: literal.node.value,
        start,
        end,
        file: at.file,
        path: [...at.path, ...literal.node.path],
      },
      ...(source.via !== undefined ? { via: source.via } : {}),
    };
  });
}

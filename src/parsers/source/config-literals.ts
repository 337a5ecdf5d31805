/**
 * The named strings of a YAML or JSON configuration file: each string value with the key it is under, the input of
 * the credential checks for configuration (`rules/hardcoded-credential/source.ts`). Two ways to get them: from a
 * parsed tree (`configLiterals`), and, for big data files, from the streaming readers (`json-stream.ts`,
 * `yaml-stream.ts`), which keep only the literals `credentialLiteralFilter` lets through and must agree with the tree on
 * those.
 */
import type { CodeLiteral } from "../../model/entities.js";
import type { PNode, ScalarNode, SourceFile } from "../../core/positioned.js";
import { isSecretLikeName } from "../../knowledge/secret-names.js";
import { fileCredentials } from "../../knowledge/credential-patterns.js";
import { overlapsSorted } from "../../knowledge/spans.js";
import { scriptLiterals } from "./embedded-script.js";

/** The string values of a parsed YAML or JSON configuration, with the key each is under (arrays keep their key). */
export function configLiterals(node: PNode, name: string | undefined, out: CodeLiteral[] = []): CodeLiteral[] {
  if (node.kind === "scalar") {
    if (typeof node.value === "string" && name !== undefined)
      out.push({ node: node as CodeLiteral["node"], name, binding: "property" });
  } else if (node.kind === "array") {
    for (const item of node.items) configLiterals(item, name, out);
  } else {
    // `{Name: DB_PASSWORD, Value: ...}` (ECS, CloudFormation tags, Kubernetes env): the value is under that name.
    const sibling = node.entries.find(
      (e) => PAIR_NAME.test(e.key.value) && e.value.kind === "scalar" && typeof e.value.value === "string",
    );
    for (const { key, value } of node.entries) {
      if (key.value === "environment" && environmentLiterals(value, out)) continue;
      const paired =
        PAIR_VALUE.test(key.value) && sibling ? ((sibling.value as ScalarNode).value as string) : undefined;
      configLiterals(value, paired ?? key.value, out);
    }
  }
  return out;
}

/**
 * An `environment:` section (docker-compose, the Serverless Framework): a map of variables (`DB_PASSWORD: value`) or
 * a list of `NAME=value` strings, each an environment variable set to a literal. False when it is neither (a name).
 */
function environmentLiterals(node: PNode, out: CodeLiteral[]): boolean {
  if (node.kind === "object") {
    for (const { key, value } of node.entries) {
      if (value.kind === "scalar" && typeof value.value === "string")
        out.push({ node: value as CodeLiteral["node"], name: key.value, binding: "environment" });
      else configLiterals(value, key.value, out);
    }
    return true;
  }
  if (node.kind !== "array") return false;
  for (const item of node.items) {
    const variable = item.kind === "scalar" && typeof item.value === "string" ? ASSIGNMENT.exec(item.value) : null;
    if (!variable) {
      configLiterals(item, "environment", out);
      continue;
    }
    const name = variable[1] as string;
    const value = variable[2] as string;
    out.push({
      node: { ...(item as CodeLiteral["node"]), value, ...valueSpan(item, name.length + 1) },
      name,
      binding: "environment",
    });
  }
  return true;
}

/** `NAME=value`: a variable name, then everything after the first `=`. */
const ASSIGNMENT = /^([A-Za-z_][\w.-]*)=([\s\S]*)$/;

/**
 * Where the value after `NAME=` is written, when the scalar is written plainly or quoted without escapes (the usual
 * `- KEY=value`, `- "KEY=value"`); else the whole scalar, which holds it.
 */
function valueSpan(item: PNode, skip: number): { start: number; end: number } {
  const written = item.file.text.slice(item.start, item.end);
  const value = (item as { value: string }).value;
  if (written === value) return { start: item.start + skip, end: item.end };
  if (/^["']/.test(written) && written.slice(1, -1) === value)
    return { start: item.start + 1 + skip, end: item.end - 1 };
  return { start: item.start, end: item.end };
}

/** The keys that name a `Value` sibling, and that sibling. */
export const PAIR_NAME = /^(Name|Key|name|key)$/;
export const PAIR_VALUE = /^(Value|value)$/;

/**
 * Which configuration literals can give a credential finding at all, in a file whose whole text is one region: a
 * literal under a secret-like name, one holding `=` (a file or a connection string written into a string), and one
 * that a well-known format found in the text overlaps (the same search `sourceCredentials` runs). The credential
 * checks report no other literal and claim no finding through it, so a streaming reader that drops the others early
 * (a data file holds hundreds of thousands of strings) changes no result.
 */
export function credentialLiteralFilter(
  file: SourceFile,
): (name: string, value: string, start: number, end: number) => boolean {
  const { found } = fileCredentials(file);
  return (name, value, start, end) =>
    isSecretLikeName(name) || value.includes("=") || overlapsSorted(found, start, end);
}

/**
 * Each literal with the named literals written inside it when it is a multi-line string value, at their own lines: a
 * README.yaml's `usage:` block that shows `admin_password = "..."`, a script or `.env` text under a key. A credential
 * inside such a value is then reported under its own name and line, not as the whole value under the outer key.
 * Applied to the tree's and the streaming readers' literals alike, after `configLiterals`, so that the two still agree.
 */
export function withEmbeddedLiterals(literals: CodeLiteral[]): CodeLiteral[] {
  return literals.map((literal) => {
    if (!literal.node.value.includes("\n")) return literal;
    const embedded = scriptLiterals(literal.node);
    return embedded.length > 0 ? { ...literal, embedded } : literal;
  });
}

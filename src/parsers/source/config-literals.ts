/**
 * The named strings of a YAML or JSON configuration file: each string value with the key it is under, the input of
 * the credential checks for configuration (`rules/hardcoded-credential/source.ts`). Two ways to get them: from a
 * parsed tree (`configLiterals`), and, for big data files, from the streaming readers (`json-stream.ts`,
 * `yaml-stream.ts`), which keep only the literals `credentialLiteralFilter` lets through and must agree with the tree on
 * those.
 */
import type { CodeLiteral } from "../../model/entities.js";
import type { PNode, ScalarNode, SourceFile } from "../positioned.js";
import { isSecretLikeName } from "../../knowledge/secret-names.js";
import { fileCredentials } from "../../knowledge/credential-patterns.js";
import { overlapsSorted } from "../../knowledge/spans.js";

/** The string values of a parsed YAML or JSON configuration, with the key each is under (arrays keep their key). */
export function configLiterals(node: PNode, name: string | undefined, out: CodeLiteral[] = []): CodeLiteral[] {
  if (node.kind === "scalar") {
    if (typeof node.value === "string" && name !== undefined) out.push({ node: node as CodeLiteral["node"], name, binding: "property" });
  } else if (node.kind === "array") {
    for (const item of node.items) configLiterals(item, name, out);
  } else {
    // `{Name: DB_PASSWORD, Value: ...}` (ECS, CloudFormation tags, Kubernetes env): the value is under that name.
    const sibling = node.entries.find((e) => PAIR_NAME.test(e.key.value) && e.value.kind === "scalar" && typeof e.value.value === "string");
    for (const { key, value } of node.entries) {
      const paired = PAIR_VALUE.test(key.value) && sibling ? ((sibling.value as ScalarNode).value as string) : undefined;
      configLiterals(value, paired ?? key.value, out);
    }
  }
  return out;
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
export function credentialLiteralFilter(file: SourceFile): (name: string, value: string, start: number, end: number) => boolean {
  const { found } = fileCredentials(file);
  return (name, value, start, end) => isSecretLikeName(name) || value.includes("=") || overlapsSorted(found, start, end);
}

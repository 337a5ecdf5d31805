/**
 * Scripts that CloudFormation templates hand to machines, read as shell (`parsers/source/embedded-script.ts`): a
 * `UserData` property anywhere in a resource (`Fn::Base64` of a literal, of a `Fn::Sub` template or of a `Fn::Join`
 * of parts), and the `content` of files and the `command` of commands in `AWS::CloudFormation::Init` metadata. Each
 * literal string part is read on its own; `Ref`s, `Fn::GetAtt`s, a `Fn::Join` delimiter and a `Fn::Sub` variable map
 * are not script text.
 */
import type { EmbeddedScript } from "../../model/entities.js";
import { get, type PNode, type ScalarNode } from "../../core/positioned.js";
import { scriptLiterals } from "../source/embedded-script.js";

/** How deep properties are searched for `UserData`. */
const MAX_DEPTH = 12;

export function templateScripts(root: PNode): EmbeddedScript[] {
  const resources = get(root, "Resources");
  if (resources?.kind !== "object") return [];
  const out: EmbeddedScript[] = [];
  for (const { key, value } of resources.entries) {
    const add = (node: PNode, runs: string) => {
      const literals = stringsOf(node, 0).flatMap((s) => scriptLiterals(s));
      if (literals.length > 0) out.push({ node, runs, resource: key.value, literals });
    };
    const findUserData = (node: PNode | undefined, depth: number): void => {
      if (!node || depth > MAX_DEPTH) return;
      if (node.kind === "array") node.items.forEach((item) => findUserData(item, depth + 1));
      if (node.kind !== "object") return;
      for (const entry of node.entries) {
        if (entry.key.value === "UserData") add(entry.value, "the UserData script");
        else findUserData(entry.value, depth + 1);
      }
    };
    findUserData(get(value, "Properties"), 0);
    const init = get(get(value, "Metadata"), "AWS::CloudFormation::Init");
    const findInit = (node: PNode | undefined, depth: number): void => {
      if (!node || depth > MAX_DEPTH || node.kind !== "object") return;
      for (const entry of node.entries) {
        if (entry.key.value === "content" && depth >= 2) add(entry.value, "a file cfn-init writes");
        else if (entry.key.value === "command" && depth >= 2) add(entry.value, "a command cfn-init runs");
        else findInit(entry.value, depth + 1);
      }
    };
    findInit(init, 0);
  }
  return out;
}

/** The literal string parts of a script value, through `Fn::Base64`, `Fn::Sub` and `Fn::Join`. */
function stringsOf(node: PNode, depth: number): (ScalarNode & { value: string })[] {
  if (depth > MAX_DEPTH) return [];
  if (node.kind === "scalar") return typeof node.value === "string" ? [node as ScalarNode & { value: string }] : [];
  if (node.kind === "array") return node.items.flatMap((item) => stringsOf(item, depth + 1));
  const [only] = node.entries;
  if (!only || node.entries.length !== 1) return [];
  const inner = only.value;
  switch (only.key.value) {
    case "Fn::Base64":
      return stringsOf(inner, depth + 1);
    case "Fn::Sub":
      return inner.kind === "array"
        ? inner.items[0]
          ? stringsOf(inner.items[0], depth + 1)
          : []
        : stringsOf(inner, depth + 1);
    case "Fn::Join": {
      const parts = inner.kind === "array" ? inner.items[1] : undefined;
      return parts?.kind === "array" ? parts.items.flatMap((part) => stringsOf(part, depth + 1)) : [];
    }
    default:
      return [];
  }
}

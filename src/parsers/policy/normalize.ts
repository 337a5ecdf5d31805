import { get, SourceFile, stringValue, type ObjectNode, type PNode, type PathSegment } from "../../core/positioned.js";
import { parseJson } from "../json.js";
import type { Field, PolicyPrincipal, PolicyStatement } from "../../model/entities.js";

/** Turns a value node into a string field, in the platform's own way (intrinsics, interpolation...). */
export type StringResolver = (node: PNode) => Field<string> | undefined;

/**
 * Normalises an IAM policy document (identity, resource or key policy; the grammar is the same) into statements
 * whose `Action`/`Resource`/`Principal` and their `Not` forms are lists. Works on any platform's positioned tree.
 */
export function normalizePolicy(document: PNode, resolve: StringResolver): PolicyStatement[] {
  const digits = keepDigits(resolve);
  return statementNodes(get(document, "Statement")).map((statement) => normalizeStatement(statement, digits));
}

/**
 * The statements of `Statement`: a list, or a single statement object. A CloudFormation `Fn::If` in their place yields
 * the statements of both branches (either may be deployed; `AWS::NoValue` yields none); any other intrinsic (`Ref`,
 * `Fn::...`) cannot be read and yields none, rather than a statement with nothing in it.
 */
function statementNodes(node: PNode | undefined): ObjectNode[] {
  if (!node) return [];
  if (node.kind === "array") return node.items.flatMap((item) => (item.kind === "array" ? [] : statementNodes(item)));
  if (node.kind !== "object") return [];
  const only = node.entries.length === 1 ? node.entries[0] : undefined;
  if (only && only.key.value === "Fn::If") {
    return only.value.kind === "array" ? only.value.items.slice(1, 3).flatMap(statementNodes) : [];
  }
  if (only && INTRINSIC.test(only.key.value)) return [];
  return [node];
}

const INTRINSIC = /^(Fn::|Ref$)/;

/**
 * YAML reads an unquoted `012345678901` as the number 12345678901; in a policy it is an account id, so a number written
 * as plain digits keeps the digits as written. Everything else goes to the platform's resolver.
 */
export function keepDigits(resolve: StringResolver): StringResolver {
  return (node) => {
    if (node.kind === "scalar" && typeof node.value === "number") {
      const written = node.file.text.slice(node.start, node.end);
      if (/^[0-9]+$/.test(written) && written !== String(node.value)) return { value: written, node };
    }
    return resolve(node);
  };
}

function normalizeStatement(node: PNode, resolve: StringResolver): PolicyStatement {
  const strings = (key: string): Field<string>[] => listOf(get(node, key)).flatMap((item) => resolve(item) ?? []);
  const statement: PolicyStatement = {
    node,
    principals: principals(get(node, "Principal"), resolve),
    notPrincipals: principals(get(node, "NotPrincipal"), resolve),
    actions: strings("Action"),
    notActions: strings("NotAction"),
    resources: strings("Resource"),
    notResources: strings("NotResource"),
    conditions: conditions(get(node, "Condition"), resolve),
  };
  const effect = get(node, "Effect");
  const effectField = effect ? resolve(effect) : undefined;
  if (effectField) statement.effect = effectField;
  return statement;
}

function listOf(node: PNode | undefined): PNode[] {
  if (!node) return [];
  return node.kind === "array" ? node.items : [node];
}

function principals(node: PNode | undefined, resolve: StringResolver): PolicyPrincipal[] {
  if (!node) return [];
  if (node.kind !== "object") {
    // `Principal: "*"` means everyone; it is the only legal non-object form.
    const value = resolve(node);
    return value ? [{ type: "*", value }] : [];
  }
  // An intrinsic in place of the whole principal object cannot be normalised.
  if (node.entries.length === 1 && INTRINSIC.test(node.entries[0]?.key.value ?? "")) return [];
  return node.entries.flatMap(({ key, value }) =>
    listOf(value).flatMap((item) => {
      const field = resolve(item);
      return field ? [{ type: key.value, value: field }] : [];
    }),
  );
}

function conditions(node: PNode | undefined, resolve: StringResolver): PolicyStatement["conditions"] {
  if (node?.kind !== "object") return [];
  return node.entries.flatMap(({ key: operator, value: keys }) =>
    keys.kind !== "object"
      ? []
      : keys.entries.map(({ key, value }) => ({
          operator: operator.value,
          key: key.value,
          values: listOf(value).flatMap((item) => resolve(item) ?? []),
        })),
  );
}

/**
 * A policy written as a JSON string inside a template (`ResourcePolicy: '{"Version": ...}'`), also through
 * `Fn::Sub` (`PolicyDocument: !Sub '{... "arn:${AWS::Partition}:..." ...}'`, whose `${...}` stay as text, as in any
 * other substituted string). Its inner positions cannot be mapped back through the string's escapes, so every inner
 * node takes the span of the whole string; paths continue below the string's own path, so fingerprints stay distinct.
 */
export function policyFromJsonString(
  node: PNode,
  decode: (text: string) => string = (text) => text,
): PNode | undefined {
  const written = stringValue(node) ?? substitutedText(node);
  const text = written === undefined ? undefined : decode(written);
  if (text === undefined || !/^\s*\{/.test(text)) return undefined;
  let inner: PNode | undefined;
  try {
    inner = parseJson(new SourceFile(node.file.path, text));
  } catch {
    return undefined;
  }
  return inner && relocate(inner, node, node.path);
}

/** The template string of `{ "Fn::Sub": "..." }` or `{ "Fn::Sub": ["...", {...}] }`. */
function substitutedText(node: PNode): string | undefined {
  if (node.kind !== "object" || node.entries.length !== 1 || node.entries[0]?.key.value !== "Fn::Sub") return undefined;
  const value = node.entries[0].value;
  return value.kind === "array" ? stringValue(value.items[0]) : stringValue(value);
}

function relocate(inner: PNode, outer: PNode, base: readonly PathSegment[]): PNode {
  const place = { start: outer.start, end: outer.end, file: outer.file, path: [...base, ...inner.path] };
  switch (inner.kind) {
    case "scalar":
      return { ...inner, ...place };
    case "array":
      return { ...inner, ...place, items: inner.items.map((item) => relocate(item, outer, base)) };
    case "object":
      return {
        ...inner,
        ...place,
        entries: inner.entries.map((e) => ({
          key: { ...e.key, start: outer.start, end: outer.end, file: outer.file, path: [...base, ...e.key.path] },
          value: relocate(e.value, outer, base),
        })),
      };
  }
}

import { get, SourceFile, stringValue, type PNode, type PathSegment } from "../positioned.js";
import { parseJson } from "../json.js";
import type { Field, PolicyPrincipal, PolicyStatement } from "../../model/entities.js";

/** Turns a value node into a string field, in the platform's own way (intrinsics, interpolation...). */
export type StringResolver = (node: PNode) => Field<string> | undefined;

/**
 * Normalises an IAM policy document (identity, resource or key policy; the grammar is the same) into statements
 * whose `Action`/`Resource`/`Principal` and their `Not` forms are lists. Works on any platform's positioned tree.
 */
export function normalizePolicy(document: PNode, resolve: StringResolver): PolicyStatement[] {
  const statements = get(document, "Statement");
  const list = statements?.kind === "array" ? statements.items : statements ? [statements] : [];
  return list.filter((s) => s.kind === "object").map((statement) => normalizeStatement(statement, resolve));
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
  if (node.entries.length === 1 && /^(Fn::|Ref$)/.test(node.entries[0]?.key.value ?? "")) return [];
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
 * A policy written as a JSON string inside a template (`ResourcePolicy: '{"Version": ...}'`). Its inner positions
 * cannot be mapped back through the string's escapes, so every inner node takes the span of the whole string; paths
 * continue below the string's own path, so fingerprints stay distinct.
 */
export function policyFromJsonString(node: PNode): PNode | undefined {
  const text = stringValue(node);
  if (text === undefined || !/^\s*\{/.test(text)) return undefined;
  let inner: PNode | undefined;
  try {
    inner = parseJson(new SourceFile(node.file.path, text));
  } catch {
    return undefined;
  }
  return inner && relocate(inner, node, node.path);
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


/**
 * IAM policy documents as Terraform writes them, to normalised statements with the positions of their elements:
 * `jsonencode({...})` of an object (positions of each element), a heredoc holding JSON (parsed in place: exact
 * positions), a JSON string (every element at the string's span, as for CloudFormation), a reference to
 * `data.aws_iam_policy_document.<name>.json` (the statements of that data source, written as `statement` blocks), or
 * a local value holding any of these.
 */
import {
  get,
  SourceFile,
  type ArrayNode,
  type Entry,
  type ObjectNode,
  type PathSegment,
  type PNode,
} from "../../core/positioned.js";
import { parseJson } from "../json.js";
import { normalizePolicy } from "../policy/normalize.js";
import type { Field, PolicyPrincipal, PolicyStatement } from "../../model/entities.js";
import { EXPRESSIONS, type TfBlock } from "./syntax.js";
import { interpolations, listFields, stringField, traversal, type ModuleScope } from "./resolve.js";

/** A policy as written: the node that holds the document (for findings about it) and its statements. */
export interface PolicySource {
  documentNode: PNode;
  statements: PolicyStatement[];
  /** Set when the statements come from a `data "aws_iam_policy_document"` block: that block. */
  dataSource?: TfBlock;
}

const resolver =
  (scope: ModuleScope) =>
  (node: PNode): Field<string> | undefined =>
    stringField(node, scope);

/** Statements of data sources: a data source used by several resources is normalised once. */
const dataStatements = new WeakMap<TfBlock, PolicyStatement[]>();

/** The policy a value node holds, or undefined when it cannot be read (a variable, a file, a module output...). */
export function policyAt(node: PNode | undefined, scope: ModuleScope, depth = 0): PolicySource | undefined {
  if (!node || depth > 8) return undefined;
  if (
    node.kind === "scalar" &&
    typeof node.value === "string" &&
    (!scope.literalStrings || EXPRESSIONS.get(node)?.kind === "reference")
  ) {
    const names = wholeTraversal(node.value);
    if (
      names?.[0] === "data" &&
      names[1] === "aws_iam_policy_document" &&
      names[2] &&
      (names[3] === "json" || names[3] === "minified_json")
    ) {
      const address = `data.aws_iam_policy_document.${names[2]}`;
      const block = scope.dataInFile?.get(`${node.file.path}\0${address}`) ?? scope.data.get(address);
      return block
        ? { documentNode: block.body, statements: documentStatements(block, scope, depth), dataSource: block }
        : undefined;
    }
    if (names?.[0] === "local" && names[1] && names.length === 2)
      return policyAt(scope.locals.get(names[1]), scope, depth + 1);
  }
  const document = jsonAt(node, scope);
  if (document?.kind !== "object") return undefined;
  return {
    documentNode: EXPRESSIONS.get(node)?.kind === "heredoc" ? document : node.kind === "scalar" ? node : document,
    statements: normalizePolicy(document, resolver(scope)),
  };
}

/** The traversal a string consists of, when it is exactly one `${...}` (`${local.policy}`): its names. */
function wholeTraversal(text: string): string[] | undefined {
  const parts = interpolations(text);
  const only = parts[0];
  return only && parts.length === 1 && only.start === 0 && only.end === text.length
    ? traversal(only.expression)
    : undefined;
}

/**
 * JSON data written in Terraform: `jsonencode(...)` of a value (its own nodes, with their positions), a heredoc holding
 * JSON (parsed in place), or a string holding JSON (every node at the string's span), also through a local value.
 */
export function jsonAt(node: PNode | undefined, scope: ModuleScope, depth = 0): PNode | undefined {
  if (!node || depth > 8) return undefined;
  const info = EXPRESSIONS.get(node);
  if (info?.kind === "call") {
    const [argument] = node.kind === "array" ? node.items : [];
    return info.name === "jsonencode" && argument && !EXPRESSIONS.has(argument) && argument.kind !== "scalar"
      ? argument
      : undefined;
  }
  if (info?.kind === "heredoc") {
    const inPlace = jsonInPlace(node, info.contentStart, info.contentEnd);
    if (inPlace) return inPlace;
  }
  if (info || node.kind !== "scalar" || typeof node.value !== "string") return undefined;
  if (!scope.literalStrings) {
    const names = wholeTraversal(node.value);
    if (names?.[0] === "local" && names[1] && names.length === 2)
      return jsonAt(scope.locals.get(names[1]), scope, depth + 1);
    if (names) return undefined;
  }
  return jsonInString(node);
}

/**
 * JSON held in a string (`"{\"Version\": ...}"`, or a plan's `policy` value). Positions inside cannot be mapped back
 * through the string's escapes, so every inner node takes the span of the whole string, as CloudFormation's
 * `policyFromJsonString` does; paths continue below the string's own path.
 */
function jsonInString(node: PNode & { kind: "scalar" }): PNode | undefined {
  const text = node.value;
  if (typeof text !== "string" || !/^\s*[[{]/.test(text)) return undefined;
  let inner: PNode | undefined;
  try {
    inner = parseJson(new SourceFile(node.file.path, text));
  } catch {
    return undefined;
  }
  return inner && relocate(inner, node);
}

function relocate(inner: PNode, outer: PNode): PNode {
  const place = (path: readonly PathSegment[]) => ({
    start: outer.start,
    end: outer.end,
    file: outer.file,
    path: [...outer.path, ...path],
  });
  switch (inner.kind) {
    case "scalar":
      return { ...inner, ...place(inner.path) };
    case "array":
      return { ...inner, ...place(inner.path), items: inner.items.map((item) => relocate(item, outer)) };
    case "object":
      return {
        ...inner,
        ...place(inner.path),
        entries: inner.entries.map(
          (e): Entry => ({ key: { ...e.key, ...place(e.key.path) }, value: relocate(e.value, outer) }),
        ),
      };
  }
}

/**
 * JSON written in a heredoc, parsed where it stands: the file's text with everything outside the content blanked
 * (line breaks kept), so that offsets, lines and columns are the file's own. Undefined when it is not JSON (a
 * template directive, an interpolation outside a string).
 */
export function jsonInPlace(node: PNode, contentStart: number, contentEnd: number): PNode | undefined {
  const text = node.file.text;
  const blank = (part: string): string => part.replace(/[^\r\n]/g, " ");
  const padded =
    blank(text.slice(0, contentStart)) + text.slice(contentStart, contentEnd) + blank(text.slice(contentEnd));
  let parsed: PNode | undefined;
  try {
    parsed = parseJson(new SourceFile(node.file.path, padded));
  } catch {
    return undefined;
  }
  return parsed && parsed.kind !== "scalar" ? rebase(parsed, node) : undefined;
}

/** Moves a tree parsed from a padded copy of the file onto the file itself, below `at`'s path. */
function rebase(node: PNode, at: PNode): PNode {
  const path = (inner: readonly PathSegment[]): PathSegment[] => [...at.path, ...inner];
  switch (node.kind) {
    case "scalar":
      return { ...node, file: at.file, path: path(node.path) };
    case "array":
      return {
        ...node,
        file: at.file,
        path: path(node.path),
        items: node.items.map((item) => rebase(item, at)),
      } satisfies ArrayNode;
    case "object":
      return {
        ...node,
        file: at.file,
        path: path(node.path),
        entries: node.entries.map(
          (e): Entry => ({ key: { ...e.key, file: at.file, path: path(e.key.path) }, value: rebase(e.value, at) }),
        ),
      } satisfies ObjectNode;
  }
}

/** The statements of a `data "aws_iam_policy_document"`: its source documents' first, then its own `statement` blocks. */
export function documentStatements(block: TfBlock, scope: ModuleScope, depth = 0): PolicyStatement[] {
  const cached = dataStatements.get(block);
  if (cached) return cached;
  dataStatements.set(block, []); // a document that includes itself ends here
  const included = includedSources(block, scope, depth).flatMap((source) => source.statements);
  const own = blocksOf(block.body, "statement").map((statement) => statementOf(statement, scope));
  const statements = [...included, ...own];
  dataStatements.set(block, statements);
  return statements;
}

/** The documents a policy document data source merges in (`source_policy_documents`, `override_policy_documents`...). */
function includedSources(block: TfBlock, scope: ModuleScope, depth = 0): PolicySource[] {
  return ["source_policy_documents", "override_policy_documents", "source_json", "override_json"].flatMap((name) => {
    const value = get(block.body, name);
    const items = value?.kind === "array" && !EXPRESSIONS.has(value) ? value.items : value ? [value] : [];
    return items.flatMap((item) => policyAt(item, scope, depth + 1) ?? []);
  });
}

/** A policy document data source and those it merges in, transitively. */
export function documentBlocks(block: TfBlock, scope: ModuleScope, seen = new Set<TfBlock>()): Set<TfBlock> {
  if (seen.has(block)) return seen;
  seen.add(block);
  for (const source of includedSources(block, scope))
    if (source.dataSource) documentBlocks(source.dataSource, scope, seen);
  return seen;
}

/** Nested blocks of a body by type: `statement { }` repeated in HCL; an object or a list of objects in JSON. */
export function blocksOf(body: PNode | undefined, type: string): ObjectNode[] {
  if (body?.kind !== "object") return [];
  return body.entries
    .filter((e) => e.key.value === type)
    .flatMap((e) =>
      e.value.kind === "object"
        ? [e.value]
        : e.value.kind === "array" && !EXPRESSIONS.has(e.value)
          ? e.value.items.filter((i): i is ObjectNode => i.kind === "object")
          : [],
    );
}

/**
 * One `statement` block. `effect` defaults to Allow in this data source, so a statement without one is an Allow
 * located at the statement. Principals are `principals { type identifiers }` blocks; conditions `condition { test
 * variable values }` blocks.
 */
function statementOf(node: ObjectNode, scope: ModuleScope): PolicyStatement {
  const effect = stringField(get(node, "effect"), scope) ?? { value: "Allow", node };
  const principals = (type: string): PolicyPrincipal[] =>
    blocksOf(node, type).flatMap((block) => {
      const principalType = stringField(get(block, "type"), scope);
      const typeText = typeof principalType?.value === "string" ? principalType.value : "AWS";
      return listFields(get(block, "identifiers"), scope).map((value) => ({ type: typeText, value }));
    });
  return {
    node,
    effect,
    principals: principals("principals"),
    notPrincipals: principals("not_principals"),
    actions: listFields(get(node, "actions"), scope),
    notActions: listFields(get(node, "not_actions"), scope),
    resources: listFields(get(node, "resources"), scope),
    notResources: listFields(get(node, "not_resources"), scope),
    conditions: blocksOf(node, "condition").flatMap((block) => {
      const test = stringField(get(block, "test"), scope);
      const variable = stringField(get(block, "variable"), scope);
      if (typeof test?.value !== "string" || typeof variable?.value !== "string") return [];
      return [{ operator: test.value, key: variable.value, values: listFields(get(block, "values"), scope) }];
    }),
  };
}

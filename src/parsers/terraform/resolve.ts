/**
 * Terraform values to model fields: literals, references to resources of the same module (folder), and explicit
 * Unresolved values. Works on the trees of `hcl.ts` and `json.ts` alike, since both write references as `${...}`.
 *
 * - `aws_kms_key.k.arn`, `aws_secretsmanager_secret.db.id`: a Reference to the address (`aws_kms_key.k`), with the
 *   attribute. An index or splat (`aws_kms_key.k[0].arn`) is dropped: it still denotes that resource.
 * - `aws_kms_alias.a.name`: the alias's literal name; `.arn`, `.target_key_arn`, `.target_key_id` and `.id`: what the
 *   alias's `target_key_id` resolves to (a Reference to the key), else its name.
 * - `var.x`: the literal `default` with `via: "default of variable x"` and `parameter: "x"`, or Unresolved (`parameter`
 *   still set). Variables are the model's `Parameter`s, named by their bare name.
 * - `local.x`: what the local's expression resolves to (also through object members: `local.tags.env`).
 * - `data.aws_caller_identity.*.account_id`, `data.aws_partition.*.partition`, `data.aws_region.*.name`: CloudFormation's
 *   pseudo-parameter placeholders `${AWS::AccountId}`, `${AWS::Partition}`, `${AWS::Region}`, which the shared
 *   knowledge (`principals.ts`) already reads as the own account, partition and region.
 * - `data.aws_kms_alias.*`, `data.aws_kms_key.*`, `data.aws_secretsmanager_secret.*`: the literal name or key id they
 *   look up, so that `alias/aws/secretsmanager` and secret names are recognised.
 * - `random_password.x.result` (any `random_*` resource): Unresolved, naming the expression: a generated value.
 * - String templates resolve like `Fn::Sub`: resolvable parts are substituted, the others stay as `${...}`
 *   placeholders; an unresolved variable becomes `${x}` (its bare name, as a CloudFormation parameter placeholder),
 *   so that rules that look for secret parameters spliced into a value find Terraform variables the same way.
 * - Function calls: `jsonencode(...)` of values becomes the JSON text (unresolved parts as placeholders); `tostring`,
 *   `sensitive` and `nonsensitive` are transparent; any other call, conditional or `for` expression is Unresolved.
 */
import { get, type PNode } from "../../core/positioned.js";
import { typedFields, type Coerce } from "../field-coercions.js";
import type { Field, FieldValue, Unresolved } from "../../model/entities.js";
import { EXPRESSIONS, type TfBlock } from "./syntax.js";

/** What references resolve against: the blocks of one module folder. */
export interface ModuleScope {
  /** Managed resources by address (`aws_kms_key.k`). */
  resources: Map<string, TfBlock>;
  /** Data sources by address (`data.aws_iam_policy_document.p`). */
  data: Map<string, TfBlock>;
  /**
   * Data sources by file and address (`<path>\0<address>`). Terraform refuses a module that declares an address twice;
   * where files that are not one module share a folder, a reference reads the declaration of its own file.
   */
  dataInFile?: Map<string, TfBlock>;
  /** Variables by name. */
  variables: Map<string, TfBlock>;
  /** Local values by name: their expressions. */
  locals: Map<string, PNode>;
  /** Values `.tfvars` files of the module folder give variables, by variable name (several files may set one). */
  tfvars?: Map<string, PNode[]>;
  /** Plan JSON: strings are planned values, not templates. */
  literalStrings?: boolean;
}

type Primitive = string | number | boolean;
export type Resolution = { value: FieldValue<Primitive>; via?: string; parameter?: string; defaultOf?: string };
/** `null`: Terraform treats the attribute as unset. */
const ABSENT = null;

const unresolved = (expression: string): Unresolved => ({ kind: "unresolved", expression });
const isPrimitive = (value: FieldValue<Primitive>): value is Primitive => typeof value !== "object";
const shorten = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/** Local values may refer to each other; deeper chains than this are left unresolved (they may be cycles). */
const MAX_DEPTH = 12;

/** Resolves a value node; `null` when it is Terraform's `null` (the attribute counts as unset). */
export function resolveNode(node: PNode, scope: ModuleScope, depth = 0): Resolution | typeof ABSENT {
  const info = EXPRESSIONS.get(node);
  if (info?.kind === "call") return resolveCall(node, info.name, info.text, scope, depth);
  if (info?.kind === "other") return { value: unresolved(shorten(info.text)) };
  if (node.kind === "scalar") {
    if (node.value === null) return ABSENT;
    if (typeof node.value !== "string") return { value: node.value };
    // A plan writes unset optional strings as "".
    if (scope.literalStrings && info?.kind !== "reference") return node.value === "" ? ABSENT : { value: node.value };
    return resolveTemplate(node.value, scope, depth);
  }
  return { value: unresolved(node.kind === "array" ? "a list" : "an object") };
}

function resolveCall(
  node: PNode,
  name: string,
  text: string,
  scope: ModuleScope,
  depth: number,
): Resolution | typeof ABSENT {
  const args = node.kind === "array" ? node.items : [];
  const [first] = args;
  if (first && args.length === 1 && (name === "tostring" || name === "sensitive" || name === "nonsensitive"))
    return resolveNode(first, scope, depth + 1);
  if (first && args.length === 1 && name === "jsonencode")
    return { value: JSON.stringify(plainValue(first, scope, depth + 1)) };
  return { value: unresolved(shorten(text)) };
}

/**
 * The plain value of a node, as `jsonencode` would write it: unresolved parts become `${...}` placeholder strings, so
 * that nothing unknown is mistaken for a literal.
 */
export function plainValue(node: PNode, scope: ModuleScope, depth = 0): unknown {
  if (depth > MAX_DEPTH) return "${...}";
  if (!EXPRESSIONS.has(node)) {
    if (node.kind === "array") return node.items.map((item) => plainValue(item, scope, depth + 1));
    if (node.kind === "object")
      return Object.fromEntries(node.entries.map((e) => [e.key.value, plainValue(e.value, scope, depth + 1)]));
  }
  const resolved = resolveNode(node, scope, depth + 1);
  if (resolved === ABSENT) return null;
  return isPrimitive(resolved.value) ? resolved.value : placeholder(resolved);
}

/** The `${...}` placeholder of an unresolved part: a variable by its bare name, as a CloudFormation parameter. */
function placeholder(resolved: Resolution): string {
  const { value, parameter } = resolved;
  if (isUnresolved(value) && parameter !== undefined && value.expression === `var.${parameter}`)
    return `\${${parameter}}`;
  return `\${${describe(value)}}`;
}

function describe(value: FieldValue<Primitive>): string {
  if (typeof value !== "object") return String(value);
  return value.kind === "reference" ? [value.target, value.attribute].filter(Boolean).join(".") : value.expression;
}

/** The `${...}` interpolations of a template, with their offsets; `$${` is an escaped literal `${`. */
export function interpolations(text: string): { start: number; end: number; expression: string }[] {
  const out: { start: number; end: number; expression: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "$" && text[i + 2] === "{") {
      i += 2;
      continue;
    }
    if (text[i] !== "$" || text[i + 1] !== "{") continue;
    const end = closingBrace(text, i + 2);
    if (end < 0) break;
    out.push({ start: i, end: end + 1, expression: text.slice(i + 2, end) });
    i = end;
  }
  return out;
}

/** The offset of the `}` that closes an interpolation opened before `from`, skipping nested braces and strings. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function resolveTemplate(text: string, scope: ModuleScope, depth: number): Resolution {
  // A template directive (`%{ if ... }`) makes the text depend on values only known at apply time.
  if (/(^|[^%])%\{/.test(text)) return { value: unresolved(shorten(text)) };
  const parts = interpolations(text);
  const [only] = parts;
  if (only && parts.length === 1 && only.start === 0 && only.end === text.length)
    return resolveExpression(only.expression, scope, depth);
  let out = "";
  let at = 0;
  let via: string | undefined;
  let defaultOf: string | undefined;
  for (const part of parts) {
    out += text.slice(at, part.start);
    at = part.end;
    const resolved = resolveExpression(part.expression, scope, depth);
    if (isPrimitive(resolved.value)) {
      out += String(resolved.value);
      if (via === undefined) {
        via = resolved.via;
        defaultOf = resolved.defaultOf;
      }
    } else if (
      isUnresolved(resolved.value) &&
      resolved.parameter !== undefined &&
      resolved.value.expression === `var.${resolved.parameter}`
    ) {
      out += placeholder(resolved);
    } else {
      out += text.slice(part.start, part.end);
    }
  }
  out += text.slice(at);
  return via ? { value: out, via, ...(defaultOf !== undefined ? { defaultOf } : {}) } : { value: out };
}

function isUnresolved(value: FieldValue<Primitive>): value is Unresolved {
  return typeof value === "object" && value.kind === "unresolved";
}

/** A traversal split into names, indexes and splats dropped: `aws_kms_key.k[0].arn` -> `["aws_kms_key", "k", "arn"]`. */
export function traversal(expression: string): string[] | undefined {
  const text = expression.trim();
  const match = /^[A-Za-z_][\w-]*/.exec(text);
  if (!match) return undefined;
  const names = [match[0]];
  let rest = text.slice(match[0].length);
  while (rest.length > 0) {
    const step = /^\s*(?:\.([A-Za-z_][\w-]*)|\.(\d+|\*)|\[\s*(?:"[^"]*"|\d+|\*|[A-Za-z_][\w.-]*)\s*\])/.exec(rest);
    if (!step) return undefined;
    if (step[1] !== undefined) names.push(step[1]);
    rest = rest.slice(step[0].length);
  }
  return names;
}

/** The expression of an interpolation (`var.x`, `aws_kms_key.k.arn`, `"text"`, `30`), resolved. */
export function resolveExpression(source: string, scope: ModuleScope, depth = 0): Resolution {
  const expression = source.replace(/^~/, "").replace(/~$/, "").trim();
  if (/^-?\d+(\.\d+)?$/.test(expression)) return { value: Number(expression) };
  if (expression === "true" || expression === "false") return { value: expression === "true" };
  const quoted = /^"((?:[^"\\$]|\\.)*)"$/.exec(expression);
  if (quoted) return { value: JSON.parse(`"${quoted[1] as string}"`) as string };
  const names = traversal(expression);
  if (!names || depth > MAX_DEPTH) return { value: unresolved(shorten(expression)) };
  return resolveTraversal(names, expression, scope, depth);
}

function resolveTraversal(names: string[], text: string, scope: ModuleScope, depth: number): Resolution {
  const [root, second, third, fourth] = names;
  switch (root) {
    case "var":
      return second === undefined
        ? { value: unresolved(text) }
        : variable(second, names.length > 2 ? text : undefined, scope);
    case "local":
      return second === undefined
        ? { value: unresolved(text) }
        : localValue(second, names.slice(2), text, scope, depth);
    case "data":
      return dataSource(`data.${second}.${third}`, second ?? "", fourth, text, scope, depth);
    case "module":
    case "each":
    case "count":
    case "self":
    case "path":
    case "terraform":
      return { value: unresolved(text) };
  }
  const address = `${root}.${second}`;
  const block = second !== undefined ? scope.resources.get(address) : undefined;
  if (!block) return { value: unresolved(text) };
  const attribute = names.slice(2).join(".");
  if (root?.startsWith("random_")) return { value: unresolved(text) };
  if (root === "aws_kms_alias") return kmsAlias(block, attribute, address, text, scope, depth);
  return { value: { kind: "reference", target: block.address ?? address, ...(attribute ? { attribute } : {}) } };
}

function variable(name: string, member: string | undefined, scope: ModuleScope): Resolution {
  const fallback = get(scope.variables.get(name)?.body, "default");
  // A variable's default is a constant: no template to resolve in it.
  if (member === undefined && fallback?.kind === "scalar" && fallback.value !== null && !EXPRESSIONS.has(fallback)) {
    return { value: fallback.value, via: `default of variable ${name}`, parameter: name, defaultOf: name };
  }
  return { value: unresolved(member ?? `var.${name}`), parameter: name };
}

function localValue(name: string, members: string[], text: string, scope: ModuleScope, depth: number): Resolution {
  let node = scope.locals.get(name);
  for (const member of members)
    node = node?.kind === "object" && !EXPRESSIONS.has(node) ? get(node, member) : undefined;
  if (!node) return { value: unresolved(text) };
  const resolved = resolveNode(node, scope, depth + 1);
  if (resolved === ABSENT) return { value: unresolved(text) };
  if (isPrimitive(resolved.value))
    return { ...resolved, via: resolved.via ?? `local value ${[name, ...members].join(".")}` };
  if (isUnresolved(resolved.value))
    return { value: unresolved(text), ...(resolved.parameter !== undefined ? { parameter: resolved.parameter } : {}) };
  return resolved;
}

/** Pseudo-parameter placeholders for the data sources that describe where Terraform runs. */
const CONTEXT_DATA: Record<string, Record<string, string>> = {
  aws_caller_identity: { account_id: "${AWS::AccountId}" },
  aws_partition: { partition: "${AWS::Partition}", dns_suffix: "${AWS::URLSuffix}" },
  aws_region: { name: "${AWS::Region}", region: "${AWS::Region}", id: "${AWS::Region}" },
};

/** For data sources that look a thing up by a literal, the argument that names it. */
const LOOKUP_ARGUMENT: Record<string, string[]> = {
  aws_kms_alias: ["name"],
  aws_kms_key: ["key_id"],
  aws_secretsmanager_secret: ["name", "arn"],
};

function dataSource(
  address: string,
  type: string,
  attribute: string | undefined,
  text: string,
  scope: ModuleScope,
  depth: number,
): Resolution {
  const block = scope.data.get(address);
  if (!block) return { value: unresolved(text) };
  const context = Object.hasOwn(CONTEXT_DATA, type) ? CONTEXT_DATA[type] : undefined;
  if (context) {
    const value = attribute !== undefined && Object.hasOwn(context, attribute) ? context[attribute] : undefined;
    return { value: value ?? unresolved(text) };
  }
  for (const argument of (Object.hasOwn(LOOKUP_ARGUMENT, type) ? LOOKUP_ARGUMENT[type] : undefined) ?? []) {
    const node = get(block.body, argument);
    const resolved = node ? resolveNode(node, scope, depth + 1) : ABSENT;
    if (resolved && isPrimitive(resolved.value)) {
      return {
        value: resolved.value,
        via: resolved.via ?? `looked up by ${address}`,
        ...(resolved.via && resolved.defaultOf !== undefined ? { defaultOf: resolved.defaultOf } : {}),
      };
    }
  }
  return { value: unresolved(text) };
}

function kmsAlias(
  block: TfBlock,
  attribute: string,
  address: string,
  text: string,
  scope: ModuleScope,
  depth: number,
): Resolution {
  const name = get(block.body, "name");
  const named = name ? resolveNode(name, scope, depth + 1) : ABSENT;
  const byName =
    named && isPrimitive(named.value)
      ? {
          value: named.value,
          via: named.via ?? `name of ${address}`,
          ...(named.via && named.defaultOf !== undefined ? { defaultOf: named.defaultOf } : {}),
        }
      : undefined;
  if (attribute === "name") return byName ?? { value: unresolved(text) };
  const key = get(block.body, "target_key_id");
  const target = key ? resolveNode(key, scope, depth + 1) : ABSENT;
  if (target && typeof target.value === "object" && target.value.kind === "reference") return { value: target.value };
  return byName ?? { value: unresolved(text) };
}

/** An attribute of a resource of the random provider. */
const GENERATED = /^random_\w+\.[\w-]+/;

function field<T extends Primitive>(
  node: PNode | undefined,
  scope: ModuleScope,
  coerce: Coerce<T>,
  kind: string,
): Field<T> | undefined {
  if (node === undefined) return undefined;
  const resolved = resolveNode(node, scope);
  if (resolved === ABSENT) return undefined;
  const { value, via, parameter, defaultOf } = resolved;
  const out: FieldValue<T> = isPrimitive(value)
    ? (coerce(value) ?? unresolved(`${JSON.stringify(value)} (not ${kind})`))
    : value;
  // `random_password.db.result`: the random provider generates the value, and the state keeps it in plain text.
  const generated = isUnresolved(out) && GENERATED.test(out.expression);
  return {
    value: out,
    node,
    ...(via ? { via } : {}),
    ...(parameter !== undefined ? { parameter } : {}),
    ...(via && defaultOf !== undefined ? { defaultOf } : {}),
    ...(generated ? { origin: { kind: "generated" } } : {}),
  };
}

/** Terraform converts the strings `"true"` and `"false"` to booleans. */
const toBoolean = (v: Primitive): boolean | undefined =>
  typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : undefined;

export const { stringField, numberField, booleanField } = typedFields(field, toBoolean);

/** The items of a list attribute, each a field; a list given by one expression (`var.arns`) is one field. */
export function listFields(node: PNode | undefined, scope: ModuleScope): Field<string>[] {
  if (!node) return [];
  if (node.kind === "array" && !EXPRESSIONS.has(node))
    return node.items.flatMap((item) => stringField(item, scope) ?? []);
  const one = stringField(node, scope);
  return one ? [one] : [];
}

import { entry, get, stringValue, type PNode } from "../../core/positioned.js";
import { typedFields, type Coerce } from "../field-coercions.js";
import type { Field, FieldValue, Unresolved } from "../../model/entities.js";

/** What an intrinsic function needs to know about the template it appears in. */
export interface TemplateScope {
  parameterDefault(name: string): PNode | undefined;
  isParameter(name: string): boolean;
  isResource(name: string): boolean;
}

const unresolved = (expression: string): Unresolved => ({ kind: "unresolved", expression });

/** Marks a property set to `!Ref AWS::NoValue`, which CloudFormation treats as absent. */
const NO_VALUE = Symbol("AWS::NoValue");

type Resolution =
  | { value: FieldValue<string | number | boolean>; via?: string; parameter?: string; defaultOf?: string }
  | typeof NO_VALUE;

/**
 * Resolves a property value to a literal, a reference to a resource of the same template, or an explicit
 * Unresolved. `Fn::Sub` and `Fn::Join` keep what they cannot resolve as `${...}` placeholders, so that
 * `arn:${AWS::Partition}:kms:...:alias/aws/secretsmanager` is still recognisable.
 */
function resolve(node: PNode, scope: TemplateScope): Resolution {
  if (node.kind === "scalar") {
    return node.value === null ? { value: unresolved("null") } : { value: node.value };
  }
  if (node.kind === "array") return { value: unresolved("a list") };
  const only = node.entries.length === 1 ? node.entries[0] : undefined;
  if (!only) return { value: unresolved("an object") };
  const fn = only.key.value;
  const arg = only.value;
  switch (fn) {
    case "Ref":
      return resolveRef(stringValue(arg), scope);
    case "Fn::GetAtt": {
      const [target, attribute] = getAttParts(arg);
      if (target && scope.isResource(target))
        return { value: { kind: "reference", target, ...(attribute ? { attribute } : {}) } };
      return { value: unresolved(`Fn::GetAtt ${target ?? ""}`.trim()) };
    }
    case "Fn::Sub":
      return resolveSub(arg, scope);
    case "Fn::Join":
      return resolveJoin(arg, scope);
    default:
      return { value: unresolved(fn) };
  }
}

function resolveRef(name: string | undefined, scope: TemplateScope): Resolution {
  if (name === undefined) return { value: unresolved("Ref") };
  if (name === "AWS::NoValue") return NO_VALUE;
  if (scope.isResource(name)) return { value: { kind: "reference", target: name } };
  if (scope.isParameter(name)) {
    const fallback = scope.parameterDefault(name);
    if (fallback?.kind === "scalar" && fallback.value !== null) {
      return { value: fallback.value, via: `default of parameter ${name}`, parameter: name, defaultOf: name };
    }
    return { value: unresolved(`Ref ${name}`), parameter: name };
  }
  return { value: unresolved(`Ref ${name}`) };
}

function getAttParts(arg: PNode): [string | undefined, string | undefined] {
  if (arg.kind === "array") return [stringValue(arg.items[0]), stringValue(arg.items[1])];
  const text = stringValue(arg);
  if (text === undefined) return [undefined, undefined];
  const dot = text.indexOf(".");
  return dot < 0 ? [text, undefined] : [text.slice(0, dot), text.slice(dot + 1)];
}

function resolveSub(arg: PNode, scope: TemplateScope): Resolution {
  const template = stringValue(arg.kind === "array" ? arg.items[0] : arg);
  if (template === undefined) return { value: unresolved("Fn::Sub") };
  const variables = arg.kind === "array" ? arg.items[1] : undefined;
  // `!Sub "${MySecret}"` is just a reference.
  const whole = /^\$\{([^!}][^}]*)\}$/.exec(template);
  if (whole?.[1] && !entry(variables, whole[1])) {
    const [target, attribute] = whole[1].split(".", 2);
    if (target && scope.isResource(target))
      return { value: { kind: "reference", target, ...(attribute ? { attribute } : {}) } };
    if (target && !attribute && scope.isParameter(target)) return resolveRef(target, scope);
  }
  let via: string | undefined;
  let defaultOf: string | undefined;
  const text = template.replace(/\$\{(!?)([^}]*)\}/g, (placeholder, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    const local = get(variables, name);
    const resolved = local ? resolve(local, scope) : name.includes(".") ? undefined : resolveRef(name, scope);
    if (resolved && resolved !== NO_VALUE && isPrimitive(resolved.value)) {
      if (via === undefined) {
        via = resolved.via;
        defaultOf = resolved.defaultOf;
      }
      return String(resolved.value);
    }
    return placeholder;
  });
  return via ? { value: text, via, ...(defaultOf !== undefined ? { defaultOf } : {}) } : { value: text };
}

function resolveJoin(arg: PNode, scope: TemplateScope): Resolution {
  if (arg.kind !== "array") return { value: unresolved("Fn::Join") };
  const delimiter = stringValue(arg.items[0]);
  const parts = arg.items[1];
  if (delimiter === undefined || parts?.kind !== "array") return { value: unresolved("Fn::Join") };
  const texts = parts.items.map((part) => {
    const resolved = resolve(part, scope);
    if (resolved === NO_VALUE) return "";
    if (isPrimitive(resolved.value)) return String(resolved.value);
    return `\${${describe(resolved.value)}}`;
  });
  return { value: texts.join(delimiter) };
}

function describe(value: FieldValue<string | number | boolean>): string {
  if (typeof value !== "object") return String(value);
  return value.kind === "reference" ? [value.target, value.attribute].filter(Boolean).join(".") : value.expression;
}

function isPrimitive(value: FieldValue<string | number | boolean>): value is string | number | boolean {
  return typeof value !== "object";
}

function field<T extends string | number | boolean>(
  node: PNode | undefined,
  scope: TemplateScope,
  coerce: Coerce<T>,
  kind: string,
): Field<T> | undefined {
  if (node === undefined) return undefined;
  const resolved = resolve(node, scope);
  if (resolved === NO_VALUE) return undefined;
  const { value, via, parameter, defaultOf } = resolved;
  let out: FieldValue<T>;
  if (isPrimitive(value)) out = coerce(value) ?? unresolved(`${JSON.stringify(value)} (not ${kind})`);
  else out = value;
  return {
    value: out,
    node,
    ...(via ? { via } : {}),
    ...(parameter ? { parameter } : {}),
    ...(via && defaultOf !== undefined ? { defaultOf } : {}),
  };
}

/** CloudFormation accepts `true`/`false` in any case, as booleans or strings. */
function toBoolean(v: string | number | boolean): boolean | undefined {
  if (typeof v === "boolean") return v;
  const text = String(v).toLowerCase();
  return text === "true" ? true : text === "false" ? false : undefined;
}

export const { stringField, numberField, booleanField } = typedFields(field, toBoolean);

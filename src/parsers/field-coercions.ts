/**
 * How a scalar of a template or a module becomes a typed field: each platform resolves a node to a value its own way
 * (`field`), and the typed readers on top of it are the same, but for what the platform accepts as a boolean.
 */
import type { Field } from "../model/entities.js";
import type { PNode } from "../core/positioned.js";

/** Turns a resolved scalar into the wanted type, or `undefined` when it is not one. */
export type Coerce<T> = (value: string | number | boolean) => T | undefined;

/** A platform's resolver: the field at `node` in `scope`, coerced, or unresolved with what was expected (`kind`). */
export type FieldResolver<S> = <T extends string | number | boolean>(
  node: PNode | undefined,
  scope: S,
  coerce: Coerce<T>,
  kind: string,
) => Field<T> | undefined;

/** A number, or a string that is one (`"30"`); an empty or blank string is not a number. */
export function toNumber(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The string, number and boolean readers over one platform's resolver. */
export function typedFields<S>(field: FieldResolver<S>, toBoolean: Coerce<boolean>) {
  return {
    stringField: (node: PNode | undefined, scope: S): Field<string> | undefined =>
      field(node, scope, (v) => String(v), "a string"),
    numberField: (node: PNode | undefined, scope: S): Field<number> | undefined =>
      field(node, scope, toNumber, "a number"),
    booleanField: (node: PNode | undefined, scope: S): Field<boolean> | undefined =>
      field(node, scope, toBoolean, "a boolean"),
  };
}

/**
 * What an IAM condition operator compares, shared by the access evaluator (`src/knowledge/policy-evaluation.ts`) and the rules
 * that decide whether a policy is public (`src/knowledge/public-access.ts`).
 */

export interface OperatorSpec {
  kind: "string" | "arn" | "ip" | "bool" | "null";
  /** Holds for every value except those listed, and when the key is absent from the request. */
  negated: boolean;
  /** `*` and `?` are wildcards. */
  like: boolean;
  ignoreCase: boolean;
}

const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: { kind: "string", negated: false, like: false, ignoreCase: false },
  stringnotequals: { kind: "string", negated: true, like: false, ignoreCase: false },
  stringequalsignorecase: { kind: "string", negated: false, like: false, ignoreCase: true },
  stringnotequalsignorecase: { kind: "string", negated: true, like: false, ignoreCase: true },
  stringlike: { kind: "string", negated: false, like: true, ignoreCase: false },
  stringnotlike: { kind: "string", negated: true, like: true, ignoreCase: false },
  arnequals: { kind: "arn", negated: false, like: true, ignoreCase: false },
  arnlike: { kind: "arn", negated: false, like: true, ignoreCase: false },
  arnnotequals: { kind: "arn", negated: true, like: true, ignoreCase: false },
  arnnotlike: { kind: "arn", negated: true, like: true, ignoreCase: false },
  ipaddress: { kind: "ip", negated: false, like: false, ignoreCase: true },
  notipaddress: { kind: "ip", negated: true, like: false, ignoreCase: true },
  bool: { kind: "bool", negated: false, like: false, ignoreCase: true },
  null: { kind: "null", negated: false, like: false, ignoreCase: true },
};

/** `ForAnyValue:StringEqualsIfExists` -> `StringEquals`. */
export function baseOperator(operator: string): string {
  return operator
    .trim()
    .replace(/^(ForAnyValue|ForAllValues):/i, "")
    .replace(/IfExists$/i, "");
}

/** The operator's semantics without its set prefix and `IfExists`; undefined for operators not listed (dates, numbers). */
export function operatorSpec(operator: string): OperatorSpec | undefined {
  // Own keys only: a condition operator `toString` is not listed (it would find Object.prototype.toString).
  const key = baseOperator(operator).toLowerCase();
  return Object.hasOwn(OPERATORS, key) ? OPERATORS[key] : undefined;
}

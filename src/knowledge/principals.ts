/**
 * Which AWS account an IAM policy principal belongs to, and which accounts or organizations a statement's conditions
 * limit an anonymous-looking principal (`"*"`) to. Shared by every rule that reasons about who a policy lets in.
 */
import { isReference, isUnresolved, type Field, type PolicyPrincipal, type PolicyStatement } from "../model/entities.js";

/** What a principal value says about accounts. */
export type PrincipalAccount =
  /** `"*"`: anyone, unless a condition limits it (see `principalScope`). */
  | { kind: "everyone" }
  /** The deploying account: `${AWS::AccountId}`, `!Ref AWS::AccountId`, or a resource of the same template. */
  | { kind: "own" }
  /** A literal 12-digit account; `whole` for the account itself (`123456789012`, `arn:...:root`), not one role or user in it. */
  | { kind: "account"; account: string; whole: boolean }
  /** Anything else: a service, an unresolved value, a placeholder of another parameter, an IAM unique id. */
  | { kind: "unknown" };

const ACCOUNT_ID = /^[0-9]{12}$/;
const OWN_ACCOUNT_PLACEHOLDER = /^\$\{AWS::AccountId\}$/;
const EVERYONE: PrincipalAccount = { kind: "everyone" };
const OWN: PrincipalAccount = { kind: "own" };
const UNKNOWN: PrincipalAccount = { kind: "unknown" };

/** True for a literal 12-digit AWS account id. */
export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text.trim());
}

/**
 * The six colon-separated parts of an ARN (the last keeps its own colons), treating a `${...}` placeholder as one
 * token even when it contains colons (`${AWS::Partition}`). Undefined when the text is not an ARN.
 */
export function arnParts(arn: string): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < arn.length; i++) {
    const c = arn[i] as string;
    if (c === "$" && arn[i + 1] === "{") {
      const close = arn.indexOf("}", i);
      if (close < 0) return undefined;
      current += arn.slice(i, close + 1);
      i = close;
    } else if (c === ":" && parts.length < 5) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  const [prefix, partition, service, region, account, resource] = parts;
  if (prefix !== "arn" || partition === undefined || service === undefined || region === undefined || account === undefined || resource === undefined) {
    return undefined;
  }
  return { partition, service, region, account, resource };
}

/**
 * The account of an `AWS` principal written as text: `*`, an account id, `arn:<partition>:iam::<account>:root`, an IAM
 * role or user ARN, an STS assumed-role ARN. `${AWS::AccountId}` (left in place by `Fn::Sub`) is the own account.
 */
export function parseAwsPrincipal(text: string): PrincipalAccount {
  const value = text.trim();
  if (value === "*") return EVERYONE;
  if (ACCOUNT_ID.test(value)) return { kind: "account", account: value, whole: true };
  if (OWN_ACCOUNT_PLACEHOLDER.test(value)) return OWN;
  const arn = arnParts(value);
  if (!arn || (arn.service !== "iam" && arn.service !== "sts")) return UNKNOWN;
  if (OWN_ACCOUNT_PLACEHOLDER.test(arn.account)) return OWN;
  if (!ACCOUNT_ID.test(arn.account)) return UNKNOWN;
  return { kind: "account", account: arn.account, whole: arn.resource === "root" };
}

/**
 * The account of a principal of a normalised statement. Only `AWS` principals and `Principal: "*"` name accounts;
 * a reference to a resource of the same template (`!GetAtt ReaderRole.Arn`) and `!Ref AWS::AccountId` are the own account.
 */
export function principalAccount(principal: PolicyPrincipal): PrincipalAccount {
  if (principal.type !== "AWS" && principal.type !== "*") return UNKNOWN;
  return accountOfField(principal.value);
}

/** As `principalAccount`, for any field that holds an account id or principal ARN (e.g. a condition value). */
export function accountOfField(field: Field<string>): PrincipalAccount {
  const { value } = field;
  if (isReference(value)) return OWN;
  if (isUnresolved(value)) return value.expression === "Ref AWS::AccountId" ? OWN : UNKNOWN;
  return parseAwsPrincipal(value);
}

/** True when the principal is a literal account that is neither the deploying account nor one of `ownAccounts`. */
export function isForeignAccount(account: PrincipalAccount, ownAccounts: readonly string[]): account is { kind: "account"; account: string; whole: boolean } {
  return account.kind === "account" && !ownAccounts.includes(account.account);
}

/** Condition keys that limit which accounts' principals a statement applies to. */
const ACCOUNT_KEYS = new Set(["aws:principalaccount", "kms:calleraccount"]);
const ORG_ID_KEY = "aws:principalorgid";
const ORG_PATHS_KEY = "aws:principalorgpaths";

/**
 * Operators under which a condition limits the principal to the listed values. Negated operators do not, and
 * neither does `ForAllValues:` (true when the key is absent) nor `...IfExists` (true when the key is absent).
 */
const LIMITING_OPERATOR = /^(?:ForAnyValue:)?(?:StringEquals|StringEqualsIgnoreCase|StringLike)$/i;

/** The accounts and organizations a statement's conditions limit its principals to. */
export interface PrincipalScope {
  /** Values of `aws:PrincipalAccount` (or `kms:CallerAccount`) conditions. */
  accounts: Field<string>[];
  /** Values of `aws:PrincipalOrgID` conditions. */
  orgIds: Field<string>[];
  /** Values of `aws:PrincipalOrgPaths` conditions. */
  orgPaths: Field<string>[];
}

/** Undefined when no condition limits the statement to accounts or organizations (`"*"` then means everyone). */
export function principalScope(statement: PolicyStatement): PrincipalScope | undefined {
  const scope: PrincipalScope = { accounts: [], orgIds: [], orgPaths: [] };
  for (const { operator, key, values } of statement.conditions) {
    if (!LIMITING_OPERATOR.test(operator)) continue;
    const lower = key.toLowerCase();
    if (ACCOUNT_KEYS.has(lower)) scope.accounts.push(...values);
    else if (lower === ORG_ID_KEY) scope.orgIds.push(...values);
    else if (lower === ORG_PATHS_KEY) scope.orgPaths.push(...values);
  }
  return scope.accounts.length + scope.orgIds.length + scope.orgPaths.length > 0 ? scope : undefined;
}

/** IAM's action matching: case-insensitive, `*` any run of characters, `?` one character. */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern.trim().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i").test(action);
}

/**
 * Whether a statement's `Action` (or `NotAction`) covers one of `wanted`: `yes`, `no`, or `unknown` when an action
 * is unresolved or built with placeholders and could be anything.
 */
export function statementCoversAction(statement: PolicyStatement, wanted: readonly string[]): "yes" | "no" | "unknown" {
  const literalOf = (field: Field<string>): string | undefined =>
    typeof field.value === "string" && !field.value.includes("${") ? field.value : undefined;
  if (statement.actions.length > 0) {
    let unknown = false;
    for (const field of statement.actions) {
      const pattern = literalOf(field);
      if (pattern === undefined) unknown = true;
      else if (wanted.some((action) => actionMatches(pattern, action))) return "yes";
    }
    return unknown ? "unknown" : "no";
  }
  if (statement.notActions.length > 0) {
    const patterns = statement.notActions.map(literalOf);
    if (patterns.some((p) => p === undefined)) return "unknown";
    return wanted.some((action) => !patterns.some((p) => actionMatches(p as string, action))) ? "yes" : "no";
  }
  return "no";
}

/** A statement's effect: `Allow`/`Deny` as IAM reads them (case-sensitive), `unknown` when unresolved or missing. */
export function statementEffect(statement: PolicyStatement): "allow" | "deny" | "unknown" {
  const value = statement.effect?.value;
  return value === "Allow" ? "allow" : value === "Deny" ? "deny" : "unknown";
}

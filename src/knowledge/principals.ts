/**
 * Which AWS account an IAM policy principal belongs to, and which accounts or organizations a statement's conditions
 * limit an anonymous-looking principal (`"*"`) to. Shared by every rule that reasons about who a policy lets in.
 */
import { globMatch } from "./wildcard.js";
import {
  isReference,
  isUnresolved,
  type Field,
  type PolicyPrincipal,
  type PolicyStatement,
} from "../model/entities.js";
import { get, type PNode } from "../core/positioned.js";

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
 * Whether a literal account id is the deploying account (or one of the project's): only when `ownAccounts` lists it.
 * Nothing in a template says which account it is deployed to, so an unlisted literal is not known to be the own one;
 * `secretwarden access` and the cross-account rules take it for another account (and say so), and a rule for which
 * that presumption would report AWS's own defaults treats it as undecided (see `mayBeOwnAccountRoot`).
 */
export function isOwnLiteralAccount(account: string, ownAccounts: readonly string[]): boolean {
  return ownAccounts.includes(account.trim());
}

/**
 * The colon-separated parts of a text split as an ARN (at most six; the last keeps its own colons), treating a
 * `${...}` placeholder as one token even when it contains colons (`${AWS::Partition}`). An unclosed `${` is text.
 */
export function splitArn(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const close = c === "$" && text[i + 1] === "{" ? text.indexOf("}", i + 2) : -1;
    if (close >= 0) {
      current += text.slice(i, close + 1);
      i = close;
    } else if (c === ":" && parts.length < 5) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/** The six parts of an ARN (see `splitArn`); undefined when the text is not an ARN. */
export function arnParts(
  arn: string,
): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  if (/\$\{(?![^}]*\})/.test(arn)) return undefined;
  const [prefix, partition, service, region, account, resource] = splitArn(arn);
  if (
    prefix !== "arn" ||
    partition === undefined ||
    service === undefined ||
    region === undefined ||
    account === undefined ||
    resource === undefined
  ) {
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
export function isForeignAccount(
  account: PrincipalAccount,
  ownAccounts: readonly string[],
): account is { kind: "account"; account: string; whole: boolean } {
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
    if (ACCOUNT_KEYS.has(lower)) for (const pushed of values) scope.accounts.push(pushed);
    else if (lower === ORG_ID_KEY) for (const pushed of values) scope.orgIds.push(pushed);
    else if (lower === ORG_PATHS_KEY) for (const pushed of values) scope.orgPaths.push(pushed);
  }
  return scope.accounts.length + scope.orgIds.length + scope.orgPaths.length > 0 ? scope : undefined;
}

/** IAM's action matching: case-insensitive, `*` any run of characters, `?` one character. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern.trim(), action);
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

/** The account whose root a principal is (`arn:<partition>:iam::<account>:root` or the bare id), as written. */
function rootAccountOf(principal: PolicyPrincipal): string | undefined {
  if (principal.type !== "AWS" || typeof principal.value.value !== "string") return undefined;
  const text = principal.value.value.trim();
  if (ACCOUNT_ID.test(text) || OWN_ACCOUNT_PLACEHOLDER.test(text)) return text;
  const arn = arnParts(text);
  return arn && arn.service === "iam" && arn.resource === "root" ? arn.account : undefined;
}

/**
 * Whether a principal is the deploying account as a whole: `arn:<partition>:iam::<account>:root` or the bare account
 * id, where the account is `${AWS::AccountId}` (`!Sub`), `!Ref AWS::AccountId`, or a literal account that
 * `ownAccounts` lists (`isOwnLiteralAccount`).
 */
export function isOwnAccountRoot(principal: PolicyPrincipal, ownAccounts: readonly string[]): boolean {
  if (principal.type !== "AWS") return false;
  const { value } = principal.value;
  if (isUnresolved(value)) return value.expression === "Ref AWS::AccountId";
  const account = rootAccountOf(principal);
  if (account === undefined) return false;
  return (
    OWN_ACCOUNT_PLACEHOLDER.test(account) || (ACCOUNT_ID.test(account) && isOwnLiteralAccount(account, ownAccounts))
  );
}

/**
 * The root of a literal account while `ownAccounts` is not configured: it may be the deploying account or another
 * one, and nothing in the project says which. (With `ownAccounts` set, an unlisted account is another one.)
 */
export function mayBeOwnAccountRoot(principal: PolicyPrincipal, ownAccounts: readonly string[]): boolean {
  const account = rootAccountOf(principal);
  return ownAccounts.length === 0 && account !== undefined && ACCOUNT_ID.test(account);
}

/**
 * AWS's default key-policy statement: Allow the key's own account root `kms:*` (or `*`, the same in a key policy), which
 * lets IAM policies of that account govern the key. No policy rule reports it. Only call it for key-policy statements.
 */
export function isDefaultKeyPolicyRootStatement(statement: PolicyStatement, ownAccounts: readonly string[]): boolean {
  if (statementEffect(statement) !== "allow" || statement.notPrincipals.length > 0 || statement.notActions.length > 0)
    return false;
  if (statement.principals.length === 0 || !statement.principals.every((p) => isOwnAccountRoot(p, ownAccounts)))
    return false;
  return (
    statement.actions.length > 0 &&
    statement.actions.every((a) => typeof a.value === "string" && /^(\*|kms:\*)$/i.test(a.value.trim()))
  );
}

/**
 * Condition keys that say who the caller is or where the call comes from (lower case). A non-negated condition on one
 * of them, with fixed values, limits a `"*"` principal to an organization, an account, a principal, a calling
 * service's resource, a network or an access point. They are the keys for which Amazon S3 considers a bucket policy
 * not public ("The meaning of public": `aws:SourceIp`, `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`,
 * `aws:SourceOwner`, `aws:SourceAccount`, `aws:userid`, `s3:x-amz-server-side-encryption-aws-kms-key-id`, and the
 * organization, account and VPC-endpoint-owner keys S3 added since), plus `kms:CallerAccount` and the keys of S3
 * access points (a bucket policy that delegates to access points of one account). Not here: `aws:VpcSourceIp` (private
 * addresses repeat in every VPC of every account), `aws:Referer` and `aws:UserAgent` (the caller writes them).
 */
const CALLER_KEYS = new Set([
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:vpceaccount",
  "aws:vpceorgid",
  "aws:vpceorgpaths",
  "aws:sourceip",
  "aws:userid",
  "kms:calleraccount",
  "s3:dataaccesspointaccount",
  "s3:dataaccesspointarn",
  "s3:x-amz-server-side-encryption-aws-kms-key-id",
]);

/** Whether a condition key (any case) says who the caller is or where the call comes from (see `CALLER_KEYS`). */
export function isCallerKey(key: string): boolean {
  return CALLER_KEYS.has(key.trim().toLowerCase());
}

/**
 * Operators under which a condition holds only for the listed values. Not: negated operators (`StringNotEquals`,
 * `ArnNotLike`, `NotIpAddress`), `...IfExists` and `ForAllValues:` (both hold when the key is absent, as it is for an
 * anonymous caller), `Null`, `Bool`.
 */
const CALLER_LIMITING_OPERATOR =
  /^(?:ForAnyValue:)?(?:StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;

const ONLY_WILDCARDS = /^[*?]+$/;
const EVERY_ADDRESS = /^(?:0\.0\.0\.0|::)\/0$/;

/**
 * Whether one condition value names something in particular. `*`, `0.0.0.0/0`, `::/0`, and ARNs that leave the account
 * open (`arn:aws:iam::*:role/admin` is a role named admin in anyone's account) or name nothing
 * (`arn:aws:s3:::*`) do not. A value the scanner cannot read (a parameter without default, a reference) is taken to
 * name something: that is what such a condition is written for.
 */
export function conditionValueLimits(field: Field<string>): boolean {
  if (typeof field.value !== "string") return true;
  const text = field.value.trim();
  if (ONLY_WILDCARDS.test(text) || EVERY_ADDRESS.test(text)) return false;
  const arn = arnParts(text);
  if (!arn) return true;
  if (ONLY_WILDCARDS.test(arn.account)) return false;
  return !(arn.account === "" && /^[*?]*$/.test(arn.resource));
}

/** A condition of a normalised statement. */
export type StatementCondition = PolicyStatement["conditions"][number];

/** Whether an operator holds only for the values it lists (see `CALLER_LIMITING_OPERATOR`). */
export function isLimitingOperator(operator: string): boolean {
  return CALLER_LIMITING_OPERATOR.test(operator.trim());
}

/**
 * The conditions of a statement that really limit who the caller is: a limiting operator, a key of `CALLER_KEYS`
 * (keys are case-insensitive), and values that each name something. Conditions are ANDed, so one is enough; an
 * empty list means a `"*"` principal is anyone.
 */
export function callerLimitingConditions(statement: PolicyStatement): StatementCondition[] {
  return statement.conditions.filter(
    ({ operator, key, values }) =>
      isLimitingOperator(operator) && isCallerKey(key) && values.length > 0 && values.every(conditionValueLimits),
  );
}

/** The principals of a statement that mean anyone: `Principal: "*"`, `{"AWS": "*"}` (also inside a list). */
export function everyonePrincipals(statement: PolicyStatement): PolicyPrincipal[] {
  return statement.principals.filter((principal) => principalAccount(principal).kind === "everyone");
}

/** A field as a message names it: the literal, `Ref`/`GetAtt` target, or the unresolved expression. */
export function fieldText(field: Field<string>): string {
  const { value } = field;
  if (isReference(value)) return value.attribute ? `${value.target}.${value.attribute}` : value.target;
  if (isUnresolved(value)) return value.expression;
  return value.trim();
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`: at most `max` items named, duplicates dropped. */
export function listText(items: readonly string[], max = 3): string {
  const unique = [...new Set(items)];
  if (unique.length <= max) {
    return unique.length <= 1
      ? unique.join("")
      : `${unique.slice(0, -1).join(", ")} and ${unique[unique.length - 1] as string}`;
  }
  return `${unique.slice(0, max).join(", ")} and ${unique.length - max} more`;
}

/** The actions a statement allows, for messages: `kms:Decrypt and kms:DescribeKey`, `every action except iam:*`. */
export function statementActionsText(statement: PolicyStatement): string {
  if (statement.actions.length > 0) return listText(statement.actions.map(fieldText));
  if (statement.notActions.length > 0) return `every action except ${listText(statement.notActions.map(fieldText))}`;
  return "no action";
}

/**
 * Where a statement writes one of its elements (`NotAction`, `NotResource`, `NotPrincipal`...): the element's value,
 * whether a list or a single value. Platforms whose statements are not written with IAM's element names fall back to
 * the first value, then to the statement.
 */
export function statementElementNode(
  statement: PolicyStatement,
  element: string,
  fields: readonly { node: PNode }[],
): PNode {
  return get(statement.node, element) ?? fields[0]?.node ?? statement.node;
}

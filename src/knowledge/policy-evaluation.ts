// Over 500 lines: one IAM evaluator; each policy element's matcher shares its four-valued logic.
/**
 * A static IAM policy evaluator over the normalised model (`PolicyDocument`, `PolicyStatement`): does a principal's
 * request (an action on a resource) pass its identity policies and the resource's policy, with the semantics AWS
 * applies: an explicit Deny wins; `NotAction`, `NotResource` and `NotPrincipal`; wildcard actions (case-insensitive)
 * and ARNs (`*`, `?`); within one account the identity policy or a resource policy naming the principal suffices,
 * across accounts both are needed; a KMS key policy must trust the account (its root) before IAM policies count.
 *
 * Templates leave things open that a running account settles, so each answer has four values:
 * - `yes` / `no`: for every deployment of the project;
 * - `conditional`: allowed when conditions that cannot be decided statically hold (`aws:PrincipalOrgID`, `aws:SourceIp`...);
 * - `unknown`: it depends on values the project does not give (a parameter without default, `!ImportValue`).
 *
 * A handful of condition keys whose value a request is known to carry are evaluated (see `RequestContext`); every
 * other condition makes its statement `conditional`, never silently true or false.
 */
import {
  isReference,
  isUnresolved,
  type Field,
  type PolicyDocument,
  type PolicyPrincipal,
  type PolicyStatement,
} from "../model/entities.js";
import { arnParts, isAccountId, isOwnLiteralAccount } from "./principals.js";
import { operatorSpec, type OperatorSpec } from "./condition-operators.js";
import {
  flattenArn,
  hasPlaceholder,
  matchAction,
  matchArn,
  matchPattern,
  subjectOf,
  type Subject,
  type SubjectArn,
  type Tri,
} from "./arn-match.js";

/** A decision: `yes`, `no`, `conditional` (on conditions not decidable statically) or `unknown` (on values not known). */
export type Level = "yes" | "conditional" | "unknown" | "no";

/** OR: `yes` wins; between two uncertain answers `unknown` wins over `conditional`. */
export function levelOr(...levels: Level[]): Level {
  return levelAny(levels);
}

/** `levelOr` over a list of any length (a statement may name 100,000 principals: too many to spread into a call). */
export function levelAny(levels: readonly Level[]): Level {
  if (levels.includes("yes")) return "yes";
  if (levels.includes("unknown")) return "unknown";
  return levels.includes("conditional") ? "conditional" : "no";
}

/** AND: `no` wins; between two uncertain answers `unknown` wins over `conditional`. */
export function levelAnd(...levels: Level[]): Level {
  return levelAll(levels);
}

/** `levelAnd` over a list of any length. */
export function levelAll(levels: readonly Level[]): Level {
  if (levels.includes("no")) return "no";
  if (levels.includes("unknown")) return "unknown";
  return levels.includes("conditional") ? "conditional" : "yes";
}

export function levelNot(level: Level): Level {
  return level === "yes" ? "no" : level === "no" ? "yes" : level;
}

const fromTri = (tri: Tri): Level => tri;

/** Which account something is in, as far as the project tells. */
export type AccountRef =
  /** The account the project is deployed to: `${AWS::AccountId}`, a resource of a template. */
  | { kind: "deploy" }
  /** A literal account id (the deploying account when listed in `ownAccounts`). */
  | { kind: "literal"; account: string }
  /** Some account that is neither the deploying one nor one of `ownAccounts` (an account of an organization). */
  | { kind: "foreign" }
  | { kind: "unknown" };

/** Whether two accounts are the same. */
export function sameAccount(a: AccountRef, b: AccountRef, ownAccounts: readonly string[]): Tri {
  if (a.kind === "unknown" || b.kind === "unknown") return "unknown";
  if (a.kind === "foreign" || b.kind === "foreign") {
    const other = a.kind === "foreign" ? b : a;
    if (other.kind === "deploy") return "no";
    if (other.kind === "literal") return isOwnLiteralAccount(other.account, ownAccounts) ? "no" : "unknown";
    return "unknown";
  }
  if (a.kind === "deploy" && b.kind === "deploy") return "yes";
  if (a.kind === "literal" && b.kind === "literal") return a.account === b.account ? "yes" : "no";
  const literal = (a.kind === "literal" ? a : b) as { kind: "literal"; account: string };
  return isOwnLiteralAccount(literal.account, ownAccounts) ? "yes" : "no";
}

/** The account written as an ARN part or a condition value: `${AWS::AccountId}`, 12 digits, anything else. */
export function accountRefOf(text: string): AccountRef {
  const value = text.trim();
  if (value === "${AWS::AccountId}") return { kind: "deploy" };
  if (isAccountId(value)) return { kind: "literal", account: value };
  return { kind: "unknown" };
}

/** The account as a subject for wildcard matching (`StringLike aws:PrincipalAccount 1111*`). */
function accountSubject(account: AccountRef): Subject {
  if (account.kind === "deploy") return [{ t: "dep", which: "account" }];
  if (account.kind === "literal") return subjectOf(account.account);
  return [{ t: "anyN" }];
}

/** Who makes a request. */
export type Requester =
  /**
   * One IAM principal (a role or user; for a group, any of its members; for an identity policy attached outside the
   * project, whoever holds it). `arn` is its ARN as far as known; `entity` is its declaration in the project, which a
   * `!GetAtt Role.Arn` principal points at.
   */
  | { kind: "principal"; account: AccountRef; arn?: SubjectArn; entity?: { unit: string; resource: string } }
  /** The principals of an account, as a resource policy that names the account grants them. */
  | { kind: "account"; account: AccountRef }
  /** The accounts of an organization (never the deploying one). */
  | { kind: "organization" }
  /** Anyone: `Principal: "*"`. */
  | { kind: "everyone" }
  | { kind: "service"; service: string }
  /** A principal the project writes with values it does not give (`!Ref ConsumerRoleArn` without default). */
  | { kind: "unresolved"; field: Field<string> };

/** The resource a request is about. */
export interface RequestResource {
  arn: SubjectArn;
  /** The account the resource is in. */
  account: AccountRef;
  /** The resource's declaration, which a `!Ref`/`!GetAtt` in a `Resource` element points at. */
  entity?: { unit: string; resource: string };
}

/** A value of a condition key that the request is known to carry. */
export type ContextValue =
  | { kind: "string"; value: Subject }
  | { kind: "account"; account: AccountRef }
  | { kind: "arn"; arn: SubjectArn; entity?: { unit: string; resource: string } }
  | { kind: "bool"; value: boolean };

/** Condition keys (lower case) and their values; a key that is not here makes a condition on it undecidable. */
export type RequestContext = ReadonlyMap<string, ContextValue>;

export interface AccessRequest {
  principal: Requester;
  action: string;
  resource: RequestResource;
  context: RequestContext;
}

export interface EvaluationEnv {
  /** Account ids the configuration declares as the project's own. */
  ownAccounts: readonly string[];
}

/** How a Principal element matched: the principal itself (`direct`), or its account as a whole (`account`: the root). */
export type PrincipalHow = "direct" | "account";

/** A statement that applies (or may apply) to a request. */
export interface StatementHit {
  policy: PolicyDocument;
  statement: PolicyStatement;
  /** 0-based position of the statement in the policy. */
  index: number;
  effect: "allow" | "deny";
  level: Exclude<Level, "no">;
  how: PrincipalHow;
  /** Conditions that could not be decided, as written: `StringEquals aws:PrincipalOrgID`. */
  conditions: string[];
  /** Values the match depends on that the project does not give: `Resource Fn::ImportValue`, `${Stage}`. */
  unknowns: string[];
}

/** A policy's say on a request: the statements that may allow it and those that may deny it. */
export interface PolicyEvaluation {
  allows: StatementHit[];
  denies: StatementHit[];
}

/** What the policies decide, with the statements that decide it. */
export interface Decision {
  level: Level;
  /** The Allow statements that make the decision (those that apply, or may, and count for this principal). */
  grants: StatementHit[];
  /** Every Allow statement that applies (or may), counting or not: one naming the account root, say. */
  allows: StatementHit[];
  /** Deny statements that apply (or may). */
  denials: StatementHit[];
}

export type PolicySide = "identity" | "resource";

/** The text of a field for matching: literals, and `!Ref AWS::AccountId` (and friends) as their placeholder. */
export function fieldPattern(field: Field<string>): string | undefined {
  const { value } = field;
  if (typeof value === "string") return value;
  if (isUnresolved(value)) {
    const pseudo = /^Ref (AWS::(?:AccountId|Region|Partition))$/.exec(value.expression);
    return pseudo ? `\${${pseudo[1]}}` : undefined;
  }
  return undefined;
}

/** A field as a person reads it, for explanations. */
export function fieldLabel(field: Field<string>): string {
  const { value } = field;
  if (isReference(value))
    return value.attribute ? `!GetAtt ${value.target}.${value.attribute}` : `!Ref ${value.target}`;
  if (isUnresolved(value)) return value.expression;
  return value;
}

/** Whether a list element (`Action`, `Resource`...) matches: any item `yes` → yes; else any unknown → unknown. */
function anyOf(
  fields: readonly Field<string>[],
  match: (field: Field<string>) => Tri,
  unknowns: string[],
  element: string,
): Tri {
  let unknown = false;
  for (const field of fields) {
    const tri = match(field);
    if (tri === "yes") return "yes";
    if (tri === "unknown") {
      unknown = true;
      unknowns.push(`${element} ${fieldLabel(field)}`);
    }
  }
  return unknown ? "unknown" : "no";
}

function notTri(tri: Tri): Tri {
  return tri === "yes" ? "no" : tri === "no" ? "yes" : "unknown";
}

function actionMatch(statement: PolicyStatement, action: string, unknowns: string[]): Tri {
  const match = (field: Field<string>): Tri => {
    const text = fieldPattern(field);
    return text === undefined ? "unknown" : matchAction(text, action);
  };
  if (statement.actions.length > 0) return anyOf(statement.actions, match, unknowns, "Action");
  if (statement.notActions.length > 0) return notTri(anyOf(statement.notActions, match, unknowns, "NotAction"));
  return "no";
}

function resourceMatch(
  statement: PolicyStatement,
  side: PolicySide,
  resource: RequestResource,
  policy: PolicyDocument,
  env: EvaluationEnv,
  unknowns: string[],
): Tri {
  const match = (field: Field<string>): Tri => {
    const { value } = field;
    if (isReference(value)) {
      // `!Ref Secret` and `!GetAtt Key.Arn` are the resource's ARN; a reference to anything else is another resource.
      return resource.entity && resource.entity.unit === policy.unit && resource.entity.resource === value.target
        ? "yes"
        : "no";
    }
    const text = fieldPattern(field);
    if (text === undefined) return "unknown";
    return matchArn(text, resource.arn, {
      ownAccounts: env.ownAccounts,
      shortArns: side === "identity" ? "expand" : "no-match",
      sameScope: resource.entity?.unit === policy.unit,
    });
  };
  if (statement.resources.length > 0) return anyOf(statement.resources, match, unknowns, "Resource");
  if (statement.notResources.length > 0) return notTri(anyOf(statement.notResources, match, unknowns, "NotResource"));
  return "no";
}

/** What a principal value of a policy names. */
type NamedPrincipal =
  | { kind: "everyone" }
  | { kind: "account"; account: AccountRef }
  /** A role, user or assumed role: its account and the part after it (`role/reader`, `assumed-role/reader/s`). */
  | { kind: "arn"; account: AccountRef; resource: string }
  | { kind: "entity"; unit: string; resource: string }
  | { kind: "service"; service: string }
  | { kind: "other"; type: string; value: string }
  | { kind: "unknown" };

/** Reads a principal of a statement of `policy`. */
export function namedPrincipal(principal: PolicyPrincipal, policy: { unit: string }): NamedPrincipal {
  const { value } = principal.value;
  if (principal.type === "*") return { kind: "everyone" };
  if (principal.type === "AWS") {
    if (isReference(value)) return { kind: "entity", unit: policy.unit, resource: value.target };
    const text = fieldPattern(principal.value)?.trim();
    if (text === undefined) return { kind: "unknown" };
    if (text === "*") return { kind: "everyone" };
    const account = accountRefOf(text);
    if (account.kind !== "unknown") return { kind: "account", account };
    const arn = arnParts(text);
    if (!arn || (arn.service !== "iam" && arn.service !== "sts")) return { kind: "unknown" };
    const arnAccount = accountRefOf(arn.account);
    if (arnAccount.kind === "unknown") return { kind: "unknown" };
    if (arn.resource === "root") return { kind: "account", account: arnAccount };
    return { kind: "arn", account: arnAccount, resource: arn.resource };
  }
  const text = fieldPattern(principal.value)?.trim();
  if (text === undefined || hasPlaceholder(text)) return { kind: "unknown" };
  if (principal.type === "Service") return text === "*" ? { kind: "everyone" } : { kind: "service", service: text };
  return { kind: "other", type: principal.type, value: text };
}

/** `assumed-role/reader/session` is a session of `role/reader`. */
function roleOfSession(resource: string): string {
  const match = /^assumed-role\/([^/]+)\/.*$/.exec(resource);
  return match ? `role/${match[1]}` : resource;
}

/** Whether one principal value of a statement names the requester, and how. */
function principalEntryMatch(
  named: NamedPrincipal,
  requester: Requester,
  principal: PolicyPrincipal,
  env: EvaluationEnv,
): { level: Level; how: PrincipalHow } {
  const own = env.ownAccounts;
  const direct = (level: Level) => ({ level, how: "direct" as const });
  if (named.kind === "everyone") return direct("yes");
  switch (requester.kind) {
    case "everyone":
      // Only `"*"` speaks of everyone; a statement naming one account does not let everyone in.
      return direct("no");
    case "service":
      if (named.kind === "service")
        return direct(named.service.toLowerCase() === requester.service.toLowerCase() ? "yes" : "no");
      return direct(named.kind === "unknown" && principal.type === "Service" ? "unknown" : "no");
    case "unresolved":
      if (principal.value.node === requester.field.node) return direct("yes");
      return direct(named.kind === "unknown" ? "unknown" : "no");
    case "organization": {
      if (named.kind === "account")
        return { level: fromTri(sameAccount({ kind: "foreign" }, named.account, own)), how: "account" };
      if (named.kind === "arn") {
        const tri = sameAccount({ kind: "foreign" }, named.account, own);
        return direct(tri === "no" ? "no" : "unknown");
      }
      return direct(named.kind === "unknown" ? "unknown" : "no");
    }
    case "account": {
      if (named.kind === "account")
        return { level: fromTri(sameAccount(requester.account, named.account, own)), how: "account" };
      // A statement naming one role of the account lets in only that role: some of the account's principals.
      if (named.kind === "arn")
        return direct(sameAccount(requester.account, named.account, own) === "no" ? "no" : "conditional");
      if (named.kind === "entity")
        return direct(sameAccount(requester.account, { kind: "deploy" }, own) === "no" ? "no" : "conditional");
      return direct(named.kind === "unknown" ? "unknown" : "no");
    }
    case "principal": {
      if (named.kind === "entity") {
        return direct(
          requester.entity && requester.entity.unit === named.unit && requester.entity.resource === named.resource
            ? "yes"
            : "no",
        );
      }
      if (named.kind === "account")
        return { level: fromTri(sameAccount(requester.account, named.account, own)), how: "account" };
      if (named.kind === "arn") {
        const account = sameAccount(requester.account, named.account, own);
        if (account === "no") return direct("no");
        if (!requester.arn) return direct("unknown");
        // Principal ARNs take no wildcards. An assumed-role ARN names one session of the role: some of its requests.
        const role = roleOfSession(named.resource);
        const name = matchPattern(role, requester.arn.resource, {
          wildcards: false,
          ignoreCase: false,
          ownAccounts: own,
        });
        const level = fromTri(account === "yes" ? name : name === "no" ? "no" : "unknown");
        return direct(role !== named.resource && level === "yes" ? "conditional" : level);
      }
      return direct(named.kind === "unknown" && principal.type === "AWS" ? "unknown" : "no");
    }
  }
}

/**
 * Whether a statement's `Principal` (or `NotPrincipal`) names the requester: directly (the principal itself, `"*"`),
 * and through its account (the account root). A statement naming both the account and one session of a role gives
 * each its own answer.
 */
function principalMatch(
  statement: PolicyStatement,
  policy: PolicyDocument,
  requester: Requester,
  env: EvaluationEnv,
  unknowns: string[],
): Record<PrincipalHow, Level> {
  const entries = (list: PolicyPrincipal[]) =>
    list.map((principal) => {
      const match = principalEntryMatch(namedPrincipal(principal, policy), requester, principal, env);
      if (match.level === "unknown") unknowns.push(`Principal ${fieldLabel(principal.value)}`);
      return match;
    });
  if (statement.principals.length > 0) {
    const matches = entries(statement.principals);
    return {
      direct: levelAny(matches.filter((m) => m.how === "direct").map((m) => m.level)),
      account: levelAny(matches.filter((m) => m.how === "account").map((m) => m.level)),
    };
  }
  if (statement.notPrincipals.length > 0) {
    return { direct: levelNot(levelAny(entries(statement.notPrincipals).map((m) => m.level))), account: "no" };
  }
  return { direct: "no", account: "no" };
}

/** Whether one condition value matches a known context value. */
function conditionValueMatch(
  operator: OperatorSpec,
  field: Field<string>,
  context: ContextValue,
  policy: PolicyDocument,
  env: EvaluationEnv,
): Tri {
  if (isReference(field.value)) {
    // `aws:PrincipalArn: !GetAtt ReaderRole.Arn`: the requester is that role, or is not.
    if (context.kind === "arn" && context.entity) {
      return context.entity.unit === policy.unit && context.entity.resource === field.value.target ? "yes" : "no";
    }
    return "unknown";
  }
  const text = fieldPattern(field);
  if (text === undefined) return "unknown";
  const options = { wildcards: operator.like, ignoreCase: operator.ignoreCase, ownAccounts: env.ownAccounts };
  switch (context.kind) {
    case "bool":
      return hasPlaceholder(text) ? "unknown" : (text.trim().toLowerCase() === "true") === context.value ? "yes" : "no";
    case "account": {
      const written = accountRefOf(text);
      if (written.kind !== "unknown") return sameAccount(context.account, written, env.ownAccounts);
      if (text.trim() === "*" && operator.like) return "yes";
      if (context.account.kind === "foreign" || context.account.kind === "unknown") return "unknown";
      return matchPattern(text, accountSubject(context.account), options);
    }
    case "arn":
      return operator.kind === "arn"
        ? matchArn(text, context.arn, { ownAccounts: env.ownAccounts, shortArns: "no-match" })
        : matchPattern(text, flattenArn(context.arn), options);
    case "string":
      return matchPattern(text, context.value, options);
  }
}

/** Whether a statement's conditions hold for the request. */
function conditionMatch(
  statement: PolicyStatement,
  policy: PolicyDocument,
  context: RequestContext,
  env: EvaluationEnv,
  undecided: string[],
  unknowns: string[],
): Level {
  const levels: Level[] = [];
  for (const { operator, key, values } of statement.conditions) {
    const written = `${operator} ${key}`;
    const known = context.get(key.trim().toLowerCase());
    const spec = operatorSpec(operator);
    if (!known || !spec || spec.kind === "ip") {
      undecided.push(written);
      levels.push("conditional");
      continue;
    }
    if (spec.kind === "null") {
      // The key is present: `Null: true` (absent) is false, `Null: false` is true.
      const tri = anyOf(
        values,
        (field) => {
          const text = fieldPattern(field);
          return text === undefined || hasPlaceholder(text)
            ? "unknown"
            : text.trim().toLowerCase() === "false"
              ? "yes"
              : "no";
        },
        unknowns,
        written,
      );
      levels.push(fromTri(tri));
      continue;
    }
    if ((spec.kind === "bool") !== (known.kind === "bool")) {
      undecided.push(written);
      levels.push("conditional");
      continue;
    }
    const any = anyOf(values, (field) => conditionValueMatch(spec, field, known, policy, env), unknowns, written);
    levels.push(fromTri(spec.negated ? notTri(any) : any));
  }
  return levelAll(levels);
}

/** How one statement applies to a request: through the principal itself, and through its account. */
export interface StatementMatch {
  /** Whether it applies to the principal itself (for identity policies, to their holder). */
  direct: Level;
  /** Whether it applies through the principal's account: a resource policy naming the account root. */
  account: Level;
  conditions: string[];
  unknowns: string[];
}

const NO_MATCH: StatementMatch = { direct: "no", account: "no", conditions: [], unknowns: [] };

/** Whether one statement applies to the request. */
export function matchStatement(
  policy: PolicyDocument,
  statement: PolicyStatement,
  side: PolicySide,
  request: AccessRequest,
  env: EvaluationEnv,
): StatementMatch {
  const unknowns: string[] = [];
  const conditions: string[] = [];
  const action = fromTri(actionMatch(statement, request.action, unknowns));
  if (action === "no") return NO_MATCH;
  const resource = fromTri(resourceMatch(statement, side, request.resource, policy, env, unknowns));
  if (resource === "no") return NO_MATCH;
  const principal: Record<PrincipalHow, Level> =
    side === "identity"
      ? { direct: "yes", account: "no" }
      : principalMatch(statement, policy, request.principal, env, unknowns);
  if (principal.direct === "no" && principal.account === "no") return NO_MATCH;
  const condition = conditionMatch(statement, policy, request.context, env, conditions, unknowns);
  const direct = levelAnd(action, resource, principal.direct, condition);
  const account = levelAnd(action, resource, principal.account, condition);
  const levels = [direct, account];
  return {
    direct,
    account,
    conditions: levels.some((l) => l === "conditional" || l === "unknown") ? conditions : [],
    unknowns: levels.includes("unknown") ? unknowns : [],
  };
}

/** The statements of policies that allow or deny the request. A statement whose `Effect` is unresolved may do either. */
export function evaluatePolicies(
  policies: readonly PolicyDocument[],
  side: PolicySide,
  request: AccessRequest,
  env: EvaluationEnv,
): PolicyEvaluation {
  const allows: StatementHit[] = [];
  const denies: StatementHit[] = [];
  for (const policy of policies) {
    policy.statements.forEach((statement, index) => {
      const match = matchStatement(policy, statement, side, request, env);
      for (const how of ["direct", "account"] as const) {
        const level = match[how];
        if (level === "no") continue;
        const hit = { policy, statement, index, level, how, conditions: match.conditions, unknowns: match.unknowns };
        const effect = statement.effect?.value;
        if (effect === "Allow") allows.push({ ...hit, effect: "allow" });
        else if (effect === "Deny") denies.push({ ...hit, effect: "deny" });
        else {
          const unknowns = [...hit.unknowns, `Effect ${statement.effect ? fieldLabel(statement.effect) : "(missing)"}`];
          allows.push({ ...hit, effect: "allow", level: "unknown", unknowns });
          denies.push({ ...hit, effect: "deny", level: "unknown", unknowns });
        }
      }
    });
  }
  return { allows, denies };
}

export interface AuthorizeInput {
  request: AccessRequest;
  /**
   * The requester's identity policies; `outside` when they are not in the project (a principal of another account,
   * everyone): they are then taken to allow the request, and the decision is about the resource's side.
   */
  identity: readonly PolicyDocument[] | "outside";
  /** The resource's policy (a secret's resource policy, a key policy); several documents are read as one. */
  resourcePolicies: readonly PolicyDocument[];
  /**
   * `kms` for a request on a KMS key: the key policy must allow the principal directly, or trust its account (the
   * account root) for IAM policies to count, also within the key's own account. Otherwise, within one account the
   * identity policy alone suffices.
   */
  service: "default" | "kms";
}

const levelOf = (hits: readonly StatementHit[]): Level => levelAny(hits.map((h) => h.level));

/**
 * Decides a request:
 * - same account: identity Allow, or a resource policy Allow naming the principal directly (for KMS: a key policy
 *   Allow naming the principal, or one trusting its account together with an identity Allow);
 * - other account: a resource policy Allow naming the principal or its account, and an identity Allow;
 * - a service principal: a resource policy Allow naming it;
 * - any explicit Deny in either policy wins.
 */
export function authorize(input: AuthorizeInput, env: EvaluationEnv): Decision {
  const { request } = input;
  const identity =
    input.identity === "outside"
      ? { allows: [], denies: [] }
      : evaluatePolicies(input.identity, "identity", request, env);
  const resource = evaluatePolicies(input.resourcePolicies, "resource", request, env);
  const identityAllow: Level = input.identity === "outside" ? "yes" : levelOf(identity.allows);
  const direct = levelOf(resource.allows.filter((h) => h.how === "direct"));
  const accountLevel = levelOf(resource.allows.filter((h) => h.how === "account"));
  const denied = levelOr(levelOf(identity.denies), levelOf(resource.denies));

  const principal = request.principal;
  const directHits = resource.allows.filter((h) => h.how === "direct");
  const accountHits = resource.allows.filter((h) => h.how === "account");
  let allowed: Level;
  let grants: StatementHit[];
  if (principal.kind === "service") {
    allowed = direct;
    grants = directHits;
  } else {
    const sameResult =
      input.service === "kms" ? levelOr(direct, levelAnd(identityAllow, accountLevel)) : levelOr(identityAllow, direct);
    const crossResult = levelAnd(levelOr(direct, accountLevel), identityAllow);
    const same = sameAccount(requesterAccount(principal), request.resource.account, env.ownAccounts);
    allowed =
      same === "yes"
        ? sameResult
        : same === "no"
          ? crossResult
          : sameResult === crossResult
            ? sameResult
            : levelOr(levelAnd(sameResult, "unknown"), levelAnd(crossResult, "unknown"));
    // The statements that count. Within the account, a resource policy naming only the account adds nothing to an
    // identity policy of the project (for KMS, it is what lets the identity policy count); across accounts, and for
    // a principal whose identity policies are outside the project, every side counts.
    const byAccount =
      input.identity === "outside" || same !== "yes" || (input.service === "kms" && identityAllow !== "no")
        ? accountHits
        : [];
    const inOrder = (hits: StatementHit[]) =>
      [...hits].sort(
        (a, b) =>
          input.resourcePolicies.indexOf(a.policy) - input.resourcePolicies.indexOf(b.policy) || a.index - b.index,
      );
    grants = [...identity.allows, ...inOrder([...directHits, ...byAccount])];
  }
  const level = levelAnd(allowed, levelNot(denied));
  return {
    level,
    grants,
    allows: [...identity.allows, ...resource.allows],
    denials: [...identity.denies, ...resource.denies],
  };
}

/** The account a requester is in. */
export function requesterAccount(requester: Requester): AccountRef {
  switch (requester.kind) {
    case "principal":
    case "account":
      return requester.account;
    case "organization":
    case "everyone":
      // Everyone and an organization's accounts are, for the decision, other accounts: the own account's principals
      // are evaluated as themselves.
      return { kind: "foreign" };
    case "service":
    case "unresolved":
      return { kind: "unknown" };
  }
}

/** The condition keys a request carries whatever it is: it comes over TLS, from the requester's account. */
export function baseContext(requester: Requester): Map<string, ContextValue> {
  const context = new Map<string, ContextValue>();
  context.set("aws:securetransport", { kind: "bool", value: true });
  if (requester.kind === "principal" || requester.kind === "account" || requester.kind === "organization") {
    context.set("aws:principalaccount", { kind: "account", account: requesterAccount(requester) });
  }
  if (requester.kind === "principal" && requester.arn) {
    context.set("aws:principalarn", {
      kind: "arn",
      arn: requester.arn,
      ...(requester.entity ? { entity: requester.entity } : {}),
    });
  }
  return context;
}

/**
 * The context of the `kms:Decrypt` Secrets Manager makes for a caller of `GetSecretValue`: through Secrets Manager in
 * the deployment's region, for the caller's account, with the secret's ARN as encryption context.
 */
export function secretsManagerDecryptContext(requester: Requester, secretArn: SubjectArn): Map<string, ContextValue> {
  const context = baseContext(requester);
  context.set("kms:viaservice", { kind: "string", value: subjectOf("secretsmanager.${AWS::Region}.amazonaws.com") });
  const account = context.get("aws:principalaccount");
  if (account) context.set("kms:calleraccount", account);
  context.set("kms:encryptioncontext:secretarn", { kind: "arn", arn: secretArn });
  return context;
}

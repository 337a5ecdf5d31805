/**
 * Who a resource policy lets in from other accounts, statement by statement, and whether a KMS key policy lets such
 * a grantee decrypt: what `cross-account-without-cmk` asks of the evaluator.
 */
import type { Field, KmsKey, PolicyDocument, PolicyStatement, Secret } from "../model/entities.js";
import type { PNode } from "../core/positioned.js";
import {
  accountOfField,
  isForeignAccount,
  principalAccount,
  principalScope,
  type PrincipalScope,
} from "./principals.js";
import {
  authorize,
  secretsManagerDecryptContext,
  type Decision,
  type EvaluationEnv,
  type Requester,
} from "./policy-evaluation.js";
import { matchAction } from "./arn-match.js";
import { keyResource, secretArn } from "./policy-subjects.js";

/** Another account, or the accounts of an organization, that an Allow statement of a resource policy names. */
export interface CrossAccountGrant {
  policy: PolicyDocument;
  statement: PolicyStatement;
  /** 0-based position of the statement in the policy. */
  index: number;
  /** Where the grantee is written: the principal value, or the condition value that limits `"*"`. */
  node: PNode;
  /** For messages: `account 444455556666`, `the accounts of organization o-a1b2c3d4e5`. */
  text: string;
  /** Set when the value came from a parameter's default. */
  via?: string;
  /** Set for a single account; unset for an organization. */
  account?: string;
  /** The grantee as the one making requests, for the evaluator. */
  requester: Requester;
}

/** Whether a statement's `Action` (or `NotAction`) certainly covers one of `actions`. */
function coversAction(statement: PolicyStatement, actions: readonly string[]): boolean {
  const patterns = (fields: Field<string>[]) => fields.map((f) => (typeof f.value === "string" ? f.value : undefined));
  return actions.some((action) => {
    if (statement.actions.length > 0)
      return patterns(statement.actions).some((p) => p !== undefined && matchAction(p, action) === "yes");
    if (statement.notActions.length === 0) return false;
    const excluded = patterns(statement.notActions);
    return excluded.every((p) => p !== undefined && matchAction(p, action) === "no");
  });
}

/**
 * The other accounts and organizations the Allow statements of a resource policy grant one of `actions`, each where it
 * is written: an `AWS` principal in a literal account that is not one of `ownAccounts`, or `"*"` limited by a
 * condition on `aws:PrincipalAccount` (each other account) or `aws:PrincipalOrgID`/`aws:PrincipalOrgPaths` (the
 * organization). `"*"` without such a condition is public, not a cross-account grant.
 */
export function crossAccountGrants(
  policy: PolicyDocument,
  actions: readonly string[],
  ownAccounts: readonly string[],
): CrossAccountGrant[] {
  return policy.statements.flatMap((statement, index) => {
    if (statement.effect?.value !== "Allow" || !coversAction(statement, actions)) return [];
    const at = { policy, statement, index };
    const out: CrossAccountGrant[] = [];
    let everyone = false;
    for (const principal of statement.principals) {
      const account = principalAccount(principal);
      if (account.kind === "everyone") everyone = true;
      else if (isForeignAccount(account, ownAccounts))
        out.push({ ...at, ...accountGrantee(principal.value, account.account) });
    }
    const scope = everyone ? principalScope(statement) : undefined;
    if (scope) for (const grantee of scopeGrantees(scope, ownAccounts)) out.push({ ...at, ...grantee });
    return out;
  });
}

type Grantee = Omit<CrossAccountGrant, "policy" | "statement" | "index">;

function accountGrantee(field: Field<string>, account: string): Grantee {
  return {
    node: field.node,
    text: `account ${account}`,
    account,
    requester: { kind: "account", account: { kind: "literal", account } },
    ...(field.via ? { via: field.via } : {}),
  };
}

function scopeGrantees(scope: PrincipalScope, ownAccounts: readonly string[]): Grantee[] {
  // Conditions are ANDed: an account list is the narrowest limit, and then the organization adds nothing.
  if (scope.accounts.length > 0) {
    return scope.accounts.flatMap((field) => {
      const account = accountOfField(field);
      return isForeignAccount(account, ownAccounts) ? [accountGrantee(field, account.account)] : [];
    });
  }
  // An unresolved organization may be anyone's; a written one holds other accounts by definition.
  const written = (field: Field<string>): string | undefined =>
    typeof field.value === "string" && !field.value.includes("${") ? field.value : undefined;
  const [fields, describe] =
    scope.orgIds.length > 0
      ? [scope.orgIds, (org: string) => `the accounts of organization ${org}`]
      : [scope.orgPaths, (path: string) => `the accounts under organization path ${path}`];
  return fields.flatMap((field): Grantee[] => {
    const value = written(field);
    if (value === undefined) return [];
    return [
      {
        node: field.node,
        text: describe(value),
        requester: { kind: "organization" },
        ...(field.via ? { via: field.via } : {}),
      },
    ];
  });
}

/**
 * Whether a key policy lets `requester` decrypt `secret` through Secrets Manager (`kms:Decrypt` with
 * `kms:ViaService` = Secrets Manager, the caller's account as `kms:CallerAccount`). The requester's own IAM policies
 * are outside the project and taken to allow it: the answer is about the key policy.
 */
export function keyPolicyDecrypt(
  secret: Secret,
  key: KmsKey,
  keyPolicy: PolicyDocument,
  requester: Requester,
  env: EvaluationEnv,
): Decision {
  return authorize(
    {
      request: {
        principal: requester,
        action: "kms:Decrypt",
        resource: keyResource(key),
        context: secretsManagerDecryptContext(requester, secretArn(secret)),
      },
      identity: "outside",
      resourcePolicies: [keyPolicy],
      service: "kms",
    },
    env,
  );
}

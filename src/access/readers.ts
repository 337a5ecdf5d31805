/**
 * Who may read secrets, before any policy is evaluated: the project's roles, users and groups and whoever holds a policy
 * attached to nobody in it (`readersOfProject`), and the principals a secret's resource policies name
 * (`readersNamedIn`). effective-access.ts decides what each of them can do.
 */

import { isReference, literal, type Field, type IamPrincipal, type PolicyDocument } from "../model/entities.js";
import type { Project } from "../model/project.js";
import type { PNode } from "../core/positioned.js";
import {
  fieldLabel,
  fieldPattern,
  namedPrincipal,
  sameAccount,
  type AccountRef,
  type EvaluationEnv,
  type Requester,
} from "../knowledge/policy-evaluation.js";
import { subjectArnOf } from "./match.js";
import { splitArn } from "../knowledge/principals.js";
import { arnText, iamPrincipalRequester, namedIamRequester } from "../knowledge/policy-subjects.js";

export type ReaderKind =
  | "role"
  | "user"
  | "group"
  | "policy-holder"
  | "account"
  | "organization"
  | "everyone"
  | "service"
  | "unresolved";

/** A principal that may read secrets. */
export interface Reader {
  kind: ReaderKind;
  /** How people call it: `role OrdersReaderRole`, `arn:aws:iam::444455556666:role/reporting`, `everyone`. */
  label: string;
  requester: Requester;
  /** Its identity policies in the project; `outside` when they are not in it (another account, everyone). */
  identity: PolicyDocument[] | "outside";
  /** Where it is declared (a role's logical-ID key) or named (a principal value of a resource policy). */
  node: PNode;
  /** The role, user or group of the project. */
  entity?: IamPrincipal;
  /** Its ARN as far as known, `${...}` for the unknown parts. */
  arn?: string;
  /** `${AWS::AccountId}` (the deploying account), a 12-digit id, `any` (everyone) or `unknown`. */
  account: string;
  /** Whether the project defines it or attaches policies to it (rather than naming it in a resource policy). */
  fromProject: boolean;
}

/** A policy that applies to a principal but cannot be evaluated: an AWS managed policy, one outside the project. */
export interface NotEvaluated {
  principal: string;
  /** The policy as written: `arn:aws:iam::aws:policy/SecretsManagerReadWrite`, `!ImportValue SharedPolicyArn`. */
  policy: string;
  node: PNode;
  reason: string;
}

/** The roles, users and groups of the project and the identity policies that apply to each. */
export function readersOfProject(project: Project): { readers: Reader[]; notEvaluated: NotEvaluated[] } {
  const principals = [...project.all("iam-principal")].sort(byPosition);
  const identityPolicies = project.all("policy").filter((p) => p.policyType === "identity");
  const policiesOf = new Map<IamPrincipal, PolicyDocument[]>(principals.map((p) => [p, []]));
  const attached = new Set<PolicyDocument>();
  const notEvaluated: NotEvaluated[] = [];
  const outside = new Map<
    string,
    {
      principalType: IamPrincipal["principalType"];
      name: string;
      node: PNode;
      policies: PolicyDocument[];
      unresolved: boolean;
    }
  >();

  const named = (principalType: IamPrincipal["principalType"], name: string): IamPrincipal | undefined =>
    principals.find((p) => p.principalType === principalType && literal(p.name) === name);

  for (const policy of identityPolicies) {
    for (const { principalType, value } of policy.attachedTo) {
      let target: IamPrincipal | undefined;
      if (isReference(value.value)) {
        const entity = project.resolve(policy.unit, value.value.target);
        if (entity?.kind === "iam-principal") target = entity;
      } else if (typeof value.value === "string") {
        target = named(principalType, nameOf(value.value));
      }
      if (target) {
        policiesOf.get(target)?.push(policy);
        attached.add(policy);
        continue;
      }
      // Attached to a principal the project names but does not define, or does not give at all.
      const unresolved = typeof value.value !== "string";
      const name = unresolved ? fieldLabel(value) : nameOf(value.value as string);
      const key = `${principalType} ${name}`;
      const entry = outside.get(key) ?? { principalType, name, node: value.node, policies: [], unresolved };
      entry.policies.push(policy);
      outside.set(key, entry);
      attached.add(policy);
    }
  }

  for (const principal of principals) {
    for (const field of principal.managedPolicies) {
      const policy = managedPolicy(project, principal, field);
      if (policy) {
        policiesOf.get(principal)?.push(policy);
        attached.add(policy);
      } else {
        notEvaluated.push({
          principal: principalLabel(principal),
          policy: fieldLabel(field),
          node: field.node,
          reason: isAwsManagedPolicy(field)
            ? "An AWS managed policy: its document is not in the project."
            : "A managed policy outside the project: its document is not in the project.",
        });
      }
    }
  }

  // A user gets the policies of its groups.
  for (const user of principals.filter((p) => p.principalType === "user")) {
    for (const field of user.groups) {
      const group = isReference(field.value)
        ? project.resolve(user.unit, field.value.target)
        : typeof field.value === "string"
          ? named("group", nameOf(field.value))
          : undefined;
      if (group?.kind === "iam-principal" && group.principalType === "group") {
        // A loop, not `push(...list)`: a group's policies are as many as the files give.
        const into = policiesOf.get(user);
        if (into) for (const policy of policiesOf.get(group) ?? []) into.push(policy);
      } else {
        notEvaluated.push({
          principal: principalLabel(user),
          policy: `group ${fieldLabel(field)}`,
          node: field.node,
          reason: "A group outside the project: its policies are not in the project.",
        });
      }
    }
  }

  const readers: Reader[] = principals.map((principal) => {
    const requester = iamPrincipalRequester(principal);
    return {
      kind: principal.principalType,
      label: principalLabel(principal),
      requester,
      identity: unique(policiesOf.get(principal) ?? []),
      node: principal.node,
      entity: principal,
      ...(requester.kind === "principal" && requester.arn ? { arn: arnText(requester.arn) } : {}),
      account: "${AWS::AccountId}",
      fromProject: true,
    };
  });

  for (const { principalType, name, node, policies, unresolved } of outside.values()) {
    const requester: Requester = unresolved
      ? { kind: "principal", account: { kind: "deploy" } }
      : namedIamRequester(principalType, name);
    readers.push({
      kind: principalType,
      label: `${principalType} ${name} (not defined in the project)`,
      requester,
      identity: policies,
      node,
      ...(requester.kind === "principal" && requester.arn ? { arn: arnText(requester.arn) } : {}),
      account: "${AWS::AccountId}",
      fromProject: true,
    });
  }

  for (const policy of identityPolicies) {
    if (attached.has(policy)) continue;
    readers.push({
      kind: "policy-holder",
      label: `whoever holds ${policy.platform === "policy" ? `policy file ${policy.file.path}` : `policy ${policy.resource}`}`,
      requester: { kind: "principal", account: { kind: "deploy" } },
      identity: [policy],
      node: policy.node,
      account: "${AWS::AccountId}",
      fromProject: true,
    });
  }
  return { readers, notEvaluated };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** `reader` from `reader`, `arn:aws:iam::111122223333:role/reader` or `arn:...:role/path/reader`. */
function nameOf(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith("arn:")) return trimmed;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

function principalLabel(principal: IamPrincipal): string {
  const name = literal(principal.name);
  return name !== undefined && name !== principal.resource
    ? `${principal.principalType} ${principal.resource} (${name})`
    : `${principal.principalType} ${principal.resource}`;
}

/** A managed policy a principal names, when it is an identity policy of the project. */
function managedPolicy(project: Project, principal: IamPrincipal, field: Field<string>): PolicyDocument | undefined {
  const { value } = field;
  if (!isReference(value)) return undefined;
  const entity = project.resolve(principal.unit, value.target);
  return entity?.kind === "policy" && entity.policyType === "identity" ? entity : undefined;
}

function isAwsManagedPolicy(field: Field<string>): boolean {
  const text = fieldPattern(field);
  if (text === undefined) return false;
  // `arn:aws:iam::aws:policy/...`, or a bare name as SAM's `Policies` takes it.
  return /^arn:[^:]+:iam::aws:policy\//.test(text) || /^[A-Za-z0-9+=,.@_-]+$/.test(text);
}

/** The principals a secret's resource policies name that are not principals of the project. */
export function readersNamedIn(
  policies: readonly PolicyDocument[],
  projectReaders: readonly Reader[],
  env: EvaluationEnv,
): Reader[] {
  const out = new Map<string, Reader>();
  const add = (named: Omit<Reader, "fromProject">) => {
    const reader = { ...named, fromProject: false };
    if (!out.has(reader.label)) out.set(reader.label, reader);
  };
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (statement.effect?.value === "Deny") continue;
      for (const principal of [...statement.principals, ...statement.notPrincipals]) {
        const named = namedPrincipal(principal, policy);
        const node = principal.value.node;
        switch (named.kind) {
          case "everyone":
            add({
              kind: "everyone",
              label: 'everyone (Principal "*")',
              requester: { kind: "everyone" },
              identity: "outside",
              node,
              account: "any",
            });
            break;
          case "entity":
            // A role or user of the project: a reader already.
            break;
          case "account":
            add({
              kind: "account",
              label: `account ${accountText(named.account)}`,
              requester: { kind: "account", account: named.account },
              identity: "outside",
              node,
              account: accountText(named.account),
            });
            break;
          case "arn": {
            const text = fieldPattern(principal.value)?.trim() ?? "";
            const arn = subjectArnOf(text.replace(/:assumed-role\/([^/]+)\/.*$/, ":role/$1"));
            const requester: Requester = { kind: "principal", account: named.account, ...(arn ? { arn } : {}) };
            if (isProjectPrincipal(requester, projectReaders, env)) break;
            const kind = /^(assumed-)?role\//.test(named.resource) ? "role" : "user";
            add({
              kind,
              label: text,
              requester,
              identity: "outside",
              node,
              arn: text,
              account: accountText(named.account),
            });
            break;
          }
          case "service":
            add({
              kind: "service",
              label: `service ${named.service}`,
              requester: { kind: "service", service: named.service },
              identity: "outside",
              node,
              account: "unknown",
            });
            break;
          case "other":
            break;
          case "unknown":
            add({
              kind: "unresolved",
              label: `${principal.type} ${fieldLabel(principal.value)} (not known)`,
              requester: { kind: "unresolved", field: principal.value },
              identity: "outside",
              node,
              account: "unknown",
            });
            break;
        }
      }
    }
  }
  return [...out.values()];
}

function accountText(account: AccountRef): string {
  return account.kind === "deploy" ? "${AWS::AccountId}" : account.kind === "literal" ? account.account : "unknown";
}

/** Whether a principal ARN a resource policy names is a role or user of the project (then it is a reader already). */
function isProjectPrincipal(requester: Requester, projectReaders: readonly Reader[], env: EvaluationEnv): boolean {
  if (requester.kind !== "principal" || !requester.arn) return false;
  const text = arnText(requester.arn);
  return projectReaders.some((reader) => {
    if (reader.requester.kind !== "principal" || !reader.requester.arn || !reader.arn) return false;
    if (sameAccount(reader.requester.account, requester.account, env.ownAccounts) !== "yes") return false;
    const [, , , , , resource] = splitArn(text);
    const [, , , , , own] = splitArn(reader.arn);
    return resource !== undefined && resource === own;
  });
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byPosition(
  a: { file: { path: string }; node: PNode },
  b: { file: { path: string }; node: PNode },
): number {
  return compareText(a.file.path, b.file.path) || a.node.start - b.node.start;
}

// Over 500 lines: one evaluation (readers, decrypt access, notes) whose steps share private types and helpers.
/**
 * Effective access to secrets: for each secret of the project, which principals defined or named in the project can
 * call `secretsmanager:GetSecretValue` on it, through which policy statements, and whether the secret's KMS key lets
 * them decrypt what they read.
 *
 * Principals considered: the project's roles, users and groups (with their inline policies, the identity policies
 * attached to them, their managed policies of the project, and for users those of their groups); roles, users and
 * groups that identity policies name but the project does not define; whoever holds an identity policy attached to
 * nobody in the project (a standalone policy file, a managed policy without attachments); and every principal the
 * secret's resource policy names (another account, a role of another account, `"*"`, a service).
 */
import {
  isReference,
  literal,
  type Field,
  type IamPrincipal,
  type PolicyDocument,
  type Secret,
} from "../model/entities.js";
import type { Project } from "../model/project.js";
import type { PNode } from "../core/positioned.js";
import {
  authorize,
  baseContext,
  fieldLabel,
  fieldPattern,
  namedPrincipal,
  requesterAccount,
  sameAccount,
  secretsManagerDecryptContext,
  type AccountRef,
  type Decision,
  type EvaluationEnv,
  type Level,
  type Requester,
  type StatementHit,
} from "../knowledge/policy-evaluation.js";
import { encryptionOf, type Encryption } from "../knowledge/secret-encryption.js";
import { subjectArnOf } from "./match.js";
import { isOwnLiteralAccount, splitArn } from "../knowledge/principals.js";
import {
  arnText,
  iamPrincipalRequester,
  keyResource,
  namedIamRequester,
  secretArn,
  secretResource,
} from "../knowledge/policy-subjects.js";

export const READ_ACTION = "secretsmanager:GetSecretValue";
const DECRYPT_ACTION = "kms:Decrypt";

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

export interface DecryptAccess {
  level: Level;
  /** A sentence: why decrypting is possible, not, or not known. */
  reason: string;
  /** For a customer-managed key of the project: the key policy's (and identity policies') decision. */
  decision?: Decision;
}

/** One principal that can (or may) read one secret. */
export interface ReaderAccess {
  reader: Reader;
  /** The decision on `GetSecretValue`; its level is never `no`. */
  read: Decision;
  decrypt: DecryptAccess;
  /** What the answer takes for granted: identity policies outside the project. */
  requires: string[];
}

export interface SecretAccess {
  secret: Secret;
  encryption: Encryption;
  readers: ReaderAccess[];
}

/** A policy that applies to a principal but cannot be evaluated: an AWS managed policy, one outside the project. */
export interface NotEvaluated {
  principal: string;
  /** The policy as written: `arn:aws:iam::aws:policy/SecretsManagerReadWrite`, `!ImportValue SharedPolicyArn`. */
  policy: string;
  node: PNode;
  reason: string;
}

export interface AccessReport {
  secrets: SecretAccess[];
  notEvaluated: NotEvaluated[];
  /** Assumptions worth knowing about the answer (literal account ids taken as other accounts...). */
  notes: string[];
}

export interface AccessOptions {
  /** Account ids the configuration declares as the project's own (`ownAccounts`). */
  ownAccounts?: readonly string[];
}

const KIND_ORDER: ReaderKind[] = [
  "role",
  "user",
  "group",
  "policy-holder",
  "account",
  "organization",
  "everyone",
  "service",
  "unresolved",
];

/** Who can read each secret of the project. */
export function effectiveAccess(project: Project, options: AccessOptions = {}): AccessReport {
  const env: EvaluationEnv = { ownAccounts: options.ownAccounts ?? [] };
  const { readers: projectReaders, notEvaluated } = readersOfProject(project);
  const secrets = [...project.all("secret")].sort(byPosition).map((secret): SecretAccess => {
    const resourcePolicies = project.resourcePoliciesFor(secret);
    const encryption = encryptionOf(secret, project);
    const candidates = [...projectReaders, ...readersNamedIn(resourcePolicies, projectReaders, env)];
    const all = candidates.flatMap((reader): ReaderAccess[] => {
      const read = authorize(
        {
          request: {
            principal: reader.requester,
            action: READ_ACTION,
            resource: secretResource(secret),
            context: baseContext(reader.requester),
          },
          identity: reader.identity,
          resourcePolicies,
          service: "default",
        },
        env,
      );
      if (read.level === "no") return [];
      return [
        {
          reader,
          read,
          decrypt: decryptAccess(secret, encryption, reader, env),
          requires: requirements(reader, encryption),
        },
      ];
    });
    // A principal of the project whose only way in is a resource-policy statement naming everyone (`"*"`,
    // `NotPrincipal`), or naming a principal the project does not give (which might be it), is one of the principals
    // of the `everyone` or `not known` entry: listing it again for every role of the project says nothing more.
    const everyone = all.some((r) => r.reader.kind === "everyone");
    const unresolved = all.some((r) => r.reader.kind === "unresolved");
    const implied = (hit: StatementHit): boolean =>
      (everyone && isEveryoneGrant(hit)) ||
      (unresolved && hit.level === "unknown" && hit.unknowns.every((u) => u.startsWith("Principal ")));
    const readers = all.filter((r) => !r.reader.fromProject || !r.read.grants.every(implied));
    readers.sort(
      (a, b) =>
        Number(!a.reader.fromProject) - Number(!b.reader.fromProject) ||
        KIND_ORDER.indexOf(a.reader.kind) - KIND_ORDER.indexOf(b.reader.kind) ||
        compareText(a.reader.label, b.reader.label),
    );
    return { secret, encryption, readers };
  });
  return { secrets, notEvaluated, notes: literalAccountNotes(project, env) };
}

/** A resource-policy statement that lets in everyone (or everyone but some), whoever the requester. */
function isEveryoneGrant(hit: StatementHit): boolean {
  if (hit.policy.policyType === "identity") return false;
  return (
    hit.statement.notPrincipals.length > 0 ||
    hit.statement.principals.some((p) => namedPrincipal(p, hit.policy).kind === "everyone")
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byPosition(a: { file: { path: string }; node: PNode }, b: { file: { path: string }; node: PNode }): number {
  return compareText(a.file.path, b.file.path) || a.node.start - b.node.start;
}

/** Whether the key lets the reader decrypt the secret through Secrets Manager. */
function decryptAccess(secret: Secret, encryption: Encryption, reader: Reader, env: EvaluationEnv): DecryptAccess {
  switch (encryption.kind) {
    case "aws-managed": {
      if (reader.kind === "service") {
        return {
          level: "unknown",
          reason:
            "The secret uses the AWS-managed key aws/secretsmanager; whether a service can use it is up to the service.",
        };
      }
      const same = sameAccount(requesterAccount(reader.requester), { kind: "deploy" }, env.ownAccounts);
      if (same === "yes") {
        return {
          level: "yes",
          reason:
            "The AWS-managed key aws/secretsmanager lets every principal of the secret's account decrypt through Secrets Manager.",
        };
      }
      if (same === "no") {
        return {
          level: "no",
          reason:
            "The secret uses the AWS-managed key aws/secretsmanager, whose key policy cannot let another account decrypt.",
        };
      }
      return {
        level: "unknown",
        reason:
          "The secret uses the AWS-managed key aws/secretsmanager, usable only from the secret's own account, and the principal's account is not known.",
      };
    }
    case "key-without-policy":
      return { level: "unknown", reason: `The key ${encryption.key.resource} has no key policy in the project.` };
    case "outside":
      return { level: "unknown", reason: `The key ${encryption.text} is not in the project.` };
    case "customer-managed": {
      const decision = authorize(
        {
          request: {
            principal: reader.requester,
            action: DECRYPT_ACTION,
            resource: keyResource(encryption.key),
            context: secretsManagerDecryptContext(reader.requester, secretArn(secret)),
          },
          identity: reader.identity,
          resourcePolicies: [encryption.keyPolicy],
          service: "kms",
        },
        env,
      );
      return { level: decision.level, reason: decryptReason(decision, encryption.key.resource, reader), decision };
    }
  }
}

function decryptReason(decision: Decision, key: string, reader: Reader): string {
  const keyGrants = decision.allows.filter((g) => g.policy.policyType === "key-policy");
  const identityGrants = decision.allows.filter((g) => g.policy.policyType !== "key-policy");
  switch (decision.level) {
    case "yes":
      return keyGrants.some((g) => g.how === "direct" && g.level === "yes")
        ? `The key policy of ${key} allows it kms:Decrypt.`
        : `The key policy of ${key} leaves kms:Decrypt to IAM policies, and ${reader.identity === "outside" ? "its account's" : "its"} identity policies allow it.`;
    case "conditional":
      return `The key policy of ${key} allows it kms:Decrypt only under conditions that cannot be checked statically.`;
    case "unknown":
      return `Whether the key policy of ${key} allows it kms:Decrypt depends on values the project does not give.`;
    case "no":
      if (decision.denials.some((d) => d.level === "yes"))
        return `A Deny statement takes kms:Decrypt on ${key} away from it.`;
      if (keyGrants.some((g) => g.how === "account") && identityGrants.length === 0 && reader.identity !== "outside") {
        return `The key policy of ${key} leaves kms:Decrypt to IAM policies, and none of its identity policies allows it.`;
      }
      return `The key policy of ${key} gives it no kms:Decrypt.`;
  }
}

function requirements(reader: Reader, encryption: Encryption): string[] {
  if (reader.identity !== "outside") return [];
  const actions = encryption.kind === "aws-managed" ? READ_ACTION : `${READ_ACTION} and ${DECRYPT_ACTION}`;
  switch (reader.kind) {
    case "everyone":
    case "organization":
      return [`the caller's own identity policy allows ${actions}`];
    case "service":
      return [];
    default:
      if (reader.account === "unknown")
        return [`an identity policy of the principal (not in the project) allows ${actions}`];
      if (reader.account === "${AWS::AccountId}")
        return [`an identity policy of the principal, in the deploying account, allows ${actions}`];
      return [`an identity policy in account ${reader.account} (not in the project) allows ${actions}`];
  }
}

/** The roles, users and groups of the project and the identity policies that apply to each. */
function readersOfProject(project: Project): { readers: Reader[]; notEvaluated: NotEvaluated[] } {
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
function readersNamedIn(
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

/**
 * Literal account ids in identity policies' secret and key ARNs, and in the key-administration statements of key
 * policies (`kms:*`), that are not in `ownAccounts`: they count as other accounts, which is worth saying because these
 * places usually name the own account.
 */
function literalAccountNotes(project: Project, env: EvaluationEnv): string[] {
  const found = new Map<string, Set<string>>();
  const note = (account: string, where: string) => {
    if (isOwnLiteralAccount(account, env.ownAccounts)) return;
    found.set(account, (found.get(account) ?? new Set()).add(where));
  };
  for (const policy of project.all("policy")) {
    const where = policy.platform === "policy" ? policy.file.path : policy.resource;
    for (const statement of policy.statements) {
      if (policy.policyType === "identity") {
        for (const field of [...statement.resources, ...statement.notResources]) {
          const text = typeof field.value === "string" ? field.value : undefined;
          const account = text ? splitArn(text)[4] : undefined;
          if (account && /^[0-9]{12}$/.test(account) && /^arn:[^:]+:(secretsmanager|kms):/.test(text ?? ""))
            note(account, where);
        }
      } else if (
        policy.policyType === "key-policy" &&
        statement.actions.some((a) => typeof a.value === "string" && /^(\*|kms:\*)$/i.test(a.value.trim()))
      ) {
        // The statement that administers the key names the key's own account, as AWS's default key policy does.
        for (const principal of statement.principals) {
          const named = namedPrincipal(principal, policy);
          if ((named.kind === "account" || named.kind === "arn") && named.account.kind === "literal")
            note(named.account.account, where);
        }
      }
    }
  }
  return [...found].map(
    ([account, where]) =>
      `Account ${account} (in ${[...where].join(", ")}) is taken to be another account than the one the project is deployed to; ` +
      `list it in the configuration's ownAccounts if it is that account.`,
  );
}

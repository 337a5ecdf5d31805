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
import type { Secret } from "../model/entities.js";
import type { Project } from "../model/project.js";
import {
  authorize,
  baseContext,
  namedPrincipal,
  requesterAccount,
  sameAccount,
  secretsManagerDecryptContext,
  type Decision,
  type EvaluationEnv,
  type Level,
  type StatementHit,
} from "../knowledge/policy-evaluation.js";
import { encryptionOf, type Encryption } from "../knowledge/secret-encryption.js";
import { isOwnLiteralAccount, splitArn } from "../knowledge/principals.js";
import { keyResource, secretArn, secretResource } from "../knowledge/policy-subjects.js";
import {
  byPosition,
  compareText,
  readersNamedIn,
  readersOfProject,
  type NotEvaluated,
  type Reader,
  type ReaderKind,
} from "./readers.js";

export const READ_ACTION = "secretsmanager:GetSecretValue";
const DECRYPT_ACTION = "kms:Decrypt";

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

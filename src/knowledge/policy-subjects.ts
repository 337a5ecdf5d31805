/**
 * The ARNs of what the project declares, as far as it knows them: a secret is
 * `arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:<name>-<six random characters>`, a key
 * `arn:...:kms:...:key/<generated id>`, a role `arn:...:iam::${AWS::AccountId}:role/<name>`.
 */
import {
  isReference,
  isUnresolved,
  type Field,
  type IamPrincipal,
  type KmsKey,
  type Secret,
} from "../model/entities.js";
import { subjectArnOf, subjectOf, type Subject, type SubjectArn, type SubjectToken } from "./arn-match.js";
import type { Requester, RequestResource } from "./policy-evaluation.js";

const DEPLOYED = "arn:${AWS::Partition}:{service}:${AWS::Region}:${AWS::AccountId}:";

/** A name as a subject: a literal (with `${...}` parts unknown), or wholly unknown (generated, a reference, unresolved). */
function nameSubject(field: Field<string> | undefined): Subject {
  const value = field?.value;
  if (typeof value === "string") return subjectOf(value);
  return [{ t: "anyN" }];
}

const RANDOM_SUFFIX: SubjectToken[] = [
  { t: "c", c: "-" },
  ...Array.from({ length: 6 }, (): SubjectToken => ({ t: "any1" })),
];

/** The ARN of a secret of the project: its name (or the one CloudFormation generates) and the random suffix. */
export function secretArn(secret: Secret): SubjectArn {
  const base = subjectArnOf(`${DEPLOYED.replace("{service}", "secretsmanager")}secret:`) as SubjectArn;
  return { ...base, resource: [...base.resource, ...nameSubject(secret.name), ...RANDOM_SUFFIX] };
}

export function secretResource(secret: Secret): RequestResource {
  return {
    arn: secretArn(secret),
    account: { kind: "deploy" },
    entity: { unit: secret.unit, resource: secret.resource },
  };
}

/** The ARN of a key of the project; its id is generated. */
export function keyArn(): SubjectArn {
  return subjectArnOf(`${DEPLOYED.replace("{service}", "kms")}key/\${KeyId}`) as SubjectArn;
}

export function keyResource(key: KmsKey): RequestResource {
  return { arn: keyArn(), account: { kind: "deploy" }, entity: { unit: key.unit, resource: key.resource } };
}

/**
 * A role, user or group of the project as the one making a request. A group makes none itself: it stands for any of its
 * members, whose ARNs are not known. IAM paths are not in the model: a role's ARN is taken to have none.
 */
export function iamPrincipalRequester(principal: IamPrincipal): Requester {
  const requester: Requester = {
    kind: "principal",
    account: { kind: "deploy" },
    entity: { unit: principal.unit, resource: principal.resource },
  };
  if (principal.principalType === "group") return requester;
  const base = subjectArnOf(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${principal.principalType}/`) as SubjectArn;
  return { ...requester, arn: { ...base, resource: [...base.resource, ...nameSubject(principal.name)] } };
}

/** A role or user the project names only by name (an identity policy attached to `Roles: [reader]`). */
export function namedIamRequester(principalType: "role" | "user" | "group", name: string): Requester {
  if (principalType === "group") return { kind: "principal", account: { kind: "deploy" } };
  const arn = subjectArnOf(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${principalType}/${name}`) as SubjectArn;
  return { kind: "principal", account: { kind: "deploy" }, arn };
}

/** The ARN a symbolic subject stands for, written out for people: `${...}` for what is not known. */
export function arnText(arn: SubjectArn): string {
  return ["arn", text(arn.partition), arn.service, text(arn.region), text(arn.account), text(arn.resource)].join(":");
}

function text(subject: Subject): string {
  let out = "";
  let random = 0;
  for (const token of subject) {
    if (token.t === "any1") {
      random++;
      continue;
    }
    if (random > 0) {
      out += "?".repeat(random);
      random = 0;
    }
    if (token.t === "c") out += token.c;
    else if (token.t === "anyN") out += "*";
    else
      out +=
        token.which === "partition"
          ? "${AWS::Partition}"
          : token.which === "region"
            ? "${AWS::Region}"
            : "${AWS::AccountId}";
  }
  return out + "?".repeat(random);
}

/** Whether a field is a literal name or ARN (no reference, nothing unresolved). */
export function isWritten(field: Field<string>): field is Field<string> & { value: string } {
  return !isReference(field.value) && !isUnresolved(field.value);
}

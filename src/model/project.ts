import {
  isReference,
  literal,
  type Entity,
  type EntityKind,
  type Field,
  type KmsKey,
  type PolicyDocument,
  type RotationSchedule,
  type Secret,
  type SourceDocument,
} from "./entities.js";

type EntityOf<K extends EntityKind> = Extract<Entity, { kind: K }>;

/**
 * The cross-file index. Within a unit (template or module folder) entities link by reference; across the whole
 * project, rotation schedules link to secrets by literal name or ARN.
 */
export class Project {
  private readonly byKind = new Map<EntityKind, Entity[]>();
  private readonly byUnit = new Map<string, Map<string, Entity>>();
  private rotations: Map<Secret, RotationSchedule[]> | undefined;
  private secretPolicies: Map<Secret, PolicyDocument[]> | undefined;
  private secretsByName: Map<string, Secret[]> | undefined;
  private keyPolicies: Map<string, PolicyDocument> | undefined;

  constructor(
    readonly entities: readonly Entity[],
    readonly documents: readonly SourceDocument[] = [],
  ) {
    for (const entity of entities) {
      const list = this.byKind.get(entity.kind) ?? [];
      list.push(entity);
      this.byKind.set(entity.kind, list);
      const unit = this.byUnit.get(entity.unit) ?? new Map<string, Entity>();
      // One resource can yield several entities (a key and its key policy, a secret and its SecretString);
      // builders emit the resource's own entity first, and that is what a reference to the resource means.
      if (!unit.has(entity.resource)) unit.set(entity.resource, entity);
      this.byUnit.set(entity.unit, unit);
    }
  }

  all<K extends EntityKind>(kind: K): EntityOf<K>[] {
    return (this.byKind.get(kind) ?? []) as EntityOf<K>[];
  }

  /** The entity a reference points at, within the unit it was written in. */
  resolve(unit: string, target: string): Entity | undefined {
    return this.byUnit.get(unit)?.get(target);
  }

  rotationsFor(secret: Secret): RotationSchedule[] {
    this.rotations ??= this.linkToSecrets(this.all("rotation-schedule"), (schedule) => schedule.secret);
    return this.rotations.get(secret) ?? [];
  }

  /** Resource policies (`AWS::SecretsManager::ResourcePolicy` and equivalents) of a secret. */
  resourcePoliciesFor(secret: Secret): PolicyDocument[] {
    this.secretPolicies ??= this.linkToSecrets(
      this.all("policy").filter((p) => p.policyType === "secret-resource-policy"),
      (policy) => policy.target,
    );
    return this.secretPolicies.get(secret) ?? [];
  }

  /** The customer-managed key a secret (or replica) field points at, when that key is in the project. */
  keyOf(unit: string, field: Field<string> | undefined): KmsKey | undefined {
    const value = field?.value;
    if (!isReference(value)) return undefined;
    const target = this.resolve(unit, value.target);
    return target?.kind === "kms-key" ? target : undefined;
  }

  /** The key policy of a key in the project, if it has one. */
  keyPolicyOf(key: KmsKey): PolicyDocument | undefined {
    // Asked once per secret by several rules and the access analysis: indexed once, not searched each time.
    if (!this.keyPolicies) {
      this.keyPolicies = new Map();
      for (const policy of this.all("policy")) {
        const target = policy.target?.value;
        if (policy.policyType !== "key-policy" || !isReference(target)) continue;
        const id = `${policy.unit}\0${target.target}`;
        if (!this.keyPolicies.has(id)) this.keyPolicies.set(id, policy);
      }
    }
    return this.keyPolicies.get(`${key.unit}\0${key.resource}`);
  }

  /** Links entities that name a secret (by reference in their unit, or by literal name or ARN anywhere) to it. */
  private linkToSecrets<E extends Entity>(
    entities: E[],
    secretField: (entity: E) => Field<string> | undefined,
  ): Map<Secret, E[]> {
    const links = new Map<Secret, E[]>();
    for (const entity of entities) {
      const value = secretField(entity)?.value;
      let targets: Secret[] = [];
      if (isReference(value)) {
        const target = this.resolve(entity.unit, value.target);
        if (target?.kind === "secret") targets = [target];
      } else if (typeof value === "string") {
        targets = secretNamesOf(value).flatMap((name) => this.secretsNamed(name));
      }
      for (const secret of targets) links.set(secret, [...(links.get(secret) ?? []), entity]);
    }
    return links;
  }

  private secretsNamed(name: string): Secret[] {
    if (!this.secretsByName) {
      this.secretsByName = new Map();
      for (const secret of this.all("secret")) {
        const literalName = literal(secret.name);
        // A name with unresolved `${...}` parts cannot be matched by text.
        if (literalName !== undefined && !literalName.includes("${")) {
          this.secretsByName.set(literalName, [...(this.secretsByName.get(literalName) ?? []), secret]);
        }
      }
    }
    return this.secretsByName.get(name) ?? [];
  }
}

/**
 * The secret names a `SecretId` may denote. An ARN ends in the name plus a random six-character suffix
 * (`arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-a1B2c3`), but a partial ARN has no suffix,
 * and `db-backup` could be either: so both readings are candidates. A plain name denotes itself.
 */
export function secretNamesOf(idOrArn: string): string[] {
  const match = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(idOrArn);
  if (!match?.[1]) return [idOrArn];
  const stripped = match[1].replace(/-[A-Za-z0-9]{6}$/, "");
  return stripped === match[1] ? [match[1]] : [stripped, match[1]];
}

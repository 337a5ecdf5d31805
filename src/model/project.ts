import { isReference, literal, type Entity, type EntityKind, type RotationSchedule, type Secret } from "./entities.js";

type EntityOf<K extends EntityKind> = Extract<Entity, { kind: K }>;

/**
 * The cross-file index. Within a unit (template or module folder) entities link by reference; across the whole
 * project, rotation schedules link to secrets by literal name or ARN.
 */
export class Project {
  private readonly byKind = new Map<EntityKind, Entity[]>();
  private readonly byUnit = new Map<string, Map<string, Entity>>();
  private rotations: Map<Secret, RotationSchedule[]> | undefined;

  constructor(readonly entities: readonly Entity[]) {
    for (const entity of entities) {
      const list = this.byKind.get(entity.kind) ?? [];
      list.push(entity);
      this.byKind.set(entity.kind, list);
      const unit = this.byUnit.get(entity.unit) ?? new Map<string, Entity>();
      unit.set(entity.resource, entity);
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
    this.rotations ??= this.linkRotations();
    return this.rotations.get(secret) ?? [];
  }

  private linkRotations(): Map<Secret, RotationSchedule[]> {
    const links = new Map<Secret, RotationSchedule[]>();
    const byName = new Map<string, Secret[]>();
    for (const secret of this.all("secret")) {
      const name = literal(secret.name);
      if (name !== undefined && !name.includes("${")) byName.set(name, [...(byName.get(name) ?? []), secret]);
    }
    for (const schedule of this.all("rotation-schedule")) {
      const value = schedule.secret?.value;
      let targets: Secret[] = [];
      if (isReference(value)) {
        const target = this.resolve(schedule.unit, value.target);
        if (target?.kind === "secret") targets = [target];
      } else if (typeof value === "string") {
        targets = secretNamesOf(value).flatMap((name) => byName.get(name) ?? []);
      }
      for (const secret of targets) links.set(secret, [...(links.get(secret) ?? []), schedule]);
    }
    return links;
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

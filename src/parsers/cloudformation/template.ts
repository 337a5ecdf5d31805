import { entry, get, stringValue, type ObjectNode, type PNode } from "../positioned.js";
import type { Entity, KmsKey, Parameter, ReplicaRegion, RotationSchedule, Secret } from "../../model/entities.js";
import { booleanField, numberField, stringField, type TemplateScope } from "./resolve.js";

/** Turns a parsed CloudFormation template into model entities. Unknown resource types are ignored. */
export function templateEntities(root: ObjectNode): Entity[] {
  const parameters = get(root, "Parameters");
  const resources = get(root, "Resources");
  const scope: TemplateScope = {
    isParameter: (name) => entry(parameters, name) !== undefined,
    isResource: (name) => entry(resources, name) !== undefined,
    parameterDefault: (name) => get(get(parameters, name), "Default"),
  };
  const unit = root.file.path;
  const out: Entity[] = [];

  if (parameters?.kind === "object") {
    // A parameter's own fields are literals by definition: resolving `Default` through itself would be circular.
    const literalScope: TemplateScope = { isParameter: () => false, isResource: () => false, parameterDefault: () => undefined };
    for (const { key, value } of parameters.entries) {
      const base = { platform: "cloudformation" as const, file: root.file, unit, resource: key.value, node: key, type: "Parameter" };
      const parameter: Parameter = { kind: "parameter", ...base };
      assign(parameter, "parameterType", stringField(get(value, "Type"), literalScope));
      assign(parameter, "noEcho", booleanField(get(value, "NoEcho"), literalScope));
      assign(parameter, "default", stringField(get(value, "Default"), literalScope));
      assign(parameter, "description", stringField(get(value, "Description"), literalScope));
      out.push(parameter);
    }
  }

  if (resources?.kind === "object") {
    for (const { key, value } of resources.entries) {
      const type = stringValue(get(value, "Type"));
      if (!type) continue;
      const base = { platform: "cloudformation" as const, file: root.file, unit, resource: key.value, node: key, type };
      const properties = get(value, "Properties");
      const make = BUILDERS[type];
      if (make) out.push(make(base, properties, scope));
    }
  }
  return out;
}

type Base = Pick<Entity, "platform" | "file" | "unit" | "resource" | "node" | "type">;
type Builder = (base: Base, properties: PNode | undefined, scope: TemplateScope) => Entity;

const BUILDERS: Record<string, Builder> = {
  "AWS::SecretsManager::Secret": (base, properties, scope) => {
    const secret: Secret = { kind: "secret", ...base, replicas: replicas(get(properties, "ReplicaRegions"), scope) };
    assign(secret, "name", stringField(get(properties, "Name"), scope));
    assign(secret, "kmsKeyId", stringField(get(properties, "KmsKeyId"), scope));
    return secret;
  },
  "AWS::SecretsManager::RotationSchedule": (base, properties, scope) => {
    const schedule: RotationSchedule = { kind: "rotation-schedule", ...base };
    assign(schedule, "secret", stringField(get(properties, "SecretId"), scope));
    assign(schedule, "rotationLambdaArn", stringField(get(properties, "RotationLambdaARN"), scope));
    assign(schedule, "hostedRotationLambda", get(properties, "HostedRotationLambda"));
    const rules = get(properties, "RotationRules");
    assign(schedule, "automaticallyAfterDays", numberField(get(rules, "AutomaticallyAfterDays"), scope));
    assign(schedule, "scheduleExpression", stringField(get(rules, "ScheduleExpression"), scope));
    return schedule;
  },
  "AWS::KMS::Key": (base, properties, scope) => {
    const key: KmsKey = { kind: "kms-key", ...base };
    // `CustomerMasterKeySpec` is the deprecated name of `KeySpec`.
    assign(key, "keySpec", stringField(get(properties, "KeySpec") ?? get(properties, "CustomerMasterKeySpec"), scope));
    assign(key, "keyUsage", stringField(get(properties, "KeyUsage"), scope));
    assign(key, "origin", stringField(get(properties, "Origin"), scope));
    assign(key, "enableKeyRotation", booleanField(get(properties, "EnableKeyRotation"), scope));
    return key;
  },
};

function replicas(node: PNode | undefined, scope: TemplateScope): ReplicaRegion[] {
  if (node?.kind !== "array") return [];
  return node.items.map((item) => {
    const replica: ReplicaRegion = { node: entry(item, "Region")?.key ?? item };
    assign(replica, "region", stringField(get(item, "Region"), scope));
    assign(replica, "kmsKeyId", stringField(get(item, "KmsKeyId"), scope));
    return replica;
  });
}

/** Sets an optional property only when there is a value, so absent stays absent (not `undefined`-valued). */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

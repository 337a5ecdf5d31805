/**
 * The platform-neutral model. A CloudFormation `AWS::SecretsManager::Secret` and (later) a Terraform
 * `aws_secretsmanager_secret` both become a `Secret`; rules read only these types, never template syntax.
 */
import type { PNode, SourceFile } from "../parsers/positioned.js";
import type { Platform } from "../engine/types.js";

/** A value the scanner cannot know statically: a parameter without default, an import, a condition... */
export interface Unresolved {
  readonly kind: "unresolved";
  /** The expression as written, for messages: `Fn::ImportValue`, `Ref DbKeyArn`. */
  readonly expression: string;
}

/** A reference to another resource of the same template or module, e.g. `!Ref MyKey`, `!GetAtt MyKey.Arn`. */
export interface Reference {
  readonly kind: "reference";
  /** Logical ID (CloudFormation) or address (Terraform), within the same unit. */
  readonly target: string;
  readonly attribute?: string;
}

export type FieldValue<T> = T | Reference | Unresolved;

export interface Field<T extends string | number | boolean> {
  value: FieldValue<T>;
  /** Where the value is written in the entity's own declaration. */
  node: PNode;
  /** Set when the value came from elsewhere, e.g. `default of parameter KmsKeyArn`. */
  via?: string;
}

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === "object" && value !== null && (value as Unresolved).kind === "unresolved";
}

export function isReference(value: unknown): value is Reference {
  return typeof value === "object" && value !== null && (value as Reference).kind === "reference";
}

/** The literal of a field, or undefined when the field is absent, a reference or unresolved. */
export function literal<T extends string | number | boolean>(field: Field<T> | undefined): T | undefined {
  const value = field?.value;
  return value === undefined || isUnresolved(value) || isReference(value) ? undefined : (value as T);
}

interface EntityBase {
  platform: Platform;
  file: SourceFile;
  /** The template file or Terraform module folder that references resolve within. */
  unit: string;
  /** CloudFormation logical ID or Terraform address. */
  resource: string;
  /** The declaration: the logical-ID key, or the Terraform block's labels. Findings about a missing property point here. */
  node: PNode;
  /** Provider type as written: `AWS::SecretsManager::Secret`, `aws_secretsmanager_secret`. */
  type: string;
}

export interface ReplicaRegion {
  node: PNode;
  region?: Field<string>;
  kmsKeyId?: Field<string>;
}

export interface Secret extends EntityBase {
  kind: "secret";
  name?: Field<string>;
  kmsKeyId?: Field<string>;
  replicas: ReplicaRegion[];
}

export interface RotationSchedule extends EntityBase {
  kind: "rotation-schedule";
  /** The secret rotated: a reference within the unit, or a literal name or ARN. */
  secret?: Field<string>;
  rotationLambdaArn?: Field<string>;
  /** Set for `HostedRotationLambda` (CloudFormation builds the rotation function). */
  hostedRotationLambda?: PNode;
  automaticallyAfterDays?: Field<number>;
  scheduleExpression?: Field<string>;
}

export interface KmsKey extends EntityBase {
  kind: "kms-key";
  keySpec?: Field<string>;
  keyUsage?: Field<string>;
  origin?: Field<string>;
  enableKeyRotation?: Field<boolean>;
}

export interface Parameter extends EntityBase {
  kind: "parameter";
  parameterType?: Field<string>;
  noEcho?: Field<boolean>;
  default?: Field<string>;
  description?: Field<string>;
}

export type Entity = Secret | RotationSchedule | KmsKey | Parameter;
export type EntityKind = Entity["kind"];

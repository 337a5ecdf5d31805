import type {
  AuditControl,
  ComputeEnvironment,
  CredentialProperty,
  Database,
  Entity,
  IamPrincipal,
  KmsKey,
  LambdaFunction,
  Parameter,
  PolicyDocument,
  RotationSchedule,
  Secret,
  SourceDocument,
  SsmParameter,
} from "../model/entities.js";
import type { Project } from "../model/project.js";
import type { PNode } from "../parsers/positioned.js";
import type { Confidence, Platform, RuleMeta, Severity } from "../engine/types.js";
import type { Dialect } from "../model/dialect.js";
import type { IamCatalogue } from "../knowledge/iam-catalogue.js";

/** What a rule reports: a node, a message id of its `meta.messages`, and the data the message interpolates. */
export interface Report<M extends string = string> {
  node: PNode;
  messageId: M;
  data?: Record<string, string | number>;
  /** The entity the finding is about; gives the finding its `resource`. */
  entity?: Entity;
  /** The resource, when there is no entity (a string found anywhere in a document). */
  resource?: string;
  /** For credential findings: the credential's kind, e.g. `aws-access-key`. */
  kind?: string;
  /** For credential findings: how sure the rule is that the value is a credential (`--min-confidence` filters on it). */
  confidence?: Confidence;
  /**
   * What identifies the finding across changes when its place does not: replaces file, resource and node path in
   * the fingerprint. For a finding about the project as a whole, shown at one of many places (the first secret),
   * so that adding a secret that sorts first does not make it a new finding against a baseline or `--diff-base`.
   */
  identity?: string;
  /**
   * A sub-case less certain than the rule's main case (e.g. a key policy that may lack a grant) can lower the
   * severity. It never raises it, and a severity set in the configuration caps it.
   */
  severity?: Severity;
}

export interface RuleContext<M extends string = string> {
  readonly project: Project;
  /** AWS account ids the configuration declares as the project's own (`ownAccounts`), besides `${AWS::AccountId}`. */
  readonly ownAccounts: readonly string[];
  /** The IAM action catalogue, loaded for the services the project's policies name (empty when there are none). */
  readonly iam: IamCatalogue;
  /** The rule's options: its `options.defaults` with the configuration's values (validated by the schema) over them. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The platform's words for messages (`parameter` or `variable`...): rule code names no platform itself. */
  words(of: { readonly platform: Platform }): Dialect;
  report(report: Report<M>): void;
}

/** One method per entity kind; each is called once per entity of that kind in the project, in a stable order. */
export interface Visitors {
  secret?(secret: Secret): void;
  rotationSchedule?(schedule: RotationSchedule): void;
  kmsKey?(key: KmsKey): void;
  parameter?(parameter: Parameter): void;
  /** An SSM Parameter Store parameter the project creates (not a template parameter: that is `parameter`). */
  ssmParameter?(parameter: SsmParameter): void;
  database?(database: Database): void;
  environment?(environment: ComputeEnvironment): void;
  /** A Lambda function whose handler is known (`Handler` of a template, `handler` of `aws_lambda_function`). */
  lambdaFunction?(fn: LambdaFunction): void;
  credentialProperty?(property: CredentialProperty): void;
  policy?(policy: PolicyDocument): void;
  iamPrincipal?(principal: IamPrincipal): void;
  auditControl?(control: AuditControl): void;
  /** Each parsed IaC document, for rules that look at every string in it. */
  document?(document: SourceDocument): void;
  /** Called once, after every entity and document was visited: for project-wide conclusions. */
  projectEnd?(): void;
}

export interface RuleOptions {
  /** JSON schema of the rule's `options` object in the configuration (`additionalProperties: false`). */
  schema: Record<string, unknown>;
  /** Values used where the configuration sets none; the rule reads `context.options` merged over these. */
  defaults: Record<string, unknown>;
  /** Checks a schema cannot express (a regular expression that compiles); returns the problem, if any. */
  validate?(options: Record<string, unknown>): string | undefined;
}

/** What a rule reads: an entity kind, or `document` for each parsed document (the `document` visitor). */
export type Reads = Entity["kind"] | "document";

export interface Rule<M extends string = string> {
  meta: RuleMeta & {
    messages: Record<M, string>;
    /**
     * Everything the rule reads: the entity kinds it visits and those it looks up in the project (`project.all`,
     * `rotationsFor`...), and `document` if it visits documents. The engine calls a visitor only for a kind listed
     * here, and a rule of scope `project` is given, of each unit, the entities of these kinds only (narrowed further
     * by `needs`).
     */
    entities: readonly Reads[];
  };
  options?: RuleOptions;
  create(context: RuleContext<M>): Visitors;
  /**
   * For a rule of scope `project`, narrower than `meta.entities`: whether it needs this entity (of a kind it lists) of
   * a unit at the project level (`iam` covers the unit's own services). The scan keeps only the entities some project
   * rule needs: a large scan then carries its secrets and keys to the end, not every parameter and identity policy
   * it read.
   */
  needs?(entity: Entity, iam: IamCatalogue): boolean;
}

/** The platforms a rule over infrastructure code reads: templates and configurations. */
export const INFRASTRUCTURE: Platform[] = ["cloudformation", "terraform"];
/** Infrastructure code and standalone IAM policy documents. */
export const INFRASTRUCTURE_AND_POLICIES: Platform[] = [...INFRASTRUCTURE, "policy"];

/** Typed identity: the message ids a rule may report are those of its own `meta.messages`. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** The visitor that handles each entity kind. */
export const VISITOR_OF: { [K in Entity["kind"]]: keyof Visitors } = {
  secret: "secret",
  "rotation-schedule": "rotationSchedule",
  "kms-key": "kmsKey",
  parameter: "parameter",
  "ssm-parameter": "ssmParameter",
  database: "database",
  environment: "environment",
  "lambda-function": "lambdaFunction",
  "credential-property": "credentialProperty",
  policy: "policy",
  "iam-principal": "iamPrincipal",
  "audit-control": "auditControl",
};

/** Whether a rule of scope `project` needs an entity of a unit at the project level: `meta.entities`, then `needs`. */
export function needsEntity(rule: Rule, entity: Entity, iam: IamCatalogue): boolean {
  return rule.meta.entities.includes(entity.kind) && (rule.needs?.(entity, iam) ?? true);
}

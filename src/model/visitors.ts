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
} from "./entities.js";

/** One method per entity kind; each is called once per entity of that kind in the project, in a stable order. */
export interface EntityVisitors {
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
}

/** The visitor that handles each entity kind. */
export const VISITOR_OF: { [K in Entity["kind"]]: keyof EntityVisitors } = {
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

// Over 500 lines: every entity type of the neutral model, read as one contract (they share Field and the base).
/**
 * The platform-neutral model. A CloudFormation `AWS::SecretsManager::Secret` and (later) a Terraform
 * `aws_secretsmanager_secret` both become a `Secret`; rules read only these types, never template syntax.
 */
import type { PNode, ScalarNode, SourceFile } from "../core/positioned.js";
import type { Platform } from "../core/platform.js";

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
  /** The template parameter (Terraform variable) the value is taken from, whether or not it has a default. */
  parameter?: string;
  /**
   * The input whose default gave the value, or the part of it that `via` names (`!Sub "${DbPassword}"`): set with
   * `via` even where `parameter` is not, because the value is only partly the input's.
   */
  defaultOf?: string;
  /** Where an unresolved value comes from, when the parser knows: `generated` by a resource of the configuration. */
  origin?: ValueOrigin;
}

/**
 * Where a value comes from, beyond `via` and `parameter`: `generated` for a value a resource of the project creates
 * at deployment and the platform records in its state (Terraform's `random_password.db.result`).
 */
export type ValueOrigin = { kind: "generated" };

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
  /** CloudFormation `Metadata.secretwarden.ignore` of the resource: suppressions declared next to it. */
  suppressions?: MetadataSuppression[];
  /** CloudFormation `Metadata["aws:cdk:path"]` in a template synthesized by the AWS CDK: the construct that made it. */
  cdkPath?: string;
}

/** One `{ rule, reason }` of a resource's `Metadata.secretwarden.ignore`; `node` is the list item, for reports. */
export interface MetadataSuppression {
  /** A rule id, optionally with a sub-id: `policy-wildcard-resource[secretsmanager:GetSecretValue]`. */
  rule: string;
  reason?: string;
  node: PNode;
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
  /**
   * Terraform's `recovery_window_in_days`: how long a deleted secret can still be restored; `0` deletes it at once.
   * CloudFormation has no such property, so only Terraform sets it.
   */
  recoveryWindowInDays?: Field<number>;
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
  /**
   * Whether the deployer types the value in as text, set by the parser from the platform's types: CloudFormation's
   * `String` (the default) and `CommaDelimitedList`, Terraform's `string`, `list(string)` and `any` (an untyped
   * variable). False for numbers and for types whose value is a name or an id, never the secret itself
   * (`AWS::EC2::KeyPair::KeyName`); undefined when the type is not known.
   */
  takesText?: boolean;
  /** The value is the name of an SSM parameter that the platform reads at deployment (`AWS::SSM::Parameter::Value<...>`). */
  namesSsmParameter?: boolean;
  /** Whether the platform hides the value in its output: CloudFormation's `NoEcho`, Terraform's `sensitive`. */
  hidden?: Field<boolean>;
  default?: Field<string>;
  description?: Field<string>;
}

/**
 * An SSM Parameter Store parameter (`AWS::SSM::Parameter`, `aws_ssm_parameter`). A `String` or `StringList` is stored
 * and shown in plaintext; only a `SecureString` is encrypted (CloudFormation cannot create one).
 */
export interface SsmParameter extends EntityBase {
  kind: "ssm-parameter";
  /** `Name` (`name`); without it CloudFormation generates one, Terraform requires it. */
  name?: Field<string>;
  description?: Field<string>;
  /** `Type` (`type`): `String`, `StringList` or `SecureString`. */
  parameterType?: Field<string>;
  /** `Value` (`value`, `insecure_value`, `value_wo`): the first one set. */
  value?: Field<string>;
  /** The value's property as written, for messages: `Value`, `value`, `insecure_value`, `value_wo`. */
  valueProperty: string;
  /** `Tier` (`tier`): `Standard`, `Advanced`, `Intelligent-Tiering`. */
  tier?: Field<string>;
  /** `DataType` (`data_type`): `text`, `aws:ec2:image`, `aws:ssm:integration`. */
  dataType?: Field<string>;
  /** Terraform's `key_id`: the KMS key of a `SecureString`. */
  kmsKeyId?: Field<string>;
}

/** A database whose master password is set in the template, or managed by Secrets Manager for it. */
export interface Database extends EntityBase {
  kind: "database";
  /** e.g. `RDS instance`, `Aurora/RDS cluster`, `Redshift cluster`, `DocumentDB cluster`, for messages. */
  engine: string;
  /** The master password property, when set (`MasterUserPassword`, `AdminUserPassword`...). */
  masterPassword?: Field<string>;
  /** The property's name as written, for messages. */
  masterPasswordProperty: string;
  /** `ManageMasterUserPassword` and its equivalents: Secrets Manager owns and rotates the password. */
  managedPassword?: Field<boolean>;
  /** The property that turns on the managed password for this engine, for remediation text. */
  managedPasswordProperty?: string;
  /**
   * Set when the password cannot be set here: restored from a snapshot, a read replica, a member of a cluster.
   * Rules about the master password skip such databases.
   */
  passwordInheritedFrom?: string;
}

/** One environment variable of a function or container. */
export interface EnvironmentVariable {
  name: string;
  /** The variable's name as written: the key. */
  nameNode: PNode;
  value: Field<string>;
}

/** The environment of a Lambda function, SAM's `Globals.Function`, or an ECS container definition. */
export interface ComputeEnvironment extends EntityBase {
  kind: "environment";
  compute: "lambda" | "ecs-container";
  /** Human name for messages: `function OrdersFn`, `SAM Globals`, `container web of task TaskDef`. */
  label: string;
  variables: EnvironmentVariable[];
}

/**
 * A Lambda function whose handler is known: `AWS::Lambda::Function`, SAM's `AWS::Serverless::Function` (with the
 * template's `Globals.Function`), Terraform's `aws_lambda_function`. Links the handler a template names to the
 * function of the project's source that runs on every invocation. Functions without a `Handler` (container images,
 * or a handler the template does not state) are not entities.
 */
export interface LambdaFunction extends EntityBase {
  kind: "lambda-function";
  /** `Handler` (`handler`) as written: `src/app.lambda_handler` (file `src/app`, function `lambda_handler`), `index.handler`. */
  handler: Field<string>;
  /**
   * Where the code is, as a local path relative to the folder of `file` (the template, the `.tf` file): SAM `CodeUri`,
   * CloudFormation `Code` written as a path (what `aws cloudformation package` uploads), the `source_dir` (or the
   * folder of `source_file`) of the `archive_file` a Terraform function's `filename` comes from, without
   * `${path.module}/`. Absent when the code is elsewhere (S3, inline, an image, a zip built outside Terraform).
   */
  codePath?: Field<string>;
  /** `Runtime` (`runtime`): `python3.12`, `nodejs20.x`. */
  runtime?: Field<string>;
}

/**
 * A property whose value is a credential by definition (a database master password, an auth token, a
 * `SecretString`...). The catalogue of such properties lives with the parser of each platform.
 */
export interface CredentialProperty extends EntityBase {
  kind: "credential-property";
  /**
   * A credential of the deployment tool's own configuration (a Terraform provider's keys): it stays in the
   * configuration, is not kept in the state, and belongs in the tool's credential chain.
   */
  toolCredential?: boolean;
  /** The secret's own value (`SecretString`, `secret_string`): text or a JSON object of keys and values. */
  secretValue?: boolean;
  /** Dotted property path as written, e.g. `MasterUserPassword`, `BasicAuthConfig.Password`. */
  property: string;
  value: Field<string>;
  /**
   * Set when the property holds a credential only because of the name it is stored under (the `Name` of a plain SSM
   * parameter, `/prod/orders/db-password`): the last segment of that name. A switch, a number, a locator or a value
   * under a test name is then not a credential.
   */
  named?: string;
  /**
   * Terraform: whether the value is kept in the state and plan. False for write-only arguments (`*_wo`), values
   * only an ephemeral variable carries, and provider configuration. Undefined where there is no state.
   */
  stored?: boolean;
}

export interface PolicyPrincipal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `Principal: "*"`. */
  type: string;
  value: Field<string>;
}

export interface PolicyStatement {
  node: PNode;
  effect?: Field<string>;
  principals: PolicyPrincipal[];
  notPrincipals: PolicyPrincipal[];
  actions: Field<string>[];
  notActions: Field<string>[];
  resources: Field<string>[];
  notResources: Field<string>[];
  /** Condition operator -> key -> values, as written; operators and keys keep their case. */
  conditions: { operator: string; key: string; values: Field<string>[] }[];
}

/**
 * What a policy document is, because the rules differ in what `Resource: "*"` and principals mean:
 * - `identity`: attached to roles, users or groups (IAM policies, inline policies, SAM `Policies`);
 * - `trust-policy`: a role's `AssumeRolePolicyDocument`;
 * - `secret-resource-policy`, `key-policy`: a secret's resource policy, a KMS key's key policy;
 * - `resource-policy`: any other resource's policy (S3 bucket, SQS queue, SNS topic, Lambda permission...).
 */
export type PolicyType = "identity" | "trust-policy" | "secret-resource-policy" | "key-policy" | "resource-policy";

/** A policy document, wherever it is written: a template resource, a Terraform block, a standalone file. */
export interface PolicyDocument extends EntityBase {
  kind: "policy";
  policyType: PolicyType;
  /**
   * The resource the policy governs: for a secret's resource policy the secret (a reference within the unit, or a
   * literal name or ARN); for a key policy a reference to the key; for other resource policies the resource.
   */
  target?: Field<string>;
  /**
   * For identity policies: the roles, users and groups it is attached to, as references within the unit or literal
   * names. An inline policy of a role points at the role itself.
   */
  attachedTo: { principalType: "role" | "user" | "group"; value: Field<string> }[];
  /**
   * For an identity policy written inside the definition of what it grants to (a role's, user's or group's inline
   * policies, a serverless function's policies): what kind of thing that is, so that messages can name the owner.
   */
  inlineIn?: "role" | "user" | "group" | "function";
  /** `BlockPublicPolicy` of a secret's resource policy (`block_public_policy` in Terraform), when set. */
  blockPublicPolicy?: Field<boolean>;
  /** The node of the whole document (for findings about the document as such). */
  documentNode: PNode;
  statements: PolicyStatement[];
}

/** An IAM role, user or group defined in the project: who identity policies give access to. */
export interface IamPrincipal extends EntityBase {
  kind: "iam-principal";
  principalType: "role" | "user" | "group";
  /** `RoleName`/`UserName`/`GroupName` (`name` in Terraform), when set. */
  name?: Field<string>;
  /** Managed policies attached by ARN or reference (`ManagedPolicyArns`, `aws_iam_role_policy_attachment`). */
  managedPolicies: Field<string>[];
  /** For users: the groups they belong to. */
  groups: Field<string>[];
}

/** Something that records or checks what happens to secrets: a CloudTrail trail, an AWS Config rule. */
export interface AuditControl extends EntityBase {
  kind: "audit-control";
  control: "cloudtrail-trail" | "config-rule";
  /** For a managed Config rule, its `SourceIdentifier` (e.g. `SECRETSMANAGER_ROTATION_ENABLED_CHECK`). */
  identifier?: Field<string>;
}

/** A whole parsed IaC document, for rules that look at every string (well-known credential formats). */
export interface SourceDocument {
  kind: "document";
  platform: Platform;
  file: SourceFile;
  unit: string;
  root: PNode;
  /** The resource (logical ID, address) a node belongs to, if any. */
  resourceAt(node: PNode): string | undefined;
  /**
   * CloudFormation and Terraform: the scripts the document gives to machines (user data, provisioner commands,
   * cloud-init), read as shell with the readers of `.sh` and `.env` files.
   */
  scripts?: EmbeddedScript[];
  /**
   * Terraform: whether the strings at a node are kept in the state or plan. False inside a provider block, an
   * ephemeral variable or resource, and a write-only (`*_wo`) argument. Undefined where there is no state.
   */
  storedAt?(node: PNode): boolean;
  /**
   * Platform `source` only: what the file is (`javascript`, `python`, `dotenv`, `yaml`...), and the string literals
   * a parser found bound to a name. A YAML or JSON configuration file has no literals: its strings are those of `root`.
   */
  source?: SourceInfo;
}

/** A script that infrastructure code hands to a machine, with the named literals read from it. */
export interface EmbeddedScript {
  /** The value as written where it is used: the attribute's or property's value (`user_data`, `UserData`). */
  node: PNode;
  /** The resource (logical ID, Terraform address) the script belongs to. */
  resource?: string;
  /** What the script is, for messages: `the user_data script`, `the commands of a remote-exec provisioner`. */
  runs: string;
  /**
   * The named literals of the script. Each is positioned where its value is written (inside the heredoc or block
   * scalar, or in the variable default or `.tfvars` value it came from); a literal of a script that is only known
   * decoded (base64) is positioned at `node`.
   */
  literals: ScriptLiteral[];
  /** The script's value is stored with the resource (Terraform state); false for a provisioner's commands. */
  stored?: boolean;
}

/** A named literal of an embedded script. */
export interface ScriptLiteral extends CodeLiteral {
  /** Where the script came from when not written at the script's node: `default of variable x`, `prod.tfvars`, `base64`. */
  via?: string;
}

/** How a literal of application code or configuration is bound to its name. */
export type LiteralBinding =
  /** `const password = "..."`, `password = "..."`, `var password = "..."`, `DB_PASSWORD=...` (dotenv, ini, shell). */
  | "assignment"
  /** `{ password: "..." }`, `Password: "..."` in a Go struct literal, `{"password": "..."}` in a Python dict. */
  | "property"
  /** `class A { password = "..." }`, a Java field. */
  | "field"
  /** `function f(password = "...")`, `def f(password="...")`. */
  | "default"
  /** `connect(password="...")` (a keyword argument), `setPassword("...")` (a setter). */
  | "argument"
  /** `password === "..."`, `password.equals("...")`. */
  | "comparison"
  /**
   * The argument of a call that makes a secret value of a literal, whatever it is then assigned to
   * (`SecretValue.unsafePlainText("...")`): a credential by what the call is for, however weak it looks.
   */
  | "secret-value"
  /** `environment: { DB_PASSWORD: ... }`, `- DB_PASSWORD=...` (docker-compose): an environment variable set to a literal. */
  | "environment";

/** A string literal of application code or configuration, with the name it is bound to. */
export interface CodeLiteral {
  /** The literal as written, quotes included; `value` is its content. */
  node: ScalarNode & { value: string };
  /** The variable, property, parameter or key the literal is bound to (last segment: `config.db.password` gives `password`). */
  name: string;
  binding: LiteralBinding;
  /**
   * YAML and JSON configuration: the named literals written inside a multi-line value, at their own lines (a
   * README.yaml's `usage:` block showing `admin_password = "..."`, a script or `.env` text under a key).
   */
  embedded?: CodeLiteral[];
}

export type SourceLanguage =
  | "javascript"
  | "typescript"
  | "python"
  | "go"
  | "java"
  | "ruby"
  | "csharp"
  | "php"
  | "dotenv"
  | "properties"
  | "ini"
  | "toml"
  | "shell"
  | "dockerfile"
  | "yaml"
  | "json"
  /** Documentation: its fenced code blocks are read with their language's reader, its prose for well-known formats only. */
  | "markdown"
  /** Another programming language (C, Kotlin, Swift, Rust...), or code that did not parse: quoted values only. */
  | "code"
  | "text";

export interface SourceInfo {
  language: SourceLanguage;
  /**
   * Named literals found by the language's parser; empty for plain text. Absent for YAML and JSON parsed as a tree,
   * whose literals are `treeLiterals` and whose text is searched within `root` only (a file may hold several documents).
   */
  literals?: CodeLiteral[];
  /**
   * YAML and JSON parsed as a tree: each string of `root` with the key it is under (a `Name`/`Value` pair's value under
   * its name, a docker-compose `environment` list's `NAME=value` under `NAME`).
   */
  treeLiterals?: CodeLiteral[];
  /** Set when the file could not be parsed as its language: only well-known formats are looked for. */
  unparsed?: boolean;
  /** JavaScript, TypeScript and Python: calls that read a secret value from Secrets Manager (`GetSecretValue`). */
  secretFetches?: SecretFetch[];
  /** JavaScript, TypeScript and Python: the modules the file imports (`@aws-sdk/client-secrets-manager`, `boto3`). */
  imports?: string[];
  /**
   * JavaScript, TypeScript and Python files with `secretFetches`: their top-level functions, so that a handler a
   * template names (`Handler: app.lambda_handler`) can be matched to the fetches it makes. Plain data, a few names.
   */
  functions?: SourceFunction[];
  /**
   * The file is a secret rotation function: it names the four rotation steps (`createSecret`, `setSecret`,
   * `testSecret`, `finishSecret`). Its fetches must read fresh values; set only on files with `secretFetches`.
   */
  rotationSteps?: boolean;
  /** Documentation (Markdown): its literals are examples in code blocks, written for a reader to copy. */
  documentation?: boolean;
  /**
   * A binary key container (a PKCS#12 `.p12`/`.pfx` file) whose integrity MAC verifies with a password everybody knows:
   * Google Cloud's `notasecret`, or none. Its private key is as readable as a PEM file's.
   */
  keyContainer?: KeyContainer;
}

export interface KeyContainer {
  format: "pkcs12";
  /** The well-known password the file's MAC verified with: `notasecret` (Google Cloud) or the empty password. */
  password: "notasecret" | "";
}

/** A top-level function of a source file that reads secrets. */
export interface SourceFunction {
  /** The name it is declared or assigned under. */
  name: string;
  /**
   * The names a Lambda runtime loads it by: every module-level function in Python; in JavaScript and TypeScript the
   * exported names (`export const handler`, `export function handler`, `exports.handler = ...`, `module.exports = { handler }`).
   */
  exports: string[];
  /** Other top-level functions of the same file it calls by name. */
  calls: string[];
}

/** A call that reads a secret value from AWS Secrets Manager, and whether it runs on every Lambda invocation. */
export interface SecretFetch {
  /** The call as written (`new GetSecretValueCommand({...})`, `client.get_secret_value(...)`); the value is the API name. */
  node: ScalarNode & { value: string };
  /**
   * The Lambda handler the call runs in on every invocation: the call is in the handler's body, or in a function of
   * the same file that the handler calls (`via`). Undefined for a call in module scope (once per cold start).
   */
  handler?: string;
  via?: string;
  /** The top-level function of the file the call is in (see `SourceInfo.functions`); undefined in module scope. */
  function?: string;
  /**
   * The function making the call keeps the result across invocations: it assigns a module-scope variable
   * (`cached ??= ...`, `global secret`), stores into a module-scope map, or is memoised (`@lru_cache`).
   */
  memoised: boolean;
}

export type Entity =
  | Secret
  | RotationSchedule
  | KmsKey
  | Parameter
  | SsmParameter
  | Database
  | ComputeEnvironment
  | LambdaFunction
  | CredentialProperty
  | PolicyDocument
  | IamPrincipal
  | AuditControl;
export type EntityKind = Entity["kind"];

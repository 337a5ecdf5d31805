// Over 500 lines: every Terraform resource builder; issue 17's de-duplication with cloudformation/ shrinks it.
/**
 * Terraform blocks to the platform-neutral model: the same entities CloudFormation templates give, so that every rule
 * works on both. `resource` is the Terraform address (`aws_secretsmanager_secret.db`), `node` the block's labels, and
 * each field the attribute's value expression. Unknown resource types are ignored.
 *
 * Decisions the rules rely on:
 * - `name_prefix` of a secret is not a name: `name` is then Unresolved (at the prefix), so it is neither checked
 *   against a naming convention nor matched by name.
 * - A secret's inline `policy` is a `secret-resource-policy` whose target is the secret; a key's `policy` a
 *   `key-policy` whose target is the key; a role's `assume_role_policy` a `trust-policy` whose target is the role; an
 *   inline policy of a role (`inline_policy { }`, `aws_iam_role_policy`) is attached to the role, as in `iam.ts`.
 * - Policy attachments (`aws_iam_*_policy_attachment`) add the principal to the policy's `attachedTo` and the policy
 *   to the principal's `managedPolicies`, where both are in the module.
 * - `aws_secretsmanager_secret`'s deprecated inline `rotation_rules`/`rotation_lambda_arn` is a rotation schedule of the
 *   secret itself.
 * - Variables are `Parameter`s named by their bare name (`db_password`): `sensitive` (or `ephemeral`) is `hidden`, the
 *   `type` expression as written is `parameterType` (`any`, Terraform's default, when there is none).
 * - The `provider "aws"` block's `access_key`, `secret_key` and `token` are credential properties of `provider.aws`
 *   (`provider.aws.<alias>` for an aliased provider).
 * - `aws_neptune_cluster` is not mapped: the AWS provider gives it no master password (Neptune uses IAM
 *   authentication), so there is nothing of it for the database rules to read.
 */
import { get, stringValue, type ObjectNode, type PNode } from "../../core/positioned.js";
import {
  isReference,
  literal,
  type AuditControl,
  type ComputeEnvironment,
  type CredentialProperty,
  type Database,
  type Entity,
  type EnvironmentVariable,
  type Field,
  type IamPrincipal,
  type KmsKey,
  type LambdaFunction,
  type Parameter,
  type PolicyDocument,
  type ReplicaRegion,
  type RotationSchedule,
  type Secret,
  type SsmParameter,
} from "../../model/entities.js";
import { isSecretLikeName } from "../../knowledge/secret-names.js";
import { EXPRESSIONS, type TfBlock } from "./syntax.js";
import { booleanField, listFields, numberField, stringField, type ModuleScope } from "./resolve.js";
import {
  lambdaPermissionConditions,
  lambdaPermissionPolicy,
  type LambdaPermissionSetting,
} from "../lambda-permission.js";
import { blocksOf, documentBlocks, documentStatements, jsonAt, policyAt } from "./policies.js";

type Base = Pick<Entity, "platform" | "file" | "unit" | "resource" | "node" | "type">;
type Builder = (base: Base, body: ObjectNode, scope: ModuleScope) => Entity[];
type PrincipalType = IamPrincipal["principalType"];

const reference = (target: string, node: PNode): Field<string> => ({ value: { kind: "reference", target }, node });

/** Every entity of one module's blocks (or of a plan's resources), in block order, with attachments linked. */
export function moduleEntities(unit: string, blocks: readonly TfBlock[], scope: ModuleScope): Entity[] {
  const out: Entity[] = [];
  const usedDocuments = new Set<TfBlock>();
  USED_DOCUMENTS.set(scope, usedDocuments);
  for (const block of blocks) {
    const base = (resource: string, type: string): Base => ({
      platform: "terraform",
      file: block.file,
      unit,
      resource,
      node: block.node,
      type,
    });
    const [type, name] = block.labels;
    if (block.type === "resource" && type && name) {
      const own = base(block.address ?? `${type}.${name}`, type);
      // Own keys only: `resource "toString" "x"` is an unknown type (found by the fuzz campaign).
      const make = Object.hasOwn(BUILDERS, type) ? BUILDERS[type] : undefined;
      const entities = make ? make(own, block.body, scope) : [];
      for (const pushed of entities) out.push(pushed);
      for (const pushed of credentialProperties(own, block.body, scope)) out.push(pushed);
      if (!make)
        for (const pushed of policiesIn(own, block.body, scope, (name) => /polic/i.test(name))) out.push(pushed);
    } else if (block.type === "module" && type) {
      // Inputs of a module call: a policy document, or a literal under a secret-like name, is the caller's.
      const own = base(block.address ?? `module.${type}`, "module");
      const inputs: ObjectNode = {
        ...block.body,
        entries: block.body.entries.filter((e) => !MODULE_META_ARGUMENTS.has(e.key.value)),
      };
      for (const pushed of policiesIn(own, inputs, scope, () => true)) out.push(pushed);
      for (const pushed of namedCredentials(own, inputs, scope)) out.push(pushed);
    } else if (block.type === "locals") {
      for (const pushed of namedCredentials(base("locals", "locals"), block.body, scope)) out.push(pushed);
    } else if (block.type === "variable" && type) {
      out.push(variable(base(type, "variable"), block.body, scope));
    } else if (block.type === "provider" && type === "aws") {
      const alias = literal(stringField(get(block.body, "alias"), scope));
      for (const pushed of providerCredentials(
        base(block.address ?? (alias ? `provider.aws.${alias}` : "provider.aws"), "provider"),
        block.body,
        scope,
      ))
        out.push(pushed);
    }
  }
  // A policy document data source no mapped resource uses is still a policy of the module: an identity policy, or
  // the kind its principals say (as for a standalone policy file).
  for (const block of blocks) {
    const [type, name] = block.labels;
    if (block.type !== "data" || type !== "aws_iam_policy_document" || !name) continue;
    const address = block.address ?? `data.aws_iam_policy_document.${name}`;
    if (usedDocuments.has(block)) continue;
    const statements = documentStatements(block, scope);
    const withPrincipals = statements.some((s) => s.principals.length + s.notPrincipals.length > 0);
    out.push({
      kind: "policy",
      platform: "terraform",
      file: block.file,
      unit,
      resource: address,
      node: block.node,
      type: "aws_iam_policy_document",
      policyType: withPrincipals ? "resource-policy" : "identity",
      attachedTo: [],
      documentNode: block.body,
      statements,
    } satisfies PolicyDocument);
  }
  linkAttachments(out, blocks, scope);
  return out;
}

/** Arguments of a `module` block that are Terraform's, not inputs of the module. */
const MODULE_META_ARGUMENTS = new Set(["source", "version", "providers", "depends_on", "count", "for_each"]);

/**
 * Policy documents in attributes of a block no builder maps (a module's inputs, `access_policies` of a search domain,
 * `policy` of a VPC endpoint...): each attribute `accepts` that holds a document with a `Statement` becomes a policy:
 * a resource policy when a statement names principals, an identity policy otherwise (as for a standalone policy file).
 */
function policiesIn(
  base: Base,
  body: ObjectNode,
  scope: ModuleScope,
  accepts: (attribute: string) => boolean,
): PolicyDocument[] {
  return body.entries.flatMap(({ key, value }) => {
    if (!accepts(key.value)) return [];
    const source = policyAt(value, scope);
    const written = source?.dataSource ? source.documentNode : jsonAt(value, scope);
    if (!source || (!source.dataSource && get(written, "Statement") === undefined)) return [];
    if (source.dataSource) markUsed(source.dataSource, scope);
    const withPrincipals = source.statements.some((s) => s.principals.length + s.notPrincipals.length > 0);
    return [
      {
        kind: "policy",
        ...base,
        policyType: withPrincipals ? "resource-policy" : "identity",
        attachedTo: [],
        documentNode: source.documentNode,
        statements: source.statements,
      } satisfies PolicyDocument,
    ];
  });
}

/**
 * String literals under secret-like names in local values and module inputs (also inside object values:
 * `secrets = { client_secret = "..." }`), as credential properties named by their dotted path: a module's
 * `db_password` input, or a local named `api_token`, is where a credential goes. Numbers and booleans are settings.
 */
function namedCredentials(base: Base, body: ObjectNode, scope: ModuleScope, prefix = ""): CredentialProperty[] {
  return body.entries.flatMap(({ key, value }) => {
    const property = `${prefix}${key.value}`;
    if (value.kind === "object" && !EXPRESSIONS.has(value)) return namedCredentials(base, value, scope, `${property}.`);
    if (value.kind !== "scalar" || typeof value.value !== "string" || !isSecretLikeName(key.value)) return [];
    const field = stringField(value, scope);
    return field ? [{ kind: "credential-property", ...base, property, value: field } satisfies CredentialProperty] : [];
  });
}

/**
 * The folder of a function's code, relative to the module folder, when `filename` is the `output_path` of an
 * `archive_file` data source of the module with a literal `source_dir` (or `source_file`): `"${path.module}/src"`
 * gives `src`. A zip built outside Terraform, or a computed path, gives nothing.
 */
function lambdaCodePath(filename: PNode | undefined, scope: ModuleScope): Field<string> | undefined {
  const reference =
    filename?.kind === "scalar" && typeof filename.value === "string"
      ? /^\$\{\s*data\.archive_file\.([\w-]+)\.output_path\s*\}$/.exec(filename.value)
      : null;
  const archive = reference ? scope.data.get(`data.archive_file.${reference[1] as string}`) : undefined;
  if (!archive) return undefined;
  for (const [attribute, folderOf] of [
    ["source_dir", false],
    ["source_file", true],
  ] as const) {
    const node = get(archive.body, attribute);
    if (node?.kind !== "scalar" || typeof node.value !== "string") continue;
    let path = node.value.replace(/^\$\{\s*path\.(?:module|root)\s*\}\/?/, "").replace(/^\.\//, "");
    if (path.includes("${")) return undefined;
    if (folderOf) path = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".";
    return { value: path === "" ? "." : path, node };
  }
  return undefined;
}

/** Sets an optional property only when there is a value, so absent stays absent. */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** The first nested block of a type (`rotation_rules { }`), or its object form in JSON. */
const block = (body: PNode | undefined, type: string): ObjectNode | undefined => blocksOf(body, type)[0];

/** The policy document data sources that mapped resources use, per module. */
const USED_DOCUMENTS = new WeakMap<ModuleScope, Set<TfBlock>>();

/** Records a data source as used by a mapped resource, with the documents it merges in. */
function markUsed(block: TfBlock, scope: ModuleScope): void {
  const used = USED_DOCUMENTS.get(scope);
  if (used) for (const b of documentBlocks(block, scope)) used.add(b);
}

function policyDocument(
  base: Base,
  policyType: PolicyDocument["policyType"],
  node: PNode | undefined,
  scope: ModuleScope,
): PolicyDocument | undefined {
  if (!node) return undefined;
  const source = policyAt(node, scope);
  if (source?.dataSource) markUsed(source.dataSource, scope);
  return {
    kind: "policy",
    ...base,
    policyType,
    attachedTo: [],
    documentNode: source?.documentNode ?? node,
    statements: source?.statements ?? [],
  };
}

const BUILDERS: Record<string, Builder> = {
  aws_secretsmanager_secret: (base, body, scope) => {
    const secret: Secret = {
      kind: "secret",
      ...base,
      replicas: blocksOf(body, "replica").map((replica) => replicaOf(replica, scope)),
    };
    const prefix = get(body, "name_prefix");
    const prefixText = literal(stringField(prefix, scope));
    assign(
      secret,
      "name",
      stringField(get(body, "name"), scope) ??
        (prefix && prefixText !== undefined
          ? {
              value: {
                kind: "unresolved",
                expression: `name_prefix ${JSON.stringify(prefixText)} with a generated suffix`,
              },
              node: prefix,
            }
          : undefined),
    );
    assign(secret, "kmsKeyId", stringField(get(body, "kms_key_id"), scope));
    assign(secret, "recoveryWindowInDays", numberField(get(body, "recovery_window_in_days"), scope));
    const out: Entity[] = [secret];
    const policy = policyDocument(base, "secret-resource-policy", get(body, "policy"), scope);
    if (policy) {
      policy.target = reference(base.resource, base.node);
      out.push(policy);
    }
    // Provider versions before 5 rotated a secret from its own block.
    const rules = block(body, "rotation_rules");
    const lambda = stringField(get(body, "rotation_lambda_arn"), scope);
    if (rules || lambda) {
      const schedule: RotationSchedule = {
        kind: "rotation-schedule",
        ...base,
        secret: reference(base.resource, base.node),
      };
      assign(schedule, "rotationLambdaArn", lambda);
      assign(schedule, "automaticallyAfterDays", numberField(get(rules, "automatically_after_days"), scope));
      assign(schedule, "scheduleExpression", stringField(get(rules, "schedule_expression"), scope));
      out.push(schedule);
    }
    return out;
  },
  aws_secretsmanager_secret_rotation: (base, body, scope) => {
    const schedule: RotationSchedule = { kind: "rotation-schedule", ...base };
    assign(schedule, "secret", stringField(get(body, "secret_id"), scope));
    assign(schedule, "rotationLambdaArn", stringField(get(body, "rotation_lambda_arn"), scope));
    const rules = block(body, "rotation_rules");
    assign(schedule, "automaticallyAfterDays", numberField(get(rules, "automatically_after_days"), scope));
    assign(schedule, "scheduleExpression", stringField(get(rules, "schedule_expression"), scope));
    return [schedule];
  },
  aws_secretsmanager_secret_policy: (base, body, scope) => {
    const policy = policyDocument(base, "secret-resource-policy", get(body, "policy"), scope);
    if (!policy) return [];
    assign(policy, "target", stringField(get(body, "secret_arn"), scope));
    assign(policy, "blockPublicPolicy", booleanField(get(body, "block_public_policy"), scope));
    return [policy];
  },
  aws_kms_key: (base, body, scope) => kmsKey(base, body, scope),
  // Imported key material: AWS KMS cannot rotate it.
  aws_kms_external_key: (base, body, scope) => kmsKey(base, body, scope, { value: "EXTERNAL", node: base.node }),
  aws_kms_key_policy: (base, body, scope) => {
    const policy = policyDocument(base, "key-policy", get(body, "policy"), scope);
    if (!policy) return [];
    assign(policy, "target", stringField(get(body, "key_id"), scope));
    return [policy];
  },
  aws_iam_policy: (base, body, scope) => optional(policyDocument(base, "identity", get(body, "policy"), scope)),
  aws_iam_role_policy: inlinePolicy("role", "role"),
  aws_iam_user_policy: inlinePolicy("user", "user"),
  aws_iam_group_policy: inlinePolicy("group", "group"),
  aws_iam_role: principal("role"),
  aws_iam_user: principal("user"),
  aws_iam_group: principal("group"),
  aws_s3_bucket_policy: resourcePolicy("policy", "bucket"),
  aws_s3_bucket: resourcePolicy("policy"),
  aws_sqs_queue_policy: resourcePolicy("policy", "queue_url"),
  aws_sqs_queue: resourcePolicy("policy"),
  aws_sns_topic_policy: resourcePolicy("policy", "arn"),
  aws_sns_topic: resourcePolicy("policy"),
  aws_ecr_repository_policy: resourcePolicy("policy", "repository"),
  aws_glacier_vault: resourcePolicy("access_policy"),
  aws_lambda_permission: (base, body, scope) => [lambdaPermission(base, body, scope)],
  aws_ssoadmin_permission_set_inline_policy: (base, body, scope) =>
    optional(policyDocument(base, "identity", get(body, "inline_policy"), scope)),
  aws_db_instance: database("RDS instance", ["password", "password_wo"], "manage_master_user_password", [
    ["replicate_source_db", "its source instance (read replica)"],
    ["snapshot_identifier", "the snapshot it is restored from"],
    ["restore_to_point_in_time", "the instance it is restored from"],
  ]),
  aws_rds_cluster: database(
    "Aurora/RDS cluster",
    ["master_password", "master_password_wo"],
    "manage_master_user_password",
    [
      ["snapshot_identifier", "the snapshot it is restored from"],
      ["replication_source_identifier", "its replication source"],
      ["global_cluster_identifier", "its global cluster"],
      ["restore_to_point_in_time", "the cluster it is restored from"],
    ],
  ),
  aws_redshift_cluster: database(
    "Redshift cluster",
    ["master_password", "master_password_wo"],
    "manage_master_password",
    [["snapshot_identifier", "the snapshot it is restored from"]],
  ),
  aws_redshiftserverless_namespace: database(
    "Redshift Serverless namespace",
    ["admin_user_password", "admin_user_password_wo"],
    "manage_admin_password",
    [],
  ),
  aws_docdb_cluster: database(
    "DocumentDB cluster",
    ["master_password", "master_password_wo"],
    "manage_master_user_password",
    [
      ["snapshot_identifier", "the snapshot it is restored from"],
      ["global_cluster_identifier", "its global cluster"],
    ],
  ),
  aws_docdbelastic_cluster: database("DocumentDB elastic cluster", ["admin_user_password"], undefined, []),
  aws_lambda_function: (base, body, scope) => {
    const out: Entity[] = [];
    const environment = block(body, "environment");
    if (environment) {
      const variables = environmentVariables(get(environment, "variables"), scope);
      out.push({
        kind: "environment",
        ...base,
        compute: "lambda",
        label: `function ${base.resource}`,
        variables,
      } satisfies ComputeEnvironment);
    }
    const handler = stringField(get(body, "handler"), scope);
    if (handler) {
      const fn: LambdaFunction = { kind: "lambda-function", ...base, handler };
      assign(fn, "codePath", lambdaCodePath(get(body, "filename"), scope));
      assign(fn, "runtime", stringField(get(body, "runtime"), scope));
      out.push(fn);
    }
    return out;
  },
  aws_ecs_task_definition: (base, body, scope) => {
    const containers = jsonAt(get(body, "container_definitions"), scope);
    if (containers?.kind !== "array") return [];
    return containers.items.flatMap((container, i): ComputeEnvironment[] => {
      const list = get(container, "environment");
      if (list?.kind !== "array") return [];
      const name = stringValue(get(container, "name")) ?? `#${i + 1}`;
      const variables = list.items.flatMap((item): EnvironmentVariable[] => {
        const nameNode = get(item, "name");
        const variableName = stringValue(nameNode);
        const value = stringField(get(item, "value"), scope);
        return nameNode && variableName !== undefined && value ? [{ name: variableName, nameNode, value }] : [];
      });
      return [
        {
          kind: "environment",
          ...base,
          compute: "ecs-container",
          label: `container ${name} of task definition ${base.resource}`,
          variables,
        },
      ];
    });
  },
  // The parameter itself (ssm-parameter-secret reads it), then, for values that are not plainly a `String` or
  // `StringList` (those are ssm-parameter-secret's), credential properties for hardcoded-credential: a `SecureString`'s
  // value, or the value of a parameter named like a secret whose type is not known.
  aws_ssm_parameter: (base, body, scope) => {
    const valueProperty = SSM_VALUE_ATTRIBUTES.find((a) => get(body, a) !== undefined) ?? "value";
    const parameter: SsmParameter = { kind: "ssm-parameter", ...base, valueProperty };
    assign(parameter, "name", stringField(get(body, "name"), scope));
    assign(parameter, "description", stringField(get(body, "description"), scope));
    assign(parameter, "parameterType", stringField(get(body, "type"), scope));
    assign(parameter, "value", stringField(get(body, valueProperty), scope));
    assign(parameter, "tier", stringField(get(body, "tier"), scope));
    assign(parameter, "dataType", stringField(get(body, "data_type"), scope));
    assign(parameter, "kmsKeyId", stringField(get(body, "key_id"), scope));
    const type = literal(parameter.parameterType);
    const name = literal(parameter.name) ?? base.resource.split(".").pop() ?? "";
    const named = name.split("/").pop() ?? name;
    const out: Entity[] = [parameter];
    if (type !== "SecureString" && !isSecretLikeName(named)) return out;
    return out.concat(
      SSM_VALUE_ATTRIBUTES.flatMap((property) => {
        const value = stringField(get(body, property), scope);
        return value
          ? [
              {
                kind: "credential-property",
                ...base,
                property,
                value,
                stored: isStored(property, value, scope),
                ...(type === "SecureString" ? {} : { named }),
              } satisfies CredentialProperty,
            ]
          : [];
      }),
    );
  },
  aws_cloudtrail: (base) => [{ kind: "audit-control", ...base, control: "cloudtrail-trail" } satisfies AuditControl],
  aws_config_config_rule: (base, body, scope) => {
    const control: AuditControl = { kind: "audit-control", ...base, control: "config-rule" };
    assign(control, "identifier", stringField(get(block(body, "source"), "source_identifier"), scope));
    return [control];
  },
  aws_config_organization_managed_rule: (base, body, scope) => {
    const control: AuditControl = { kind: "audit-control", ...base, control: "config-rule" };
    assign(control, "identifier", stringField(get(body, "rule_identifier"), scope));
    return [control];
  },
};

/** Where an `aws_ssm_parameter` takes its value from; exactly one is set. */
const SSM_VALUE_ATTRIBUTES = ["value", "insecure_value", "value_wo"];

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

function replicaOf(replica: ObjectNode, scope: ModuleScope): ReplicaRegion {
  const region = get(replica, "region");
  const out: ReplicaRegion = { node: replica.entries.find((e) => e.key.value === "region")?.key ?? replica };
  assign(out, "region", stringField(region, scope));
  assign(out, "kmsKeyId", stringField(get(replica, "kms_key_id"), scope));
  return out;
}

function kmsKey(base: Base, body: ObjectNode, scope: ModuleScope, origin?: Field<string>): Entity[] {
  const key: KmsKey = { kind: "kms-key", ...base };
  // `customer_master_key_spec` is the deprecated name of `key_spec`.
  assign(key, "keySpec", stringField(get(body, "key_spec") ?? get(body, "customer_master_key_spec"), scope));
  assign(key, "keyUsage", stringField(get(body, "key_usage"), scope));
  assign(key, "enableKeyRotation", booleanField(get(body, "enable_key_rotation"), scope));
  const store = get(body, "custom_key_store_id");
  // A key in a custom key store (CloudHSM or external) has an origin the block does not say, and neither rotates.
  assign(
    key,
    "origin",
    origin ??
      (store && EXPRESSIONS.get(store) === undefined && stringField(store, scope)
        ? {
            value: { kind: "unresolved", expression: "the origin of a key in custom key store (custom_key_store_id)" },
            node: store,
          }
        : undefined),
  );
  const policy = policyDocument(base, "key-policy", get(body, "policy"), scope);
  if (!policy) return [key];
  policy.target = reference(base.resource, base.node);
  return [key, policy];
}

/** `aws_iam_role_policy` and its user and group forms: an inline policy attached to the principal it names. */
function inlinePolicy(principalType: PrincipalType, attribute: string): Builder {
  return (base, body, scope) => {
    const policy = policyDocument(base, "identity", get(body, "policy"), scope);
    if (!policy) return [];
    policy.attachedTo = listFields(get(body, attribute), scope).map((value) => ({ principalType, value }));
    return [policy];
  };
}

/** `aws_iam_role`, `aws_iam_user`, `aws_iam_group`: the principal first, then its inline and trust policies. */
function principal(principalType: PrincipalType): Builder {
  return (base, body, scope) => {
    const self: IamPrincipal = {
      kind: "iam-principal",
      ...base,
      principalType,
      managedPolicies: listFields(get(body, "managed_policy_arns"), scope),
      groups: [],
    };
    assign(self, "name", stringField(get(body, "name"), scope));
    const owner = { principalType, value: reference(base.resource, base.node) };
    const out: Entity[] = [self];
    for (const inline of blocksOf(body, "inline_policy")) {
      const policy = policyDocument(base, "identity", get(inline, "policy"), scope);
      if (policy) out.push({ ...policy, attachedTo: [owner], inlineIn: principalType });
    }
    if (principalType === "role") {
      const trust = policyDocument(base, "trust-policy", get(body, "assume_role_policy"), scope);
      if (trust) out.push({ ...trust, target: reference(base.resource, base.node) });
    }
    return out;
  };
}

/** A resource policy in `attribute`, governing what `targetAttribute` names, or the resource itself. */
function resourcePolicy(attribute: string, targetAttribute?: string): Builder {
  return (base, body, scope) => {
    const policy = policyDocument(base, "resource-policy", get(body, attribute), scope);
    if (!policy) return [];
    assign(
      policy,
      "target",
      targetAttribute ? stringField(get(body, targetAttribute), scope) : reference(base.resource, base.node),
    );
    return [policy];
  };
}

/** The spelling of each Lambda permission setting in `aws_lambda_permission` (it has no `invoked_via_function_url`). */
const LAMBDA_PERMISSION_ATTRIBUTES: Partial<Record<LambdaPermissionSetting, string>> = {
  sourceAccount: "source_account",
  sourceArn: "source_arn",
  principalOrgId: "principal_org_id",
  eventSourceToken: "event_source_token",
  functionUrlAuthType: "function_url_auth_type",
};

/** `aws_lambda_permission`: one Allow statement of the function's resource policy, at the block's body. */
function lambdaPermission(base: Base, body: ObjectNode, scope: ModuleScope): PolicyDocument {
  const attribute = (name: string | undefined): Field<string> | undefined =>
    name === undefined ? undefined : stringField(get(body, name), scope);
  return lambdaPermissionPolicy(base, body, {
    functionName: attribute("function_name"),
    action: attribute("action"),
    principal: attribute("principal"),
    conditions: lambdaPermissionConditions((setting) => attribute(LAMBDA_PERMISSION_ATTRIBUTES[setting])),
  });
}

/** A database type: its password attributes (the first set one is the master password) and managed-password flag. */
function database(
  engine: string,
  passwordAttributes: string[],
  managedAttribute: string | undefined,
  inheritedWhen: [attribute: string, from: string][],
): Builder {
  return (base, body, scope) => {
    const property = passwordAttributes.find((a) => get(body, a) !== undefined) ?? (passwordAttributes[0] as string);
    const db: Database = { kind: "database", ...base, engine, masterPasswordProperty: property };
    assign(db, "masterPassword", stringField(get(body, property), scope));
    if (managedAttribute) {
      db.managedPasswordProperty = managedAttribute;
      assign(db, "managedPassword", booleanField(get(body, managedAttribute), scope));
    }
    const inherited = inheritedWhen.find(([attribute]) => {
      const value = get(body, attribute);
      return value !== undefined && !(value.kind === "scalar" && (value.value === null || value.value === ""));
    });
    if (inherited) db.passwordInheritedFrom = inherited[1];
    return [db];
  };
}

/**
 * A function's `variables` map. A `merge(...)` of maps contributes the entries of its literal maps and of the local
 * values it names; a map given by any other expression (`var.environment`) has no variables the scanner can read.
 */
function environmentVariables(node: PNode | undefined, scope: ModuleScope, depth = 0): EnvironmentVariable[] {
  if (!node) return [];
  const info = EXPRESSIONS.get(node);
  if (info?.kind === "call" && info.name === "merge" && node.kind === "array")
    return node.items.flatMap((item) => environmentVariables(item, scope, depth + 1));
  // A map kept in a local value (`merge(local.common, {...})`) is read where the local is written.
  const local =
    node.kind === "scalar" && typeof node.value === "string"
      ? /^\$\{\s*local\.([\w-]+)\s*\}$/.exec(node.value)?.[1]
      : undefined;
  if (local !== undefined && depth < 8) return environmentVariables(scope.locals.get(local), scope, depth + 1);
  if (node.kind !== "object" || info) return [];
  return node.entries.flatMap(({ key, value }) => {
    const field = stringField(value, scope);
    return field ? [{ name: key.value, nameNode: key, value: field }] : [];
  });
}

function variable(base: Base, body: ObjectNode, scope: ModuleScope): Parameter {
  const parameter: Parameter = { kind: "parameter", ...base };
  const type = get(body, "type");
  if (type?.kind === "scalar" && typeof type.value === "string") {
    // The type is an expression (`string`, `list(string)`), written in `.tf.json` as its text.
    parameter.parameterType = { value: type.value.replace(/^\$\{([\s\S]*)\}$/, "$1"), node: type };
  } else {
    // Without a type constraint a variable accepts any value: Terraform's `any`.
    parameter.parameterType = { value: "any", node: base.node };
  }
  parameter.takesText = ["string", "any", "list(string)"].includes(parameter.parameterType.value as string);
  const sensitive = booleanField(get(body, "sensitive"), scope);
  // An ephemeral variable (Terraform 1.10) is never written to a plan or the state, nor shown in their output: hidden
  // as a sensitive one is.
  const ephemeral = booleanField(get(body, "ephemeral"), scope);
  assign(parameter, "hidden", literal(ephemeral) === true && literal(sensitive) !== true ? ephemeral : sensitive);
  const fallback = get(body, "default");
  if (fallback?.kind === "scalar" && fallback.value !== null)
    parameter.default = { value: String(fallback.value), node: fallback };
  assign(parameter, "description", stringField(get(body, "description"), scope));
  return parameter;
}

function providerCredentials(base: Base, body: ObjectNode, scope: ModuleScope): CredentialProperty[] {
  // A provider's configuration is not kept in the state.
  return ["access_key", "secret_key", "token"].flatMap((property) => {
    const value = stringField(get(body, property), scope);
    return value
      ? [{ kind: "credential-property" as const, ...base, property, value, stored: false, toolCredential: true }]
      : [];
  });
}

/**
 * Attributes whose value is a credential by definition, by resource type: a literal there is a hardcoded secret.
 * Paths are dotted below the block body (through nested blocks and maps); `*` stands for every item of a list. Curated
 * from the AWS provider's documentation, as `cloudformation/credential-properties.ts` is from CloudFormation's.
 */
export const TERRAFORM_CREDENTIAL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_secretsmanager_secret_version: ["secret_string", "secret_binary", "secret_string_wo"],
  aws_db_instance: ["password", "password_wo"],
  aws_rds_cluster: ["master_password", "master_password_wo"],
  aws_redshift_cluster: ["master_password", "master_password_wo"],
  aws_redshiftserverless_namespace: ["admin_user_password", "admin_user_password_wo"],
  aws_docdb_cluster: ["master_password", "master_password_wo"],
  aws_docdbelastic_cluster: ["admin_user_password"],
  aws_lightsail_database: ["master_password"],
  aws_elasticache_replication_group: ["auth_token"],
  aws_elasticache_user: ["passwords.*"],
  aws_memorydb_user: ["authentication_mode.passwords.*"],
  aws_opensearch_domain: ["advanced_security_options.master_user_options.master_user_password"],
  aws_elasticsearch_domain: ["advanced_security_options.master_user_options.master_user_password"],
  aws_mq_broker: ["user.password"],
  aws_dms_endpoint: ["password", "redis_settings.auth_password", "kafka_settings.sasl_password"],
  aws_directory_service_directory: ["password"],
  aws_fsx_windows_file_system: ["self_managed_active_directory.password"],
  aws_fsx_ontap_file_system: ["fsx_admin_password"],
  aws_fsx_ontap_storage_virtual_machine: [
    "svm_admin_password",
    "active_directory_configuration.self_managed_active_directory_configuration.password",
  ],
  aws_datasync_location_smb: ["password"],
  aws_datasync_location_object_storage: ["secret_key"],
  aws_amplify_app: ["access_token", "oauth_token", "basic_auth_credentials"],
  aws_amplify_branch: ["basic_auth_credentials"],
  aws_pinpoint_apns_channel: ["private_key", "token_key"],
  aws_pinpoint_apns_sandbox_channel: ["private_key", "token_key"],
  aws_pinpoint_apns_voip_channel: ["private_key", "token_key"],
  aws_pinpoint_apns_voip_sandbox_channel: ["private_key", "token_key"],
  aws_pinpoint_gcm_channel: ["api_key", "service_json"],
  aws_pinpoint_baidu_channel: ["api_key", "secret_key"],
  aws_pinpoint_adm_channel: ["client_secret"],
  aws_opsworks_application: ["app_source.password", "ssl_configuration.private_key"],
  aws_opsworks_stack: ["custom_cookbooks_source.password"],
  aws_codepipeline_webhook: ["authentication_configuration.secret_token"],
  aws_codebuild_source_credential: ["token"],
  aws_api_gateway_api_key: ["value"],
  aws_cloudwatch_event_connection: [
    "auth_parameters.basic.password",
    "auth_parameters.api_key.value",
    "auth_parameters.oauth.client_parameters.client_secret",
  ],
  aws_kinesis_firehose_delivery_stream: [
    "redshift_configuration.password",
    "splunk_configuration.hec_token",
    "http_endpoint_configuration.access_key",
  ],
  aws_glue_connection: ["connection_properties.PASSWORD"],
  aws_quicksight_data_source: ["credentials.credential_pair.password"],
  aws_acm_certificate: ["private_key"],
  aws_iam_server_certificate: ["private_key"],
  aws_transfer_server: ["host_key"],
  aws_cognito_identity_provider: ["provider_details.client_secret"],
  // Other providers' well-known credential arguments: a literal there is as much in git as in an AWS resource.
  azurerm_mssql_server: ["administrator_login_password", "administrator_login_password_wo"],
  azurerm_sql_server: ["administrator_login_password"],
  azurerm_mssql_managed_instance: ["administrator_login_password"],
  azurerm_postgresql_server: ["administrator_login_password", "administrator_login_password_wo"],
  azurerm_postgresql_flexible_server: ["administrator_password", "administrator_password_wo"],
  azurerm_mysql_server: ["administrator_login_password"],
  azurerm_mysql_flexible_server: ["administrator_password", "administrator_password_wo"],
  azurerm_mariadb_server: ["administrator_login_password"],
  azurerm_synapse_workspace: ["sql_administrator_login_password"],
  azurerm_linux_virtual_machine: ["admin_password"],
  azurerm_windows_virtual_machine: ["admin_password"],
  azurerm_linux_virtual_machine_scale_set: ["admin_password"],
  azurerm_windows_virtual_machine_scale_set: ["admin_password"],
  azurerm_virtual_machine: ["os_profile.admin_password"],
  azurerm_key_vault_secret: ["value", "value_wo"],
  google_sql_user: ["password", "password_wo"],
  google_sql_database_instance: ["root_password"],
  google_secret_manager_secret_version: ["secret_data", "secret_data_wo"],
  google_container_cluster: ["master_auth.password"],
  github_actions_secret: ["plaintext_value"],
  github_actions_organization_secret: ["plaintext_value"],
  github_dependabot_secret: ["plaintext_value"],
  vault_generic_secret: ["data_json"],
  kubernetes_secret: ["data.password", "data.token"],
  kubernetes_secret_v1: ["data.password", "data.token"],
  digitalocean_database_user: ["password"],
  mongodbatlas_database_user: ["password"],
  postgresql_role: ["password"],
  mysql_user: ["plaintext_password"],
};

function credentialProperties(base: Base, body: ObjectNode, scope: ModuleScope): CredentialProperty[] {
  // Own keys only: `resource "toString" "x"` must not find Object.prototype.toString (found by the fuzz campaign).
  const paths = Object.hasOwn(TERRAFORM_CREDENTIAL_ATTRIBUTES, base.type)
    ? TERRAFORM_CREDENTIAL_ATTRIBUTES[base.type]
    : undefined;
  if (!paths) return [];
  return paths.flatMap((path) =>
    nodesAt(body, path.split(".")).flatMap((node) => {
      const value = stringField(node, scope);
      if (!value) return [];
      const secretValue = base.type === "aws_secretsmanager_secret_version" && path === "secret_string";
      const property = path.replace(/\.\*/g, "[]");
      return [
        {
          kind: "credential-property" as const,
          ...base,
          property,
          value,
          stored: isStored(path, value, scope),
          ...(secretValue ? { secretValue } : {}),
        },
      ];
    }),
  );
}

/**
 * Whether Terraform keeps an argument's value in the state and plan: not for a write-only argument (`password_wo`,
 * `secret_string_wo`), nor for a value only an ephemeral variable (`ephemeral = true`) gives.
 */
export function isStored(argument: string, value: Field<string>, scope: ModuleScope): boolean {
  if (/_wo$/.test(argument)) return false;
  const variable = value.parameter !== undefined ? scope.variables.get(value.parameter) : undefined;
  return !(variable && literal(booleanField(get(variable.body, "ephemeral"), scope)) === true);
}

/** The nodes at a dotted path; nested blocks given as lists (repeated blocks, JSON's array form) are walked through. */
function nodesAt(node: PNode | undefined, segments: string[]): PNode[] {
  if (!node) return [];
  const [head, ...rest] = segments;
  if (head === undefined) return [node];
  if (node.kind === "array" && !EXPRESSIONS.has(node))
    return head === "*"
      ? node.items.flatMap((item) => nodesAt(item, rest))
      : node.items.flatMap((item) => nodesAt(item, segments));
  if (head === "*" || node.kind !== "object" || EXPRESSIONS.has(node)) return [];
  return node.entries.filter((e) => e.key.value === head).flatMap((e) => nodesAt(e.value, rest));
}

/**
 * Attachments of managed policies and group memberships, within the module: each `aws_iam_*_policy_attachment` adds
 * the principal to the policy's `attachedTo` (when the policy is an `aws_iam_policy` of the module) and the policy to
 * the principal's `managedPolicies` (when the principal is defined in the module); memberships add groups to users.
 */
function linkAttachments(entities: Entity[], blocks: readonly TfBlock[], scope: ModuleScope): void {
  const principals = entities.filter((e): e is IamPrincipal => e.kind === "iam-principal");
  const principalFor = (principalType: PrincipalType, field: Field<string>): IamPrincipal | undefined => {
    const value = field.value;
    const text = literal(field);
    return principals.find(
      (p) =>
        p.principalType === principalType &&
        (isReference(value) ? p.resource === value.target : text !== undefined && literal(p.name) === text),
    );
  };
  const policyFor = (field: Field<string>): PolicyDocument | undefined => {
    const value = field.value;
    return isReference(value)
      ? entities.find(
          (e): e is PolicyDocument => e.kind === "policy" && e.resource === value.target && e.type === "aws_iam_policy",
        )
      : undefined;
  };
  const attach = (principalType: PrincipalType, who: Field<string>, policyArn: Field<string>): void => {
    policyFor(policyArn)?.attachedTo.push({ principalType, value: who });
    principalFor(principalType, who)?.managedPolicies.push(policyArn);
  };
  for (const { type, labels, body } of blocks) {
    if (type !== "resource") continue;
    const kind = labels[0];
    const policyArn = stringField(get(body, "policy_arn"), scope);
    const one = (attribute: string) => stringField(get(body, attribute), scope);
    if (
      kind === "aws_iam_role_policy_attachment" ||
      kind === "aws_iam_user_policy_attachment" ||
      kind === "aws_iam_group_policy_attachment"
    ) {
      const principalType = kind.slice("aws_iam_".length).split("_")[0] as PrincipalType;
      const who = one(principalType);
      if (who && policyArn) attach(principalType, who, policyArn);
    } else if (kind === "aws_iam_policy_attachment" && policyArn) {
      for (const [attribute, principalType] of [
        ["roles", "role"],
        ["users", "user"],
        ["groups", "group"],
      ] as const) {
        for (const who of listFields(get(body, attribute), scope)) attach(principalType, who, policyArn);
      }
    } else if (kind === "aws_iam_user_group_membership") {
      const user = one("user");
      const groups = user ? principalFor("user", user)?.groups : undefined;
      if (groups) for (const pushed of listFields(get(body, "groups"), scope)) groups.push(pushed);
    } else if (kind === "aws_iam_group_membership") {
      const group = one("group");
      if (group)
        for (const user of listFields(get(body, "users"), scope)) principalFor("user", user)?.groups.push(group);
    }
  }
}

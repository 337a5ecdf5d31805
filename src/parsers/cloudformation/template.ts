import { entry, get, stringValue, type ObjectNode, type PNode } from "../../core/positioned.js";
import type {
  AuditControl,
  ComputeEnvironment,
  CredentialProperty,
  Database,
  Entity,
  EnvironmentVariable,
  KmsKey,
  LambdaFunction,
  Parameter,
  ReplicaRegion,
  RotationSchedule,
  Secret,
  SsmParameter,
} from "../../model/entities.js";
import { literal } from "../../model/entities.js";
import { isSecretLikeName } from "../../knowledge/secret-names.js";
import { policyFromJsonString } from "../policy/normalize.js";
import { CREDENTIAL_PROPERTIES } from "./credential-properties.js";
import { IAM_BUILDERS, linkGroupMemberships, samFunctionPermissions } from "./iam.js";
import { booleanField, numberField, stringField, type TemplateScope } from "./resolve.js";
import { assign, policyDocument, type Base, type Builder } from "./builder.js";

/** Turns a parsed CloudFormation template into model entities. Unknown resource types are ignored. */
export function templateEntities(root: ObjectNode): Entity[] {
  const parameters = get(root, "Parameters");
  const resources = get(root, "Resources");
  const scope: TemplateScope = {
    isParameter: (name) => entry(parameters, name) !== undefined,
    isResource: (name) => entry(resources, name) !== undefined || isSamGeneratedRole(resources, name),
    parameterDefault: (name) => get(get(parameters, name), "Default"),
  };
  const unit = root.file.path;
  const out: Entity[] = [];

  if (parameters?.kind === "object") {
    // A parameter's own fields are literals by definition: resolving `Default` through itself would be circular.
    const literalScope: TemplateScope = {
      isParameter: () => false,
      isResource: () => false,
      parameterDefault: () => undefined,
    };
    for (const { key, value } of parameters.entries) {
      const base = {
        platform: "cloudformation" as const,
        file: root.file,
        unit,
        resource: key.value,
        node: key,
        type: "Parameter",
      };
      const parameter: Parameter = { kind: "parameter", ...base };
      assign(parameter, "parameterType", stringField(get(value, "Type"), literalScope));
      assign(parameter, "hidden", booleanField(get(value, "NoEcho"), literalScope));
      // `Number`, `List<Number>` and the AWS-specific types (a key pair's name, an SSM parameter's name) are no secret text.
      const type = parameter.parameterType ? literal(parameter.parameterType) : "String";
      if (type !== undefined) parameter.takesText = type === "String" || type === "CommaDelimitedList";
      if (type?.startsWith("AWS::SSM::Parameter::Value<")) parameter.namesSsmParameter = true;
      assign(parameter, "default", stringField(get(value, "Default"), literalScope));
      assign(parameter, "description", stringField(get(value, "Description"), literalScope));
      out.push(parameter);
    }
  }

  if (resources?.kind === "object") {
    for (const { key, value } of resources.entries) {
      const type = stringValue(get(value, "Type"));
      if (!type) continue;
      const base: Base = {
        platform: "cloudformation" as const,
        file: root.file,
        unit,
        resource: key.value,
        node: key,
        type,
        ...resourceMetadata(value),
      };
      const properties = get(value, "Properties");
      // Looked up at call time (not spread into BUILDERS): iam.ts imports this module's helpers, and a spread would
      // read IAM_BUILDERS before it exists whenever iam.ts happens to be loaded first.
      // Own keys only: `Type: toString` is an unknown type, not Object.prototype.toString (found by the fuzz campaign).
      const make = Object.hasOwn(BUILDERS, type)
        ? BUILDERS[type]
        : Object.hasOwn(IAM_BUILDERS, type)
          ? IAM_BUILDERS[type]
          : undefined;
      if (make) for (const pushed of make(base, properties, scope)) out.push(pushed);
      for (const pushed of credentialProperties(base, properties, scope)) out.push(pushed);
    }
  }
  for (const pushed of samGlobals(root, scope)) out.push(pushed);
  for (const pushed of lambdaFunctions(root, scope)) out.push(pushed);
  linkGroupMemberships(out, resources, scope);
  return out;
}

/**
 * What a resource's `Metadata` says to secretwarden: `secretwarden.ignore` suppressions (`[{ rule, reason }]`) and the
 * CDK's `aws:cdk:path`. Malformed entries are kept with what they have, so that the engine can report them.
 */
function resourceMetadata(resource: PNode): Pick<Base, "suppressions" | "cdkPath"> {
  const metadata = get(resource, "Metadata");
  const out: Pick<Base, "suppressions" | "cdkPath"> = {};
  const cdkPath = stringValue(get(metadata, "aws:cdk:path"));
  if (cdkPath) out.cdkPath = cdkPath;
  const ignore = get(get(metadata, "secretwarden"), "ignore");
  if (ignore?.kind === "array") {
    out.suppressions = ignore.items.flatMap((item) => {
      const rule = stringValue(get(item, "rule"));
      const reason = stringValue(get(item, "reason"))?.trim();
      return rule ? [{ rule: rule.trim(), ...(reason ? { reason } : {}), node: get(item, "rule") ?? item }] : [];
    });
  }
  return out;
}
const BUILDERS: Record<string, Builder> = {
  "AWS::SecretsManager::Secret": (base, properties, scope) => {
    const secret: Secret = { kind: "secret", ...base, replicas: replicas(get(properties, "ReplicaRegions"), scope) };
    assign(secret, "name", stringField(get(properties, "Name"), scope));
    assign(secret, "kmsKeyId", stringField(get(properties, "KmsKeyId"), scope));
    return [secret];
  },
  "AWS::SecretsManager::RotationSchedule": (base, properties, scope) => {
    const schedule: RotationSchedule = { kind: "rotation-schedule", ...base };
    assign(schedule, "secret", stringField(get(properties, "SecretId"), scope));
    assign(schedule, "rotationLambdaArn", stringField(get(properties, "RotationLambdaARN"), scope));
    assign(schedule, "hostedRotationLambda", get(properties, "HostedRotationLambda"));
    const rules = get(properties, "RotationRules");
    assign(schedule, "automaticallyAfterDays", numberField(get(rules, "AutomaticallyAfterDays"), scope));
    assign(schedule, "scheduleExpression", stringField(get(rules, "ScheduleExpression"), scope));
    return [schedule];
  },
  "AWS::SecretsManager::ResourcePolicy": (base, properties, scope) => {
    const document = get(properties, "ResourcePolicy");
    const policy = policyDocument(
      base,
      "secret-resource-policy",
      document && (policyFromJsonString(document) ?? document),
      scope,
    );
    assign(policy, "target", stringField(get(properties, "SecretId"), scope));
    // The resource handler's default is true: the model says so, with where it comes from for messages.
    policy.blockPublicPolicy = booleanField(get(properties, "BlockPublicPolicy"), scope) ?? {
      value: true,
      node: base.node,
      via: "CloudFormation's default when it is not set",
    };
    return [policy];
  },
  "AWS::KMS::Key": (base, properties, scope) => {
    const key: KmsKey = { kind: "kms-key", ...base };
    // `CustomerMasterKeySpec` is the deprecated name of `KeySpec`.
    assign(key, "keySpec", stringField(get(properties, "KeySpec") ?? get(properties, "CustomerMasterKeySpec"), scope));
    assign(key, "keyUsage", stringField(get(properties, "KeyUsage"), scope));
    assign(key, "origin", stringField(get(properties, "Origin"), scope));
    assign(key, "enableKeyRotation", booleanField(get(properties, "EnableKeyRotation"), scope));
    const document = get(properties, "KeyPolicy");
    if (!document) return [key];
    const policy = policyDocument(base, "key-policy", policyFromJsonString(document) ?? document, scope);
    policy.target = { value: { kind: "reference", target: base.resource }, node: base.node };
    return [key, policy];
  },
  "AWS::RDS::DBInstance": database("RDS instance", "MasterUserPassword", "ManageMasterUserPassword", [
    ["DBClusterIdentifier", "its cluster"],
    ["SourceDBInstanceIdentifier", "its source instance (read replica)"],
    ["SourceDBClusterIdentifier", "its source cluster"],
    ["DBSnapshotIdentifier", "the snapshot it is restored from"],
    ["DBClusterSnapshotIdentifier", "the snapshot it is restored from"],
    ["SourceDBInstanceAutomatedBackupsArn", "the backup it is restored from"],
  ]),
  "AWS::RDS::DBCluster": database("Aurora/RDS cluster", "MasterUserPassword", "ManageMasterUserPassword", [
    ["SnapshotIdentifier", "the snapshot it is restored from"],
    ["SourceDBClusterIdentifier", "the cluster it is restored from"],
    ["ReplicationSourceIdentifier", "its replication source"],
    ["GlobalClusterIdentifier", "its global cluster"],
  ]),
  "AWS::Redshift::Cluster": database("Redshift cluster", "MasterUserPassword", "ManageMasterPassword", [
    ["SnapshotIdentifier", "the snapshot it is restored from"],
  ]),
  "AWS::RedshiftServerless::Namespace": database(
    "Redshift Serverless namespace",
    "AdminUserPassword",
    "ManageAdminPassword",
    [],
  ),
  "AWS::DocDB::DBCluster": database("DocumentDB cluster", "MasterUserPassword", "ManageMasterUserPassword", [
    ["SnapshotIdentifier", "the snapshot it is restored from"],
    ["SourceDBClusterIdentifier", "the cluster it is restored from"],
    ["GlobalClusterIdentifier", "its global cluster"],
  ]),
  "AWS::DocDBElastic::Cluster": database("DocumentDB elastic cluster", "AdminUserPassword", undefined, []),
  "AWS::Lambda::Function": lambdaEnvironment,
  // A SAM function's environment, then the role SAM generates for it and that role's policies.
  "AWS::Serverless::Function": (base, properties, scope) => [
    ...lambdaEnvironment(base, properties, scope),
    ...samFunctionPermissions(base, properties, scope),
  ],
  "AWS::ECS::TaskDefinition": (base, properties, scope) => {
    const containers = get(properties, "ContainerDefinitions");
    if (containers?.kind !== "array") return [];
    return containers.items.flatMap((container, i) => {
      const list = get(container, "Environment");
      if (list?.kind !== "array") return [];
      const name = stringValue(get(container, "Name")) ?? `#${i + 1}`;
      const variables = list.items.flatMap((item): EnvironmentVariable[] => {
        const nameEntry = entry(item, "Name");
        const variableName = stringValue(nameEntry?.value);
        const value = stringField(get(item, "Value"), scope);
        return nameEntry && variableName !== undefined && value
          ? [{ name: variableName, nameNode: nameEntry.value, value }]
          : [];
      });
      const environment: ComputeEnvironment = {
        kind: "environment",
        ...base,
        compute: "ecs-container",
        label: `container ${name} of task definition ${base.resource}`,
        variables,
      };
      return [environment];
    });
  },
  // The parameter itself (ssm-parameter-secret reads it: the store), then a credential property for
  // hardcoded-credential (the literal): a `SecureString`'s value, or the value of a parameter named like a secret.
  "AWS::SSM::Parameter": (base, properties, scope) => {
    const parameter: SsmParameter = { kind: "ssm-parameter", ...base, valueProperty: "Value" };
    assign(parameter, "name", stringField(get(properties, "Name"), scope));
    assign(parameter, "description", stringField(get(properties, "Description"), scope));
    assign(parameter, "parameterType", stringField(get(properties, "Type"), scope));
    assign(parameter, "value", stringField(get(properties, "Value"), scope));
    assign(parameter, "tier", stringField(get(properties, "Tier"), scope));
    assign(parameter, "dataType", stringField(get(properties, "DataType"), scope));
    const type = literal(parameter.parameterType);
    const name = literal(parameter.name) ?? base.resource;
    const named = name.split("/").pop() ?? name;
    const out: Entity[] = [parameter];
    if (parameter.value && (type === "SecureString" || isSecretLikeName(named))) {
      out.push({
        kind: "credential-property",
        ...base,
        property: "Value",
        value: parameter.value,
        ...(type === "SecureString" ? {} : { named }),
      } satisfies CredentialProperty);
    }
    return out;
  },
  "AWS::CloudTrail::Trail": (base) => [
    { kind: "audit-control", ...base, control: "cloudtrail-trail" } satisfies AuditControl,
  ],
  "AWS::Config::ConfigRule": (base, properties, scope) => {
    const control: AuditControl = { kind: "audit-control", ...base, control: "config-rule" };
    assign(control, "identifier", stringField(get(get(properties, "Source"), "SourceIdentifier"), scope));
    return [control];
  },
};

/** A database resource type: which property holds the password, which one hands it to Secrets Manager. */
function database(
  engine: string,
  passwordProperty: string,
  managedProperty: string | undefined,
  inheritedWhen: [property: string, from: string][],
): Builder {
  return (base, properties, scope) => {
    const db: Database = { kind: "database", ...base, engine, masterPasswordProperty: passwordProperty };
    assign(db, "masterPassword", stringField(get(properties, passwordProperty), scope));
    if (managedProperty) {
      db.managedPasswordProperty = managedProperty;
      assign(db, "managedPassword", booleanField(get(properties, managedProperty), scope));
    }
    const inherited = inheritedWhen.find(([property]) => get(properties, property) !== undefined);
    if (inherited) db.passwordInheritedFrom = inherited[1];
    return [db];
  };
}

function lambdaEnvironment(base: Base, properties: PNode | undefined, scope: TemplateScope): Entity[] {
  const variables = environmentVariables(get(get(properties, "Environment"), "Variables"), scope);
  if (!variables) return [];
  return [
    {
      kind: "environment",
      ...base,
      compute: "lambda",
      label: `function ${base.resource}`,
      variables,
    } satisfies ComputeEnvironment,
  ];
}

function environmentVariables(map: PNode | undefined, scope: TemplateScope): EnvironmentVariable[] | undefined {
  if (map?.kind !== "object") return undefined;
  return map.entries.flatMap(({ key, value }) => {
    const field = stringField(value, scope);
    return field ? [{ name: key.value, nameNode: key, value: field }] : [];
  });
}

/** SAM's `Globals.Function.Environment.Variables` apply to every function of the template. */
function samGlobals(root: ObjectNode, scope: TemplateScope): Entity[] {
  const globals = entry(root, "Globals");
  const functionGlobals = entry(globals?.value, "Function");
  const variables = environmentVariables(get(get(functionGlobals?.value, "Environment"), "Variables"), scope);
  if (!globals || !functionGlobals || !variables) return [];
  const environment: ComputeEnvironment = {
    kind: "environment",
    platform: "cloudformation",
    file: root.file,
    unit: root.file.path,
    resource: "Globals.Function",
    node: functionGlobals.key,
    type: "AWS::Serverless::Globals",
    compute: "lambda",
    label: "SAM Globals.Function",
    variables,
  };
  return [environment];
}

/** Every credential property of the resource's type that is set, e.g. `MasterUserPassword`. */
function credentialProperties(base: Base, properties: PNode | undefined, scope: TemplateScope): CredentialProperty[] {
  // Own keys only: a resource `Type: toString` must not find Object.prototype.toString (found by the fuzz campaign).
  const paths = Object.hasOwn(CREDENTIAL_PROPERTIES, base.type) ? CREDENTIAL_PROPERTIES[base.type] : undefined;
  if (!paths || !properties) return [];
  return paths.flatMap((path) =>
    nodesAt(properties, path.split(".")).flatMap((node) => {
      const value = stringField(node, scope);
      const secretValue = base.type === "AWS::SecretsManager::Secret" && path === "SecretString";
      return value
        ? [
            {
              kind: "credential-property" as const,
              ...base,
              property: path.replace(/\.\*/g, "[]"),
              value,
              ...(secretValue ? { secretValue } : {}),
            },
          ]
        : [];
    }),
  );
}

function nodesAt(node: PNode | undefined, segments: string[]): PNode[] {
  if (!node) return [];
  const [head, ...rest] = segments;
  if (head === undefined) return [node];
  if (head === "*") return node.kind === "array" ? node.items.flatMap((item) => nodesAt(item, rest)) : [];
  return nodesAt(get(node, head), rest);
}

function replicas(node: PNode | undefined, scope: TemplateScope): ReplicaRegion[] {
  if (node?.kind !== "array") return [];
  return node.items.map((item) => {
    const replica: ReplicaRegion = { node: entry(item, "Region")?.key ?? item };
    assign(replica, "region", stringField(get(item, "Region"), scope));
    assign(replica, "kmsKeyId", stringField(get(item, "KmsKeyId"), scope));
    return replica;
  });
}

/** SAM generates `<Function>Role` for a function without `Role`; templates refer to it with `!GetAtt <Function>Role.Arn`. */
function isSamGeneratedRole(resources: PNode | undefined, name: string): boolean {
  if (!name.endsWith("Role")) return false;
  const fn = get(resources, name.slice(0, -"Role".length));
  return (
    stringValue(get(fn, "Type")) === "AWS::Serverless::Function" && get(get(fn, "Properties"), "Role") === undefined
  );
}

/**
 * Lambda functions whose handler is known, emitted after every other entity so that a reference to a function still
 * resolves to what it did before (its environment). SAM's `Globals.Function` gives `Handler`, `CodeUri` and `Runtime`
 * to the functions that do not set them. `Code`/`CodeUri` count only as a local path (a string), not S3 or inline code.
 */
function lambdaFunctions(root: ObjectNode, scope: TemplateScope): LambdaFunction[] {
  const resources = get(root, "Resources");
  if (resources?.kind !== "object") return [];
  const globals = get(get(root, "Globals"), "Function");
  const out: LambdaFunction[] = [];
  for (const { key, value } of resources.entries) {
    const type = stringValue(get(value, "Type"));
    if (type !== "AWS::Lambda::Function" && type !== "AWS::Serverless::Function") continue;
    const sam = type === "AWS::Serverless::Function";
    const properties = get(value, "Properties");
    const pick = (name: string): PNode | undefined => get(properties, name) ?? (sam ? get(globals, name) : undefined);
    const handler = stringField(pick("Handler"), scope);
    if (!handler) continue;
    const fn: LambdaFunction = {
      kind: "lambda-function",
      platform: "cloudformation",
      file: root.file,
      unit: root.file.path,
      resource: key.value,
      node: key,
      type,
      ...resourceMetadata(value),
      handler,
    };
    const code = pick(sam ? "CodeUri" : "Code");
    if (code?.kind === "scalar" && typeof code.value === "string") assign(fn, "codePath", stringField(code, scope));
    assign(fn, "runtime", stringField(pick("Runtime"), scope));
    out.push(fn);
  }
  return out;
}

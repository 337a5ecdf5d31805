/**
 * Where CloudFormation keeps IAM policies: identity policies (`AWS::IAM::Policy`, inline policies of roles, users and
 * groups, SAM `Policies`), trust policies, and the resource policies of S3, SQS, SNS, ECR and Lambda. Each becomes a
 * `PolicyDocument` (the resource's logical-ID key as `node`, the document as `documentNode`); roles, users and groups
 * become `IamPrincipal`s. The Secrets Manager resource policy and the KMS key policy are built in `template.ts`.
 *
 * Naming decisions the rest of the project relies on:
 * - An identity policy's `attachedTo` holds what the template writes (`Roles`, `RoleName`, `Users`...): a Reference to
 *   a logical ID or a literal name. An inline policy of a role, user or group (`Policies`) is attached to a Reference
 *   to the owner's logical ID, written at the owner's logical-ID key.
 * - A trust policy (`AssumeRolePolicyDocument`) has `target` = a Reference to the role's logical ID.
 * - A SAM function without `Role` gets the role SAM generates, as an `IamPrincipal` whose `resource` is
 *   `<FunctionId>Role` (SAM's logical ID for it) and whose `node` is the function's logical-ID key; its inline
 *   policies (statements and expanded policy templates) are `PolicyDocument`s of the function (`resource` = the
 *   function's logical ID) attached to a Reference to `<FunctionId>Role`.
 * - `AWS::IAM::UserToGroupAddition` adds its group to the `groups` of the users it names that are defined in the same
 *   template (by Reference or by literal `UserName`); users of other stacks are not recorded anywhere.
 */
import { get, stringValue, type Entry, type ObjectNode, type PNode, type ScalarNode } from "../../core/positioned.js";
import type { Entity, Field, IamPrincipal, PolicyDocument, PolicyStatement, Reference } from "../../model/entities.js";
import { isReference, literal } from "../../model/entities.js";
import { keepDigits, policyFromJsonString } from "../policy/normalize.js";
import { stringField, type TemplateScope } from "./resolve.js";
import {
  lambdaPermissionConditions,
  lambdaPermissionPolicy,
  type LambdaPermissionSetting,
} from "../lambda-permission.js";
import { assign, policyDocument, type Base, type Builder } from "./builder.js";

type PrincipalType = IamPrincipal["principalType"];
type Attachment = PolicyDocument["attachedTo"][number];

const reference = (target: string): Reference => ({ kind: "reference", target });

/** A Reference to a logical ID, written at `node`: how a policy points at the role it belongs to. */
const referenceField = (target: string, node: PNode): Field<string> => ({ value: reference(target), node });

/** A policy document property: an object, or a JSON string holding one. */
function documentAt(node: PNode | undefined): PNode | undefined {
  return node && (policyFromJsonString(node) ?? node);
}

/**
 * The fields of a list property (`Roles`, `ManagedPolicyArns`, `Queues`...). A list given whole by an intrinsic is one
 * field (usually Unresolved); a `CommaDelimitedList` parameter's default is split into its items.
 */
function listFields(node: PNode | undefined, scope: TemplateScope): Field<string>[] {
  if (!node) return [];
  if (node.kind === "array") return node.items.flatMap((item) => stringField(item, scope) ?? []);
  const field = stringField(node, scope);
  if (!field) return [];
  if (field.parameter !== undefined && typeof field.value === "string" && field.value.includes(",")) {
    return field.value.split(",").map((part) => ({ ...field, value: part.trim() }));
  }
  return [field];
}

/**
 * A standalone identity policy resource: `documentProperty` holds the document, `attachments` name the properties that
 * attach it (`Roles` of `AWS::IAM::Policy`, `RoleName` of `AWS::IAM::RolePolicy`...).
 */
function identityPolicy(attachments: [property: string, principalType: PrincipalType][]): Builder {
  return (base, properties, scope) => {
    const document = documentAt(get(properties, "PolicyDocument"));
    if (!document) return [];
    const policy = policyDocument(base, "identity", document, scope);
    policy.attachedTo = attachments.flatMap(([property, principalType]) =>
      listFields(get(properties, property), scope).map((value): Attachment => ({ principalType, value })),
    );
    return [policy];
  };
}

/** The inline policies of a role, user or group (`Policies[].PolicyDocument`), attached to `owner`. */
function inlinePolicies(
  base: Base,
  list: PNode | undefined,
  owner: Attachment,
  scope: TemplateScope,
): PolicyDocument[] {
  if (list?.kind !== "array") return [];
  return list.items.flatMap((item) => {
    const document = documentAt(get(item, "PolicyDocument"));
    if (!document) return [];
    const policy = policyDocument(base, "identity", document, scope);
    policy.attachedTo = [owner];
    policy.inlineIn = owner.principalType;
    return [policy];
  });
}

/** A role's trust policy: who may assume it. Its target is the role. */
function trustPolicy(
  base: Base,
  document: PNode | undefined,
  role: Field<string>,
  scope: TemplateScope,
): PolicyDocument[] {
  const node = documentAt(document);
  if (!node) return [];
  const policy = policyDocument(base, "trust-policy", node, scope);
  policy.target = role;
  return [policy];
}

/** `AWS::IAM::Role`, `User` and `Group`: the principal first (what a reference to the resource means), then its policies. */
function principal(principalType: PrincipalType, nameProperty: string): Builder {
  return (base, properties, scope) => {
    const self: IamPrincipal = {
      kind: "iam-principal",
      ...base,
      principalType,
      managedPolicies: listFields(get(properties, "ManagedPolicyArns"), scope),
      groups: principalType === "user" ? listFields(get(properties, "Groups"), scope) : [],
    };
    assign(self, "name", stringField(get(properties, nameProperty), scope));
    const owner: Attachment = { principalType, value: referenceField(base.resource, base.node) };
    const out: Entity[] = [self, ...inlinePolicies(base, get(properties, "Policies"), owner, scope)];
    if (principalType === "role") {
      for (const pushed of trustPolicy(
        base,
        get(properties, "AssumeRolePolicyDocument"),
        referenceField(base.resource, base.node),
        scope,
      ))
        out.push(pushed);
    }
    return out;
  };
}

/**
 * A resource policy resource: the document in `documentProperty`, governing what `targetProperty` names (its first item
 * for a list such as `Queues`), or the resource itself when there is no target property (`AWS::ECR::Repository`).
 */
function resourcePolicy(documentProperty: string, targetProperty?: string): Builder {
  return (base, properties, scope) => {
    const document = documentAt(get(properties, documentProperty));
    if (!document) return [];
    const policy = policyDocument(base, "resource-policy", document, scope);
    const target = targetProperty
      ? listFields(get(properties, targetProperty), scope)[0]
      : referenceField(base.resource, base.node);
    assign(policy, "target", target);
    return [policy];
  };
}

/** The spelling of each Lambda permission setting in `AWS::Lambda::Permission`. */
const LAMBDA_PERMISSION_PROPERTIES: Record<LambdaPermissionSetting, string> = {
  sourceAccount: "SourceAccount",
  sourceArn: "SourceArn",
  principalOrgId: "PrincipalOrgID",
  eventSourceToken: "EventSourceToken",
  functionUrlAuthType: "FunctionUrlAuthType",
  invokedViaFunctionUrl: "InvokedViaFunctionUrl",
};

/** `AWS::Lambda::Permission`: one statement of the function's resource policy, at the `Properties` node. */
const lambdaPermission: Builder = (base, properties, scope) => {
  if (properties?.kind !== "object") return [];
  // Accounts keep their digits as written (`Principal: 012345678901` unquoted is a number to YAML).
  const accountField = keepDigits((node) => stringField(node, scope));
  const property = (name: string): Field<string> | undefined => {
    const node = get(properties, name);
    return node && accountField(node);
  };
  return [
    lambdaPermissionPolicy(base, properties, {
      functionName: stringField(get(properties, "FunctionName"), scope),
      action: stringField(get(properties, "Action"), scope),
      principal: property("Principal"),
      conditions: lambdaPermissionConditions((setting) => property(LAMBDA_PERMISSION_PROPERTIES[setting])),
    }),
  ];
};

/** Adds `prefix`/`suffix` around a literal; a Reference or Unresolved stays as it is (it denotes the same thing). */
function around(field: Field<string>, prefix: string, suffix = ""): Field<string> {
  return typeof field.value === "string" ? { ...field, value: `${prefix}${field.value}${suffix}` } : field;
}

/** A statement synthesised from a SAM policy template, located at the template's name. */
function templateStatement(
  at: ScalarNode,
  actions: string[],
  resources: Field<string>[],
  conditions: PolicyStatement["conditions"] = [],
): PolicyStatement {
  return {
    node: at,
    effect: { value: "Allow", node: at },
    principals: [],
    notPrincipals: [],
    actions: actions.map((value) => ({ value, node: at })),
    notActions: [],
    resources,
    notResources: [],
    conditions,
  };
}

const OWN_ARN = "arn:${AWS::Partition}:{service}:${AWS::Region}:${AWS::AccountId}:";
const ownArn = (service: string): string => OWN_ARN.replace("{service}", service);

/**
 * The SAM policy templates that touch secrets, expanded as SAM defines them (`policy_templates.json`). A template
 * whose required parameter is missing is an error for SAM and yields nothing here. Other templates are ignored.
 */
const SAM_POLICY_TEMPLATES: Record<
  string,
  (at: ScalarNode, parameters: PNode | undefined, scope: TemplateScope) => PolicyStatement[]
> = {
  AWSSecretsManagerGetSecretValuePolicy: (at, parameters, scope) => {
    const secret = stringField(get(parameters, "SecretArn"), scope);
    return secret ? [templateStatement(at, ["secretsmanager:GetSecretValue"], [secret])] : [];
  },
  AWSSecretsManagerRotationPolicy: (at, parameters, scope) => {
    const name = stringField(get(parameters, "FunctionName"), scope);
    if (!name) return [];
    const rotation = templateStatement(
      at,
      [
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage",
      ],
      [{ value: `${ownArn("secretsmanager")}secret:*`, node: at }],
      [
        {
          operator: "StringEquals",
          key: "secretsmanager:resource/AllowRotationLambdaArn",
          values: [around(name, `${ownArn("lambda")}function:`)],
        },
      ],
    );
    return [rotation, templateStatement(at, ["secretsmanager:GetRandomPassword"], [{ value: "*", node: at }])];
  },
  KMSDecryptPolicy: (at, parameters, scope) => {
    const key = stringField(get(parameters, "KeyId"), scope);
    return key ? [templateStatement(at, ["kms:Decrypt"], [around(key, `${ownArn("kms")}key/`)])] : [];
  },
};

const isIntrinsic = (node: ObjectNode): boolean =>
  node.entries.length === 1 && /^(Fn::|Ref$)/.test((node.entries[0] as Entry).key.value);

/**
 * What SAM makes of an `AWS::Serverless::Function`'s `Policies` (a string, a policy document, a policy template, or a
 * list of these): unless the function sets `Role` (SAM then generates no role and ignores `Policies`), the role SAM
 * generates (`<FunctionId>Role`), with the managed policies named by strings and intrinsics, and one identity policy per
 * inline document or expanded policy template, attached to that role. `AssumeRolePolicyDocument` replaces the role's
 * default trust policy. The managed policies SAM adds on its own (`AWSLambdaBasicExecutionRole`, VPC, tracing) are
 * not written in the template and are not recorded.
 */
export const samFunctionPermissions: Builder = (base, properties, scope) => {
  if (stringField(get(properties, "Role"), scope)) return [];
  const roleId = `${base.resource}Role`;
  const role: IamPrincipal = {
    kind: "iam-principal",
    ...base,
    resource: roleId,
    principalType: "role",
    managedPolicies: [],
    groups: [],
  };
  const owner: Attachment = { principalType: "role", value: referenceField(roleId, base.node) };
  const policies: PolicyDocument[] = [];
  const attach = (document: PNode, statements?: PolicyStatement[]): void => {
    const policy = statements
      ? ({
          kind: "policy",
          ...base,
          policyType: "identity",
          attachedTo: [],
          documentNode: document,
          statements,
        } satisfies PolicyDocument)
      : policyDocument(base, "identity", document, scope);
    policy.attachedTo = [owner];
    policy.inlineIn = "function";
    policies.push(policy);
  };
  const list = get(properties, "Policies");
  for (const item of list?.kind === "array" ? list.items : list ? [list] : []) {
    if (item.kind === "array") continue;
    if (item.kind === "scalar" || isIntrinsic(item)) {
      // A managed policy: its name (`SecretsManagerReadWrite`) or ARN, literally or through an intrinsic.
      const field = stringField(item, scope);
      if (field) role.managedPolicies.push(field);
    } else if (get(item, "Statement") !== undefined) {
      attach(item);
    } else if (item.entries.length === 1) {
      const { key, value } = item.entries[0] as Entry;
      const expand = Object.hasOwn(SAM_POLICY_TEMPLATES, key.value) ? SAM_POLICY_TEMPLATES[key.value] : undefined;
      const statements = expand?.(key, value, scope) ?? [];
      if (statements.length > 0) attach(item, statements);
    }
  }
  return [
    role,
    ...policies,
    ...trustPolicy(base, get(properties, "AssumeRolePolicyDocument"), referenceField(roleId, base.node), scope),
  ];
};

/** Builders of the IAM, resource-policy and Lambda-permission resource types, by CloudFormation type. */
export const IAM_BUILDERS: Record<string, Builder> = {
  "AWS::IAM::Policy": identityPolicy([
    ["Roles", "role"],
    ["Users", "user"],
    ["Groups", "group"],
  ]),
  "AWS::IAM::ManagedPolicy": identityPolicy([
    ["Roles", "role"],
    ["Users", "user"],
    ["Groups", "group"],
  ]),
  "AWS::IAM::RolePolicy": identityPolicy([["RoleName", "role"]]),
  "AWS::IAM::UserPolicy": identityPolicy([["UserName", "user"]]),
  "AWS::IAM::GroupPolicy": identityPolicy([["GroupName", "group"]]),
  "AWS::IAM::Role": principal("role", "RoleName"),
  "AWS::IAM::User": principal("user", "UserName"),
  "AWS::IAM::Group": principal("group", "GroupName"),
  "AWS::S3::BucketPolicy": resourcePolicy("PolicyDocument", "Bucket"),
  "AWS::SQS::QueuePolicy": resourcePolicy("PolicyDocument", "Queues"),
  "AWS::SQS::QueueInlinePolicy": resourcePolicy("PolicyDocument", "Queue"),
  "AWS::SNS::TopicPolicy": resourcePolicy("PolicyDocument", "Topics"),
  "AWS::SNS::TopicInlinePolicy": resourcePolicy("PolicyDocument", "TopicArn"),
  "AWS::ECR::Repository": resourcePolicy("RepositoryPolicyText"),
  "AWS::Lambda::Permission": lambdaPermission,
};

/**
 * Records `AWS::IAM::UserToGroupAddition` on the users it adds: each user of `Users` defined in the same template (a
 * Reference to its logical ID, or its literal `UserName`) gets the addition's `GroupName` field in its `groups`.
 */
export function linkGroupMemberships(entities: Entity[], resources: PNode | undefined, scope: TemplateScope): void {
  if (resources?.kind !== "object") return;
  const users = entities.filter((e): e is IamPrincipal => e.kind === "iam-principal" && e.principalType === "user");
  if (users.length === 0) return;
  for (const { value } of resources.entries) {
    if (stringValue(get(value, "Type")) !== "AWS::IAM::UserToGroupAddition") continue;
    const properties = get(value, "Properties");
    const group = stringField(get(properties, "GroupName"), scope);
    if (!group) continue;
    for (const named of listFields(get(properties, "Users"), scope)) {
      const target = named.value;
      const text = literal(named);
      const user = users.find((u) =>
        isReference(target) ? u.resource === target.target : text !== undefined && literal(u.name) === text,
      );
      if (user) user.groups.push(group);
    }
  }
}

/**
 * A Lambda permission (`AWS::Lambda::Permission`, `aws_lambda_permission`) is one statement of the function's
 * resource policy, written as properties. Both platforms read their own spellings into `LambdaPermissionFields`; the
 * statement is built here once.
 */
import {
  literal,
  type Field,
  type PolicyDocument,
  type PolicyPrincipal,
  type PolicyStatement,
} from "../model/entities.js";
import type { PNode } from "../core/positioned.js";

/** What a Lambda permission says, each field at its own node; conditions already keyed by their IAM condition keys. */
export interface LambdaPermissionFields {
  functionName: Field<string> | undefined;
  action: Field<string> | undefined;
  principal: Field<string> | undefined;
  conditions: { operator: string; key: string; value: Field<string> }[];
}

/** The IAM condition each permission setting becomes, in the order the statement lists them. */
export const LAMBDA_PERMISSION_CONDITIONS = {
  sourceAccount: ["StringEquals", "aws:SourceAccount"],
  sourceArn: ["ArnLike", "aws:SourceArn"],
  principalOrgId: ["StringEquals", "aws:PrincipalOrgID"],
  eventSourceToken: ["StringEquals", "lambda:EventSourceToken"],
  functionUrlAuthType: ["StringEquals", "lambda:FunctionUrlAuthType"],
  invokedViaFunctionUrl: ["Bool", "lambda:InvokedViaFunctionUrl"],
} as const satisfies Record<string, readonly [operator: string, key: string]>;

export type LambdaPermissionSetting = keyof typeof LAMBDA_PERMISSION_CONDITIONS;

const SERVICE_PRINCIPAL = /\.(amazonaws\.com(\.cn)?|\$\{AWS::URLSuffix\})$/i;

/** The permission's principal is one string: `*`, a service (`s3.amazonaws.com`), or an account id or principal ARN. */
function principalOf(value: Field<string>): PolicyPrincipal {
  const text = literal(value)?.trim();
  if (text === "*") return { type: "*", value };
  return { type: text !== undefined && SERVICE_PRINCIPAL.test(text) ? "Service" : "AWS", value };
}

/**
 * The resource policy with one Allow statement whose node (and the document's) is the permission's `node`, and whose
 * elements are the settings' own nodes. Its target, and its resource, is the function.
 */
export function lambdaPermissionPolicy<
  B extends Omit<PolicyDocument, "kind" | "policyType" | "attachedTo" | "documentNode" | "statements">,
>(base: B, node: PNode, fields: LambdaPermissionFields): PolicyDocument {
  const { functionName, action, principal } = fields;
  const statement: PolicyStatement = {
    node,
    effect: { value: "Allow", node },
    principals: principal ? [principalOf(principal)] : [],
    notPrincipals: [],
    actions: action ? [action] : [],
    notActions: [],
    resources: functionName ? [functionName] : [],
    notResources: [],
    conditions: fields.conditions.map(({ operator, key, value }) => ({ operator, key, values: [value] })),
  };
  const policy: PolicyDocument = {
    kind: "policy",
    ...base,
    policyType: "resource-policy",
    attachedTo: [],
    documentNode: node,
    statements: [statement],
  };
  if (functionName) policy.target = functionName;
  return policy;
}

/** The conditions of the settings a platform read, each under its IAM condition key, in the table's order. */
export function lambdaPermissionConditions(
  read: (setting: LambdaPermissionSetting) => Field<string> | undefined,
): LambdaPermissionFields["conditions"] {
  return (Object.keys(LAMBDA_PERMISSION_CONDITIONS) as LambdaPermissionSetting[]).flatMap((setting) => {
    const value = read(setting);
    const [operator, key] = LAMBDA_PERMISSION_CONDITIONS[setting];
    return value ? [{ operator, key, value }] : [];
  });
}

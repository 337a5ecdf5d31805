import { isReference, isUnresolved, type ComputeEnvironment, type EnvironmentVariable } from "../../model/entities.js";
import type { Project } from "../../model/project.js";
import { dynamicReferences } from "../../knowledge/dynamic-references.js";
import { isPlaceholder } from "../../knowledge/placeholders.js";
import { isSecretLikeName, namesSecretAttribute } from "../../knowledge/secret-names.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

/** Whether a template parameter carries a secret: it has NoEcho, or its name says so. */
function isSecretParameter(project: Project, unit: string, name: string): boolean {
  const entity = project.resolve(unit, name);
  if (entity?.kind !== "parameter") return false;
  if (entity.hidden?.value === true) return true;
  return isSecretLikeName(name);
}

type Verdict = { messageId: "literal" | "parameter" | "secretsManager" | "ssmSecure"; parameter?: string };

/** What makes the variable's value a secret in the function's configuration, if anything. */
function classify(
  project: Project,
  environment: ComputeEnvironment,
  variable: EnvironmentVariable,
): Verdict | undefined {
  const { value, parameter } = variable.value;
  // A reference to another resource (`!Ref MySecret` is the secret's ARN) or an import: not a secret value.
  if (isReference(value)) return undefined;
  if (!isUnresolved(value)) {
    const references = dynamicReferences(String(value));
    if (references.some((r) => r.service === "secretsmanager")) return { messageId: "secretsManager" };
    if (references.some((r) => r.service === "ssm-secure")) return { messageId: "ssmSecure" };
    if (references.length > 0) return undefined;
  }
  if (parameter !== undefined) {
    // The variable's name can say it is a secret too, unless the parameter's own name says it is only about one.
    const secretByName = isSecretLikeName(variable.name) && !namesSecretAttribute(parameter);
    return isSecretParameter(project, environment.unit, parameter) || secretByName
      ? { messageId: "parameter", parameter }
      : undefined;
  }
  if (isUnresolved(value)) return undefined;
  const text = String(value);
  // `!Sub "postgres://app:${DbPassword}@host/db"`: a secret parameter spliced into a larger value.
  for (const [, name] of text.matchAll(/\$\{([^}!.:]+)\}/g)) {
    if (name && isSecretParameter(project, environment.unit, name)) return { messageId: "parameter", parameter: name };
  }
  if (text.includes("${")) return undefined;
  return isSecretLikeName(variable.name) && !isPlaceholder(text) ? { messageId: "literal" } : undefined;
}

const HOW =
  "pass the secret's ARN or name instead and read the value at run time with the AWS Parameters and Secrets Lambda Extension or the SDK.";

export default defineRule({
  meta: {
    id: "lambda-env-secret",
    title: "Secret in a Lambda function's environment variables",
    severity: "warning",
    securitySeverity: 6.5,
    // SARIF precision from measured false positives (ACCURACY.md): a name heuristic; IaC corpus 0 of 8 negatives reported, real repositories 1/1 sampled true.
    precision: "high",
    appliesTo: INFRASTRUCTURE,
    entities: ["environment", "parameter"],
    messages: {
      literal:
        "Environment variable {{variable}} of {{label}} holds a secret written into the function's configuration, where it is " +
        `readable in plain text by anyone allowed lambda:GetFunctionConfiguration and in the console; ${HOW}`,
      parameter:
        "Environment variable {{variable}} of {{label}} is set from secret {{parameter}}, which puts the secret in " +
        `the function's configuration, readable in plain text by anyone allowed lambda:GetFunctionConfiguration and in the console; ${HOW}`,
      secretsManager:
        "Environment variable {{variable}} of {{label}} is set from a Secrets Manager dynamic reference, which {{platform}} " +
        "resolves into the function's configuration, readable in plain text by anyone allowed lambda:GetFunctionConfiguration " +
        `and in the console; ${HOW}`,
      ssmSecure:
        "Environment variable {{variable}} of {{label}} is set from an SSM SecureString dynamic reference, which {{platform}} " +
        "does not accept in Lambda environment variables (the deployment fails) and which would put the secret in the " +
        `function's plaintext configuration; ${HOW}`,
    },
    related: {
      checkov: ["CKV_AWS_45"],
      kics: ["2564172f-c92b-4261-9acd-464aed511696", "1402afd8-a95c-4e84-8b0b-6fb43758e6ce"],
    },
    tags: ["CWE-526"],
    docs: {
      description:
        "A Lambda function's environment variables are part of its configuration: anyone allowed " +
        "`lambda:GetFunctionConfiguration` (many read-only roles are), and anyone who opens the function in the console, " +
        "reads them in plain text, and they are copied into every version of the function. A secret placed there, whether " +
        "written in the template, passed as a parameter or resolved by the deployment from Secrets Manager, leaks to all of " +
        "them and does not follow rotation.",
      remediation:
        "Put the secret's ARN or name in the environment (`DB_SECRET_ARN: !Ref DbSecret`), grant the function " +
        "`secretsmanager:GetSecretValue` on that secret, and read the value at run time with the AWS Parameters and Secrets " +
        "Lambda Extension or the SDK (cache it for a few minutes so that rotation is picked up).",
    },
  },
  create(context) {
    return {
      environment(environment) {
        if (environment.compute !== "lambda") return;
        for (const variable of environment.variables) {
          const found = classify(context.project, environment, variable);
          if (!found) continue;
          context.report({
            node: variable.value.node,
            entity: environment,
            messageId: found.messageId,
            data: {
              variable: variable.name,
              label: environment.label,
              platform: context.words(environment).platform,
              // A parameter of a template, a variable of a configuration: the platform's word for an input.
              ...(found.parameter ? { parameter: `${context.words(environment).input} ${found.parameter}` } : {}),
            },
          });
        }
      },
    };
  },
});

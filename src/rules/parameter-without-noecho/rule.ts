import { literal, type Parameter } from "../../model/entities.js";
import type { Project } from "../../model/project.js";
import { isPlaceholder } from "../../knowledge/placeholders.js";
import { isSecretLikeName, namesSecretAttribute } from "../../knowledge/secret-names.js";
import { describesSecret } from "../../knowledge/secret-descriptions.js";
import { defineRule } from "../define.js";

/**
 * Parameter types whose value is a string the deployer types in. `Number` and `List<Number>` are left out: a number
 * with a secret-like name is a setting (`TokenDuration`, `SecretVersionCount`), not a secret. AWS-specific types
 * (`AWS::EC2::KeyPair::KeyName`, `AWS::SSM::Parameter::Value<...>`) carry a name or an id, never the secret itself.
 */
const TEXT_TYPES = new Set(["String", "CommaDelimitedList"]);
/** Terraform variable types that can hold a secret as text; `any` is what an untyped variable gets. */
const TERRAFORM_TEXT_TYPES = new Set(["string", "any", "list(string)"]);

/** Why the parameter holds a secret, for the message; undefined when nothing says it does. */
function secretReason(parameter: Parameter, project: Project): string | undefined {
  if (isSecretLikeName(parameter.resource)) return "is named like a secret";
  const description = literal(parameter.description);
  if (description !== undefined && !namesSecretAttribute(parameter.resource) && describesSecret(description)) {
    return `is described as a secret ("${shorten(description)}")`;
  }
  return usage(parameter, project);
}

/** A credential property or a secret-like environment variable of the same template that takes the parameter. */
function usage(parameter: Parameter, project: Project): string | undefined {
  const sameParameter = (unit: string, name: string | undefined) => unit === parameter.unit && name === parameter.resource;
  const property = project.all("credential-property").find((p) => sameParameter(p.unit, p.value.parameter));
  if (property) return `is used as ${property.property} of ${property.resource}`;
  for (const environment of project.all("environment")) {
    const variable = environment.variables.find((v) => sameParameter(environment.unit, v.value.parameter) && isSecretLikeName(v.name));
    if (variable) return `is passed to environment variable ${variable.name} of ${environment.label}`;
  }
  return undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

export default defineRule({
  meta: {
    id: "parameter-without-noecho",
    title: "Secret template parameter without NoEcho",
    severity: "warning",
    securitySeverity: 5.0,
    appliesTo: ["cloudformation", "terraform"],
    messages: {
      variableMissing:
        "Variable {{name}} {{why}} but is not sensitive = true, so Terraform prints its value in plan and apply output " +
        "and in CI logs.",
      variableDisabled:
        "Variable {{name}} {{why}} but sets sensitive = false, so Terraform prints its value in plan and apply output " +
        "and in CI logs.",
      variableDefault:
        "Variable {{name}} is sensitive and has a default: sensitive hides the value in Terraform's output only, while the " +
        "default stays in plain text in the configuration for anyone who reads the repository.",
      missing:
        "Parameter {{name}} {{why}} but has no NoEcho: true, so CloudFormation shows its value in plain text in the console " +
        "and in DescribeStacks, DescribeStackEvents and DescribeChangeSet responses.",
      disabled:
        "Parameter {{name}} {{why}} but sets NoEcho to false, so CloudFormation shows its value in plain text in the console " +
        "and in DescribeStacks, DescribeStackEvents and DescribeChangeSet responses.",
      default:
        "Parameter {{name}} has NoEcho: true and a Default: NoEcho masks only what the API returns, while the default stays " +
        "in plain text in the template, for anyone who reads the repository or calls GetTemplate on the stack or a change set.",
    },
    related: { cfnLint: ["W2501"], cfnNag: ["F23", "F34", "F35", "F70"] },
    tags: ["CWE-200"],
    docs: {
      description:
        "CloudFormation returns a parameter's value in plain text to anyone who may describe the stack, its events or its " +
        "change sets, and shows it in the console, unless the parameter has `NoEcho: true`. A parameter that carries a " +
        "password, token or key without NoEcho leaks that secret to every reader of the stack.",
      remediation:
        "Set `NoEcho: true` on the parameter and remove its `Default`. Better, do not pass the secret as a parameter at all: " +
        "store it in Secrets Manager and use a `{{resolve:secretsmanager:...}}` dynamic reference, or let the service manage " +
        "it (`ManageMasterUserPassword: true` for RDS).",
    },
  },
  create(context) {
    return {
      parameter(parameter) {
        const terraform = parameter.platform === "terraform";
        const type = parameter.parameterType ? literal(parameter.parameterType) : terraform ? "any" : "String";
        if (type === undefined || !(terraform ? TERRAFORM_TEXT_TYPES : TEXT_TYPES).has(type)) return;
        // Terraform's `sensitive` plays the part of CloudFormation's `NoEcho`; the messages say which one.
        const ids = terraform
          ? ({ missing: "variableMissing", disabled: "variableDisabled", default: "variableDefault" } as const)
          : ({ missing: "missing", disabled: "disabled", default: "default" } as const);
        const name = parameter.resource;
        const noEcho = parameter.noEcho ? literal(parameter.noEcho) : false;
        if (noEcho === true) {
          // The author declared the value secret: a real default defeats that, whatever the parameter's name.
          const fallback = literal(parameter.default);
          if (parameter.default && fallback !== undefined && !isPlaceholder(fallback)) {
            context.report({ node: parameter.default.node, entity: parameter, messageId: ids.default, data: { name } });
          }
          return;
        }
        // An unresolved NoEcho (e.g. `NoEcho: yes`) is not guessed either way.
        if (noEcho === undefined) return;
        const why = secretReason(parameter, context.project);
        if (why === undefined) return;
        if (parameter.noEcho) context.report({ node: parameter.noEcho.node, entity: parameter, messageId: ids.disabled, data: { name, why } });
        else context.report({ node: parameter.node, entity: parameter, messageId: ids.missing, data: { name, why } });
      },
    };
  },
});

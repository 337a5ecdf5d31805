import { literal, type Parameter } from "../../model/entities.js";
import type { Project } from "../../model/project.js";
import { isPlaceholder } from "../../knowledge/placeholders.js";
import { isSecretLikeName, namesSecretAttribute } from "../../knowledge/secret-names.js";
import { describesSecret } from "../../knowledge/secret-descriptions.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

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
  const sameParameter = (unit: string, name: string | undefined) =>
    unit === parameter.unit && name === parameter.resource;
  const property = project.all("credential-property").find((p) => sameParameter(p.unit, p.value.parameter));
  if (property) return `is used as ${property.property} of ${property.resource}`;
  for (const environment of project.all("environment")) {
    const variable = environment.variables.find(
      (v) => sameParameter(environment.unit, v.value.parameter) && isSecretLikeName(v.name),
    );
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
    // SARIF precision from measured false positives (ACCURACY.md): a name heuristic; real repositories 3/3 sampled true.
    precision: "high",
    appliesTo: INFRASTRUCTURE,
    entities: ["parameter", "credential-property", "environment"],
    messages: {
      missing: "{{Input}} {{name}} {{why}} but {{missingHidden}}, so {{exposure}}.",
      disabled: "{{Input}} {{name}} {{why}} but {{disabledHidden}}, so {{exposure}}.",
      default: "{{Input}} {{name}} {{withDefault}}.",
    },
    related: { cfnLint: ["W2501"], cfnNag: ["F23", "F34", "F35", "F70"] },
    tags: ["CWE-200"],
    docs: {
      description:
        "A stack returns a template parameter's value in plain text to anyone who may describe the stack, its events or its " +
        "change sets, and shows it in the console, unless the parameter has `NoEcho: true` (a variable prints in plan " +
        "output unless it is `sensitive`). A parameter that carries a " +
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
        // Numbers and names of other things (a key pair, an SSM parameter) are no secret text; an unknown type is not guessed.
        if (parameter.takesText !== true) return;
        const words = context.words(parameter);
        const say = {
          Input: words.Input,
          name: parameter.resource,
          missingHidden: words.hiddenInput.missing,
          disabledHidden: words.hiddenInput.disabled,
          exposure: words.hiddenInput.exposure,
        };
        const hidden = parameter.hidden ? literal(parameter.hidden) : false;
        if (hidden === true) {
          // The author declared the value secret: a real default defeats that, whatever the parameter's name.
          const fallback = literal(parameter.default);
          if (parameter.default && fallback !== undefined && !isPlaceholder(fallback)) {
            const data = { Input: words.Input, name: parameter.resource, withDefault: words.hiddenInput.withDefault };
            context.report({ node: parameter.default.node, entity: parameter, messageId: "default", data });
          }
          return;
        }
        // An unresolved flag (e.g. `NoEcho: yes`) is not guessed either way.
        if (hidden === undefined) return;
        const why = secretReason(parameter, context.project);
        if (why === undefined) return;
        if (parameter.hidden)
          context.report({
            node: parameter.hidden.node,
            entity: parameter,
            messageId: "disabled",
            data: { ...say, why },
          });
        else context.report({ node: parameter.node, entity: parameter, messageId: "missing", data: { ...say, why } });
      },
    };
  },
});

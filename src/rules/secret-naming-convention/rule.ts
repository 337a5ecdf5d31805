import { literal } from "../../model/entities.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";
import { compileUserPattern, userPatternProblem } from "../../knowledge/user-pattern.js";

export const DEFAULT_ENVIRONMENTS = [
  "dev",
  "test",
  "qa",
  "stage",
  "staging",
  "prod",
  "production",
  "sandbox",
  "shared",
];

/** The characters Secrets Manager allows in a name, minus `/`, which separates the segments. */
const SEGMENT = /^[A-Za-z0-9._+=@-]+$/;

const SHAPE = "environment/service[/component]/name";

/** Why the `pattern` option is not a usable regular expression, if it is not. */
function patternProblem(options: Record<string, unknown>): string | undefined {
  if (typeof options.pattern !== "string") return undefined;
  const problem = userPatternProblem(options.pattern);
  return problem === undefined ? undefined : `"pattern" is not a valid regular expression (${problem})`;
}

type Verdict =
  | { ok: true }
  | { ok: false; messageId: "shape" }
  | { ok: false; messageId: "environment"; environment: string };

/** The default convention: optional leading `/`, an environment, then two or three more segments. */
function checkDefault(name: string, environments: readonly string[]): Verdict {
  const segments = name.replace(/^\//, "").split("/");
  if (segments.length < 3 || segments.length > 4 || !segments.every((s) => SEGMENT.test(s)))
    return { ok: false, messageId: "shape" };
  const environment = segments[0] as string;
  if (!environments.some((e) => e.toLowerCase() === environment.toLowerCase()))
    return { ok: false, messageId: "environment", environment };
  return { ok: true };
}

export default defineRule({
  meta: {
    id: "secret-naming-convention",
    title: "Secret name does not follow the naming convention",
    severity: "note",
    securitySeverity: 1.0,
    // SARIF precision from measured false positives (ACCURACY.md): a name compared with the configured pattern.
    precision: "very-high",
    appliesTo: INFRASTRUCTURE,
    entities: ["secret"],
    messages: {
      shape:
        `Secret {{secret}} is named {{name}}{{via}}, which does not follow the naming convention ${SHAPE} (for example ` +
        "prod/orders/db) that lets IAM policies grant access by name prefix.",
      environment:
        "Secret {{secret}} is named {{name}}{{via}}, whose first segment {{environment}} is not one of the environments " +
        `{{environments}}; the naming convention ${SHAPE} lets IAM policies grant access by name prefix.`,
      pattern:
        "Secret {{secret}} is named {{name}}{{via}}, which does not match the project's naming convention {{pattern}}.",
    },
    tags: ["maintainability"],
    docs: {
      description:
        "Secret names that follow one hierarchical convention (environment/service[/component]/name) let IAM policies, " +
        "resource policies and audit queries select secrets by prefix (`secret:prod/orders/*`), keep environments apart, " +
        "and tell at a glance who owns a secret. A name outside the convention needs a policy of its own, or ends up " +
        "covered by a wildcard that grants more than it should.",
      remediation:
        "Rename the secret to environment/service[/component]/name, e.g. `prod/orders/db`. Renaming replaces the secret: " +
        "copy its value and update its readers first. Set the rule's `pattern` option if your convention differs, or " +
        "`environments` to your own list of environments.",
    },
  },
  options: {
    schema: {
      type: "object",
      properties: {
        pattern: {
          type: "string",
          minLength: 1,
          description:
            "A regular expression (RE2 syntax: JavaScript's without back-references or look-around) every secret name must match as a whole; replaces the default convention.",
        },
        environments: {
          type: "array",
          items: { type: "string", pattern: "^[A-Za-z0-9._+=@-]+$" },
          minItems: 1,
          uniqueItems: true,
          description: "The first segments the default convention accepts (compared without regard to case).",
        },
      },
    },
    defaults: { environments: DEFAULT_ENVIRONMENTS },
    validate: patternProblem,
  },
  create(context) {
    const pattern = typeof context.options.pattern === "string" ? context.options.pattern : undefined;
    // RE2 (linear time: a pattern like `(a+)+b` cannot hang the scan); `loadConfig` has already checked that it compiles.
    const regex = pattern !== undefined ? compileUserPattern(pattern) : undefined;
    const environments = Array.isArray(context.options.environments)
      ? (context.options.environments as string[])
      : DEFAULT_ENVIRONMENTS;
    return {
      secret(secret) {
        const name = literal(secret.name);
        // No name (the deployment generates one), or a name that depends on values only known at deploy time.
        if (!secret.name || name === undefined || name.includes("${")) return;
        const data = { secret: secret.resource, name, via: secret.name.via ? ` (${secret.name.via})` : "" };
        const report = { node: secret.name.node, entity: secret };
        if (regex) {
          if (!regex.matchesWhole(name))
            context.report({ ...report, messageId: "pattern", data: { ...data, pattern: pattern as string } });
          return;
        }
        const verdict = checkDefault(name, environments);
        if (verdict.ok) return;
        if (verdict.messageId === "shape") context.report({ ...report, messageId: "shape", data });
        else
          context.report({
            ...report,
            messageId: "environment",
            data: { ...data, environment: verdict.environment, environments: environments.join(", ") },
          });
      },
    };
  },
});

import { isReference, isUnresolved, literal, type Database, type Field } from "../../model/entities.js";
import { dynamicReferences } from "../../knowledge/dynamic-references.js";
import type { Dialect } from "../../model/dialect.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

/** What the password property is set from, in words for the message; undefined when it is fine or cannot be known. */
function passwordSource(words: Dialect, field: Field<string>): string | undefined {
  const value = field.value;
  if (isUnresolved(value) && field.origin?.kind === "generated") {
    return `a generated value (${value.expression}), which ${words.platform} keeps in plain text in its state`;
  }
  if (isUnresolved(value)) return field.parameter ? `${words.input} ${field.parameter}` : undefined;
  // `!GetAtt Custom.Password`, `!Ref SomeResource`: produced by another resource; not judged here.
  if (isReference(value)) return undefined;
  const text = String(value);
  const references = dynamicReferences(text);
  if (references.some((r) => r.service === "secretsmanager")) return undefined;
  if (field.parameter) return `${words.input} ${field.parameter}, whose default is written in ${words.source}`;
  if (references.some((r) => r.service === "ssm-secure")) return "an SSM SecureString dynamic reference";
  if (references.length > 0) return "a plain SSM parameter dynamic reference";
  if (/\$\{[^}]*\}/.test(text)) return words.builtValue;
  return "a literal value";
}

/**
 * Whether the property certainly sets a password: not a condition that may remove it, not another resource's output
 * (a value a resource of the project generates does set it).
 */
function hasValue(field: Field<string>): boolean {
  if (isReference(field.value)) return false;
  return !isUnresolved(field.value) || field.parameter !== undefined || field.origin?.kind === "generated";
}

export default defineRule({
  meta: {
    id: "database-password-unmanaged",
    title: "Database master password not managed by Secrets Manager",
    severity: "warning",
    securitySeverity: 6.0,
    // SARIF precision from measured false positives (ACCURACY.md): IaC corpus: 6/6 found, 0 of 6 negatives reported.
    precision: "very-high",
    appliesTo: INFRASTRUCTURE,
    entities: ["database"],
    messages: {
      unmanaged:
        "{{engine}} {{name}} sets {{property}} from {{source}}, so the master password is not kept in Secrets Manager and " +
        "never rotates; set {{managed}}: true to let the service create, store and rotate it, {{alternative}}.",
      unmanagedNoFlag:
        "{{engine}} {{name}} sets {{property}} from {{source}}, so the master password is not kept in Secrets Manager and " +
        "never rotates; {{instead}}.",
      conflict:
        "{{engine}} {{name}} sets {{property}} although {{managed}} is true, a combination the service rejects; remove " +
        "{{property}} and let Secrets Manager own the password.",
    },
    related: {
      cfnNag: ["F23", "F34", "F35", "F70"],
      kics: ["39423ce4-9011-46cd-b6b1-009edcd9385d"],
      cfnLint: ["W2501"],
    },
    tags: ["CWE-522"],
    docs: {
      description:
        "A database master password written in the template, passed as a parameter or read from an SSM SecureString goes " +
        "through the template, the deployer's shell or pipeline and the parameter store, and nothing ever rotates it. When " +
        "RDS, Aurora, Redshift or DocumentDB manage the master password, it is generated, kept in Secrets Manager and " +
        "rotated, and no person or pipeline ever sees it.",
      remediation:
        "Remove the password property and set `ManageMasterUserPassword: true` (`ManageMasterPassword` for Redshift, " +
        "`ManageAdminPassword` for Redshift Serverless); applications read the secret from `MasterUserSecret.SecretArn`. " +
        "Where the engine has no managed option (DocumentDB elastic), generate the password in an " +
        "Secrets Manager secret with a rotation schedule and use a `{{resolve:secretsmanager:...}}` dynamic reference.",
    },
  },
  create(context) {
    return {
      database(db: Database) {
        // Restored from a snapshot, a read replica, a member of a cluster: the password is not set here.
        if (db.passwordInheritedFrom !== undefined || !db.masterPassword) return;
        const name = db.resource;
        const property = db.masterPasswordProperty;
        const managedProperty = db.managedPasswordProperty;
        const base = { node: db.masterPassword.node, entity: db };
        if (managedProperty && literal(db.managedPassword) === true && hasValue(db.masterPassword)) {
          context.report({
            ...base,
            messageId: "conflict",
            data: { engine: db.engine, name, property, managed: managedProperty },
          });
          return;
        }
        const words = context.words(db);
        const source = passwordSource(words, db.masterPassword);
        if (source === undefined) return;
        // With a password set, the stack deploys only with the managed flag off: an unresolved flag is no excuse.
        if (managedProperty) {
          context.report({
            ...base,
            messageId: "unmanaged",
            data: {
              engine: db.engine,
              name,
              property,
              source,
              managed: managedProperty,
              alternative: words.secretsManagerAlternative,
            },
          });
        } else {
          const instead = words.secretsManagerInstead;
          context.report({
            ...base,
            messageId: "unmanagedNoFlag",
            data: { engine: db.engine, name, property, source, instead },
          });
        }
      },
    };
  },
});

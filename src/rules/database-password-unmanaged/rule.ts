import { isReference, isUnresolved, literal, type Database, type Field } from "../../model/entities.js";
import { dynamicReferences } from "../../knowledge/dynamic-references.js";
import { inputName } from "../../model/labels.js";
import { defineRule } from "../define.js";

/** What the password property is set from, in words for the message; undefined when it is fine or cannot be known. */
function passwordSource(db: Database, field: Field<string>): string | undefined {
  const input = inputName(db.platform);
  const value = field.value;
  if (isUnresolved(value) && isGenerated(value.expression)) {
    return `a generated value (${value.expression}), which Terraform keeps in plain text in its state`;
  }
  if (isUnresolved(value)) return field.parameter ? `${input} ${field.parameter}` : undefined;
  // `!GetAtt Custom.Password`, `!Ref SomeResource`: produced by another resource; not judged here.
  if (isReference(value)) return undefined;
  const text = String(value);
  const references = dynamicReferences(text);
  if (references.some((r) => r.service === "secretsmanager")) return undefined;
  if (field.parameter) return `${input} ${field.parameter}, whose default is written in the ${db.platform === "terraform" ? "configuration" : "template"}`;
  if (references.some((r) => r.service === "ssm-secure")) return "an SSM SecureString dynamic reference";
  if (references.length > 0) return "a plain SSM parameter dynamic reference";
  if (/\$\{[^}]*\}/.test(text)) return "a value built with Fn::Sub or Fn::Join";
  return "a literal value";
}

/** `random_password.db.result`: Terraform's random provider, whose results live in the state file. */
const isGenerated = (expression: string): boolean => /^random_\w+\.[\w-]+/.test(expression);

/** Whether the property certainly sets a password: not an `Fn::If` that may be `AWS::NoValue`, not another resource's output. */
function hasValue(field: Field<string>): boolean {
  if (isReference(field.value)) return false;
  return !isUnresolved(field.value) || field.parameter !== undefined || isGenerated(field.value.expression);
}

/** The platform's way to take the password from Secrets Manager instead, for the message. */
const alternative = (db: Database): string =>
  db.platform === "terraform"
    ? "or read it from an aws_secretsmanager_secret_version that a rotation schedule keeps current"
    : "or use a {{resolve:secretsmanager:...}} dynamic reference";

export default defineRule({
  meta: {
    id: "database-password-unmanaged",
    title: "Database master password not managed by Secrets Manager",
    severity: "warning",
    securitySeverity: 6.0,
    // SARIF precision from measured false positives (ACCURACY.md): IaC corpus: 6/6 found, 0 of 6 negatives reported.
    precision: "very-high",
    appliesTo: ["cloudformation", "terraform"],
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
    related: { cfnNag: ["F23", "F34", "F35", "F70"], kics: ["39423ce4-9011-46cd-b6b1-009edcd9385d"], cfnLint: ["W2501"] },
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
        "`AWS::SecretsManager::Secret` with a rotation schedule and use a `{{resolve:secretsmanager:...}}` dynamic reference.",
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
          context.report({ ...base, messageId: "conflict", data: { engine: db.engine, name, property, managed: managedProperty } });
          return;
        }
        const source = passwordSource(db, db.masterPassword);
        if (source === undefined) return;
        // With a password set, the stack deploys only with the managed flag off: an unresolved flag is no excuse.
        if (managedProperty) {
          context.report({ ...base, messageId: "unmanaged", data: { engine: db.engine, name, property, source, managed: managedProperty, alternative: alternative(db) } });
        } else {
          const instead =
            db.platform === "terraform"
              ? "read it from an aws_secretsmanager_secret_version of a secret with a rotation schedule"
              : "use a {{resolve:secretsmanager:...}} dynamic reference to a secret with a rotation schedule";
          context.report({ ...base, messageId: "unmanagedNoFlag", data: { engine: db.engine, name, property, source, instead } });
        }
      },
    };
  },
});

import type { Platform } from "../core/platform.js";

/**
 * The words a platform's users know, for rule messages: rules are written once over the neutral model and take
 * every platform-specific word from here (`context.words(entity)`), so a Terraform finding speaks Terraform and a
 * CloudFormation finding CloudFormation. Standalone policies and source files have no deployment tool of their own:
 * they get the template words, which is what their messages said before the dialects existed.
 */
export interface Dialect {
  /** The deployment tool, for "which {{platform}} resolves": `CloudFormation`, `Terraform`. */
  platform: string;
  /** What holds the declarations: `the template`, `the configuration`. */
  source: string;
  /** Who can read a value the tool also records in its state. */
  storedReaders: string;
  /** Who can read an environment variable's value. */
  environmentReaders: string;
  /** What a deployer passes values in: `parameter`, `variable`; capitalised for the start of a sentence. */
  input: string;
  Input: string;
  /** The input's default as the platform spells it: `Default`, `default`. */
  defaultName: string;
  /** How an entity of a resource is named in a sentence: `resource OrdersDb`, `aws_db_instance.orders`. */
  resourceLabel(resource: string): string;
  /** How a secret is named in a sentence: `secret OrdersSecret`, `aws_secretsmanager_secret_version.orders`. */
  secretLabel(resource: string): string;
  /** What to do with a secret input's hardcoded default. */
  defaultRemedy: string;
  /** What to do with a property whose value comes from an input's hardcoded default. */
  propertyDefaultRemedy: string;
  /** How to read a replacement kept in Secrets Manager, ending a sentence: `use a dynamic reference`. */
  readReplacement: string;
  /** What to do with a secret value written in the secret's own declaration. */
  secretStringRemedy: string;
  /** What to do with a hardcoded credential property. */
  propertyRemedy: string;
  /** The same for a database password whose managed-password flag (spelled `flag`) exists. */
  managedPasswordRemedy(flag: string): string;
  /** What to do with a credential of the tool's own configuration (a Terraform provider's keys). */
  toolCredentialRemedy: string;
  /** What an input that hides its value is, in a sentence: `has NoEcho: true`, `is sensitive`. */
  hiddenInput: { missing: string; disabled: string; exposure: string; withDefault: string };
  /** A note after a hidden input's hardcoded default. */
  hiddenDefaultNote: string;
  /** Where a database takes a managed secret instead of a written password, for two messages of database rules. */
  secretsManagerAlternative: string;
  secretsManagerInstead: string;
  /** A value assembled from parts the tool fills in at deployment. */
  builtValue: string;
  /** Where a plain SSM parameter's credential should go instead. */
  plainParameterRemedy: string;
  /** The property that sets a secret's recovery window. */
  recoveryWindowProperty: string;
  /** Property spellings that messages name: a secret's key, a secret policy's public-policy block, rotation settings. */
  kmsKeyProperty: string;
  blockPublicPolicyProperty: string;
  rotationDaysProperty: string;
  scheduleExpressionProperty: string;
  keyRotationProperty: string;
}

const cloudFormation: Dialect = {
  platform: "CloudFormation",
  source: "the template",
  storedReaders: "the template",
  environmentReaders: "the template or the resource's configuration",
  input: "parameter",
  Input: "Parameter",
  defaultName: "Default",
  resourceLabel: (resource) => `resource ${resource}`,
  secretLabel: (resource) => `secret ${resource}`,
  defaultRemedy: "Remove the Default and pass the value at deploy time, or use a Secrets Manager dynamic reference.",
  propertyDefaultRemedy:
    "Remove the default and pass the value at deploy time, or use a Secrets Manager dynamic reference.",
  readReplacement: "use a dynamic reference",
  secretStringRemedy: "Let GenerateSecretString create the value, or set it outside CloudFormation.",
  propertyRemedy: "Keep it in AWS Secrets Manager and use a dynamic reference.",
  managedPasswordRemedy: () => "Keep it in AWS Secrets Manager and use a dynamic reference.",
  toolCredentialRemedy: "Keep it in AWS Secrets Manager and use a dynamic reference.",
  hiddenInput: {
    missing: "has no NoEcho: true",
    disabled: "sets NoEcho to false",
    exposure:
      "CloudFormation shows its value in plain text in the console and in DescribeStacks, DescribeStackEvents and " +
      "DescribeChangeSet responses",
    withDefault:
      "has NoEcho: true and a Default: NoEcho masks only what the API returns, while the default stays in plain text in " +
      "the template, for anyone who reads the repository or calls GetTemplate on the stack or a change set",
  },
  hiddenDefaultNote: ", which NoEcho hides in the console but not in the template",
  secretsManagerAlternative: "or use a {{resolve:secretsmanager:...}} dynamic reference",
  secretsManagerInstead: "use a {{resolve:secretsmanager:...}} dynamic reference to a secret with a rotation schedule",
  builtValue: "a value built with Fn::Sub or Fn::Join",
  plainParameterRemedy: "Move it to AWS Secrets Manager (CloudFormation cannot create a SecureString parameter).",
  recoveryWindowProperty: "RecoveryWindowInDays",
  kmsKeyProperty: "KmsKeyId",
  blockPublicPolicyProperty: "BlockPublicPolicy",
  rotationDaysProperty: "AutomaticallyAfterDays",
  scheduleExpressionProperty: "ScheduleExpression",
  keyRotationProperty: "EnableKeyRotation",
};

const DATA_SOURCE = "read it with an aws_secretsmanager_secret_version data source";
const SENSITIVE_INPUT_REMEDY =
  "Remove the default and pass the value at apply time in a variable marked sensitive = true, or read it from Secrets Manager " +
  "with an aws_secretsmanager_secret_version data source.";

const terraform: Dialect = {
  platform: "Terraform",
  source: "the configuration",
  storedReaders: "the configuration or the Terraform state",
  environmentReaders: "the configuration, the Terraform state or the deployed resource's settings",
  input: "variable",
  Input: "Variable",
  defaultName: "default",
  resourceLabel: (resource) => resource,
  secretLabel: (resource) => resource,
  defaultRemedy: SENSITIVE_INPUT_REMEDY,
  propertyDefaultRemedy: SENSITIVE_INPUT_REMEDY,
  readReplacement: "read it with an aws_secretsmanager_secret_version data source or at run time",
  secretStringRemedy:
    "Set the value outside Terraform (the console, the CLI, a rotation function), so that neither the configuration nor the state holds it.",
  propertyRemedy: `Keep it in AWS Secrets Manager and ${DATA_SOURCE}, or pass it in a variable marked sensitive = true.`,
  managedPasswordRemedy: (flag) =>
    `Set ${flag} = true to let the service keep it in Secrets Manager, or ${DATA_SOURCE}.`,
  toolCredentialRemedy:
    "Revoke it and let the provider take credentials from its chain (environment, shared profile, assumed role) instead.",
  hiddenInput: {
    missing: "is not sensitive = true",
    disabled: "sets sensitive = false",
    exposure: "Terraform prints its value in plan and apply output and in CI logs",
    withDefault:
      "is sensitive and has a default: sensitive hides the value in Terraform's output only, while the default stays in " +
      "plain text in the configuration for anyone who reads the repository",
  },
  hiddenDefaultNote: ", which sensitive = true hides in Terraform's output but not in the configuration",
  secretsManagerAlternative:
    "or read it from an aws_secretsmanager_secret_version that a rotation schedule keeps current",
  secretsManagerInstead: "read it from an aws_secretsmanager_secret_version of a secret with a rotation schedule",
  builtValue: "a value built by interpolation",
  plainParameterRemedy: "Move it to AWS Secrets Manager, or at least make it a SecureString.",
  recoveryWindowProperty: "recovery_window_in_days",
  kmsKeyProperty: "kms_key_id",
  blockPublicPolicyProperty: "block_public_policy",
  rotationDaysProperty: "automatically_after_days",
  scheduleExpressionProperty: "schedule_expression",
  keyRotationProperty: "enable_key_rotation",
};

/** The dialect of a platform; standalone policies and source files get the template words. */
export function dialectOf(platform: Platform): Dialect {
  return platform === "terraform" ? terraform : cloudFormation;
}

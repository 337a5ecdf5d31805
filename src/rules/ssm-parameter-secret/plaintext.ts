/**
 * Whether a plain SSM parameter holds a credential: the judgement of ssm-parameter-secret, apart from its messages so
 * that hardcoded-credential can leave the same values to it without importing the rule.
 */
import { isReference, isUnresolved, literal, type SsmParameter } from "../../model/entities.js";
import type { Project } from "../../model/project.js";
import type { Dialect } from "../../model/dialect.js";
import type { PNode } from "../../core/positioned.js";
import { identifyCredential } from "../../knowledge/credential-patterns.js";
import type { Confidence } from "../../core/finding.js";
import { dynamicReferences } from "../../knowledge/dynamic-references.js";
import { mask } from "../../knowledge/mask.js";
import { isPlaceholder } from "../../knowledge/placeholders.js";
import { isSecretLikeName, namesSecretAttribute } from "../../knowledge/secret-names.js";
import { describesSecret } from "../../knowledge/secret-descriptions.js";

/** The parameter types Parameter Store keeps in plaintext. */
const PLAIN_TYPES = new Set(["String", "StringList"]);

/**
 * Values that name or locate something rather than being a secret: an ARN, a URL without credentials, a path (the
 * name of another parameter, a mounted file). The same test as hardcoded-credential's.
 */
function isLocator(value: string): boolean {
  // `${...}` parts left by a substitution or interpolation stand for a word of the name: `/cdk-bootstrap/${Qualifier}/version`.
  const text = value.replace(/\$\{[^}]*\}/g, "x");
  return (
    /^arn:[^:\s]+:[^:\s]*:/.test(text) ||
    /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(text) ||
    /^(\/[\w.@-]+){2,}\/?$/.test(text)
  );
}

/** A switch or a number: under a secret-like name (`/prod/orders/token-cache`), a setting rather than a secret. */
const isSetting = (value: string): boolean =>
  /^(true|false|yes|no|on|off|enabled|disabled)$/i.test(value) || /^\d+(\.\d+)?$/.test(value);

/** Attributes of a resource (`Queue.Arn`, `jobs.url`) that name or locate it. */
const LOCATOR_ATTRIBUTE =
  /(^|\.)(arn|id|name|url|uri|endpoint|address|port|host|hostname|dns_?name|key_?id|version_?id)$/i;

export type MessageId = "value" | "name" | "description" | "copied";

/** Why a plain parameter holds a credential, and what the message says about it. */
export interface PlaintextCredential {
  messageId: MessageId;
  /** Where it is reported: the value, else the type, else the resource. */
  node: PNode;
  data: Record<string, string>;
  /** For `value`: the credential's kind (`aws-access-key`...) and how sure the detector is of it. */
  kind?: string;
  confidence?: Confidence;
  /** For `name` and `description`: the text that says what the credential is, for the message's noun. */
  said?: string;
}

/**
 * The name a parameter goes by for the vocabulary: the last segment of its `Name` (`/prod/orders/db-password` ->
 * `db-password`), or, without a readable name, its logical ID or the last part of its address without a `Parameter`/`Param` suffix
 * (the resource type, not what it holds: `DbPasswordParameter` -> `DbPassword`).
 */
function nameForVocabulary(parameter: SsmParameter): string {
  const name = literal(parameter.name);
  if (name !== undefined && name.trim() !== "") {
    const segments = name.split("/").filter((s) => s !== "" && !/^\$\{[^}]*\}$/.test(s));
    return segments[segments.length - 1] ?? name;
  }
  // The last part of a dotted address (`ssm_parameter.db_password` -> `db_password`); a logical ID has no dot.
  const own = parameter.resource.split(".").pop() ?? parameter.resource;
  return own.replace(/[-_]?(ssm[-_]?)?(parameter|param)$/i, "") || own;
}

/** `OrdersDbPassword (/prod/orders/db-password)`: the resource, and the parameter's name when it is written. */
export function parameterLabel(parameter: SsmParameter): string {
  const name = literal(parameter.name);
  return name !== undefined && name !== parameter.resource ? `${parameter.resource} (${name})` : parameter.resource;
}

const shorten = (text: string): string => {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
};

/**
 * Whether a plain (`String`/`StringList`) SSM parameter holds a credential, and why; undefined when it does not or
 * cannot be known. Exported so that hardcoded-credential can leave to this rule the values it reports.
 */
export function plaintextCredential(
  parameter: SsmParameter,
  project: Project,
  words: Dialect,
): PlaintextCredential | undefined {
  const type = literal(parameter.parameterType);
  if (type === undefined || !PLAIN_TYPES.has(type)) return undefined;
  // `aws:ec2:image` holds an AMI id, `aws:ssm:integration` a webhook configuration: their data type says what they are.
  const dataType = literal(parameter.dataType);
  if (dataType !== undefined && dataType !== "text") return undefined;

  const node = parameter.value?.node ?? parameter.parameterType?.node ?? parameter.node;
  const base = {
    parameter: parameterLabel(parameter),
    type,
    source: words.source,
    remedy: words.plainParameterRemedy,
  };
  const value = parameter.value?.value;
  let held = "";

  if (isReference(value)) {
    // A resource's ARN, id, URL or endpoint names it; any attribute of a resource the model knows (a secret, a key,
    // a role...) is such a name too, never its secret.
    if (
      project.resolve(parameter.unit, value.target) ||
      (value.attribute !== undefined && LOCATOR_ATTRIBUTE.test(value.attribute))
    )
      return undefined;
  } else if (typeof value === "string" && !isUnresolved(value)) {
    const text = value.trim();
    const copied = dynamicReferences(text).find((r) => r.service !== "ssm");
    if (copied) {
      // `{{resolve:secretsmanager:<name or ARN>:SecretString:<key>...}}`: an ARN has seven colon-separated parts.
      const parts = copied.reference.split(":");
      const secret = parts.slice(0, parts[0] === "arn" ? 7 : 1).join(":");
      const store = copied.service === "secretsmanager" ? "secret" : "SecureString parameter";
      return { messageId: "copied", node, data: { ...base, store, secret } };
    }
    const found = text.includes("{{resolve:")
      ? undefined
      : identifyCredential(text, { name: nameForVocabulary(parameter) });
    if (found) {
      return {
        messageId: "value",
        node,
        kind: found.kind,
        confidence: found.confidence,
        data: {
          ...base,
          what: found.encoded ? `base64-encoded ${found.description}` : found.description,
          masked: mask(found.value),
        },
      };
    }
    if (isLocator(text) || isSetting(text)) return undefined;
    // A placeholder is set for real outside the template, in the same plaintext parameter: the name still tells.
    if (!isPlaceholder(text) && !text.includes("${") && dynamicReferences(text).length === 0)
      held = ` and its value is written in the template (${mask(text)})`;
  }

  const name = nameForVocabulary(parameter);
  if (isSecretLikeName(name)) return { messageId: "name", node, said: name, data: { ...base, held } };
  const description = literal(parameter.description);
  // A description that is PEM armour rather than prose (a pasted key or certificate) says nothing about the value.
  if (
    description !== undefined &&
    !/-----BEGIN /.test(description) &&
    !namesSecretAttribute(name) &&
    describesSecret(description)
  ) {
    return {
      messageId: "description",
      node,
      said: description,
      data: { ...base, description: shorten(description), held },
    };
  }
  return undefined;
}

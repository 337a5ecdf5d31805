// Over 500 lines: issue 17 moves its platform facts to parsers and knowledge; split what is left after that.
import { isReference, isUnresolved, literal, type CredentialProperty, type Field } from "../../model/entities.js";
import { INFRASTRUCTURE, type Platform } from "../../core/platform.js";
import { valueOffsets, type PNode, type ScalarNode } from "../../core/positioned.js";
import {
  findCredentials,
  detector,
  identifyCredential,
  isAwsSecretKeyName,
} from "../../knowledge/credential-patterns.js";
import type { CredentialKind } from "../../knowledge/credential-detector.js";
import type { Confidence } from "../../core/finding.js";
import { dynamicReferences } from "../../knowledge/dynamic-references.js";
import { mask } from "../../knowledge/mask.js";
import { isMarkedFixture, isNonCredentialPair, isPlaceholder } from "../../knowledge/placeholders.js";
import { isSecretLikeName, words } from "../../knowledge/secret-names.js";
import { nounFor } from "../../knowledge/credential-nouns.js";
import { locationOf } from "../../knowledge/value-locations.js";
import { defineRule, type RuleContext } from "../../knowledge/rule-contract.js";
import { genericConfidence } from "./confidence.js";
import { bindingText, sourceCredentials } from "./source.js";

/** What was found: the credential's kind, how messages name it, and its masked value. */
interface Credential {
  kind: CredentialKind;
  what: string;
  masked: string;
  /** The format detector's, or for a generic credential, `genericConfidence`'s. */
  confidence: Confidence;
  /** For a JSON `SecretString`: the key whose value is the credential. */
  key?: string;
}

/**
 * Values that name or locate something rather than being a secret: an ARN, a URL without credentials in it, a path
 * (`/prod/orders/db-password`, an SSM parameter name or a mounted secret file).
 */
function isLocator(value: string): boolean {
  return (
    /^arn:[^:\s]+:[^:\s]*:/.test(value) ||
    /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(value) ||
    /^(\/[\w.@-]+){2,}\/?$/.test(value)
  );
}

/** A switch or a number: under a merely secret-like name (`SECRETS_CACHE: enabled`), a setting rather than a secret. */
const isSetting = (value: string): boolean =>
  /^(true|false|yes|no|on|off|enabled|disabled)$/i.test(value) || /^\d+(\.\d+)?$/.test(value);

/**
 * The credential a literal assigned to `name` is, or undefined when it is none: a placeholder, a dynamic reference,
 * a value with unresolved `${...}` parts, an ARN, a plain URL or a path. A value of a well-known format is that
 * format. Where only the name says "secret" (`basis: "name"`: parameters, variables, JSON keys), a switch or a number
 * is a setting; a credential property's value is a credential whatever it looks like.
 */
function assess(value: string, name: string, basis: "property" | "name" = "property"): Credential | undefined {
  if (
    isPlaceholder(value) ||
    isNonCredentialPair(name, value) ||
    dynamicReferences(value).length > 0 ||
    value.includes("${")
  )
    return undefined;
  const found = identifyCredential(value, { name });
  if (found) {
    const what = found.encoded ? `base64-encoded ${found.description}` : found.description;
    return { kind: found.kind, what, masked: mask(found.value), confidence: found.confidence };
  }
  if (isLocator(value) || (basis === "name" && isSetting(value.trim()))) return undefined;
  return {
    kind: "generic-password",
    what: nounFor(name),
    masked: mask(value),
    confidence: genericConfidence(basis, name, value),
  };
}

/** The string values of a JSON object, nested objects included, with the key each is under. */
function jsonStrings(value: unknown, out: [string, string][] = []): [string, string][] {
  if (typeof value !== "object" || value === null) return out;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string") out.push([key, item]);
    else if (typeof item === "number") out.push([key, String(item)]);
    else jsonStrings(item, out);
  }
  return out;
}

/**
 * A `SecretString`: a JSON object is a credential when a secret-like key holds a literal (or any value is of a
 * well-known format); `{"username": "admin"}` alone is not. Any other text is the secret itself.
 */
function assessSecretString(value: string): Credential | undefined {
  const trimmed = value.trim();
  let parsed: unknown;
  if (trimmed.startsWith("{")) {
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
  }
  if (typeof parsed !== "object" || parsed === null) return assess(value, "SecretString");
  const entries = jsonStrings(parsed);
  for (const [key, item] of entries) {
    if (!isSecretLikeName(key)) continue;
    const credential = assess(item, key, "name");
    if (credential) return { ...credential, key };
  }
  for (const [key, item] of entries) {
    if (isPlaceholder(item) || dynamicReferences(item).length > 0) continue;
    const found = identifyCredential(item, { name: key });
    if (found)
      return {
        kind: found.kind,
        what: found.description,
        masked: mask(found.value),
        confidence: found.confidence,
        key,
      };
  }
  return undefined;
}

/** Instructions written as a value: `your_secret_access_key_here`, `your-token`. */
const isSpelledPlaceholder = (value: string): boolean => {
  const list = words(value);
  return list.includes("your") || list[list.length - 1] === "here";
};

/** Shell that computes the value at run time: `$VAR`, `${VAR}`, `$(cmd)`, `` `cmd` ``. */
const isShellIndirection = (value: string): boolean => /[$`]/.test(value);

/** A name that says its value is a test fixture or an example: `MYSECRET_TEST`, `/dev/fake-token`. */
const isTestName = (name: string): boolean =>
  isMarkedFixture(name) || words(name).some((w) => w === "test" || w === "tests");

/** The input a field's value was taken from, or whose default gave it (or the part of it `via` names). */
function parameterOf(field: Field<string>): string | undefined {
  return field.parameter ?? field.defaultOf;
}

const nodeKey = (node: PNode): string => `${node.file.path}\0${node.start}\0${node.end}\0${JSON.stringify(node.path)}`;

interface NamedString {
  node: ScalarNode & { value: string };
  /** The key the string is under; for `{Name: X, Value: ...}` pairs (ECS environments, tags), the `Name`. */
  name?: string;
}

function collectStrings(node: PNode, name: string | undefined, out: NamedString[]): NamedString[] {
  if (node.kind === "scalar") {
    if (typeof node.value === "string")
      out.push({ node: node as NamedString["node"], ...(name !== undefined ? { name } : {}) });
  } else if (node.kind === "array") {
    for (const item of node.items) collectStrings(item, name, out);
  } else {
    const sibling = node.entries.find(
      (e) =>
        /^(Name|Key|name|key)$/.test(e.key.value) && e.value.kind === "scalar" && typeof e.value.value === "string",
    );
    for (const { key, value } of node.entries) {
      const paired =
        /^(Value|value)$/.test(key.value) && sibling ? ((sibling.value as ScalarNode).value as string) : undefined;
      collectStrings(value, paired ?? key.value, out);
    }
  }
  return out;
}

type MessageId =
  | "property"
  | "propertyDefault"
  | "forgottenRef"
  | "secretString"
  | "parameterDefault"
  | "environment"
  | "environmentDefault"
  | "format"
  | "script"
  | "sourceLiteral"
  | "sourceFormat";

export default defineRule({
  meta: {
    id: "hardcoded-credential",
    title: "Credential is hardcoded in a template, application code or configuration",
    severity: "error",
    securitySeverity: 9.0,
    // SARIF precision from measured false positives (ACCURACY.md): ACCURACY.md: 24 of 34 true on serverless-patterns (21/23 errors, 3/11 warnings); 6/593 corpus negatives reported.
    precision: "medium",
    appliesTo: [...INFRASTRUCTURE, "source"],
    entities: ["credential-property", "environment", "parameter", "database", "document"],
    messages: {
      property:
        "{{property}} of {{owner}} is a hardcoded {{what}} ({{masked}}): anyone who can read {{readers}} can use it. {{remedy}}",
      propertyDefault:
        "{{property}} of {{owner}} is a hardcoded {{what}} ({{masked}}) from the default of {{input}} {{parameter}}: " +
        "a default is part of {{source}}. {{propertyDefaultRemedy}}",
      forgottenRef:
        "{{property}} of resource {{resource}} is a hardcoded {{what}} ({{masked}}) spelled like the name of a parameter or resource of " +
        "this template: {{platform}} uses the text itself. Pass the parameter with Ref (NoEcho, no Default), or use a Secrets Manager dynamic reference.",
      secretString:
        "{{property}} of {{owner}} holds a hardcoded {{what}}{{key}} ({{masked}}): anyone who can read {{readers}} can use it. {{remedy}}",
      parameterDefault:
        "{{Input}} {{resource}} has a hardcoded {{what}} as its {{defaultName}} ({{masked}}){{hiddenNote}}: a default is part of {{source}}. " +
        "{{defaultRemedy}}",
      environment:
        "Environment variable {{name}} of {{label}} is a hardcoded {{what}} ({{masked}}): anyone who can read {{environmentReaders}} " +
        "can use it. Keep it in AWS Secrets Manager and read it at run time.",
      environmentDefault:
        "Environment variable {{name}} of {{label}} is a hardcoded {{what}} ({{masked}}) from the default of {{input}} {{parameter}}: " +
        "a default is part of {{source}}. Keep the value in AWS Secrets Manager and read it at run time.",
      format:
        "{{location}} contains a hardcoded {{what}} ({{masked}}){{more}}: anyone who can read {{readers}} can use it. " +
        "Revoke it, keep the replacement in AWS Secrets Manager and {{readReplacement}}.",
      script:
        "{{name}} in {{runs}} of {{owner}} is set to a hardcoded {{what}} ({{masked}}){{via}}: anyone who can read " +
        "{{readers}} can use it. Revoke it, keep the replacement in AWS Secrets Manager and let the script read it at run time.",
      sourceLiteral:
        "{{binding}} is a hardcoded {{what}} ({{masked}}, kind {{kind}}){{more}}: anyone who can read the repository can use it, " +
        "and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.",
      sourceFormat:
        "The file contains a hardcoded {{what}} ({{masked}}, kind {{kind}}): anyone who can read the repository can use it, " +
        "and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.",
    } satisfies Record<MessageId, string>,
    related: {
      checkov: ["CKV_AWS_41", "CKV_AWS_45", "CKV_AWS_46", "CKV_AWS_384"],
      kics: [
        "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71",
        "39423ce4-9011-46cd-b6b1-009edcd9385d",
        "5f700072-b7ce-4e84-b3f3-497bf1c24a4d",
        "06b9f52a-8cd5-459b-bdc6-21a22521e1be",
        "6685d912-d81f-4cfa-95ad-e316ea31c989",
        "73980e43-f399-4fcc-a373-658228f7adf7",
        "06adef8c-c284-4de7-aad2-af43b07a8ca1",
        "568cc372-ca64-420d-9015-ee347d00d288",
      ],
      cfnNag: ["F23", "F31", "F34", "F35", "F36", "F51", "F70"],
      cdkNag: ["AwsSolutions-ECS2"],
    },
    tags: ["CWE-798"],
    docs: {
      description:
        "A credential written into a template (a database master password, a token, an access key, a private key, or a " +
        "parameter's default) is readable by everyone who can read the repository, the template in S3, or the stack in the " +
        "console, and it cannot be rotated without a code change. It stays in version history after it is removed.",
      remediation:
        "Revoke the credential. Keep the replacement in AWS Secrets Manager and use a dynamic reference " +
        "(`{{resolve:secretsmanager:<secret>:SecretString:<key>}}`), or let the service manage it (`ManageMasterUserPassword: " +
        "true`, `GenerateSecretString`). For values a deployer must supply, use a parameter with `NoEcho: true` and no `Default`.",
    },
  },
  create(context: RuleContext<MessageId>) {
    /** Nodes reported by the entity visitors; the document pass does not report them again. */
    const reported = new Set<string>();
    const markReported = (node: PNode) => {
      reported.add(nodeKey(node));
      if (node.kind === "array") node.items.forEach(markReported);
      else if (node.kind === "object") node.entries.forEach((e) => markReported(e.value));
    };

    /** The literal of a field when it is one, and not the name of an SSM parameter that the platform reads at deployment. */
    const literalValue = (unit: string, field: Field<string>): string | undefined => {
      if (isReference(field.value) || isUnresolved(field.value)) return undefined;
      const value = literal(field);
      if (value === undefined) return undefined;
      const parameter = parameterOf(field);
      const entity = parameter ? context.project.resolve(unit, parameter) : undefined;
      if (entity?.kind === "parameter" && entity.namesSsmParameter === true) return undefined;
      return String(value);
    };

    /**
     * Who can read a literal credential property, and what to do instead. The keys of the deployment tool's own
     * configuration stay there (the state does not record them) and belong to the tool's credential chain; a database
     * with a managed password has a flag for it.
     */
    const propertyWords = (p: CredentialProperty): { readers: string; remedy: string } => {
      const words = context.words(p);
      if (p.toolCredential === true) return { readers: words.source, remedy: words.toolCredentialRemedy };
      const at = p.value.node;
      const database = context.project
        .all("database")
        .find(
          (d) =>
            d.masterPassword?.node.file === at.file &&
            d.masterPassword.node.start === at.start &&
            d.masterPassword.node.end === at.end,
        );
      const managed = database?.managedPasswordProperty;
      return {
        readers: p.stored === false ? words.source : words.storedReaders,
        remedy: managed ? words.managedPasswordRemedy(managed) : words.propertyRemedy,
      };
    };

    /** The dialect's words that the credential messages interpolate, with who can read a value at this place. */
    const say = (of: { readonly platform: Platform }, stored: boolean) => {
      const words = context.words(of);
      return {
        source: words.source,
        readers: stored ? words.storedReaders : words.source,
        environmentReaders: words.environmentReaders,
        input: words.input,
        Input: words.Input,
        defaultName: words.defaultName,
        defaultRemedy: words.defaultRemedy,
        propertyDefaultRemedy: words.propertyDefaultRemedy,
        readReplacement: words.readReplacement,
      };
    };

    return {
      credentialProperty(p) {
        const value = literalValue(p.unit, p.value);
        if (value === undefined) return;
        const secretString = p.secretValue === true;
        // Under a name only (a plain SSM parameter), a name that says it is a test or an example holds a fixture.
        if (p.named !== undefined && isTestName(p.named)) return;
        const credential = secretString
          ? assessSecretString(value)
          : p.named !== undefined
            ? assess(value, p.named, "name")
            : assess(value, p.property.split(".").pop() ?? p.property);
        if (!credential) return;
        const parameter = parameterOf(p.value);
        const common = { node: p.value.node, entity: p, kind: credential.kind, confidence: credential.confidence };
        // Write-only arguments and ephemeral values are not in the state: the message does not say they are.
        const words = say(p, p.stored !== false);
        const owner = context.words(p).resourceLabel(p.resource);
        if (p.value.via && parameter) {
          context.report({
            ...common,
            messageId: "propertyDefault",
            data: {
              ...words,
              property: p.property,
              owner,
              what: credential.what,
              masked: credential.masked,
              parameter,
            },
          });
        } else if (context.project.resolve(p.unit, value.trim())) {
          // `Password: "DbPassword"` in JSON, where `{"Ref": "DbPassword"}` was meant.
          context.report({
            ...common,
            messageId: "forgottenRef",
            data: {
              property: p.property,
              resource: p.resource,
              what: credential.what,
              masked: credential.masked,
              platform: context.words(p).platform,
            },
          });
        } else if (secretString) {
          context.report({
            ...common,
            messageId: "secretString",
            data: {
              ...words,
              property: p.property,
              owner: context.words(p).secretLabel(p.resource),
              what: credential.what,
              masked: credential.masked,
              key: credential.key ? ` under key ${credential.key}` : "",
              remedy: context.words(p).secretStringRemedy,
            },
          });
        } else {
          const data = {
            ...words,
            ...propertyWords(p),
            property: p.property,
            owner,
            what: credential.what,
            masked: credential.masked,
          };
          context.report({ ...common, messageId: "property", data });
        }
        markReported(p.value.node);
      },

      parameter(p) {
        if (!p.default || !isSecretLikeName(p.resource)) return;
        if (p.namesSsmParameter === true) return;
        const value = literal(p.default);
        if (value === undefined) return;
        const credential = assess(String(value), p.resource, "name");
        if (!credential) return;
        context.report({
          node: p.default.node,
          entity: p,
          kind: credential.kind,
          confidence: credential.confidence,
          messageId: "parameterDefault",
          data: {
            ...say(p, true),
            resource: p.resource,
            what: credential.what,
            masked: credential.masked,
            hiddenNote: literal(p.hidden) === true ? context.words(p).hiddenDefaultNote : "",
          },
        });
        markReported(p.default.node);
      },

      environment(e) {
        for (const variable of e.variables) {
          if (!isSecretLikeName(variable.name)) continue;
          const value = literalValue(e.unit, variable.value);
          if (value === undefined) continue;
          const credential = assess(value, variable.name, "name");
          if (!credential) continue;
          const parameter = parameterOf(variable.value);
          const data = {
            ...say(e, true),
            name: variable.name,
            label: e.label,
            what: credential.what,
            masked: credential.masked,
          };
          const common = {
            node: variable.value.node,
            entity: e,
            kind: credential.kind,
            confidence: credential.confidence,
          };
          if (variable.value.via && parameter)
            context.report({ ...common, messageId: "environmentDefault", data: { ...data, parameter } });
          else context.report({ ...common, messageId: "environment", data });
          markReported(variable.value.node);
        }
      },

      document(d) {
        if (d.source !== undefined) {
          for (const found of sourceCredentials(d)) {
            const data = { what: found.what, masked: found.masked, kind: found.kind, more: found.more };
            const common = { node: found.node, kind: found.kind, confidence: found.confidence };
            // An example in documentation is written to be copied, not deployed: at most a warning. A credential
            // whose format vouches for it (high confidence: an access key, a checksummed token pasted into a README)
            // stays an error; a password, a header value or a curl `-u` pair in a README is a warning.
            const documented = d.source?.documentation === true && found.confidence !== "high";
            const severity = documented ? { severity: "warning" as const } : {};
            if (found.literal) {
              context.report({
                ...common,
                messageId: "sourceLiteral",
                data: { ...data, binding: bindingText(found.literal, d.source?.language) },
                ...severity,
              });
            } else context.report({ ...common, messageId: "sourceFormat", data, ...severity });
          }
          return;
        }
        const words = context.words(d);
        const scriptSpans: PNode[] = [];
        // Scripts first (user data, provisioner commands): each assignment at its own place inside the script.
        for (const script of d.scripts ?? []) {
          for (const literal of script.literals) {
            const value = literal.node.value;
            if (
              !isSecretLikeName(literal.name) ||
              isTestName(literal.name) ||
              isShellIndirection(value) ||
              isSpelledPlaceholder(value)
            )
              continue;
            const assessed = assess(value, literal.name, "name");
            const credential =
              assessed?.kind === "generic-password" && isAwsSecretKeyName(literal.name)
                ? { ...assessed, what: "AWS secret access key" }
                : assessed;
            if (!credential || reported.has(nodeKey(literal.node))) continue;
            const resource = script.resource ?? d.resourceAt(script.node);
            const stored = script.stored !== false && d.storedAt?.(script.node) !== false;
            context.report({
              node: literal.node,
              ...(resource !== undefined ? { resource } : {}),
              kind: credential.kind,
              confidence: credential.confidence,
              messageId: "script",
              data: {
                name: literal.name,
                owner: resource === undefined ? words.source : words.resourceLabel(resource),
                runs: script.runs,
                what: credential.what,
                masked: credential.masked,
                via: literal.via !== undefined ? ` (from ${literal.via})` : "",
                readers: stored ? words.storedReaders : words.source,
              },
            });
            markReported(literal.node);
            scriptSpans.push(literal.node);
          }
        }
        const strings = collectStrings(d.root, undefined, []);
        const accessKeys = detector("aws-access-key");
        const awsAccessKeyIdNearby = strings.some((s) => accessKeys.find(s.node.value).length > 0);
        for (const { node, name } of strings) {
          if (reported.has(nodeKey(node))) continue;
          const found = findCredentials(node.value, { ...(name !== undefined ? { name } : {}), awsAccessKeyIdNearby });
          // A heredoc or block scalar: each credential at its own line, unless a script assignment reported it.
          const offsets =
            found.length > 0 && node.value.includes("\n") ? valueOffsets(node, node.file.text) : undefined;
          if (offsets) {
            for (const f of found) {
              const at = {
                ...node,
                start: offsets(f.start),
                end: offsets(f.end - 1) + 1,
                path: [...node.path, `${f.kind}@${mask(f.value)}`],
              };
              if (scriptSpans.some((s) => s.file === at.file && s.start < at.end && at.start < s.end)) continue;
              const resource = d.resourceAt(node);
              context.report({
                node: at,
                ...(resource !== undefined ? { resource } : {}),
                kind: f.kind,
                confidence: f.confidence,
                messageId: "format",
                data: {
                  ...say(d, d.storedAt?.(node) !== false),
                  location: locationOf(node, d),
                  what: f.encoded ? `base64-encoded ${f.description}` : f.description,
                  masked: mask(f.value),
                  more: "",
                },
              });
            }
            continue;
          }
          const [first, ...others] = found;
          if (!first) continue;
          const otherKinds = [...new Set(others.map((f) => f.description))];
          const resource = d.resourceAt(node);
          context.report({
            node,
            ...(resource !== undefined ? { resource } : {}),
            kind: first.kind,
            confidence: first.confidence,
            messageId: "format",
            data: {
              ...say(d, d.storedAt?.(node) !== false),
              location: locationOf(node, d),
              what: first.encoded ? `base64-encoded ${first.description}` : first.description,
              masked: mask(first.value),
              more: others.length > 0 ? ` and ${others.length} more (${otherKinds.join(", ")})` : "",
            },
          });
        }
      },
    };
  },
});

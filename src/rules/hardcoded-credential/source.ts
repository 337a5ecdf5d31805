/**
 * Hardcoded credentials in application source and configuration (`source` documents): a literal bound to a
 * secret-like name, and well-known credential formats anywhere in the text.
 */
import type { CodeLiteral, KeyContainer, LiteralBinding, SourceDocument } from "../../model/entities.js";
import type { ScalarNode } from "../../core/positioned.js";
import {
  detector,
  fileCredentials,
  findCredentials,
  type CredentialFinding,
} from "../../knowledge/credential-patterns.js";
import type { CredentialKind } from "../../knowledge/credential-detector.js";
import type { Confidence } from "../../core/finding.js";
import { dynamicReferences } from "../../knowledge/dynamic-references.js";
import { mask } from "../../knowledge/mask.js";
import { isMarkedFixture, isNonCredentialPair, isPlaceholder } from "../../knowledge/placeholders.js";
import { isPasswordName, isSecretLikeName } from "../../knowledge/secret-names.js";
import { keywordConfidence } from "../../knowledge/value-shape.js";
import { overlapTest, spansWithin } from "../../knowledge/spans.js";

export interface SourceCredential {
  node: ScalarNode;
  kind: CredentialKind;
  what: string;
  masked: string;
  /** The format detector's; for a generic secret under a name, `keywordConfidence`'s. */
  confidence: Confidence;
  /** The literal's name and binding, for a credential found through its name or in a named literal. */
  literal?: Pick<CodeLiteral, "name" | "binding">;
  /** How many more credentials the same span holds, and of what. */
  more: string;
}

/**
 * Values that stand for a credential in code and configuration without being one: template and shell syntax
 * (`$VAR`, `%VAR%`, `<token>`, `{{ x }}`), references to a secret store (`arn:`, `vault:`, `ssm:`...), a path or URL
 * without credentials, prose with spaces (`"Password is required"`), the name of a variable or field
 * (`"DB_PASSWORD"`, `"access_token"`), a switch or a number.
 */
function isNotSecretValue(value: string): boolean {
  const v = value.trim();
  if (standsForSecret(v)) return true;
  // A SOPS-encrypted value (`ENC[AES256_GCM,data:...,type:str]`): ciphertext, the key is elsewhere.
  if (/^ENC\[[A-Z0-9_]+,data:/.test(v)) return true;
  if (/^(arn|vault|ssm|secretsmanager|secret|env|file|aws-?sm|op|keyvault|gcp-?sm|awskms|kms):/i.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(v) || /^(\.{0,2}\/|~\/)[\w./@-]+$/.test(v) || /^[A-Za-z]:\\/.test(v))
    return true;
  if (/\s/.test(v)) return true;
  // Prose in a script written without spaces (Japanese, Chinese): localised messages under keys like `Unexpected_token`.
  if (/[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]{2}/.test(v)) return true;
  if (/^[a-z]+(?:[_.-][a-z]+)+$/.test(v) || /^[A-Z]+(?:_[A-Z0-9]+)+$/.test(v)) return true;
  if (
    /^(true|false|yes|no|on|off|enabled|disabled|null|none|nil|undefined|required|optional)$/i.test(v) ||
    /^-?\d+(\.\d+)?$/.test(v)
  )
    return true;
  // A version or version range: `"@aws-sdk/credential-provider-node": "^3.940.0"` in a package.json.
  if (/^(?:[~^]|[<>]=?|=)?v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(v)) return true;
  return false;
}

/**
 * A value that is a placeholder or a reference to where the secret is (`${DB_PASSWORD}`, `{{resolve:...}}`, `%PASS%`,
 * `<password>`), not the secret itself: the only values a literal known to be a credential by its binding is excused for.
 */
function standsForSecret(v: string): boolean {
  if (isPlaceholder(v) || dynamicReferences(v).length > 0) return true;
  return /^[$%<`]|\$\{[\w.:|\s-]*\}|\$\([\w\s./-]*\)|\{\{\s*[\w.|\s'"()-]*\}\}|\{%[^%]*%\}|#\{[\w.]*\}|^@Value|^@@/.test(
    v,
  );
}

const letters = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * A value that spells its own name: an enum member or a constant naming a header or an error
 * (`InvalidCredentials: "InvalidCredentials"`, `X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token"`).
 */
const spellsName = (value: string, name: string): boolean =>
  letters(value).length > 0 && letters(value) === letters(name);

/**
 * Whether a value is strong enough to be a real password rather than a word: at least 8 characters, or 6 with two
 * kinds of characters (letters and digits or symbols). `admin`, `secret1` under `password` are weak but real;
 * the line is drawn where fixtures and labels stop.
 */
function hasSecretStrength(value: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
  return value.length >= 8 ? classes >= 2 || value.length >= 12 : value.length >= 6 && classes >= 2;
}

/** Secret-like names that still are not the secret in code: names of the fixture, and hashes of a password. */
const isGenericCandidateName = (name: string): boolean =>
  isSecretLikeName(name) &&
  !isMarkedFixture(name) &&
  !/hash|digest|salt|encrypted|hint|label|placeholder|message|error/i.test(name);

/** What a message calls a generic credential. */
function nounFor(name: string): string {
  const n = name.toLowerCase();
  if (/pass(word|wd|phrase)?|pwd|(^|[^a-z])pw([^a-z]|$)/.test(n)) return "password";
  if (/api.?key/.test(n)) return "API key";
  if (/private.?key/.test(n)) return "private key";
  if (/token/.test(n)) return "token";
  if (/secret/.test(n)) return "secret";
  if (/conn|dsn/.test(n)) return "connection string";
  if (/key/.test(n)) return "key";
  return "credential";
}

/**
 * The credential a named literal is, if any: the well-known formats the whole-text search found inside it first,
 * then, under a secret-like name, the formats a name gates (an AWS secret access key under `secretAccessKey`) and
 * a generic secret.
 */
function assessLiteral(
  literal: CodeLiteral,
  inside: readonly CredentialFinding[],
  awsAccessKeyIdNearby: boolean,
  linesRead = false,
): SourceCredential | undefined {
  const value = literal.node.value;
  const common = { node: literal.node, literal: { name: literal.name, binding: literal.binding } };
  const secretLike = isGenericCandidateName(literal.name);
  // Searched again on its own: under a secret-like name (name-gated formats), and a `Key=value;` connection string,
  // whose pattern is anchored at the start of the value.
  const again = isSecretLikeName(literal.name) || (value.includes("=") && value.includes(";"));
  const found =
    inside.length > 0 ? inside : again ? findCredentials(value, { name: literal.name, awsAccessKeyIdNearby }) : [];
  const [first, ...others] = found;
  if (first) {
    return {
      ...common,
      kind: first.kind,
      what: first.encoded ? `base64-encoded ${first.description}` : first.description,
      masked: mask(first.value),
      confidence: first.confidence,
      more: moreText(others),
    };
  }
  // A file written into a string (`{"config.ini": "TOKEN=...\nDEBUG=true"}`): its `NAME=value` lines, unless they were
  // read as literals of their own (`linesRead`).
  if (!linesRead && value.includes("\n") && value.includes("=")) {
    const line = findCredentials(value, { awsAccessKeyIdNearby }, { keywords: true }).find(
      (f) =>
        f.kind !== "generic-password" ||
        (!isNotSecretValue(f.value) && !isMarkedFixture(f.value) && hasSecretStrength(f.value.trim())),
    );
    if (line) {
      const what = line.kind === "generic-password" ? "credential" : line.description;
      return { ...common, kind: line.kind, what, masked: mask(line.value), confidence: line.confidence, more: "" };
    }
  }
  // Made a secret value by the call it is passed to: a credential whatever its name and strength, unless it stands for one.
  if (literal.binding === "secret-value") {
    if (standsForSecret(value.trim())) return undefined;
    return {
      ...common,
      kind: "generic-password",
      what: "secret",
      masked: mask(value.trim()),
      confidence: "medium",
      more: "",
    };
  }
  if (
    !secretLike ||
    isNotSecretValue(value) ||
    spellsName(value, literal.name) ||
    isNonCredentialPair(literal.name, value)
  )
    return undefined;
  // `example_123` under a password name is still what the service will accept (weak is worse); elsewhere such a
  // marked value is a test's stand-in. Values made only of filler words (`dummy-value`) are placeholders either way.
  if (isMarkedFixture(value) && !isPasswordName(literal.name)) return undefined;
  // A weak password is still a hardcoded password (`MYSQL_ROOT_PASSWORD: whalehello`): weak is worse. Under other
  // names a weak value is more often a label or a step name than a token.
  // Punctuation alone (`,.:-@*?!`) is a test of a parser's character set, not a password.
  if (isPasswordName(literal.name) ? !/[A-Za-z0-9]/.test(value) : !hasSecretStrength(value.trim())) return undefined;
  const confidence = keywordConfidence(literal.name, value);
  return {
    ...common,
    kind: "generic-password",
    what: nounFor(literal.name),
    masked: mask(value.trim()),
    confidence,
    more: "",
  };
}

const moreText = (others: readonly { description: string }[]): string =>
  others.length > 0 ? ` and ${others.length} more (${[...new Set(others.map((f) => f.description))].join(", ")})` : "";

/**
 * Every credential of a `source` document. The text is searched once for the well-known formats; a match inside a
 * named literal is reported as that literal, the others (comments, unnamed strings, prose) on their own. Then each
 * literal under a secret-like name is assessed as a generic secret.
 */
export function sourceCredentials(document: SourceDocument): SourceCredential[] {
  const container = document.source?.keyContainer;
  if (container) return [keyContainerCredential(document, container)];
  const file = document.file;
  const text = file.text;
  const literals = document.source?.literals ?? document.source?.treeLiterals ?? [];
  // A YAML or JSON document is searched within its own span (a file may hold several).
  const from = document.source?.literals ? 0 : document.root.start;
  const to = document.source?.literals ? text.length : document.root.end;
  const { found, awsAccessKeyIdNearby } =
    from === 0 && to === text.length ? fileCredentials(file) : regionCredentials(text, from, to);
  const claimed = new Set<CredentialFinding>();
  const out: SourceCredential[] = [];
  const assess = (literal: CodeLiteral, keep: (f: CredentialFinding) => boolean, linesRead = false): void => {
    const inside = spansWithin(found, literal.node.start, literal.node.end).filter(keep);
    inside.forEach((f) => claimed.add(f));
    const credential = assessLiteral(literal, inside, awsAccessKeyIdNearby, linesRead);
    if (credential) out.push(credential);
  };
  for (const literal of literals) {
    // The literals written inside a multi-line configuration value first: what overlaps them is theirs, not the value's.
    // Set by the parser on configuration values only.
    const embedded = literal.embedded ?? [];
    for (const inner of embedded) assess(inner, (f) => !claimed.has(f));
    const overlapsEmbedded = embedded.length > 0 ? overlapTest(embedded.map((e) => e.node)) : undefined;
    assess(literal, (f) => !claimed.has(f) && !overlapsEmbedded?.(f.start, f.end), embedded.length > 0);
  }
  // A finding that only overlaps a literal already reported is part of that report.
  const overlapsReported = overlapTest(out.map((o) => o.node));
  for (const f of found) {
    if (claimed.has(f) || overlapsReported(f.start, f.end)) continue;
    out.push({
      node: {
        kind: "scalar",
        value: text.slice(f.start, f.end),
        start: f.start,
        end: f.end,
        file,
        path: [`${f.kind}@${mask(f.value)}`],
      },
      kind: f.kind,
      what: f.encoded ? `base64-encoded ${f.description}` : f.description,
      masked: mask(f.value),
      confidence: f.confidence,
      more: "",
    });
  }
  return out.sort((a, b) => a.node.start - b.node.start);
}

/**
 * A PKCS#12 file whose MAC verifies with a well-known password: the whole file is the credential, reported at its start.
 * `notasecret` is the password of every key file Google Cloud issues: a service account key.
 */
function keyContainerCredential(document: SourceDocument, container: KeyContainer): SourceCredential {
  const gcp = container.password === "notasecret";
  return {
    node: { kind: "scalar", value: "", start: 0, end: 0, file: document.file, path: ["pkcs12"] },
    kind: "private-key",
    what: gcp
      ? "Google Cloud service account key (a PKCS#12 file protected by Google's default password, notasecret)"
      : "private key (a PKCS#12 file protected by an empty password)",
    masked: "binary file",
    confidence: "high",
    more: "",
  };
}

/** As `fileCredentials`, within `[from, to)` of the text: one document of a YAML stream. */
function regionCredentials(
  text: string,
  from: number,
  to: number,
): { found: CredentialFinding[]; awsAccessKeyIdNearby: boolean } {
  const region = text.slice(from, to);
  const awsAccessKeyIdNearby = detector("aws-access-key").find(region).length > 0;
  return {
    found: findCredentials(region, { awsAccessKeyIdNearby }).map((f) => ({
      ...f,
      start: f.start + from,
      end: f.end + from,
    })),
    awsAccessKeyIdNearby,
  };
}

/** How a message names where a literal is bound: `Variable DB_PASSWORD`, `Property password`, `Argument of setToken`. */
export function bindingText(literal: Pick<CodeLiteral, "name" | "binding">, language: string | undefined): string {
  const config =
    language !== undefined &&
    !["javascript", "typescript", "python", "go", "java", "ruby", "csharp", "php"].includes(language);
  const labels: Record<LiteralBinding, string> = {
    assignment: config ? `Key ${literal.name}` : `Variable ${literal.name}`,
    property: config ? `Key ${literal.name}` : `Property ${literal.name}`,
    field: `Field ${literal.name}`,
    default: `The default value of parameter ${literal.name}`,
    argument: /^(set|with)/i.test(literal.name) ? `The argument of ${literal.name}` : `Argument ${literal.name}`,
    comparison: `The value compared with ${literal.name}`,
    "secret-value": `The argument of ${literal.name}`,
    environment: `Environment variable ${literal.name}`,
  };
  return labels[literal.binding];
}

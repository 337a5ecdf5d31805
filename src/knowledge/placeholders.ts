import { isSecretLikeName, namesSecretAttribute, words } from "./secret-names.js";

/**
 * Values that stand in for a credential without being one: empty strings, `changeme`-style words, template
 * syntax, masks, and the AWS documentation's example keys. A placeholder is never reported as a credential.
 */

const PLACEHOLDER_WORDS = new Set([
  "changeme",
  "change_me",
  "change-me",
  "changeit",
  "replaceme",
  "replace_me",
  "replace-me",
  "password",
  "passwd",
  "secret",
  "token",
  "example",
  "sample",
  "dummy",
  "test",
  "testing",
  "todo",
  "tbd",
  "fixme",
  "placeholder",
  "none",
  "null",
  "nil",
  "undefined",
  "empty",
  "default",
  "redacted",
  "hidden",
  "masked",
  "notset",
  "not_set",
  "yourpassword",
  "your_password",
  "your-password",
  "mypassword",
  "my_password",
  "yoursecret",
  "your_secret",
  "yourtoken",
  "your_token",
  "insert_password_here",
  "password_here",
  "secret_here",
  "xxx",
  "abc",
  "abc123",
  "123456",
  "1234",
  "12345678",
  "foo",
  "bar",
  "foobar",
  "qwerty",
  // Type names copied from the CloudFormation reference's syntax blocks (`SecretString: String`).
  "string",
  "integer",
  "boolean",
  "json",
  "number",
  // Said to be unused: a dummy value a construct requires (`SecretValue.unsafePlainText("notused")`).
  "notused",
  "not_used",
  "not-used",
  "unused",
]);

/** Example credentials published in AWS documentation; they are fixtures everywhere. */
const AWS_DOCUMENTATION_EXAMPLES = new Set([
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "AKIAI44QH8DHBEXAMPLE",
  "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  "ASIAIOSFODNN7EXAMPLE",
]);

export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 4) return true;
  if (AWS_DOCUMENTATION_EXAMPLES.has(trimmed)) return true;
  const lower = trimmed.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (isNonCredentialValue(trimmed)) return true;
  // Template and shell syntax: `<password>`, `${DB_PASSWORD}`, `{{ .Values.password }}`, `$(cat pw)`, `%PASSWORD%`.
  if (
    /^<[^<>]+>$|^\$\{[^}]*\}$|^\{\{[^}]*\}\}$|^\$\([^)]*\)$|^%[A-Za-z_][A-Za-z0-9_]*%$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(
      trimmed,
    )
  )
    return true;
  // Masks and fillers: `****`, `xxxxxxxx`, `........`, `--------`, one character repeated.
  if (/^(.)\1+$/.test(trimmed) || /^[*x•.#-]+$/i.test(trimmed)) return true;
  // Spelled-out instructions: "change me", "your password here", "replace with ...".
  if (
    /\b(change ?me|replace (me|with|this)|your[ _-]?(password|secret|token|key)|put[ _-]?(your|the)|here)\b/i.test(
      trimmed,
    )
  )
    return true;
  return /example/i.test(trimmed) && /^[A-Za-z0-9/+=_-]+$/.test(trimmed) && /EXAMPLE/.test(trimmed);
}

/** Words that mark a name or a value as a test fixture: `FAKE_TOKEN`, `mockPassword`, `dummy_secret`. */
const FIXTURE_WORDS = new Set([
  "fake",
  "dummy",
  "mock",
  "mocked",
  "stub",
  "sample",
  "example",
  "fixture",
  "placeholder",
  "bogus",
]);

/**
 * Whether a name (or a value written like one) says it is a test fixture or an example: `fakeApiKey`,
 * `DUMMY_PASSWORD`, `example-token-123`. A credential of a well-known format is still one; a generic password under
 * such a name is not.
 */
export function isMarkedFixture(text: string): boolean {
  const list = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return list.some((word) => FIXTURE_WORDS.has(word));
}

// ---------------------------------------------------------------------------------------------------------------
// Values under a secret-like name that are not credentials, seen on real repositories

/** The steps a Secrets Manager rotation function is called with (`if step == "createSecret"`). */
const ROTATION_STEPS = new Set(["createSecret", "setSecret", "testSecret", "finishSecret"]);

/** Filler words that say the value is a stand-in (`test-token-123`); `value` or `token` alone do not. */
const STAND_IN_WORDS = new Set([
  "invalid",
  "expired",
  "malformed",
  "wrong",
  "error",
  "dummy",
  "fake",
  "sample",
  "example",
  "placeholder",
  "mock",
  "test",
  "my",
  "your",
]);

/** Words a filler value is made of (`dummy-value`, `sample_token`): the stand-in words and what the value stands for. */
const FILLER_WORDS = new Set([...STAND_IN_WORDS, "value", "password", "secret", "token", "key", "api", "apikey"]);

/**
 * Whether a value is no credential whatever its name says: a rotation step name, a `<<fill me in>>` template, a value
 * cut short with an ellipsis (`eyJra...`, a JWT shortened in documentation), filler words (`dummy-value`), a path to
 * a script (`bin/app.js`, a `package.json` `bin` entry), or an identifier that names a secret or one of its attributes
 * (`AWSAccessKeyId`, `ACTIVEMQ_SECRET_ARN`, `RABBITMQ_BROKER_PASSWORD`): a field or variable name, not its value.
 */
export function isNonCredentialValue(value: string): boolean {
  if (ROTATION_STEPS.has(value)) return true;
  if (/<<[^<>\n]+>>/.test(value)) return true;
  // Half shown, half masked: `Q425Bv0mFe7s6C4jXXXXXXXXXXXX` in documentation.
  if (/(?<!X)X{8,}$|(?<!x)x{8,}$/.test(value)) return true;
  if (/^[\w+/=.-]{2,}(\.\.\.|\u2026)$/.test(value)) return true;
  const list = words(value);
  const named = list.filter((word) => !/^\d+$/.test(word));
  if (
    /^[\w-]+$/.test(value) &&
    named.length >= 2 &&
    named.every((word) => FILLER_WORDS.has(word)) &&
    named.some((word) => STAND_IN_WORDS.has(word))
  )
    return true;
  if (/^(\.{0,2}\/)?([\w.@-]+\/)+[\w.-]+\.(js|cjs|mjs|ts|py|sh|rb)$/.test(value)) return true;
  // `MyAPIkey`, `YourApiKey`, `my-secret-token`, `examplepass`, `dummysecret`: a possessive or a stand-in word and what
  // the value should be, run together (docker-compose samples set `MYSQL_PASSWORD: examplepass`).
  if (
    /^(?:my|your|example|sample|dummy|fake|mock|test)[-_]?(?:api[-_]?key|api[-_]?token|secret|token|key|password|pass|pwd)(?:[-_]?value)?$/i.test(
      value,
    )
  )
    return true;
  return isIdentifierNamingSecret(value);
}

/** `AWSAccessKeyId`, `DB_PASSWORD_ARN`, `secret_access_key`: letters (and digits in capitals) only, so `MyPassw0rd` is not one. */
function isIdentifierNamingSecret(value: string): boolean {
  const upperSnake = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value) || /^[a-z]+(_[a-z]+)+$/.test(value);
  const camel = /^[A-Za-z]+$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value.slice(1));
  if (!upperSnake && !camel) return false;
  // A CamelCase value is a name only when it ends in an attribute word (`...KeyId`); a password can be `MySecretPass`.
  return namesSecretAttribute(value) || (upperSnake && isSecretLikeName(value));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value assigned to `name` is no credential for the pair: its own name in capitals (`API_KEY: "API_KEY"`,
 * `password: "PASSWORD"`), or a UUID under an idempotency token name (`clientToken`, `ClientRequestToken`).
 */
export function isNonCredentialPair(name: string, value: string): boolean {
  const trimmed = value.trim();
  const letters = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (letters(trimmed).length > 0 && letters(trimmed) === letters(name) && trimmed === trimmed.toUpperCase())
    return true;
  // The end of its own name (`ApiKeyValue: KeyValue`): a template's stand-in, letters only.
  if (/^[A-Za-z]{6,}$/.test(trimmed) && letters(name).endsWith(letters(trimmed)) && /[A-Z]/.test(trimmed)) return true;
  const list = words(name);
  const idempotency = list.includes("token") && (list.includes("client") || list.includes("idempotency"));
  return idempotency && UUID.test(trimmed);
}

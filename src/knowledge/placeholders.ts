/**
 * Values that stand in for a credential without being one: empty strings, `changeme`-style words, template
 * syntax, masks, and the AWS documentation's example keys. A placeholder is never reported as a credential.
 */

const PLACEHOLDER_WORDS = new Set([
  "changeme", "change_me", "change-me", "changeit", "replaceme", "replace_me", "replace-me", "password", "passwd",
  "secret", "token", "example", "sample", "dummy", "test", "testing", "todo", "tbd", "fixme", "placeholder",
  "none", "null", "nil", "undefined", "empty", "default", "redacted", "hidden", "masked", "notset", "not_set",
  "yourpassword", "your_password", "your-password", "mypassword", "my_password", "yoursecret", "your_secret",
  "yourtoken", "your_token", "insert_password_here", "password_here", "secret_here", "xxx", "abc", "abc123",
  "123456", "1234", "12345678", "foo", "bar", "foobar", "qwerty",
  // Type names copied from the CloudFormation reference's syntax blocks (`SecretString: String`).
  "string", "integer", "boolean", "json", "number",
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
  // Template and shell syntax: `<password>`, `${DB_PASSWORD}`, `{{ .Values.password }}`, `$(cat pw)`, `%PASSWORD%`.
  if (/^<[^<>]+>$|^\$\{[^}]*\}$|^\{\{[^}]*\}\}$|^\$\([^)]*\)$|^%[A-Za-z_][A-Za-z0-9_]*%$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(trimmed)) return true;
  // Masks and fillers: `****`, `xxxxxxxx`, `........`, `--------`, one character repeated.
  if (/^(.)\1+$/.test(trimmed) || /^[*x•.#-]+$/i.test(trimmed)) return true;
  // Spelled-out instructions: "change me", "your password here", "replace with ...".
  if (/\b(change ?me|replace (me|with|this)|your[ _-]?(password|secret|token|key)|put[ _-]?(your|the)|here)\b/i.test(trimmed)) return true;
  return /example/i.test(trimmed) && /^[A-Za-z0-9/+=_-]+$/.test(trimmed) && /EXAMPLE/.test(trimmed);
}

/** Words that mark a name or a value as a test fixture: `FAKE_TOKEN`, `mockPassword`, `dummy_secret`. */
const FIXTURE_WORDS = new Set(["fake", "dummy", "mock", "mocked", "stub", "sample", "example", "fixture", "placeholder", "bogus"]);

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

/**
 * The one vocabulary of names that denote a secret value: parameter names, environment variables, property keys,
 * configuration keys. Rules ask `isSecretLikeName`; none keeps a list of its own.
 */

/** Words that alone make a name secret-like. */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "pw",
  "pass",
  "passphrase",
  "secret",
  "secrets",
  "token",
  "credential",
  "credentials",
  "creds",
  "apikey",
  "privatekey",
  "secretkey",
  "accesskey",
  "authkey",
  "authtoken",
  "masterkey",
  "signingkey",
  "encryptionkey",
  "clientsecret",
  "connectionstring",
  "connstr",
  "dsn",
]);

/** Word pairs that make a name secret-like, e.g. `API_KEY`, `privateKey`, `auth-token`. */
const SECRET_PAIRS: ReadonlySet<string> = new Set([
  "api key",
  "private key",
  "secret key",
  "access key",
  "auth key",
  "auth token",
  "master key",
  "signing key",
  "encryption key",
  "client secret",
  "connection string",
  "key material",
  "shared key",
  "hmac key",
  "session key",
  "bearer token",
  "auth string",
  "token key",
]);

/**
 * A last word that makes the name denote something about a secret rather than the secret: its ARN, id, name,
 * location, length, policy... (`DB_PASSWORD_ARN`, `SecretName`, `PasswordLength`, `TokenUrl`).
 */
const DESCRIPTIVE_LAST_WORDS = new Set([
  "arn",
  "arns",
  "id",
  "ids",
  "name",
  "names",
  "path",
  "paths",
  "url",
  "uri",
  "endpoint",
  "host",
  "hostname",
  "port",
  "length",
  "len",
  "size",
  "type",
  "types",
  "version",
  "versions",
  "rotation",
  "rotated",
  "policy",
  "policies",
  "prefix",
  "suffix",
  "file",
  "filename",
  "location",
  "ref",
  "reference",
  "param",
  "parameter",
  "alias",
  "arn",
  "region",
  "kms",
  "field",
  "key",
  "keys",
  "label",
  "description",
  "template",
  "format",
  "pattern",
  "expiry",
  "expiration",
  "expires",
  "ttl",
  "age",
  "enabled",
  "required",
  "reset",
  "hint",
  "count",
  "mode",
  "header",
  "store",
  "manager",
  "provider",
  "source",
  "schedule",
  "days",
  "hours",
  "seconds",
  "minutes",
  "timeout",
  "lambda",
  "function",
  "role",
  "user",
  "username",
  "owner",
  "group",
  "account",
  "issuer",
  "audience",
  "cache",
  "margin",
  "prefetch",
  "interval",
  "duration",
  "validity",
  "lifetime",
  "scope",
  "scopes",
]);

/** A first word that makes the whole name a setting about secrets: `RequireSymbols`, `GenerateSecretString`. */
const DESCRIPTIVE_FIRST_WORDS = new Set([
  "require",
  "requires",
  "generate",
  "exclude",
  "include",
  "min",
  "max",
  "minimum",
  "maximum",
  "allow",
  "no",
  "enable",
  "disable",
  "use",
  "rotate",
  "manage",
  "is",
  "has",
  "should",
  "num",
  "number",
]);

/** Whole names that look secret-like but are settings or references (CloudFormation and Terraform properties). */
const NOT_SECRET_NAMES = new Set([
  "passwordlength",
  "passwordpolicy",
  "passwordresetrequired",
  "passwordreuseprevention",
  "passwordlastused",
  "secretstringtemplate",
  "generatesecretstring",
  "secretid",
  "secretarn",
  "secretname",
  "tokenvalidity",
  "tokenvaliditylength",
  "tokenvalidityunits",
  "accesstokenvalidity",
  "refreshtokenvalidity",
  "idtokenvalidity",
  "kmskeyid",
  "noecho",
  "secretsmanagerarn",
  "passwordhash",
  "secretkeyref",
  "tokenkeyid",
]);

/**
 * Identifiers, keys and variable names are short; a longer "name" is data (a minified line, a blob), and judging it
 * word by word would cost time quadratic in its length for nothing.
 */
const MAX_NAME_LENGTH = 256;

/** Splits `DB_PASSWORD`, `dbPassword`, `db-password`, `db.password`, `DBPassword` into lower-case words. */
export function words(name: string): string[] {
  // One pass, no regular expression: `([A-Z]+)([A-Z][a-z])` backtracks quadratically on long runs of capitals.
  const out: string[] = [];
  let current = "";
  const flush = (): void => {
    if (current) out.push(current.toLowerCase());
    current = "";
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charAt(i);
    if (!isAlphanumeric(c)) {
      flush();
      continue;
    }
    if (isUpper(c) && current) {
      const previous = name.charAt(i - 1);
      // `dbPassword`, `db2Password`: a capital after a lower-case letter or digit; `DBPassword`: the last capital of
      // a run that a lower-case letter follows.
      if (isLower(previous) || isDigit(previous) || (isUpper(previous) && isLower(name.charAt(i + 1)))) flush();
    }
    current += c;
  }
  flush();
  return out;
}

const isUpper = (c: string): boolean => c >= "A" && c <= "Z";
const isLower = (c: string): boolean => c >= "a" && c <= "z";
const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isAlphanumeric = (c: string): boolean => isUpper(c) || isLower(c) || isDigit(c);

/**
 * Whether a name says its value is a secret: a password, token, key material, credential... and not a reference
 * to one (`..._ARN`, `..._ID`, `..._NAME`, `..._PATH`), a property of one (`PasswordLength`) or a setting
 * (`RequireSymbols`).
 */
export function isSecretLikeName(name: string): boolean {
  if (name.length > MAX_NAME_LENGTH) return false;
  // Asked for every key of every parsed file (the same few thousand names again and again): a profile of the
  // node_modules bench tree had it at 3-4 % of a worker. Bounded, so that a file of random keys cannot grow it.
  let known = secretLikeNames.get(name);
  if (known === undefined) {
    known = secretLikeWords(name);
    if (secretLikeNames.size >= 20_000) secretLikeNames.clear();
    secretLikeNames.set(name, known);
  }
  return known;
}

const secretLikeNames = new Map<string, boolean>();

function secretLikeWords(name: string): boolean {
  const list = words(name);
  if (list.length === 0) return false;
  if (NOT_SECRET_NAMES.has(list.join(""))) return false;
  if (isNonSecretCompound(list)) return false;
  const last = list[list.length - 1] as string;
  const first = list[0] as string;
  if (DESCRIPTIVE_FIRST_WORDS.has(first) && list.length > 1) return false;
  // "...key" alone is only a secret in a pair ("API key", "API keys"); the pair's last word is not descriptive.
  const endsWithPair = list.length >= 2 && SECRET_PAIRS.has(`${list[list.length - 2]} ${singular(last)}`);
  if (!endsWithPair && DESCRIPTIVE_LAST_WORDS.has(last)) return false;
  if (list.some((word) => word === "kms")) return false;
  if (list.some((word) => SECRET_WORDS.has(word))) return true;
  for (let i = 0; i + 1 < list.length; i++)
    if (SECRET_PAIRS.has(`${list[i]} ${singular(list[i + 1] as string)}`)) return true;
  // Compounds written as one word: `dbpassword`, `githubtoken`, `apisecret`.
  return /(password|passwd|secret|token|apikey|privatekey|credential)/.test(list.join(""));
}

const singular = (word: string): string => (word.length > 3 && word.endsWith("s") ? word.slice(0, -1) : word);

/**
 * Whether a name is about a secret without being one: `DbPasswordArn`, `ApiKeyParameterName`, `PasswordLength`
 * (a leading part of the name is secret-like, the whole name is not). Such a name says what the value is more
 * precisely than any description.
 */
export function namesSecretAttribute(name: string): boolean {
  if (name.length > MAX_NAME_LENGTH || isSecretLikeName(name)) return false;
  const list = words(name);
  for (let end = 1; end < list.length; end++) if (isSecretLikeName(list.slice(0, end).join(" "))) return true;
  return false;
}

/** Words that make a name a password's: a weak value under such a name is still a password. */
const PASSWORD_WORDS = new Set(["password", "passwords", "passwd", "pwd", "pw", "pass", "passphrase", "passcode"]);

/**
 * Whether a secret-like name is a password's (`DB_PASSWORD`, `mysqlRootPasswd`, `pwd`, `passphrase`), not a token's
 * or a key's. Any literal under it that is not a placeholder or a reference is a hardcoded password.
 */
export function isPasswordName(name: string): boolean {
  if (!isSecretLikeName(name)) return false;
  const list = words(name);
  return list.some((word) => PASSWORD_WORDS.has(word)) || /password|passwd|passphrase/.test(list.join(""));
}

// ---------------------------------------------------------------------------------------------------------------
// Names with a secret word that name something else, seen on real repositories

/** Before `token`: a pagination cursor (`NextToken`, `nextForwardToken`, botocore's `input_token`, `PageToken`). */
const CURSOR_WORDS = new Set([
  "next",
  "previous",
  "prev",
  "forward",
  "backward",
  "continuation",
  "page",
  "pagination",
  "input",
  "output",
  "starting",
  "sync",
  "resume",
  "marker",
]);

/**
 * Last words that make a name a rule about generated values or a schedule, not a value: `override_special` (the
 * special characters a generated password may hold), `rotation_schedule_expression` (`rate(15 days)`).
 */
const SETTING_LAST_WORDS = new Set([
  "special",
  "expression",
  "characters",
  "chars",
  "charset",
  "alphabet",
  "status",
  "state",
]);

/**
 * Whether split words name something that is not a secret although they hold a secret word: a pagination token, a
 * setting of generated passwords, a CORS header (`Access-Control-Allow-Credentials`).
 */
export function isNonSecretCompound(list: readonly string[]): boolean {
  const last = list[list.length - 1] as string;
  if ((last === "token" || last === "tokens") && list.length >= 2 && CURSOR_WORDS.has(list[list.length - 2] as string))
    return true;
  if (SETTING_LAST_WORDS.has(last)) return true;
  return list.some((word, index) => word === "access" && list[index + 1] === "control");
}

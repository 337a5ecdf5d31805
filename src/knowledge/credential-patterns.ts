// Over 500 lines: the built-in format detectors as one table (the README's); providers are in providers-*.ts.
/**
 * Well-known credential formats, as detectors that find them in any text: a template string, a script in user data,
 * later a source file. Every rule that looks for credentials uses these; none keeps patterns of its own.
 *
 * A detector finds only what its pattern pins down. Values that merely look random (a 40-character base64 string,
 * a 32-character hex string) are not credentials by themselves: the AWS secret access key detector needs a keyword
 * (the name the value is assigned to, or `aws_secret_access_key=` in the same text) or an AWS access key ID nearby.
 */
import { hasCrc32Checksum } from "./checksums.js";
import { isMarkedFixture, isNonCredentialPair, isPlaceholder } from "./placeholders.js";
import { findPrivateKeys } from "./private-keys.js";
import { isSecretLikeName, words } from "./secret-names.js";
import { overlapsSorted } from "./spans.js";
import { secretManifestValues } from "./kubernetes-secret.js";
import { isWordLike, keywordConfidence } from "./value-shape.js";
import { PROVIDER_DETECTORS } from "./credential-providers.js";
import type { CredentialDetector, CredentialKind, CredentialMatch, DetectionContext } from "./credential-detector.js";
import type { Confidence } from "../core/finding.js";

/** Characters that may not touch a token on either side: a token inside a longer word is not that token. */
const WORD = "A-Za-z0-9_";

/** A detector defined by one regular expression, whose group 1 (or the whole match) is the secret. */
function regexDetector(
  kind: CredentialKind,
  description: string,
  pattern: string,
  regex: RegExp,
  accept: (value: string, match: RegExpMatchArray) => boolean = () => true,
  confidenceOf: (value: string) => Confidence | undefined = () => undefined,
): CredentialDetector {
  return {
    kind,
    description,
    pattern,
    basis: "format",
    find(text) {
      const out: CredentialMatch[] = [];
      for (const match of text.matchAll(regex)) {
        const whole = match[0];
        const start = match.index ?? 0;
        const value = match[1] ?? whole;
        if (isPlaceholder(value) || hasFillerRun(value) || !accept(value, match)) continue;
        const confidence = confidenceOf(value);
        out.push({ start, end: start + whole.length, value, ...(confidence ? { confidence } : {}) });
      }
      return out;
    },
  };
}

/**
 * A run of eight or more of one character (`ghp_xxxxxxxx...`, `sk_live_00000000...`): a filler written into
 * documentation or a test, never part of a random token.
 */
const hasFillerRun = (value: string): boolean => /([A-Za-z0-9])\1{7,}/.test(value);

/** A random suffix made of one repeated character (`AKIAAAAAAAAAAAAAAAAA`) is a filler, not a key. */
const notFiller = (suffix: string): boolean => !/^(.)\1*$/.test(suffix);

// ---------------------------------------------------------------------------------------------------------------
// Private keys

const privateKey: CredentialDetector = {
  kind: "private-key",
  description: "private key",
  pattern:
    "a PEM block `-----BEGIN <label>PRIVATE KEY( BLOCK)?-----` (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP, PKCS#8) with a base64 body, also written with `\\n` escapes or as concatenated string pieces; a PuTTY key file (`PuTTY-User-Key-File-2/3` ... `Private-Lines` ... `Private-MAC`); `0x` and 64 hex digits within the secp256k1 order (low confidence, medium after a key word); encrypted keys medium",
  basis: "format",
  find: findPrivateKeys,
};

// ---------------------------------------------------------------------------------------------------------------
// AWS

/** `AKIA` long-term user keys, `ASIA` temporary (STS) keys, `ABIA`/`ACCA` service keys. `AROA`/`AIDA` ids are not keys. */
const awsAccessKey = regexDetector(
  "aws-access-key",
  "AWS access key ID",
  "`(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}` as a whole word, not one of the AWS documentation's examples (`AKIAIOSFODNN7EXAMPLE`...), not a filler of one repeated character",
  new RegExp(`(?<![${WORD}])((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![${WORD}])`, "g"),
  (value) => notFiller(value.slice(4)),
);

/** `aws_secret_access_key = `, `AWS_SECRET_KEY: "`, `"SecretAccessKey": "` just before the value. */
const AWS_SECRET_KEYWORD_BEFORE = /(?:aws[_\s.-]?)?secret[_\s.-]?(?:access[_\s.-]?)?key["']?\s*(?:=|:|=>)\s*["']?$/i;

/** Whether a name denotes an AWS secret access key: `aws_secret_access_key`, `SecretAccessKey`, `AWS_SECRET`, `secretKey`. */
export function isAwsSecretKeyName(name: string): boolean {
  const list = words(name);
  return list.includes("secret") && (list.includes("key") || list.includes("access") || list.includes("aws"));
}

const AWS_SECRET_CANDIDATE = /(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g;

const awsSecretKey: CredentialDetector = {
  kind: "aws-secret-key",
  description: "AWS secret access key",
  pattern:
    "`[A-Za-z0-9/+]{40}` as a whole base64 word with upper- and lower-case letters and a digit, only when the name it is assigned to says so (`aws_secret_access_key`, `SecretAccessKey`...), when `secret_access_key=`/`aws_secret_key:` precedes it in the same text, or when an AWS access key ID is in the same document",
  basis: "format",
  find(text, context = {}) {
    const named = context.name !== undefined && isAwsSecretKeyName(context.name);
    const out: CredentialMatch[] = [];
    // Without a name or a key ID, only `secret...key` before a candidate makes it one: a text without the word has none
    // (and the candidate pattern, a class at every position, is one of the costliest of a file's search).
    if (!named && !context.awsAccessKeyIdNearby && !/secret/i.test(text)) return out;
    for (const match of text.matchAll(AWS_SECRET_CANDIDATE)) {
      const value = match[1] as string;
      const start = match.index ?? 0;
      if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/[0-9]/.test(value) || isPlaceholder(value)) continue;
      const keyword = AWS_SECRET_KEYWORD_BEFORE.test(text.slice(Math.max(0, start - 60), start));
      if (!named && !keyword && !context.awsAccessKeyIdNearby) continue;
      out.push({ start, end: start + value.length, value });
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Source hosting, chat, payments, package registries, cloud and AI APIs

const GITHUB_TOKEN = new RegExp(
  `(?<![${WORD}])(ghs_\\d{1,20}_eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![${WORD}])`,
  "g",
);

/**
 * A classic token (`gh[pousr]_` and 36 characters) ends in the base62 CRC32 of its first 30: a token whose checksum
 * holds is `high`; one of the right shape whose checksum does not is `medium` (a made-up test value, or a typo in a
 * real one). Fine-grained tokens and the longer `ghs_` forms have no documented checksum.
 */
const githubToken: CredentialDetector = {
  kind: "github-token",
  description: "GitHub token",
  pattern:
    "`gh[pousr]_[A-Za-z0-9]{36,255}` (classic, OAuth, user-to-server, server-to-server, refresh; with 36 characters, high confidence when the last 6 are the base62 CRC32 of the first 30, else medium), `github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}` (fine-grained), or `ghs_<installation id>_<JWT>` (app installation token)",
  basis: "format",
  find(text) {
    const out: CredentialMatch[] = [];
    for (const match of text.matchAll(GITHUB_TOKEN)) {
      const value = match[1] as string;
      if (isPlaceholder(value) || hasFillerRun(value)) continue;
      const start = match.index ?? 0;
      const classic = /^gh[pousr]_[A-Za-z0-9]{36}$/.test(value);
      out.push({
        start,
        end: start + value.length,
        value,
        ...(classic && !hasCrc32Checksum(value) ? { confidence: "medium" as const } : {}),
      });
    }
    return out;
  },
};
const gitlabToken = regexDetector(
  "gitlab-token",
  "GitLab token",
  "`glpat-`, `glrt-`, `gldt-` then `[A-Za-z0-9_-]{20,}` (personal/project/group access, runner, deploy tokens); `glft-`, `glsoat-`, `GR1348941`, `glcbt-` then 20 to 50 (feed, service-account, runner registration, CI job); `glptt-` then 40 (pipeline trigger); `glimt-` then 25 (incoming mail); `gloas-` then 64 (OAuth application secret); `glagent-` then 50 or more (agent)",
  /(?<![A-Za-z0-9_-])((?:glpat|glrt|gldt)-[A-Za-z0-9_-]{20,}|(?:glft-|glsoat-|GR1348941|glcbt-(?:[0-9a-fA-F]{2}_)?)[A-Za-z0-9_-]{20,50}|glptt-[A-Za-z0-9_-]{40}|glimt-[A-Za-z0-9_-]{25}|gloas-[A-Za-z0-9_-]{64}|glagent-[A-Za-z0-9_-]{50,1024})(?![A-Za-z0-9_-])/g,
);

const slackToken = regexDetector(
  "slack-token",
  "Slack token",
  "`xox[abposre]-` then 1 to 4 numeric ids and a secret part (`xoxb-123456789012-1234567890123-AbCd...`, `xoxp-...`, `xoxe-...`); a configuration token `xoxe.xox[bp]-<digit>-` or `xoxe-<digit>-` then 100+ letters and digits; an app token `xapp-1-A...-123...-<hex>`; a legacy workspace token `xox[ar]-(<digit>-)?` then 8 to 48 letters and digits with a digit among them (medium confidence)",
  /(?<![A-Za-z0-9_-])(xox[abposre]-(?:\d{1,14}-){1,4}[A-Za-z0-9][A-Za-z0-9-]{7,}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{100,}|xoxe-\d-[A-Za-z0-9]{100,}|xapp-\d-[A-Z0-9]{8,}-\d{8,}-[a-f0-9]{32,}|xox[ar]-(?:\d-)?(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[0-9a-zA-Z]{8,48})(?![A-Za-z0-9_-])/g,
  () => true,
  // A legacy workspace token has no numeric ids: a letter-and-digit word after `xoxa-` is a weaker sign.
  (value) =>
    /^xox[ar]-(?:\d-)?[0-9a-zA-Z]+$/.test(value) && !/^xox[ar]-(?:\d{1,14}-){1,4}/.test(value) ? "medium" : undefined,
);

/**
 * The secret of a Slack webhook is its last path segment (the T.../B... ids before it are not secret); in the
 * unstructured form gitleaks knows, the whole path after `services/`, `workflows/` or `triggers/`.
 */
const SLACK_WEBHOOK =
  /(?<![A-Za-z0-9.-])(?:https?:\/\/)?hooks\.slack\.com\/(?:(?:services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/|(?:workflows|triggers)\/T[A-Z0-9]{6,}\/A[A-Z0-9]{6,}\/\d+\/)([A-Za-z0-9]{24,})|(?:services|workflows|triggers)\/([A-Za-z0-9+/]{43,56}))(?![A-Za-z0-9+/])/g;

const slackWebhook: CredentialDetector = {
  kind: "slack-webhook",
  description: "Slack webhook URL",
  pattern:
    "`(https?://)?hooks.slack.com/services/T<id>/B<id>/<24+ letters and digits>`, the `workflows/` and `triggers/` forms, or any of the three followed by 43 to 56 letters, digits, `+` and `/`; not with a filler secret (`XXXXXXXXXXXXXXXXXXXXXXXX`)",
  basis: "format",
  find(text) {
    const out: CredentialMatch[] = [];
    for (const match of text.matchAll(SLACK_WEBHOOK)) {
      const secret = (match[1] ?? match[2]) as string;
      if (isPlaceholder(secret) || hasFillerRun(secret) || !notFiller(secret) || /x{6}/i.test(secret)) continue;
      const start = match.index ?? 0;
      out.push({ start, end: start + match[0].length, value: secret });
    }
    return out;
  },
};

const stripeKey = regexDetector(
  "stripe-key",
  "Stripe secret key",
  "`(sk|rk)_(live|test|prod)_[A-Za-z0-9]{24,}` (secret and restricted keys; publishable `pk_` keys are public)",
  new RegExp(`(?<![${WORD}])((?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{24,})(?![${WORD}])`, "g"),
);

const NPM_TOKEN = new RegExp(`(?<![${WORD}])(npm_[A-Za-z0-9]{36})(?![${WORD}])`, "g");
/** `//registry.npmjs.org/:_authToken=<token>` in an `.npmrc`: the registry, then `/:_authToken=`. */
const NPMRC_AUTH_TOKEN = /\/\/[^\s/:=][^\s=]*\/:_authToken[ \t]*=[ \t]*["']?([^\s"'#;]+)/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * npm's tokens: `npm_` and 36 characters whose last 6 are the base62 CRC32 of the first 30 (`high`; `medium` when
 * the checksum does not hold), and whatever an `.npmrc` line assigns to `_authToken` (a legacy UUID token is `high`,
 * another literal `medium`; `${NPM_TOKEN}` is a reference, not a token).
 */
const npmToken: CredentialDetector = {
  kind: "npm-token",
  description: "npm access token",
  pattern:
    "`npm_[A-Za-z0-9]{36}` (high confidence when the last 6 characters are the base62 CRC32 of the first 30, else medium), or the literal after `//<registry>/:_authToken=` (a UUID: high; another value of 16+ characters: medium)",
  basis: "format",
  find(text) {
    const out: CredentialMatch[] = [];
    for (const match of text.matchAll(NPMRC_AUTH_TOKEN)) {
      const value = match[1] as string;
      if (value.startsWith("npm_") || /^\$|\$\{|\{\{/.test(value) || isPlaceholder(value) || hasFillerRun(value))
        continue;
      const uuid = UUID.test(value);
      if (!uuid && value.length < 16) continue;
      const start = (match.index ?? 0) + match[0].length - value.length;
      out.push({ start, end: start + value.length, value, ...(uuid ? {} : { confidence: "medium" as const }) });
    }
    for (const match of text.matchAll(NPM_TOKEN)) {
      const value = match[1] as string;
      if (isPlaceholder(value) || hasFillerRun(value)) continue;
      const start = match.index ?? 0;
      out.push({
        start,
        end: start + value.length,
        value,
        ...(hasCrc32Checksum(value) ? {} : { confidence: "medium" as const }),
      });
    }
    return out.sort((a, b) => a.start - b.start);
  },
};

const pypiToken = regexDetector(
  "pypi-token",
  "PyPI API token",
  "`pypi-AgEIcHlwaS5vcmc` (pypi.org) or `pypi-AgENdGVzdC5weXBpLm9yZw` (test.pypi.org) then `[A-Za-z0-9_-]{50,}`",
  /(?<![A-Za-z0-9_-])(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})(?![A-Za-z0-9_-])/g,
);

const googleApiKey = regexDetector(
  "google-api-key",
  "Google API key",
  "`AIza[A-Za-z0-9_-]{35}`",
  /(?<![A-Za-z0-9_-])(AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/g,
);

const sendgridKey = regexDetector(
  "sendgrid-key",
  "SendGrid API key",
  "`SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}`",
  /(?<![A-Za-z0-9_-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
);

const twilioKey = regexDetector(
  "twilio-key",
  "Twilio API key",
  "`SK[0-9a-f]{32}` (an API key SID) as a whole word",
  new RegExp(`(?<![${WORD}])(SK[0-9a-f]{32})(?![${WORD}])`, "g"),
  (value) => notFiller(value.slice(2)),
);

const openaiKey = regexDetector(
  "openai-key",
  "OpenAI API key",
  "`sk-` (optionally `proj-`, `svcacct-`, `admin-`) with the `T3BlbkFJ` marker inside: `sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}`",
  /(?<![A-Za-z0-9_-])(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
);

const anthropicKey = regexDetector(
  "anthropic-key",
  "Anthropic API key",
  "`sk-ant-(api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,}`",
  /(?<![A-Za-z0-9_-])(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,})(?![A-Za-z0-9_-])/g,
);

// ---------------------------------------------------------------------------------------------------------------
// Tokens and URLs with credentials in them

function base64UrlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A JWT's header: its JSON object, `broken` when it opens like one (`{"`) but does not parse, or undefined. */
function jwtHeader(value: string): Record<string, unknown> | "broken" | undefined {
  const part = value.slice(0, value.indexOf("."));
  const header = base64UrlJson(part);
  if (typeof header === "object" && header !== null && !Array.isArray(header)) return header as Record<string, unknown>;
  const text = Buffer.from(part, "base64url").toString("latin1");
  // Every `eyJ...` decodes to `{"` first: the rest must be text too, not random bytes, and close the object (a
  // header cut short is a truncated token).
  return text.startsWith('{"') && text.trimEnd().endsWith("}") && printableShare(text) >= 0.9 ? "broken" : undefined;
}

const jwt = regexDetector(
  "jwt",
  "JSON Web Token",
  '`eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{20,}` whose header decodes to a JSON object that does not declare `alg: none` (an unsigned token carries no secret); a header that opens as JSON (`{"`) but does not parse is medium confidence',
  /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
  // Only an explicit `alg: none` proves a token unsigned. A header without `alg` (or with one we cannot read) in a
  // token that carries a 20+ character signature segment is treated as signed: it may be replayable.
  (value) => {
    const header = jwtHeader(value);
    if (header === undefined) return false;
    if (header === "broken") return true;
    const alg = header.alg;
    return !(typeof alg === "string" && alg.toLowerCase() === "none");
  },
  // A header cut short or mistyped in a sample (`{"alg":...`): still a token's shape, less sure.
  (value) => (jwtHeader(value) === "broken" ? "medium" : undefined),
);

/** A password inside a URL or connection string that is really one: not a placeholder, not template syntax. */
function isLiteralPassword(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not percent-encoded after all.
  }
  return !isPlaceholder(decoded) && !/\$\{|\$\(|\{\{|^\$/.test(decoded);
}

const DB_SCHEMES =
  "postgres|postgresql|mysql|mariadb|mongodb|mongodb\\+srv|redis|rediss|amqp|amqps|mssql|sqlserver|oracle|cockroachdb|clickhouse|neo4j|neo4j\\+s|couchdb|memcached";

/** `scheme://user:password@host` (the user may be empty: `redis://:password@host`); the password is group 1. */
const urlWithPassword = (schemes: string): RegExp =>
  new RegExp(`(?<![A-Za-z0-9+.-])(?:${schemes}):\\/\\/[^\\s:@/"'\`]*:([^\\s@/"'\`]+)@[^\\s/"'\`]+`, "gi");

const DB_URL = urlWithPassword(`(?:jdbc:)?(?:${DB_SCHEMES})`);
/** `Server=db;Database=app;User Id=sa;Password=...;` (ADO.NET, ODBC). */
const KEY_VALUE_CONNECTION = /(?:^|;)\s*(?:Password|Pwd)\s*=\s*([^;"'\s][^;"']*?)\s*(?=;|$|["'])/gi;
const KEY_VALUE_HOST = /(?:^|;)\s*(?:Server|Data Source|Host|Address|Addr|Network Address)\s*=/i;
/** `jdbc:mysql://db:3306/app?user=app&password=...`. */
const JDBC_QUERY_PASSWORD = /jdbc:[a-z0-9]+:[^\s"'`]*?[?&;]password=([^&;\s"'`]+)/gi;

const dbConnectionString: CredentialDetector = {
  kind: "db-connection-string",
  description: "database connection string with a password",
  pattern:
    "`<db-scheme>://user:password@host` (postgres, mysql, mariadb, mongodb(+srv), redis(s), amqp(s), mssql, sqlserver, oracle..., optionally after `jdbc:`), `jdbc:...?password=...`, or `Server=...;Password=...` (ADO.NET/ODBC), with a literal password",
  basis: "format",
  find(text) {
    const out: CredentialMatch[] = [];
    const add = (start: number, end: number, password: string) => {
      if (isLiteralPassword(password)) out.push({ start, end, value: password });
    };
    for (const m of text.matchAll(DB_URL)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, m[1] as string);
    for (const m of text.matchAll(JDBC_QUERY_PASSWORD)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, m[1] as string);
    if (KEY_VALUE_HOST.test(text)) {
      for (const m of text.matchAll(KEY_VALUE_CONNECTION)) {
        const password = m[1] as string;
        const start = (m.index ?? 0) + m[0].indexOf(password);
        add(start, start + password.length, password);
      }
    }
    return out;
  },
};

const basicAuthUrl: CredentialDetector = {
  kind: "basic-auth-url",
  description: "URL with a password",
  pattern: "`scheme://user:password@host` for any other scheme (`https`, `ftp`, `git+ssh`...), with a literal password",
  basis: "format",
  find(text) {
    const out: CredentialMatch[] = [];
    for (const m of text.matchAll(urlWithPassword("[a-z][a-z0-9+.-]*"))) {
      const password = m[1] as string;
      if (isLiteralPassword(password))
        out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, value: password });
    }
    return out;
  },
};

/** `-u user:password`, `--user 'user:password'`, `--user="user":"password"`: one shell word, quoted in parts or not. */
// A backtick ends the word: Markdown's inline code (`--user access_key:secret_access_key`) closes there.
const CURL_USER = /(?<![\w-])(?:-u|--user)(?:[ \t]+|=)((?:"[^"\n]*"|'[^'\n]*'|[^\s"'\\`])+)/g;

/**
 * A password given to curl on the command line (`curl -u user:password`, `--user`), in scripts, CI files and docs.
 * `-u token:` passes a token as the user name (Stripe, Mailgun): the user name is then the secret. Variables,
 * templates (`$PASS`, `${{ secrets.X }}`, `{{ .Values.password }}`), placeholders (`<user:password>`, `[PASSWORD]`)
 * and weak words (`user:pass`, `test:test`, `username:token`) are not.
 */
const curlBasicAuth: CredentialDetector = {
  kind: "basic-auth",
  description: "password on a curl command line",
  pattern:
    "`-u` / `--user` followed by `user:password` (quoted in parts or not); the password (or, for `token:`, the user name) at least 8 characters of two kinds or 12 of one, not a variable, template or placeholder",
  basis: "format",
  find(text) {
    const out: CredentialMatch[] = [];
    for (const m of text.matchAll(CURL_USER)) {
      const word = m[1] as string;
      const unquoted = word.replace(
        /"([^"\n]*)"|'([^'\n]*)'/g,
        (_, double: string | undefined, single: string | undefined) => double ?? single ?? "",
      );
      const colon = unquoted.indexOf(":");
      // `<user:password>`, `[user:password]`: documentation.
      if (colon < 0 || /^[<[]|[>\]]$/.test(unquoted)) continue;
      const secret = unquoted.slice(colon + 1) || unquoted.slice(0, colon);
      if (!isCommandLineSecret(secret)) continue;
      const start = (m.index ?? 0) + m[0].length - word.length;
      // A password on a command line has no structure that vouches for it: as sure as a password under its name.
      out.push({ start, end: start + word.length, value: secret, confidence: "medium" });
    }
    return out;
  },
};

function isCommandLineSecret(value: string): boolean {
  if (value === "" || isPlaceholder(value) || /^[$%<[`]|\$\{|\$\(|\{\{/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
  return value.length >= 12 || (value.length >= 8 && classes >= 2);
}

/** `-H 'Name: value'`, `--header "Name: value"` on a curl (or wget, httpie-style) command line. */
const CURL_HEADER = /(?<![\w-])(?:-H|--header)[ \t]+(["'])[ \t]*([A-Za-z][\w-]*)[ \t]*:[ \t]*([^"'\n]*?)[ \t]*\1/g;
/**
 * `"Authorization": "Bearer ..."`, `Authorization: Token ...`, `setRequestHeader("Authorization", "Basic ...")`: an
 * Authorization header with a scheme in code, HTTP files and docs. The scheme is required outside a curl header.
 */
const AUTHORIZATION_VALUE =
  /(?<![\w-])(?:Proxy-)?Authorization["'`]?[ \t]*(?::|=>|=|,)[ \t]*(?:["'`][ \t]*)?((?:Basic|Bearer|Token|Api-Token|Bot)[ \t]+([^\s"'`,;)}\]]+))/gi;
const AUTH_SCHEME = /^(Basic|Bearer|Token|Api-Token|Bot|Digest)[ \t]+/i;

/**
 * The credential of an Authorization header value (`Basic <base64 of user:password>`, `Bearer <token>`, a bare
 * token), with its confidence, or undefined for variables, templates, placeholders and fillers.
 */
export function authorizationCredential(headerValue: string): { token: string; confidence: Confidence } | undefined {
  const scheme = AUTH_SCHEME.exec(headerValue)?.[1]?.toLowerCase();
  const token = headerValue.replace(AUTH_SCHEME, "").trim();
  if (/\s/.test(token) || hasFillerRun(token) || !isCommandLineSecret(token) || /^\*+$/.test(token)) {
    // A short Basic value (`YWRtaW46eA==`) is judged by what it decodes to, below.
    if (scheme !== "basic" || token.length < 8) return undefined;
  }
  if (scheme === "basic") {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
    const decoded = Buffer.from(token, "base64").toString("latin1");
    const colon = decoded.indexOf(":");
    if (colon <= 0 || !isPrintable(decoded) || (isPlaceholder(decoded.slice(colon + 1)) && decoded.length - colon > 1))
      return undefined;
    return { token, confidence: colon < decoded.length - 1 ? "high" : "medium" };
  }
  // Documentation: `{API_key}`, `YOUR_API_KEY`, `my-invalid-token`, `unauthorized`.
  if (/^[{[(]/.test(token) || /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(token) || isWordLike(token)) return undefined;
  // A test's stand-in: `test-token-123`, `mock_jwt_1`, and the wrong tokens a test or a README sends on purpose
  // (`invalid-jwt-token`, `expired-jwt-token`, `malformed-jwt`, `error-token-123`).
  if (
    /^(?:test|fake|dummy|mock|sample|example|invalid|expired|malformed|wrong|bad|bogus|error|stub)[-_]/i.test(token) ||
    isMarkedFixture(token)
  ) {
    return undefined;
  }
  return { token, confidence: "medium" };
}

/**
 * Credentials sent as HTTP headers: `curl -H 'Authorization: Bearer ...'`, `-H "X-API-Key: ..."` (any secret-like
 * header name), and Authorization headers with a scheme written in code (`headers: {"Authorization": "Token ..."}`).
 */
const authHeader: CredentialDetector = {
  kind: "auth-header",
  description: "credential in an HTTP header",
  pattern:
    "`-H`/`--header` `'Authorization: [scheme] <token>'` or `'<secret-like name>: <token>'` on a command line, and `Authorization` followed by `Basic|Bearer|Token|Api-Token|Bot <token>` anywhere; `Basic` must decode to `user:password`; the token 8 characters of two kinds or 12 of one, not a variable, template, placeholder or filler",
  basis: "format",
  find(text) {
    const out: CredentialMatch[] = [];
    for (const m of text.matchAll(CURL_HEADER)) {
      const name = m[2] as string;
      const value = m[3] as string;
      const authorization = /^(?:proxy-)?authorization$/i.test(name);
      if (!authorization && !isSecretLikeName(name)) continue;
      // Under another header name (`X-API-Key`, `Private-Token`) the value is the token, with no Basic decoding.
      const found = authorizationCredential(authorization ? value : value.replace(/^(?:Bearer|Token)[ \t]+/i, ""));
      if (!found) continue;
      const start = (m.index ?? 0) + m[0].lastIndexOf(value);
      out.push({ start, end: start + value.length, value: found.token, confidence: found.confidence });
    }
    // A curl Authorization header matches both patterns: found once.
    const curlStarts = new Set(out.map((o) => o.start));
    for (const m of text.matchAll(AUTHORIZATION_VALUE)) {
      const value = m[1] as string;
      const found = authorizationCredential(value);
      const start = (m.index ?? 0) + m[0].lastIndexOf(value);
      if (!found || curlStarts.has(start)) continue;
      out.push({ start, end: start + value.length, value: found.token, confidence: found.confidence });
    }
    return out;
  },
};

/** The values of a Kubernetes Secret manifest (`kubernetes-secret.ts`): every one is meant to be secret. */
const kubernetesSecret: CredentialDetector = {
  kind: "kubernetes-secret",
  description: "value of a Kubernetes Secret",
  pattern:
    "in a YAML document with `kind: Secret`, a `data:` value that decodes (base64) to a non-placeholder under a secret-like key, to a `user:password`-like pair or to a random-looking value (16+ random bytes when binary), or such a `stringData:` value in plain text; not a template (`{{ }}`, `${}`) or a SOPS `ENC[...]` value",
  basis: "format",
  find(text) {
    return secretManifestValues(text);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Keyword-based: a secret-like name with a literal value

/**
 * `DB_PASSWORD=hunter2`, `export API_TOKEN="..."`, `password: "..."`, `"client_secret": "..."`: an assignment to a
 * secret-like name (`isSecretLikeName`). Unquoted values count only after `=` (shell, dotenv, ini); after `:` only
 * quoted values do, since `password: userPass[2]` in code is an expression.
 */
const ASSIGNMENT =
  /(?<![A-Za-z0-9_.-])["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*(?:(=)[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'`;,)}\]]+))|:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'))/g;

/** Values that stand for a credential without being one: template syntax, substitutions, references. */
function isIndirect(value: string): boolean {
  return /^[$%<`]|\$\{|\$\(|\{\{|^arn:/.test(value) || /^(?:true|false|null|none|nil|undefined)$/i.test(value);
}

const genericPassword: CredentialDetector = {
  kind: "generic-password",
  description: "password",
  pattern:
    'a secret-like name (see `isSecretLikeName`) assigned a literal: `NAME=value`, `NAME="value"`, `name: "value"`; with a context name, the whole text; not a placeholder, not `$VAR`/`${...}`/`$(...)`/`{{...}}`, not an ARN',
  basis: "keyword",
  find(text, context = {}) {
    if (context.name !== undefined) {
      const value = text.trim();
      if (
        !isSecretLikeName(context.name) ||
        isPlaceholder(value) ||
        isIndirect(value) ||
        isNonCredentialPair(context.name, value)
      )
        return [];
      const start = text.indexOf(value);
      return [{ start, end: start + value.length, value, confidence: keywordConfidence(context.name, value) }];
    }
    const out: CredentialMatch[] = [];
    for (const m of text.matchAll(ASSIGNMENT)) {
      const name = m[1] as string;
      const value = m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7];
      if (
        value === undefined ||
        !isSecretLikeName(name) ||
        isPlaceholder(value) ||
        isIndirect(value) ||
        isNonCredentialPair(name, value)
      )
        continue;
      const start = m.index ?? 0;
      out.push({ start, end: start + m[0].length, value, confidence: keywordConfidence(name, value) });
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The list, and searching with all of it

/**
 * Every detector, most specific first: where two matches overlap, the earlier detector's wins (a GitHub token
 * used as the password of a URL is a GitHub token).
 */
export const CREDENTIAL_DETECTORS: readonly CredentialDetector[] = [
  privateKey,
  awsAccessKey,
  awsSecretKey,
  githubToken,
  gitlabToken,
  slackWebhook,
  slackToken,
  stripeKey,
  npmToken,
  pypiToken,
  googleApiKey,
  sendgridKey,
  twilioKey,
  openaiKey,
  anthropicKey,
  jwt,
  dbConnectionString,
  basicAuthUrl,
  curlBasicAuth,
  // A provider's token sent in a header is named as the provider's: the header detector comes after them.
  ...PROVIDER_DETECTORS,
  authHeader,
  kubernetesSecret,
  genericPassword,
];

/** Every detector whose pattern identifies a credential by its shape. */
export const FORMAT_DETECTORS: readonly CredentialDetector[] = CREDENTIAL_DETECTORS.filter((d) => d.basis === "format");

const BY_KIND = new Map(CREDENTIAL_DETECTORS.map((d) => [d.kind, d]));

export function detector(kind: CredentialKind): CredentialDetector {
  return BY_KIND.get(kind) as CredentialDetector;
}

export interface CredentialFinding extends CredentialMatch {
  kind: CredentialKind;
  description: string;
  confidence: Confidence;
  /** Set when the credential was found inside a base64-encoded string; `start`/`end` then span the encoded run. */
  encoded?: boolean;
}

/** Base64 runs long enough to hide a credential, and short enough to decode cheaply. */
const BASE64_RUN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,65536}={0,2}(?![A-Za-z0-9+/=])/g;

/** The share of a text's characters that are printable ASCII or whitespace. */
function printableShare(text: string): number {
  if (text.length === 0) return 0;
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable / text.length;
}

/** Text, not binary: what a script or a PEM file decodes to. */
const isPrintable = (text: string): boolean => printableShare(text) >= 0.95;

interface SearchOptions {
  /** Also run keyword-based detectors (`generic-password`). Off by default: every string is not an assignment. */
  keywords?: boolean;
}

/**
 * Every credential in the text, without overlaps, in text order. Long base64 strings that decode to text (user
 * data, an encoded PEM file) are searched too; what is found there spans the encoded string.
 */
export function findCredentials(
  text: string,
  context: DetectionContext = {},
  options: SearchOptions = {},
): CredentialFinding[] {
  const detectors = options.keywords ? CREDENTIAL_DETECTORS : FORMAT_DETECTORS;
  // Kept sorted by start: an overlap test is a binary search, not a look at every finding so far (a 4 MB file with
  // 20,000 matches took 29 s that way). A detector's matches join in one merge once it is done; the earlier
  // detectors win an overlap, and among one detector's own matches the first found, as before.
  let accepted: CredentialFinding[] = [];
  const admit = (batch: CredentialFinding[]) => {
    if (batch.length > 0) accepted = mergeByStart(accepted, batch);
  };
  for (const d of detectors) {
    const batch: CredentialFinding[] = [];
    // One regular expression's matches come in text order: then only the last one taken can overlap the next.
    let inOrder = true;
    for (const match of d.find(text, context)) {
      if (overlapsSorted(accepted, match.start, match.end)) continue;
      const last = batch[batch.length - 1];
      if (last !== undefined && match.start < last.start) inOrder = false;
      const clash = inOrder
        ? last !== undefined && match.start < last.end
        : batch.some((b) => match.start < b.end && b.start < match.end);
      const confidence = match.confidence ?? (d.basis === "format" ? "high" : "medium");
      if (!clash) batch.push({ ...match, kind: d.kind, description: match.description ?? d.description, confidence });
    }
    admit(batch);
  }
  const runs: CredentialFinding[] = [];
  for (const run of text.matchAll(BASE64_RUN)) {
    const start = run.index ?? 0;
    const end = start + run[0].length;
    // Runs come in text order and do not overlap each other: the detectors' findings are all there is to check.
    if (overlapsSorted(accepted, start, end)) continue;
    const decoded = Buffer.from(run[0], "base64").toString("latin1");
    if (!isPrintable(decoded)) continue;
    const inner = findCredentials(decoded, { ...context, name: undefined }, { keywords: false }).filter(
      (f) => !f.encoded,
    );
    const first = inner[0];
    if (first) {
      runs.push({
        kind: first.kind,
        description: first.description,
        value: first.value,
        start,
        end,
        encoded: true,
        confidence: first.confidence,
      });
    }
  }
  admit(runs);
  return accepted;
}

/** Two lists of findings as one, sorted by start (`batch` in any order; stable for equal starts). */
function mergeByStart(sorted: readonly CredentialFinding[], batch: CredentialFinding[]): CredentialFinding[] {
  const incoming = batch.slice().sort((a, b) => a.start - b.start);
  const out: CredentialFinding[] = [];
  let i = 0;
  let j = 0;
  while (i < sorted.length || j < incoming.length) {
    const a = sorted[i];
    const b = incoming[j];
    if (b === undefined || (a !== undefined && a.start <= b.start)) {
      out.push(a as CredentialFinding);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  return out;
}

/** What `fileCredentials` found in a file. */
export interface FileCredentials {
  found: CredentialFinding[];
  /** An AWS access key ID is in the file: a 40-character secret key needs no name beside it. */
  awsAccessKeyIdNearby: boolean;
}

const searchedFiles = new WeakMap<object, FileCredentials>();

/**
 * `findCredentials` over a file's whole text, with the AWS key ID context from that text; searched once per file
 * object (a big data file's streaming reader and its credential check both need it). Do not change what it returns.
 */
export function fileCredentials(file: { readonly text: string }): FileCredentials {
  let known = searchedFiles.get(file);
  if (!known) {
    const awsAccessKeyIdNearby = detector("aws-access-key").find(file.text).length > 0;
    known = { found: findCredentials(file.text, { awsAccessKeyIdNearby }), awsAccessKeyIdNearby };
    searchedFiles.set(file, known);
  }
  return known;
}

/** The format of a value that is a credential by where it is (a password property): its first well-known match. */
export function identifyCredential(value: string, context: DetectionContext = {}): CredentialFinding | undefined {
  const found = findCredentials(value, context);
  return found.find((f) => !f.encoded) ?? found[0];
}

/**
 * The cheap test that decides whether a file needs a parser at all: one regular expression over the text, for the
 * words a secret-like name contains and the prefixes of the well-known credential formats. Most files of a
 * repository fail it and are never parsed.
 */
import { SECRET_VALUE_CALL } from "./secret-values.js";
import { PROVIDER_PREFILTER } from "../../knowledge/credential-providers.js";

/** Well-known formats: AWS key ids, PEM blocks, provider prefixes, JWTs, URLs with a password. */
const FORMAT_PREFIXES =
  "A(?:KIA|SIA|BIA|CCA)[A-Z2-7]{16}|-----BEGIN|gh[pousr]_|github_pat_|gl(?:pat|rt|dt|ft|soat|cbt|ptt|imt|oas|agent)-|GR1348941|PuTTY-User-Key-File|0x[0-9a-f]{64}|xox[abposre]|hooks\\.slack|[sr]k_(?:live|test|prod)_|npm_|_authToken|pypi-|AIza|SG\\.|sk-|eyJ|(?:AC|SK)[0-9a-f]{32}|://[^\\s/:@]*:[^\\s/@]+@|(?:^|\\s)(?:-u|--user)[ \\t=]";

const INTERESTING = new RegExp(
  [
    // Secret-like names (see `isSecretLikeName`): password, passwd, pwd, pass, secret, token, credential, creds, api key, private key, dsn...
    "pass|pwd|secret|token|credential|creds|api[_-]?key|apikey|private[_-]?key|access[_-]?key|auth|dsn|conn(?:ection)?_?str",
    FORMAT_PREFIXES,
    // Provider prefixes and names (Hugging Face, Sentry, Vault...): `credential-providers.ts`.
    PROVIDER_PREFILTER,
    // The same, base64-encoded at the start of a string: a JWT (`eyJ`), a PEM block, an AWS key id.
    "ZXlK|LS0tLS1CRUdJT|QUtJQ|QVNJQ",
  ].join("|"),
  "i",
);
/**
 * The same formats, stricter (full-length tails, case-sensitive): cheap evidence that a file holds one. A JWT must
 * start a word: from every `eyJ` inside a long run (`eyJeyJeyJ...`) the scan would otherwise rescan the whole run.
 */
const FORMAT =
  /A(?:KIA|SIA|BIA|CCA)[A-Z2-7]{16}|-----BEGIN [A-Z ]*PRIVATE KEY|gh[pousr]_[A-Za-z0-9]{36}|github_pat_|gl(?:pat|rt|dt|ft|soat|cbt|ptt|imt|oas|agent)-|GR1348941|PuTTY-User-Key-File|0x[0-9a-fA-F]{64}|xox[abposre]-|hooks\.slack\.com|[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10}|:_authToken=|AIza[\w-]{35}|sk-(?:ant|proj)-|T3BlbkFJ|pypi-AgE|npm_[A-Za-z0-9]{36}|SG\.[\w-]{22}\.|(?<![\w-])eyJ[\w-]{10,}\.eyJ|:\/\/[^\s/:@"'`]*:[^\s/@"'`]+@/;

/** Whether a text may contain a credential: a secret-like word or a well-known prefix appears in it. */
export const mayContainCredential = (text: string): boolean => INTERESTING.test(text);

/**
 * Whether a file that passed `mayContainCredential` needs its parser: a quoted value follows a name containing a
 * secret-like word (`SECRET_KEY`, `DB_PASSWORD_PROD`) within a few characters (`password = "`, `apiKey: '`, `setToken(\``, `"client_secret": "`, `token === "`,
 * `define('DB_PASSWORD', '`, `Password { get; set; } = "`, Go's `var apiToken string = "`, a type annotation:
 * `apiToken: string = "`, `password: str = "`), a C array (`char secret[32] = "`), a `password "...";` statement without its separator, an unquoted
 * value no expression holds (`db_pass := x$#y`: a file that cannot parse, read as text then), a
 * well-known prefix appears (case-sensitive), a literal is wrapped as a secret value (`SecretValue.unsafePlainText("`), or the file reads a secret from Secrets Manager. Otherwise only well-known formats are looked for in its text, which needs
 * no parser: most library code mentions tokens and passwords without assigning a literal to one.
 */
const NAMED_LITERAL =
  /(?:pass(?:word|wd|phrase)?|pwd|secret|token|credential|creds|api[_-]?key|private[_-]?key|access[_-]?key|dsn|conn(?:ection)?_?str(?:ing)?)\w{0,30}["'`]?\]?(?:\[\d{0,6}\])?\s*(?:[:=]|[!=]==?|:=|=>|[.+|?]{1,2}=)\s*(?:[rbuf]{0,2}["'`]|@")|set(?:Password|Secret|Token|ApiKey|Credentials?)\s*\(\s*["'`]|(?:pass|pwd|secret|token|key|cred)\w{0,30}\s+string\s*=\s*["'`]|(?:pass|pwd|secret|token|key|cred|dsn)\w{0,30}\??\s*:\s*[\w.<>[\]| ]{1,40}=\s*[rbuf]{0,2}["'`]|(?:pass(?:word|wd)?|pwd|secret|token|credentials?|api_?key)\w{0,30}["'`]\s*,\s*["'`]|(?:password|secret|token|key)\s*\{\s*get;[^}\n]{0,40}\}\s*=\s*@?"|["'`][^"'`\n]{4,}["'`]\s*[!=]==?\s*[\w$.]*(?:pass|pwd|secret|token|key|cred)|(?:pass|pwd|secret|token|key|cred)\w{0,30}[ \t]+["'][^"'\n]{0,200}["'][ \t]*;|(?:pass|pwd|secret|token|key|cred)\w{0,30}[ \t]*:?=[ \t]*[^\s"'`]{0,200}?[$@#?\\]/i;

/**
 * The prefilter's own patterns as source text, case-insensitive both: the first stage (`mayContainCredential`) and the
 * named-literal test of the second (`needsParser`). The benchmark gives them to `rg` to compare a plain search with
 * the same words against a scan (bench/run.mjs); neither uses look-behind, so `rg`'s default engine reads them too.
 */
export const PREFILTER_PATTERNS: { readonly interesting: string; readonly namedLiteral: string } = {
  interesting: INTERESTING.source,
  namedLiteral: NAMED_LITERAL.source,
};

export const needsParser = (text: string): boolean =>
  NAMED_LITERAL.test(text) ||
  FORMAT.test(text) ||
  SECRET_VALUE_CALL.test(text) ||
  /GetSecretValueCommand|getSecretValue\s*\(|get_secret_value\s*\(/.test(text);

/**
 * Three-valued wildcard matching for IAM: does a pattern written in a policy (`secretsmanager:Get*`,
 * `arn:aws:secretsmanager:*:${AWS::AccountId}:secret:prod/app/*`) match a value the project only partly knows (a
 * secret's ARN, whose region and account are those of the deployment and whose last six characters are random)?
 *
 * The answer is `yes` (for every value the unknown parts can take), `no` (for none), or `unknown`.
 */
import { isOwnLiteralAccount, splitArn } from "./principals.js";

export type Tri = "yes" | "no" | "unknown";

/** The values every resource of the project shares and no template writes down: `${AWS::Region}` and friends. */
export type DeployValue = "partition" | "region" | "account";

/** One piece of a value that is partly unknown. */
export type SubjectToken =
  /** A known character. */
  | { t: "c"; c: string }
  /** One unknown character: the random suffix of a secret's ARN. */
  | { t: "any1" }
  /**
   * Any run of characters, possibly empty: a `${Parameter}` without default (`placeholder` is then `${Parameter}`),
   * a name CloudFormation generates.
   */
  | { t: "anyN"; placeholder?: string }
  /** The deployment's partition, region or account. */
  | { t: "dep"; which: DeployValue };

/** A value as a sequence of known characters and unknown parts. */
export type Subject = readonly SubjectToken[];

type PatternToken =
  | { t: "c"; c: string }
  | { t: "?" }
  | { t: "*" }
  /** `${AWS::Region}`, `${AWS::AccountId}`, `${AWS::Partition}` in a pattern: the deployment's value. */
  | { t: "dep"; which: DeployValue }
  /** Any other `${...}`: a template parameter or an IAM policy variable, unknown here. */
  | { t: "ph"; text: string };

export interface MatchOptions {
  /** Whether `*` and `?` are wildcards (`StringLike`, actions, resources) or plain characters (`StringEquals`). */
  wildcards: boolean;
  ignoreCase: boolean;
  /** Account ids the configuration declares as the project's own: a literal one of them is the deploying account. */
  ownAccounts: readonly string[];
  /**
   * Whether pattern and value come from the same template, so that the same `${Stage}` in both is the same value
   * (`secret:${Stage}/*` matches the secret named `${Stage}/app/db` whatever the parameter is).
   */
  sameScope?: boolean;
}

const PSEUDO: Record<string, DeployValue> = {
  "AWS::Partition": "partition",
  "AWS::Region": "region",
  "AWS::AccountId": "account",
};

/** The deployment value a pseudo parameter names; own keys only (`${constructor}` is an unknown placeholder). */
const pseudoValue = (name: string): DeployValue | undefined => (Object.hasOwn(PSEUDO, name) ? PSEUDO[name] : undefined);

/** A placeholder `${...}` at `i` of `text`: its end (exclusive) and its name, if it is one. */
function placeholderAt(text: string, i: number): { end: number; name: string } | undefined {
  if (text[i] !== "$" || text[i + 1] !== "{") return undefined;
  const close = text.indexOf("}", i + 2);
  return close < 0 ? undefined : { end: close + 1, name: text.slice(i + 2, close) };
}

/**
 * A value written as text: `${AWS::Region}` (and the other pseudo parameters) are the deployment's values, any other
 * `${...}` is an unknown run of characters.
 */
export function subjectOf(text: string): SubjectToken[] {
  const out: SubjectToken[] = [];
  for (let i = 0; i < text.length; i++) {
    const placeholder = placeholderAt(text, i);
    if (placeholder) {
      const which = pseudoValue(placeholder.name);
      out.push(which ? { t: "dep", which } : { t: "anyN", placeholder: text.slice(i, placeholder.end) });
      i = placeholder.end - 1;
    } else {
      out.push({ t: "c", c: text[i] as string });
    }
  }
  return out;
}

/** Whether a text holds a `${...}` placeholder. */
export function hasPlaceholder(text: string): boolean {
  return /\$\{[^}]*\}/.test(text);
}

function patternOf(text: string, wildcards: boolean): PatternToken[] {
  const out: PatternToken[] = [];
  for (let i = 0; i < text.length; i++) {
    const placeholder = placeholderAt(text, i);
    if (placeholder) {
      const which = pseudoValue(placeholder.name);
      out.push(which ? { t: "dep", which } : { t: "ph", text: text.slice(i, placeholder.end) });
      i = placeholder.end - 1;
      continue;
    }
    const c = text[i] as string;
    out.push(wildcards && c === "*" ? { t: "*" } : wildcards && c === "?" ? { t: "?" } : { t: "c", c });
  }
  return out;
}

const ACCOUNT = /^[0-9]{12}$/;
const PARTITION = /^aws(-[a-z]+)*$/i;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/i;

/**
 * Whether a literal text equals a deployment value:
 * - an account id is the deploying account exactly when the configuration lists it in `ownAccounts` (the convention of
 *   every rule: a literal account not listed there is another account);
 * - a partition name is taken to be the deployment's (a template written for `aws` is deployed to `aws`);
 * - a region name may or may not be the deployment's: unknown.
 */
export function deployValueIs(which: DeployValue, text: string, ownAccounts: readonly string[]): Tri {
  switch (which) {
    case "account":
      return ACCOUNT.test(text) && isOwnLiteralAccount(text, ownAccounts) ? "yes" : "no";
    case "partition":
      return PARTITION.test(text) ? "yes" : "no";
    case "region":
      return REGION.test(text) ? "unknown" : "no";
  }
}

/** Matches a pattern as written in a policy against a partly known value. */
export function matchPattern(pattern: string, subject: Subject, options: MatchOptions): Tri {
  const p = patternOf(pattern, options.wildcards);
  if (run(p, subject, options, "certain")) return "yes";
  return run(p, subject, options, "possible") ? "unknown" : "no";
}

type Mode = "certain" | "possible";

/**
 * The longest text a deployment value can be (a region such as `us-isob-east-1`, a partition such as `aws-us-gov`, a
 * 12-digit account): literal runs are tried against a deployment value up to this length only, so that a long literal
 * run does not make each step of the match cost its length.
 */
const MAX_DEPLOY_VALUE = 64;

/**
 * Whether the pattern matches the subject for every value of its unknown parts (`certain`) or for at least one
 * (`possible`). `*` absorbs any subject token, an unknown run of the subject absorbs any pattern tokens (only when
 * asking about `possible`), a deployment value matches its own placeholder, and literal text through `deployValueIs`.
 *
 * Both ways are iterative (a policy action of 4,000 `*` once overflowed the stack of a memoised recursion): the usual
 * case, one-token-per-character patterns and subjects, takes the two-pointer glob walk; the rest fills a table of
 * (pattern position, subject position) from the end, each cell reading only cells after it.
 */
function run(p: readonly PatternToken[], s: Subject, options: MatchOptions, mode: Mode): boolean {
  const same = options.ignoreCase
    ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
    : (a: string, b: string) => a === b;
  if (p.every((t) => t.t === "c" || t.t === "?" || t.t === "*") && s.every((t) => t.t === "c" || t.t === "any1")) {
    return globWalk(p, s, (pt, st) =>
      pt.t === "?" ? true : pt.t !== "c" ? false : st.t === "c" ? same(pt.c, st.c) : mode === "possible",
    );
  }
  return tableWalk(p, s, options, mode, same);
}

/**
 * The two-pointer wildcard match: on a mismatch, go back to just after the last `*` and let it absorb one more subject
 * token. Correct when every token but `*` takes exactly one subject token, which `run` checks before calling it.
 */
function globWalk(
  p: readonly PatternToken[],
  s: Subject,
  one: (pt: PatternToken, st: SubjectToken) => boolean,
): boolean {
  const n = p.length;
  const m = s.length;
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < m) {
    const pt = p[i];
    if (pt !== undefined && pt.t === "*") {
      star = i++;
      mark = j;
    } else if (pt !== undefined && one(pt, s[j] as SubjectToken)) {
      i++;
      j++;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else {
      return false;
    }
  }
  while (p[i]?.t === "*") i++;
  return i === n;
}

function tableWalk(
  p: readonly PatternToken[],
  s: Subject,
  options: MatchOptions,
  mode: Mode,
  same: (a: string, b: string) => boolean,
): boolean {
  const n = p.length;
  const m = s.length;
  const width = m + 1;
  // ok[i * width + j]: whether p[i..] matches s[j..].
  const ok = new Uint8Array((n + 1) * width);
  const at = (i: number, j: number): boolean => ok[i * width + j] === 1;
  const accept = (tri: Tri): boolean => (mode === "certain" ? tri === "yes" : tri !== "no");

  // Where the run of literal characters starting at each position ends, so that a deployment value reads it at once.
  const patternLiteralEnd = new Int32Array(n + 1).fill(n);
  for (let k = n - 1; k >= 0; k--) patternLiteralEnd[k] = p[k]?.t === "c" ? (patternLiteralEnd[k + 1] as number) : k;
  const subjectLiteralEnd = new Int32Array(m + 1).fill(m);
  for (let k = m - 1; k >= 0; k--) subjectLiteralEnd[k] = s[k]?.t === "c" ? (subjectLiteralEnd[k + 1] as number) : k;
  const patternText = (from: number, to: number): string => {
    let text = "";
    for (let k = from; k < to; k++) text += (p[k] as { c: string }).c;
    return text;
  };
  const subjectText = (from: number, to: number): string => {
    let text = "";
    for (let k = from; k < to; k++) text += (s[k] as { c: string }).c;
    return text;
  };

  const cell = (i: number, j: number): boolean => {
    if (i === n && j === m) return true;
    const pt = p[i];
    const st = s[j];
    if (pt?.t === "ph" && st?.t === "anyN" && options.sameScope && st.placeholder === pt.text && at(i + 1, j + 1))
      return true;
    if (pt?.t === "*" || (pt?.t === "ph" && mode === "possible")) return at(i + 1, j) || (j < m && at(i, j + 1));
    if (pt?.t === "ph") return false;
    if (st?.t === "anyN") return mode === "possible" && (at(i, j + 1) || (i < n && at(i + 1, j)));
    if (st?.t === "dep") {
      if (pt?.t === "dep") return pt.which === st.which && at(i + 1, j + 1);
      if (pt?.t === "?") return mode === "possible" && (at(i + 1, j) || at(i + 1, j + 1));
      const text = patternText(i, Math.min(patternLiteralEnd[i] as number, i + MAX_DEPLOY_VALUE));
      for (let k = 1; k <= text.length; k++) {
        if (at(i + k, j + 1) && accept(deployValueIs(st.which, text.slice(0, k), options.ownAccounts))) return true;
      }
      return false;
    }
    if (st?.t === "any1") {
      if (pt?.t === "?") return at(i + 1, j + 1);
      if (pt?.t === "c") return mode === "possible" && at(i + 1, j + 1);
      return false;
    }
    if (st?.t === "c") {
      if (pt?.t === "c") return same(pt.c, st.c) && at(i + 1, j + 1);
      if (pt?.t === "?") return at(i + 1, j + 1);
      if (pt?.t === "dep") {
        const text = subjectText(j, Math.min(subjectLiteralEnd[j] as number, j + MAX_DEPLOY_VALUE));
        for (let k = 1; k <= text.length; k++) {
          if (at(i + 1, j + k) && accept(deployValueIs(pt.which, text.slice(0, k), options.ownAccounts))) return true;
        }
      }
      return false;
    }
    return false;
  };

  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) if (cell(i, j)) ok[i * width + j] = 1;
  }
  return at(0, 0);
}

/** An ARN whose parts may be partly unknown. The service is always known. */
export interface SubjectArn {
  partition: Subject;
  service: string;
  region: Subject;
  account: Subject;
  /** Everything after the account: `secret:prod/app/db-a1B2c3`, `key/1234...`, `role/reader`. */
  resource: Subject;
}

/** The colon-separated parts of an ARN: shared with the rules (`src/knowledge/principals.ts`). */
export { splitArn };

/** An ARN written as text, `${AWS::...}` placeholders and all; undefined when the text is not an ARN. */
export function subjectArnOf(text: string): SubjectArn | undefined {
  const parts = splitArn(text);
  if (parts.length < 6 || parts[0] !== "arn" || hasPlaceholder(parts[2] as string)) return undefined;
  return {
    partition: subjectOf(parts[1] as string),
    service: parts[2] as string,
    region: subjectOf(parts[3] as string),
    account: subjectOf(parts[4] as string),
    resource: subjectOf(parts[5] as string),
  };
}

/** The ARN as one subject, for string conditions on ARN-valued keys. */
export function flattenArn(arn: SubjectArn): Subject {
  const colon: SubjectToken = { t: "c", c: ":" };
  return [
    ...subjectOf("arn"),
    colon,
    ...arn.partition,
    colon,
    ...subjectOf(arn.service),
    colon,
    ...arn.region,
    colon,
    ...arn.account,
    colon,
    ...arn.resource,
  ];
}

/** The AND of three-valued answers: `no` wins, then `unknown`. */
export function triAnd(...values: Tri[]): Tri {
  if (values.includes("no")) return "no";
  return values.includes("unknown") ? "unknown" : "yes";
}

/**
 * Matches a `Resource` (or `NotResource`) pattern against an ARN, part by part as IAM does: partition, service, region
 * and account case-insensitively, the resource part case-sensitively; a wildcard does not cross a colon between parts.
 * `*` matches everything. An ARN with fewer than six parts is completed with `*` parts when `shortArns` is `expand`
 * (identity policies), and matches nothing otherwise unless it ends with a wildcard (resource policies).
 */
export function matchArn(
  pattern: string,
  subject: SubjectArn,
  options: { ownAccounts: readonly string[]; shortArns: "expand" | "no-match"; sameScope?: boolean },
): Tri {
  const text = pattern.trim();
  if (text === "*") return "yes";
  const parts = splitArn(text);
  if (parts[0] !== "arn") {
    // A placeholder may stand for a whole ARN (`${SecretArn}`); anything else is not a resource IAM can match.
    return hasPlaceholder(text) ? "unknown" : "no";
  }
  if (parts.length < 6) {
    if (options.shortArns === "no-match" && !(parts[parts.length - 1] as string).endsWith("*")) return "no";
    while (parts.length < 6) parts.push("*");
  }
  const insensitive = {
    wildcards: true,
    ignoreCase: true,
    ownAccounts: options.ownAccounts,
    sameScope: options.sameScope ?? false,
  };
  const [, partition, service, region, account, resource] = parts as [string, string, string, string, string, string];
  return triAnd(
    matchPattern(service, subjectOf(subject.service), insensitive),
    matchPattern(partition, subject.partition, insensitive),
    matchPattern(region, subject.region, insensitive),
    matchPattern(account, subject.account, insensitive),
    matchPattern(resource, subject.resource, { ...insensitive, ignoreCase: false }),
  );
}

/** Matches an `Action` pattern against an action: case-insensitive, `*` and `?` wildcards. */
export function matchAction(pattern: string, action: string): Tri {
  const text = pattern.trim();
  if (text === "*") return "yes";
  if (!text.includes(":") && !hasPlaceholder(text)) return "no";
  return matchPattern(text, subjectOf(action), { wildcards: true, ignoreCase: true, ownAccounts: [] });
}

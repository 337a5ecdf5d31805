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
      const which = PSEUDO[placeholder.name];
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
      const which = PSEUDO[placeholder.name];
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
 * Whether the pattern matches the subject for every value of its unknown parts (`certain`) or for at least one
 * (`possible`). A memoised walk over both sequences; `*` absorbs any subject token, an unknown run of the subject
 * absorbs any pattern tokens (only when asking about `possible`), a deployment value matches its own placeholder, and
 * literal text through `deployValueIs`.
 */
function run(p: readonly PatternToken[], s: Subject, options: MatchOptions, mode: Mode): boolean {
  const n = p.length;
  const m = s.length;
  const memo = new Map<number, boolean>();
  const same = options.ignoreCase ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  const accept = (tri: Tri): boolean => (mode === "certain" ? tri === "yes" : tri !== "no");

  /** The literal characters of the pattern from `i` on, as long as they are literal. */
  const literalRun = (i: number): string => {
    let text = "";
    for (let k = i; k < n; k++) {
      const token = p[k] as PatternToken;
      if (token.t !== "c") break;
      text += token.c;
    }
    return text;
  };
  const subjectRun = (j: number): string => {
    let text = "";
    for (let k = j; k < m; k++) {
      const token = s[k] as SubjectToken;
      if (token.t !== "c") break;
      text += token.c;
    }
    return text;
  };

  const go = (i: number, j: number): boolean => {
    const key = i * (m + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    const result = step(i, j);
    memo.set(key, result);
    return result;
  };

  const step = (i: number, j: number): boolean => {
    if (i === n && j === m) return true;
    const pt = p[i];
    const st = s[j];
    if (pt?.t === "ph" && st?.t === "anyN" && options.sameScope && st.placeholder === pt.text && go(i + 1, j + 1)) return true;
    if (pt?.t === "*" || (pt?.t === "ph" && mode === "possible")) return go(i + 1, j) || (j < m && go(i, j + 1));
    if (pt?.t === "ph") return false;
    if (st?.t === "anyN") return mode === "possible" && (go(i, j + 1) || (i < n && go(i + 1, j)));
    if (st?.t === "dep") {
      if (pt?.t === "dep") return pt.which === st.which && go(i + 1, j + 1);
      if (pt?.t === "?") return mode === "possible" && (go(i + 1, j) || go(i + 1, j + 1));
      const text = literalRun(i);
      for (let k = 1; k <= text.length; k++) {
        if (accept(deployValueIs(st.which, text.slice(0, k), options.ownAccounts)) && go(i + k, j + 1)) return true;
      }
      return false;
    }
    if (st?.t === "any1") {
      if (pt?.t === "?") return go(i + 1, j + 1);
      if (pt?.t === "c") return mode === "possible" && go(i + 1, j + 1);
      return false;
    }
    if (st?.t === "c") {
      if (pt?.t === "c") return same(pt.c, st.c) && go(i + 1, j + 1);
      if (pt?.t === "?") return go(i + 1, j + 1);
      if (pt?.t === "dep") {
        const text = subjectRun(j);
        for (let k = 1; k <= text.length; k++) {
          if (accept(deployValueIs(pt.which, text.slice(0, k), options.ownAccounts)) && go(i + 1, j + k)) return true;
        }
      }
      return false;
    }
    return false;
  };

  return go(0, 0);
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
  const insensitive = { wildcards: true, ignoreCase: true, ownAccounts: options.ownAccounts, sameScope: options.sameScope ?? false };
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

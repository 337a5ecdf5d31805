import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, parse as parsePath } from "node:path";
import type { Rule } from "../knowledge/rule-contract.js";
import { SourceFile } from "../core/positioned.js";
import type { RuleSetting } from "./run.js";
import { CONFIDENCES, SEVERITIES, type Confidence, type Severity } from "../core/finding.js";
import { globProblem } from "./ignore-globs.js";

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** Per-file time budget, in seconds: a file that takes longer to parse and check gets an error entry instead. */
export const DEFAULT_MAX_FILE_SECONDS = 10;

/**
 * The largest budget a timer can hold: `setTimeout` takes at most 2^31 - 1 ms, and fires at once (every file "over
 * budget") above it. A configuration asking for more is refused at load; a unit's budget (a Terraform module's is its
 * files' together) is clamped to it (see `unitBudgetMs`).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
export const MAX_FILE_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** A unit's budget in milliseconds: `seconds` per file, clamped to what a timer can hold; 0 for none. */
export function unitBudgetMs(seconds: number, files: number): number {
  if (!(seconds > 0)) return 0;
  return Math.min(MAX_TIMER_MS, Math.min(seconds, MAX_FILE_SECONDS) * 1000 * Math.max(1, files));
}

export type RuleConfig = "off" | Severity | { severity?: Severity | "off"; options?: Record<string, unknown> };

export interface Config {
  rules?: Record<string, RuleConfig>;
  /** Files larger than this many bytes are skipped with a note. */
  maxFileSize?: number;
  /**
   * A file whose parsing and per-file rules take longer than this many seconds is not scanned: it gets an error entry
   * and the scan goes on. `0` sets no budget. Enforced by the worker threads; see `scan`.
   */
  maxFileSeconds?: number;
  /** AWS account ids that belong to the project (besides the deploying account): not cross-account. */
  ownAccounts?: string[];
  /** Prices for `secretwarden inventory`: dollars per secret (and per replica) and month. */
  pricing?: { perSecretMonth?: number };
  /** gitignore-style globs, relative to the configuration file's folder: when given, only matching files are scanned. */
  include?: string[];
  /** gitignore-style globs, relative to the configuration file's folder: matching files are never scanned. */
  exclude?: string[];
  /** Baseline file (see `--baseline`), relative to the configuration file's folder. */
  baseline?: string;
  /** Default of `--fail-on`. */
  failOn?: Severity | "none";
  /** Default of `--min-confidence`: credential findings less sure than this are not reported (default `medium`). */
  minConfidence?: Confidence;
}

/** The names looked for, in this order, in the scanned folder and then in each folder above it. */
export const CONFIG_FILE_NAMES = [
  "secretwarden.config.json",
  ".secretwardenrc.json",
  ".secretwardenrc.yaml",
  ".secretwardenrc.yml",
] as const;

/**
 * The configuration file that applies to `start` (a folder): the first of CONFIG_FILE_NAMES in it or in the nearest
 * folder above it that has one. Undefined when there is none up to the file system's root.
 */
export async function findConfig(start: string): Promise<string | undefined> {
  let directory = start;
  const root = parsePath(start).root;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(directory, name);
      // Synchronous: a dozen stats of files that are mostly absent, each a round trip through libuv's thread pool when
      // asynchronous, were 10 ms of a one-file pre-commit run while git listed the index.
      try {
        if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
      } catch {
        // not here (a folder on the way that cannot be read)
      }
    }
    if (directory === root) return undefined;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The largest `maxFileSize`: 1 GiB, above what a file read as text can be. */
export const MAX_FILE_SIZE_LIMIT = 1024 * 1024 * 1024;

/** The largest `pricing.perSecretMonth`, in US dollars (the list price is $0.40): above it, a typo. */
export const MAX_PRICE_PER_SECRET_MONTH = 1000;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The configuration file's JSON schema; every rule id is a known key, so a typo is an error, not a silent no-op. */
export function configSchema(rules: readonly Rule[]): object {
  const severity = { enum: [...SEVERITIES, "off"] };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "secretwarden configuration",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      // Ranges, so that a typo (1e308) is an error at load rather than "$Infinity" or a limit no read can reach:
      // a file over 1 GiB cannot be held as text at all; a timer holds at most 2^31-1 ms.
      maxFileSize: { type: "integer", minimum: 1, maximum: MAX_FILE_SIZE_LIMIT },
      maxFileSeconds: { type: "number", minimum: 0, maximum: MAX_FILE_SECONDS },
      include: { type: "array", items: { type: "string", minLength: 1 } },
      exclude: { type: "array", items: { type: "string", minLength: 1 } },
      baseline: { type: "string", minLength: 1 },
      failOn: { enum: [...SEVERITIES, "none"] },
      minConfidence: { enum: [...CONFIDENCES] },
      ownAccounts: { type: "array", items: { type: "string", pattern: "^[0-9]{12}$" }, uniqueItems: true },
      pricing: {
        type: "object",
        additionalProperties: false,
        properties: { perSecretMonth: { type: "number", minimum: 0, maximum: MAX_PRICE_PER_SECRET_MONTH } },
      },
      rules: {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(
          rules.map((rule) => [
            rule.meta.id,
            {
              oneOf: [
                severity,
                {
                  type: "object",
                  additionalProperties: false,
                  properties: {
                    severity,
                    options: rule.options
                      ? { type: "object", additionalProperties: false, ...rule.options.schema }
                      : { type: "object", maxProperties: 0 },
                  },
                },
              ],
            },
          ]),
        ),
      },
    },
  };
}

/** Reads and validates a JSON or YAML config file. Ajv and the YAML parser load only when there is one. */
export async function loadConfig(path: string, rules: readonly Rule[]): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  const yaml = /\.ya?ml$/i.test(path);
  const { data, locate } = yaml ? await parseYamlConfig(path, text) : await parseJsonConfig(path, text);
  const { Ajv } = await import("ajv");
  // verbose: each error carries its value and schema, for "did you mean" and the list of allowed values.
  const validate = new Ajv({ allErrors: true, strict: true, verbose: true }).compile(configSchema(rules));
  if (!validate(data)) {
    const { configProblems } = await import("./config-problems.js");
    const problems = configProblems(validate.errors ?? []).map((problem) => {
      const at = locate(problem.segments);
      return `${problem.pointer || "(top level)"}: ${problem.message}${at ? ` (line ${at.line}, column ${at.column})` : ""}`;
    });
    throw new ConfigError(`config file ${path} is invalid:\n  ${[...new Set(problems)].join("\n  ")}`);
  }
  const config = data as Config;
  const problems = rules.flatMap((rule) => {
    const entry = config.rules?.[rule.meta.id];
    const options = typeof entry === "object" ? entry.options : undefined;
    const problem = options && rule.options?.validate?.({ ...rule.options.defaults, ...options });
    const at = locate(["rules", rule.meta.id, "options"]);
    return problem
      ? [`/rules/${rule.meta.id}/options: ${problem}${at ? ` (line ${at.line}, column ${at.column})` : ""}`]
      : [];
  });
  for (const key of ["include", "exclude"] as const) {
    for (const [index, glob] of (config[key] ?? []).entries()) {
      const problem = globProblem(glob);
      const at = locate([key, String(index)]);
      if (problem) problems.push(`/${key}/${index}: ${problem}${at ? ` (line ${at.line}, column ${at.column})` : ""}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`config file ${path} is invalid:\n  ${problems.join("\n  ")}`);
  return config;
}

type Locator = (segments: readonly string[]) => { line: number; column: number } | undefined;

async function parseJsonConfig(path: string, text: string): Promise<{ data: unknown; locate: Locator }> {
  const file = new SourceFile(path, text);
  const { parseTree, findNodeAtLocation, printParseErrorCode } = await import("jsonc-parser");
  const errors: import("jsonc-parser").ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first || !tree) {
    const at = first ? file.locate(first.offset) : { line: 1, column: 1 };
    const what = first ? printParseErrorCode(first.error) : "empty file";
    throw new ConfigError(`config file ${path} is not valid JSON: ${what} at line ${at.line}, column ${at.column}`);
  }
  const locate: Locator = (segments) => {
    // The deepest node that exists: a missing key is located at the object that should hold it.
    for (let n = segments.length; n >= 0; n--) {
      const node = findNodeAtLocation(
        tree,
        segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
      );
      if (!node) continue;
      const key = node.parent?.type === "property" ? node.parent.children?.[0] : undefined;
      return file.locate((key ?? node).offset);
    }
    return undefined;
  };
  return { data: JSON.parse(text) as unknown, locate };
}

async function parseYamlConfig(path: string, text: string): Promise<{ data: unknown; locate: Locator }> {
  const file = new SourceFile(path, text);
  const YAML = await import("../parsers/yaml-library.js");
  const document = YAML.parseDocument(text);
  const error = document.errors[0];
  if (error) {
    // The library's message quotes the offending text, which may be a value the user meant to keep out of logs.
    const at = file.locate(error.pos[0]);
    const { describeYamlError } = await import("../parsers/yaml-errors.js");
    throw new ConfigError(
      `config file ${path} is not valid YAML: ${describeYamlError(error.code)} at line ${at.line}, column ${at.column}`,
    );
  }
  const locate: Locator = (segments) => {
    let node: unknown = document.contents;
    let found: { line: number; column: number } | undefined;
    for (const segment of segments) {
      if (YAML.isMap(node)) {
        const pair = node.items.find((item) => YAML.isScalar(item.key) && String(item.key.value) === segment);
        if (!pair) break;
        const range = YAML.isNode(pair.key) ? pair.key.range : undefined;
        if (range) found = file.locate(range[0]);
        node = pair.value;
      } else if (YAML.isSeq(node)) {
        const item = node.items[Number(segment)];
        if (!item) break;
        const range = YAML.isNode(item) ? item.range : undefined;
        if (range) found = file.locate(range[0]);
        node = item;
      } else break;
    }
    return found;
  };
  return { data: document.toJS() as unknown, locate };
}

/** Severity and options of each enabled rule: the rule's default, overridden by the configuration. */
export function ruleSettings(rules: readonly Rule[], config: Config): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const entry = config.rules?.[rule.meta.id];
    const severity = typeof entry === "string" ? entry : (entry?.severity ?? rule.meta.severity);
    if (severity === "off") continue;
    const configured = typeof entry === "object" ? entry.options : undefined;
    settings.set(rule.meta.id, { severity, options: { ...rule.options?.defaults, ...configured } });
  }
  return settings;
}

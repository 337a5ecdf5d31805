import { readFile } from "node:fs/promises";
import type { Rule } from "../rules/define.js";
import type { RuleSetting } from "./run.js";
import { SEVERITIES, type Severity } from "./types.js";

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export type RuleConfig = "off" | Severity | { severity?: Severity | "off"; options?: Record<string, unknown> };

export interface Config {
  rules?: Record<string, RuleConfig>;
  /** Files larger than this many bytes are skipped with a note. */
  maxFileSize?: number;
  /** AWS account ids that belong to the project (besides the deploying account): not cross-account. */
  ownAccounts?: string[];
}

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
      maxFileSize: { type: "integer", minimum: 1 },
      ownAccounts: { type: "array", items: { type: "string", pattern: "^[0-9]{12}$" }, uniqueItems: true },
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
                    options: rule.options ? { type: "object", additionalProperties: false, ...rule.options.schema } : { type: "object", maxProperties: 0 },
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
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? (await import("yaml")).parse(text) : JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(error as Error).message}`);
  }
  const { Ajv } = await import("ajv");
  const validate = new Ajv({ allErrors: true, strict: true }).compile(configSchema(rules));
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => {
      const where = e.instancePath || "(top level)";
      const extra = e.keyword === "additionalProperties" ? ` "${String((e.params as { additionalProperty?: string }).additionalProperty)}"` : "";
      return `${where}: ${e.message ?? "invalid"}${extra}`;
    });
    throw new ConfigError(`config file ${path} is invalid:\n  ${[...new Set(problems)].join("\n  ")}`);
  }
  const config = data as Config;
  const problems = rules.flatMap((rule) => {
    const entry = config.rules?.[rule.meta.id];
    const options = typeof entry === "object" ? entry.options : undefined;
    const problem = options && rule.options?.validate?.({ ...rule.options.defaults, ...options });
    return problem ? [`/rules/${rule.meta.id}/options: ${problem}`] : [];
  });
  if (problems.length > 0) throw new ConfigError(`config file ${path} is invalid:\n  ${problems.join("\n  ")}`);
  return config;
}

/** Severity and options of each enabled rule: the rule's default, overridden by the configuration. */
export function ruleSettings(rules: readonly Rule[], config: Config): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const entry = config.rules?.[rule.meta.id];
    const severity = typeof entry === "string" ? entry : entry?.severity ?? rule.meta.severity;
    if (severity === "off") continue;
    const configured = typeof entry === "object" ? entry.options : undefined;
    settings.set(rule.meta.id, { severity, options: { ...rule.options?.defaults, ...configured } });
  }
  return settings;
}

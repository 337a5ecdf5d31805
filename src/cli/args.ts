import { parseArgs } from "node:util";
import { CONFIDENCES, SEVERITIES, type Confidence, type Severity } from "../core/finding.js";
import { globProblem } from "../engine/ignore-globs.js";
import { withOptionSuggestion } from "./option-suggestion.js";

export type Format = "text" | "json" | "sarif";
export type FailOn = Severity | "none";

export type Command = "scan" | "access" | "inventory";

export interface CliOptions {
  /** `access` or `inventory` when the first positional argument says so; otherwise the scan. */
  command: Command;
  paths: string[];
  format: Format;
  output?: string;
  /** `--root`: the directory SARIF paths are relative to (default: the git work tree, else the current directory). */
  root?: string;
  /** `--sarif-category`: SARIF `automationDetails.id` is `<category>/` (default `secretwarden/`). */
  sarifCategory?: string;
  /** Undefined when not given: the configuration's `failOn`, else warning. */
  failOn: FailOn;
  failOnGiven: boolean;
  /** Undefined when not given: the configuration's `minConfidence`, else medium. */
  minConfidence?: Confidence;
  config?: string;
  /** `--no-config`: do not look for a configuration file. */
  noConfig: boolean;
  include: string[];
  exclude: string[];
  baseline?: string;
  writeBaseline?: string;
  staged: boolean;
  /** `--no-context` gives false: files named or staged are scanned without the rest of the repository. */
  context: boolean;
  diffBase?: string;
  /** `--jobs`: worker threads; undefined: one per core. */
  jobs?: number;
  /** `--jobs-force`: `jobs` even above the number of cores. */
  jobsForce?: boolean;
  progress: boolean | undefined;
  color: boolean | undefined;
  quiet: boolean;
  /** `access` and `inventory`: each top folder of a scanned path is its own account. */
  accountPerFolder: boolean;
  listRules: boolean;
  version: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";

  constructor(
    message: string,
    /** The command whose usage was wrong, for the hint that follows the message. */
    readonly command: Command = "scan",
  ) {
    super(message);
  }
}

export const HELP = `Usage: secretwarden [options] [paths...]
       secretwarden access [options] [paths...]
       secretwarden inventory [options] [paths...]

Audits how a repository handles secrets on AWS: CloudFormation, Terraform, IAM
policies, application source and configuration, reported as text, JSON or SARIF.
Paths default to the current directory.

Commands:
  access                              who can read each secret: principals,
                                      the policies that let them, and whether
                                      the KMS key lets them decrypt
                                      (secretwarden access --help). To scan a
                                      folder named access, write ./access
  inventory                           every secret with its key, rotation,
                                      replicas, policy, readers and monthly
                                      cost (secretwarden inventory --help)

Options:
  -f, --format <text|json|sarif>      report format (default: text)
  -o, --output <file>                 write the report to a file instead of
                                      stdout (missing folders are created)
  --fail-on <error|warning|note|none> exit 1 when a finding at or above this
                                      severity exists (default: warning)
  --min-confidence <low|medium|high>  report credential findings only at or
                                      above this confidence (default: medium);
                                      other findings have none and always show
  -c, --config <file>                 configuration file (JSON or YAML); by default
                                      secretwarden.config.json, .secretwardenrc.json
                                      or .secretwardenrc.yaml is looked for in the
                                      scanned folder and the folders above it
  --no-config                         do not look for a configuration file
  --include <glob>                    scan only files matching it (repeatable;
                                      replaces the configuration's include)
  --exclude <glob>                    do not scan files matching it (repeatable;
                                      added to the configuration's exclude)
  --baseline <file>                   report only findings not in this baseline,
                                      and list its entries that no longer match
  --write-baseline <file>             record the current findings as the baseline
                                      (exit 0 unless an error occurs)
  --staged                            scan the staged content (git index) of the
                                      staged files, for a git pre-commit hook
  --no-context                        judge files named or staged on their own:
                                      by default their findings are those of a
                                      scan of the whole repository (the git work
                                      tree holding each file, else its folder's
                                      Terraform files only; the index for
                                      --staged): the other files of a
                                      Terraform file's folder are read, and the
                                      templates, policies, plans and Terraform
                                      files that can link to them (a rotation, a
                                      secret, a trail, a handler), never reported
                                      on. A folder given is its own project
  --diff-base <git-ref>               report only findings that are new relative
                                      to that commit, branch or tag
  --jobs <n>                          worker threads (default and maximum: the
                                      number of cores); below 200 files, only
                                      for files of 64 KB or more
  --jobs-force                        allow --jobs above the number of cores
  --progress, --no-progress           a progress line on stderr, or none (default:
                                      only on a terminal, never when CI is set)
  --no-color                          no colour in text output (also NO_COLOR=1)
  --color                             colour even when not on a terminal
  --root <dir>                        SARIF paths are relative to it (default: the
                                      git work tree of the first path, else the
                                      current directory)
  --sarif-category <name>             SARIF automationDetails.id is <name>/ (default:
                                      secretwarden/); one per upload for one commit
  -q, --quiet                         text output: only findings at or above
                                      --fail-on, nothing when there are none
  --list-rules                        list the rules: id, default severity, title,
                                      documentation
  --version                           print the version
  --help                              print this help

Exit codes: 0 no finding at or above --fail-on, 1 such findings exist,
2 usage or fatal error, or nothing could be scanned (every file failed). A file
that cannot be parsed is reported in the report's errors and, as long as another
file was scanned, does not change the exit code.
`;

/** The options `access` and `inventory` share, with the lines that close their help. */
const SUBCOMMAND_OPTIONS = `  --include <glob>                    read only files matching it (repeatable;
                                      replaces the configuration's include)
  --exclude <glob>                    do not read files matching it (repeatable;
                                      added to the configuration's exclude)
  --account-per-folder                each top folder of a scanned path (a
                                      template's or a Terraform module's folder
                                      in a monorepo) is its own account: its
                                      principals read only its own secrets
  --fail-on <error|warning|note|none> exit 1 when the scan of the same files
                                      has a finding at or above this severity
                                      (default: none)
  --no-color, --color                 accepted as for the scan (the text is
                                      never coloured)
  --help                              print this help

Exit codes: 0 the report was written, 1 --fail-on found findings, 2 usage or
fatal error.
`;

export const ACCESS_HELP = `Usage: secretwarden access [options] [paths...]

For each secret of the project, which principals defined or named in it can
call secretsmanager:GetSecretValue: the project's roles, users and groups
through their identity policies, and the principals the secret's resource
policy names; through which policy statements; and whether the secret's KMS
key lets them decrypt it. Answers are yes, no, conditional (on conditions
that cannot be checked statically) or unknown (on values the templates do
not give). Paths default to the current directory.

Options:
  --format <text|json>                report format (default: text)
  --output <file>                     write the report to a file instead of stdout
  --config <file>                     configuration file (JSON or YAML); its
                                      ownAccounts are the deploying account
${SUBCOMMAND_OPTIONS}`;

export const INVENTORY_HELP = `Usage: secretwarden inventory [options] [paths...]

Every secret the project defines, one row each: name, file:line, key
(customer-managed or AWS-managed), rotation interval, replica regions,
resource policy (none, same account, cross-account, public), how many
principals can read it, and the estimated monthly storage cost ($0.40 per
secret and per replica, configurable as pricing.perSecretMonth). API calls
and rotation Lambda invocations are not included. Paths default to the
current directory.

Options:
  --format <text|json>                report format (default: text)
  --output <file>                     write the report to a file instead of stdout
  --config <file>                     configuration file (JSON or YAML): ownAccounts,
                                      pricing.perSecretMonth
${SUBCOMMAND_OPTIONS}`;

const FORMATS: readonly Format[] = ["text", "json", "sarif"];
const ACCESS_FORMATS: readonly Format[] = ["text", "json"];
/** Options of the scan that mean nothing for `access`: an error rather than silently ignored. */
const SCAN_ONLY = [
  "min-confidence",
  "quiet",
  "list-rules",
  "baseline",
  "write-baseline",
  "staged",
  "no-context",
  "diff-base",
  "root",
  "sarif-category",
] as const;
/** Options of `access` and `inventory` only. */
const PROJECT_REPORT_ONLY = ["account-per-folder"] as const;
const FAIL_ON: readonly FailOn[] = [...SEVERITIES, "none"];

export function parseCliArgs(argv: string[]): CliOptions {
  // biome-ignore lint/suspicious/noImplicitAnyLet: assigned in the try below; TypeScript types it by control flow
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        output: { type: "string", short: "o" },
        root: { type: "string" },
        "sarif-category": { type: "string" },
        "fail-on": { type: "string" },
        "min-confidence": { type: "string" },
        config: { type: "string", short: "c" },
        "no-config": { type: "boolean" },
        include: { type: "string", multiple: true },
        exclude: { type: "string", multiple: true },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        staged: { type: "boolean" },
        "no-context": { type: "boolean" },
        "diff-base": { type: "string" },
        jobs: { type: "string", short: "j" },
        "jobs-force": { type: "boolean" },
        progress: { type: "boolean" },
        "no-progress": { type: "boolean" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        quiet: { type: "boolean", short: "q" },
        "account-per-folder": { type: "boolean" },
        "list-rules": { type: "boolean" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    // node:util's messages name the option and say what is wrong; drop its hint about "--" for positionals.
    throw new UsageError(
      withOptionSuggestion(
        (error as Error).message.replace(/\. To specify a positional argument.*$/s, ""),
        `${HELP}${ACCESS_HELP}`,
      ),
    );
  }
  const { values, positionals } = parsed;
  // A first positional `access` or `inventory` is the subcommand; a folder of that name is scanned as `./access`.
  const command: Command = positionals[0] === "access" || positionals[0] === "inventory" ? positionals[0] : "scan";
  if (command !== "scan") {
    const misplaced = SCAN_ONLY.find((option) => values[option] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} does not apply to secretwarden ${command}`, command);
  } else {
    const misplaced = PROJECT_REPORT_ONLY.find((option) => values[option] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} applies to secretwarden access and inventory only`, command);
  }
  const format = oneOf("--format", values.format ?? "text", command === "scan" ? FORMATS : ACCESS_FORMATS, command);
  // `access` and `inventory` are reports: they fail only when asked to.
  const failOn = oneOf("--fail-on", values["fail-on"] ?? (command === "scan" ? "warning" : "none"), FAIL_ON, command);
  const options: CliOptions = {
    command,
    paths: command === "scan" ? positionals : positionals.slice(1),
    format,
    failOn,
    failOnGiven: values["fail-on"] !== undefined,
    noConfig: values["no-config"] ?? false,
    include: values.include ?? [],
    exclude: values.exclude ?? [],
    staged: values.staged ?? false,
    context: !(values["no-context"] ?? false),
    progress: values["no-progress"] ? false : values.progress ? true : undefined,
    color: values["no-color"] ? false : values.color ? true : undefined,
    quiet: values.quiet ?? false,
    accountPerFolder: values["account-per-folder"] ?? false,
    listRules: values["list-rules"] ?? false,
    version: values.version ?? false,
    help: values.help ?? false,
  };
  for (const flag of ["include", "exclude"] as const) {
    for (const glob of options[flag]) {
      const problem = globProblem(glob);
      if (problem) throw new UsageError(`--${flag} ${JSON.stringify(glob)} ${problem}`, command);
    }
  }
  if (values["min-confidence"] !== undefined)
    options.minConfidence = oneOf("--min-confidence", values["min-confidence"], [...CONFIDENCES].reverse(), command);
  if (values.output !== undefined) options.output = nonEmpty("--output", values.output, command);
  if (values.config !== undefined) options.config = nonEmpty("--config", values.config, command);
  if (values.baseline !== undefined) options.baseline = nonEmpty("--baseline", values.baseline, command);
  if (values["write-baseline"] !== undefined)
    options.writeBaseline = nonEmpty("--write-baseline", values["write-baseline"], command);
  if (values.root !== undefined) options.root = nonEmpty("--root", values.root, command);
  if (values["sarif-category"] !== undefined) {
    // A category on a text or JSON report would be silently lost: say so rather than let an upload collide.
    if (format !== "sarif") throw new UsageError("--sarif-category applies to --format sarif only", command);
    options.sarifCategory = nonEmpty("--sarif-category", values["sarif-category"], command);
  }
  if (values["diff-base"] !== undefined) options.diffBase = nonEmpty("--diff-base", values["diff-base"], command);
  if (values.jobs !== undefined) {
    if (!/^[1-9][0-9]{0,3}$/.test(values.jobs.trim()))
      throw new UsageError(`--jobs must be a whole number from 1 to 9999; got "${values.jobs}"`, command);
    options.jobs = Number(values.jobs.trim());
  }
  if (values["jobs-force"]) {
    if (options.jobs === undefined) throw new UsageError("--jobs-force needs --jobs", command);
    options.jobsForce = true;
  }
  if (options.config && options.noConfig)
    throw new UsageError("--config and --no-config cannot be used together", command);
  if (options.staged && options.diffBase)
    throw new UsageError("--staged and --diff-base cannot be used together", command);
  return options;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[], command: Command = "scan"): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(", ")}; got "${value}"`, command);
}

function nonEmpty(flag: string, value: string, command: Command): string {
  const what =
    flag === "--diff-base"
      ? "a git reference"
      : flag === "--root"
        ? "a directory"
        : flag === "--sarif-category"
          ? "a name"
          : "a file name";
  if (value.trim() === "") throw new UsageError(`${flag} needs ${what}`, command);
  return value;
}

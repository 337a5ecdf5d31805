/**
 * The rule contract (ESLint's `meta` + `create` shape). Core imports nothing of ours, so what a rule reads from the
 * layers above (the model's entities and project, the IAM catalogue, the platform's words) is a parameter, `RuleWorld`,
 * bound once to this project's model in src/knowledge/rule-contract.ts, which is what rules and the engine import.
 */
import type { Confidence, Severity } from "./finding.js";
import type { Platform } from "./platform.js";
import type { PNode } from "./positioned.js";

/**
 * Where a rule runs, derived from what it reads (`scopeOf` in src/knowledge/rule-contract.ts), never declared. `file`:
 * the rule needs only the unit at hand (a template, a file, a Terraform module folder), so it runs right after that
 * unit is parsed, in a worker thread when the scan has a pool, and the unit's trees are then dropped. `project`: it
 * links across files or concludes about the whole project; it runs once over the merged project, which holds every
 * entity but, of the documents, only those of source files that read a secret (`source.secretFetches` non-empty),
 * with their `source` summary but its `literals` (`root` is an empty placeholder).
 */
export type RuleScope = "file" | "project";

/** SARIF's `precision` scale (the values CodeQL uses); "low" is for rules wrong often enough to be opt-in. */
export type RulePrecision = "very-high" | "high" | "medium" | "low";

export interface RuleMeta {
  /** kebab-case, equals the rule's folder name; stable API. */
  id: string;
  title: string;
  severity: Severity;
  /** GitHub code scanning's 0-10 scale. */
  securitySeverity: number;
  appliesTo: Platform[];
  messages: Record<string, string>;
  /** Similar checks in other tools, by tool name. */
  related?: Partial<Record<"checkov" | "kics" | "cfnNag" | "cdkNag" | "trivy" | "cfnLint", string[]>>;
  docs: {
    /** One paragraph: why this matters. SARIF `fullDescription`. */
    description: string;
    /** Markdown: how to fix it. Part of SARIF `help`. */
    remediation: string;
  };
  /**
   * e.g. ["CWE-326"]. The SARIF reporter adds "security" (and a security-severity) unless a tag names a category that
   * is not a security weakness: "maintainability" or "performance".
   */
  tags?: string[];
  /**
   * How often a finding of this rule is right, as measured (ACCURACY.md): SARIF `precision`, which GitHub code scanning
   * uses to order alerts. Absent: unknown, and SARIF says nothing.
   */
  precision?: RulePrecision;
}

/** What the layers above core give the contract (see the header). */
export interface RuleWorld {
  /** Anything a finding can be about: gives the finding its `resource`. */
  entity: object;
  /** One optional method per kind of entity the model has; each is called once per entity of that kind. */
  visitors: object;
  /** The cross-file index rules read. */
  project: unknown;
  /** The IAM action catalogue. */
  iam: unknown;
  /** The platform's words for messages. */
  words: unknown;
  /** What a rule can declare it reads (`meta.entities`): the model's entity kinds and its other inputs. */
  reads: string;
}

/** What a rule reports: a node, a message id of its `meta.messages`, and the data the message interpolates. */
export interface Report<M extends string, W extends RuleWorld> {
  node: PNode;
  messageId: M;
  data?: Record<string, string | number>;
  /** The entity the finding is about; gives the finding its `resource`. */
  entity?: W["entity"];
  /** The resource, when there is no entity (a string found anywhere in a document). */
  resource?: string;
  /** For credential findings: the credential's kind, e.g. `aws-access-key`. */
  kind?: string;
  /** For credential findings: how sure the rule is that the value is a credential (`--min-confidence` filters on it). */
  confidence?: Confidence;
  /**
   * What identifies the finding across changes when its place does not: replaces file, resource and node path in
   * the fingerprint. For a finding about the project as a whole, shown at one of many places (the first secret),
   * so that adding a secret that sorts first does not make it a new finding against a baseline or `--diff-base`.
   */
  identity?: string;
  /**
   * A sub-case less certain than the rule's main case (e.g. a key policy that may lack a grant) can lower the
   * severity. It never raises it, and a severity set in the configuration caps it.
   */
  severity?: Severity;
}

export interface RuleContext<M extends string, W extends RuleWorld> {
  readonly project: W["project"];
  /** AWS account ids the configuration declares as the project's own (`ownAccounts`), besides `${AWS::AccountId}`. */
  readonly ownAccounts: readonly string[];
  /** The IAM action catalogue, loaded for the services the project's policies name (empty when there are none). */
  readonly iam: W["iam"];
  /** The rule's options: its `options.defaults` with the configuration's values (validated by the schema) over them. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The platform's words for messages (`parameter` or `variable`...): rule code names no platform itself. */
  words(of: { readonly platform: Platform }): W["words"];
  report(report: Report<M, W>): void;
}

/** The model's visitors, and one call after every entity and document was visited: for project-wide conclusions. */
export type Visitors<W extends RuleWorld> = W["visitors"] & { projectEnd?(): void };

export interface RuleOptions {
  /** JSON schema of the rule's `options` object in the configuration (`additionalProperties: false`). */
  schema: Record<string, unknown>;
  /** Values used where the configuration sets none; the rule reads `context.options` merged over these. */
  defaults: Record<string, unknown>;
  /** Checks a schema cannot express (a regular expression that compiles); returns the problem, if any. */
  validate?(options: Record<string, unknown>): string | undefined;
}

export interface Rule<M extends string, W extends RuleWorld> {
  meta: RuleMeta & {
    messages: Record<M, string>;
    /**
     * Everything the rule reads: the entity kinds it visits and those it looks up in the project (`project.all`,
     * `rotationsFor`...), and `document` if it visits documents. The engine calls a visitor only for a kind listed
     * here, and a rule of scope `project` is given, of each unit, the entities of these kinds only (narrowed further
     * by `needs`).
     */
    entities: readonly W["reads"][];
  };
  options?: RuleOptions;
  create(context: RuleContext<M, W>): Visitors<W>;
  /**
   * For a rule of scope `project`: whether it needs this entity of a unit at the project level (`iam` covers the
   * unit's own services). The scan keeps only the entities some project rule needs, and all of them when one of
   * these rules does not say: a large scan then carries its secrets and keys to the end, not every parameter and
   * identity policy it read.
   */
  needs?(entity: W["entity"], iam: W["iam"]): boolean;
}

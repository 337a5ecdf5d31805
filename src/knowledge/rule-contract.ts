/**
 * The rule contract of src/core/rule.ts bound to this project's model (entities, project, dialect) and the IAM
 * catalogue: core cannot name them, and this is the lowest layer that sees them all. Rules and the engine import
 * the contract from here.
 */
import type * as contract from "../core/rule.js";
import type { Dialect } from "../model/dialect.js";
import type { Entity } from "../model/entities.js";
import type { Project } from "../model/project.js";
import { LINKED_ACROSS_FILES } from "../model/links.js";
import type { EntityVisitors } from "../model/visitors.js";
import type { IamCatalogue } from "./iam-catalogue.js";

/** What a rule reads: an entity kind, or `document` for each parsed document (the `document` visitor). */
export type Reads = Entity["kind"] | "document";

export interface ModelWorld {
  reads: Reads;
  entity: Entity;
  visitors: EntityVisitors;
  project: Project;
  iam: IamCatalogue;
  words: Dialect;
}

export type Report<M extends string = string> = contract.Report<M, ModelWorld>;
export type RuleContext<M extends string = string> = contract.RuleContext<M, ModelWorld>;
export type Visitors = contract.Visitors<ModelWorld>;
export type Rule<M extends string = string> = contract.Rule<M, ModelWorld>;

/** Typed identity: the message ids a rule may report are those of its own `meta.messages`. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/**
 * Where a rule runs, from what it declares it reads: `project` when it reads both sides of a link across files (see
 * `LINKED_ACROSS_FILES`), or narrows the project's entities with `needs` (a rule that reads the project's IAM
 * catalogue, built from every policy's services); else `file`, right after each unit is parsed.
 */
export function scopeOf(rule: Rule): contract.RuleScope {
  if (rule.needs) return "project";
  const reads = new Set<Reads>(rule.meta.entities);
  return LINKED_ACROSS_FILES.some(([a, b]) => reads.has(a) && reads.has(b)) ? "project" : "file";
}

/** Whether a rule of scope `project` needs an entity of a unit at the project level: `meta.entities`, then `needs`. */
export function needsEntity(rule: Rule, entity: Entity, iam: IamCatalogue): boolean {
  return rule.meta.entities.includes(entity.kind) && (rule.needs?.(entity, iam) ?? true);
}

/**
 * What a CloudFormation resource builder is (template.ts holds the builders of most types, iam.ts those of IAM and
 * resource policies), and the helpers they share: its own module so that the two files do not import each other.
 */
import type { PNode } from "../../core/positioned.js";
import type { Entity, PolicyDocument } from "../../model/entities.js";
import { normalizePolicy } from "../policy/normalize.js";
import { stringField, type TemplateScope } from "./resolve.js";

/** What every entity of a resource has, whatever its type: set by templateEntities before a builder runs. */
export type Base = Pick<
  Entity,
  "platform" | "file" | "unit" | "resource" | "node" | "type" | "suppressions" | "cdkPath"
>;

/** Turns a resource of one type into its entities. */
export type Builder = (base: Base, properties: PNode | undefined, scope: TemplateScope) => Entity[];

export function policyDocument(
  base: Base,
  policyType: PolicyDocument["policyType"],
  document: PNode | undefined,
  scope: TemplateScope,
): PolicyDocument {
  const statements = document ? normalizePolicy(document, (node) => stringField(node, scope)) : [];
  return { kind: "policy", ...base, policyType, statements, attachedTo: [], documentNode: document ?? base.node };
}

/** Sets an optional property only when there is a value, so absent stays absent (not `undefined`-valued). */
export function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

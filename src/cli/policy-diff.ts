/**
 * `--diff-base`: which policies the change broadens. For each policy (by file, resource and policy type) the Allow
 * statements' principals, actions and resources of the work tree are compared with those at the base: what is new is
 * reported. Policies given as JSON strings (an `AWS::SecretsManager::ResourcePolicy`'s `ResourcePolicy`) are already
 * parsed into statements by the model, whatever `BlockPublicPolicy` says.
 */
import type { Field, PolicyDocument } from "../model/entities.js";
import { isReference, isUnresolved } from "../model/entities.js";
import type { Project } from "../model/project.js";
import type { PolicyBroadening } from "../engine/types.js";

interface Grants {
  file: string;
  resource: string;
  policyType: string;
  line: number;
  principals: Set<string>;
  actions: Set<string>;
  resources: Set<string>;
}

function text(field: Field<string>): string {
  const value = field.value as unknown;
  if (typeof value === "string") return value;
  if (isReference(value as Field<string>["value"])) {
    const ref = value as { target: string; attribute?: string };
    return ref.attribute ? `!GetAtt ${ref.target}.${ref.attribute}` : `!Ref ${ref.target}`;
  }
  if (isUnresolved(value as Field<string>["value"])) return "(unresolved)";
  return JSON.stringify(value);
}

export function grantsOf(project: Project): Map<string, Grants> {
  const out = new Map<string, Grants>();
  for (const policy of project.all("policy") as PolicyDocument[]) {
    const key = `${policy.file.path}\0${policy.resource}\0${policy.policyType}`;
    let grants = out.get(key);
    if (!grants) {
      grants = {
        file: policy.file.path,
        resource: policy.resource,
        policyType: policy.policyType,
        line: policy.file.span(policy.documentNode).start.line,
        principals: new Set(),
        actions: new Set(),
        resources: new Set(),
      };
      out.set(key, grants);
    }
    for (const statement of policy.statements) {
      const effect = statement.effect && typeof statement.effect.value === "string" ? statement.effect.value : "Allow";
      if (effect !== "Allow") continue;
      for (const p of statement.principals) grants.principals.add(p.type === "*" ? "*" : `${p.type}: ${text(p.value)}`);
      for (const a of statement.actions) grants.actions.add(text(a));
      for (const a of statement.notActions) grants.actions.add(`NotAction ${text(a)}`);
      for (const r of statement.resources) grants.resources.add(text(r));
      for (const r of statement.notResources) grants.resources.add(`NotResource ${text(r)}`);
    }
  }
  return out;
}

export function broadenings(current: Map<string, Grants>, base: Map<string, Grants>): PolicyBroadening[] {
  const out: PolicyBroadening[] = [];
  for (const [key, now] of current) {
    const before = base.get(key);
    const added = (which: "principals" | "actions" | "resources") => [...now[which]].filter((v) => !before?.[which].has(v)).sort();
    const entry = { principals: added("principals"), actions: added("actions"), resources: added("resources") };
    if (entry.principals.length + entry.actions.length + entry.resources.length === 0) continue;
    out.push({ file: now.file, resource: now.resource, policyType: now.policyType, line: now.line, newPolicy: before === undefined, ...entry });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/**
 * `--diff-base`: which policies the change broadens. For each policy (by file, resource and policy type) the Allow
 * statements' principals, actions and resources of the work tree are compared with those at the base: a value that no
 * value of the base covers is reported. Policies given as JSON strings (an `AWS::SecretsManager::ResourcePolicy`'s
 * `ResourcePolicy`) are already parsed into statements by the model, whatever `BlockPublicPolicy` says.
 *
 * "Covers" follows IAM's wildcards: `s3:Get*` at the base covers `s3:GetObject` now (a narrowing, not reported);
 * `secretsmanager:*` now, where the base had `secretsmanager:GetSecretValue`, is expanded with the IAM catalogue and
 * reported with the actions it adds and the sensitive ones among them. Actions match without regard to case, resources
 * with it (ARNs are case-sensitive). An account's root (`arn:aws:iam::111122223333:root` or `111122223333`) covers the
 * roles and users of that account: trusting the account already lets its administrators delegate to any of them.
 *
 * An identity policy's principals are the roles, users and groups it is attached to (`role: !Ref AppRole`).
 *
 * Each element is compared on its own, over all Allow statements of the policy, as the statements' union: moving an
 * action from one statement to another with a different resource is not seen. `@aws-cdk/cloudformation-diff` was
 * evaluated for this and does not serve (see `policy-diff.cloudformation-diff.test.ts` and the README).
 */
import type { Field, PolicyDocument, PolicyPrincipal } from "../model/entities.js";
import { isReference, isUnresolved } from "../model/entities.js";
import type { Project } from "../model/project.js";
import type { ActionWildcard, PolicyBroadening } from "../engine/types.js";
import type { IamAction, IamCatalogue } from "../knowledge/iam-catalogue.js";
import { globMatch } from "../knowledge/wildcard.js";
import { parseAwsPrincipal } from "../knowledge/principals.js";
import { sensitiveAction, sensitiveActions } from "../knowledge/sensitive-actions.js";

/** One value of a statement element: how it is reported, and its text when it is a literal that can be matched. */
interface Grant {
  label: string;
  literal?: string;
}

interface PrincipalGrant extends Grant {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*`. */
  type: string;
}

export interface Grants {
  file: string;
  resource: string;
  policyType: string;
  line: number;
  principals: Map<string, PrincipalGrant>;
  actions: Map<string, Grant>;
  resources: Map<string, Grant>;
}

function grantOf(field: Field<string>, prefix = ""): Grant {
  const { value } = field;
  if (isReference(value))
    return {
      label: `${prefix}${value.attribute ? `!GetAtt ${value.target}.${value.attribute}` : `!Ref ${value.target}`}`,
    };
  if (isUnresolved(value)) return { label: `${prefix}(unresolved: ${value.expression})` };
  const text = String(value).trim();
  // `NotAction`/`NotResource` values are compared as written: a NotAction that lists less grants more, which the
  // wildcard comparison of allowed values cannot express.
  return prefix ? { label: `${prefix}${text}` } : { label: text, literal: text };
}

function principalOf(principal: PolicyPrincipal): PrincipalGrant {
  if (principal.type === "*") return { type: "*", label: "*", literal: "*" };
  const grant = grantOf(principal.value);
  return { ...grant, type: principal.type, label: `${principal.type}: ${grant.label}` };
}

function grantsOf(project: Project): Map<string, Grants> {
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
        principals: new Map(),
        actions: new Map(),
        resources: new Map(),
      };
      out.set(key, grants);
    }
    // Who an identity policy applies to is where it is attached: attaching it to one more role broadens it.
    for (const target of policy.attachedTo) {
      const grant = grantOf(target.value);
      grants.principals.set(`${target.principalType}: ${grant.label}`, {
        ...grant,
        type: target.principalType,
        label: `${target.principalType}: ${grant.label}`,
      });
    }
    for (const statement of policy.statements) {
      const effect = statement.effect && typeof statement.effect.value === "string" ? statement.effect.value : "Allow";
      if (effect !== "Allow") continue;
      const add = <G extends Grant>(to: Map<string, G>, grant: G) => to.set(grant.label, grant);
      for (const p of statement.principals) add(grants.principals, principalOf(p));
      for (const a of statement.actions) add(grants.actions, grantOf(a));
      for (const a of statement.notActions) add(grants.actions, grantOf(a, "NotAction "));
      for (const r of statement.resources) add(grants.resources, grantOf(r));
      for (const r of statement.notResources) add(grants.resources, grantOf(r, "NotResource "));
    }
  }
  return out;
}

/** Whether base value `b` grants at least what `a` does; values that are not literals only cover themselves. */
function coversValue(b: Grant, a: Grant, ignoreCase: boolean): boolean {
  if (b.label === a.label) return true;
  if (b.literal === "*") return true;
  if (b.literal === undefined || a.literal === undefined) return false;
  // `a`'s own wildcards are matched as characters: only a `*` of `b` covers them, so `s3:*` covers `s3:Get*`.
  return globMatch(b.literal, a.literal, ignoreCase);
}

function coversPrincipal(b: PrincipalGrant, a: PrincipalGrant): boolean {
  if (b.label === a.label) return true;
  if (b.type === "*" || (b.type === "AWS" && b.literal === "*")) return true;
  if (b.type !== a.type || b.literal === undefined || a.literal === undefined) return false;
  if (b.type !== "AWS") return b.literal.toLowerCase() === a.literal.toLowerCase();
  const before = parseAwsPrincipal(b.literal);
  const now = parseAwsPrincipal(a.literal);
  if (before.kind !== "account" || now.kind !== "account" || before.account !== now.account) return false;
  return before.whole;
}

/** The service whose actions `*` means in a resource policy, which governs one resource of that service. */
function serviceOfPolicy(policyType: string): string | undefined {
  if (policyType === "key-policy") return "kms";
  if (policyType === "secret-resource-policy") return "secretsmanager";
  return undefined;
}

/** The catalogue actions an action pattern stands for; undefined when the catalogue cannot say. */
function expansion(pattern: string, policyType: string, iam: IamCatalogue): IamAction[] | undefined {
  if (/^\*+$/.test(pattern)) {
    const service = serviceOfPolicy(policyType);
    return service && iam.isLoaded(service) ? iam.actions(service) : undefined;
  }
  const colon = pattern.indexOf(":");
  if (colon <= 0 || /[*?]/.test(pattern.slice(0, colon)) || !iam.isLoaded(pattern.slice(0, colon))) return undefined;
  return iam.expand(pattern);
}

const SENSITIVE_ORDER = new Map(sensitiveActions().map((a, i) => [`${a.service}:${a.name}`.toLowerCase(), i]));

/** The actions a wildcard adds to what the base allowed; undefined when it adds none (all were allowed before). */
function wildcardAdds(
  pattern: string,
  policyType: string,
  base: Grant[],
  iam: IamCatalogue,
): ActionWildcard | "none" | undefined {
  const actions = expansion(pattern, policyType, iam);
  if (actions === undefined) return undefined;
  const added = actions.filter((action) => {
    const name = `${action.service}:${action.name}`;
    return !base.some((b) => b.literal !== undefined && (b.literal === "*" || globMatch(b.literal, name)));
  });
  if (added.length === 0) return "none";
  const sensitive = added
    .flatMap((action) => {
      const entry = sensitiveAction(action.service, action.name);
      return entry ? [`${entry.service}:${entry.name}`] : [];
    })
    .sort((x, y) => (SENSITIVE_ORDER.get(x.toLowerCase()) ?? 0) - (SENSITIVE_ORDER.get(y.toLowerCase()) ?? 0));
  return { action: pattern, adds: added.length, sensitive };
}

/** The policies whose Allow statements grant principals, actions or resources that no value of the base covers. */
export function broadenings(
  current: Map<string, Grants>,
  base: Map<string, Grants>,
  iam: IamCatalogue,
): PolicyBroadening[] {
  const out: PolicyBroadening[] = [];
  for (const [key, now] of current) {
    const before = base.get(key);
    const principals = [...now.principals.values()].filter(
      (a) => ![...(before?.principals.values() ?? [])].some((b) => coversPrincipal(b, a)),
    );
    const resources = [...now.resources.values()].filter(
      (a) => ![...(before?.resources.values() ?? [])].some((b) => coversValue(b, a, false)),
    );
    const baseActions = [...(before?.actions.values() ?? [])];
    const actions: string[] = [];
    const wildcards: ActionWildcard[] = [];
    for (const a of now.actions.values()) {
      if (baseActions.some((b) => coversValue(b, a, true))) continue;
      if (a.literal !== undefined && /[*?]/.test(a.literal)) {
        const adds = wildcardAdds(a.literal, now.policyType, baseActions, iam);
        if (adds === "none") continue;
        if (adds) wildcards.push(adds);
      }
      actions.push(a.label);
    }
    const entry = {
      principals: principals.map((p) => p.label).sort(),
      actions: actions.sort(),
      resources: resources.map((r) => r.label).sort(),
    };
    if (entry.principals.length + entry.actions.length + entry.resources.length === 0) continue;
    out.push({
      file: now.file,
      resource: now.resource,
      policyType: now.policyType,
      line: now.line,
      newPolicy: before === undefined,
      ...entry,
      ...(wildcards.length ? { actionWildcards: wildcards.sort((x, y) => x.action.localeCompare(y.action)) } : {}),
    });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** The service prefixes the actions of these grants name, and those `*` stands for in resource policies. */
function servicesOf(...all: Map<string, Grants>[]): Set<string> {
  const services = new Set<string>();
  for (const grants of all) {
    for (const g of grants.values()) {
      const service = serviceOfPolicy(g.policyType);
      if (service) services.add(service);
      for (const a of g.actions.values()) {
        const colon = a.literal?.indexOf(":") ?? -1;
        if (a.literal && colon > 0 && !/[*?]/.test(a.literal.slice(0, colon)))
          services.add(a.literal.slice(0, colon).toLowerCase());
      }
    }
  }
  return services;
}

/** `--diff-base`: compares the two projects' policies, with the IAM catalogue loaded for the services they name. */
export async function policyBroadenings(current: Project, base: Project): Promise<PolicyBroadening[]> {
  const now = grantsOf(current);
  const before = grantsOf(base);
  const { IamCatalogue, loadIamCatalogue } = await import("../knowledge/iam-catalogue.js");
  const services = servicesOf(now, before);
  const iam = services.size ? await loadIamCatalogue(services) : IamCatalogue.empty();
  return broadenings(now, before, iam);
}

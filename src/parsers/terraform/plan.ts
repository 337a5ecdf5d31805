/**
 * A Terraform plan as JSON (`terraform show -json plan.out`): the planned values of every resource, with what the
 * configuration wrote for them, become the same entities as the configuration itself would. Locations point into the
 * plan file. The whole plan is one unit; resources keep their full addresses (`module.db.aws_db_instance.main[0]`).
 *
 * What is read, per resource (`planned_values`, or `resource_changes[].change.after` when there are none):
 * - only the attributes the configuration sets (`configuration...expressions`): values the provider fills in by
 *   default (`enable_key_rotation: false`, `recovery_window_in_days: 30`) are not the author's choice, and the
 *   configuration files would not show them either; without a configuration section every value is read;
 * - an attribute the configuration takes from another resource (`references`) is a Reference to that resource, so that
 *   rotation schedules, policies and keys link as in the configuration; one taken from a variable resolves to the
 *   variable's default or stays unresolved (with `parameter`), as in the configuration: a value given at plan time
 *   (`-var`, `.tfvars`, `TF_VAR_`) is not written in the configuration;
 * - everything else is the planned value, a literal (an empty string is unset, as the plan writes unset strings).
 * The `provider "aws"` block's constant `access_key`/`secret_key`/`token` come from `configuration.provider_config`.
 */
import { get, stringValue, type Entry, type ObjectNode, type PNode } from "../../core/positioned.js";
import type { Entity, SourceDocument } from "../../model/entities.js";
import { EXPRESSIONS, type TfBlock } from "./syntax.js";
import type { ModuleScope } from "./resolve.js";
import { moduleEntities } from "./resources.js";

interface PlannedResource {
  object: ObjectNode;
  address: ScalarString;
  mode: string;
  type: string;
  name: string;
  /** `module.a.module.b` without instance keys, `""` for the root module. */
  module: string;
  values: ObjectNode | undefined;
  /** `sensitive_values`: which attributes the plan marks sensitive. */
  sensitive: PNode | undefined;
}

type ScalarString = PNode & { kind: "scalar"; value: string };

const isString = (node: PNode | undefined): node is ScalarString =>
  node?.kind === "scalar" && typeof node.value === "string";

export function planEntities(root: ObjectNode): { entities: Entity[]; documents: SourceDocument[] } {
  const unit = root.file.path;
  const resources = plannedResources(root);
  const configuration = get(root, "configuration");
  const byModule = new Map<string, PlannedResource[]>();
  for (const resource of resources) byModule.set(resource.module, [...(byModule.get(resource.module) ?? []), resource]);

  const entities: Entity[] = [];
  for (const [module, list] of byModule) {
    const config = moduleConfiguration(get(configuration, "root_module"), module);
    const blocks = list.map((resource) => toBlock(resource, config, get(config, "variables")));
    const scope: ModuleScope = {
      resources: new Map(),
      data: new Map(),
      variables: new Map(),
      locals: new Map(),
      literalStrings: true,
    };
    for (const block of blocks) {
      const key = `${block.type === "data" ? "data." : ""}${block.labels.join(".")}`;
      const map = block.type === "data" ? scope.data : scope.resources;
      if (!map.has(key)) map.set(key, block);
    }
    const variables = get(config, "variables");
    if (variables?.kind === "object") {
      for (const { key, value } of variables.entries) {
        if (value.kind === "object")
          scope.variables.set(key.value, {
            type: "variable",
            labels: [key.value],
            node: key,
            body: value,
            file: root.file,
          });
      }
    }
    for (const pushed of moduleEntities(unit, blocks, scope)) entities.push(pushed);
  }
  for (const pushed of providerEntities(root, configuration)) entities.push(pushed);

  const spans = resources.map((r) => ({ start: r.object.start, end: r.object.end, resource: r.address.value }));
  const document: SourceDocument = {
    kind: "document",
    platform: "terraform",
    file: root.file,
    unit,
    root,
    resourceAt: (node) => spans.find((s) => node.start >= s.start && node.end <= s.end)?.resource,
  };
  return { entities, documents: [document] };
}

/** Every resource of the plan: `planned_values` (modules included), else the `after` values of `resource_changes`. */
function plannedResources(root: ObjectNode): PlannedResource[] {
  const out: PlannedResource[] = [];
  const visitModule = (module: PNode | undefined): void => {
    const list = get(module, "resources");
    for (const item of list?.kind === "array" ? list.items : []) {
      const resource = plannedResource(item, get(item, "values"), get(item, "sensitive_values"));
      if (resource) out.push(resource);
    }
    const children = get(module, "child_modules");
    for (const child of children?.kind === "array" ? children.items : []) visitModule(child);
  };
  visitModule(get(get(root, "planned_values"), "root_module"));
  if (out.length > 0) return out;
  const changes = get(root, "resource_changes");
  for (const item of changes?.kind === "array" ? changes.items : []) {
    const resource = plannedResource(
      item,
      get(get(item, "change"), "after"),
      get(get(item, "change"), "after_sensitive"),
    );
    if (resource) out.push(resource);
  }
  return out;
}

function plannedResource(
  item: PNode,
  values: PNode | undefined,
  sensitive: PNode | undefined,
): PlannedResource | undefined {
  if (item.kind !== "object") return undefined;
  const address = get(item, "address");
  const type = stringValue(get(item, "type"));
  const name = stringValue(get(item, "name"));
  if (!isString(address) || !type || !name) return undefined;
  const mode = stringValue(get(item, "mode")) ?? "managed";
  const module = stringValue(get(item, "module_address")) ?? moduleAddress(address.value, mode, type);
  return {
    object: item,
    address,
    mode,
    type,
    name,
    module: module.replace(/\[[^\]]*\]/g, ""),
    values: values?.kind === "object" ? values : undefined,
    sensitive,
  };
}

/** `module.a["x"].module.b.aws_kms_key.k[0]` -> `module.a["x"].module.b`. */
function moduleAddress(address: string, mode: string, type: string): string {
  const marker = `${mode === "data" ? "data." : ""}${type}.`;
  const at = address.lastIndexOf(marker);
  return at > 0 ? address.slice(0, at - 1) : "";
}

/** The configuration of a module, from `configuration.root_module` down `module_calls.<name>.module`. */
function moduleConfiguration(root: PNode | undefined, module: string): PNode | undefined {
  let config = root;
  for (const [, name] of module.matchAll(/module\.([^.[]+)/g))
    config = get(get(get(config, "module_calls"), name as string), "module");
  return config;
}

/** A planned resource as a block: its values, restricted to and linked through what the configuration writes. */
function toBlock(resource: PlannedResource, config: PNode | undefined, variables: PNode | undefined): TfBlock {
  const list = get(config, "resources");
  const configured = (list?.kind === "array" ? list.items : []).find(
    (c) =>
      stringValue(get(c, "type")) === resource.type &&
      stringValue(get(c, "name")) === resource.name &&
      (stringValue(get(c, "mode")) ?? "managed") === resource.mode,
  );
  const expressions = get(configured, "expressions");
  const values = resource.values;
  const empty: ObjectNode = {
    kind: "object",
    entries: [],
    start: resource.object.start,
    end: resource.object.end,
    file: resource.object.file,
    path: resource.object.path,
  };
  let body = values ?? empty;
  if (expressions?.kind === "object") {
    const entries: Entry[] = [];
    for (const { key, value: expression } of expressions.entries) {
      const planned = values?.entries.find((e) => e.key.value === key.value);
      const sensitive =
        get(resource.sensitive, key.value)?.kind === "scalar" &&
        (get(resource.sensitive, key.value) as PNode & { kind: "scalar" }).value === true;
      const reference = referenceOf(expression, planned?.value, sensitive, variables);
      if (reference) entries.push({ key: planned?.key ?? key, value: reference });
      else if (planned) entries.push(planned);
    }
    body = { ...body, entries };
  }
  return {
    type: resource.mode === "data" ? "data" : "resource",
    labels: [resource.type, resource.name],
    node: resource.address,
    body,
    file: resource.object.file,
    address: resource.address.value,
  };
}

/**
 * What stands for an attribute the configuration takes from elsewhere (`references`), located at the reference in the
 * plan's configuration:
 * - another resource: a `${...}` reference, resolved by `resolve.ts` to a Reference (although plan strings are values);
 * - a variable alone: the variable, resolved as in the configuration (its default, or Unresolved with `parameter`),
 *   when the planned value is unknown, is the default, or the variable has no default (a value given at plan time is
 *   not written in the configuration); a sensitive value given at plan time is Unresolved;
 * - anything else (a template over variables, local values, data sources): undefined, the planned value is used.
 */
function referenceOf(
  expression: PNode,
  planned: PNode | undefined,
  sensitive: boolean,
  variables: PNode | undefined,
): PNode | undefined {
  if (get(expression, "constant_value") !== undefined) return undefined;
  const references = get(expression, "references");
  if (references?.kind !== "array") return undefined;
  const names = references.items.filter(isString);
  const resource = names.find((r) => !/^(var|local|data|each|count|path|terraform|self|module)\./.test(r.value));
  if (resource) return referenceNode(resource);
  const variable = names[0];
  const name = variable && /^var\.([^.[]+)$/.exec(variable.value)?.[1];
  if (!variable || !name || names.some((r) => r.value !== variable.value)) return undefined;
  const fallback = get(get(variables, name), "default");
  const plannedValue = planned?.kind === "scalar" ? planned.value : undefined;
  if (
    planned === undefined ||
    fallback === undefined ||
    (fallback.kind === "scalar" && fallback.value === plannedValue)
  )
    return referenceNode(variable);
  if (!sensitive) return undefined;
  const node: PNode = { ...variable };
  EXPRESSIONS.set(node, { kind: "other", text: `${variable.value} (a sensitive value given at plan time)` });
  return node;
}

function referenceNode(reference: ScalarString): PNode {
  const node: PNode = { ...reference, value: `\${${reference.value}}` };
  EXPRESSIONS.set(node, { kind: "reference" });
  return node;
}

/** The `provider "aws"` configuration's constant credentials. */
function providerEntities(root: ObjectNode, configuration: PNode | undefined): Entity[] {
  const providers = get(configuration, "provider_config");
  if (providers?.kind !== "object") return [];
  const out: Entity[] = [];
  for (const { key, value } of providers.entries) {
    if (stringValue(get(value, "name")) !== "aws") continue;
    const expressions = get(value, "expressions");
    const alias = stringValue(get(value, "alias"));
    const entries: Entry[] = [];
    for (const attribute of ["access_key", "secret_key", "token"]) {
      const entry =
        expressions?.kind === "object" ? expressions.entries.find((e) => e.key.value === attribute) : undefined;
      const constant = get(entry?.value, "constant_value");
      if (entry && constant) entries.push({ key: entry.key, value: constant });
    }
    if (entries.length === 0) continue;
    const body: ObjectNode = {
      kind: "object",
      entries,
      start: value.start,
      end: value.end,
      file: root.file,
      path: value.path,
    };
    const block: TfBlock = {
      type: "provider",
      labels: ["aws"],
      node: key,
      body,
      file: root.file,
      address: alias ? `provider.aws.${alias}` : "provider.aws",
    };
    const scope: ModuleScope = {
      resources: new Map(),
      data: new Map(),
      variables: new Map(),
      locals: new Map(),
      literalStrings: true,
    };
    for (const pushed of moduleEntities(root.file.path, [block], scope)) out.push(pushed);
  }
  return out;
}

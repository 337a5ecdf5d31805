/**
 * Entry points of the Terraform parsers. A module is a folder: references link across all `.tf` and `.tf.json` files
 * of one folder, so files are parsed one by one (`parseTerraformFile`) and turned into entities together, per folder
 * (`terraformModules`). A plan JSON (`terraform show -json`) is self-contained (`plan.ts`).
 */
import type { ArrayNode, ObjectNode, PNode, SourceFile } from "../../core/positioned.js";
import type { Entity, SourceDocument } from "../../model/entities.js";
import { EXPRESSIONS, type TfBlock, type TfFile } from "./syntax.js";
import { jsonInPlace } from "./policies.js";
import type { ModuleScope } from "./resolve.js";
import { moduleEntities } from "./resources.js";
import { parseTfJson } from "./json.js";
import { blockScripts } from "./scripts.js";

export type { TfFile } from "./syntax.js";

/** Parses a `.tf` (tree-sitter, loaded on first use) or `.tf.json` file. Never throws on bad input: see `error`. */
export async function parseTerraformFile(file: SourceFile): Promise<TfFile> {
  if (/\.tf\.json$/i.test(file.path)) return parseTfJson(file);
  const { parseHcl } = await import("./hcl.js");
  return parseHcl(file);
}

/** The module (unit) of a file: its folder, `.` for the current directory. */
export function moduleOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : path.slice(0, slash) || "/";
}

/** What references in a module's blocks resolve against. */
export function moduleScope(blocks: readonly TfBlock[]): ModuleScope {
  const scope: ModuleScope = {
    resources: new Map(),
    data: new Map(),
    dataInFile: new Map(),
    variables: new Map(),
    locals: new Map(),
  };
  for (const block of blocks) {
    const [first, second] = block.labels;
    if (block.type === "resource" && first && second) scope.resources.set(`${first}.${second}`, block);
    else if (block.type === "data" && first && second) {
      scope.data.set(`data.${first}.${second}`, block);
      scope.dataInFile?.set(`${block.file.path}\0data.${first}.${second}`, block);
    } else if (block.type === "variable" && first) scope.variables.set(first, block);
    else if (block.type === "locals")
      for (const { key, value } of block.body.entries) scope.locals.set(key.value, value);
  }
  return scope;
}

/**
 * Entities and documents of parsed Terraform files, module by module (folder by folder). A bug of ours on one module
 * is an error entry for its first file, not a lost scan.
 */
export function terraformModules(files: readonly TfFile[]): {
  entities: Entity[];
  documents: SourceDocument[];
  errors: { file: SourceFile; message: string }[];
} {
  const byModule = new Map<string, TfFile[]>();
  for (const file of [...files].sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0))) {
    const unit = moduleOf(file.file.path);
    byModule.set(unit, [...(byModule.get(unit) ?? []), file]);
  }
  const entities: Entity[] = [];
  const documents: SourceDocument[] = [];
  const errors: { file: SourceFile; message: string }[] = [];
  for (const [unit, moduleFiles] of byModule) {
    const blocks = moduleFiles.flatMap((f) => f.blocks);
    const scope = moduleScope(blocks);
    scope.tfvars = tfvarsOf(moduleFiles);
    try {
      for (const pushed of moduleEntities(unit, blocks, scope)) entities.push(pushed);
      // A `.tfvars` file is read as text on its own; here it only gives values to the module's variables.
      for (const f of moduleFiles) if (!f.values) documents.push(terraformDocument(f, unit, scope));
    } catch (error) {
      errors.push({
        file: (moduleFiles[0] as TfFile).file,
        message: `internal error while reading this Terraform module: ${(error as Error).message}`,
      });
    }
  }
  return { entities, documents, errors };
}

/** The values the `.tfvars` files of a module give its variables, by variable name. */
function tfvarsOf(files: readonly TfFile[]): Map<string, PNode[]> {
  const out = new Map<string, PNode[]>();
  for (const f of files)
    for (const { key, value } of f.values ?? []) out.set(key.value, [...(out.get(key.value) ?? []), value]);
  return out;
}

/** A file as a document for rules that look at every string; `resourceAt` gives the address of the enclosing block. */
function terraformDocument(tf: TfFile, unit: string, scope: ModuleScope): SourceDocument {
  const spans = tf.blocks.flatMap((block) => {
    const resource = resourceOf(block);
    return resource === undefined ? [] : [{ start: block.body.start, end: block.body.end, resource }];
  });
  const scripts = tf.blocks.flatMap((block) => blockScripts(block, resourceOf(block), scope));
  const unstored = unstoredSpans(tf.blocks);
  return {
    kind: "document",
    platform: "terraform",
    file: tf.file,
    unit,
    root: expandHeredocs(tf.root),
    resourceAt: (node: PNode) =>
      spans.find((s) => node.file === tf.file && node.start >= s.start && node.end <= s.end)?.resource,
    ...(scripts.length > 0 ? { scripts } : {}),
    storedAt: (node: PNode) =>
      !unstored.some((s) => node.file === tf.file && node.start >= s.start && node.end <= s.end),
  };
}

/**
 * What Terraform never writes to the state or plan: a provider's configuration, an ephemeral variable or resource,
 * and a write-only argument (`password_wo`) of any block.
 */
function unstoredSpans(blocks: readonly TfBlock[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const block of blocks) {
    const ephemeral = block.body.entries.find((e) => e.key.value === "ephemeral")?.value;
    if (
      block.type === "provider" ||
      block.type === "ephemeral" ||
      (block.type === "variable" &&
        ephemeral?.kind === "scalar" &&
        (ephemeral.value === true || ephemeral.value === "true"))
    ) {
      out.push({ start: block.body.start, end: block.body.end });
      continue;
    }
    const visit = (node: PNode, depth: number): void => {
      if (node.kind !== "object" || depth > 8) return;
      for (const { key, value } of node.entries) {
        if (/_wo$/.test(key.value)) out.push({ start: value.start, end: value.end });
        else visit(value, depth + 1);
      }
    };
    visit(block.body, 0);
  }
  return out;
}

/**
 * The tree with each heredoc that holds JSON (a policy, container definitions) replaced by that JSON parsed in place,
 * so that rules scanning every string see its strings one by one, with their own positions and keys.
 */
function expandHeredocs(node: PNode): PNode {
  const info = EXPRESSIONS.get(node);
  if (info?.kind === "heredoc") return jsonInPlace(node, info.contentStart, info.contentEnd) ?? node;
  if (node.kind === "array") {
    const items = node.items.map(expandHeredocs);
    return items.every((item, i) => item === node.items[i]) ? node : ({ ...node, items } satisfies ArrayNode);
  }
  if (node.kind === "object") {
    const entries = node.entries.map((e) => ({ key: e.key, value: expandHeredocs(e.value) }));
    return entries.every((e, i) => e.value === node.entries[i]?.value)
      ? node
      : ({ ...node, entries } satisfies ObjectNode);
  }
  return node;
}

/** The resource a block's strings belong to: its address, the bare name of a variable (as its `Parameter`). */
function resourceOf(block: TfBlock): string | undefined {
  const [first, second] = block.labels;
  switch (block.type) {
    case "resource":
      return first && second ? `${first}.${second}` : undefined;
    case "data":
      return first && second ? `data.${first}.${second}` : undefined;
    case "variable":
      return first;
    case "module":
      return first ? `module.${first}` : undefined;
    case "provider": {
      const alias = block.body.entries.find((e) => e.key.value === "alias")?.value;
      return first
        ? `provider.${first}${alias?.kind === "scalar" && typeof alias.value === "string" ? `.${alias.value}` : ""}`
        : undefined;
    }
    default:
      return undefined;
  }
}

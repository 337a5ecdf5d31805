import { entryAsObject, get, ParseError, type Entry, type PNode, type SourceFile } from "../core/positioned.js";
import type { Entity, SourceDocument } from "../model/entities.js";
import { isCloudFormation, looksLikeCloudFormation } from "./cloudformation/detect.js";
import { templateEntities } from "./cloudformation/template.js";
import { templateScripts } from "./cloudformation/scripts.js";
import { isPolicyDocument, looksLikePolicy, standalonePolicy } from "./policy/standalone.js";
import { isWrappedPolicyRoot, wrappedPolicies } from "./policy/wrapped.js";
import type { TfFile } from "./terraform/syntax.js";

/**
 * `hcl`: a Terraform `.tf` file. `.tf.json` files are `json`, told apart by name. `source`: application code,
 * configuration or any other text file, read for hardcoded credentials (`parsers/source`).
 */
export type DocumentSyntax = "yaml" | "json" | "hcl" | "source";

/** What reading one file gave: entities and documents, or a problem worth reporting, or nothing. */
export interface FileLoad {
  entities: Entity[];
  documents?: SourceDocument[];
  error?: { message: string; offset?: number };
  /** Read, but not as the format's specification reads it (a template read the way CloudFormation does). */
  warnings?: { message: string; offset: number }[];
  /**
   * A parsed `.tf` or `.tf.json` file. Its references resolve across the files of its folder (the module), so its
   * entities are built once every file is read: pass all of them to `terraformEntities`.
   */
  terraform?: TfFile;
}

/** Whether a path is a Terraform configuration file (`.tf`, `.tf.json`). */
export const isTerraformPath = (path: string): boolean => /\.tf(\.json)?$/i.test(path);

/** Whether a path is a Terraform variable values file (`.tfvars`): read as text, and for the values of its module's variables. */
export const isTfvarsPath = (path: string): boolean => /\.tfvars$/i.test(path);

/** Entities and documents of every Terraform file read, module (folder) by module. Loads nothing when there are none. */
export async function terraformEntities(
  files: readonly TfFile[],
): Promise<{ entities: Entity[]; documents: SourceDocument[]; errors: { file: SourceFile; message: string }[] }> {
  if (files.length === 0) return { entities: [], documents: [], errors: [] };
  const { terraformModules } = await import("./terraform/load.js");
  return terraformModules(files);
}

/**
 * Parses a YAML or JSON file and builds the entities of what it is: a CloudFormation template, or a standalone
 * IAM policy document. A file that fails to parse is an error only when it looks like one of those: a broken Helm
 * chart or a JSON file with an odd dialect is not ours to report. Parsers are imported on first use, so a run over
 * JSON never loads the YAML library.
 */
export async function loadDocumentFile(file: SourceFile, syntax: DocumentSyntax): Promise<FileLoad> {
  if (syntax === "source") {
    const { loadSourceFile } = await import("./source/load.js");
    const document = await loadSourceFile(file);
    if (isTfvarsPath(file.path)) {
      // Its values are followed from the module's scripts (`user_data = var.x`); a syntax error is no error of ours.
      const { parseTerraformFile } = await import("./terraform/load.js");
      const { error: _error, ...terraform } = await parseTerraformFile(file);
      return { entities: [], terraform, ...(document ? { documents: [document] } : {}) };
    }
    return { entities: [], ...(document ? { documents: [document] } : {}) };
  }
  if (syntax === "hcl" || isTerraformPath(file.path)) {
    const { parseTerraformFile } = await import("./terraform/load.js");
    const terraform = await parseTerraformFile(file);
    if (!terraform.error) return { entities: [], terraform };
    // A file that does not parse (a fragment, another language under `.tf`) still gets the text-level credential search.
    const { loadSourceFile } = await import("./source/load.js");
    // Read as code: `name = value` unquoted is an HCL expression there, no literal.
    const document = await loadSourceFile(file, "code");
    return { entities: [], terraform, error: terraform.error, ...(document ? { documents: [document] } : {}) };
  }
  if (isDataFile(file, syntax)) {
    const { streamedConfigDocument } = await import("./source/load.js");
    const streamed = await streamedConfigDocument(file, syntax === "json" ? "json" : "yaml");
    if (streamed !== undefined) return { entities: [], ...(streamed ? { documents: [streamed] } : {}) };
  }
  let documents: PNode[];
  let aliases: { name: string; offset: number }[] = [];
  let warnings: { message: string; offset: number }[] = [];
  let dropped: Entry[] = [];
  try {
    if (syntax === "json") {
      const { parseJson } = await import("./json.js");
      const duplicates = { dropped, warnings };
      const root = parseJson(file, duplicates);
      documents = root ? [root] : [];
    } else {
      const { parseYaml } = await import("./yaml.js");
      ({ documents, aliases, warnings, dropped } = parseYaml(file));
    }
  } catch (error) {
    if (!looksLikeCloudFormation(file.text) && !looksLikePolicy(file.text)) return configAsText(file);
    if (error instanceof ParseError)
      return {
        entities: [],
        error: { message: error.message, ...(error.offset !== undefined ? { offset: error.offset } : {}) },
      };
    if (error instanceof RangeError)
      return { entities: [], error: { message: "document is nested too deeply to parse" } };
    throw error;
  }
  const plan = documents.length === 1 && syntax === "json" ? documents[0] : undefined;
  if (plan && plan.kind === "object" && isTerraformPlanRoot(plan)) {
    const { planEntities } = await import("./terraform/plan.js");
    return planEntities(plan);
  }
  const templates = documents.filter(isCloudFormation);
  const policies = documents.filter((root) => !isCloudFormation(root) && isPolicyDocument(root));
  // `get-policy-version` and `get-account-authorization-details` output: policies inside an API response.
  const wrapped = documents.filter(
    (root) => !isCloudFormation(root) && !isPolicyDocument(root) && isWrappedPolicyRoot(root),
  );
  if (templates.length === 0 && policies.length === 0 && wrapped.length === 0) {
    // Configuration (docker-compose, Helm values, appsettings.json...): read for hardcoded credentials.
    const { configDocument } = await import("./source/load.js");
    const language = syntax === "json" ? "json" : "yaml";
    const configs = [...documents, ...dropped.map(entryAsObject)].flatMap(
      (root) => configDocument(file, language, root) ?? [],
    );
    return { entities: [], ...(configs.length > 0 ? { documents: configs } : {}) };
  }
  const alias = aliases[0];
  if (alias) {
    return {
      entities: [],
      // The alias is located, not named: its name is the file's text, like any other.
      error: {
        message: "YAML alias is not supported: secretwarden does not expand aliases in templates and policies",
        offset: alias.offset,
      },
    };
  }
  return {
    entities: [
      ...templates.flatMap((root) => (root.kind === "object" ? templateEntities(root) : [])),
      ...policies.map((root) => standalonePolicy(root, file)),
      ...wrapped.flatMap((root) => wrappedPolicies(root, file)),
    ],
    documents: [
      ...templates.map((root): SourceDocument => {
        const scripts = templateScripts(root);
        return {
          kind: "document",
          platform: "cloudformation",
          file,
          unit: file.path,
          root,
          resourceAt,
          ...(scripts.length > 0 ? { scripts } : {}),
        };
      }),
      ...(await droppedDocuments(file, syntax, dropped)),
      // A standalone policy's strings (its `Id`, a `Sid`, a condition value) are text someone typed like any other.
      ...(await policyTextDocuments(file, syntax, [...policies, ...wrapped])),
    ],
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Standalone policy documents searched for credentials as configuration is (templates have their own document). */
async function policyTextDocuments(
  file: SourceFile,
  syntax: DocumentSyntax,
  roots: PNode[],
): Promise<SourceDocument[]> {
  if (roots.length === 0) return [];
  const { configDocument } = await import("./source/load.js");
  const language = syntax === "json" ? "json" : "yaml";
  return roots.flatMap((root) => configDocument(file, language, root) ?? []);
}

/**
 * From this size on, a YAML or JSON file that is no template, policy or Terraform plan is read as data by a streaming
 * reader (`source/json-stream.ts`, `source/yaml-stream.ts`): the same findings, without the tree. Smaller files are
 * parsed in full, which costs less than deciding.
 */
export const STREAMED_DATA_SIZE = 512 * 1024;

/** A big YAML or JSON file that can only hold credentials: not a CloudFormation template, a policy or a plan. */
function isDataFile(file: SourceFile, syntax: DocumentSyntax): boolean {
  if ((syntax !== "json" && syntax !== "yaml") || file.text.length < STREAMED_DATA_SIZE || isTerraformPath(file.path))
    return false;
  const text = file.text;
  return (
    !looksLikeCloudFormation(text) && !looksLikePolicy(text) && !(syntax === "json" && /"format_version"/.test(text))
  );
}

/** A YAML or JSON file that does not parse and is no template or policy: read as text for hardcoded credentials. */
async function configAsText(file: SourceFile): Promise<FileLoad> {
  const { loadSourceFile } = await import("./source/load.js");
  const document = await loadSourceFile(file, "text");
  return { entities: [], ...(document ? { documents: [document] } : {}) };
}

/**
 * The entries a later duplicate key replaced: the structural rules see what CloudFormation uses (the last one), and
 * the earlier values are still searched for credentials, as configuration, at their own positions.
 */
async function droppedDocuments(
  file: SourceFile,
  syntax: DocumentSyntax,
  dropped: readonly Entry[],
): Promise<SourceDocument[]> {
  if (dropped.length === 0) return [];
  const { configDocument } = await import("./source/load.js");
  const language = syntax === "json" ? "json" : "yaml";
  return dropped.flatMap((entry) => configDocument(file, language, entryAsObject(entry)) ?? []);
}

/** A Terraform plan (`terraform show -json`): `format_version` and planned values or resource changes at the top. */
function isTerraformPlanRoot(root: PNode): boolean {
  return (
    root.kind === "object" &&
    get(root, "format_version") !== undefined &&
    (get(root, "planned_values") !== undefined || get(root, "resource_changes") !== undefined)
  );
}

/** The logical ID of the resource a node is inside: `Resources.<id>...`. */
function resourceAt(node: PNode): string | undefined {
  const [section, id] = node.path;
  return section === "Resources" && typeof id === "string" ? id : undefined;
}

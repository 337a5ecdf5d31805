import { ParseError, type PNode, type SourceFile } from "./positioned.js";
import type { Entity, SourceDocument } from "../model/entities.js";
import { isCloudFormation, looksLikeCloudFormation } from "./cloudformation/detect.js";
import { templateEntities } from "./cloudformation/template.js";
import { isPolicyDocument, looksLikePolicy, standalonePolicy } from "./policy/standalone.js";

export type DocumentSyntax = "yaml" | "json";

/** What reading one file gave: entities and documents, or a problem worth reporting, or nothing. */
export interface FileLoad {
  entities: Entity[];
  documents?: SourceDocument[];
  error?: { message: string; offset?: number };
}

/**
 * Parses a YAML or JSON file and builds the entities of what it is: a CloudFormation template, or a standalone
 * IAM policy document. A file that fails to parse is an error only when it looks like one of those: a broken Helm
 * chart or a JSON file with an odd dialect is not ours to report. Parsers are imported on first use, so a run over
 * JSON never loads the YAML library.
 */
export async function loadDocumentFile(file: SourceFile, syntax: DocumentSyntax): Promise<FileLoad> {
  let documents: PNode[];
  let aliases: { name: string; offset: number }[] = [];
  try {
    if (syntax === "json") {
      const { parseJson } = await import("./json.js");
      const root = parseJson(file);
      documents = root ? [root] : [];
    } else {
      const { parseYaml } = await import("./yaml.js");
      ({ documents, aliases } = parseYaml(file));
    }
  } catch (error) {
    if (!looksLikeCloudFormation(file.text) && !looksLikePolicy(file.text)) return { entities: [] };
    if (error instanceof ParseError) return { entities: [], error: { message: error.message, ...(error.offset !== undefined ? { offset: error.offset } : {}) } };
    if (error instanceof RangeError) return { entities: [], error: { message: "document is nested too deeply to parse" } };
    throw error;
  }
  const templates = documents.filter(isCloudFormation);
  const policies = documents.filter((root) => !isCloudFormation(root) && isPolicyDocument(root));
  if (templates.length === 0 && policies.length === 0) return { entities: [] };
  const alias = aliases[0];
  if (alias) {
    return {
      entities: [],
      error: { message: `YAML alias *${alias.name} is not supported: secretwarden does not expand aliases in templates and policies`, offset: alias.offset },
    };
  }
  return {
    entities: [
      ...templates.flatMap((root) => (root.kind === "object" ? templateEntities(root) : [])),
      ...policies.map((root) => standalonePolicy(root, file)),
    ],
    documents: templates.map((root) => ({ kind: "document", platform: "cloudformation", file, unit: file.path, root, resourceAt })),
  };
}

/** The logical ID of the resource a node is inside: `Resources.<id>...`. */
function resourceAt(node: PNode): string | undefined {
  const [section, id] = node.path;
  return section === "Resources" && typeof id === "string" ? id : undefined;
}

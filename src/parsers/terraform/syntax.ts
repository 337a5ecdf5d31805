/**
 * What the Terraform parsers (`hcl.ts` for `.tf`, `json.ts` for `.tf.json`) produce: the file's top-level blocks, each
 * with its labels and its body as a positioned value tree (`positioned.ts`), in the shape Terraform's JSON syntax
 * gives the same configuration. Both syntaxes feed one mapping (`resources.ts`).
 *
 * How HCL expressions appear in the tree (the JSON-syntax equivalent, so that one resolver reads both):
 * - literals are scalars; a quoted string or heredoc is a string scalar whose interpolations stay as `${...}` text;
 * - a reference or any other expression outside a string (`aws_kms_key.k.arn`, `var.x`) is the string `${...}` with
 *   the expression's source text, exactly as `.tf.json` writes it;
 * - tuples and objects are arrays and objects;
 * - a function call (`jsonencode({...})`), a conditional, a `for` expression or an operation is an array of its
 *   operands (so that every string inside is still seen by rules that scan all strings), recorded in `EXPRESSIONS`
 *   with what it is. A heredoc is recorded there with the offsets of its content, so that JSON inside it can be
 *   parsed with exact positions.
 */
import type { Entry, ObjectNode, PNode, ScalarNode, SourceFile } from "../../core/positioned.js";

export interface TfBlock {
  /** `resource`, `data`, `variable`, `locals`, `provider`, `module`, `output`, `terraform`... */
  type: string;
  labels: string[];
  /** The labels as written (the block type when it has none): findings about a missing attribute point here. */
  node: ScalarNode;
  body: ObjectNode;
  file: SourceFile;
  /** Plan JSON only: the resource's full address (`module.db.aws_db_instance.main[0]`), when the labels do not say it. */
  address?: string;
}

export interface TfFile {
  file: SourceFile;
  format: "hcl" | "json";
  blocks: TfBlock[];
  /** The whole file as one tree, for rules that look at every string. */
  root: PNode;
  /** A `.tfvars` file: the values it gives variables (its top-level attributes). */
  values?: Entry[];
  /** The first syntax error, if any; blocks that contain errors are left out of `blocks`. */
  error?: { message: string; offset?: number };
}

export type ExpressionInfo =
  | { kind: "call"; name: string; text: string }
  | { kind: "other"; text: string }
  | { kind: "heredoc"; contentStart: number; contentEnd: number; interpolated: boolean }
  /** Plan JSON only: a `${...}` reference taken from the plan's configuration, resolved although plan strings are values. */
  | { kind: "reference" };

/** HCL expressions that are not plain values (see the module comment), by their node. */
export const EXPRESSIONS = new WeakMap<PNode, ExpressionInfo>();

/** The Terraform address of a block: `aws_s3_bucket.b`, `data.aws_iam_policy_document.p`, `var.x`, `provider.aws`. */
export function blockAddress(block: Pick<TfBlock, "type" | "labels">): string | undefined {
  const [first, second] = block.labels;
  switch (block.type) {
    case "resource":
      return first !== undefined && second !== undefined ? `${first}.${second}` : undefined;
    case "data":
      return first !== undefined && second !== undefined ? `data.${first}.${second}` : undefined;
    case "module":
      return first !== undefined ? `module.${first}` : undefined;
    case "variable":
      return first !== undefined ? `var.${first}` : undefined;
    case "output":
      return first !== undefined ? `output.${first}` : undefined;
    case "provider":
      return first !== undefined ? `provider.${first}` : undefined;
    default:
      return undefined;
  }
}

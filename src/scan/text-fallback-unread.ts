/**
 * The parts of a file that parsed but that the structural rules cannot read: the text-level credential search reads
 * them instead. A file being edited is often valid YAML or HCL and still not a valid template or module: a pasted
 * line turns `Resources:` empty and hangs the resources under a stray key, a duplicate key leaves a resource without
 * its `Type`, tree-sitter's HCL grammar (which ignores newlines) reads a stray word before a block as the block's
 * type or a stray `-2` after an attribute as a subtraction, and a closing brace lost in the middle nests one block in
 * another. The platform rejects all of these, and the structural rules see no credential property there; the
 * credential is still in the repository.
 *
 * Templates: each unread part (an unknown top-level key, a resource without a `Type`) leaves the template's document
 * and becomes a configuration document of its own, read like a Helm values file. Terraform: each top-level block that
 * holds such a construct leaves the module and its span gets the same text search a file that does not parse gets.
 * The well-formed rest of the file is read structurally, as before, so nothing is reported twice.
 */
import { entryAsObject, SourceFile, type Entry, type ObjectNode, type PNode } from "../core/positioned.js";
import type { SourceDocument } from "../model/entities.js";
import type { TfBlock, TfFile } from "../parsers/terraform/syntax.js";
import { EXPRESSIONS } from "../parsers/terraform/syntax.js";
import { syntaxOf } from "./formats.js";

/** The top-level keys of a template (SAM's `Globals` included). */
const TEMPLATE_SECTIONS: ReadonlySet<string> = new Set([
  "AWSTemplateFormatVersion",
  "Description",
  "Metadata",
  "Parameters",
  "Rules",
  "Mappings",
  "Conditions",
  "Transform",
  "Resources",
  "Outputs",
  "Globals",
  "Hooks",
]);

/** The block types a Terraform module may have at its top level. */
const TOP_LEVEL_BLOCKS: ReadonlySet<string> = new Set([
  "terraform",
  "provider",
  "resource",
  "data",
  "ephemeral",
  "module",
  "variable",
  "output",
  "locals",
  "moved",
  "import",
  "check",
  "removed",
  "action",
]);

/** Top-level block types that Terraform never accepts inside another block (`data` is allowed inside `check`). */
const NEVER_NESTED: ReadonlySet<string> = new Set([
  "terraform",
  "provider",
  "resource",
  "ephemeral",
  "module",
  "variable",
  "output",
  "locals",
  "moved",
  "import",
  "check",
  "removed",
]);

/** Nested blocks that take labels outside `terraform` and `check`: `dynamic "name"`, `provisioner "type"`. */
const LABELLED_NESTED: ReadonlySet<string> = new Set(["dynamic", "provisioner"]);

/**
 * Whether a resource entry is one the structural rules read, or at least one they know the shape of: a mapping with a
 * `Type` (a module's `Type` may be a mapping), a `Fn::ForEach::` loop (a list) of the language extensions, or nothing
 * (`Db:` and no value). A scalar there (`MasterUserPassword: ...` pulled up by a duplicate `Resources:`) is unread.
 */
const isResource = (resource: Entry): boolean =>
  resource.key.value.startsWith("Fn::") ||
  (resource.value.kind === "scalar" && resource.value.value === null) ||
  (resource.value.kind === "object" && resource.value.entries.some((e) => e.key.value === "Type"));

/**
 * A template's root without its unread parts, and those parts (entries to search as configuration); undefined when
 * the template has none.
 */
export function unreadTemplateParts(root: PNode): { root: ObjectNode; unread: Entry[] } | undefined {
  if (root.kind !== "object") return undefined;
  const unread: Entry[] = [];
  const entries: Entry[] = [];
  // A file taken for a template by another key only (a `package.json` with a `Transform`) is not broken: its other
  // keys are what it is. One with a `Resources` key, even empty, is a template whose other keys the platform rejects.
  const template = root.entries.some((e) => e.key.value === "Resources");
  for (const entry of root.entries) {
    if (template && !TEMPLATE_SECTIONS.has(entry.key.value)) {
      unread.push(entry);
      continue;
    }
    const resources = entry.value;
    // Resources as a list (a stray `-` under the key): no resource is read from it.
    if (entry.key.value === "Resources" && resources.kind === "array") {
      unread.push(entry);
      continue;
    }
    if (entry.key.value !== "Resources" || resources.kind !== "object") {
      entries.push(entry);
      continue;
    }
    const typed = resources.entries.filter(isResource);
    if (typed.length === resources.entries.length) {
      entries.push(entry);
      continue;
    }
    for (const resource of resources.entries) if (!isResource(resource)) unread.push(resource);
    entries.push({ key: entry.key, value: { ...resources, entries: typed } });
  }
  return unread.length > 0 ? { root: { ...root, entries }, unread } : undefined;
}

/** The template documents of a load with their unread parts moved to configuration documents of their own. */
export async function withUnreadTemplateParts(
  documents: readonly SourceDocument[],
  language: "yaml" | "json",
): Promise<SourceDocument[] | undefined> {
  let changed = false;
  const out: SourceDocument[] = [];
  for (const document of documents) {
    const parts = document.platform === "cloudformation" ? unreadTemplateParts(document.root) : undefined;
    if (!parts) {
      out.push(document);
      continue;
    }
    changed = true;
    out.push({ ...document, root: parts.root });
    const { configDocument } = await import("../parsers/source/load.js");
    for (const entry of parts.unread) {
      const config = configDocument(document.file, language, entryAsObject(entry));
      if (config) out.push(config);
    }
  }
  return changed ? out : undefined;
}

/** Why a top-level Terraform block cannot be read structurally, or undefined when it can. */
export function unreadBlockReason(block: TfBlock): string | undefined {
  if (!TOP_LEVEL_BLOCKS.has(block.type)) return "a block of a type Terraform does not know";
  if ((block.type === "resource" || block.type === "data") && block.labels.length !== 2)
    return "a resource or data block without its type and name labels";
  const text = block.file.text;
  const hcl = syntaxOf(block.file.path) === "hcl";
  const stack: { node: PNode; parent: string }[] = [{ node: block.body, parent: block.type }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: PNode; parent: string };
    if (node.kind === "scalar") continue;
    if (node.kind === "array") {
      for (const item of node.items) stack.push({ node: item, parent });
      continue;
    }
    for (const { key, value } of node.entries) {
      // An attribute's whole value: an inner operand list may start inside the parentheses that allow its breaks.
      if (
        value.kind !== "object" &&
        EXPRESSIONS.get(value)?.kind !== "heredoc" &&
        continuesOutsideBrackets(text, value.start, value.end)
      )
        return "an expression that goes on after a line break outside brackets, which Terraform rejects";
      // A nested block's body has its index as last path segment; an attribute's value has the attribute's name.
      const isBlock = value.kind === "object" && typeof value.path[value.path.length - 1] === "number";
      if (isBlock && NEVER_NESTED.has(key.value)) return "a block nested where Terraform does not allow it";
      if (isBlock && key.value === "data" && parent !== "check")
        return "a block nested where Terraform does not allow it";
      // Labels (`I2 resource "a" {`: a stray word took the block's place) on a nested block: only `dynamic` and
      // `provisioner` blocks, and the blocks of `terraform` and `check`, have any.
      if (
        isBlock &&
        !LABELLED_NESTED.has(key.value) &&
        block.type !== "terraform" &&
        block.type !== "check" &&
        text.slice(key.end, value.start).trim() !== ""
      )
        return "a nested block with labels, which Terraform rejects";
      // Block types are lowercase words (`ebs_block_device`, `lifecycle`, `required_providers`): a nested block named
      // otherwise (`L{` left on a line of its own takes the attributes after it) is one no provider defines, and the
      // model, which reads the blocks a resource type has, would never look inside. HCL only: the JSON syntax
      // writes a nested block as an object, as it writes a map attribute (`tags`), whose keys are anything.
      if (isBlock && hcl && !/^[a-z][a-z0-9_]*$/.test(key.value)) return "a nested block of a type no provider defines";
      stack.push({ node: value, parent: isBlock ? key.value : parent });
    }
  }
  return undefined;
}

/**
 * Whether `text[start, end)`, an expression, has a line break outside brackets, strings and interpolations: HCL ends
 * an attribute at a line break there, tree-sitter's grammar reads on (`"value"` then `-2` on the next line is a
 * subtraction to it, not to Terraform). Linear in the span.
 */
export function continuesOutsideBrackets(text: string, start: number, end: number): boolean {
  let depth = 0;
  let i = start;
  // The last character outside whitespace and comments: a line break after an operator (`a ||`) continues the line.
  let last = "";
  while (i < end) {
    const c = text[i] as string;
    if (c !== "\n" && c !== "#" && !(c === "/" && text[i + 1] === "/") && !/\s/.test(c)) last = c;
    if (c === '"') {
      // A quoted string, its `${...}` and `%{...}` parts included (their braces counted, their strings skipped).
      let interpolation = 0;
      i++;
      while (i < end) {
        const s = text[i];
        if (s === "\\") i += 2;
        else if ((s === "$" || s === "%") && text[i + 1] === "{") {
          interpolation++;
          i += 2;
        } else if (s === "}" && interpolation > 0) {
          interpolation--;
          i++;
        } else if (s === '"' && interpolation === 0) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
    else if (c === "\n" && depth === 0 && /[\w"')\]}]/.test(last)) return true;
    else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      // A comment runs to the end of its line; the line break ends it.
      const newline = text.indexOf("\n", i);
      i = newline < 0 || newline >= end ? end : newline;
      continue;
    }
    i++;
  }
  return false;
}

/** The Terraform file without its unread top-level blocks, and their spans with why; undefined when it has none. */
export function unreadTerraformBlocks(
  tf: TfFile,
): { tf: TfFile; spans: { start: number; end: number; reason: string }[] } | undefined {
  if (tf.format !== "hcl" || tf.values !== undefined) return undefined;
  const spans: { start: number; end: number; reason: string }[] = [];
  const dropped = new Set<ObjectNode>();
  for (const block of tf.blocks) {
    const reason = unreadBlockReason(block);
    if (reason === undefined) continue;
    dropped.add(block.body);
    spans.push({ start: Math.min(block.node.start, block.body.start), end: block.body.end, reason });
  }
  for (const gap of outsideBlocks(tf))
    spans.push({ ...gap, reason: "text outside any block, which Terraform rejects" });
  if (spans.length === 0) return undefined;
  const root: PNode =
    tf.root.kind === "object"
      ? { ...tf.root, entries: tf.root.entries.filter((e) => !dropped.has(e.value as ObjectNode)) }
      : tf.root;
  return { tf: { ...tf, blocks: tf.blocks.filter((b) => !dropped.has(b.body)), root }, spans };
}

/**
 * The lines of a `.tf` file outside every top-level block that hold more than a comment: an attribute at the top level
 * (`password = "..."` left behind by a lost brace) or a stray word. The parser keeps only blocks; Terraform rejects
 * anything else there. Each line's span, clipped to the gap it lies in.
 */
export function outsideBlocks(tf: TfFile): { start: number; end: number }[] {
  const text = tf.file.text;
  const blocks = tf.blocks
    .map((b) => ({ start: Math.min(b.node.start, b.body.start), end: b.body.end }))
    .sort((a, b) => a.start - b.start);
  const gaps: { start: number; end: number }[] = [];
  let at = 0;
  for (const block of blocks) {
    if (block.start > at) gaps.push({ start: at, end: block.start });
    at = Math.max(at, block.end);
  }
  if (at < text.length) gaps.push({ start: at, end: text.length });
  const out: { start: number; end: number }[] = [];
  for (const gap of gaps) {
    // `/* ... */` comments blanked, line breaks kept: a block commented out between two blocks is no text.
    const clean = text
      .slice(gap.start, gap.end)
      .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, (comment) => comment.replace(/[^\n]/g, " "));
    let start = gap.start;
    while (start < gap.end) {
      const newline = text.indexOf("\n", start);
      const end = newline < 0 || newline > gap.end ? gap.end : newline;
      const line = clean.slice(start - gap.start, end - gap.start).trim();
      // The keyword before a block's labels (`resource`) is in the gap: a bare word holds no credential.
      if (/[A-Za-z0-9]/.test(line) && !/^(#|\/\/|\/\*|\*)/.test(line) && !/^[A-Za-z_][\w-]*$/.test(line))
        out.push({ start, end });
      start = end + 1;
    }
  }
  return out;
}

/**
 * The file with everything outside `spans` blanked (spaces; line breaks kept), so that every offset, line and column
 * stays the file's: the text search of the copy finds only what lies inside the spans.
 */
export function onlyWithin(file: SourceFile, spans: readonly { start: number; end: number }[]): SourceFile {
  const text = file.text;
  const out: string[] = [];
  let at = 0;
  const blank = (from: number, to: number) => {
    if (to > from) out.push(text.slice(from, to).replace(/[^\n]/g, " "));
  };
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const start = Math.max(span.start, at);
    if (span.end <= start) continue;
    blank(at, start);
    out.push(text.slice(start, span.end));
    at = span.end;
  }
  blank(at, text.length);
  return new SourceFile(file.path, out.join(""));
}

/**
 * The lines of a YAML file that no node of its documents starts on or spans, and that hold more than punctuation or a
 * comment: text the YAML library left out of the tree without an error. It does so for a `- item` list right under an
 * explicit `? key` without its `:` (the list, and the mapping indented under it, vanish: `? complex` then `- item`
 * then `password: ...` reads as `complex: null`). Linear: each node marks its own lines once, scalars do not overlap.
 */
export function uncoveredLines(file: SourceFile, roots: readonly PNode[]): { start: number; end: number }[] {
  const text = file.text;
  const lines = file.locate(text.length).line;
  const covered = new Uint8Array(lines + 2);
  const mark = (start: number, end: number) => {
    const first = file.locate(start).line;
    const last = end > start ? file.locate(end - 1).line : first;
    for (let line = first; line <= last; line++) covered[line] = 1;
  };
  const stack: PNode[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop() as PNode;
    if (node.kind === "scalar") mark(node.start, node.end);
    else if (node.kind === "array") {
      mark(node.start, node.start);
      for (const item of node.items) stack.push(item);
    } else {
      mark(node.start, node.start);
      for (const { key, value } of node.entries) {
        mark(key.start, key.end);
        stack.push(value);
      }
    }
  }
  const spans: { start: number; end: number }[] = [];
  const breaks = /\r\n|\r|\n/g;
  let line = 1;
  let start = 0;
  for (;;) {
    const found = breaks.exec(text);
    const end = found ? found.index : text.length;
    if (!covered[line]) {
      const content = text.slice(start, end).trim();
      if (/[A-Za-z0-9]/.test(content) && !content.startsWith("#")) spans.push({ start, end });
    }
    if (!found) break;
    start = found.index + found[0].length;
    line++;
  }
  return spans;
}

/**
 * Scripts that Terraform configurations hand to machines, read as shell (`parsers/source/embedded-script.ts`):
 * `user_data` and `user_data_base64` (and the other providers' `custom_data`, `metadata_startup_script`,
 * `startup-script`), in any block, and the commands of `remote-exec` (`inline`) and `local-exec` (`command`)
 * provisioners. A value is followed where it is written: a heredoc or string, the literal arguments of
 * `base64encode(...)`, `templatefile(...)` and other calls (the variables a template gets are named literals), a
 * variable's default, a value a `.tfvars` file of the module folder gives the variable, and a local value. A base64
 * value is decoded; its literals are then positioned where the script is used, since the encoded text has no line
 * for a key. A literal's `${...}` parts are resolved as any Terraform template is.
 */
import type { EmbeddedScript, ScriptLiteral } from "../../model/entities.js";
import type { PNode, ScalarNode } from "../../core/positioned.js";
import { scriptLiterals } from "../source/embedded-script.js";
import { EXPRESSIONS, type TfBlock } from "./syntax.js";
import { resolveNode, type ModuleScope } from "./resolve.js";

/** Attributes whose value is a script a machine runs at boot, in any provider. */
const USER_DATA = /^(user_data|user_data_base64|custom_data|metadata_startup_script|startup[-_]script)$/;

/** How deep variables and locals are followed, and how deep nested blocks are searched. */
const MAX_DEPTH = 8;

/** The scripts of a block (a resource, a module call...), with the address they belong to. */
export function blockScripts(block: TfBlock, resource: string | undefined, scope: ModuleScope): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  const visit = (body: PNode, depth: number): void => {
    if (depth > MAX_DEPTH || body.kind !== "object" || EXPRESSIONS.has(body)) return;
    for (const { key, value } of body.entries) {
      if (USER_DATA.test(key.value)) {
        out.push(script(value, `the ${key.value} script`, true, scope, resource));
      } else if (key.value === "provisioner") {
        for (const provisioner of provisionerBodies(value)) {
          for (const [argument, runs] of [
            ["inline", "the commands of a remote-exec provisioner"],
            ["command", "the command of a local-exec provisioner"],
          ] as const) {
            const commands = provisioner.entries.find((e) => e.key.value === argument)?.value;
            if (commands) out.push(script(commands, runs, false, scope, resource));
          }
        }
      } else if (value.kind === "object") {
        visit(value, depth + 1);
      } else if (value.kind === "array" && !EXPRESSIONS.has(value)) {
        for (const item of value.items) visit(item, depth + 1);
      }
    }
  };
  visit(block.body, 0);
  return out.filter((s) => s.literals.length > 0);
}

/** `provisioner "remote-exec" { ... }` bodies: in HCL the body itself; in `.tf.json` under the type, maybe in lists. */
function provisionerBodies(node: PNode): (PNode & { kind: "object" })[] {
  if (node.kind === "array") return EXPRESSIONS.has(node) ? [] : node.items.flatMap(provisionerBodies);
  if (node.kind !== "object") return [];
  if (node.entries.some((e) => e.key.value === "inline" || e.key.value === "command")) return [node];
  return node.entries.flatMap((e) => provisionerBodies(e.value));
}

function script(
  node: PNode,
  runs: string,
  stored: boolean,
  scope: ModuleScope,
  resource: string | undefined,
): EmbeddedScript {
  const literals = literalsOf(node, scope, undefined, 0, node).map((literal) => resolved(literal, scope));
  return { node, runs, stored, literals, ...(resource !== undefined ? { resource } : {}) };
}

/** The literals of a script expression, followed through calls, variables, `.tfvars` values and locals. */
function literalsOf(
  node: PNode,
  scope: ModuleScope,
  via: string | undefined,
  depth: number,
  usage: PNode,
): ScriptLiteral[] {
  if (depth > MAX_DEPTH) return [];
  const info = EXPRESSIONS.get(node);
  if (node.kind === "array") {
    // A call's arguments (`base64encode("...")`, `templatefile("init.sh", { token = "..." })`) or a list of commands.
    if (info?.kind === "other") return [];
    return node.items.flatMap((item) => literalsOf(item, scope, via, depth + 1, usage));
  }
  if (node.kind === "object") {
    // The variables a template gets: each a named literal.
    return node.entries.flatMap(({ key, value }): ScriptLiteral[] =>
      value.kind === "scalar" && typeof value.value === "string" && !EXPRESSIONS.has(value)
        ? [
            {
              name: key.value,
              binding: "argument",
              node: value as ScriptLiteral["node"],
              ...(via !== undefined ? { via } : {}),
            },
          ]
        : literalsOf(value, scope, via, depth + 1, usage),
    );
  }
  if (typeof node.value !== "string") return [];
  const text = node.value;
  const whole = /^\$\{\s*(var|local)\.([\w-]+)\s*\}$/.exec(text);
  if (whole) {
    const [, root, name] = whole as unknown as [string, string, string];
    if (root === "local") {
      const local = scope.locals.get(name);
      return local ? literalsOf(local, scope, via ?? `local value ${name}`, depth + 1, usage) : [];
    }
    const fallback = scope.variables.get(name)?.body.entries.find((e) => e.key.value === "default")?.value;
    const given = (scope.tfvars?.get(name) ?? []).flatMap((value) =>
      literalsOf(value, scope, via ?? `${fileName(value)}`, depth + 1, usage),
    );
    return [
      ...(fallback ? literalsOf(fallback, scope, via ?? `default of variable ${name}`, depth + 1, usage) : []),
      ...given,
    ];
  }
  const scalar = node as ScalarNode & { value: string };
  const decoded = decodeBase64(text);
  // Decoded, a key has no place of its own in the text: it is reported where the script is used.
  if (decoded !== undefined)
    return scriptLiterals(scalar, {
      content: decoded,
      at: usage,
      via: via === undefined ? "base64-encoded" : `${via}, base64-encoded`,
    });
  const heredoc = info?.kind === "heredoc" ? info.contentStart : undefined;
  return scriptLiterals(scalar, {
    ...(heredoc !== undefined ? { from: heredoc } : {}),
    ...(via !== undefined ? { via } : {}),
  });
}

const fileName = (node: PNode): string => node.file.path.slice(node.file.path.lastIndexOf("/") + 1);

/** A base64 string (line breaks allowed) long enough to hold a script, decoded when it is text. */
function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/[\r\n]+/g, "");
  if (compact.length < 16 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, "base64").toString("utf8");
  let printable = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c >= 32 && c !== 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return decoded.length > 0 && printable / decoded.length >= 0.95 ? decoded : undefined;
}

/** A literal whose value has `${...}` parts, with the parts Terraform can resolve here resolved (a variable's default). */
function resolved(literal: ScriptLiteral, scope: ModuleScope): ScriptLiteral {
  const value = literal.node.value;
  if (!value.includes("${")) return literal;
  const outcome = resolveNode({ ...literal.node }, scope);
  if (!outcome || typeof outcome.value !== "string" || outcome.value.includes("${")) return literal;
  const via = outcome.via ?? literal.via;
  return { ...literal, node: { ...literal.node, value: outcome.value }, ...(via !== undefined ? { via } : {}) };
}

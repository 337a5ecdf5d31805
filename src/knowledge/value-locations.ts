/**
 * Where a string is in a template or configuration, in words for messages: `UserData of resource WebServer`,
 * `Default of parameter ApiKey`, `user_data of aws_instance.web`. Each platform lays its documents out differently
 * (CloudFormation's `Resources`/`Properties` sections and intrinsic functions, Terraform's block labels), so rules take
 * the words from here instead of walking paths themselves.
 */
import type { SourceDocument } from "../model/entities.js";
import type { PathSegment, PNode } from "../core/positioned.js";

/** A readable path inside a resource or section: `UserData`, `ContainerDefinitions[0].Environment[1].Value`. */
function pathText(path: readonly PathSegment[]): string {
  let out = "";
  let afterIntrinsic = false;
  for (const segment of path) {
    if (typeof segment === "string" && (segment === "Ref" || segment.startsWith("Fn::"))) {
      afterIntrinsic = true;
      continue;
    }
    if (typeof segment === "number") {
      if (!afterIntrinsic) out += `[${segment}]`;
      continue;
    }
    afterIntrinsic = false;
    out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** Where a string is, for messages: `UserData of resource WebServer`, `Default of parameter ApiKey`. */
export function locationOf(node: PNode, document?: Pick<SourceDocument, "platform" | "resourceAt">): string {
  if (document?.platform === "terraform") return terraformLocationOf(node, document.resourceAt(node));
  const [section, id, ...rest] = node.path;
  if (typeof id === "string" && (section === "Resources" || section === "Parameters" || section === "Outputs")) {
    const noun = section === "Resources" ? "resource" : section === "Parameters" ? "parameter" : "output";
    const inner = pathText(section === "Resources" && rest[0] === "Properties" ? rest.slice(1) : rest);
    return inner ? `${inner} of ${noun} ${id}` : `The ${noun} ${id}`;
  }
  const text = pathText(node.path);
  return text ? `${text} of the template` : "The template";
}

/** `user_data of aws_instance.web`: the attribute path below the block's labels, and the block's address. */
function terraformLocationOf(node: PNode, address: string | undefined): string {
  if (address === undefined) return `${pathText(node.path) || "A value"} of the configuration`;
  for (let k = 1; k <= node.path.length; k++) {
    const labels = node.path
      .slice(0, k)
      .filter((segment) => segment !== "resource")
      .join(".");
    if (labels === address) {
      const inner = pathText(node.path.slice(k));
      return inner ? `${inner} of ${address}` : `The block ${address}`;
    }
  }
  return `A value of ${address}`;
}

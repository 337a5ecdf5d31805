import { get, stringValue, type PNode } from "../../core/positioned.js";

const SERVERLESS_TRANSFORM = "AWS::Serverless-2016-10-31";

/**
 * A document is a CloudFormation template when it says so (`AWSTemplateFormatVersion`), uses the SAM transform,
 * or has a `Resources` map whose entries have `Type: AWS::...`. Anything else (Kubernetes manifests, workflow
 * files, package.json) is not one and gets no CloudFormation findings.
 */
export function isCloudFormation(root: PNode | undefined): boolean {
  if (root?.kind !== "object") return false;
  if (get(root, "AWSTemplateFormatVersion") !== undefined) return true;
  const transform = get(root, "Transform");
  if (stringValue(transform) === SERVERLESS_TRANSFORM) return true;
  if (transform?.kind === "array" && transform.items.some((t) => stringValue(t) === SERVERLESS_TRANSFORM)) return true;
  const resources = get(root, "Resources");
  if (resources?.kind !== "object") return false;
  return resources.entries.some((e) => /^(AWS|Alexa)::/.test(stringValue(get(e.value, "Type")) ?? ""));
}

/** Cheap text test used before parsing, so a broken file that is not a template is not reported as an error. */
export function looksLikeCloudFormation(text: string): boolean {
  return /AWSTemplateFormatVersion|AWS::Serverless-2016-10-31|["']?Type["']?\s*:\s*["']?AWS::/.test(text);
}

import type { Project } from "../model/project.js";
import { IamCatalogue } from "../knowledge/iam-catalogue.js";

/** Services every policy rule needs to judge sensitivity, whatever the policies name. */
const ALWAYS = ["secretsmanager", "kms"];

/**
 * The IAM catalogue for a project: only the services its policies name are loaded, and nothing at all (not even
 * the package) when the project has no policy, so a scan of one template stays fast.
 */
export async function catalogueFor(project: Project): Promise<IamCatalogue> {
  const services = servicesOf(project);
  if (services.size === 0) return IamCatalogue.empty();
  const { loadIamCatalogue } = await import("../knowledge/iam-catalogue.js");
  return loadIamCatalogue(services);
}

/** The services to load for a project's policies; none when it has no policy. */
export function servicesOf(project: Project): Set<string> {
  const policies = project.all("policy");
  if (policies.length === 0) return new Set();
  const services = new Set(ALWAYS);
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const field of [...statement.actions, ...statement.notActions]) {
        if (typeof field.value !== "string") continue;
        const colon = field.value.indexOf(":");
        if (colon > 0 && !field.value.slice(0, colon).includes("*"))
          services.add(field.value.slice(0, colon).toLowerCase());
      }
    }
  }
  return services;
}

/** CloudFormation dynamic references: `{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`, `{{resolve:ssm:...}}`. */
export type DynamicReferenceService = "secretsmanager" | "ssm-secure" | "ssm";

export interface DynamicReference {
  service: DynamicReferenceService;
  /** What follows the service: `MySecret:SecretString:password`, `/prod/db/password:1`. */
  reference: string;
}

/** The reference may contain `${...}` placeholders left by `Fn::Sub`: `{{resolve:secretsmanager:${DbSecret}::password}}`. */
const PATTERN = /\{\{resolve:(secretsmanager|ssm-secure|ssm):((?:\$\{[^}]*\}|[^}])*)\}\}/g;

export function dynamicReferences(text: string): DynamicReference[] {
  return [...text.matchAll(PATTERN)].map((m) => ({
    service: m[1] as DynamicReferenceService,
    reference: m[2] as string,
  }));
}

/** Whether the whole value is one dynamic reference to a secret store (Secrets Manager or SSM SecureString). */
export function isSecretStoreReference(text: string): boolean {
  const refs = dynamicReferences(text);
  return refs.length > 0 && refs.every((r) => r.service !== "ssm");
}

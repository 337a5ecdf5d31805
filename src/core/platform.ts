/** What a scanned file is written for: each parser produces entities of one platform, and a rule names those it reads. */
export type Platform = "cloudformation" | "terraform" | "policy" | "source";

/** The platforms a rule over infrastructure code reads: templates and configurations. */
export const INFRASTRUCTURE: Platform[] = ["cloudformation", "terraform"];
/** Infrastructure code and standalone IAM policy documents. */
export const INFRASTRUCTURE_AND_POLICIES: Platform[] = [...INFRASTRUCTURE, "policy"];

import type { Rule } from "../knowledge/rule-contract.js";
import auditTrailMissing from "./audit-trail-missing/rule.js";
import crossAccountWithoutCmk from "./cross-account-without-cmk/rule.js";
import databasePasswordUnmanaged from "./database-password-unmanaged/rule.js";
import hardcodedCredential from "./hardcoded-credential/rule.js";
import kmsKeyRotationDisabled from "./kms-key-rotation-disabled/rule.js";
import lambdaEnvSecret from "./lambda-env-secret/rule.js";
import parameterWithoutNoecho from "./parameter-without-noecho/rule.js";
import policyNotAction from "./policy-not-action/rule.js";
import policyPublicPrincipal from "./policy-public-principal/rule.js";
import policyUnknownAction from "./policy-unknown-action/rule.js";
import policyWildcardAction from "./policy-wildcard-action/rule.js";
import policyWildcardResource from "./policy-wildcard-resource/rule.js";
import rotationIntervalTooLong from "./rotation-interval-too-long/rule.js";
import secretAwsManagedKey from "./secret-aws-managed-key/rule.js";
import secretFetchWithoutCache from "./secret-fetch-without-cache/rule.js";
import secretNamingConvention from "./secret-naming-convention/rule.js";
import secretRecoveryDisabled from "./secret-recovery-disabled/rule.js";
import secretWithoutRotation from "./secret-without-rotation/rule.js";
import ssmParameterSecret from "./ssm-parameter-secret/rule.js";

/** Every rule, explicitly: no registration by import side effect. Sorted by id. */
export const RULES: readonly Rule[] = [
  auditTrailMissing,
  crossAccountWithoutCmk,
  databasePasswordUnmanaged,
  hardcodedCredential,
  kmsKeyRotationDisabled,
  lambdaEnvSecret,
  parameterWithoutNoecho,
  policyNotAction,
  policyPublicPrincipal,
  policyUnknownAction,
  policyWildcardAction,
  policyWildcardResource,
  rotationIntervalTooLong,
  secretAwsManagedKey,
  secretFetchWithoutCache,
  secretNamingConvention,
  secretRecoveryDisabled,
  secretWithoutRotation,
  ssmParameterSecret,
];

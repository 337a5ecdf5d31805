import type { Rule } from "./define.js";
import kmsKeyRotationDisabled from "./kms-key-rotation-disabled/rule.js";
import rotationIntervalTooLong from "./rotation-interval-too-long/rule.js";
import secretAwsManagedKey from "./secret-aws-managed-key/rule.js";
import secretWithoutRotation from "./secret-without-rotation/rule.js";

/** Every rule, explicitly: no registration by import side effect. Sorted by id. */
export const RULES: readonly Rule[] = [kmsKeyRotationDisabled, rotationIntervalTooLong, secretAwsManagedKey, secretWithoutRotation];

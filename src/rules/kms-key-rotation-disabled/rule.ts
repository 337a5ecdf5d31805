import { literal } from "../../model/entities.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

/** Key origins whose key material AWS KMS cannot rotate automatically. */
const NON_ROTATABLE_ORIGINS = new Set(["EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"]);

export default defineRule({
  meta: {
    id: "kms-key-rotation-disabled",
    title: "Symmetric KMS key without automatic key rotation",
    severity: "warning",
    securitySeverity: 4.0,
    // SARIF precision from measured false positives (ACCURACY.md): IaC corpus: 10/10 found, 0 of 12 negatives reported.
    precision: "very-high",
    appliesTo: INFRASTRUCTURE,
    entities: ["kms-key"],
    messages: {
      missing: "KMS key {{name}} does not enable automatic key rotation ({{property}} is not set).",
      disabled: "KMS key {{name}} disables automatic key rotation ({{property}} is false{{via}}).",
    },
    related: {
      checkov: ["CKV_AWS_7"],
      kics: ["235ca980-eb71-48f4-9030-df0c371029eb", "1c07bfaf-663c-4f6f-b22b-8e2d481e4df5"],
      cfnNag: ["F19"],
      cdkNag: ["AwsSolutions-KMS5"],
    },
    tags: ["CWE-320"],
    docs: {
      description:
        "Keys that encrypt secrets should get new key material regularly, so that a compromise of old material exposes " +
        "less. Symmetric KMS keys rotate automatically once a year (or on the period you set) when rotation is enabled; " +
        "old material stays available for decryption, so rotation breaks nothing.",
      remediation:
        "Set `EnableKeyRotation: true` (optionally `RotationPeriodInDays`). Asymmetric, HMAC, imported (`Origin: EXTERNAL`) " +
        "and custom-key-store keys cannot rotate automatically and are not reported.",
    },
  },
  create(context) {
    return {
      kmsKey(key) {
        // Only symmetric encryption keys of AWS KMS origin can rotate; an unresolved spec is not assumed symmetric.
        if (key.keySpec && literal(key.keySpec)?.toUpperCase() !== "SYMMETRIC_DEFAULT") return;
        if (key.keyUsage && literal(key.keyUsage)?.toUpperCase() !== "ENCRYPT_DECRYPT") return;
        if (key.origin && NON_ROTATABLE_ORIGINS.has(literal(key.origin)?.toUpperCase() ?? "EXTERNAL")) return;
        const name = key.resource;
        const property = context.words(key).keyRotationProperty;
        if (!key.enableKeyRotation) {
          context.report({ node: key.node, entity: key, messageId: "missing", data: { name, property } });
        } else if (literal(key.enableKeyRotation) === false) {
          const via = key.enableKeyRotation.via ? `, ${key.enableKeyRotation.via}` : "";
          context.report({
            node: key.enableKeyRotation.node,
            entity: key,
            messageId: "disabled",
            data: { name, property, via },
          });
        }
      },
    };
  },
});

import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";
import { nounFor } from "../../knowledge/credential-nouns.js";
import { plaintextCredential, type MessageId } from "./plaintext.js";

const withArticle = (noun: string): string => `${/^[aeiou]|^API\b/i.test(noun) ? "an" : "a"} ${noun}`;

const PLAINTEXT =
  "Parameter Store keeps it unencrypted and shows it to anyone who may read the parameter, and nothing rotates it.";

export default defineRule({
  meta: {
    id: "ssm-parameter-secret",
    title: "Credential stored in a plain SSM parameter",
    severity: "warning",
    securitySeverity: 6.5,
    // SARIF precision from measured false positives (ACCURACY.md): a name heuristic.
    precision: "high",
    appliesTo: INFRASTRUCTURE,
    entities: ["ssm-parameter"],
    messages: {
      value:
        "SSM parameter {{parameter}} is a plain {{type}} whose value is a hardcoded {{what}} ({{masked}}): anyone who can read " +
        "{{source}} can use it, and Parameter Store shows it unencrypted to anyone who may read the parameter. Revoke it. {{remedy}}",
      name: `SSM parameter {{parameter}} is named like {{noun}} but is a plain {{type}}{{held}}: ${PLAINTEXT} {{remedy}}`,
      description: `SSM parameter {{parameter}} is described as {{noun}} ("{{description}}") but is a plain {{type}}{{held}}: ${PLAINTEXT} {{remedy}}`,
      copied:
        "SSM parameter {{parameter}} copies {{store}} {{secret}} into a plain {{type}}: Parameter Store keeps the copy unencrypted and " +
        "shows it to anyone who may read the parameter, and the copy does not follow the secret's rotation. Read the secret where it is needed instead.",
    } satisfies Record<MessageId, string>,
    related: { checkov: ["CKV_AWS_384"] },
    tags: ["CWE-312"],
    docs: {
      description:
        "Parameter Store keeps `String` and `StringList` parameters in plaintext: every principal allowed " +
        "`ssm:GetParameter` (or `ssm:DescribeParameters` with history, or the console) reads them, without a KMS key " +
        "policy in the way, and nothing rotates them. A credential belongs in AWS Secrets Manager (encrypted with a key " +
        "you control, rotated, audited per secret); Parameter Store is for configuration.",
      remediation:
        "Create a Secrets Manager secret for the credential, with `GenerateSecretString` " +
        "or a value set outside the template, and read it with a `{{resolve:secretsmanager:...}}` dynamic reference or the " +
        "SDK. Where a parameter must stay, make it a `SecureString` with a customer-managed key (where " +
        "the deployment tool can create one). Revoke any credential that was written in the template.",
    },
  },
  create(context) {
    return {
      ssmParameter(parameter) {
        const verdict = plaintextCredential(parameter, context.project, context.words(parameter));
        if (!verdict) return;
        context.report({
          node: verdict.node,
          entity: parameter,
          messageId: verdict.messageId,
          data:
            verdict.said !== undefined ? { ...verdict.data, noun: withArticle(nounFor(verdict.said)) } : verdict.data,
          ...(verdict.kind !== undefined ? { kind: verdict.kind } : {}),
          ...(verdict.confidence !== undefined ? { confidence: verdict.confidence } : {}),
        });
      },
    };
  },
});

import { describe, expect, it } from "vitest";
import { loadIamCatalogue } from "./iam-catalogue.js";
import { isSensitiveAction, sensitiveAction, sensitiveActions } from "./sensitive-actions.js";

describe("sensitive actions", () => {
  it("names only actions that exist, in AWS's spelling", async () => {
    const services = [...new Set(sensitiveActions().map((a) => a.service))];
    const catalogue = await loadIamCatalogue(services);
    for (const { service, name } of sensitiveActions()) {
      expect(catalogue.action(service, name)?.name, `${service}:${name}`).toBe(name);
    }
  });

  it("lists each action once, with a category and an effect for messages", () => {
    const keys = sensitiveActions().map((a) => `${a.service}:${a.name}`.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
    for (const action of sensitiveActions()) expect(action.effect).toMatch(/^[a-z]/);
  });

  it.each([
    ["secretsmanager", "GetSecretValue", "read"],
    ["secretsmanager", "BatchGetSecretValue", "read"],
    ["SecretsManager", "getsecretvalue", "read"],
    ["secretsmanager", "PutResourcePolicy", "escalate"],
    ["kms", "Decrypt", "read"],
    ["KMS", "CREATEGRANT", "escalate"],
    ["kms", "ScheduleKeyDeletion", "write"],
    ["ssm", "GetParametersByPath", "read"],
    ["iam", "PassRole", "escalate"],
    ["sts", "AssumeRole", "escalate"],
  ])("%s:%s is sensitive (%s), whatever its case", (service, name, category) => {
    expect(isSensitiveAction(service, name)).toBe(true);
    expect(sensitiveAction(service, name)?.category).toBe(category);
  });

  it.each([
    ["secretsmanager", "DescribeSecret"],
    ["secretsmanager", "ListSecrets"],
    ["secretsmanager", "GetResourcePolicy"],
    ["secretsmanager", "GetRandomPassword"],
    ["kms", "Encrypt"],
    ["kms", "GenerateDataKey"],
    ["kms", "ReEncryptFrom"],
    ["kms", "DescribeKey"],
    ["ssm", "DescribeParameters"],
    ["s3", "GetObject"],
    ["sts", "AssumeRoleWithWebIdentity"],
    ["nosuchservice", "GetSecretValue"],
  ])("%s:%s is not sensitive", (service, name) => {
    expect(isSensitiveAction(service, name)).toBe(false);
  });

  it("never takes object properties for actions or services", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      expect(isSensitiveAction("secretsmanager", name)).toBe(false);
      expect(isSensitiveAction(name, "GetSecretValue")).toBe(false);
      expect(isSensitiveAction(name, name)).toBe(false);
    }
  });
});

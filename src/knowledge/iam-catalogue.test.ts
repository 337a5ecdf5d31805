import { describe, expect, it } from "vitest";
import { IamCatalogue, loadIamCatalogue, wildcardMatcher } from "./iam-catalogue.js";

describe("the IAM catalogue", async () => {
  const catalogue = await loadIamCatalogue(["secretsmanager", "kms", "nosuchservice"]);

  it("loads the services asked for and knows every other prefix without loading it", () => {
    expect(catalogue.isLoaded("secretsmanager")).toBe(true);
    expect(catalogue.isLoaded("s3")).toBe(false);
    expect(catalogue.isKnownService("s3")).toBe(true);
    expect(catalogue.isKnownService("nosuchservice")).toBe(false);
  });

  it("looks actions up without regard to case, and never takes object properties for actions", () => {
    expect(catalogue.action("SecretsManager", "getsecretvalue")).toEqual({
      service: "secretsmanager",
      name: "GetSecretValue",
      accessLevel: "Read",
      isWildcardOnly: false,
    });
    expect(catalogue.action("secretsmanager", "constructor")).toBeUndefined();
    expect(catalogue.action("secretsmanager", "__proto__")).toBeUndefined();
    expect(catalogue.action("constructor", "x")).toBeUndefined();
    expect(catalogue.action("secretsmanager", "ListSecrets")?.isWildcardOnly).toBe(true);
  });

  it("gives a grown catalogue the same actions, in the same order, as the catalogue loaded before it", async () => {
    const grown = await loadIamCatalogue(["kms", "secretsmanager", "ssm"]);
    expect(grown.isLoaded("ssm")).toBe(true);
    expect(grown.actions("secretsmanager")).toEqual(catalogue.actions("secretsmanager"));
    expect(grown.actions("kms").map((a) => a.name)).toEqual(catalogue.actions("kms").map((a) => a.name));
    expect(grown.action("kms", "decrypt")).toEqual({
      service: "kms",
      name: "Decrypt",
      accessLevel: "Write",
      isWildcardOnly: false,
    });
    expect(catalogue.isLoaded("ssm")).toBe(false);
  });

  it("expands wildcards as IAM does", () => {
    expect(
      catalogue
        .expand("secretsmanager:Get*")
        .map((a) => a.name)
        .sort(),
    ).toEqual(["GetRandomPassword", "GetResourcePolicy", "GetSecretValue"]);
    expect(catalogue.expand("kms:?ecrypt").map((a) => a.name)).toEqual(["Decrypt"]);
    expect(catalogue.expand("*")).toEqual([]);
    expect(catalogue.expand("s3:Get*")).toEqual([]);
  });

  it("is empty when nothing was loaded", () => {
    const empty = IamCatalogue.empty();
    expect(empty.isKnownService("secretsmanager")).toBe(false);
    expect(empty.expand("secretsmanager:*")).toEqual([]);
  });

  it("matches IAM wildcards literally otherwise", () => {
    expect(wildcardMatcher("Get*").test("GetSecretValue")).toBe(true);
    expect(wildcardMatcher("Get.*").test("GetXSecret")).toBe(false);
    expect(wildcardMatcher("Describe?ecret").test("DescribeSecret")).toBe(true);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globMatch } from "./wildcard.js";

/** The reference semantics: IAM wildcards as an (escaped) regular expression; fine for short generated inputs. */
const viaRegExp = (pattern: string, text: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "is",
  ).test(text);

describe("globMatch", () => {
  it.each([
    ["secretsmanager:Get*", "secretsmanager:GetSecretValue", true],
    ["secretsmanager:get*", "SecretsManager:GetSecretValue", true],
    ["kms:?ecrypt", "kms:Decrypt", true],
    ["kms:?ecrypt", "kms:ReEncrypt", false],
    ["*", "", true],
    ["a*b*c", "aXXbYYc", true],
    ["a*b*c", "aXXbYY", false],
    [
      "arn:aws:secretsmanager:*:*:secret:prod/db-??????",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbC123",
      true,
    ],
    ["Get.*", "GetXSecret", false],
  ])("%s ~ %s -> %s", (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  it("agrees with the regular-expression reading on random patterns", () => {
    const alphabet = fc.constantFrom("a", "b", "*", "?", ".", ":");
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }).map((a) => a.join("")),
        fc.array(fc.constantFrom("a", "b", ".", ":"), { maxLength: 10 }).map((a) => a.join("")),
        (pattern, text) => {
          expect(globMatch(pattern, text)).toBe(viaRegExp(pattern, text));
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});

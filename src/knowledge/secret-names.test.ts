import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAwsSecretKeyName } from "./credential-patterns.js";
import { isSecretLikeName, namesSecretAttribute, words } from "./secret-names.js";
import { cpuNow } from "../test-support/cpu-now.js";

/**
 * The regular-expression definition `words` replaced: the behaviour to keep. Its second pattern backtracks
 * quadratically on a long run of capitals (50,000 capitals: about a second), which is why it is not the code.
 */
function wordsByRegex(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

describe("words is the one-pass form of the regular-expression split", () => {
  it("gives the same words on names in every convention (ASCII)", () => {
    const nameChars = fc.constantFrom(..."aAbBzZ09_-. /KEYkey".split(""));
    fc.assert(
      fc.property(fc.array(nameChars, { maxLength: 40 }), (chars) => {
        const name = chars.join("");
        expect(words(name)).toEqual(wordsByRegex(name));
      }),
      { numRuns: 2_000, seed: 8 },
    );
  });

  it("splits the last capital of a run off when a lower-case letter follows it", () => {
    expect(words("DBPassword")).toEqual(["db", "password"]);
    expect(words("AWSSecretAccessKey")).toEqual(["aws", "secret", "access", "key"]);
    expect(words("db2Password")).toEqual(["db2", "password"]);
    expect(words(`${"A".repeat(10)}Bc`)).toEqual(["a".repeat(10), "bc"]);
  });

  it("is linear on 50,000 capitals, and so are the name checks built on it", () => {
    const capitals = `${"A".repeat(50_000)}b`;
    const start = cpuNow();
    expect(words(capitals)).toEqual(["a".repeat(49_999), "ab"]);
    expect(isAwsSecretKeyName(`SECRET${capitals}KEY`)).toBe(false);
    expect(isAwsSecretKeyName(`SECRET_${capitals}_KEY`)).toBe(true);
    expect(isSecretLikeName(capitals)).toBe(false);
    expect(namesSecretAttribute(capitals)).toBe(false);
    expect(cpuNow() - start).toBeLessThan(500);
  });
});

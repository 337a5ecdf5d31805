import { describe, expect, it } from "vitest";
import { didYouMean, MAX_LENGTH } from "./did-you-mean.js";

describe("didYouMean", () => {
  const options = ["format", "output", "fail-on", "staged", "no-config", "config"];

  it.each([
    ["formt", "format"],
    // Compared without regard to case: the spelling users mean is the one offered.
    ["FORMAT", "format"],
    ["fail-no", "fail-on"],
    ["stagged", "staged"],
    ["conifg", "config"],
    ["warn", undefined],
    ["bogus", undefined],
    ["format", undefined],
  ])("%s -> %s", (text, expected) => {
    expect(didYouMean(text, options)).toBe(expected);
  });

  it("completes a prefix of three characters or more", () => {
    expect(didYouMean("warn", ["error", "warning", "note", "off"])).toBe("warning");
    expect(didYouMean("wa", ["error", "warning", "note", "off"])).toBeUndefined();
  });

  it("does not compare texts longer than MAX_LENGTH ", () => {
    expect(MAX_LENGTH).toBe(64);
    expect(didYouMean(`format${"x".repeat(100_000)}`, options)).toBeUndefined();
    expect(didYouMean("f".repeat(MAX_LENGTH + 1), ["f".repeat(MAX_LENGTH + 1)])).toBeUndefined();
  });
});

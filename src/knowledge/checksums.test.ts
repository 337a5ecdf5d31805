import { describe, expect, it } from "vitest";
import { base62, crc32, hasCrc32Checksum } from "./checksums.js";

describe("crc32", () => {
  it("computes the IEEE CRC-32 (the standard check value of 123456789 is cbf43926)", () => {
    expect(crc32("123456789").toString(16)).toBe("cbf43926");
    expect(crc32("")).toBe(0);
  });
});

describe("base62", () => {
  it("writes digits, then upper case, then lower case, left-padded", () => {
    expect(base62(0, 6)).toBe("000000");
    expect(base62(61, 2)).toBe("0z");
    expect(base62(62, 2)).toBe("10");
    expect(base62(0xffffffff, 6)).toBe("4gfFC3");
  });
});

describe("hasCrc32Checksum", () => {
  const random = "Qw7vR2tY9uI1oP3aS5dF6gH8jK0lZx";
  it("accepts a token whose last 6 characters are the base62 CRC32 of the 30 before", () => {
    expect(hasCrc32Checksum(`ghp_${random}${base62(crc32(random), 6)}`)).toBe(true);
    expect(hasCrc32Checksum(`npm_${random}${base62(crc32(random), 6)}`)).toBe(true);
  });
  it("rejects a wrong checksum and a wrong length", () => {
    expect(hasCrc32Checksum(`ghp_${random}000000`)).toBe(false);
    expect(hasCrc32Checksum(`ghp_${random}${base62(crc32(random), 6)}A`)).toBe(false);
  });
});

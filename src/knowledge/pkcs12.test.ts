import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_MAC_ITERATIONS, isPkcs12Path, wellKnownPkcs12Password } from "./pkcs12.js";

// Made with `openssl pkcs12 -export` from a throwaway key made for these tests (see each name for the options).
const fixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, "fixtures", "pkcs12", name));

describe("wellKnownPkcs12Password", () => {
  it.each([
    ["gcp-style-sha1.p12", "notasecret"],
    ["gcp-style-sha256.p12", "notasecret"],
    ["gcp-style-sha512.p12", "notasecret"],
    ["empty-password.pfx", ""],
  ])("verifies the MAC of %s with the password %j", (name, password) => {
    expect(wellKnownPkcs12Password(fixture(name))).toEqual({ password });
  });

  it("says nothing of a file protected by another password, without a MAC, or cut short", () => {
    for (const name of ["own-password.p12", "no-mac.p12", "truncated.p12"])
      expect(wellKnownPkcs12Password(fixture(name))).toBeUndefined();
  });

  it(`does not derive keys for a MAC of more than ${MAX_MAC_ITERATIONS} iterations (200,000 here)`, () => {
    const started = process.hrtime.bigint();
    expect(wellKnownPkcs12Password(fixture("many-iterations.p12"))).toBeUndefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });

  it("refuses bytes that are not a DER PFX: empty, random, lengths past the end, indefinite lengths", () => {
    const inputs = [
      Buffer.alloc(0),
      Buffer.from("not a key at all, just text"),
      Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03]),
      Buffer.from([0x30, 0x80, 0x02, 0x01, 0x03, 0x00, 0x00]),
      Buffer.from([0x30, 0x03, 0x02, 0x01, 0x03]),
    ];
    for (const bytes of inputs) expect(wellKnownPkcs12Password(bytes)).toBeUndefined();
  });

  it("is not fooled by a valid file whose MAC data was changed", () => {
    const bytes = Buffer.from(fixture("gcp-style-sha256.p12"));
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0xff;
    expect(wellKnownPkcs12Password(bytes)).toBeUndefined();
  });
});

describe("isPkcs12Path", () => {
  it("knows .p12 and .pfx in any case, nothing else", () => {
    expect(["a/key.p12", "b/Key.PFX", "c.P12"].map(isPkcs12Path)).toEqual([true, true, true]);
    expect(["a/key.p12.txt", "p12", "key.pem"].map(isPkcs12Path)).toEqual([false, false, false]);
  });
});

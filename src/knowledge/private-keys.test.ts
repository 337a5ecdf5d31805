import { describe, expect, it } from "vitest";
import { findCredentials } from "./credential-patterns.js";
import { findPrivateKeys } from "./private-keys.js";
import { BASE64, fake } from "../test-support/fake.js";

/** Made-up base64, 64 characters a line, from the seeded generator (no real key sits in this file). */
const fakeBase64 = (length: number, seed: number): string => fake(BASE64, length, seed);
const L1 = fakeBase64(64, 1);
const L2 = fakeBase64(64, 2);
const L3 = fakeBase64(24, 3);
const dashes = "-----";
const begin = (label: string) => `${dashes}BEGIN ${label}${dashes}`;
const end = (label: string) => `${dashes}END ${label}${dashes}`;

describe("findPrivateKeys: PEM and PGP blocks", () => {
  it("finds a PGP private key block, without its armour headers and checksum line", () => {
    const text = [
      begin("PGP PRIVATE KEY BLOCK"),
      "Version: Made Up 1.0",
      "",
      L1,
      L2,
      "=Ab3x",
      end("PGP PRIVATE KEY BLOCK"),
    ].join("\n");
    expect(findPrivateKeys(text)).toEqual([
      { start: 0, end: text.length, value: L1 + L2, description: "PGP private key" },
    ]);
  });

  it("finds a PKCS#8 key written with \\n escapes inside a JSON string", () => {
    const block = `${begin("PRIVATE KEY")}\\n${L1}\\n${L3}\\n${end("PRIVATE KEY")}\\n`;
    const text = `{"private_key": "${block}"}`;
    const start = text.indexOf(dashes);
    expect(findPrivateKeys(text)).toEqual([
      { start, end: start + block.length - 2, value: L1 + L3, description: "private key" },
    ]);
  });

  it("finds a key cut into concatenated string pieces", () => {
    const text = [
      `key = "${begin("RSA PRIVATE KEY")}\\n" +`,
      `  "${L1}\\n" +`,
      `  "${L2}\\n" +`,
      `  "${end("RSA PRIVATE KEY")}"`,
    ].join("\n");
    const start = text.indexOf(dashes);
    const stop = text.lastIndexOf(dashes) + dashes.length;
    expect(findPrivateKeys(text)).toEqual([{ start, end: stop, value: L1 + L2, description: "private key" }]);
  });

  it("reports an encrypted PKCS#8 key and a Proc-Type: 4,ENCRYPTED key with medium confidence", () => {
    const pkcs8 = [begin("ENCRYPTED PRIVATE KEY"), L1, end("ENCRYPTED PRIVATE KEY")].join("\n");
    const legacy = [
      begin("RSA PRIVATE KEY"),
      "Proc-Type: 4,ENCRYPTED",
      "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF",
      "",
      L2,
      end("RSA PRIVATE KEY"),
    ].join("\n");
    const text = `${pkcs8}\n${legacy}`;
    expect(findPrivateKeys(text)).toEqual([
      { start: 0, end: pkcs8.length, value: L1, description: "encrypted private key", confidence: "medium" },
      {
        start: pkcs8.length + 1,
        end: text.length,
        value: L2,
        description: "encrypted private key",
        confidence: "medium",
      },
    ]);
  });

  it("tells an encrypted OpenSSH key by the cipher name in its body", () => {
    const body = (cipher: string) =>
      Buffer.concat([
        Buffer.from("openssh-key-v1\0"),
        Buffer.from([0, 0, 0, cipher.length]),
        Buffer.from(cipher),
        Buffer.from(fakeBase64(60, 4)),
      ]).toString("base64");
    const plain = [begin("OPENSSH PRIVATE KEY"), body("none"), end("OPENSSH PRIVATE KEY")].join("\n");
    const encrypted = [begin("OPENSSH PRIVATE KEY"), body("aes256-ctr"), end("OPENSSH PRIVATE KEY")].join("\n");
    expect(findPrivateKeys(plain).map((m) => [m.description, m.confidence])).toEqual([["private key", undefined]]);
    expect(findPrivateKeys(encrypted).map((m) => [m.description, m.confidence])).toEqual([
      ["encrypted private key", "medium"],
    ]);
  });

  it.each([
    ["a placeholder body", [begin("PRIVATE KEY"), "...", end("PRIVATE KEY")].join("\n")],
    ["prose in string pieces", `"${begin("PRIVATE KEY")}\\n" + "your key goes here" + "${end("PRIVATE KEY")}"`],
    ["a public key block", [`${dashes}BEGIN PUBLIC KEY${dashes}`, L1, `${dashes}END PUBLIC KEY${dashes}`].join("\n")],
  ])("does not report %s", (_, text) => {
    expect(findPrivateKeys(text)).toEqual([]);
  });
});

describe("findPrivateKeys: PuTTY key files", () => {
  const ppk = (encryption: string, privateLines: string[]) =>
    [
      "PuTTY-User-Key-File-2: ssh-rsa",
      `Encryption: ${encryption}`,
      "Comment: made-up-key",
      "Public-Lines: 1",
      L1,
      `Private-Lines: ${privateLines.length}`,
      ...privateLines,
      "Private-MAC: 0123456789abcdef0123456789abcdef01234567",
    ].join("\n");

  it("finds an unencrypted key from its first line to its MAC", () => {
    const text = `body = <<EOF\n${ppk("none", [L2, L3])}\nEOF\n`;
    const start = text.indexOf("PuTTY");
    expect(findPrivateKeys(text)).toEqual([
      { start, end: text.indexOf("\nEOF\n"), value: L2 + L3, description: "PuTTY private key" },
    ]);
  });

  it("reports an encrypted key with medium confidence", () => {
    const text = ppk("aes256-cbc", [L2]);
    expect(findPrivateKeys(text)).toEqual([
      { start: 0, end: text.length, value: L2, description: "encrypted PuTTY private key", confidence: "medium" },
    ]);
  });

  it("reads a key file written with \\n escapes", () => {
    const text = JSON.stringify({ key: ppk("none", [L2]) });
    const start = text.indexOf("PuTTY");
    const stop = text.indexOf('"}');
    expect(findPrivateKeys(text)).toEqual([{ start, end: stop, value: L2, description: "PuTTY private key" }]);
  });

  it("does not report a key file without private lines or MAC", () => {
    expect(findPrivateKeys(ppk("none", []))).toEqual([]);
    expect(findPrivateKeys(`PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n${L2}`)).toEqual(
      [],
    );
  });
});

describe("findPrivateKeys: secp256k1", () => {
  const hex = "3f9a".repeat(16);

  it("reports 0x and 64 hex digits with low confidence, medium after a key word", () => {
    const bare = `sent from 0x${hex} today`;
    expect(findPrivateKeys(bare)).toEqual([
      { start: 10, end: 76, value: hex, description: "secp256k1 private key", confidence: "low" },
    ]);
    const named = `PRIVATE_KEY="0x${hex}"`;
    expect(findPrivateKeys(named)).toEqual([
      { start: 13, end: 79, value: hex, description: "secp256k1 private key", confidence: "medium" },
    ]);
  });

  it.each([
    [
      "the curve order (a run of f that is also a filler)",
      "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
    ],
    ["zero", `0x${"0".repeat(64)}`],
    ["65 hex digits", `0x${hex}a`],
    ["no 0x prefix", hex],
    ["a public key (66 hex digits)", `02${hex}`],
  ])("does not report %s", (_, text) => {
    expect(findPrivateKeys(text)).toEqual([]);
  });
});

describe("private keys through findCredentials", () => {
  it("names the container in the finding's description", () => {
    const text = [begin("PGP PRIVATE KEY BLOCK"), L1, end("PGP PRIVATE KEY BLOCK")].join("\n");
    expect(findCredentials(text)).toEqual([
      {
        kind: "private-key",
        description: "PGP private key",
        confidence: "high",
        start: 0,
        end: text.length,
        value: L1,
      },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { findCredentials } from "./credential-patterns.js";
import { isPasswordName } from "./secret-names.js";
import { entropy, isWordLike, keywordConfidence, looksRandom, valueShape } from "./value-shape.js";

describe("value shape", () => {
  it("reads identifiers, camelCase names and English words as words", () => {
    for (const v of [
      "createSecret",
      "NextToken",
      "AWSAccessKeyId",
      "sample token",
      "my-session-token",
      "bluewhalesong",
    ]) {
      expect(isWordLike(v), v).toBe(true);
      expect(valueShape(v), v).toBe("words");
    }
  });

  it("does not read digits, symbols, two-letter parts or a 21-letter run as words", () => {
    for (const v of ["Tr0ub4dor", "s3cr3t!", "AbCdEfGh", "qzwxecrvtbynumiopasdfg"])
      expect(isWordLike(v), v).toBe(false);
  });

  it("calls a generated-looking value random, a weak one mixed, nothing empty", () => {
    expect(valueShape("Xk29dj2kd92kdK")).toBe("random");
    expect(valueShape("9f86d081884c7d659a2feaa0c55ad015")).toBe("random");
    expect(valueShape("hunter2")).toBe("mixed");
    expect(valueShape("aaaa1111")).toBe("mixed");
    expect(valueShape("  ")).toBe("empty");
  });

  it("measures entropy in bits per character", () => {
    expect(entropy("abcd1234")).toBe(3);
    expect(entropy("aaaa")).toBe(0);
    expect(entropy("")).toBe(0);
  });

  it("needs 8 characters, two kinds (or 16 of one) and 2.5 bits per character to look random", () => {
    expect(looksRandom("Qm7-pX2z")).toBe(true);
    expect(looksRandom("Qm7pX2z")).toBe(false);
    expect(looksRandom("abcdefgh")).toBe(false);
    expect(looksRandom("qzwxecrvtbynumiopasdfg")).toBe(true);
  });
});

describe("isPasswordName", () => {
  it("is a password's name: password, passwd, pwd, pass, passphrase", () => {
    for (const n of ["DB_PASSWORD", "mysqlRootPasswd", "pwd", "db_pass", "gpgPassphrase", "MYSQL_ROOT_PASSWORD"])
      expect(isPasswordName(n), n).toBe(true);
  });

  it("is not a token's or a key's name, nor a setting about passwords", () => {
    for (const n of ["API_TOKEN", "clientSecret", "PasswordLength", "passwordArn"])
      expect(isPasswordName(n), n).toBe(false);
  });
});

describe("keywordConfidence", () => {
  it("is medium for any value under a password name, however weak", () => {
    expect(keywordConfidence("MYSQL_ROOT_PASSWORD", "whalehello")).toBe("medium");
    expect(keywordConfidence("db_pass", "hunter2")).toBe("medium");
  });

  it("is low for prose under a password name and for a value that spells its name", () => {
    expect(keywordConfidence("password", "value with spaces")).toBe("low");
    expect(keywordConfidence("InvalidPassword", "invalid-password")).toBe("low");
  });

  it("is medium for a random-looking value under a token or key name, low for words", () => {
    expect(keywordConfidence("API_TOKEN", "Xk29dj2kd92kdK")).toBe("medium");
    expect(keywordConfidence("api_token", "bluewhalesong")).toBe("low");
    expect(keywordConfidence("secretStep", "createSecret")).toBe("low");
    expect(keywordConfidence("ACCESS_KEY", "AWSAccessKeyId")).toBe("low");
  });

  it("is what the generic-password detector sets on each match, at the match's offsets", () => {
    const text = 'API_TOKEN=nextpagetoken\nDB_PASSWORD="whalehello"\nAUTH_TOKEN=Xk29dj2kd92kdK';
    const found = findCredentials(text, {}, { keywords: true }).map((f) => [f.start, f.end, f.value, f.confidence]);
    expect(found).toEqual([
      [0, 23, "nextpagetoken", "low"],
      [24, 48, "whalehello", "medium"],
      [49, 74, "Xk29dj2kd92kdK", "medium"],
    ]);
  });

  it("follows the context name when there is one", () => {
    const [only] = findCredentials("  sessiontoken ", { name: "api_token" }, { keywords: true });
    expect([only?.start, only?.end, only?.confidence]).toEqual([2, 14, "low"]);
  });
});

import { describe, expect, it } from "vitest";
import { lastName } from "./literal.js";
import { cpuNow } from "../../test-support/cpu-now.js";

describe("lastName", () => {
  it.each([
    ["config.db.password", "password"],
    ['cfg["api_key"]', "api_key"],
    ["cfg[ 'api_key' ] ", "api_key"],
    ["$this->password", "password"],
    ["x.db-password", "db-password"],
    ["obj.9token", "token"],
    ["$secret", "$secret"],
    ["f()", undefined],
    ['cfg[""]', undefined],
    ["a[b]", undefined],
    ["", undefined],
  ])("%s gives %s", (text, name) => {
    expect(lastName(text)).toBe(name);
  });

  it("is linear on a 50,000-character line that ends in no name", () => {
    const start = cpuNow();
    expect(lastName(`${"a-".repeat(25_000)}!`)).toBeUndefined();
    expect(lastName(`["${"a".repeat(50_000)}]`)).toBeUndefined();
    expect(cpuNow() - start).toBeLessThan(100);
  });
});

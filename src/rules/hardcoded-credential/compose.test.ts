import { describe, expect, it } from "vitest";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

const REMEDY =
  "anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.";
const password = (name: string, masked: string) =>
  `Environment variable ${name} is a hardcoded password (${masked}, kind generic-password): ${REMEDY}`;

describe("hardcoded-credential: docker-compose environment", () => {
  it("reads list-form NAME=value entries at the value, and reports weak passwords but not references", async () => {
    const text = [
      `services:`,
      `  db:`,
      `    image: postgres:16`,
      `    environment:`,
      `      - POSTGRES_PASSWORD=Xk29dj2kd92kdK`,
      `      - POSTGRES_USER=app`,
      `      - "REDIS_PASSWORD=whalehello"`,
      `  mysql:`,
      `    environment:`,
      `      MYSQL_ROOT_PASSWORD: whalehello`,
      `      SA_PASSWORD: example_123`,
      `      OTHER_PASSWORD: \${OTHER_PASSWORD}`,
    ].join("\n");
    const found = (await analyze([rule], [{ path: "docker-compose.yml", text }])).map((f) => [
      f.message,
      [f.line, f.column, f.endLine, f.endColumn],
    ]);
    expect(found).toEqual([
      [password("POSTGRES_PASSWORD", "Xk29****"), [5, 27, 5, 41]],
      [password("REDIS_PASSWORD", "wha****"), [7, 25, 7, 35]],
      [password("MYSQL_ROOT_PASSWORD", "wha****"), [10, 28, 10, 38]],
      [password("SA_PASSWORD", "exa****"), [11, 20, 11, 31]],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { parseDirectives } from "./suppressions.js";

const parse = (text: string) =>
  parseDirectives("f", text).map((d) => ({
    target: d.target,
    rules: d.rules.map((r) => [r.id, r.sub]),
    reason: d.reason,
  }));

describe("secretwarden-ignore comments", () => {
  it("apply to the next line of code when alone, to their own line at the end of one", () => {
    expect(
      parse(
        "# secretwarden-ignore a-rule: why\n\n# secretwarden-ignore b-rule: why too\nkey: value\nother: x # secretwarden-ignore c-rule: end\n",
      ),
    ).toEqual([
      { target: 4, rules: [["a-rule", undefined]], reason: "why" },
      { target: 4, rules: [["b-rule", undefined]], reason: "why too" },
      { target: 5, rules: [["c-rule", undefined]], reason: "end" },
    ]);
  });

  it("read // comments, several rules, sub-ids with colons, and no reason", () => {
    expect(
      parse(
        "const a = 1; // secretwarden-ignore policy-wildcard-resource[secretsmanager:GetSecretValue], x-rule: ok: really\n// secretwarden-ignore y-rule\nz\n",
      ),
    ).toEqual([
      {
        target: 1,
        rules: [
          ["policy-wildcard-resource", "secretsmanager:GetSecretValue"],
          ["x-rule", undefined],
        ],
        reason: "ok: really",
      },
      { target: 3, rules: [["y-rule", undefined]], reason: undefined },
    ]);
  });

  it("ignore the words inside other text", () => {
    expect(parse('url: "http://x/secretwarden-ignore"\nnote: see#secretwarden-ignore\n')).toEqual([]);
  });
});

describe("secretwarden-ignore in the languages read through tree-sitter", () => {
  it("suppresses hardcoded credentials in Ruby, C# and PHP (# and // comments)", async () => {
    const { scan } = await import("../scan/scan.js");
    const files = [
      {
        path: "app/config.rb",
        text: '# secretwarden-ignore hardcoded-credential: sandbox account, rotated daily\nDB_PASSWORD = "Zq8vRt2mXw9pLk4s"\n',
      },
      {
        path: "app/Client.cs",
        text: 'class C {\n  string Password = "Zq8vRt2mXw9pLk4s"; // secretwarden-ignore hardcoded-credential: local emulator\n}\n',
      },
      {
        path: "app/db.php",
        text: '<?php\n// secretwarden-ignore hardcoded-credential: docker-compose only\n$password = "Zq8vRt2mXw9pLk4s";\n',
      },
      { path: "app/other.php", text: '<?php\n$password = "Zq8vRt2mXw9pLk4s";\n' },
    ];
    const result = await scan({ cwd: "/nonexistent", files, config: { maxFileSeconds: 0 } });
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      "app/other.php:2:13 hardcoded-credential",
    ]);
    expect(result.suppressed?.map((f) => `${f.file}:${f.line} ${f.suppression.reason}`)).toEqual([
      "app/Client.cs:2 local emulator",
      "app/config.rb:2 sandbox account, rotated daily",
      "app/db.php:3 docker-compose only",
    ]);
  });
});

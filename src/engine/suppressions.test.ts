import { describe, expect, it } from "vitest";
import { parseDirectives } from "./suppressions.js";

const parse = (text: string) => parseDirectives("f", text).map((d) => ({ target: d.target, rules: d.rules.map((r) => [r.id, r.sub]), reason: d.reason }));

describe("secretwarden-ignore comments", () => {
  it("apply to the next line of code when alone, to their own line at the end of one", () => {
    expect(parse("# secretwarden-ignore a-rule: why\n\n# secretwarden-ignore b-rule: why too\nkey: value\nother: x # secretwarden-ignore c-rule: end\n")).toEqual([
      { target: 4, rules: [["a-rule", undefined]], reason: "why" },
      { target: 4, rules: [["b-rule", undefined]], reason: "why too" },
      { target: 5, rules: [["c-rule", undefined]], reason: "end" },
    ]);
  });

  it("read // comments, several rules, sub-ids with colons, and no reason", () => {
    expect(parse('const a = 1; // secretwarden-ignore policy-wildcard-resource[secretsmanager:GetSecretValue], x-rule: ok: really\n// secretwarden-ignore y-rule\nz\n')).toEqual([
      { target: 1, rules: [["policy-wildcard-resource", "secretsmanager:GetSecretValue"], ["x-rule", undefined]], reason: "ok: really" },
      { target: 3, rules: [["y-rule", undefined]], reason: undefined },
    ]);
  });

  it("ignore the words inside other text", () => {
    expect(parse('url: "http://x/secretwarden-ignore"\nnote: see#secretwarden-ignore\n')).toEqual([]);
  });
});

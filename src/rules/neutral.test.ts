import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Rules are written once over the platform-neutral model: a rule's code names no platform, resource type or
 * intrinsic function. Parsers normalise platform facts into the model, and platform words reach messages through the
 * rule context's dialect (`context.words`). Tests, READMEs and fixtures may name platforms.
 */
const PLATFORM_SPELLINGS: readonly RegExp[] = [
  /AWS::/,
  /aws_/,
  /Fn::/,
  /cloudformation/i,
  /terraform/i,
  /platform ===/,
];

const rulesDir = fileURLToPath(new URL(".", import.meta.url));

function ruleSources(): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(rulesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(join(rulesDir, entry.name))) {
      if (file.endsWith(".ts") && !file.endsWith(".test.ts")) files.push(join(entry.name, file));
    }
  }
  return files.sort();
}

describe("rule code names no platform", () => {
  it("finds rule sources to check", () => {
    expect(ruleSources()).toContain(join("hardcoded-credential", "rule.ts"));
  });

  it("has no platform spelling in any rule folder's code", () => {
    const hits: string[] = [];
    for (const file of ruleSources()) {
      readFileSync(join(rulesDir, file), "utf8")
        .split("\n")
        .forEach((line, index) => {
          const spelled = PLATFORM_SPELLINGS.find((pattern) => pattern.test(line));
          if (spelled) hits.push(`${file}:${index + 1}: ${spelled.source}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });
});

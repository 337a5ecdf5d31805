import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanWithContext, type ContextSource } from "./context.js";

const CFN_SECRET = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/billing/ledger/key
`;
const tfSecret = (name: string) => `resource "aws_secretsmanager_secret" "db" {
  name = "${name}"
}
`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A repository held in memory: `stored` as `--staged` gives it, with a search that answers as `git grep` would, and the
 * files whose contents were asked for, in order.
 */
function repository(files: Record<string, string>): { source: ContextSource; read: string[] } {
  const root = mkdtempSync(join(tmpdir(), "secretwarden-context-"));
  made.push(root);
  const read: string[] = [];
  const names = Object.keys(files);
  const source: ContextSource = {
    roots: [root],
    stored: {
      names,
      files: (wants) =>
        names.filter(wants).map((name) => ({
          path: name,
          name,
          onDisk: true,
          bytes: async () => {
            read.push(name);
            return Buffer.from(files[name] ?? "");
          },
        })),
      // The patterns are Perl's; the escapes `perlLiteral` writes mean the same in a JavaScript pattern.
      withoutMatch: async (pattern) =>
        new Set(names.filter((name) => !new RegExp(pattern, "i").test(files[name] ?? ""))),
    },
  };
  return { source, read };
}

describe("the context of a staged file", () => {
  it("settles the audit note's place with an earlier secret its parsers already read, not a template read for it", async () => {
    // In repository order the template comes first; either secret takes the note from the staged file.
    const { source, read } = repository({
      "a/secret.yaml": CFN_SECRET,
      "b/secret.tf": tfSecret("prod/payments/cards/token"),
      "c/main.tf": tfSecret("prod/orders/db/master"),
    });
    const result = await scanWithContext(
      { cwd: source.roots[0], files: [{ path: "c/main.tf", text: tfSecret("prod/orders/db/master") }] },
      source,
    );
    expect(read).toEqual(["b/secret.tf"]);
    expect(result.findings.map((finding) => `${finding.file} ${finding.ruleId}`)).toEqual([
      "c/main.tf secret-aws-managed-key",
      "c/main.tf secret-without-rotation",
    ]);
  });

  it("reads the template when no earlier secret is of a syntax already read", async () => {
    const { source, read } = repository({
      "a/secret.yaml": CFN_SECRET,
      "c/main.tf": tfSecret("prod/orders/db/master"),
    });
    const result = await scanWithContext(
      { cwd: source.roots[0], files: [{ path: "c/main.tf", text: tfSecret("prod/orders/db/master") }] },
      source,
    );
    expect(read).toEqual(["a/secret.yaml"]);
    expect(result.findings.map((finding) => `${finding.file} ${finding.ruleId}`)).toEqual([
      "c/main.tf secret-aws-managed-key",
      "c/main.tf secret-without-rotation",
    ]);
  });

  it("gives the staged file the audit note when it holds the repository's first secret", async () => {
    const { source } = repository({
      "a/main.tf": tfSecret("prod/orders/db/master"),
      "b/secret.yaml": CFN_SECRET,
    });
    const result = await scanWithContext(
      { cwd: source.roots[0], files: [{ path: "a/main.tf", text: tfSecret("prod/orders/db/master") }] },
      source,
    );
    expect(result.findings.map((finding) => `${finding.file} ${finding.ruleId}`)).toEqual([
      "a/main.tf audit-trail-missing",
      "a/main.tf secret-aws-managed-key",
      "a/main.tf secret-without-rotation",
    ]);
  });
});

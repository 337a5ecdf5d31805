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
function repository(
  files: Record<string, string>,
  search = true,
): { source: ContextSource; read: string[]; searched: string[] } {
  const root = mkdtempSync(join(tmpdir(), "secretwarden-context-"));
  made.push(root);
  const read: string[] = [];
  const searched: string[] = [];
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
      ...(search
        ? {
            withoutMatch: async (pattern: string) => {
              searched.push(pattern);
              return new Set(names.filter((name) => !new RegExp(pattern, "i").test(files[name] ?? "")));
            },
          }
        : {}),
    },
  };
  return { source, read, searched };
}

/**
 * `path` of `files` staged alone, the others its repository: the findings of the run (file and rule), the result, and
 * what the context read and searched.
 */
async function stage(files: Record<string, string>, path: string, search = true) {
  const { source, read, searched } = repository(files, search);
  const result = await scanWithContext({ cwd: source.roots[0], files: [{ path, text: files[path] ?? "" }] }, source);
  return { result, read, searched, findings: result.findings.map((finding) => `${finding.file} ${finding.ruleId}`) };
}

describe("the context of a staged file", () => {
  it("settles the audit note's place with an earlier secret its parsers already read, not a template read for it", async () => {
    // In repository order the template comes first; either secret takes the note from the staged file.
    const { read, searched, findings } = await stage(
      {
        "a/secret.yaml": CFN_SECRET,
        "b/secret.tf": tfSecret("prod/payments/cards/token"),
        "c/main.tf": tfSecret("prod/orders/db/master"),
      },
      "c/main.tf",
    );
    expect(read).toEqual(["b/secret.tf"]);
    // One search, for the staged secret's rotation and the audit controls: the earlier secret was read meanwhile.
    expect(searched).toEqual(["orders|trail|config_?rule"]);
    expect(findings).toEqual(["c/main.tf secret-aws-managed-key", "c/main.tf secret-without-rotation"]);
  });

  it("reads the template when no earlier secret is of a syntax already read", async () => {
    const { read, findings } = await stage(
      {
        "a/secret.yaml": CFN_SECRET,
        "c/main.tf": tfSecret("prod/orders/db/master"),
      },
      "c/main.tf",
    );
    expect(read).toEqual(["a/secret.yaml"]);
    expect(findings).toEqual(["c/main.tf secret-aws-managed-key", "c/main.tf secret-without-rotation"]);
  });

  it("when the first files before the staged secret hold none, lets git's search narrow the rest", async () => {
    const policies = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `a/policy-${String(i).padStart(2, "0")}.json`,
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
        }),
      ]),
    );
    const { read, searched, findings } = await stage(
      {
        ...policies,
        "b/secret.yaml": CFN_SECRET,
        "c/main.tf": tfSecret("prod/orders/db/master"),
      },
      "c/main.tf",
    );
    // 32 policies read while git searched for the links; the other 8 never.
    expect(read).toEqual([...Object.keys(policies).slice(0, 32), "b/secret.yaml"]);
    expect(searched).toEqual(["orders|trail|config_?rule", "SecretsManager::Secret\\b|aws_secretsmanager_secret\\b"]);
    expect(findings).toEqual(["c/main.tf secret-aws-managed-key", "c/main.tf secret-without-rotation"]);
  });

  it("without git's search, reads each file once to test it, and again only the one it takes", async () => {
    const { read, findings } = await stage(
      {
        "a/policy.json": JSON.stringify({ Version: "2012-10-17", Statement: [] }),
        "b/secret.yaml": CFN_SECRET,
        "c/main.tf": tfSecret("prod/orders/db/master"),
      },
      "c/main.tf",
      false,
    );
    expect(read).toEqual(["a/policy.json", "b/secret.yaml", "b/secret.yaml"]);
    expect(findings).toEqual(["c/main.tf secret-aws-managed-key", "c/main.tf secret-without-rotation"]);
  });

  it("does not check the suppressions of context files: their notes are no rule of the staged file's report", async () => {
    const rotation = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: prod/orders/db/master
      RotationLambdaARN: arn:aws:lambda:eu-west-1:111122223333:function:rotate
      RotationRules:
        AutomaticallyAfterDays: 30
  Legacy:
    Type: AWS::SecretsManager::Secret
    Properties:
      # secretwarden-ignore secret-naming-convention: the old consumers read this name
      Name: legacyname
`;
    const { result, read, findings } = await stage(
      {
        "a/rotation.yaml": rotation,
        "b/main.tf": tfSecret("prod/orders/db/master"),
      },
      "b/main.tf",
    );
    expect(read).toContain("a/rotation.yaml");
    expect(findings).toEqual(["b/main.tf secret-aws-managed-key"]);
    expect(result.rules.map((rule) => rule.id)).not.toContain("unused-suppression");
  });

  it("gives the staged file the audit note when it holds the repository's first secret", async () => {
    const { findings } = await stage(
      {
        "a/main.tf": tfSecret("prod/orders/db/master"),
        "b/secret.yaml": CFN_SECRET,
      },
      "a/main.tf",
    );
    expect(findings).toEqual([
      "a/main.tf audit-trail-missing",
      "a/main.tf secret-aws-managed-key",
      "a/main.tf secret-without-rotation",
    ]);
  });
});

/**
 * Binary PKCS#12 files: one whose MAC verifies with a password everybody knows is a private key in the clear and a
 * finding; any other stays a skipped binary file. Policies in files of their own are searched for credentials too.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, json, ROOT } from "./cli.js";

const FIXTURES = join(ROOT, "src/knowledge/fixtures/pkcs12");

function repoWith(files: Record<string, string>, containers: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-keys-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  for (const [name, fixture] of Object.entries(containers)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), join(dir, name));
  }
  return dir;
}

describe("PKCS#12 files", () => {
  it("reports one protected by GCP's notasecret or an empty password; skips the others as binary", () => {
    const dir = repoWith(
      {},
      {
        "keys/service-account.p12": "gcp-style-sha256.p12",
        "keys/legacy.P12": "gcp-style-sha1.p12",
        "certs/dev.pfx": "empty-password.pfx",
        "certs/protected.p12": "own-password.p12",
        "certs/no-mac.p12": "no-mac.p12",
        "certs/cut.p12": "truncated.p12",
      },
    );
    const run = cli(["--format", "json", "--fail-on", "error", "."], { cwd: dir });
    expect(run.status).toBe(1);
    const report = json(run);
    expect(
      report.findings.map((f) => ({
        file: f.file,
        at: `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`,
        kind: f.kind,
        confidence: f.confidence,
        message: f.message,
      })),
    ).toEqual([
      {
        file: "certs/dev.pfx",
        at: "1:1-1:1",
        kind: "private-key",
        confidence: "high",
        message:
          "The file contains a hardcoded private key (a PKCS#12 file protected by an empty password) (binary file, kind private-key): " +
          "anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS " +
          "Secrets Manager and read it at run time.",
      },
      ...["keys/legacy.P12", "keys/service-account.p12"].map((file) => ({
        file,
        at: "1:1-1:1",
        kind: "private-key",
        confidence: "high",
        message:
          "The file contains a hardcoded Google Cloud service account key (a PKCS#12 file protected by Google's default password, " +
          "notasecret) (binary file, kind private-key): anyone who can read the repository can use it, and it stays in version " +
          "history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.",
      })),
    ]);
    expect(report.skipped.map((s) => `${s.file} ${s.reason}`)).toEqual([
      "certs/cut.p12 binary",
      "certs/no-mac.p12 binary",
      "certs/protected.p12 binary",
    ]);
    expect(report.summary.filesScanned).toBe(3);
  });
});

describe("a policy document in a file of its own", () => {
  it("is searched for credentials: an access key id pasted into its Id", () => {
    const policy = [
      "{",
      '  "Version": "2012-10-17",',
      '  "Id": "AKIAQWERTYUIOPASDFGH",',
      '  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }]',
      "}",
      "",
    ].join("\n");
    const dir = repoWith({ "policies/reports.json": policy }, {});
    const report = json(cli(["--format", "json", "--fail-on", "none", "."], { cwd: dir }));
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.kind}`)).toEqual([
      "hardcoded-credential policies/reports.json:3:9 aws-access-key",
    ]);
  });
});

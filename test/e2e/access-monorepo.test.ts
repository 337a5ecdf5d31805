/** `access` and `inventory` on a monorepo of two stacks: the scan's filters and --fail-on, readers' files, folders as accounts. */
import { describe, expect, it } from "vitest";
import { cli, temporaryRepos } from "./cli.js";

const tempRepo = temporaryRepos("secretwarden-monorepo-");

const role = (name: string, resource: string) => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: Read
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: "${resource}"
`;

/** Two stacks: orders has a secret and a reader of its own; billing has a role that may read every secret. */
const MONOREPO = {
  "orders/template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrdersSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/orders/api-token
${role("OrdersReader", "!Ref OrdersSecret").replace('"!Ref OrdersSecret"', "!Ref OrdersSecret")}`,
  "billing/template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${role("BillingRole", "*")}`,
};

const HEADER = "Who can read each secret (secretsmanager:GetSecretValue):";

describe("secretwarden access in a monorepo", () => {
  it("names the file of each reader and lists the secret's own stack first", () => {
    const run = cli(["access", "."], { cwd: tempRepo(MONOREPO) });
    expect(run).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        HEADER,
        "",
        "orders/template.yaml",
        "  SECRET        PRINCIPAL          FROM                     VIA                               READ  DECRYPT",
        "  OrdersSecret  role OrdersReader  orders/template.yaml:7   inline policy of OrdersReader #1  yes   yes (AWS-managed key, same account)",
        "                role BillingRole   billing/template.yaml:3  inline policy of BillingRole #1   yes   yes (AWS-managed key, same account)",
        "",
        "1 secret in 2 files scanned; 1 can be read by a principal of the project or one its resource policies name (2 entries).",
        "",
      ].join("\n"),
    });
  });

  it("--account-per-folder: a role of another top folder is in another account and reads nothing here", () => {
    const run = cli(["access", ".", "--account-per-folder", "--no-color"], { cwd: tempRepo(MONOREPO) });
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n").slice(3, 5)).toEqual([
      "  SECRET        PRINCIPAL          FROM                    VIA                               READ  DECRYPT",
      "  OrdersSecret  role OrdersReader  orders/template.yaml:7  inline policy of OrdersReader #1  yes   yes (AWS-managed key, same account)",
    ]);
  });

  it("--exclude and --include narrow the files read, as for the scan", () => {
    const dir = tempRepo(MONOREPO);
    const excluded = cli(["access", ".", "--exclude", "billing/"], { cwd: dir });
    expect(excluded.stdout).toContain(
      "1 secret in 1 file scanned; 1 can be read by a principal of the project or one its resource policies name (1 entry).",
    );
    expect(excluded.stdout).not.toContain("BillingRole");
    const included = cli(["access", ".", "--include", "billing/"], { cwd: dir });
    expect(included.stdout).toBe(`${HEADER}\n\nNo secrets in 1 file scanned.\n`);
  });

  it("--fail-on: the scan's findings over the same files decide the exit code; without it, 0", () => {
    const dir = tempRepo(MONOREPO);
    // The secret has no rotation (warning) and the billing role reads secret values on `*` (an error since
    // policy-wildcard-resource follows risk); without the billing stack nothing is an error.
    expect(cli(["access", ".", "--fail-on", "warning"], { cwd: dir }).status).toBe(1);
    expect(cli(["access", ".", "--fail-on", "error"], { cwd: dir }).status).toBe(1);
    expect(cli(["access", "orders", "--fail-on", "error"], { cwd: dir }).status).toBe(0);
    expect(cli(["access", "."], { cwd: dir }).status).toBe(0);
    expect(cli(["inventory", ".", "--fail-on", "note", "--format", "json"], { cwd: dir }).status).toBe(1);
  });
});

describe("secretwarden inventory in a monorepo", () => {
  it("--account-per-folder counts only the readers of the secret's own folder", () => {
    const dir = tempRepo(MONOREPO);
    const readers = (args: string[]) =>
      (
        JSON.parse(cli(["inventory", ".", "--format", "json", ...args], { cwd: dir }).stdout) as {
          secrets: { readers: { principal: string }[] }[];
        }
      ).secrets.map((s) => s.readers.map((r) => r.principal));
    expect(readers([])).toEqual([["role BillingRole", "role OrdersReader"]]);
    expect(readers(["--account-per-folder"])).toEqual([["role OrdersReader"]]);
    expect(readers(["--exclude", "orders/"])).toEqual([]);
  });
});

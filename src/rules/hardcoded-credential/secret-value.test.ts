import { describe, expect, it } from "vitest";
import { analyze, underline } from "../../test-support/analyze.js";
import rule from "./rule.js";

const REMEDY =
  "anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.";
const wrapped = (call: string, masked: string) =>
  `The argument of ${call} is a hardcoded secret (${masked}, kind generic-password): ${REMEDY}`;

type Expected = [messageId: string, message: string, loc: [number, number, number, number]];

async function findings(path: string, text: string): Promise<Expected[]> {
  const found = await analyze([rule], [{ path, text }]);
  if (process.env.SW_SHOW_FINDINGS)
    for (const f of found)
      console.log(
        `${path} ${JSON.stringify([f.line, f.column, f.endLine, f.endColumn])} ${f.kind}\n${underline(text, f)}`,
      );
  return found.map((f) => [f.messageId, f.message, [f.line, f.column, f.endLine, f.endColumn]]);
}

// A literal made a secret value by the CDK call it is passed to is a credential whatever its name and strength: `hunter22`
// under `password` in plain code is too weak to report, here it is reported.
describe("hardcoded-credential: literals made secret values (CDK SecretValue)", () => {
  it("TypeScript: unsafePlainText, plainText and the constructor, qualified or not", async () => {
    const text = [
      `import { SecretValue, aws_rds as rds } from "aws-cdk-lib";`,
      `import * as cdk from "aws-cdk-lib";`,
      `const master = SecretValue.unsafePlainText("hunter22");`,
      `new rds.DatabaseInstance(this, "Db", { credentials: rds.Credentials.fromPassword("admin", cdk.SecretValue.plainText("Qm9-vL2x")) });`,
      `const token = new SecretValue("gh-oauth-7f3k2");`,
      `const fromCtx = SecretValue.unsafePlainText(props.value);`,
      `const ref = SecretValue.unsafePlainText("\${DB_PASSWORD}");`,
      `const none = SecretValue.unsafePlainText("");`,
    ].join("\n");
    expect(await findings("lib/stack.ts", text)).toEqual([
      ["sourceLiteral", wrapped("SecretValue.unsafePlainText", "hu****"), [3, 44, 3, 54]],
      ["sourceLiteral", wrapped("SecretValue.plainText", "Qm****"), [4, 117, 4, 127]],
      ["sourceLiteral", wrapped("SecretValue", "gh-o****"), [5, 31, 5, 47]],
    ]);
  });

  it("Python: unsafe_plain_text, plain_text and the constructor", async () => {
    const text = [
      `from aws_cdk import SecretValue`,
      `import aws_cdk as cdk`,
      `password = SecretValue.unsafe_plain_text("hunter22")`,
      `key = cdk.SecretValue.plain_text('Zt7-qq91')`,
      `raw = SecretValue("r4w-value-9")`,
      `env = SecretValue.unsafe_plain_text(os.environ["PW"])`,
    ].join("\n");
    expect(await findings("app/stack.py", text)).toEqual([
      ["sourceLiteral", wrapped("SecretValue.unsafe_plain_text", "hu****"), [3, 42, 3, 52]],
      ["sourceLiteral", wrapped("SecretValue.plain_text", "Zt****"), [4, 34, 4, 44]],
      ["sourceLiteral", wrapped("SecretValue", "r4w****"), [5, 19, 5, 32]],
    ]);
  });

  it("Java: SecretValue.unsafePlainText and new SecretValue", async () => {
    const text = [
      `import software.amazon.awscdk.SecretValue;`,
      `class Stack {`,
      `  void build() {`,
      `    SecretValue pw = SecretValue.unsafePlainText("hunter22");`,
      `    SecretValue other = new SecretValue("j4va-Value");`,
      `    SecretValue fromEnv = SecretValue.unsafePlainText(System.getenv("PW"));`,
      `  }`,
      `}`,
    ].join("\n");
    expect(await findings("src/main/java/Stack.java", text)).toEqual([
      ["sourceLiteral", wrapped("SecretValue.unsafePlainText", "hu****"), [4, 50, 4, 60]],
      ["sourceLiteral", wrapped("SecretValue", "j4v****"), [5, 41, 5, 53]],
    ]);
  });

  it("C#: SecretValue.UnsafePlainText and new SecretValue", async () => {
    const text = [
      `using Amazon.CDK;`,
      `class Stack {`,
      `  void Build() {`,
      `    var pw = SecretValue.UnsafePlainText("hunter22");`,
      `    var other = new SecretValue("cSharp-V4l");`,
      `    var fromEnv = SecretValue.UnsafePlainText(System.Environment.GetEnvironmentVariable("PW"));`,
      `  }`,
      `}`,
    ].join("\n");
    expect(await findings("src/Stack.cs", text)).toEqual([
      ["sourceLiteral", wrapped("SecretValue.UnsafePlainText", "hu****"), [4, 42, 4, 52]],
      ["sourceLiteral", wrapped("SecretValue", "cSh****"), [5, 33, 5, 45]],
    ]);
  });

  it("not a reference to a secret (SecretValue.secretsManager, ssmSecure) or another class's plainText", async () => {
    const text = [
      `const a = SecretValue.secretsManager("prod/db-password");`,
      `const b = SecretValue.ssmSecure("/prod/db/password");`,
      `const c = Template.plainText("Xk29-dj2kd");`,
      `const d = client.getSecretValue("prod/api-token");`,
    ].join("\n");
    expect(await findings("lib/refs.ts", text)).toEqual([]);
  });
});

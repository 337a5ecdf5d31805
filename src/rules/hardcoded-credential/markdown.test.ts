import { describe, expect, it } from "vitest";
import { analyze, underline } from "../../test-support/analyze.js";
import { fencedBlocks } from "../../parsers/source/markdown.js";
import rule from "./rule.js";

const REMEDY =
  "anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.";
const generic = (binding: string, what: string, masked: string) =>
  `${binding} is a hardcoded ${what} (${masked}, kind generic-password): ${REMEDY}`;
/** Made up, assembled at run time so that no complete key sits in the source. */
const KEY_ID = ["AKIA", "QX3MZ7PLW2RTNB5K"].join("");

type Expected = [messageId: string, severity: string, message: string, loc: [number, number, number, number]];

async function findings(path: string, text: string): Promise<Expected[]> {
  const found = await analyze([rule], [{ path, text }]);
  if (process.env.SW_SHOW_FINDINGS)
    for (const f of found)
      console.log(
        `${path} ${JSON.stringify([f.line, f.column, f.endLine, f.endColumn])} ${f.kind}\n${underline(text, f)}`,
      );
  return found.map((f) => [f.messageId, f.severity, f.message, [f.line, f.column, f.endLine, f.endColumn]]);
}

describe("fencedBlocks", () => {
  it("finds tagged, untagged, tilde and unclosed blocks at their content's offsets", () => {
    const text = [
      "# T",
      "```python",
      "a = 1",
      "```",
      "",
      "~~~",
      "b",
      "~~~",
      "````ts",
      "c",
      "```",
      "````",
      "```sh",
      "d",
    ].join("\n");
    const blocks = fencedBlocks(text).map((b) => [b.language, text.slice(b.start, b.end)]);
    expect(blocks).toEqual([
      ["python", "a = 1"],
      ["text", "b"],
      ["typescript", "c\n```"],
      ["shell", "d"],
    ]);
  });
});

describe("hardcoded-credential in Markdown", () => {
  const readme = [
    `# Orders service`, // 1
    ``,
    `Create the client with secrets = boto3.client("secretsmanager") and read password = "Wk29-dj2kd" from it.`,
    ``,
    "```python", // 5
    `import boto3`,
    `secrets = boto3.client("secretsmanager")`,
    `db_password = "Tr0ub4dor-77"`,
    "```",
    ``, // 10
    "```ts",
    `const apiKey = process.env.API_KEY;`,
    `const token = "k8sJd9-2kd93KdmA";`,
    "```",
    ``, // 15
    "```bash",
    `export DB_PASSWORD=Zx81-Spectrum`,
    "```",
    ``,
    "```", // 20
    `password: "untagged-Pa55"`,
    "```",
    ``,
    `Never commit a key such as ${KEY_ID} in prose.`,
  ].join("\n");

  it("reads each fenced block with its language's reader at its place; prose only for well-known formats", async () => {
    expect(await findings("README.md", readme)).toEqual([
      ["sourceLiteral", "warning", generic("Key db_password", "password", "Tr0****"), [8, 15, 8, 29]],
      ["sourceLiteral", "warning", generic("Key token", "token", "k8sJ****"), [13, 15, 13, 33]],
      ["sourceLiteral", "warning", generic("Key DB_PASSWORD", "password", "Zx8****"), [17, 20, 17, 33]],
      ["sourceLiteral", "warning", generic("Key password", "password", "unt****"), [21, 11, 21, 26]],
      [
        "sourceFormat",
        "error",
        `The file contains a hardcoded AWS access key ID (AKIA****, kind aws-access-key): ${REMEDY}`,
        [24, 28, 24, 48],
      ],
    ]);
  });

  it("reports nothing for prose assignments and environment reads alone (SECURITY.md)", async () => {
    const text = [
      `# Security`,
      `Read secrets with secret = client.get_secret_value(SecretId=arn) and SECRET = "from-the-store" in prose.`,
      "```js",
      `const secret = process.env.WEBHOOK_SECRET;`,
      "```",
    ].join("\n");
    expect(await findings("docs/SECURITY.md", text)).toEqual([]);
  });
});

describe("documentation severity", () => {
  it("caps what only a name or a header says at warning, and keeps a format that vouches for itself (high) an error", async () => {
    const readme = [
      "# Calling the API", // 1
      "",
      "```sh", // 3
      `curl -H "x-api-key: 4b9e11c2d7f0a835" https://api.example.test`, // 4
      `export AWS_ACCESS_KEY_ID=${KEY_ID}`, // 5
      "```", // 6
      "",
    ].join("\n");
    const found = (await findings("README.md", readme)).map(([id, severity, , loc]) => [id, severity, loc]);
    expect(found).toEqual([
      ["sourceFormat", "warning", [4, 21, 4, 37]],
      ["sourceLiteral", "error", [5, 26, 5, 46]],
    ]);
  });
});

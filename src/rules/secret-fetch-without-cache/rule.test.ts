import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyze, underline } from "../../test-support/analyze.js";
import rule from "./rule.js";

const TAIL =
  "each call adds latency and a paid API request, and a burst of invocations can exceed the Secrets Manager request quota.";
const OPTIONS =
  "or read it through the AWS Parameters and Secrets Lambda Extension, Powertools parameters or the Secrets Manager caching client, with a TTL so that a rotated value is picked up.";
const inHandler = (handler: string, api: string) =>
  `Lambda handler ${handler} calls ${api} on every invocation, with no cache: ${TAIL} Fetch the secret once outside the handler and reuse it, ${OPTIONS}`;
const viaFunction = (handler: string, via: string, api: string) =>
  `Lambda handler ${handler} calls ${via}, which calls ${api} on every invocation, with no cache: ${TAIL} Keep the value ${via} returns in module scope and reuse it, ${OPTIONS}`;

async function findings(path: string, text: string): Promise<[string, string, [number, number, number, number]][]> {
  const found = await analyze([rule], [{ path, text }]);
  if (process.env.SW_SHOW_FINDINGS) for (const f of found) console.log(`${path} ${JSON.stringify([f.line, f.column, f.endLine, f.endColumn])}\n${underline(text, f)}`);
  return found.map((f) => [f.messageId, f.message, [f.line, f.column, f.endLine, f.endColumn]]);
}

describe("secret-fetch-without-cache: JavaScript and TypeScript", () => {
  it("reports GetSecretValueCommand sent inside an exported handler", async () => {
    const text = [
      `import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";`,
      `const client = new SecretsManagerClient({});`,
      `export const handler = async (event) => {`,
      `  const out = await client.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID }));`,
      `  return use(out.SecretString, event);`,
      `};`,
    ].join("\n");
    expect(await findings("src/handler.ts", text)).toEqual([["inHandler", inHandler("handler", "GetSecretValueCommand"), [4, 33, 4, 95]]]);
  });

  it("reports getSecretValue (SDK v2) in a helper that exports.handler calls", async () => {
    const text = [
      `const AWS = require("aws-sdk");`,
      `const sm = new AWS.SecretsManager();`,
      `async function dbPassword() {`,
      `  const { SecretString } = await sm.getSecretValue({ SecretId: "prod/orders/db" }).promise();`,
      `  return JSON.parse(SecretString).password;`,
      `}`,
      `exports.handler = async function (event) {`,
      `  return connect(await dbPassword());`,
      `};`,
    ].join("\n");
    expect(await findings("index.js", text)).toEqual([["viaFunction", viaFunction("handler", "dbPassword", "getSecretValue"), [4, 34, 4, 83]]]);
  });

  it("does not report a fetch hoisted to module scope, a memoised helper, or Powertools", async () => {
    const hoisted = [
      `import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";`,
      `const secret = new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: "prod/api" }));`,
      `export const handler = async () => (await secret).SecretString;`,
    ].join("\n");
    expect(await findings("hoisted.mjs", hoisted)).toEqual([]);
    const memoised = [
      `import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";`,
      `const client = new SecretsManagerClient({});`,
      `let cached;`,
      `async function apiKey() {`,
      `  cached ??= client.send(new GetSecretValueCommand({ SecretId: "prod/api" }));`,
      `  return (await cached).SecretString;`,
      `}`,
      `export async function handler() { return call(await apiKey()); }`,
    ].join("\n");
    expect(await findings("memoised.ts", memoised)).toEqual([]);
    const powertools = [
      `import { getSecret } from "@aws-lambda-powertools/parameters/secrets";`,
      `import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";`,
      `export const handler = async () => { await getSecret("prod/api", { maxAge: 300 }); return client.send(new GetSecretValueCommand({ SecretId: "x" })); };`,
    ].join("\n");
    expect(await findings("powertools.ts", powertools)).toEqual([]);
  });

  it("does not report a fetch outside any handler (a script, a CLI)", async () => {
    const text = `import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";\nexport async function rotate(client) { return client.send(new GetSecretValueCommand({ SecretId: "x" })); }\n`;
    expect(await findings("scripts/rotate.ts", text)).toEqual([]);
  });
});

describe("secret-fetch-without-cache: Python", () => {
  it("reports get_secret_value in a handler taking (event, context), directly or through a helper", async () => {
    const text = [
      `import boto3`,
      `client = boto3.client("secretsmanager")`,
      `def db_password():`,
      `    return client.get_secret_value(SecretId="prod/orders/db")["SecretString"]`,
      `def lambda_handler(event, context):`,
      `    token = client.get_secret_value(SecretId="prod/api")["SecretString"]`,
      `    return connect(db_password(), token)`,
    ].join("\n");
    expect(await findings("app.py", text)).toEqual([
      ["viaFunction", viaFunction("lambda_handler", "db_password", "get_secret_value"), [4, 12, 4, 62]],
      ["inHandler", inHandler("lambda_handler", "get_secret_value"), [6, 13, 6, 57]],
    ]);
  });

  it("does not report module scope, @lru_cache, global caches, or the caching client", async () => {
    const text = [
      `import functools`,
      `import boto3`,
      `client = boto3.client("secretsmanager")`,
      `API_KEY = client.get_secret_value(SecretId="prod/api")["SecretString"]`,
      `_cache = {}`,
      `@functools.lru_cache(maxsize=1)`,
      `def db_password():`,
      `    return client.get_secret_value(SecretId="prod/orders/db")["SecretString"]`,
      `def token():`,
      `    if "token" not in _cache:`,
      `        _cache["token"] = client.get_secret_value(SecretId="prod/token")["SecretString"]`,
      `    return _cache["token"]`,
      `def handler(event, context):`,
      `    return connect(db_password(), token(), API_KEY)`,
    ].join("\n");
    expect(await findings("cached.py", text)).toEqual([]);
    const caching = [
      `import boto3`,
      `from aws_secretsmanager_caching import SecretCache`,
      `cache = SecretCache(client=boto3.client("secretsmanager"))`,
      `def handler(event, context):`,
      `    return cache.get_secret_string("prod/api")`,
    ].join("\n");
    expect(await findings("caching.py", caching)).toEqual([]);
  });
});

describe("secret-fetch-without-cache: README examples", () => {
  const readme = readFileSync(fileURLToPath(new URL("./README.md", import.meta.url)), "utf8");
  const examples = [...readme.matchAll(/^```(ts|python) (bad|good)\n([\s\S]*?)^```$/gm)];
  it("has bad and good examples in both languages", () => {
    expect(examples.map((m) => `${m[1]} ${m[2]}`)).toEqual(["ts bad", "python bad", "ts good", "python good"]);
  });
  examples.forEach((m, i) => {
    it(`example ${i + 1} (${m[1]} ${m[2]}) ${m[2] === "bad" ? "produces" : "does not produce"} a finding`, async () => {
      const found = await findings(`example.${m[1] === "ts" ? "ts" : "py"}`, m[3] as string);
      if (m[2] === "bad") expect(found.length).toBeGreaterThan(0);
      else expect(found).toEqual([]);
    });
  });
});

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
  if (process.env.SW_SHOW_FINDINGS)
    for (const f of found)
      console.log(`${path} ${JSON.stringify([f.line, f.column, f.endLine, f.endColumn])}\n${underline(text, f)}`);
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
    expect(await findings("src/handler.ts", text)).toEqual([
      ["inHandler", inHandler("handler", "GetSecretValueCommand"), [4, 33, 4, 95]],
    ]);
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
    expect(await findings("index.js", text)).toEqual([
      ["viaFunction", viaFunction("handler", "dbPassword", "getSecretValue"), [4, 34, 4, 83]],
    ]);
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

/** Runs the rule over several files (a template and the code it names). */
async function projectFindings(
  files: { path: string; text: string }[],
): Promise<[string, string, string, [number, number, number, number]][]> {
  const found = await analyze([rule], files);
  return found.map((f) => [f.file, f.messageId, f.message, [f.line, f.column, f.endLine, f.endColumn]]);
}

describe("secret-fetch-without-cache: the handler a template names", () => {
  // `process_order` is no handler by its name or parameters: only the template says it is one.
  const ordersPy = [
    `import boto3`,
    `client = boto3.client("secretsmanager")`,
    `def api_key():`,
    `    return client.get_secret_value(SecretId="prod/orders/api")["SecretString"]`,
    `def process_order(evt, ctx):`,
    `    db = client.get_secret_value(SecretId="prod/orders/db")["SecretString"]`,
    `    return submit(evt, db, api_key())`,
    `def rotate():`,
    `    return client.get_secret_value(SecretId="prod/orders/old")`,
  ].join("\n");
  const samTemplate = (handler: string, codeUri: string) =>
    [
      `Transform: AWS::Serverless-2016-10-31`,
      `Globals:`,
      `  Function:`,
      `    Runtime: python3.12`,
      `    CodeUri: ${codeUri}`,
      `Resources:`,
      `  OrdersFunction:`,
      `    Type: AWS::Serverless::Function`,
      `    Properties:`,
      `      Handler: ${handler}`,
    ].join("\n");

  it("SAM: Handler src/app.process_order with CodeUri (from Globals.Function) is process_order of <CodeUri>/src/app.py", async () => {
    const found = await projectFindings([
      { path: "services/orders/template.yaml", text: samTemplate("src/app.process_order", "functions/orders/") },
      { path: "services/orders/functions/orders/src/app.py", text: ordersPy },
    ]);
    const label = "process_order (function OrdersFunction)";
    expect(found).toEqual([
      [
        "services/orders/functions/orders/src/app.py",
        "viaFunction",
        viaFunction(label, "api_key", "get_secret_value"),
        [4, 12, 4, 63],
      ],
      [
        "services/orders/functions/orders/src/app.py",
        "inHandler",
        inHandler(label, "get_secret_value"),
        [6, 10, 6, 60],
      ],
    ]);
  });

  it("SAM: nothing when the template names another function, or the file is not under CodeUri", async () => {
    expect(
      await projectFindings([
        { path: "services/orders/template.yaml", text: samTemplate("src/app.rotate_keys", "functions/orders/") },
        { path: "services/orders/functions/orders/src/app.py", text: ordersPy },
      ]),
    ).toEqual([]);
    expect(
      await projectFindings([
        { path: "services/orders/template.yaml", text: samTemplate("src/app.process_order", "functions/billing/") },
        { path: "services/orders/functions/orders/src/app.py", text: ordersPy },
      ]),
    ).toEqual([]);
  });

  it("SAM: nothing when the named function caches (a module-level dictionary) or the file uses the caching client", async () => {
    const cached = [
      `import boto3`,
      `client = boto3.client("secretsmanager")`,
      `_secrets = {}`,
      `def process_order(evt, ctx):`,
      `    if "db" not in _secrets:`,
      `        _secrets["db"] = client.get_secret_value(SecretId="prod/orders/db")["SecretString"]`,
      `    return submit(evt, _secrets["db"])`,
    ].join("\n");
    expect(
      await projectFindings([
        { path: "template.yaml", text: samTemplate("app.process_order", ".") },
        { path: "app.py", text: cached },
      ]),
    ).toEqual([]);
  });

  const ordersJs = [
    `const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");`,
    `const client = new SecretsManagerClient({});`,
    `async function readKey() {`,
    `  return (await client.send(new GetSecretValueCommand({ SecretId: "prod/api" }))).SecretString;`,
    `}`,
    `async function processOrder(event) {`,
    `  return submit(event, await readKey());`,
    `}`,
    `module.exports = { processOrder };`,
  ].join("\n");

  it("CloudFormation: AWS::Lambda::Function Handler index.processOrder with Code as a local path (package-style)", async () => {
    const template = [
      `Resources:`,
      `  OrdersFn:`,
      `    Type: AWS::Lambda::Function`,
      `    Properties:`,
      `      Runtime: nodejs20.x`,
      `      Handler: index.processOrder`,
      `      Code: ../lambda/orders`,
      `      Role: arn:aws:iam::123456789012:role/orders`,
    ].join("\n");
    expect(
      await projectFindings([
        { path: "infra/orders.yaml", text: template },
        { path: "lambda/orders/index.js", text: ordersJs },
      ]),
    ).toEqual([
      [
        "lambda/orders/index.js",
        "viaFunction",
        viaFunction("processOrder (function OrdersFn)", "readKey", "GetSecretValueCommand"),
        [4, 29, 4, 80],
      ],
    ]);
    // Code in S3 says nothing about where the source is.
    const s3 = template.replace("Code: ../lambda/orders", "Code: { S3Bucket: artifacts, S3Key: orders.zip }");
    expect(
      await projectFindings([
        { path: "infra/orders.yaml", text: s3 },
        { path: "lambda/orders/index.js", text: ordersJs },
      ]),
    ).toEqual([]);
  });

  it("Terraform: aws_lambda_function handler with filename from an archive_file's source_dir", async () => {
    const tf = [
      `data "archive_file" "orders" {`,
      `  type        = "zip"`,
      `  source_dir  = "\${path.module}/src"`,
      `  output_path = "\${path.module}/build/orders.zip"`,
      `}`,
      ``,
      `resource "aws_lambda_function" "orders" {`,
      `  function_name = "orders"`,
      `  role          = "arn:aws:iam::123456789012:role/orders"`,
      `  runtime       = "nodejs20.x"`,
      `  handler       = "handlers/orders.processOrder"`,
      `  filename      = data.archive_file.orders.output_path`,
      `}`,
    ].join("\n");
    const file = {
      path: "deploy/orders/src/handlers/orders.mjs",
      text: ordersJs
        .replace("module.exports = { processOrder };", "export { processOrder };")
        .replace(/^const \{ (.*) \} = require\((.*)\);/, "import { $1 } from $2;"),
    };
    expect(await projectFindings([{ path: "deploy/orders/main.tf", text: tf }, file])).toEqual([
      [
        "deploy/orders/src/handlers/orders.mjs",
        "viaFunction",
        viaFunction("processOrder (function aws_lambda_function.orders)", "readKey", "GetSecretValueCommand"),
        [4, 29, 4, 80],
      ],
    ]);
    // A zip built elsewhere: no source folder to match.
    const zip = tf.replace("data.archive_file.orders.output_path", `"build/orders.zip"`);
    expect(await projectFindings([{ path: "deploy/orders/main.tf", text: zip }, file])).toEqual([]);
  });

  it("reports a fetch once when the file marks the handler and the template names it too", async () => {
    const text = [
      `import boto3`,
      `def lambda_handler(event, context):`,
      `    return boto3.client("secretsmanager").get_secret_value(SecretId="prod/api")`,
    ].join("\n");
    const found = await projectFindings([
      { path: "template.yaml", text: samTemplate("app.lambda_handler", ".") },
      { path: "app.py", text },
    ]);
    expect(found.map(([file, id, , loc]) => [file, id, loc])).toEqual([["app.py", "inHandler", [3, 12, 3, 80]]]);
  });
});

describe("secret-fetch-without-cache: rotation functions read fresh values", () => {
  // A rotation function in the shape of the AWS templates: the handler dispatches on the step, each step reads the
  // current or pending version. Caching here would rotate from a stale value.
  const rotationPy = [
    `import boto3`,
    `def lambda_handler(event, context):`,
    `    client = boto3.client("secretsmanager")`,
    `    step = event["Step"]`,
    `    if step == "createSecret":`,
    `        create_secret(client, event["SecretId"], event["ClientRequestToken"])`,
    `    elif step == "setSecret":`,
    `        set_secret(client, event["SecretId"], event["ClientRequestToken"])`,
    `    elif step == "testSecret":`,
    `        return`,
    `    elif step == 'finishSecret':`,
    `        return`,
    `def create_secret(client, arn, token):`,
    `    current = client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")`,
    `    client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString=current["SecretString"])`,
    `def set_secret(client, arn, token):`,
    `    pending = client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")`,
    `    return pending`,
  ].join("\n");

  it("does not report a file that dispatches on the four rotation steps", async () => {
    expect(await findings("rotation/lambda_function.py", rotationPy)).toEqual([]);
  });

  it("still reports the same handler when one step is missing (not a rotation function)", async () => {
    const partial = rotationPy.replace(`    elif step == 'finishSecret':\n        return\n`, "");
    expect(await findings("sync/lambda_function.py", partial)).toEqual([
      ["viaFunction", viaFunction("lambda_handler", "create_secret", "get_secret_value"), [12, 15, 12, 79]],
      ["viaFunction", viaFunction("lambda_handler", "set_secret", "get_secret_value"), [15, 15, 15, 96]],
    ]);
  });

  // A rotation function that names no step (it delegates them): only the template's rotation schedule says what it is.
  const rotateJs = [
    `const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");`,
    `const client = new SecretsManagerClient({});`,
    `exports.handler = async (event) => {`,
    `  const current = await client.send(new GetSecretValueCommand({ SecretId: event.SecretId, VersionStage: "AWSCURRENT" }));`,
    `  return steps[event.Step](client, current, event);`,
    `};`,
  ].join("\n");

  it("CloudFormation: not in the function a RotationSchedule's RotationLambdaARN names; still in another function's handler", async () => {
    const template = (arn: string) =>
      [
        `Resources:`,
        `  RotateFn:`,
        `    Type: AWS::Lambda::Function`,
        `    Properties:`,
        `      Runtime: nodejs20.x`,
        `      Handler: index.handler`,
        `      Code: ../rotate`,
        `      Role: arn:aws:iam::123456789012:role/rotate`,
        `  DbSecret:`,
        `    Type: AWS::SecretsManager::Secret`,
        `  DbSecretRotation:`,
        `    Type: AWS::SecretsManager::RotationSchedule`,
        `    Properties:`,
        `      SecretId: !Ref DbSecret`,
        `      RotationLambdaARN: ${arn}`,
        `      RotationRules: { AutomaticallyAfterDays: 30 }`,
      ].join("\n");
    expect(
      await projectFindings([
        { path: "infra/template.yaml", text: template("!GetAtt RotateFn.Arn") },
        { path: "rotate/index.js", text: rotateJs },
      ]),
    ).toEqual([]);
    // The schedule names a function elsewhere: RotateFn is an ordinary handler again.
    expect(
      await projectFindings([
        { path: "infra/template.yaml", text: template("arn:aws:lambda:eu-west-1:123456789012:function:other") },
        { path: "rotate/index.js", text: rotateJs },
      ]),
    ).toEqual([["rotate/index.js", "inHandler", inHandler("handler", "GetSecretValueCommand"), [4, 37, 4, 120]]]);
  });

  it("Terraform: not in the function aws_secretsmanager_secret_rotation's rotation_lambda_arn names", async () => {
    const tf = [
      `data "archive_file" "rotate" {`,
      `  type        = "zip"`,
      `  source_dir  = "\${path.module}/rotate"`,
      `  output_path = "\${path.module}/build/rotate.zip"`,
      `}`,
      `resource "aws_lambda_function" "rotate" {`,
      `  function_name = "rotate"`,
      `  role          = "arn:aws:iam::123456789012:role/rotate"`,
      `  runtime       = "nodejs20.x"`,
      `  handler       = "index.handler"`,
      `  filename      = data.archive_file.rotate.output_path`,
      `}`,
      `resource "aws_secretsmanager_secret" "db" {`,
      `  name = "prod/db"`,
      `}`,
      `resource "aws_secretsmanager_secret_rotation" "db" {`,
      `  secret_id           = aws_secretsmanager_secret.db.id`,
      `  rotation_lambda_arn = aws_lambda_function.rotate.arn`,
      `  rotation_rules {`,
      `    automatically_after_days = 30`,
      `  }`,
      `}`,
    ].join("\n");
    expect(
      await projectFindings([
        { path: "deploy/main.tf", text: tf },
        { path: "deploy/rotate/index.js", text: rotateJs },
      ]),
    ).toEqual([]);
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

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze, underline } from "../../test-support/analyze.js";
import { isCandidate, syntaxOf } from "../../scan/formats.js";
import rule from "./rule.js";

/** Made-up credentials, assembled at run time so that no complete credential-shaped literal sits in the source. */
const FAKE = {
  awsKeyId: ["AKIA", "UJZDEGXDNCF32EPF"].join(""),
  awsSecret: ["2hpChYgCfrL1spNxnyVm", "ihA/2O76UMFxFkM/R5Kj"].join(""),
  githubToken: ["ghp", "_kCzJr4i0B3JrTAwR4y9ojfljoQoaF1Llqsaj"].join(""),
  stripe: ["sk_live_", "4eC39HqLyjWDarjtT1zdp7dc"].join(""),
  pem: [
    ["-----BEGIN RSA ", "PRIVATE KEY-----"].join(""),
    "MIIEowIBAAKCAQEAxNKu8iS2G8NPRVdD53X83RZJzzzgEOzdmenCkhvMdgaKjIg8x",
    "Nbe3nNyjOq9wMxEhh2FDEEtfjgVvVqE1SkHbn88HxjSI6bWHtP3fS2qHx6kwXoIIX",
    ["-----END RSA ", "PRIVATE KEY-----"].join(""),
  ].join("\n"),
};

const REMEDY =
  "anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.";
const generic = (binding: string, what: string, masked: string) =>
  `${binding} is a hardcoded ${what} (${masked}, kind generic-password): ${REMEDY}`;

type Expected = [messageId: string, message: string, loc: [number, number, number, number]];

/** Runs the rule over one file; returns message id, message and location, and prints the spans with SW_SHOW_FINDINGS. */
async function findings(path: string, text: string): Promise<Expected[]> {
  const found = await analyze([rule], [{ path, text }]);
  if (process.env.SW_SHOW_FINDINGS)
    for (const f of found)
      console.log(
        `${path} ${JSON.stringify([f.line, f.column, f.endLine, f.endColumn])} ${f.kind}\n${underline(text, f)}`,
      );
  return found.map((f) => [f.messageId, f.message, [f.line, f.column, f.endLine, f.endColumn]]);
}

describe("hardcoded-credential in JavaScript and TypeScript", () => {
  it("reports literals bound to secret-like names: variables, properties, setters, fields, defaults, comparisons", async () => {
    const text = [
      `const password = "Tr0ub4dor&3-Horse!";`,
      `const client = new Client({ user: "app", password: 's3cr3t-Pa55word' });`,
      `client.setPassword(\`An0ther-Secret!\`);`,
      `class Settings { apiKey = "k8sJd9-2kd93KdmA"; }`,
      `export function connect(authToken = "tok_9dk2LmQ83nd") {}`,
      `if (secret === "h4rdC0ded!x") {}`,
      `config.db.password = "Zx81-Spectrum" as const;`,
      `// deploy key: ${FAKE.awsKeyId}`,
    ].join("\n");
    expect(await findings("src/app.ts", text)).toEqual([
      ["sourceLiteral", generic("Variable password", "password", "Tr0u****"), [1, 18, 1, 38]],
      ["sourceLiteral", generic("Property password", "password", "s3cr****"), [2, 52, 2, 69]],
      ["sourceLiteral", generic("The argument of setPassword", "password", "An0t****"), [3, 20, 3, 37]],
      ["sourceLiteral", generic("Field apiKey", "API key", "k8sJ****"), [4, 27, 4, 45]],
      ["sourceLiteral", generic("The default value of parameter authToken", "token", "tok_****"), [5, 37, 5, 54]],
      ["sourceLiteral", generic("The value compared with secret", "secret", "h4r****"), [6, 16, 6, 29]],
      ["sourceLiteral", generic("Variable password", "password", "Zx8****"), [7, 22, 7, 37]],
      [
        "sourceFormat",
        `The file contains a hardcoded AWS access key ID (AKIA****, kind aws-access-key): ${REMEDY}`,
        [8, 16, 8, 36],
      ],
    ]);
  });

  it("reports a well-known format under any name, with its kind", async () => {
    const text = `export const settings = { github: "${FAKE.githubToken}", billing: { stripeKey: "${FAKE.stripe}" } };\n`;
    expect(await findings("settings.js", text)).toEqual([
      [
        "sourceLiteral",
        `Property github is a hardcoded GitHub token (ghp_****, kind github-token): ${REMEDY}`,
        [1, 35, 1, 77],
      ],
      [
        "sourceLiteral",
        `Property stripeKey is a hardcoded Stripe secret key (sk_l****, kind stripe-key): ${REMEDY}`,
        [1, 101, 1, 135],
      ],
    ]);
  });

  it("reports JSX attributes in .tsx files", async () => {
    const text = `export const Map = () => <MapView apiKey="Qm9v-8sJd9kd93K" zoom="3" />;\n`;
    expect(await findings("src/Map.tsx", text)).toEqual([
      ["sourceLiteral", generic("Property apiKey", "API key", "Qm9v****"), [1, 42, 1, 59]],
    ]);
  });

  it("does not report empty values, names that only mention a secret, the environment, placeholders and fixtures", async () => {
    const text = [
      `const empty = { password: "" };`,
      `function isPasswordField(name) { return name === "password"; }`,
      `const fromEnv = process.env.DB_PASSWORD;`,
      `const fallback = process.env.API_TOKEN ?? "";`,
      `const PASSWORD_MIN_LENGTH = "12345678";`,
      `const passwordPolicy = "strict-and-long-1";`,
      `const token = "changeme";`,
      `const apiKey = "<your-token-here>";`,
      "const secret = `${process.env.SECRET}`;",
      `const dbPassword = "\${DB_PASSWORD}";`,
      `const password2 = "xxxx-xxxx";`,
      `const clientSecret = "********";`,
      `const awsSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";`,
      `const accessKeyId = "AKIAIOSFODNN7EXAMPLE";`,
      `const fakePassword = "Tr0ub4dor&3-Horse!";`,
      `const errors = { password: "Password must have 12 characters" };`,
      `const tokenParam = { token: "access_token" };`,
      `const secretName = "prod/orders/db-password";`,
      `const DB_PASSWORD_ENV = "DB_PASSWORD";`,
      `const secretArn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db";`,
      `login({ password: userInput });`,
      `getSecret("orders-api-token-v2");`,
    ].join("\n");
    expect(await findings("src/clean.js", text)).toEqual([]);
  });

  it("reads a file that does not parse as text, quoted values only", async () => {
    const text = `password = "Tr0ub4dor&3-Horse!" <<< not javascript\napi_key = unquoted-Value-9\n`;
    expect(await findings("broken.js", text)).toEqual([
      ["sourceLiteral", generic("Variable password", "password", "Tr0u****"), [1, 12, 1, 32]],
    ]);
  });
});

describe("hardcoded-credential in Python, Go and Java", () => {
  it("Python: assignments, keyword arguments, defaults, dictionaries and comparisons", async () => {
    const text = [
      `import os`,
      `DB_PASSWORD = "Tr0ub4dor&3-Horse!"`,
      `conn = connect(host="db", password='s3cr3t-Pa55word')`,
      `def handler(event, context, api_key="k8sJd9-2kd93KdmA"):`,
      `    settings = {"client_secret": r"sup3r-s3cret-value"}`,
      `    if token == "h4rdC0ded!x":`,
      `        return os.environ["DB_PASSWORD"]`,
      `    self.auth_token = """Zx81-Spectrum-48k"""`,
    ].join("\n");
    expect(await findings("app/handler.py", text)).toEqual([
      ["sourceLiteral", generic("Variable DB_PASSWORD", "password", "Tr0u****"), [2, 15, 2, 35]],
      ["sourceLiteral", generic("Argument password", "password", "s3cr****"), [3, 36, 3, 53]],
      ["sourceLiteral", generic("The default value of parameter api_key", "API key", "k8sJ****"), [4, 37, 4, 55]],
      ["sourceLiteral", generic("Property client_secret", "secret", "sup3****"), [5, 34, 5, 55]],
      ["sourceLiteral", generic("The value compared with token", "token", "h4r****"), [6, 17, 6, 30]],
      ["sourceLiteral", generic("Variable auth_token", "token", "Zx81****"), [8, 23, 8, 46]],
    ]);
  });

  it("Python: a name that only contains a secret-like word still gets the file parsed (SECRET_KEY, DB_PASSWORD_PROD)", async () => {
    const text = `SECRET_KEY = "django-insecure-8f7d6s5a4q3w2e1r"\nDB_PASSWORD_PROD = "Tr0ub4dor&3-Horse!"\n`;
    expect(await findings("mysite/settings.py", text)).toEqual([
      ["sourceLiteral", generic("Variable SECRET_KEY", "secret", "djan****"), [1, 14, 1, 48]],
      ["sourceLiteral", generic("Variable DB_PASSWORD_PROD", "password", "Tr0u****"), [2, 20, 2, 40]],
    ]);
  });

  it("Python: the environment, f-strings and secret names are not credentials", async () => {
    const text = [
      `import os`,
      `password = os.environ["DB_PASSWORD"]`,
      `token = os.getenv("API_TOKEN", "")`,
      `secret = f"{prefix}-s3cr3t-Pa55word"`,
      `SECRET_NAME = "prod/orders/api-token"`,
      `api_key = None`,
    ].join("\n");
    expect(await findings("app/settings.py", text)).toEqual([]);
  });

  it("Go: var and const declarations, short declarations and struct literals", async () => {
    const text = [
      `package main`,
      `const dbPassword = "Tr0ub4dor&3-Horse!"`,
      `func main() {`,
      `\tuser, token := "app", "s3cr3t-Pa55word"`,
      `\tcfg := Config{User: "app", Password: \`k8sJd9-2kd93KdmA\`}`,
      `\tpassword := os.Getenv("DB_PASSWORD")`,
      `\t_, _, _ = user, cfg, password`,
      `}`,
    ].join("\n");
    expect(await findings("cmd/main.go", text)).toEqual([
      ["sourceLiteral", generic("Variable dbPassword", "password", "Tr0u****"), [2, 20, 2, 40]],
      ["sourceLiteral", generic("Variable token", "token", "s3cr****"), [4, 24, 4, 41]],
      ["sourceLiteral", generic("Property Password", "password", "k8sJ****"), [5, 39, 5, 57]],
    ]);
  });

  it("Go: a typed var declaration alone gets the file parsed (var apiToken string = ...)", async () => {
    const text = `package config\n\nvar apiToken string = "Zf3D0LXCM3EIMbgJpUNnkRtO"\n`;
    expect(await findings("config/config.go", text)).toEqual([
      ["sourceLiteral", generic("Variable apiToken", "token", "Zf3D****"), [3, 23, 3, 49]],
    ]);
  });

  it("a type annotation between the name and the value alone gets the file parsed (TypeScript, Python)", async () => {
    // The prefilter used to pass over these files: no quote right after `name:` or `name =`.
    expect(await findings("src/config.ts", `export const apiToken: string = "Zf3D0LXCM3EIMbgJpUNnkRtO";\n`)).toEqual([
      ["sourceLiteral", generic("Variable apiToken", "token", "Zf3D****"), [1, 33, 1, 59]],
    ]);
    expect(
      await findings(
        "src/db.ts",
        `class Db {\n  private readonly dbPassword?: string = "Zf3D0LXCM3EIMbgJpUNnkRtO";\n}\n`,
      ),
    ).toEqual([["sourceLiteral", generic("Field dbPassword", "password", "Zf3D****"), [2, 42, 2, 68]]]);
    expect(await findings("app/settings.py", `DB_PASSWORD: Final[str] = "Zf3D0LXCM3EIMbgJpUNnkRtO"\n`)).toEqual([
      ["sourceLiteral", generic("Variable DB_PASSWORD", "password", "Zf3D****"), [1, 27, 1, 53]],
    ]);
  });

  it("Java: fields, local variables, setters and equals", async () => {
    const text = [
      `class App {`,
      `  private static final String DB_PASSWORD = "Tr0ub4dor&3-Horse!";`,
      `  void configure(DataSource ds) {`,
      `    ds.setPassword("s3cr3t-Pa55word");`,
      `    String apiKey = System.getenv("API_KEY");`,
      `    if (token.equals("h4rdC0ded!x")) { }`,
      `  }`,
      `}`,
    ].join("\n");
    expect(await findings("src/main/java/App.java", text)).toEqual([
      ["sourceLiteral", generic("Field DB_PASSWORD", "password", "Tr0u****"), [2, 45, 2, 65]],
      ["sourceLiteral", generic("The argument of setPassword", "password", "s3cr****"), [4, 20, 4, 37]],
      ["sourceLiteral", generic("The value compared with token", "token", "h4r****"), [6, 22, 6, 35]],
    ]);
  });
});

describe("hardcoded-credential in Ruby, C# and PHP", () => {
  it("Ruby: assignments, constants, instance variables, hashes, keyword arguments, defaults, comparisons and setters", async () => {
    const text = [
      `DB_PASSWORD = "Tr0ub4dor&3-Horse!"`,
      `@api_token = 's3cr3t-Pa55word'`,
      `settings = { password: "k8sJd9-2kd93KdmA", "client_secret" => "sup3r-s3cret-value", :auth_token => "Zx81-Spectrum-48k" }`,
      `Client.new(host: "db", password: "h4rdC0ded!x")`,
      `def connect(secret = "Qm9v-8sJd9kd93K", token: "An0ther-Secret!") end`,
      `return if password == "m0re-S3cret-val"`,
      `self.password = "Y3t-an0ther-one"`,
      `client.set_password("L4st-0ne-s3cret")`,
    ].join("\n");
    expect(await findings("app/config.rb", text)).toEqual([
      ["sourceLiteral", generic("Variable DB_PASSWORD", "password", "Tr0u****"), [1, 15, 1, 35]],
      ["sourceLiteral", generic("Variable api_token", "token", "s3cr****"), [2, 14, 2, 31]],
      ["sourceLiteral", generic("Property password", "password", "k8sJ****"), [3, 24, 3, 42]],
      ["sourceLiteral", generic("Property client_secret", "secret", "sup3****"), [3, 63, 3, 83]],
      ["sourceLiteral", generic("Property auth_token", "token", "Zx81****"), [3, 100, 3, 119]],
      ["sourceLiteral", generic("Argument password", "password", "h4r****"), [4, 34, 4, 47]],
      ["sourceLiteral", generic("The default value of parameter secret", "secret", "Qm9v****"), [5, 22, 5, 39]],
      ["sourceLiteral", generic("The default value of parameter token", "token", "An0t****"), [5, 48, 5, 65]],
      ["sourceLiteral", generic("The value compared with password", "password", "m0re****"), [6, 23, 6, 40]],
      ["sourceLiteral", generic("Variable password", "password", "Y3t-****"), [7, 17, 7, 34]],
      ["sourceLiteral", generic("The argument of set_password", "password", "L4st****"), [8, 21, 8, 38]],
    ]);
  });

  it("Ruby: ENV, interpolation, placeholders and names that only mention a secret are not credentials", async () => {
    const text = [
      `password = ENV["DB_PASSWORD"]`,
      `token = ENV.fetch("API_TOKEN")`,
      `secret = "#{prefix}-s3cr3t-Pa55word"`,
      `api_key = "changeme"`,
      `PASSWORD_MIN_LENGTH = "12345678"`,
      `password_policy = "strict-and-long-1"`,
      `ENV.fetch("DB_PASSWORD", "")`,
    ].join("\n");
    expect(await findings("config/initializers/db.rb", text)).toEqual([]);
  });

  it("C#: constants, fields, auto-properties, object and dictionary initialisers, named arguments, comparisons, setters", async () => {
    const text = [
      `class Settings {`,
      `  private const string ApiKey = "k8sJd9-2kd93KdmA";`,
      `  public string Password { get; set; } = "Tr0ub4dor&3-Horse!";`,
      `  static string token = @"s3cr3t-Pa55word";`,
      `  void Configure() {`,
      `    var conn = new SqlConnection { Password = "h4rdC0ded!x", User = "app" };`,
      `    var headers = new Dictionary<string, string> { ["api_key"] = "Qm9v-8sJd9kd93K", { "client_secret", "sup3r-s3cret-value" } };`,
      `    Connect(password: "Zx81-Spectrum-48k");`,
      `    if (secret == "An0ther-Secret!") {}`,
      `    if (authToken.Equals("L4st-0ne-s3cret")) {}`,
      `    client.SetPassword("Y3t-an0ther-one");`,
      `  }`,
      `  void Open(string password = "m0re-S3cret-val") {}`,
      `}`,
    ].join("\n");
    expect(await findings("src/App/Settings.cs", text)).toEqual([
      ["sourceLiteral", generic("Field ApiKey", "API key", "k8sJ****"), [2, 33, 2, 51]],
      ["sourceLiteral", generic("Field Password", "password", "Tr0u****"), [3, 42, 3, 62]],
      ["sourceLiteral", generic("Field token", "token", "s3cr****"), [4, 25, 4, 43]],
      ["sourceLiteral", generic("Property Password", "password", "h4r****"), [6, 47, 6, 60]],
      ["sourceLiteral", generic("Property api_key", "API key", "Qm9v****"), [7, 66, 7, 83]],
      ["sourceLiteral", generic("Property client_secret", "secret", "sup3****"), [7, 104, 7, 124]],
      ["sourceLiteral", generic("Argument password", "password", "Zx81****"), [8, 23, 8, 42]],
      ["sourceLiteral", generic("The value compared with secret", "secret", "An0t****"), [9, 19, 9, 36]],
      ["sourceLiteral", generic("The value compared with authToken", "token", "L4st****"), [10, 26, 10, 43]],
      ["sourceLiteral", generic("The argument of SetPassword", "password", "Y3t-****"), [11, 24, 11, 41]],
      ["sourceLiteral", generic("The default value of parameter password", "password", "m0re****"), [13, 31, 13, 48]],
    ]);
  });

  it("C#: the environment, configuration lookups, interpolated strings and placeholders are not credentials", async () => {
    const text = [
      `class Startup {`,
      `  void Configure(IConfiguration config) {`,
      `    var password = Environment.GetEnvironmentVariable("DB_PASSWORD");`,
      `    var apiKey = config["Payments:ApiKey"];`,
      `    var apiToken = $"{prefix}-s3cr3t-Pa55word";`,
      `    var dbPassword = "<your-password-here>";`,
      `    const string PasswordPolicy = "strict-and-long-1";`,
      `  }`,
      `}`,
    ].join("\n");
    expect(await findings("src/App/Startup.cs", text)).toEqual([]);
  });

  it("PHP: variables, arrays, define, constants, properties, defaults, member assignments, setters and comparisons", async () => {
    const text = [
      `<?php`,
      `$dbPassword = "Tr0ub4dor&3-Horse!";`,
      `$config = ['password' => 's3cr3t-Pa55word', "api_key" => "k8sJd9-2kd93KdmA"];`,
      `define('DB_PASSWORD', 'h4rdC0ded!x');`,
      `const API_TOKEN = 'Qm9v-8sJd9kd93K';`,
      `class Db {`,
      `  private $secret = 'sup3r-s3cret-value';`,
      `  const AUTH_TOKEN = "Zx81-Spectrum-48k";`,
      `  public function open($password = 'An0ther-Secret!') {}`,
      `}`,
      `$this->password = 'Y3t-an0ther-one';`,
      `$pdo->setPassword('L4st-0ne-s3cret');`,
      `if ($token === 'm0re-S3cret-val') {}`,
    ].join("\n");
    expect(await findings("src/Db.php", text)).toEqual([
      ["sourceLiteral", generic("Variable dbPassword", "password", "Tr0u****"), [2, 15, 2, 35]],
      ["sourceLiteral", generic("Property password", "password", "s3cr****"), [3, 26, 3, 43]],
      ["sourceLiteral", generic("Property api_key", "API key", "k8sJ****"), [3, 58, 3, 76]],
      ["sourceLiteral", generic("Variable DB_PASSWORD", "password", "h4r****"), [4, 23, 4, 36]],
      ["sourceLiteral", generic("Variable API_TOKEN", "token", "Qm9v****"), [5, 19, 5, 36]],
      ["sourceLiteral", generic("Field secret", "secret", "sup3****"), [7, 21, 7, 41]],
      ["sourceLiteral", generic("Variable AUTH_TOKEN", "token", "Zx81****"), [8, 22, 8, 41]],
      ["sourceLiteral", generic("The default value of parameter password", "password", "An0t****"), [9, 36, 9, 53]],
      ["sourceLiteral", generic("Variable password", "password", "Y3t-****"), [11, 19, 11, 36]],
      ["sourceLiteral", generic("The argument of setPassword", "password", "L4st****"), [12, 19, 12, 36]],
      ["sourceLiteral", generic("The value compared with token", "token", "m0re****"), [13, 16, 13, 33]],
    ]);
  });

  it("PHP without an opening tag is printed text, read as other code (like a file that does not parse): quoted values after an operator", async () => {
    expect(
      await findings("snippets/config.php", `$config = array(\n  "secret_key" => "sk_ubb4yN3mzqGR2x8#P7r5",\n);\n`),
    ).toEqual([["sourceLiteral", generic("Variable secret_key", "secret", "sk_u****"), [2, 19, 2, 44]]]);
  });

  it("PHP: getenv, $_ENV, interpolation, placeholders and HTML around the code are not credentials", async () => {
    const text = [
      `<html><body><input type="password" name="password" value=""></body></html>`,
      `<?php`,
      `$password = getenv('DB_PASSWORD');`,
      `$secret = $_ENV['APP_SECRET'];`,
      `$token = "prefix-{$suffix}-s3cr3t";`,
      `$apiKey = '\${API_KEY}';`,
      `$passwordField = 'password';`,
      `define('PASSWORD_MIN_LENGTH', '12345678');`,
    ].join("\n");
    expect(await findings("public/login.php", text)).toEqual([]);
  });
});

describe("hardcoded-credential in the Ruby, C# and PHP examples", () => {
  const example = (folder: string) =>
    ["config.rb", "PaymentsClient.cs", "db.php"].map((name) => ({
      path: `examples/app/${folder}/${name}`,
      text: readFileSync(fileURLToPath(new URL(`../../../examples/app/${folder}/${name}`, import.meta.url)), "utf8"),
    }));

  it("billing-legacy: each file holds two credentials", async () => {
    const found = await analyze([rule], example("billing-legacy"));
    expect(
      found.map((f) => `${f.file}:${f.line}:${f.column} ${f.message.slice(0, f.message.indexOf(" is a"))}`),
    ).toEqual([
      "examples/app/billing-legacy/PaymentsClient.cs:5:35 Field ApiKey",
      "examples/app/billing-legacy/PaymentsClient.cs:7:87 Property Password",
      "examples/app/billing-legacy/config.rb:4:22 Variable api_token",
      "examples/app/billing-legacy/config.rb:7:56 Argument password",
      "examples/app/billing-legacy/db.php:4:23 Variable DB_PASSWORD",
      "examples/app/billing-legacy/db.php:6:51 Property password",
    ]);
  });

  it("billing-legacy-clean: nothing", async () => {
    expect(await analyze([rule], example("billing-legacy-clean"))).toEqual([]);
  });
});

describe("hardcoded-credential: values that are no secret under a secret-like name", () => {
  it("a value that spells its name (an enum member, a header name), a version range and prose without spaces are not credentials", async () => {
    const js = [
      `export const Errors = { InvalidCredentials: "InvalidCredentials", ExpiredToken: "ExpiredToken" };`,
      `export const X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token";`,
      `const apiToken = "x-aws-ec2-metadata-token-2024";`,
    ].join("\n");
    expect(await findings("src/constants.js", js)).toEqual([
      ["sourceLiteral", generic("Variable apiToken", "token", "x-aw****"), [3, 18, 3, 49]],
    ]);
    const manifest = `{\n  "dependencies": {\n    "@aws-sdk/credential-provider-node": "^3.940.0",\n    "@aws-sdk/token-providers": "3.940.0-beta.1"\n  }\n}\n`;
    expect(await findings("package.json", manifest)).toEqual([]);
    const messages = `{\n  "Unexpected_token_1012": "予期しないトークンです。",\n  "Expected_token_1005": "需要令牌。",\n  "password": "Tr0ub4dor&3-Horse!"\n}\n`;
    expect(await findings("lib/ja/diagnosticMessages.json", messages)).toEqual([
      ["sourceLiteral", generic("Key password", "password", "Tr0u****"), [4, 15, 4, 35]],
    ]);
  });
});

describe("hardcoded-credential in configuration files", () => {
  it("dotenv: assignments, quoted or not, and not references or placeholders", async () => {
    const text = [
      `DB_HOST=db.internal`,
      `DB_PASSWORD=Tr0ub4dor&3-Horse!`,
      `export API_TOKEN="s3cr3t-Pa55word" # rotated monthly`,
      `SESSION_SECRET=\${SESSION_SECRET}`,
      `SMTP_PASSWORD=changeme`,
      `STRIPE_KEY=`,
      `AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}`,
    ].join("\n");
    expect(await findings(".env.production", text)).toEqual([
      ["sourceLiteral", generic("Key DB_PASSWORD", "password", "Tr0u****"), [2, 13, 2, 31]],
      ["sourceLiteral", generic("Key API_TOKEN", "token", "s3cr****"), [3, 18, 3, 35]],
      [
        "sourceLiteral",
        `Key AWS_ACCESS_KEY_ID is a hardcoded AWS access key ID (AKIA****, kind aws-access-key): ${REMEDY}`,
        [7, 19, 7, 39],
      ],
      [
        "sourceLiteral",
        `Key AWS_SECRET_ACCESS_KEY is a hardcoded AWS secret access key (2hpC****, kind aws-secret-key): ${REMEDY}`,
        [8, 23, 8, 63],
      ],
    ]);
  });

  it("properties, ini and TOML", async () => {
    expect(
      await findings(
        "src/main/resources/application.properties",
        `spring.datasource.username=app\nspring.datasource.password=Tr0ub4dor&3-Horse!\n`,
      ),
    ).toEqual([["sourceLiteral", generic("Key spring.datasource.password", "password", "Tr0u****"), [2, 28, 2, 46]]]);
    expect(await findings("config/app.ini", `[database]\nuser = app\npassword: s3cr3t-Pa55word\n`)).toEqual([
      ["sourceLiteral", generic("Key password", "password", "s3cr****"), [3, 11, 3, 26]],
    ]);
    expect(
      await findings(
        "pyproject.toml",
        `[tool.app]\napi_key = "k8sJd9-2kd93KdmA"\ntoken_url = "https://auth.example.com/token"\n`,
      ),
    ).toEqual([["sourceLiteral", generic("Key api_key", "API key", "k8sJ****"), [2, 11, 2, 29]]]);
  });

  it("a password on a curl command line, but not a variable or a placeholder", async () => {
    const text = [
      `#!/bin/sh`,
      `curl -s --user 'deploy:d2LkV78zLx!t' https://ci.example.com/hooks`,
      `curl -s --user "$CI_USER:$CI_PASSWORD" https://ci.example.com/hooks`,
      `curl -u <user:password> https://ci.example.com/hooks`,
    ].join("\n");
    expect(await findings("scripts/notify.sh", text)).toEqual([
      [
        "sourceFormat",
        `The file contains a hardcoded password on a curl command line (d2L****, kind basic-auth): ${REMEDY}`,
        [2, 16, 2, 37],
      ],
    ]);
  });

  it("shell scripts and Dockerfiles", async () => {
    expect(
      await findings(
        "deploy.sh",
        `#!/bin/sh\nexport DB_PASSWORD='Tr0ub4dor&3-Horse!'\nexport API_TOKEN="$(aws secretsmanager get-secret-value --secret-id prod/api --query SecretString --output text)"\n`,
      ),
    ).toEqual([["sourceLiteral", generic("Key DB_PASSWORD", "password", "Tr0u****"), [2, 20, 2, 40]]]);
    // The AWS CLI writes what `aws configure set` is given into ~/.aws/credentials: a value there, not a command word.
    expect(
      await findings(
        "setup.sh",
        `#!/bin/sh\naws configure set aws_secret_access_key Kq8vR2mLx7Tz9Wp3 --profile deploy\naws configure --profile ci set aws_secret_access_key "$CI_SECRET"\naws configure set region eu-west-1\n`,
      ),
    ).toEqual([["sourceLiteral", generic("Key aws_secret_access_key", "secret", "Kq8v****"), [2, 41, 2, 57]]]);
    expect(
      await findings(
        "Dockerfile",
        `FROM node:20\nENV API_KEY=k8sJd9-2kd93KdmA\nENV NPM_TOKEN s3cr3t-Pa55word\nARG GITHUB_TOKEN\n`,
      ),
    ).toEqual([
      ["sourceLiteral", generic("Key API_KEY", "API key", "k8sJ****"), [2, 13, 2, 29]],
      ["sourceLiteral", generic("Key NPM_TOKEN", "token", "s3cr****"), [3, 15, 3, 30]],
    ]);
  });

  it("YAML and JSON configuration that is no template: keys and connection strings", async () => {
    const compose = `services:\n  app:\n    environment:\n      POSTGRES_PASSWORD: Tr0ub4dor-Horse1\n      DATABASE_URL: postgres://app:Zk29dmQ8x@db/app\n      DB_SECRET_ID: prod/orders/db\n`;
    expect(await findings("docker-compose.yaml", compose)).toEqual([
      ["sourceLiteral", generic("Environment variable POSTGRES_PASSWORD", "password", "Tr0u****"), [4, 26, 4, 42]],
      [
        "sourceLiteral",
        `Environment variable DATABASE_URL is a hardcoded database connection string with a password (Zk****, kind db-connection-string): ${REMEDY}`,
        [5, 21, 5, 52],
      ],
    ]);
    const settings = `{\n  "ConnectionStrings": { "Default": "Server=db;Database=app;User Id=sa;Password=Pa55-w0rd-Db;" },\n  "Jwt": { "Secret": "" }\n}\n`;
    expect(await findings("appsettings.json", settings)).toEqual([
      [
        "sourceLiteral",
        `Key Default is a hardcoded database connection string with a password (Pa5****, kind db-connection-string): ${REMEDY}`,
        [2, 37, 2, 95],
      ],
    ]);
  });

  it("a weak value under a password name is still a password; under a token name it is not reported", async () => {
    const compose = `services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: bluewhale\n      SA_PASSWORD: "pond_42"\n      CACHE_TOKEN: nextpage\n      APP_PASSWORD: ",.:-@*?!"\n`;
    expect(await findings("docker-compose.yml", compose)).toEqual([
      ["sourceLiteral", generic("Environment variable MYSQL_ROOT_PASSWORD", "password", "bl****"), [4, 28, 4, 37]],
      ["sourceLiteral", generic("Environment variable SA_PASSWORD", "password", "po****"), [5, 20, 5, 29]],
    ]);
  });

  it("a PuTTY key file and a PGP key block name their container in the message", async () => {
    const ppk = [
      "PuTTY-User-Key-File-2: ssh-rsa",
      "Encryption: none",
      "Comment: made-up",
      "Public-Lines: 1",
      "AAAAB3NzaC1yc2EAAAABJQAAAIEAq7vR2tY9uI1oP3aS5dF6gH8jK0lZxQw7vR2t",
      "Private-Lines: 1",
      "AAAAgGz5fQZ9zSxbIzamCW6YYutTXgo9aaZw1kauv3CAbD8Ll0YsUCj4d3Eiyp7q",
      "Private-MAC: 8d9cbf92b0e8f23309a9ebea525aae27d4fdbbdd",
    ].join("\n");
    expect(await findings("keys/deploy.ppk", `${ppk}\n`)).toEqual([
      [
        "sourceFormat",
        `The file contains a hardcoded PuTTY private key (AAAA****, kind private-key): ${REMEDY}`,
        [1, 1, 8, 54],
      ],
    ]);
    const pgp = [
      ["-----BEGIN PGP ", "PRIVATE KEY BLOCK-----"].join(""),
      "",
      "lQWGBGSVV4YBDAClvRnxezIRy2Yv7SFlzC0iFiRF7q9wMxEhh2FDEEtfjgVvVqE1S",
      "=q7Xz",
      ["-----END PGP ", "PRIVATE KEY BLOCK-----"].join(""),
    ].join("\n");
    expect(await findings("keys/signing.asc", `${pgp}\n`)).toEqual([
      [
        "sourceFormat",
        `The file contains a hardcoded PGP private key (lQWG****, kind private-key): ${REMEDY}`,
        [1, 1, 5, 36],
      ],
    ]);
  });

  it("a hyphenated name (API-KEY, private-key) gets a text file read", async () => {
    expect(await findings("notes/deploy.txt", `VENDOR-API-KEY : "Qm82kdLx0PzT4vW1"\n`)).toEqual([
      ["sourceLiteral", generic("Key VENDOR-API-KEY", "API key", "Qm82****"), [1, 18, 1, 36]],
    ]);
  });

  it("a curl header with a token and a Kubernetes Secret's data value", async () => {
    const script = `#!/bin/sh\ncurl -H "X-Api-Key: 4b9e11c2d7f0a835" https://api.example.test\n`;
    expect(await findings("scripts/call.sh", script)).toEqual([
      [
        "sourceFormat",
        `The file contains a hardcoded credential in an HTTP header (4b9e****, kind auth-header): ${REMEDY}`,
        [2, 21, 2, 37],
      ],
    ]);
    const manifest = `apiVersion: v1\nkind: Secret\ndata:\n\tpassword: ${Buffer.from("Pz7!qLm2").toString("base64")}\n`;
    expect(await findings("k8s/db-secret.txt", manifest)).toEqual([
      [
        "sourceLiteral",
        `Key password is a hardcoded value of a Kubernetes Secret (Pz****, kind kubernetes-secret): ${REMEDY}`,
        [4, 12, 4, 24],
      ],
    ]);
  });

  it("any other text: well-known formats, private keys but not public keys or truncated ones", async () => {
    expect(await findings("keys/deploy.pem", `${FAKE.pem}\n`)).toEqual([
      [
        "sourceFormat",
        `The file contains a hardcoded private key (MIIE****, kind private-key): ${REMEDY}`,
        [1, 1, 4, 30],
      ],
    ]);
    const docs = [
      "Use a key like this one:",
      ["-----BEGIN RSA ", "PRIVATE KEY-----"].join(""),
      "...",
      ["-----END RSA ", "PRIVATE KEY-----"].join(""),
      ["-----BEGIN ", "PUBLIC KEY-----"].join(""),
      "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxNKu8iS2G8NPRVdD53X83RZJ",
      ["-----END ", "PUBLIC KEY-----"].join(""),
    ].join("\n");
    expect(await findings("docs/keys.md", docs)).toEqual([]);
  });
});

describe("hardcoded-credential in other languages and text", () => {
  it("quoted values after make and Kotlin operators, a PHP compound assignment, key/value arguments and XML elements", async () => {
    expect(
      await findings("Makefile.mk", `API_TOKEN ::= "s3cr3t-Pa55word"\nTOKEN_URL := "https://auth.internal/token"\n`),
    ).toEqual([["sourceLiteral", generic("Key API_TOKEN", "token", "s3cr****"), [1, 15, 1, 32]]]);
    expect(
      await findings("src/Db.php", `<?php\n$dbPassword .= "Tr0ub4dor&3-Horse!";\n$password = getenv("DB_PASSWORD");\n`),
    ).toEqual([["sourceLiteral", generic("Variable dbPassword", "password", "Tr0u****"), [2, 16, 2, 36]]]);
    expect(
      await findings(
        "src/Main.kt",
        `System.setProperty("DB_PASSWORD", "k8sJd9-2kd93KdmA")\nval password = readPassword()\n`,
      ),
    ).toEqual([["sourceLiteral", generic("Key DB_PASSWORD", "password", "k8sJ****"), [1, 35, 1, 53]]]);
    expect(
      await findings(
        "nuget.config",
        `<packageSourceCredentials>\n  <add key="ClearTextPassword" value="Zx81-Spectrum-48k" />\n  <password>\n    Qm9v-8sJd9kd93K\n  </password>\n</packageSourceCredentials>\n`,
      ),
    ).toEqual([
      ["sourceLiteral", generic("Key ClearTextPassword", "password", "Zx81****"), [2, 38, 2, 57]],
      ["sourceLiteral", generic("Key password", "password", "Qm9v****"), [4, 5, 4, 20]],
    ]);
  });

  it("code in another language: an unquoted value is an expression, not a credential", async () => {
    expect(
      await findings(
        "src/auth.c",
        `passwd = m{{h}o)p${"$"}{e]nob(ody[finds>-_$#thisone}};\nif (secret == "m{{h}o)p${"$"}{e]nob(ody[finds>-_$#thisone}}") {}\n`,
      ),
    ).toEqual([["sourceLiteral", generic("Key secret", "secret", "m{{h****"), [2, 15, 2, 56]]]);
  });

  it('code in another language: C arrays, @"..." strings, backtick values and `name "value";` statements', async () => {
    const text = [
      `char db_password[32] = "Qm9v-8sJd9kd93K";`,
      `secret[] = "Zx81-Spectrum-48k";`,
      `token = @"k8sJd9-2kd93KdmA";`,
      `api_key: \`Tr0ub4dor&3-Horse!\``,
      `password "h4rdC0ded!x-9";`,
      `db_pass[] = 'Zx81-Spectrum-48k';`,
      `aws_secret = @'Zx81-Spectrum-48k';`,
      `print password "h4rdC0ded!x-9" now;`,
    ].join("\n");
    expect(await findings("src/auth.m", text)).toEqual([
      ["sourceLiteral", generic("Key db_password", "password", "Qm9v****"), [1, 24, 1, 41]],
      ["sourceLiteral", generic("Key secret", "secret", "Zx81****"), [2, 12, 2, 31]],
      ["sourceLiteral", generic("Key token", "token", "k8sJ****"), [3, 10, 3, 28]],
      ["sourceLiteral", generic("Key api_key", "API key", "Tr0u****"), [4, 10, 4, 30]],
      ["sourceLiteral", generic("Key password", "password", "h4r****"), [5, 10, 5, 25]],
    ]);
  });

  it('plain text: `name => "value"` is an arrow, its value the quoted string', async () => {
    expect(await findings("notes.txt", `password => "Tr0ub4dor&3-Horse!"\n`)).toEqual([
      ["sourceLiteral", generic("Key password", "password", "Tr0u****"), [1, 13, 1, 33]],
    ]);
  });

  it("Go that does not parse: an unquoted value holding a character no expression has; not a call", async () => {
    const text = [
      `db_pass := Zx81$Spectrum#48k,`,
      `secret = Qm9v@8sJd9kd93K'`,
      `token := getToken()`,
      `password := other.Value`,
    ].join("\n");
    expect(await findings("cmd/broken.go", text)).toEqual([
      ["sourceLiteral", generic("Variable db_pass", "password", "Zx81****"), [1, 12, 1, 29]],
      ["sourceLiteral", generic("Variable secret", "secret", "Qm9v****"), [2, 10, 2, 25]],
    ]);
  });

  it('a `password "...";` statement gets a parsed language\'s file read; it does not parse, so it is read as code', async () => {
    expect(await findings("src/broken.py", `password "h4rdC0ded!x-9";\n`)).toEqual([
      ["sourceLiteral", generic("Variable password", "password", "h4r****"), [1, 10, 1, 25]],
    ]);
  });

  it("plain text: a backtick-quoted value after `:` is the value inside the backticks", async () => {
    expect(await findings("notes.txt", `api_key: \`Tr0ub4dor&3-Horse!\`\n`)).toEqual([
      ["sourceLiteral", generic("Key api_key", "API key", "Tr0u****"), [1, 10, 1, 30]],
    ]);
  });

  it("an object's member pasted as a statement: a JavaScript label before a bare string, a Python string annotation", async () => {
    expect(await findings("snippet.js", `apiKey: "Tr0ub4dor&3-Horse!"\nretry: "twice"\n`)).toEqual([
      ["sourceLiteral", generic("Property apiKey", "API key", "Tr0u****"), [1, 9, 1, 29]],
    ]);
    const python = [
      `api_key: "Zx81$Spectrum#48k"`,
      `token: "Optional[AuthToken]"`,
      `secret: "Qm9v-8sJd9kd93K" = load()`,
    ].join("\n");
    expect(await findings("snippet.py", python)).toEqual([
      ["sourceLiteral", generic("Variable api_key", "API key", "Zx81****"), [1, 10, 1, 29]],
    ]);
  });

  it("a C array assignment gets a C# file read: it does not parse, so it is read as code", async () => {
    expect(await findings("Snippet.cs", `secret[] = "Zx81-Spectrum-48k";\n`)).toEqual([
      ["sourceLiteral", generic("Variable secret", "secret", "Zx81****"), [1, 12, 1, 31]],
    ]);
  });

  it("a file written into a configuration string: its NAME=value lines, each under its own name and at its value", async () => {
    const text = `{"config.ini": "API_TOKEN=s3cr3t-Pa55word\\nBACKUP_ENABLED=true"}`;
    expect(await findings("bundle.json", text)).toEqual([
      [
        "sourceLiteral",
        `Key API_TOKEN is a hardcoded token (s3cr****, kind generic-password): ${REMEDY}`,
        [1, 27, 1, 42],
      ],
    ]);
  });

  it("a multi-line YAML value that shows assignments (a README.yaml usage block): each at its own line, not as the value's key", async () => {
    const text = [
      "name: demo",
      "usage: |2-",
      "",
      "  For an example:",
      "",
      "  ```hcl",
      '  module "db" {',
      '    admin_user     = "admin1"',
      '    admin_password = "Qm7vR2xLp9Kw"',
      "  }",
      "  ```",
      "other: |",
      '  db_password: "Zt8kW3nQ5rLm"',
      "",
    ].join("\n");
    expect(await findings("README.yaml", text)).toEqual([
      [
        "sourceLiteral",
        `Key admin_password is a hardcoded password (Qm7****, kind generic-password): ${REMEDY}`,
        [9, 22, 9, 36],
      ],
      [
        "sourceLiteral",
        `Key db_password is a hardcoded password (Zt8****, kind generic-password): ${REMEDY}`,
        [13, 16, 13, 30],
      ],
    ]);
  });
});

describe("which files are read", () => {
  it.each([
    ["src/app.ts", "source"],
    ["src/app.mjs", "source"],
    ["app.py", "source"],
    [".env", "source"],
    [".env.production", "source"],
    ["Dockerfile", "source"],
    ["deploy.sh", "source"],
    ["config/app.toml", "source"],
    ["README.md", "source"],
    ["stack.yaml", "yaml"],
    ["appsettings.json", "json"],
    ["main.tf", "hcl"],
    ["logo.png", undefined],
  ])("%s is read as %s", (path, syntax) => {
    expect(syntaxOf(path)).toBe(syntax);
  });

  it.each([
    "package-lock.json",
    "yarn.lock",
    "web/pnpm-lock.yaml",
    "poetry.lock",
    "dist/app.min.js",
    "dist/app.js.map",
    "vendor/github.com/x/y.go",
    "lib/.venv/lib/python3.12/site-packages/x.py",
    "types/index.d.ts",
    "static/app.bundle.js",
    "logo.png",
  ])("%s is skipped", (path) => {
    expect(isCandidate(path)).toBe(false);
  });
});

describe("big YAML and JSON data files (512 KB and more): read by the streaming readers", () => {
  // The same credentials ahead of a large filler: the big file is streamed, the small one parsed into a tree, and
  // every finding (line, column, message, fingerprint) must be the same.
  const rows = (n: number, json: boolean) =>
    Array.from({ length: n }, (_, i) =>
      json
        ? `    {"id": ${i}, "name": "item-${i}", "owner": "team-${i % 7}"}`
        : `  - id: ${i}\n    name: item-${i}\n    owner: team-${i % 7}`,
    );
  const JSON_HEAD = `{\n  "services": {\n    "orders": {"db_password": "Xk9mQ2vL7pR4wZt8", "region": "eu-west-1"},\n    "env": [{"Name": "API_TOKEN", "Value": "${FAKE.githubToken}"}, {"Value": "n3v3rGu3ss!Pw", "Name": "DB_PASSWORD"}],\n    "note": "key ${FAKE.awsKeyId} in a note"\n  },\n  "items": [\n`;
  const YAML_HEAD = `services:\n  orders:\n    db_password: "Xk9mQ2vL7pR4wZt8"\n    region: eu-west-1\n  env:\n    - Name: API_TOKEN\n      Value: ${FAKE.githubToken}\n    - Value: n3v3rGu3ss!Pw\n      Name: DB_PASSWORD\n  note: key ${FAKE.awsKeyId} in a note\nitems:\n`;
  const big = (json: boolean) => {
    const text = json
      ? `${JSON_HEAD}${rows(9500, true).join(",\n")}\n  ]\n}\n`
      : `${YAML_HEAD}${rows(13000, false).join("\n")}\n`;
    expect(text.length).toBeGreaterThan(512 * 1024);
    return text;
  };
  const small = (json: boolean) =>
    json ? `${JSON_HEAD}${rows(2, true).join(",\n")}\n  ]\n}\n` : `${YAML_HEAD}${rows(2, false).join("\n")}\n`;

  for (const [syntax, path] of [
    ["json", "data/catalog.json"],
    ["yaml", "data/catalog.yaml"],
  ] as const) {
    it(`${syntax}: the same findings as the tree gives`, async () => {
      const json = syntax === "json";
      const streamed = await analyze([rule], [{ path, text: big(json) }]);
      const parsed = await analyze([rule], [{ path, text: small(json) }]);
      expect(streamed.map((f) => [f.line, f.column, f.message])).toEqual([
        [3, json ? 31 : 18, generic("Key db_password", "password", "Xk9m****")],
        [
          json ? 4 : 7,
          json ? 44 : 14,
          `Key API_TOKEN is a hardcoded GitHub token (ghp_****, kind github-token): ${REMEDY}`,
        ],
        [json ? 4 : 8, json ? 99 : 14, generic("Key DB_PASSWORD", "password", "n3v****")],
        [
          json ? 5 : 10,
          json ? 13 : 9,
          `Key note is a hardcoded AWS access key ID (AKIA****, kind aws-access-key): ${REMEDY}`,
        ],
      ]);
      expect(streamed).toEqual(parsed);
    });
  }

  it("takes the streaming path only for big data files, not for templates or small files", async () => {
    const { loadDocumentFile } = await import("../../parsers/load.js");
    const { SourceFile } = await import("../../core/positioned.js");
    const load = (text: string, syntax: "json" | "yaml") =>
      loadDocumentFile(new SourceFile(`x.${syntax}`, text), syntax);
    const streamedLiterals = async (text: string, syntax: "json" | "yaml") =>
      (await load(text, syntax)).documents?.[0]?.source?.literals?.map((l) => l.name);
    expect(await streamedLiterals(big(true), "json")).toEqual(["db_password", "API_TOKEN", "DB_PASSWORD", "note"]);
    expect(await streamedLiterals(big(false), "yaml")).toEqual(["db_password", "API_TOKEN", "DB_PASSWORD", "note"]);
    expect(await streamedLiterals(small(true), "json")).toBeUndefined();
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${big(false).trimEnd().replace(/^/gm, "  ")}\nResources:\n  S:\n    Type: AWS::SecretsManager::Secret\n`;
    expect((await load(template, "yaml")).entities.map((e) => e.kind)).toEqual(["secret"]);
  });
});

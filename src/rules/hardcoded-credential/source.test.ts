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
  pem: [["-----BEGIN RSA ", "PRIVATE KEY-----"].join(""), "MIIEowIBAAKCAQEAxNKu8iS2G8NPRVdD53X83RZJzzzgEOzdmenCkhvMdgaKjIg8x", "Nbe3nNyjOq9wMxEhh2FDEEtfjgVvVqE1SkHbn88HxjSI6bWHtP3fS2qHx6kwXoIIX", ["-----END RSA ", "PRIVATE KEY-----"].join("")].join("\n"),
};

const REMEDY = "anyone who can read the repository can use it, and it stays in version history. Revoke it, keep the replacement in AWS Secrets Manager and read it at run time.";
const generic = (binding: string, what: string, masked: string) => `${binding} is a hardcoded ${what} (${masked}, kind generic-password): ${REMEDY}`;

type Expected = [messageId: string, message: string, loc: [number, number, number, number]];

/** Runs the rule over one file; returns message id, message and location, and prints the spans with SW_SHOW_FINDINGS. */
async function findings(path: string, text: string): Promise<Expected[]> {
  const found = await analyze([rule], [{ path, text }]);
  if (process.env.SW_SHOW_FINDINGS) for (const f of found) console.log(`${path} ${JSON.stringify([f.line, f.column, f.endLine, f.endColumn])} ${f.kind}\n${underline(text, f)}`);
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
      ["sourceLiteral", generic("The value compared with secret", "secret", "h4rd****"), [6, 16, 6, 29]],
      ["sourceLiteral", generic("Variable password", "password", "Zx81****"), [7, 22, 7, 37]],
      ["sourceFormat", `The file contains a hardcoded AWS access key ID (AKIA****, kind aws-access-key): ${REMEDY}`, [8, 16, 8, 36]],
    ]);
  });

  it("reports a well-known format under any name, with its kind", async () => {
    const text = `export const settings = { github: "${FAKE.githubToken}", billing: { stripeKey: "${FAKE.stripe}" } };\n`;
    expect(await findings("settings.js", text)).toEqual([
      ["sourceLiteral", `Property github is a hardcoded GitHub token (ghp_****, kind github-token): ${REMEDY}`, [1, 35, 1, 77]],
      ["sourceLiteral", `Property stripeKey is a hardcoded Stripe secret key (sk_l****, kind stripe-key): ${REMEDY}`, [1, 101, 1, 135]],
    ]);
  });

  it("reports JSX attributes in .tsx files", async () => {
    const text = `export const Map = () => <MapView apiKey="Qm9v-8sJd9kd93K" zoom="3" />;\n`;
    expect(await findings("src/Map.tsx", text)).toEqual([["sourceLiteral", generic("Property apiKey", "API key", "Qm9v****"), [1, 42, 1, 59]]]);
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
    expect(await findings("broken.js", text)).toEqual([["sourceLiteral", generic("Variable password", "password", "Tr0u****"), [1, 12, 1, 32]]]);
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
      ["sourceLiteral", generic("The value compared with token", "token", "h4rd****"), [6, 17, 6, 30]],
      ["sourceLiteral", generic("Variable auth_token", "token", "Zx81****"), [8, 23, 8, 46]],
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
      ["sourceLiteral", generic("The value compared with token", "token", "h4rd****"), [6, 22, 6, 35]],
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
      ["sourceLiteral", `Key AWS_ACCESS_KEY_ID is a hardcoded AWS access key ID (AKIA****, kind aws-access-key): ${REMEDY}`, [7, 19, 7, 39]],
      ["sourceLiteral", `Key AWS_SECRET_ACCESS_KEY is a hardcoded AWS secret access key (2hpC****, kind aws-secret-key): ${REMEDY}`, [8, 23, 8, 63]],
    ]);
  });

  it("properties, ini and TOML", async () => {
    expect(await findings("src/main/resources/application.properties", `spring.datasource.username=app\nspring.datasource.password=Tr0ub4dor&3-Horse!\n`)).toEqual([
      ["sourceLiteral", generic("Key spring.datasource.password", "password", "Tr0u****"), [2, 28, 2, 46]],
    ]);
    expect(await findings("config/app.ini", `[database]\nuser = app\npassword: s3cr3t-Pa55word\n`)).toEqual([
      ["sourceLiteral", generic("Key password", "password", "s3cr****"), [3, 11, 3, 26]],
    ]);
    expect(await findings("pyproject.toml", `[tool.app]\napi_key = "k8sJd9-2kd93KdmA"\ntoken_url = "https://auth.example.com/token"\n`)).toEqual([
      ["sourceLiteral", generic("Key api_key", "API key", "k8sJ****"), [2, 11, 2, 29]],
    ]);
  });

  it("shell scripts and Dockerfiles", async () => {
    expect(await findings("deploy.sh", `#!/bin/sh\nexport DB_PASSWORD='Tr0ub4dor&3-Horse!'\nexport API_TOKEN="$(aws secretsmanager get-secret-value --secret-id prod/api --query SecretString --output text)"\n`)).toEqual([
      ["sourceLiteral", generic("Key DB_PASSWORD", "password", "Tr0u****"), [2, 20, 2, 40]],
    ]);
    expect(await findings("Dockerfile", `FROM node:20\nENV API_KEY=k8sJd9-2kd93KdmA\nENV NPM_TOKEN s3cr3t-Pa55word\nARG GITHUB_TOKEN\n`)).toEqual([
      ["sourceLiteral", generic("Key API_KEY", "API key", "k8sJ****"), [2, 13, 2, 29]],
      ["sourceLiteral", generic("Key NPM_TOKEN", "token", "s3cr****"), [3, 15, 3, 30]],
    ]);
  });

  it("YAML and JSON configuration that is no template: keys and connection strings", async () => {
    const compose = `services:\n  app:\n    environment:\n      POSTGRES_PASSWORD: Tr0ub4dor-Horse1\n      DATABASE_URL: postgres://app:Zk29dmQ8x@db/app\n      DB_SECRET_ID: prod/orders/db\n`;
    expect(await findings("docker-compose.yaml", compose)).toEqual([
      ["sourceLiteral", generic("Key POSTGRES_PASSWORD", "password", "Tr0u****"), [4, 26, 4, 42]],
      ["sourceLiteral", `Key DATABASE_URL is a hardcoded database connection string with a password (Zk29****, kind db-connection-string): ${REMEDY}`, [5, 21, 5, 52]],
    ]);
    const settings = `{\n  "ConnectionStrings": { "Default": "Server=db;Database=app;User Id=sa;Password=Pa55-w0rd-Db;" },\n  "Jwt": { "Secret": "" }\n}\n`;
    expect(await findings("appsettings.json", settings)).toEqual([
      ["sourceLiteral", `Key Default is a hardcoded database connection string with a password (Pa55****, kind db-connection-string): ${REMEDY}`, [2, 37, 2, 95]],
    ]);
  });

  it("any other text: well-known formats, private keys but not public keys or truncated ones", async () => {
    expect(await findings("keys/deploy.pem", `${FAKE.pem}\n`)).toEqual([
      ["sourceFormat", `The file contains a hardcoded private key (MIIE****, kind private-key): ${REMEDY}`, [1, 1, 4, 30]],
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
  it("quoted values after make, PHP and Kotlin operators, key/value arguments and XML elements", async () => {
    expect(await findings("Makefile.mk", `API_TOKEN ::= "s3cr3t-Pa55word"\nTOKEN_URL := "https://auth.internal/token"\n`)).toEqual([
      ["sourceLiteral", generic("Key API_TOKEN", "token", "s3cr****"), [1, 15, 1, 32]],
    ]);
    expect(await findings("src/Db.php", `<?php\n$dbPassword .= "Tr0ub4dor&3-Horse!";\n$password = getenv("DB_PASSWORD");\n`)).toEqual([
      ["sourceLiteral", generic("Key dbPassword", "password", "Tr0u****"), [2, 16, 2, 36]],
    ]);
    expect(await findings("src/Main.kt", `System.setProperty("DB_PASSWORD", "k8sJd9-2kd93KdmA")\nval password = readPassword()\n`)).toEqual([
      ["sourceLiteral", generic("Key DB_PASSWORD", "password", "k8sJ****"), [1, 35, 1, 53]],
    ]);
    expect(await findings("nuget.config", `<packageSourceCredentials>\n  <add key="ClearTextPassword" value="Zx81-Spectrum-48k" />\n  <password>\n    Qm9v-8sJd9kd93K\n  </password>\n</packageSourceCredentials>\n`)).toEqual([
      ["sourceLiteral", generic("Key ClearTextPassword", "password", "Zx81****"), [2, 38, 2, 57]],
      ["sourceLiteral", generic("Key password", "password", "Qm9v****"), [4, 5, 4, 20]],
    ]);
  });

  it("code in another language: an unquoted value is an expression, not a credential", async () => {
    expect(await findings("src/auth.c", `passwd = m{{h}o)p${"$"}{e]nob(ody[finds>-_$#thisone}};\nif (secret == "m{{h}o)p${"$"}{e]nob(ody[finds>-_$#thisone}}") {}\n`)).toEqual([
      ["sourceLiteral", generic("Key secret", "secret", "m{{h****"), [2, 15, 2, 56]],
    ]);
  });

  it("a file written into a configuration string: its NAME=value lines", async () => {
    const text = `{"config.ini": "API_TOKEN=s3cr3t-Pa55word\\nBACKUP_ENABLED=true"}`;
    expect(await findings("bundle.json", text)).toEqual([["sourceLiteral", `Key config.ini is a hardcoded credential (s3cr****, kind generic-password): ${REMEDY}`, [1, 16, 1, 64]]]);
  });
});

describe("which files are read", () => {
  it.each([
    ["src/app.ts", "source"], ["src/app.mjs", "source"], ["app.py", "source"], [".env", "source"], [".env.production", "source"],
    ["Dockerfile", "source"], ["deploy.sh", "source"], ["config/app.toml", "source"], ["README.md", "source"],
    ["stack.yaml", "yaml"], ["appsettings.json", "json"], ["main.tf", "hcl"], ["logo.png", undefined],
  ])("%s is read as %s", (path, syntax) => {
    expect(syntaxOf(path)).toBe(syntax);
  });

  it.each([
    "package-lock.json", "yarn.lock", "web/pnpm-lock.yaml", "poetry.lock", "dist/app.min.js", "dist/app.js.map", "vendor/github.com/x/y.go",
    "lib/.venv/lib/python3.12/site-packages/x.py", "types/index.d.ts", "static/app.bundle.js", "logo.png",
  ])("%s is skipped", (path) => {
    expect(isCandidate(path)).toBe(false);
  });
});

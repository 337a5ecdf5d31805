import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CREDENTIAL_DETECTORS,
  FORMAT_DETECTORS,
  detector,
  findCredentials,
  identifyCredential,
  isAwsSecretKeyName,
  type CredentialFinding,
} from "./credential-patterns.js";
import type { CredentialKind } from "./credential-detector.js";
import { PROVIDER_DETECTORS } from "./credential-providers.js";
import { base62, crc32 } from "./checksums.js";
import { fake, UPPER, LOWER, DIGITS, ALNUM, BASE64 } from "../test-support/fake.js";
import { cpuNow } from "../test-support/cpu-now.js";

const BASE32 = `${UPPER}234567`;
const URLSAFE = `${ALNUM}_-`;
const HEX = "0123456789abcdef";

const p = (...parts: string[]) => parts.join("");
const BEGIN = (type = "RSA ") => p("-----BEGIN ", type, "PRIVATE KEY-----");
const END = (type = "RSA ") => p("-----END ", type, "PRIVATE KEY-----");
const BODY = [fake(BASE64, 64, 1), fake(BASE64, 64, 2), `${fake(BASE64, 20, 3)}==`];

const V = {
  awsKeyId: p("AKIA", fake(BASE32, 16, 11)),
  awsSecret: (() => {
    const s = fake(BASE64, 37, 12);
    return `${s}A1b`;
  })(),
  github: p("ghp_", fake(ALNUM, 36, 13)),
  githubFineGrained: p("github_pat_", fake(ALNUM, 22, 14), "_", fake(ALNUM, 59, 15)),
  gitlab: p("glpat-", fake(URLSAFE, 20, 16)),
  slackBot: p("xoxb-", fake(DIGITS, 12, 17), "-", fake(DIGITS, 13, 18), "-", fake(ALNUM, 24, 19)),
  slackWebhook: p(
    "https://hooks.slack.com/services/",
    "T",
    fake(UPPER + DIGITS, 8, 20),
    "/B",
    fake(UPPER + DIGITS, 10, 21),
    "/",
    fake(ALNUM, 24, 22),
  ),
  stripe: p("sk_", "live_", fake(ALNUM, 24, 23)),
  stripeRestricted: p("rk_", "test_", fake(ALNUM, 30, 24)),
  npm: p("npm_", fake(ALNUM, 36, 25)),
  pypi: p("pypi-", "AgEIcHlwaS5vcmc", fake(URLSAFE, 60, 26)),
  google: p("AIza", fake(URLSAFE, 35, 27)),
  sendgrid: p("SG.", fake(URLSAFE, 22, 28), ".", fake(URLSAFE, 43, 29)),
  twilio: p("SK", fake(HEX, 32, 30)),
  openai: p("sk-", "proj-", fake(URLSAFE, 24, 31), "T3BlbkFJ", fake(URLSAFE, 24, 32)),
  anthropic: p("sk-", "ant-", "api03-", fake(URLSAFE, 93, 33), "AA"),
  jwt: p(
    Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url"),
    ".",
    Buffer.from('{"sub":"svc-orders","iat":1716239022}').toString("base64url"),
    ".",
    fake(URLSAFE, 43, 34),
  ),
};

const kinds = (text: string, context = {}) => findCredentials(text, context).map((f) => f.kind);
const values = (kind: CredentialKind, text: string, context = {}) =>
  detector(kind)
    .find(text, context)
    .map((m) => m.value);

describe("the detector list", () => {
  it("has one detector per kind, in kebab-case, with a description and a documented pattern", () => {
    const list = CREDENTIAL_DETECTORS.map((d) => d.kind);
    expect(new Set(list).size).toBe(list.length);
    expect(list).toEqual([
      "private-key",
      "aws-access-key",
      "aws-secret-key",
      "github-token",
      "gitlab-token",
      "slack-webhook",
      "slack-token",
      "stripe-key",
      "npm-token",
      "pypi-token",
      "google-api-key",
      "sendgrid-key",
      "twilio-key",
      "openai-key",
      "anthropic-key",
      "jwt",
      "db-connection-string",
      "basic-auth-url",
      "basic-auth",
      ...PROVIDER_DETECTORS.map((d) => d.kind),
      "auth-header",
      "kubernetes-secret",
      "generic-password",
    ]);
    for (const d of CREDENTIAL_DETECTORS) {
      expect(d.kind).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(d.description.length).toBeGreaterThan(3);
      expect(d.pattern.length).toBeGreaterThan(5);
    }
    expect(FORMAT_DETECTORS.map((d) => d.kind)).not.toContain("generic-password");
  });
});

describe("basic-auth (curl -u user:password)", () => {
  it.each([
    ["curl -u elastic:P@ssw0rd$1 https://localhost:9200", "P@ssw0rd$1", [8, 26]],
    ["curl -s --user 'api:d2LkV78zLx!t' https://api.example.com", "d2LkV78zLx!t", [15, 33]],
    [`curl --user "j.smith:dB2yF6@qL9vZm1P#4J" "https://api.example.org"`, "dB2yF6@qL9vZm1P#4J", [12, 40]],
    [`curl --user kevin:'pRf7vG2h1L8nQkW9' -X PATCH`, "pRf7vG2h1L8nQkW9", [12, 36]],
    [`curl -u "d2LkV78zLx!t:" https://localhost:9200`, "d2LkV78zLx!t", [8, 23]],
    [`curl --user="{acd3c08b}":"{ZqL5kVrX1n8tA2}" https://x`, "{ZqL5kVrX1n8tA2}", [12, 43]],
  ])("finds the password in %s", (text, value, [start, end]) => {
    expect(detector("basic-auth").find(text)).toEqual([{ start, end, value, confidence: "medium" }]);
  });

  it.each([
    "curl -i -u 'test:test'",
    `curl -sL --user "$1:$2" "$3"`,
    "curl -u <user:password> https://test.com/endpoint",
    "use the `--user access_key:secret_access_key` option of curl",
    "curl --user neo4j:[PASSWORD] http://[IP]:7474/db/data/",
    `curl -u "myusername" http://localhost:15130/api/check_user/`,
    "curl -u username:token",
    `curl -u "\${_username}:\${_password}"`,
    `curl -k -X POST -I -u "SRVC_JENKINS:\${APPID}"`,
    `curl -u ":" https://localhost:9200`,
    `curl --user "{{ $.Values.username }}:{{ $.Values.password }}"`,
    `curl -X POST --user "$(cat ./login.txt):$(cat ./password.txt)"`,
    "curl http://127.0.0.1:5000/file --user user:pass --digest",
    `curl -X GET --insecure --user "username:password"`,
    "sort -u names.txt:backup",
  ])("does not report %s", (text) => {
    expect(detector("basic-auth").find(text)).toEqual([]);
  });

  it("is linear on a hostile line", () => {
    const started = cpuNow();
    detector("basic-auth").find(`${"-u ".repeat(20_000)}"${"a".repeat(50_000)}`);
    detector("basic-auth").find(`-u ${"'a'".repeat(20_000)}`);
    expect(cpuNow() - started).toBeLessThan(500);
  });
});

describe("private-key", () => {
  it.each([
    ["an RSA key", `${BEGIN()}\n${BODY.join("\n")}\n${END()}\n`],
    ["an OpenSSH key", `${BEGIN("OPENSSH ")}\n${BODY.join("\n")}\n${END("OPENSSH ")}`],
    ["an EC key", `${BEGIN("EC ")}\n${BODY[0]}\n${END("EC ")}`],
    ["a PKCS#8 key", `${BEGIN("")}\n${BODY.join("\n")}\n${END("")}`],
    ["an encrypted PKCS#8 key", `${BEGIN("ENCRYPTED ")}\n${BODY.join("\n")}\n${END("ENCRYPTED ")}`],
    [
      "a legacy encrypted key with headers",
      `${BEGIN()}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${fake(HEX, 32, 5).toUpperCase()}\n\n${BODY.join("\n")}\n${END()}`,
    ],
    ["a key inside a JSON string, with \\n escapes", `{"key": "${BEGIN()}\\n${BODY.join("\\n")}\\n${END()}\\n"}`],
    ["a key without its END line", `${BEGIN()}\n${BODY[0]}\n${BODY[1]}`],
  ])("finds %s", (_, text) => {
    const found = detector("private-key").find(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.value.startsWith(BODY[0]?.slice(0, 8) ?? "")).toBe(true);
    expect(text.slice(found[0]?.start, found[0]?.end).startsWith("-----BEGIN")).toBe(true);
  });

  it.each([
    ["a public key", `-----BEGIN PUBLIC KEY-----\n${BODY[0]}\n-----END PUBLIC KEY-----`],
    ["an SSH public key", `ssh-rsa ${fake(BASE64, 200, 3)} deploy@ci`],
    ["a certificate", `-----BEGIN CERTIFICATE-----\n${BODY.join("\n")}\n-----END CERTIFICATE-----`],
    ["a truncated placeholder", `${BEGIN()}\n...\n${END()}`],
    ["a placeholder body", `${BEGIN()}\n<your private key here>\n${END()}`],
    ["an empty block", `${BEGIN()}\n${END()}`],
    ["a filler body", `${BEGIN()}\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n${END()}`],
    ["the header alone, in prose", `Paste the key that starts with ${BEGIN()} here.`],
  ])("ignores %s", (_, text) => {
    expect(detector("private-key").find(text)).toEqual([]);
  });
});

describe("aws-access-key", () => {
  it.each(["AKIA", "ASIA", "ABIA", "ACCA"])("finds %s keys", (prefix) => {
    const key = p(prefix, fake(BASE32, 16, prefix.charCodeAt(1)));
    expect(values("aws-access-key", `aws_access_key_id = ${key}\n`)).toEqual([key]);
  });

  it.each([
    ["the AWS documentation example", "AKIAIOSFODNN7EXAMPLE"],
    ["an example-marked key", p("AKIA", "I44QH8DHBEXAMPLE")],
    ["a role id", p("AROA", fake(BASE32, 17, 40))],
    ["a user id", p("AIDA", fake(BASE32, 17, 41))],
    ["a filler", p("AKIA", "A".repeat(16))],
    ["digits outside base32", p("AKIA", "0189", fake(BASE32, 12, 42))],
    ["lower case", p("akia", fake(BASE32, 16, 43).toLowerCase())],
    ["one character short", p("AKIA", fake(BASE32, 15, 44))],
    ["inside a longer word", p("X", "AKIA", fake(BASE32, 16, 45))],
    ["followed by more letters", p("AKIA", fake(BASE32, 17, 46))],
  ])("ignores %s", (_, text) => {
    expect(values("aws-access-key", text)).toEqual([]);
  });
});

describe("aws-secret-key", () => {
  it("needs a keyword or a key id nearby", () => {
    expect(values("aws-secret-key", V.awsSecret)).toEqual([]);
    expect(values("aws-secret-key", V.awsSecret, { name: "AWS_SECRET_ACCESS_KEY" })).toEqual([V.awsSecret]);
    expect(values("aws-secret-key", V.awsSecret, { name: "SecretAccessKey" })).toEqual([V.awsSecret]);
    expect(values("aws-secret-key", V.awsSecret, { awsAccessKeyIdNearby: true })).toEqual([V.awsSecret]);
    expect(values("aws-secret-key", `export AWS_SECRET_ACCESS_KEY=${V.awsSecret}\n`)).toEqual([V.awsSecret]);
    expect(values("aws-secret-key", `aws_secret_access_key = "${V.awsSecret}"`)).toEqual([V.awsSecret]);
    expect(values("aws-secret-key", `{"SecretAccessKey": "${V.awsSecret}"}`)).toEqual([V.awsSecret]);
    expect(values("aws-secret-key", `secret_key: '${V.awsSecret}'`)).toEqual([V.awsSecret]);
  });

  it.each([
    ["a 40-character base64 string with no keyword and no key id", V.awsSecret, {}],
    ["an unrelated keyword", `checksum=${V.awsSecret}`, {}],
    ["an unrelated name", V.awsSecret, { name: "BuildChecksum" }],
    ["a client secret name", V.awsSecret, { name: "ClientSecret" }],
    ["the AWS documentation example", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", { awsAccessKeyIdNearby: true }],
    ["a SHA-1 commit id (no upper case)", fake(HEX, 40, 50), { awsAccessKeyIdNearby: true }],
    ["no digit", fake(UPPER + LOWER, 40, 51), { awsAccessKeyIdNearby: true }],
    ["41 characters", `${V.awsSecret}Z`, { awsAccessKeyIdNearby: true }],
    ["part of a longer base64 string", `${fake(BASE64, 10, 52)}${V.awsSecret}`, { awsAccessKeyIdNearby: true }],
  ])("ignores %s", (_, text, context) => {
    expect(values("aws-secret-key", text, context)).toEqual([]);
  });

  it("recognises names of AWS secret keys", () => {
    for (const name of ["aws_secret_access_key", "AWS_SECRET_KEY", "SecretAccessKey", "secretKey", "AWS_SECRET"])
      expect(isAwsSecretKeyName(name), name).toBe(true);
    for (const name of ["ClientSecret", "SecretName", "AccessKeyId", "api_key"])
      expect(isAwsSecretKeyName(name), name).toBe(false);
  });
});

describe("token formats", () => {
  it.each<[CredentialKind, string]>([
    ["github-token", V.github],
    ["github-token", p("gho_", fake(ALNUM, 36, 60))],
    ["github-token", V.githubFineGrained],
    ["gitlab-token", V.gitlab],
    ["gitlab-token", p("glptt-", fake(HEX, 40, 61))],
    ["slack-token", V.slackBot],
    [
      "slack-token",
      p("xoxp-", fake(DIGITS, 11, 62), "-", fake(DIGITS, 11, 63), "-", fake(DIGITS, 12, 64), "-", fake(HEX, 32, 65)),
    ],
    ["slack-webhook", V.slackWebhook],
    ["stripe-key", V.stripe],
    ["stripe-key", V.stripeRestricted],
    ["npm-token", V.npm],
    ["pypi-token", V.pypi],
    ["google-api-key", V.google],
    ["sendgrid-key", V.sendgrid],
    ["twilio-key", V.twilio],
    ["openai-key", V.openai],
    ["anthropic-key", V.anthropic],
    ["jwt", V.jwt],
  ])("%s: finds %s", (kind, value) => {
    const text = `token: "${value}"`;
    expect(
      detector(kind)
        .find(text)
        .map((m) => text.slice(m.start, m.end)),
    ).toEqual([value]);
    expect(kinds(text)).toEqual([kind]);
  });

  it("masks a Slack webhook by its secret part, not by its ids", () => {
    expect(values("slack-webhook", V.slackWebhook)).toEqual([
      V.slackWebhook.slice(V.slackWebhook.lastIndexOf("/") + 1),
    ]);
  });

  it.each<[CredentialKind, string, string]>([
    ["github-token", "one character short", p("ghp_", fake(ALNUM, 35, 70))],
    ["github-token", "an unknown prefix", p("ghx_", fake(ALNUM, 36, 71))],
    ["github-token", "inside a longer word", p("xghp_", fake(ALNUM, 36, 72))],
    ["gitlab-token", "one character short", p("glpat-", fake(URLSAFE, 19, 73))],
    ["slack-token", "no numeric ids", p("xoxb-", fake(LOWER, 20, 74))],
    ["slack-webhook", "a truncated URL", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXX"],
    [
      "slack-webhook",
      "a filler secret",
      "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    ],
    ["stripe-key", "a publishable key", p("pk_", "live_", fake(ALNUM, 24, 75))],
    ["stripe-key", "too short", p("sk_", "live_", fake(ALNUM, 10, 76))],
    ["npm-token", "one character short", p("npm_", fake(ALNUM, 35, 77))],
    ["pypi-token", "not a pypi.org macaroon", p("pypi-", fake(URLSAFE, 80, 78))],
    ["google-api-key", "one character short", p("AIza", fake(URLSAFE, 34, 79))],
    ["sendgrid-key", "a short last part", p("SG.", fake(URLSAFE, 22, 80), ".", fake(URLSAFE, 42, 81))],
    ["twilio-key", "upper-case hex", p("SK", fake(HEX, 32, 82).toUpperCase())],
    ["twilio-key", "a filler", p("SK", "0".repeat(32))],
    ["github-token", "a fine-grained token of fillers", p("github_pat_", "x".repeat(22), "_", "x".repeat(59))],
    ["github-token", "a classic token padded with a filler run", p("ghp_", fake(ALNUM, 20, 89), "X".repeat(16))],
    ["openai-key", "no T3BlbkFJ marker", p("sk-", fake(ALNUM, 48, 83))],
    ["anthropic-key", "too short", p("sk-", "ant-", "api03-", fake(URLSAFE, 20, 84))],
    [
      "jwt",
      "an unsigned token (alg none)",
      p(
        Buffer.from('{"alg":"none"}').toString("base64url"),
        ".",
        Buffer.from('{"sub":"x"}').toString("base64url"),
        ".",
        fake(URLSAFE, 30, 85),
      ),
    ],
    [
      "jwt",
      "a header that is not JSON",
      p("eyJ", fake(URLSAFE, 20, 86), ".eyJ", fake(URLSAFE, 10, 87), ".", fake(URLSAFE, 30, 88)),
    ],
  ])("%s: ignores %s", (kind, _, value) => {
    expect(values(kind, `token: "${value}"`)).toEqual([]);
  });
});

describe("jwt headers", () => {
  const token = (header: string) =>
    p(
      Buffer.from(header).toString("base64url"),
      ".",
      Buffer.from('{"sub":"svc-orders"}').toString("base64url"),
      ".",
      fake(URLSAFE, 43, 90),
    );
  it("reports a token whose header has no alg: only an explicit alg none proves it unsigned", () => {
    const value = token('{"typ":"JWT","kid":"orders-2024"}');
    expect(values("jwt", `token: "${value}"`)).toEqual([value]);
  });
  it("ignores a header that is JSON but not an object", () => {
    expect(values("jwt", `token: "${token('["alg","HS256"]')}"`)).toEqual([]);
  });
});

describe("db-connection-string", () => {
  const password = fake(ALNUM, 14, 90);
  it.each([
    `postgres://orders:${password}@orders.cluster-abc.eu-west-1.rds.amazonaws.com:5432/orders`,
    `mongodb+srv://app:${password}@cluster0.example.mongodb.net/app?retryWrites=true`,
    `jdbc:mysql://app:${password}@db.internal:3306/app`,
    `jdbc:mysql://db.internal:3306/app?user=app&password=${password}`,
    `Server=db.internal;Database=app;User Id=sa;Password=${password};`,
    `rediss://:${password}@cache.internal:6379/0`,
  ])("finds %s", (text) => {
    expect(values("db-connection-string", text)).toEqual([password]);
  });

  it.each([
    "postgres://orders:${DbPassword}@orders.internal:5432/orders",
    "postgres://orders:{{resolve:secretsmanager:db:SecretString:password}}@db:5432/orders",
    "postgres://orders:changeme@localhost:5432/orders",
    "postgres://orders@orders.internal:5432/orders",
    "mysql://app:$DB_PASSWORD@db/app",
    `Password=${password};`,
    "Server=db;Database=app;Password=<password>;",
  ])("ignores %s", (text) => {
    expect(values("db-connection-string", text)).toEqual([]);
  });
});

describe("basic-auth-url", () => {
  const password = fake(ALNUM, 12, 91);
  it.each([
    `https://deploy:${password}@artifacts.example.com/repo`,
    `ftp://backup:${password}@ftp.example.com/`,
    `git+https://ci:${password}@git.example.com/org/repo.git`,
  ])("finds %s", (text) => {
    expect(values("basic-auth-url", text)).toEqual([password]);
  });

  it.each([
    "https://deploy@artifacts.example.com/repo",
    "https://deploy:${Password}@artifacts.example.com/repo",
    "https://user:password@example.com/",
    "https://artifacts.example.com:8443/repo",
    "see http://example.com/a:b@c",
  ])("ignores %s", (text) => {
    expect(values("basic-auth-url", text)).toEqual([]);
  });
});

describe("generic-password", () => {
  const secret = fake(ALNUM, 14, 92);
  it.each([
    [`DB_PASSWORD=${secret}`, {}],
    [`export API_TOKEN="${secret}"`, {}],
    [`"client_secret": "${secret}"`, {}],
    [`password: '${secret}'`, {}],
    [secret, { name: "MasterUserPassword" }],
  ])("finds %s", (text, context) => {
    expect(values("generic-password", text, context)).toEqual([secret]);
  });

  it.each([
    ["an expression after a colon", 'return {"username": userPass[1], "password": userPass[2]}', {}],
    ["a shell variable", "DB_PASSWORD=$DB_PASSWORD", {}],
    ["a command substitution", "DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db)", {}],
    ["a placeholder", "API_TOKEN=changeme", {}],
    ["a name that is not secret-like", `DB_HOST=${secret}`, {}],
    ["a reference by name", `DB_PASSWORD_ARN=arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf`, {}],
    ["a setting", 'PasswordLength: "32"', {}],
    ["a context name that is not secret-like", secret, { name: "Description" }],
    ["a placeholder under a secret-like name", "<password>", { name: "DbPassword" }],
  ])("ignores %s", (_, text, context) => {
    expect(values("generic-password", text, context)).toEqual([]);
  });
});

describe("findCredentials", () => {
  it("returns every credential in text order, without overlaps", () => {
    const text = `AWS_ACCESS_KEY_ID=${V.awsKeyId}\nAWS_SECRET_ACCESS_KEY=${V.awsSecret}\nGITHUB=${V.github}\n`;
    const found = findCredentials(text);
    expect(found.map((f) => [f.kind, f.value])).toEqual([
      ["aws-access-key", V.awsKeyId],
      ["aws-secret-key", V.awsSecret],
      ["github-token", V.github],
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.value);
  });

  it("prefers the more specific format where two overlap", () => {
    expect(kinds(`https://x-access-token:${V.github}@github.com/org/repo.git`)).toEqual(["github-token"]);
  });

  it("searches base64-encoded text and reports the encoded run", () => {
    const script = `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${V.awsKeyId}\nexport AWS_SECRET_ACCESS_KEY=${V.awsSecret}\n`;
    const encoded = Buffer.from(script).toString("base64");
    const found = findCredentials(`UserData: ${encoded}`);
    expect(found).toEqual([
      {
        kind: "aws-access-key",
        description: "AWS access key ID",
        value: V.awsKeyId,
        start: 10,
        end: 10 + encoded.length,
        encoded: true,
        confidence: "high",
      },
    ]);
  });

  it("finds a base64-encoded PEM file", () => {
    const encoded = Buffer.from(`${BEGIN()}\n${BODY.join("\n")}\n${END()}\n`).toString("base64");
    expect(findCredentials(encoded).map((f) => [f.kind, f.encoded])).toEqual([["private-key", true]]);
  });

  it("ignores base64 that decodes to binary or to text without credentials", () => {
    expect(findCredentials(fake(BASE64, 400, 93))).toEqual([]);
    expect(
      findCredentials(Buffer.from("#!/bin/bash\nyum install -y httpd\nsystemctl start httpd\n").toString("base64")),
    ).toEqual([]);
    expect(findCredentials(Buffer.from("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n").toString("base64"))).toEqual(
      [],
    );
  });

  it("runs keyword detectors only when asked", () => {
    expect(findCredentials("DB_PASSWORD=Tr0ub4dor-3-Horse")).toEqual([]);
    expect(findCredentials("DB_PASSWORD=Tr0ub4dor-3-Horse", {}, { keywords: true }).map((f) => f.kind)).toEqual([
      "generic-password",
    ]);
  });

  it("finds nothing in ordinary template strings", () => {
    for (const text of [
      "arn:aws:iam::111122223333:role/service-role/orders",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-AbCdEf",
      "{{resolve:secretsmanager:prod/orders/db:SecretString:password}}",
      "ami-0123456789abcdef0",
      `sha256:${fake(HEX, 64, 94)}`,
      fake(HEX, 40, 95),
      "https://orders.example.com/api/v1?token=${Token}",
    ]) {
      expect(findCredentials(text), text).toEqual([]);
    }
  });
});

describe("identifyCredential", () => {
  it("names the format of a value, or nothing", () => {
    expect(identifyCredential(V.stripe)?.kind).toBe("stripe-key");
    expect(identifyCredential(V.awsSecret, { name: "SecretAccessKey" })?.kind).toBe("aws-secret-key");
    expect(identifyCredential(V.awsSecret)).toBeUndefined();
    expect(identifyCredential("Tr0ub4dor&3-Horse")).toBeUndefined();
  });
});

describe("findCredentials over many matches", () => {
  /** The first version: every new match checked against every finding so far (quadratic), sorted at the end. */
  function reference(
    text: string,
    context: { awsAccessKeyIdNearby?: boolean },
    keywords: boolean,
  ): CredentialFinding[] {
    const accepted: CredentialFinding[] = [];
    const overlaps = (start: number, end: number) => accepted.some((a) => start < a.end && a.start < end);
    for (const d of keywords ? CREDENTIAL_DETECTORS : FORMAT_DETECTORS) {
      for (const match of d.find(text, context))
        if (!overlaps(match.start, match.end)) {
          accepted.push({
            ...match,
            kind: d.kind,
            description: d.description,
            confidence: match.confidence ?? (d.basis === "format" ? "high" : "medium"),
          });
        }
    }
    for (const run of text.matchAll(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,65536}={0,2}(?![A-Za-z0-9+/=])/g)) {
      const start = run.index;
      const end = start + run[0].length;
      if (overlaps(start, end)) continue;
      const decoded = Buffer.from(run[0], "base64").toString("latin1");
      const printable = [...decoded].filter((c) => /[\x20-\x7e\t\n\r]/.test(c)).length;
      if (decoded.length === 0 || printable / decoded.length < 0.95) continue;
      const inner = reference(decoded, context, false).filter((f) => !f.encoded)[0];
      if (inner)
        accepted.push({
          kind: inner.kind,
          description: inner.description,
          value: inner.value,
          start,
          end,
          encoded: true,
          confidence: inner.confidence,
        });
    }
    return accepted.sort((a, b) => a.start - b.start);
  }

  const PIECES = [
    V.awsKeyId,
    V.awsSecret,
    V.github,
    V.slackBot,
    V.jwt,
    `password=${fake(ALNUM, 14, 40)}`,
    `DB_PASSWORD: "${fake(ALNUM, 12, 41)}"`,
    `postgres://app:${fake(ALNUM, 12, 42)}@db.internal:5432/app`,
    `https://user:${fake(ALNUM, 10, 43)}@example.org/x`,
    Buffer.from(`token ${V.github}`).toString("base64"),
    `aws_secret_access_key = ${V.awsSecret}`,
    `Server=db;Database=app;Password=${fake(ALNUM, 12, 44)};`,
    "hello",
    "x = 1",
  ];

  it("finds what the quadratic version found, on random texts of credentials next to and inside each other", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(" ", "\n", "", "\t", ":", "=", '"')), {
          maxLength: 40,
        }),
        fc.boolean(),
        fc.boolean(),
        (pieces, nearby, keywords) => {
          const text = pieces.map(([piece, sep]) => piece + sep).join("");
          const context = { awsAccessKeyIdNearby: nearby };
          expect(findCredentials(text, context, { keywords })).toEqual(reference(text, context, keywords));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("takes a file of 20,000 key IDs in one pass: each match of the detector found once, in text order", () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `key: ${p("AKIA", fake(BASE32, 16, 1000 + i))}`).join("\n");
    const found = findCredentials(text);
    const matches = detector("aws-access-key").find(text);
    expect(matches.length).toBeGreaterThan(19_000);
    expect(found.map((f) => `${f.kind} ${f.start}`)).toEqual(matches.map((m) => `aws-access-key ${m.start}`));
  });
});

describe("provider structure: checksums and the new forms (issue 14)", () => {
  // A checksum-valid token is built here with our own CRC32, from a made-up random part.
  const random = fake(ALNUM, 30, 101);
  const withChecksum = (prefix: string) => p(prefix, random, base62(crc32(random), 6));
  const wrongChecksum = (prefix: string) => p(prefix, random, base62((crc32(random) + 1) % 0xffffffff, 6));
  const find = (kind: CredentialKind, text: string) => detector(kind).find(text);

  it("github-token: high with a valid CRC32, medium with a wrong one, nothing for a filler", () => {
    const good = withChecksum("ghp_");
    const bad = wrongChecksum("gho_");
    expect(find("github-token", `token=${good}`)).toEqual([{ start: 6, end: 46, value: good }]);
    expect(find("github-token", `token=${bad}`)).toEqual([{ start: 6, end: 46, value: bad, confidence: "medium" }]);
    expect(find("github-token", p("ghp_", "x".repeat(36)))).toEqual([]);
    expect(findCredentials(`token=${good}`)[0]?.confidence).toBe("high");
  });

  it("github-token: an app installation token ghs_<id>_<JWT>", () => {
    const token = p("ghs_", "40213", "_", V.jwt);
    expect(find("github-token", `GH=${token}\n`)).toEqual([{ start: 3, end: 3 + token.length, value: token }]);
    expect(kinds(`GH=${token}\n`)).toEqual(["github-token"]);
  });

  it("npm-token: high with a valid CRC32, medium with a wrong one", () => {
    const good = withChecksum("npm_");
    const bad = wrongChecksum("npm_");
    expect(find("npm-token", `"${good}"`)).toEqual([{ start: 1, end: 41, value: good }]);
    expect(find("npm-token", `"${bad}"`)).toEqual([{ start: 1, end: 41, value: bad, confidence: "medium" }]);
  });

  it("npm-token: the literal of an .npmrc _authToken line (UUID high, other literal medium)", () => {
    const uuid = "5c2d81f4-07ab-4e9d-b3a6-9f10c4e2d7b8";
    const line = `//registry.npmjs.org/:_authToken=${uuid}`;
    expect(find("npm-token", line)).toEqual([{ start: 33, end: 69, value: uuid }]);
    const other = fake(ALNUM, 24, 102);
    expect(find("npm-token", `//npm.example.com/repo/:_authToken="${other}"`)).toEqual([
      { start: 36, end: 60, value: other, confidence: "medium" },
    ]);
  });

  it.each([
    ["a reference", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"],
    ["no registry", "_authToken=5c2d81f4-07ab-4e9d-b3a6-9f10c4e2d7b8"],
    ["no slash before the colon", "//registry.npmjs.org:_authToken=5c2d81f4-07ab-4e9d-b3a6-9f10c4e2d7b8"],
    ["a short value", "//registry.npmjs.org/:_authToken=abc123"],
  ])("npm-token: does not report %s", (_, text) => {
    expect(find("npm-token", text)).toEqual([]);
  });

  it.each([
    ["a legacy workspace token without ids (medium)", p("xoxa-", "q7mwe2kd9rt4"), "medium"],
    ["a legacy token with a version digit", p("xoxr-", "1-", "q7mwe2kd9rt4"), undefined],
    ["a user token with 6-digit ids", p("xoxp-", "581234-", "772104-", "663019-", fake(HEX, 18, 103)), undefined],
    ["a refresh token", p("xoxe-", "1-", fake(UPPER + DIGITS, 146, 104)), undefined],
    ["a configuration token", p("xoxe.", "xoxp-", "1-", fake(ALNUM, 164, 105)), undefined],
  ])("slack-token: %s", (_, value, confidence) => {
    const text = `"token": "${value}"`;
    expect(find("slack-token", text)).toEqual([
      { start: 10, end: 10 + value.length, value, ...(confidence ? { confidence } : {}) },
    ]);
  });

  it.each([
    ["xoxa-nyc"],
    ["xoxo-indieweb"],
    [p("xoxb-", "abcdef-", "abcdef")],
    [p("xoxp-", "1234567890")],
    [p("xoxa-", "abcdefghij")],
  ])("slack-token: does not report %s", (text) => {
    expect(find("slack-token", text)).toEqual([]);
  });

  it("slack-webhook: http, no scheme, and the unstructured path form", () => {
    const secret = fake(ALNUM, 24, 106);
    const structured = p("http://hooks.slack.com/services/", "T0A1B2C3D/B9Z8Y7X6W/", secret);
    expect(find("slack-webhook", structured)).toEqual([{ start: 0, end: structured.length, value: secret }]);
    const path = fake(LOWER + DIGITS, 46, 107);
    const bare = p("hooks.slack.com/workflows/", path);
    expect(find("slack-webhook", `url: ${bare}`)).toEqual([{ start: 5, end: 5 + bare.length, value: path }]);
    expect(
      find("slack-webhook", p("https://hooks.slack.com/services/", "Txxxxxxxx/Bxxxxxxxx/", "x".repeat(24))),
    ).toEqual([]);
  });

  it.each([
    ["glsoat-", 50],
    ["glft-", 20],
    ["GR1348941", 20],
    ["glptt-", 40],
    ["glimt-", 25],
    ["gloas-", 64],
    ["glagent-", 50],
  ])("gitlab-token: %s with %i characters", (prefix, length) => {
    const value = p(prefix, fake(URLSAFE, length, 108));
    expect(find("gitlab-token", ` ${value} `)).toEqual([{ start: 1, end: 1 + value.length, value }]);
  });

  it.each([
    ["glsoat-", 51],
    ["GR1348941", 19],
    ["glptt-", 42],
    ["glimt-", 23],
    ["gloas-", 45],
    ["glagent-", 20],
  ])("gitlab-token: not %s with %i characters", (prefix, length) => {
    expect(find("gitlab-token", p(prefix, fake(URLSAFE, length, 109)))).toEqual([]);
  });

  it("stripe-key: rk_prod_", () => {
    const value = p("rk_", "prod_", fake(ALNUM, 40, 110));
    expect(find("stripe-key", value)).toEqual([{ start: 0, end: value.length, value }]);
  });

  it("jwt: a header that reads as a damaged JSON object is medium; one cut short is not reported", () => {
    const signature = fake(URLSAFE, 43, 111);
    const payload = Buffer.from('{"sub":"svc"}').toString("base64url");
    const damaged = p(
      Buffer.concat([Buffer.from('{"alg":'), Buffer.from([0x27, 0x9e]), Buffer.from('z","typ":"JWT"}')]).toString(
        "base64url",
      ),
      ".",
      payload,
      ".",
      signature,
    );
    expect(find("jwt", damaged)).toEqual([{ start: 0, end: damaged.length, value: damaged, confidence: "medium" }]);
    const cut = p(Buffer.from('{"alg":"HS256","typ":"JWT"').toString("base64url"), ".", payload, ".", signature);
    expect(find("jwt", cut)).toEqual([]);
  });
});

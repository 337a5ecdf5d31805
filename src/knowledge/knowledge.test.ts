import { describe, expect, it } from "vitest";
import { isSecretLikeName, namesSecretAttribute, words } from "./secret-names.js";
import { isMarkedFixture, isPlaceholder } from "./placeholders.js";
import { mask } from "./mask.js";
import { dynamicReferences, isSecretStoreReference } from "./dynamic-references.js";

describe("secret-like names", () => {
  it("splits names written in every convention", () => {
    expect(words("DB_PASSWORD")).toEqual(["db", "password"]);
    expect(words("dbPassword")).toEqual(["db", "password"]);
    expect(words("DBPassword")).toEqual(["db", "password"]);
    expect(words("db-password.value")).toEqual(["db", "password", "value"]);
    expect(words("APIKey")).toEqual(["api", "key"]);
  });

  it.each([
    "password",
    "DB_PASSWORD",
    "DbPassword",
    "MasterUserPassword",
    "db_passwd",
    "MYSQL_PWD",
    "DB_PASS",
    "passphrase",
    "API_KEY",
    "apiKey",
    "ApiSecret",
    "GITHUB_TOKEN",
    "githubtoken",
    "AuthToken",
    "auth_token",
    "PRIVATE_KEY",
    "privateKey",
    "SecretKey",
    "aws_secret_access_key",
    "AWS_ACCESS_KEY",
    "ClientSecret",
    "client_secret",
    "STRIPE_SECRET",
    "SlackWebhookSecret",
    "credentials",
    "DB_CREDENTIALS",
    "ConnectionString",
    "DATABASE_DSN",
    "SigningKey",
    "encryption_key",
    "KeyMaterial",
    "HmacKey",
    "BearerToken",
    "TokenKey",
    "ApiKeys",
    "DB_PW",
    // A secure password is still a password: `secure` says how it was chosen, not what the value is about.
    "my_password_secure",
    "db_pass_secure",
  ])("%s is secret-like", (name) => {
    expect(isSecretLikeName(name)).toBe(true);
  });

  it.each([
    "DB_PASSWORD_ARN",
    "SecretArn",
    "SECRET_ID",
    "SecretName",
    "SECRET_NAME",
    "PasswordLength",
    "RequireSymbols",
    "ExcludeCharacters",
    "GenerateSecretString",
    "SecretStringTemplate",
    "TOKEN_URL",
    "PASSWORD_PATH",
    "KmsKeyId",
    "SecretsKmsKeyArn",
    "PasswordPolicy",
    "username",
    "DB_HOST",
    "Environment",
    "BucketName",
    "TokenValidity",
    "PasswordResetRequired",
    "DB_PASSWORD_SECRET_ARN",
    "SecretRotationSchedule",
    "ManageMasterUserPassword",
    "MasterUsername",
    "SecretsKeyAlias",
    "Key",
    "PrimaryKey",
    "SortKey",
    "PartitionKey",
    "NoEcho",
    "Description",
  ])("%s is not secret-like", (name) => {
    expect(isSecretLikeName(name)).toBe(false);
  });
});

describe("placeholders", () => {
  it.each([
    "",
    "   ",
    "abc",
    "changeme",
    "CHANGE_ME",
    "<password>",
    "${DB_PASSWORD}",
    "{{ .Values.password }}",
    "$(cat /run/secret)",
    "%DB_PASSWORD%",
    "$DB_PASSWORD",
    "****",
    "xxxxxxxx",
    "XXXX-XXXX",
    "........",
    "password",
    "your_password",
    "replace with your key",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "aaaaaaaaaaaa",
    "secret",
  ])("%j is a placeholder", (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    "Tr0ub4dor&3-Horse!",
    "s3cr3t-Passw0rd-2024",
    "hunter22",
    "AKIA2E0A8F3B244C9986",
    "c0rrect-h0rse-battery",
    "ExampleCorp#2024!x",
  ])("%j is not a placeholder", (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });
});

describe("mask", () => {
  it("shows a quarter of the value, rounded, at most four characters, and nothing of four characters or fewer", () => {
    expect(mask("Tr0ub4dor&3-Horse!")).toBe("Tr0u****");
    expect(mask("AKIAQWERTYUIOPASDFGH")).toBe("AKIA****");
    expect(mask("Ab3d5f")).toBe("Ab****");
    expect(mask("Ab3d5f7h9")).toBe("Ab****");
    expect(mask("Ab3d5f7h9jK")).toBe("Ab3****");
    expect(mask("12345")).toBe("1****");
    expect(mask("1234")).toBe("****");
    expect(mask("")).toBe("****");
    // Characters, not UTF-16 units: an emoji is one of them.
    expect(mask("🔑🔑🔑🔑🔑x")).toBe("🔑🔑****");
  });
});

describe("dynamic references", () => {
  it("finds every reference and its service", () => {
    expect(
      dynamicReferences("pre {{resolve:secretsmanager:MySecret:SecretString:password}} {{resolve:ssm:/a/b:1}}"),
    ).toEqual([
      { service: "secretsmanager", reference: "MySecret:SecretString:password" },
      { service: "ssm", reference: "/a/b:1" },
    ]);
    // What Fn::Sub leaves when it cannot resolve its variables.
    expect(dynamicReferences("{{resolve:secretsmanager:${DbSecret}::password}}")).toEqual([
      { service: "secretsmanager", reference: "${DbSecret}::password" },
    ]);
  });

  it("tells secret-store references from plain parameters", () => {
    expect(
      isSecretStoreReference(
        "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf:SecretString:password::}}",
      ),
    ).toBe(true);
    expect(isSecretStoreReference("{{resolve:ssm-secure:/prod/db/password:3}}")).toBe(true);
    expect(isSecretStoreReference("{{resolve:ssm:/prod/db/host}}")).toBe(false);
    expect(isSecretStoreReference("literal")).toBe(false);
  });
});

describe("namesSecretAttribute", () => {
  it.each([
    ["DbPasswordArn", true],
    ["ApiKeyParameterName", true],
    ["PasswordLength", true],
    ["DbPassword", false],
    ["Stage", false],
    ["Key", false],
    ["SECRET_ARN", true],
  ])("%s -> %s", (name, expected) => {
    expect(namesSecretAttribute(name as string)).toBe(expected);
  });
});

describe("test fixtures", () => {
  it.each(["fakePassword", "FAKE_TOKEN", "mock_api_key", "dummySecret", "EXAMPLE_KEY", "sample-password", "stubToken"])(
    "%s is marked as a fixture",
    (name) => {
      expect(isMarkedFixture(name)).toBe(true);
    },
  );

  it.each(["password", "DB_PASSWORD", "fakerSeed", "mockingbird", "examplesDir", "apiToken", "sampler"])(
    "%s is not",
    (name) => {
      expect(isMarkedFixture(name)).toBe(false);
    },
  );
});

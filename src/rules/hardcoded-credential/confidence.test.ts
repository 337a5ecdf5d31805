import { describe, expect, it } from "vitest";
import { analyze } from "../../test-support/analyze.js";
import { base62, crc32 } from "../../knowledge/checksums.js";
import { genericConfidence } from "./confidence.js";
import rule from "./rule.js";

/** Made-up credentials, assembled at run time so that no complete credential-shaped literal sits in the source. */
const GITHUB_BODY = "wQ7rT2vLx9KmPz4NcB8sDfGh3JkLq1";
/** Checksum-valid (the last 6 characters are the base62 CRC32 of the 30 before): a format GitHub vouches for, `high`. */
const GITHUB_TOKEN = ["ghp", "_", GITHUB_BODY, base62(crc32(GITHUB_BODY), 6)].join("");
const ACCESS_KEY = ["AKIA", "QX7RT2VLM4KPZ6NC"].join("");

/** `messageId line:column-endLine:endColumn kind confidence`, one per finding. */
async function confidences(path: string, text: string): Promise<string[]> {
  const found = await analyze([rule], [{ path, text }]);
  return found.map((f) => `${f.messageId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.kind} ${f.confidence}`);
}

describe("genericConfidence", () => {
  it("is medium for a credential property, whatever its value", () => {
    expect(genericConfidence("property", "AuthToken", "bluewhalesong")).toBe("medium");
  });

  it("is medium under a password name, even for a word: a weak password is a worse one", () => {
    expect(genericConfidence("name", "MYSQL_ROOT_PASSWORD", "whalehello")).toBe("medium");
  });

  it("is low under another secret-like name when the value reads as words, medium when it looks random", () => {
    expect(genericConfidence("name", "API_TOKEN", "bluewhalesong")).toBe("low");
    expect(genericConfidence("name", "API_TOKEN", "Xk29dj2kd92kdK")).toBe("medium");
  });
});

describe("hardcoded-credential confidence", () => {
  it("templates: a credential property is medium, a word under a token name low, a provider format high", async () => {
    const template = [
      "Parameters:", // 1
      "  ApiToken:", // 2
      "    Type: String", // 3
      "    NoEcho: true", // 4
      "    Default: purple-monkey-dishwasher", // 5
      "  DbPassword:", // 6
      "    Type: String", // 7
      "    NoEcho: true", // 8
      "    Default: purplemonkey", // 9
      "Resources:", // 10
      "  Db:", // 11
      "    Type: AWS::RDS::DBInstance", // 12
      "    Properties:", // 13
      "      Engine: mysql", // 14
      "      MasterUsername: admin", // 15
      "      MasterUserPassword: whalehello", // 16
      "  Fn:", // 17
      "    Type: AWS::Lambda::Function", // 18
      "    Properties:", // 19
      "      Handler: index.handler", // 20
      "      Runtime: nodejs20.x", // 21
      "      Environment:", // 22
      "        Variables:", // 23
      "          SERVICE_TOKEN: bluewhalesong", // 24
      "          SIGNING_SECRET: Xk29dj2kd92kdK", // 25
      "      Tags:", // 26
      "        - Key: note", // 27
      `          Value: "deploy with ${GITHUB_TOKEN}"`, // 28
      "  ApiSecret:", // 29
      "    Type: AWS::SecretsManager::Secret", // 30
      "    Properties:", // 31
      `      SecretString: '{"user": "app", "api_token": "tidepoolcoral"}'`, // 32
      "",
    ].join("\n");
    expect(await confidences("template.yaml", template)).toEqual([
      "parameterDefault 5:14-5:38 generic-password low",
      "parameterDefault 9:14-9:26 generic-password medium",
      "property 16:27-16:37 generic-password medium",
      "environment 24:26-24:39 generic-password low",
      "environment 25:27-25:41 generic-password medium",
      "format 28:18-28:72 github-token high",
      "secretString 32:21-32:68 generic-password low",
    ]);
  });

  it("Terraform: a provider's access key is high, a password argument medium", async () => {
    const tf = [
      'provider "aws" {', // 1
      `  access_key = "${ACCESS_KEY}"`, // 2
      "}", // 3
      'resource "aws_db_instance" "db" {', // 4
      '  password = "whalehello"', // 5
      "}", // 6
      "",
    ].join("\n");
    expect(await confidences("main.tf", tf)).toEqual([
      "property 2:16-2:38 aws-access-key high",
      "property 5:14-5:26 generic-password medium",
    ]);
  });

  it("source: a literal's confidence follows its name and value; a format anywhere is high", async () => {
    const text = [
      `const apiToken = "bluewhalesong";`, // 1
      `const apiSecret = "Xk29dj2kd92kdKq";`, // 2
      `const dbPassword = "whalehellowhale";`, // 3
      `// ci: ${GITHUB_TOKEN}`, // 4
      "",
    ].join("\n");
    expect(await confidences("app.js", text)).toEqual([
      "sourceLiteral 1:18-1:33 generic-password low",
      "sourceLiteral 2:19-2:36 generic-password medium",
      "sourceLiteral 3:20-3:37 generic-password medium",
      "sourceFormat 4:8-4:48 github-token high",
    ]);
  });
});

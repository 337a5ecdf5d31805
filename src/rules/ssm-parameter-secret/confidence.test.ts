import { describe, expect, it } from "vitest";
import { base62, crc32 } from "../../knowledge/checksums.js";
import { analyze } from "../../test-support/analyze.js";
import rule from "./rule.js";

/** Made up, assembled at run time so that no complete credential-shaped literal sits in the source. */
const GITHUB_BODY = "wQ7rT2vLx9KmPz4NcB8sDfGh3JkLq1";
/** Checksum-valid (base62 CRC32 of the body as its last 6 characters): `high`; a random tail would be `medium`. */
const GITHUB_TOKEN = ["ghp", "_", GITHUB_BODY, base62(crc32(GITHUB_BODY), 6)].join("");

describe("ssm-parameter-secret confidence", () => {
  it("carries the detector's confidence for a credential value, and none for a finding about the name", async () => {
    const template = [
      "Resources:", // 1
      "  CiToken:", // 2
      "    Type: AWS::SSM::Parameter", // 3
      "    Properties:", // 4
      "      Type: String", // 5
      `      Value: ${GITHUB_TOKEN}`, // 6
      "  DbPasswordParameter:", // 7
      "    Type: AWS::SSM::Parameter", // 8
      "    Properties:", // 9
      "      Type: String", // 10
      "      Value: '{{resolve:ssm:/prod/db/other}}'", // 11
      "",
    ].join("\n");
    const found = await analyze([rule], [{ path: "template.yaml", text: template }]);
    expect(
      found.map((f) => `${f.messageId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.kind} ${f.confidence}`),
    ).toEqual(["value 6:14-6:54 github-token high", "name 11:14-11:46 undefined undefined"]);
  });
});

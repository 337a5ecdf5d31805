import { describe, expect, it } from "vitest";
import { authorizationCredential, detector, findCredentials } from "./credential-patterns.js";

const found = (text: string) =>
  detector("auth-header")
    .find(text)
    .map((m) => [m.start, m.end, m.value, m.confidence]);
const basic = (pair: string) => Buffer.from(pair).toString("base64");

describe("auth-header", () => {
  it("finds the token of a curl Authorization header, with or without a scheme", () => {
    expect(found(`curl -H 'Authorization: Bearer q8Zr2mVx7Lp4Tn' https://api.example.test`)).toEqual([
      [24, 45, "q8Zr2mVx7Lp4Tn", "medium"],
    ]);
    expect(found(`curl --header  "Authorization:  7c1e90aa-52d4-4e1b-9f0c-2b7d3a61c9e4"`)).toEqual([
      [32, 68, "7c1e90aa-52d4-4e1b-9f0c-2b7d3a61c9e4", "medium"],
    ]);
  });

  it("decodes Basic: high for user:password, medium for a user alone, nothing for what is no pair", () => {
    const pair = basic("deployer:Wq7-zL2p");
    expect(found(`curl -H "Authorization: Basic ${pair}"`)).toEqual([[24, 30 + pair.length, pair, "high"]]);
    expect(authorizationCredential(`Basic ${basic("clientapp:")}`)?.confidence).toBe("medium");
    expect(authorizationCredential(`Basic ${basic("no colon in here")}`)).toBeUndefined();
    expect(authorizationCredential("Basic ...")).toBeUndefined();
  });

  it("finds a secret-like header name's value, a Bearer or Token scheme stripped", () => {
    expect(found(`curl -H "X-Api-Key: 4b9e11c2d7f0a835"`)).toEqual([[20, 36, "4b9e11c2d7f0a835", "medium"]]);
    expect(found(`curl -H "Private-Token: Token Hq93kdPz0wLm"`)).toEqual([[24, 42, "Hq93kdPz0wLm", "medium"]]);
    expect(found(`curl -H "Content-Type: application/json"`)).toEqual([]);
  });

  it("finds an Authorization header with a scheme in code", () => {
    const text = `requests.get(url, headers={"Authorization": "Token 8fd2c1a09b7e44d1"})`;
    expect(found(text)).toEqual([[45, 67, "8fd2c1a09b7e44d1", "medium"]]);
    expect(found(`xhr.setRequestHeader("Authorization", "Bearer zP4q-Lm82-Vx0r")`)).toEqual([
      [39, 60, "zP4q-Lm82-Vx0r", "medium"],
    ]);
  });

  it("does not report variables, templates, placeholders and fillers", () => {
    for (const text of [
      `curl -H "Authorization: Bearer $API_TOKEN"`,
      `curl -H "Authorization: Bearer $(gcloud auth print-access-token)"`,
      `curl -H "Authorization: Bearer <your token>"`,
      `curl -H "Authorization: Token **********"`,
      `curl -H "Authorization: Bearer XXXXXXXXXXXX"`,
      `curl -H "apikey: \${SERVICE_KEY}"`,
      `headers = {"Authorization": f"Bearer {token}"}`,
      `curl -H "x-api-key:{API_key}" https://api.example.test`,
      `curl -H "x-api-key: CREATED_API_KEY" https://api.example.test`,
      `curl --header 'authorization: my-invalid-token'`,
      `fetch(url, { headers: { Authorization: "Bearer unauthorized" } })`,
      `headers = {"Authorization": "Bearer test-token-123"}`,
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it("does not report the wrong tokens a test or a README sends on purpose", () => {
    for (const token of [
      "invalid-jwt-token",
      "expired-jwt-token",
      "malformed-jwt",
      "error-token-123",
      "wrong_key_9",
      "bad-token-42",
    ]) {
      expect(found(`curl -H "Authorization: Bearer ${token}" https://api.example.test`), token).toEqual([]);
    }
    expect(found(`curl -H "Authorization: Bearer invalidQ8zR2mVx7"`)).toEqual([[24, 47, "invalidQ8zR2mVx7", "medium"]]);
  });

  it("is searched with the format detectors, so a plain text file is enough", () => {
    expect(findCredentials(`curl -H 'Authorization: Bearer q8Zr2mVx7Lp4Tn'`).map((f) => f.kind)).toEqual([
      "auth-header",
    ]);
  });
});

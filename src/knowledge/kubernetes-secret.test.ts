import { describe, expect, it } from "vitest";
import { findCredentials } from "./credential-patterns.js";
import { secretManifestValues } from "./kubernetes-secret.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const found = (text: string) => secretManifestValues(text).map((f) => [f.start, f.end, f.value, f.confidence]);

describe("Kubernetes Secret manifests", () => {
  it("decodes data values and reports a secret-like key's, a pair's and a random-looking one's", () => {
    const password = b64("Pz7!qLm2");
    const pair = b64("ops:Harbor-9");
    const text = `apiVersion: v1\nkind: Secret\ndata:\n  password: ${password}\n  username: ${b64("ops")}\n  extra: "${pair}"\n`;
    const first = text.indexOf(password);
    const second = text.indexOf(pair);
    expect(found(text)).toEqual([
      [first, first + password.length, "Pz7!qLm2", "medium"],
      [second, second + pair.length, "ops:Harbor-9", "medium"],
    ]);
  });

  it("reads tab-indented manifests, kind after data, and block scalars", () => {
    const token = b64('{"auths":{"registry.test":{"auth":"cm9ib3Q6eHl6"}}}');
    const text = `apiVersion: v1\ndata:\n\t.dockerconfigjson: |\n\t\t${token}\nkind: 'Secret'\n`;
    const start = text.indexOf(token);
    expect(found(text)).toEqual([
      [start, start + token.length, '{"auths":{"registry.test":{"auth":"cm9ib3Q6eHl6"}}}', "medium"],
    ]);
  });

  it("reads stringData in plain text; a short value under a key that names no secret is not one", () => {
    const text = `kind: Secret\nstringData:\n  api-token: Vq82mLx0PzT4\n  region: eu-west-1\n`;
    expect(found(text)).toEqual([[38, 50, "Vq82mLx0PzT4", "medium"]]);
  });

  it("leaves out other kinds, empty, tiny, templated and SOPS-encrypted values, and placeholders", () => {
    expect(found(`kind: ConfigMap\ndata:\n  password: ${b64("Pz7!qLm2")}\n`)).toEqual([]);
    const text = [
      "kind: Secret",
      "data:",
      "  htpasswd: ''",
      `  extra: ${b64("baz\n")}`,
      "  password: {{ .Values.password }}",
      `  token: ${b64("changeme")}`,
      "stringData:",
      "  db-password: ENC[AES256_GCM,data:Zm9v,iv:YmFy,type:str]",
    ].join("\n");
    expect(found(text)).toEqual([]);
  });

  it("looks in each document of a stream on its own", () => {
    const text = `kind: Secret\ndata: {}\n---\nkind: ConfigMap\ndata:\n  password: ${b64("Pz7!qLm2")}\n`;
    expect(found(text)).toEqual([]);
  });

  it("is one of the format detectors", () => {
    const text = `kind: Secret\nstringData:\n  api-token: Vq82mLx0PzT4\n`;
    expect(findCredentials(text).map((f) => [f.kind, f.start, f.end])).toEqual([["kubernetes-secret", 38, 50]]);
  });
});

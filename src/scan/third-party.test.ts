import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isInThirdPartyFolder, skippedFolderKind } from "./third-party.js";

/** The definition: some folder of the path (every segment but the last) is skipped by its name. */
const bySegments = (path: string) =>
  path
    .split("/")
    .slice(0, -1)
    .some((segment) => skippedFolderKind(segment));

describe("isInThirdPartyFolder", () => {
  it("tells a file in an install target or generated folder at any depth, and not its name alone", () => {
    expect(isInThirdPartyFolder("node_modules/aws-sdk/secrets.json")).toBe(true);
    expect(isInThirdPartyFolder("layer/python/lib/site-packages/boto3/data.json")).toBe(true);
    expect(isInThirdPartyFolder("app/quokka-3.4.1.dist-info/METADATA")).toBe(true);
    expect(isInThirdPartyFolder("infra/vendor")).toBe(false);
    expect(isInThirdPartyFolder("infra/vendors/stack.yaml")).toBe(false);
    expect(isInThirdPartyFolder("stack.yaml")).toBe(false);
  });

  it("answers as testing each folder of the path would, however often a folder is asked (the answers are kept)", () => {
    const segment = fc.constantFrom("", "..", "infra", "vendor", "Node_Modules", "x.egg-info", "a", "__pycache__", "b");
    fc.assert(
      fc.property(fc.array(fc.array(segment, { minLength: 1, maxLength: 6 }), { maxLength: 20 }), (paths) => {
        for (const path of paths.map((segments) => segments.join("/"))) {
          expect(isInThirdPartyFolder(path)).toBe(bySegments(path));
        }
      }),
    );
  });
});

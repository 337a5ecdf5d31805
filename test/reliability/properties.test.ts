// The short campaign of the property-based tests (a few hundred cases per parser); `npm run fuzz` runs the long one.
import fc from "fast-check";
import { describe, it } from "vitest";
import { CASES, STREAMED_CASES, loadsCleanly, streamsLikeTheTree } from "./properties.js";

describe("random and mutated files never crash or hang the per-file pipeline", () => {
  for (const [name, arbitrary] of Object.entries(CASES)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, (input) => loadsCleanly(input)),
        { numRuns: 150, seed: 8 },
      );
    });
  }
});

describe("the streaming readers of big data files agree with the full parse on random and mutated YAML and JSON", () => {
  for (const [name, arbitrary] of Object.entries(STREAMED_CASES)) {
    it(name, () => {
      fc.assert(
        fc.property(arbitrary, (input) => streamsLikeTheTree(input)),
        { numRuns: 150, seed: 8 },
      );
    });
  }
});

// The long fuzz campaign: every parser and the per-file pipeline, FUZZ_RUNS cases each (default 100,000), with a
// random seed printed on failure (fast-check reports the seed and the shrunk counterexample; rerun with FUZZ_SEED).
import fc from "fast-check";
import { describe, it } from "vitest";
import { CASES, STREAMED_CASES, loadsCleanly, streamsLikeTheTree } from "../test/reliability/properties.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() : Number(process.env.FUZZ_SEED);

describe(`fuzz: ${RUNS} cases per parser, seed ${SEED}`, () => {
  for (const [name, arbitrary] of Object.entries(CASES)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, (input) => loadsCleanly(input, 5_000)),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }
  for (const [name, arbitrary] of Object.entries(STREAMED_CASES)) {
    it(`streaming reader = full parse: ${name}`, () => {
      fc.assert(
        fc.property(arbitrary, (input) => streamsLikeTheTree(input)),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }
});

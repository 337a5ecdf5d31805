import { defineConfig } from "vitest/config";

// `npm run fuzz`: the long property-based campaign (FUZZ_RUNS cases per parser, default 100,000). Not in `npm test`.
export default defineConfig({
  test: {
    include: ["fuzz/**/*.fuzz.ts"],
    pool: "forks",
    testTimeout: 0,
    reporters: ["default"],
  },
});

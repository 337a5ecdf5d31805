import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    // End-to-end tests start the CLI several times; on a 2-core machine running two test files at once (CI) or with
    // other work beside it, one took 40-70 s. A timeout is a hang detector, not a speed bound (that is `npm run bench`).
    testTimeout: 120_000,
    // The JSON report is what .ci/run counts; the default reporter is for people.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});

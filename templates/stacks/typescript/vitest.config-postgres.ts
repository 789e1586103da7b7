import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Stops the run before any test touches a database unless
    // TEST_DATABASE_URL names one whose name ends in _test.
    globalSetup: ["test/support/guard.ts"],
    // Every test empties the one test database, so the files run one at a time.
    fileParallelism: false,
    testTimeout: 15_000,
  },
});

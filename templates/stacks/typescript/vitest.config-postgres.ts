import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Stops the run before any test touches a database unless
    // TEST_DATABASE_URL names one whose name ends in _test.
    globalSetup: ["test/support/guard.ts"],
    // Every test empties the one test database, so the files run one at a time.
    fileParallelism: false,
    // A worker keeps the modules it has loaded for the next file: importing
    // Fastify, Kysely and the app again for every file was half the run. No test
    // relies on fresh module state (each builds its own app and database).
    isolate: false,
    testTimeout: 15_000,
  },
});

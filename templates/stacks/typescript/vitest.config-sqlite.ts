import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test gets its own in-memory SQLite database, so files run in parallel.
    fileParallelism: true,
    // A worker keeps the modules it has loaded for the next file: importing
    // Fastify, Kysely and the app again for every file was half the run. No test
    // relies on fresh module state (each builds its own app and database).
    isolate: false,
    testTimeout: 15_000,
  },
});

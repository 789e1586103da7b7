import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test gets its own in-memory SQLite database, so files run in parallel.
    fileParallelism: true,
    testTimeout: 15_000,
  },
});

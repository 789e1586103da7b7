import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test builds its own app, cache and fake provider (on a port of its
    // own), and the Redis tests use a key prefix of their own, so files run in parallel.
    fileParallelism: true,
    testTimeout: 15_000,
  },
});

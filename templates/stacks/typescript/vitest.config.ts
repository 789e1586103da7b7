import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test file gets its own in-memory SQLite database, so files run in
    // parallel; a real PostgreSQL (DATABASE_URL set) is one shared database.
    fileParallelism: !process.env.DATABASE_URL,
    testTimeout: 15_000,
  },
});

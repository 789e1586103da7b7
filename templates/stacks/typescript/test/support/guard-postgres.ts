import { testDatabaseUrl } from "./database.js";

/**
 * Vitest's global setup: before any test file is loaded, stop the run unless
 * TEST_DATABASE_URL names a database the tests may reset.
 */
export default function guardTestDatabase(): void {
  try {
    testDatabaseUrl();
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

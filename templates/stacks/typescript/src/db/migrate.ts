import { type Kysely, type Migration, Migrator } from "kysely";

/**
 * Brings the schema up to date. Kysely's migrator takes a lock, so several
 * replicas starting at once apply each migration exactly once.
 */
export async function migrate<Schema>(
  db: Kysely<Schema>,
  migrations: Record<string, Migration>,
): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    const name = failed ? ` ${failed.migrationName}` : "";
    throw new Error(`migration${name} failed: ${String(error)}`, { cause: error });
  }
}

import { type Kysely, sql } from "kysely";
import { serialId, timestampType } from "../db/columns.js";
import { isPostgres } from "../db/connect.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  const timestamp = timestampType(db);
  await db.schema
    .createTable("jobs")
    .addColumn("seq", "integer", serialId(db))
    .addColumn("id", isPostgres(db) ? "uuid" : "text", (column) => column.notNull().unique())
    .addColumn("queue", "varchar(64)", (column) => column.notNull())
    .addColumn("type", "varchar(64)", (column) => column.notNull())
    // JSON as text on both databases: kept byte for byte as encoded, and free of
    // jsonb's refusal of "\u0000" in strings.
    .addColumn("payload", "text", (column) => column.notNull())
    .addColumn("state", "varchar(16)", (column) =>
      column
        .notNull()
        .check(sql`state in ('available', 'running', 'completed', 'dead', 'cancelled')`),
    )
    .addColumn("priority", "integer", (column) => column.notNull())
    .addColumn("attempts", "integer", (column) => column.notNull())
    .addColumn("max_attempts", "integer", (column) => column.notNull())
    .addColumn("run_at", timestamp, (column) => column.notNull())
    .addColumn("created_at", timestamp, (column) => column.notNull())
    .addColumn("updated_at", timestamp, (column) => column.notNull())
    .addColumn("last_error", "text")
    .addColumn("result", "text")
    .addColumn("lease_token", "varchar(36)")
    .addColumn("lease_expires_at", timestamp)
    .addColumn("leased_by", "varchar(200)")
    .execute();

  // Partial indexes, in the order the queries read them: ready jobs in lease
  // order (the lease query stops after `max` rows however many finished jobs
  // pile up), and running jobs by lease expiry for reclaiming.
  await db.schema
    .createIndex("jobs_ready")
    .on("jobs")
    .columns(["queue", "priority desc", "run_at", "seq"])
    .where(sql<boolean>`state = 'available'`)
    .execute();
  await db.schema
    .createIndex("jobs_leased")
    .on("jobs")
    .columns(["queue", "lease_expires_at"])
    .where(sql<boolean>`state = 'running'`)
    .execute();
  await db.schema.createIndex("jobs_queue_seq").on("jobs").columns(["queue", "seq"]).execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("queue", "varchar(64)", (column) => column.notNull())
    .addColumn("key", "varchar(255)", (column) => column.notNull())
    .addColumn("fingerprint", "varchar(64)", (column) => column.notNull())
    .addColumn("job_id", isPostgres(db) ? "uuid" : "text", (column) =>
      column.notNull().references("jobs.id").onDelete("cascade"),
    )
    .addColumn("created_at", timestamp, (column) => column.notNull())
    // The unique index that makes concurrent requests with one key create one job.
    .addPrimaryKeyConstraint("idempotency_keys_pkey", ["queue", "key"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("idempotency_keys").execute();
  await db.schema.dropTable("jobs").execute();
}

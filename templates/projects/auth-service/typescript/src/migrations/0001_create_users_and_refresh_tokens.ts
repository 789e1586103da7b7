import { type Kysely, sql } from "kysely";
import { ID, identity, REFERENCE, TIMESTAMP } from "../db/columns.js";

/**
 * A login starts a token family; every refresh adds the next token to it and
 * spends the previous one. Revocation is recorded on the family, so a token
 * issued while its family is being revoked is dead the moment it exists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", ID, identity)
    .addColumn("email", "text", (column) => column.notNull().unique())
    .addColumn("name", "varchar(200)", (column) => column.notNull())
    .addColumn("password_hash", "text", (column) => column.notNull())
    .addColumn("role", "varchar(16)", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addCheckConstraint("users_role", sql`role in ('user', 'admin')`)
    .execute();

  await db.schema
    .createTable("token_families")
    .addColumn("id", ID, identity)
    .addColumn("user_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("revoked_at", TIMESTAMP)
    .execute();
  await db.schema
    .createIndex("token_families_user_id")
    .on("token_families")
    .column("user_id")
    .execute();

  await db.schema
    .createTable("refresh_tokens")
    .addColumn("id", ID, identity)
    .addColumn("family_id", REFERENCE, (column) =>
      column.notNull().references("token_families.id").onDelete("cascade"),
    )
    // Only the SHA-256 of a token, in hex; the unique index makes spending a lookup.
    .addColumn("token_hash", "varchar(64)", (column) => column.notNull().unique())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("expires_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("spent_at", TIMESTAMP)
    .execute();
  await db.schema
    .createIndex("refresh_tokens_family_id")
    .on("refresh_tokens")
    .column("family_id")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("refresh_tokens").execute();
  await db.schema.dropTable("token_families").execute();
  await db.schema.dropTable("users").execute();
}

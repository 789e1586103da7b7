import type { Kysely } from "kysely";
import { ID, identity, REFERENCE, TIMESTAMP } from "../db/columns.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", ID, identity)
    .addColumn("username", "varchar(32)", (column) => column.notNull())
    // Usernames and room names are folded in the app (see case.ts), not with
    // lower(), whose reach beyond ASCII differs between SQLite and PostgreSQL.
    .addColumn("username_key", "varchar(64)", (column) => column.notNull().unique())
    .addColumn("password_hash", "text", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .execute();

  await db.schema
    .createTable("rooms")
    .addColumn("id", ID, identity)
    .addColumn("name", "varchar(64)", (column) => column.notNull())
    .addColumn("name_key", "text", (column) => column.notNull().unique())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", ID, identity)
    .addColumn("room_id", REFERENCE, (column) =>
      column.notNull().references("rooms.id").onDelete("cascade"),
    )
    .addColumn("user_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("body", "text", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .execute();
  // History pages walk one room's ids backwards: one range scan of this index.
  await db.schema
    .createIndex("messages_room_id_id")
    .on("messages")
    .columns(["room_id", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("messages").execute();
  await db.schema.dropTable("rooms").execute();
  await db.schema.dropTable("users").execute();
}

import { type Kysely, sql } from "kysely";
import { serialId, timestampType } from "../db/columns.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "integer", serialId(db))
    .addColumn("username", "varchar(32)", (column) => column.notNull())
    .addColumn("password_hash", "text", (column) => column.notNull())
    .addColumn("created_at", timestampType(db), (column) => column.notNull())
    .execute();
  // Usernames are ASCII, so lower() folds case the same way on every database.
  await db.schema
    .createIndex("users_username_lower")
    .on("users")
    .unique()
    .expression(sql`lower(username)`)
    .execute();

  await db.schema
    .createTable("rooms")
    .addColumn("id", "integer", serialId(db))
    .addColumn("name", "varchar(64)", (column) => column.notNull())
    // Room names may be any text, so they are folded in the app, not with lower(),
    // whose reach beyond ASCII differs between SQLite and PostgreSQL.
    .addColumn("name_key", "text", (column) => column.notNull().unique())
    .addColumn("created_at", timestampType(db), (column) => column.notNull())
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "integer", serialId(db))
    .addColumn("room_id", "integer", (column) =>
      column.notNull().references("rooms.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("body", "text", (column) => column.notNull())
    .addColumn("created_at", timestampType(db), (column) => column.notNull())
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

import { type Kysely, sql } from "kysely";
import { ID, identity, REFERENCE, TIMESTAMP } from "../db/columns.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", ID, identity)
    .addColumn("name", "varchar(200)", (column) => column.notNull())
    .addColumn("email", "varchar(320)", (column) => column.notNull().unique())
    .addColumn("password_hash", "text", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .execute();

  await db.schema
    .createTable("todos")
    .addColumn("id", ID, identity)
    .addColumn("user_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("title", "varchar(200)", (column) => column.notNull())
    .addColumn("description", "text", (column) => column.notNull().defaultTo(""))
    // Title and description lower-cased by the app (every Unicode letter, as
    // JavaScript's toLowerCase does), for `?q=`: SQLite's lower() folds ASCII only.
    .addColumn("title_folded", "text", (column) => column.notNull())
    .addColumn("description_folded", "text", (column) => column.notNull().defaultTo(""))
    .addColumn("completed", "boolean", (column) => column.notNull().defaultTo(sql`false`))
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .execute();

  // Every list is one user's todos in creation order.
  await db.schema
    .createIndex("todos_user_id_created_at")
    .on("todos")
    .columns(["user_id", "created_at", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("todos").execute();
  await db.schema.dropTable("users").execute();
}

import { type Kysely, sql } from "kysely";
import { ID, identity, REFERENCE, TIMESTAMP } from "../db/columns.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", ID, identity)
    .addColumn("username", "varchar(32)", (column) => column.notNull())
    .addColumn("username_key", "varchar(32)", (column) => column.notNull().unique())
    .addColumn("email", "text", (column) => column.notNull().unique())
    .addColumn("password_hash", "text", (column) => column.notNull())
    .addColumn("bio", "text")
    .addColumn("image", "text")
    .addColumn("role", "varchar(16)", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .addCheckConstraint("users_role", sql`role in ('author', 'moderator', 'admin')`)
    .execute();

  await db.schema
    .createTable("follows")
    .addColumn("follower_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("followed_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addPrimaryKeyConstraint("follows_pkey", ["follower_id", "followed_id"])
    .addCheckConstraint("follows_not_yourself", sql`follower_id <> followed_id`)
    .execute();
  await db.schema.createIndex("follows_followed_id").on("follows").column("followed_id").execute();

  await db.schema
    .createTable("articles")
    .addColumn("id", ID, identity)
    .addColumn("author_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("slug", "varchar(100)", (column) => column.notNull().unique())
    .addColumn("title", "text", (column) => column.notNull())
    .addColumn("description", "text", (column) => column.notNull())
    .addColumn("body", "text", (column) => column.notNull())
    .addColumn("favorites_count", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .addCheckConstraint("articles_favorites_count", sql`favorites_count >= 0`)
    .execute();
  // Lists are newest first, overall and by author.
  await db.schema
    .createIndex("articles_created_at")
    .on("articles")
    .columns(["created_at", "id"])
    .execute();
  await db.schema
    .createIndex("articles_author_id_created_at")
    .on("articles")
    .columns(["author_id", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("article_tags")
    .addColumn("article_id", REFERENCE, (column) =>
      column.notNull().references("articles.id").onDelete("cascade"),
    )
    .addColumn("tag", "varchar(32)", (column) => column.notNull())
    .addPrimaryKeyConstraint("article_tags_pkey", ["article_id", "tag"])
    .execute();
  await db.schema.createIndex("article_tags_tag").on("article_tags").column("tag").execute();

  await db.schema
    .createTable("favorites")
    .addColumn("user_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("article_id", REFERENCE, (column) =>
      column.notNull().references("articles.id").onDelete("cascade"),
    )
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addPrimaryKeyConstraint("favorites_pkey", ["user_id", "article_id"])
    .execute();
  await db.schema
    .createIndex("favorites_article_id")
    .on("favorites")
    .column("article_id")
    .execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", ID, identity)
    .addColumn("article_id", REFERENCE, (column) =>
      column.notNull().references("articles.id").onDelete("cascade"),
    )
    .addColumn("author_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("body", "text", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex("comments_article_id")
    .on("comments")
    .columns(["article_id", "created_at", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["comments", "favorites", "article_tags", "articles", "follows", "users"]) {
    await db.schema.dropTable(table).execute();
  }
}
